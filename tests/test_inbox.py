"""The durable inbox on a real store file: a delivery is kept from the moment it is accepted
(before the platform hears "ok") until it is done, across a SIGKILL; a retry is not accepted
twice; a delivery that keeps crashing the process is set aside after MAX_ATTEMPTS."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from store import inbox
from store.db import Store

NOW = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


def test_a_retry_is_not_accepted_twice_and_done_is_kept(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    payload = {"text": "uppdatera 3.2: klart", "user": "U0ANNA"}
    assert inbox.accept(store, platform="slack", id="Ev1", kind="event", payload=payload, now=NOW)
    assert not inbox.accept(store, platform="slack", id="Ev1", kind="event", payload={}, now=NOW)
    assert inbox.accept(store, platform="teams", id="Ev1", kind="activity", payload={}, now=NOW)
    inbox.finish(store, platform="slack", id="Ev1", now=NOW, reply={"text": "Sparad"})
    row = inbox.get(store, "slack", "Ev1")
    assert row is not None and row["state"] == "done" and row["reply"] == {"text": "Sparad"}
    assert row["payload"] == payload
    assert [r["id"] for r in inbox.unfinished(store)] == ["Ev1"]  # teams' is still pending
    assert inbox.unfinished(store)[0]["platform"] == "teams"


CHILD = """
import datetime as dt, os, signal, sys
from store import inbox
from store.db import Store
store = Store(sys.argv[1])
now = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
for n in range(int(sys.argv[2])):
    inbox.accept(store, platform="slack", id=f"Ev{n}", kind="event", payload={"n": n}, now=now)
    if n % 2:
        inbox.finish(store, platform="slack", id=f"Ev{n}", now=now, reply={"n": n})
print("accepted", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_what_was_accepted_survives_a_sigkill_and_is_found_unfinished(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store(db).close()
    done = subprocess.run([sys.executable, "-c", CHILD, str(db), "10"], capture_output=True,
                          text=True, timeout=60, check=False, cwd=Path(__file__).parent.parent)
    assert done.returncode == -signal.SIGKILL and "accepted" in done.stdout, done.stderr
    store = Store(db)
    assert [r["payload"]["n"] for r in inbox.unfinished(store)] == [0, 2, 4, 6, 8]
    assert inbox.counts(store) == {"pending": 5, "done": 5}


def test_a_delivery_that_keeps_crashing_is_set_aside(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    inbox.accept(store, platform="slack", id="Bad", kind="event", payload={}, now=NOW)
    for _ in range(inbox.MAX_ATTEMPTS):
        assert [r["id"] for r in inbox.unfinished(store)] == ["Bad"]  # a start; it crashes again
    assert inbox.unfinished(store) == []
    assert (inbox.get(store, "slack", "Bad") or {})["state"] == "failed"


def test_of_two_concurrent_deliveries_of_one_event_one_is_accepted(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store(db).close()
    wins: list[bool] = []
    barrier = threading.Barrier(8)

    def deliver() -> None:
        store = Store(db)
        barrier.wait()
        wins.append(inbox.accept(store, platform="slack", id="Ev", kind="event", payload={},
                                 now=NOW))
        store.close()

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(wins) == [False] * 7 + [True]


def test_prune_forgets_only_finished_deliveries(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    for n in range(4):
        inbox.accept(store, platform="slack", id=f"E{n}", kind="event", payload={},
                     now=NOW - dt.timedelta(days=40))
    inbox.finish(store, platform="slack", id="E0", now=NOW)
    inbox.finish(store, platform="slack", id="E1", now=NOW, failed=True)
    assert inbox.prune(store, NOW - dt.timedelta(days=30)) == 2
    assert [r["id"] for r in inbox.unfinished(store)] == ["E2", "E3"]


def test_accept_commits_with_synchronous_full_and_restores_the_connection(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    store.conn.execute("PRAGMA synchronous = NORMAL")
    seen: list[int] = []
    store.conn.set_trace_callback(lambda sql: seen.append(
        2 if sql.strip().upper() == "PRAGMA SYNCHRONOUS = 2" else 0))
    inbox.accept(store, platform="slack", id="E", kind="event", payload={}, now=NOW)
    store.conn.set_trace_callback(None)
    assert 2 in seen
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 1
    assert os.path.getsize(tmp_path / "s.db-wal") > 0


def test_each_platform_sees_and_counts_only_its_own_unfinished(tmp_path: Path) -> None:
    """unfinished('slack') neither returns nor counts an attempt for Teams' deliveries."""
    store = Store(tmp_path / "s.db")
    for platform, id in (("slack", "Ev1"), ("teams", "Ac1"), ("slack", "Ev2")):
        assert inbox.accept(store, platform=platform, id=id, kind="event", payload={"n": id},
                            now=NOW)
    assert [(r["platform"], r["id"], r["payload"]) for r in inbox.unfinished(store, "slack")] == [
        ("slack", "Ev1", {"n": "Ev1"}), ("slack", "Ev2", {"n": "Ev2"})]
    inbox.unfinished(store, "slack")
    attempts = {r["id"]: r["attempts"] for r in store.query("SELECT id, attempts FROM inbox")}
    assert attempts == {"Ev1": 2, "Ev2": 2, "Ac1": 0}
    assert [r["id"] for r in inbox.unfinished(store, "teams")] == ["Ac1"]


def test_a_failure_for_good_is_kept_as_failed_and_a_pending_one_has_no_reply(
        tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    for id in ("Ev1", "Ev2", "Ev3"):
        inbox.accept(store, platform="slack", id=id, kind="event", payload={}, now=NOW)
    pending = inbox.get(store, "slack", "Ev3")
    assert pending is not None and (pending["state"], pending["reply"]) == ("pending", None)
    inbox.finish(store, platform="slack", id="Ev1", now=NOW, failed=True, reply={"fel": "x"})
    inbox.finish(store, platform="slack", id="Ev2", now=NOW)
    failed, done = inbox.get(store, "slack", "Ev1"), inbox.get(store, "slack", "Ev2")
    assert failed is not None and (failed["state"], failed["reply"]) == ("failed", {"fel": "x"})
    assert done is not None and (done["state"], done["reply"]) == ("done", None)
    assert inbox.counts(store) == {"failed": 1, "done": 1, "pending": 1}
    assert [r["id"] for r in inbox.unfinished(store)] == ["Ev3"]


def test_recent_ids_are_the_newest_of_one_platform_oldest_first(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    for n in range(5):
        inbox.accept(store, platform="slack", id=f"Ev{n}", kind="event", payload={}, now=NOW)
        inbox.accept(store, platform="teams", id=f"Ac{n}", kind="event", payload={}, now=NOW)
    assert inbox.recent_ids(store, "slack", 3) == ["Ev2", "Ev3", "Ev4"]
    assert inbox.recent_ids(store, "teams", 10) == [f"Ac{n}" for n in range(5)]
    assert inbox.recent_ids(store, "other", 3) == []


def synchronous_levels(store: Store, write: Callable[[], object]) -> list[int]:
    """The synchronous level each commit ``write`` makes was made at (FULL 2, NORMAL 1)."""
    levels: list[int] = []
    conn = store.conn

    def seen(sql: str) -> None:
        if sql.strip().upper() == "COMMIT":
            levels.append(int(conn.execute("PRAGMA synchronous").fetchone()[0]))

    conn.set_trace_callback(seen)
    try:
        write()
    finally:
        conn.set_trace_callback(None)
    return levels


def test_a_done_mark_that_need_not_wait_for_the_disk_commits_with_normal(tmp_path: Path) -> None:
    """Slack acknowledged long before the mark (bot/slack/inbox.py): it need not wait for an
    fsync on the way to the next delivery; Teams' mark, before its 200, still does."""
    store = Store(tmp_path / "s.db")
    inbox.accept(store, platform="slack", id="E", kind="event", payload={}, now=NOW)
    assert synchronous_levels(store, lambda: inbox.finish(
        store, platform="slack", id="E", now=NOW, durable=False)) == [1]
    assert inbox.get(store, "slack", "E")["state"] == "done"  # type: ignore[index]
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # restored
    inbox.accept(store, platform="teams", id="A", kind="event", payload={}, now=NOW)
    assert synchronous_levels(store, lambda: inbox.finish(
        store, platform="teams", id="A", now=NOW)) == [2]
    assert synchronous_levels(store, lambda: inbox.accept(
        store, platform="slack", id="F", kind="event", payload={}, now=NOW)) == [2]


def test_a_delivery_answered_before_it_was_written_is_recorded_done_in_one_write(
        tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    assert inbox.record(store, platform="teams", id="A", kind="message", payload={"n": 1},
                        now=NOW, reply={"sent": ["x"]})
    row = inbox.get(store, "teams", "A")
    assert row is not None and (row["state"], row["payload"], row["reply"]) == (
        "done", {"n": 1}, {"sent": ["x"]})
    assert inbox.accept(store, platform="teams", id="B", kind="message", payload={}, now=NOW)
    assert not inbox.record(store, platform="teams", id="B", kind="message", payload={},
                            now=NOW, reply=None)
    assert inbox.get(store, "teams", "B")["state"] == "done"  # type: ignore[index]
    assert synchronous_levels(store, lambda: inbox.record(
        store, platform="teams", id="C", kind="message", payload={}, now=NOW)) == [2]
    assert inbox.unfinished(store) == []


def test_known_says_whether_one_platforms_delivery_is_in_the_inbox(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    assert not inbox.known(store, "slack", "Ev1")
    inbox.accept(store, platform="slack", id="Ev1", kind="event", payload={}, now=NOW)
    assert inbox.known(store, "slack", "Ev1")
    assert not inbox.known(store, "teams", "Ev1") and not inbox.known(store, "slack", "Ev2")


def test_a_recorded_payload_of_several_fields_reads_back_whole(tmp_path: Path) -> None:
    payload = {"text": "status uppdrag 3.2", "user": "a-b", "n": [1, 2]}
    store = Store(tmp_path / "s.db")
    inbox.record(store, platform="teams", id="A", kind="message", payload=payload, now=NOW)
    row = inbox.get(store, "teams", "A")
    assert row is not None and row["payload"] == payload
