"""The real `styrbot teams` (gunicorn, aiohttp worker) in a subprocess: a burst of updates
from four people with the server's process group SIGKILLed three times during it. Deliveries
that got no 200 are sent again, as the channel does. Every acknowledged update is stored, and
stored once; a pending activity left by a crash is finished at start."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import threading
import time
import urllib.request
import uuid
from pathlib import Path

from bot.clock import Clock
from store import inbox
from store import queries as q
from store import teams as teams_store
from store.db import Store
from tests.mock_slack import Process
from tests.slack.slack_harness import clean_env, styrbot
from tests.teams.conftest import post
from tests.teams.stand_in import StandIn, activity

PEOPLE = [str(uuid.UUID(int=100 + i, version=4)) for i in range(4)]
BURST = 120
KILL_AT = (20, 50, 85)


def _env(ms: StandIn, db: Path) -> dict[str, str]:
    env = {k: v for k, v in clean_env(**ms.env(str(db))).items() if not k.startswith("TEAMS_")}
    return {**env, **ms.env(str(db)), "STYRBOT_ADMINS": ",".join(PEOPLE), "PORT": "0",
            "STYRBOT_SCHEDULE": "off"}


class Server:
    def __init__(self, ms: StandIn, db: Path, home: Path, schedule: str = "off",
                 command: str = "teams", **env: str) -> None:
        self.env = {**_env(ms, db), "STYRBOT_SCHEDULE": schedule, **env}
        self.home = home
        self.command = command
        self.start()

    def start(self) -> None:
        self.proc = Process([*styrbot(), self.command], self.env, self.home, new_session=True)
        port = self.proc.wait_for_line(r"Listening at: http://[\d.]+:(\d+)", 60).group(1)
        self.proc.wait_for_line(r"Booting worker", 60)
        self.url = f"http://127.0.0.1:{port}/api/messages"

    def kill(self) -> None:
        os.killpg(self.proc.proc.pid, signal.SIGKILL)
        self.proc.proc.wait(10)

    def stop(self) -> None:
        self.proc.stop()


def _home(tmp_path: Path, demo_db: Path) -> tuple[Path, Path]:
    """A folder to run the server in, with its own copy of the demo store."""
    home = tmp_path / "home"
    home.mkdir()
    db = home / "styrbot.db"
    shutil.copy(demo_db, db)
    return home, db


def test_a_kill_during_a_burst_loses_nothing_acknowledged(ms: StandIn, demo_db: Path,
                                                          tmp_path: Path) -> None:
    home, db = _home(tmp_path, demo_db)
    server = Server(ms, db, home)
    acked: set[int] = set()
    refused: list[int] = []  # deliveries that got no 200 (the kills hit them): sent again
    lock = threading.Lock()
    url_lock = threading.Lock()

    def deliver(i: int) -> None:
        who = PEOPLE[i % len(PEOPLE)]
        act = activity(f"uppdatera 3.2: pågår 30 % Rapport nr {i}.", user=who,
                       conversation=f"a:personal-{who}", id=f"burst-{i}",
                       service_url=ms.service_url)
        for _ in range(400):  # bounded: the channel gives up too
            with url_lock:
                url = server.url
            try:
                if post(url, act, ms.token(), ).status == 200:
                    with lock:
                        acked.add(i)
                    return
            except OSError:
                pass
            with lock:
                refused.append(i)
            time.sleep(0.05)

    queue = list(range(BURST))
    qlock = threading.Lock()

    def worker() -> None:
        while True:
            with qlock:
                if not queue:
                    return
                i = queue.pop(0)
            deliver(i)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    try:
        for mark in KILL_AT:
            while len(acked) < mark and any(t.is_alive() for t in threads):
                time.sleep(0.01)
            with url_lock:
                server.kill()
                server.start()
        for t in threads:
            t.join(180)
    finally:
        server.stop()

    assert acked == set(range(BURST))
    assert refused, "the kills hit no delivery: the test proved nothing"
    store = Store(db)
    try:
        doc = q.current_plan(store)
        assert doc is not None
        texts = [u["text"] for u in q.updates(store, doc["id"], "3.2")]
        numbers = [int(m.group(1)) for t in texts if (m := re.search(r"Rapport nr (\d+)\.", t))]
        assert sorted(numbers) == list(range(BURST)), "lost or duplicated updates"
        assert inbox.counts(store).get("pending", 0) == 0
        answered = {s.conversation for s in ms.received()}
        assert answered == {f"a:personal-{p}" for p in PEOPLE}
    finally:
        store.close()


def _healthy(url: str) -> bool:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                if json.loads(resp.read())["ok"]:
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def test_a_pending_activity_is_finished_at_start(ms: StandIn, demo_db: Path,
                                                 tmp_path: Path) -> None:
    """What a crash left between the inbox and the reply: answered when the server starts."""
    home, db = _home(tmp_path, demo_db)
    store = Store(db)
    act = activity("uppdatera 3.2: pågår 35 % Kvar efter en krasch", user=PEOPLE[0],
                   conversation="a:personal-crash", id="crash-1", service_url=ms.service_url)
    now = Clock.fixed("2026-11-23T09:00").now()
    teams_store.trust_service_url(store, ms.service_url, now)
    assert inbox.accept(store, platform="teams", id="a:personal-crash|crash-1", kind="message",
                        payload={"activity": act, "claims": {"serviceurl": ms.service_url,
                                                             "aud": "x", "iss": "y"}}, now=now)
    server = Server(ms, db, home, schedule="on")
    try:
        for _ in range(200):
            if ms.received("a:personal-crash"):
                break
            time.sleep(0.05)
        [sent] = ms.received("a:personal-crash")
        assert "sparad" in sent.text.lower()
        # the channel's redelivery of it now is acknowledged and not run again
        assert post(server.url, act, ms.token()).status == 200
        assert len(ms.received("a:personal-crash")) == 1
        assert _healthy(server.url.replace("/api/messages", "/healthz"))  # the schedule ran
    finally:
        server.stop()
    assert inbox.get(store, "teams", "a:personal-crash|crash-1")["state"] == "done"
    store.close()


def test_start_runs_teams_when_its_settings_are_there(ms: StandIn, demo_db: Path,
                                                      tmp_path: Path) -> None:
    """`./start` runs `styrbot start`: with the Teams settings it serves Teams, with a log
    line per request that holds no message text."""
    server = Server(ms, demo_db, tmp_path, command="start", STYRBOT_LOG="INFO")
    try:
        resp, = [post(server.url, activity("status uppdrag 3.2", service_url=ms.service_url,
                                           id="start-1"), ms.token())]
        assert resp.status == 200
        assert ms.received()[-1].card is not None
        assert post(server.url, {}, None).status == 401
        server.proc.wait_for_line(r"POST /api/messages 200 [\d.]+ ms")
        server.proc.wait_for_line(r"POST /api/messages 401 [\d.]+ ms")
        assert not any("status uppdrag" in line for line in server.proc.lines)
    finally:
        server.stop()
