"""Nothing acknowledged is lost (issue 13.1): 200 signed "uppdatera 3.2: …" DMs from four
senders, with `styrbot serve`'s process group SIGKILLed three times during the burst. A
delivery that got no 200 is sent again with X-Slack-Retry-Num, as Slack does; one that got
its 200 is never sent again. In the end every acknowledged update is stored exactly once and
its confirmation reached its conversation."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from mock_slack import MockSlack, SlackSender, serve_styrbot
from slack_harness import SECRET, clean_env
from test_slack_updates import is_confirmation, make_owners, texts_in_store

from store import inbox
from store.db import Store

SENDERS = [f"U0BURST{n}" for n in range(4)]
PER_SENDER = 50
KILL_AT = (30, 90, 150)  # acknowledged deliveries at which the server is killed


class Server:
    """`styrbot serve`, restarted after each kill; senders wait while it is down."""

    def __init__(self, env: dict[str, str], cwd: Path, mock: MockSlack) -> None:
        self.env, self.cwd, self.mock = env, cwd, mock
        self.up = threading.Event()
        self.start()

    def start(self) -> None:
        self.proc, url = serve_styrbot(self.env, self.cwd)
        self.sender = SlackSender(url, SECRET, self.mock)
        self.up.set()

    def kill(self) -> None:
        self.up.clear()
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


def test_killed_three_times_during_a_burst_nothing_acknowledged_is_lost(
        mock_slack: MockSlack, demo_template: Path, tmp_path: Path) -> None:
    db = tmp_path / "styrbot.db"
    shutil.copy(demo_template, db)
    make_owners(Store(db), SENDERS)
    env = clean_env(STYRBOT_DB=str(db), SLACK_BOT_TOKEN="xoxb-burst", SLACK_SIGNING_SECRET=SECRET,
                    SLACK_API_URL=mock_slack.api_url, PORT="0", STYRBOT_SCHEDULE="off")
    server = Server(env, tmp_path, mock_slack)
    mock_slack.reset()
    acked: list[str] = []
    lock = threading.Lock()
    resent = Counter[str]()

    def burst(user: str) -> None:
        for i in range(PER_SENDER):
            text = f"burst {user} nr {i}"
            payload = server.sender.dm(f"uppdatera 3.2: {text}", user=user)
            tries = 0
            while True:
                server.up.wait(60)
                try:
                    sent = server.sender.send(payload, retry=tries or None)
                    ok = sent.status == 200
                except OSError:
                    ok = False
                if ok:
                    with lock:
                        acked.append(text)
                    break
                tries += 1
                resent[text] += 1
                time.sleep(0.05)

    threads = [threading.Thread(target=burst, args=(u,)) for u in SENDERS]
    for t in threads:
        t.start()
    try:
        for at in KILL_AT:
            while len(acked) < at:
                time.sleep(0.002)
            server.kill()
            server.start()
        for t in threads:
            t.join(300)
        assert len(acked) == len(set(acked)) == len(SENDERS) * PER_SENDER

        store = Store(db)
        deadline = time.monotonic() + 120  # the restarted server redoes what was left
        while inbox.counts(store).get("pending") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert inbox.counts(store).get("pending", 0) == 0
        stored = [t for t in texts_in_store(store) if t.startswith("burst ")]
        assert Counter(stored) == Counter(acked), "lost or duplicated updates"
        confirmed = {m.group(1) for c in mock_slack.calls_to("chat.postMessage", is_confirmation)
                     if (m := re.search(r"(burst U0BURST\d nr \d+)", str(c.body.get("text"))))}
        assert confirmed == set(acked), "every acknowledged update's reply reached its DM"
        assert store.integrity_check() == "ok"
    finally:
        server.stop()
