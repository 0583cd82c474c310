"""Slack deliveries already handled: a retried event (same event_id) is answered only once.

The store keeps the event_ids (two days), so a retry is recognised across restarts;
`handlers.common.Deliveries` keeps them in memory too, so the path to an answer needs
no look in the store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator

from store.db import Store

KEEP = dt.timedelta(days=2)  # Slack retries within minutes; two days is plenty
PRUNE = 20  # at most this many of the oldest entries are looked at per new entry
SYNCHRONOUS = {0: "PRAGMA synchronous = OFF", 1: "PRAGMA synchronous = NORMAL",
               2: "PRAGMA synchronous = FULL", 3: "PRAGMA synchronous = EXTRA"}


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def record_event(store: Store, event_id: str, now: dt.datetime) -> bool:
    """Record ``event_id`` as handled; True if it was new, False if it was seen before.

    One write transaction (INSERT OR IGNORE), so of two concurrent deliveries of one event
    only one wins. The oldest entries past ``KEEP`` are dropped on the way, a few at a time.
    Threads of one process queue on a lock first: a burst of messages then waits its turn
    instead of in SQLite's busy handler, which sleeps up to 100 ms between tries.
    """
    with _lock(store.path), _no_fsync(store.conn), store.write() as conn:
        cur = conn.execute(
            "INSERT OR IGNORE INTO seen_events (event_id, seen_at) VALUES (?, ?)",
            (event_id, now.isoformat()),
        )
        new = cur.rowcount == 1
        if new:
            conn.execute(
                "DELETE FROM seen_events WHERE rowid IN (SELECT rowid FROM seen_events "
                "ORDER BY rowid LIMIT ?) AND seen_at < ?",
                (PRUNE, (now - KEEP).isoformat()),
            )
    return new


def recent_events(store: Store, limit: int) -> list[str]:
    """The newest ``limit`` recorded event_ids, oldest first."""
    rows = store.query("SELECT event_id FROM seen_events ORDER BY rowid DESC LIMIT ?", (limit,))
    return [r["event_id"] for r in reversed(rows)]


def was_seen(store: Store, event_id: str) -> bool:
    """Whether ``event_id`` has been recorded."""
    return store.one("SELECT 1 AS x FROM seen_events WHERE event_id = ?", (event_id,)) is not None


def _lock(path: str) -> threading.Lock:
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(path, threading.Lock())


@contextlib.contextmanager
def _no_fsync(conn: sqlite3.Connection) -> Iterator[None]:
    """Commit without waiting for the disk (WAL, synchronous=NORMAL), then restore.

    Still atomic and crash-safe; only a power cut could lose the newest entries, and then
    at worst a retry arriving in the same minutes is answered twice. Saves ~0.6 ms (an
    fsync) on every message. Inside an outer transaction nothing is changed.
    """
    if conn.in_transaction:
        yield
        return
    restore = SYNCHRONOUS[int(conn.execute("PRAGMA synchronous").fetchone()[0])]
    conn.execute(SYNCHRONOUS[1])
    try:
        yield
    finally:
        conn.execute(restore)
