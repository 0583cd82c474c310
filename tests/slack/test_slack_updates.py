"""Progress updates through the Slack front door: storms, retries and a SIGKILL."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mock_slack import Call, MockSlack, SlackSender, serve_styrbot
from slack_harness import SECRET, Running, clean_env

from bot.clock import Clock
from store.db import Store
from store.writes import add_role_event
from tests.support import updates_of

CONFIRMED = "Uppdatering sparad"


def make_owners(store: Store, users: list[str]) -> None:
    for u in users:
        add_role_event(store, role="owner", subject="ks/2026/3.2", user=u, action="add",
                       author="test-setup", now=Clock.fixed("2026-11-23T08:00").now())


def texts_in_store(store: Store) -> list[str]:
    return [u["text"] for u in updates_of(store)]


def is_confirmation(c: Call) -> bool:
    return CONFIRMED in str(c.body.get("text"))


def test_update_storm_each_delivered_twice_stores_each_once(slack: Running) -> None:
    users = [f"U0STORM{n:02d}" for n in range(20)]
    make_owners(slack.store, users)
    per_user = 10
    statuses: list[int] = []

    def one_user(user: str) -> None:
        for i in range(per_user):
            payload = slack.send.dm(f"uppdatera 3.2: storm {user} nr {i}, pågår", user=user)
            with ThreadPoolExecutor(2) as pair:  # the original and Slack's retry at once
                a = pair.submit(slack.send.send, payload)
                b = pair.submit(slack.send.send, payload, retry=1)
                statuses.extend([a.result().status, b.result().status])

    with ThreadPoolExecutor(len(users)) as pool:
        list(pool.map(one_user, users))
    n = len(users) * per_user
    slack.mock.wait_for("chat.postMessage", n=n, where=is_confirmation, timeout=60)
    slack.settle()
    assert statuses == [200] * (2 * n)
    stored = [t for t in texts_in_store(slack.store) if t.startswith("storm ")]
    assert sorted(stored) == sorted(f"storm {u} nr {i}" for u in users for i in range(per_user))
    assert len(slack.mock.calls_to("chat.postMessage", is_confirmation)) == n


def test_sigkill_during_an_update_storm_loses_no_confirmed_update(
        mock_slack: MockSlack, demo_template: Path, tmp_path: Path) -> None:
    db = tmp_path / "styrbot.db"
    shutil.copy(demo_template, db)
    users = [f"U0KILL{n:02d}" for n in range(10)]
    make_owners(Store(db), users)
    env = clean_env(STYRBOT_DB=str(db), SLACK_BOT_TOKEN="xoxb-kill", SLACK_SIGNING_SECRET=SECRET,
                    SLACK_API_URL=mock_slack.api_url, PORT="0")

    def start() -> tuple[subprocess.Popen[str], SlackSender]:
        proc, url = serve_styrbot(env, tmp_path)
        return proc, SlackSender(url, SECRET, mock_slack)

    proc, sender = start()
    mock_slack.reset()
    stop = threading.Event()

    def storm(user: str) -> None:
        i = 0
        while not stop.is_set():
            try:
                sender.send(sender.dm(f"uppdatera 3.2: kill {user} nr {i}", user=user))
            except OSError:
                return  # the server is gone
            i += 1

    threads = [threading.Thread(target=storm, args=(u,)) for u in users]
    for t in threads:
        t.start()
    mock_slack.wait_for("chat.postMessage", n=40, where=is_confirmation, timeout=60)
    os.killpg(proc.pid, signal.SIGKILL)  # master and worker, mid-storm
    proc.wait(10)
    stop.set()
    for t in threads:
        t.join(30)

    confirmed = {m.group(1) for c in mock_slack.calls_to("chat.postMessage", is_confirmation)
                 if (m := re.search(r"(kill U0KILL\d\d nr \d+)", str(c.body.get("text"))))}
    assert len(confirmed) >= 40
    store = Store(db)
    assert store.integrity_check() == "ok"
    assert confirmed <= set(texts_in_store(store))  # every confirmed update is there

    proc, sender = start()  # and the server comes back on the same store
    try:
        payload = sender.dm("uppdatera 3.2: efter omstarten", user=users[0])
        assert sender.send(payload).status == 200
        mock_slack.wait_for("chat.postMessage", where=lambda c: "efter omstarten" in str(c.body.get("text")))
        assert "efter omstarten" in texts_in_store(Store(db))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
