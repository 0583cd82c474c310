"""When each part of the bot last ran (table ``ops_status``): the schedule's heartbeat, the
last pruning. Written by the schedule, read by /healthz and `styrbot health`."""

from __future__ import annotations

import datetime as dt

from store.db import Row, Store

SCHEDULE = "schedule"
PRUNING = "gallring"


def mark(store: Store, name: str, now: dt.datetime, detail: str = "") -> None:
    """Record that ``name`` ran at ``now`` (one row per name, replaced)."""
    with store.write() as conn:
        conn.execute(
            "INSERT INTO ops_status (name, at, epoch, detail) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET at = excluded.at, epoch = excluded.epoch, "
            "detail = excluded.detail",
            (name, now.isoformat(timespec="seconds"), now.timestamp(), detail[:500]))


def last(store: Store, name: str) -> Row | None:
    """When ``name`` last ran, or None if never."""
    return store.one("SELECT name, at, epoch, detail FROM ops_status WHERE name = ?", (name,))
