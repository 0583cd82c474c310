"""Update storm: 500 progress updates sent concurrently by 50 users over HTTP to the real
`styrbot serve`, each delivered twice (the original and a Slack retry with the same
event_id). Counts what is stored, the confirmations that reach the local Slack, and errors.
Writes the table into bench/README.md under "Update storm".

    .venv/bin/python bench/update_storm.py [--users 50] [--per-user 10] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import machine, median, percentile, write_section
from mock_slack import MockSlack, SlackSender, serve_styrbot

from bot.clock import Clock
from bot.core.importing import import_demo
from store import queries as q
from store.db import Store
from store.writes import add_role_event

SECRET = "bench-signing-secret"
NOW = "2026-11-23T09:00"
CONFIRMED = "Uppdatering sparad"


def serve(db: Path, api_url: str, cwd: Path) -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "STYRBOT_"))}
    env.update(STYRBOT_DB=str(db), STYRBOT_NOW=NOW, SLACK_BOT_TOKEN="xoxb-bench",
               SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=api_url, PORT="0")
    return serve_styrbot(env, cwd)


def run(users: int, per_user: int) -> dict[str, object]:
    tmp = Path(tempfile.mkdtemp(prefix="styrbot-storm-"))
    db = tmp / "styrbot.db"
    store = Store(db)
    clock = Clock.fixed(NOW)
    import_demo(store, clock)
    names = [f"U0STORM{n:03d}" for n in range(users)]
    for u in names:
        add_role_event(store, role="owner", subject="ks/2026/3.2", user=u, action="add",
                       author="bench", now=clock.now())
    mock = MockSlack()
    proc, url = serve(db, mock.api_url, tmp)
    sender = SlackSender(url, SECRET, mock)
    statuses: list[int] = []
    latencies: list[float] = []
    lock = threading.Lock()

    def one_user(user: str) -> None:
        for i in range(per_user):
            payload = sender.dm(f"uppdatera 3.2: storm {user} nr {i}, pågår", user=user)
            with ThreadPoolExecutor(2) as pair:
                a = pair.submit(sender.send, payload)
                b = pair.submit(sender.send, payload, retry=1)
                got = [a.result(), b.result()]
            with lock:
                statuses.extend(s.status for s in got)
                latencies.extend(s.seconds for s in got)

    start = time.monotonic()
    try:
        with ThreadPoolExecutor(users) as pool:
            list(pool.map(one_user, names))
        n = users * per_user
        try:
            mock.wait_for("chat.postMessage", n=n, timeout=120,
                          where=lambda c: CONFIRMED in str(c.body.get("text")))
        except AssertionError:
            pass
        elapsed = time.monotonic() - start
        time.sleep(1.0)  # anything late (a second answer) would arrive now
        confirmations = len(mock.calls_to("chat.postMessage",
                                          lambda c: CONFIRMED in str(c.body.get("text"))))
        plan = q.current_plan(store)
        assert plan
        stored = [u for u in q.updates(store, plan["id"], "3.2") if u["text"].startswith("storm ")]
        distinct = len({u["text"] for u in stored})
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
        mock.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return {"users": users, "updates": n, "deliveries": 2 * n, "stored": len(stored),
            "distinct": distinct, "confirmations": confirmations,
            "errors": sum(1 for s in statuses if s != 200), "seconds": elapsed,
            "ack_median_ms": median(latencies) * 1000, "ack_p99_ms": percentile(latencies, 99) * 1000}


def table(r: dict[str, object]) -> str:
    ok = r["stored"] == r["updates"] == r["confirmations"] == r["distinct"] and r["errors"] == 0
    return "\n".join([
        (f"{r['updates']} updates from {r['users']} users at once over HTTP to `styrbot serve`, "
        f"each delivered twice (original + retry with the same event_id): {r['deliveries']} requests."),
        "",
        "| updates | deliveries | stored | confirmations | errors | HTTP ack median | ack p99 | all done in |",
        "|---|---|---|---|---|---|---|---|",
        (f"| {r['updates']} | {r['deliveries']} | {r['stored']} | {r['confirmations']} | {r['errors']} "
        f"| {r['ack_median_ms']:.1f} ms | {r['ack_p99_ms']:.1f} ms | {r['seconds']:.1f} s |"),
        "",
        (f"Target (exactly {r['updates']} stored, {r['updates']} confirmations, 0 errors): "
        f"**{'met' if ok else 'NOT met'}**."),
        "",
        machine() + " Rerun: `.venv/bin/python bench/update_storm.py`.",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--per-user", type=int, default=10)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    result = run(args.users, args.per_user)
    text = table(result)
    print(text)
    if not args.no_write:
        write_section("Update storm", text)


if __name__ == "__main__":
    main()
