"""Slack deliveries already seen: a retried event (same event_id) is answered only once."""

from __future__ import annotations

import datetime as dt

from store.db import Store

KEEP = dt.timedelta(days=2)  # Slack retries within minutes; two days is plenty


def first_delivery(store: Store, event_id: str, now: dt.datetime) -> bool:
    """Record ``event_id``; True if it was new, False if it was seen before.

    One write transaction, so two concurrent deliveries of one event cannot both win.
    Entries older than ``KEEP`` are dropped on the way.
    """
    with store.write() as conn:
        cur = conn.execute(
            "INSERT OR IGNORE INTO seen_events (event_id, seen_at) VALUES (?, ?)",
            (event_id, now.isoformat()),
        )
        new = cur.rowcount == 1
        if new:
            conn.execute("DELETE FROM seen_events WHERE seen_at < ?", ((now - KEEP).isoformat(),))
    return new


def was_seen(store: Store, event_id: str) -> bool:
    """Whether ``event_id`` has been recorded."""
    return store.one("SELECT 1 AS x FROM seen_events WHERE event_id = ?", (event_id,)) is not None
