"""Digest subscriptions, managed in chat: which channel gets the weekly digest, when, of what."""

from __future__ import annotations

import datetime as dt

from store.db import Row, Store


def _stamp(now: dt.datetime) -> str:
    return now.isoformat(timespec="seconds")


def add(store: Store, *, channel: str, weekday: int, at: str, areas: tuple[int, ...],
        kind: str, author: str, now: dt.datetime) -> tuple[Row, bool]:
    """Add a subscription; an identical active one is returned instead (new = False)."""
    area_text = ",".join(str(a) for a in sorted(set(areas)))
    with store.write() as conn:
        same = conn.execute(
            "SELECT * FROM subscriptions WHERE channel = ? AND weekday = ? AND at = ? AND "
            "areas = ? AND kind = ? AND ended_at IS NULL", (channel, weekday, at, area_text, kind)
        ).fetchone()
        if same:
            return dict(same), False
        cur = conn.execute(
            "INSERT INTO subscriptions (channel, weekday, at, areas, kind, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (channel, weekday, at, area_text, kind, author, _stamp(now)))
        row = conn.execute("SELECT * FROM subscriptions WHERE id = ?", (cur.lastrowid,)).fetchone()
        return dict(row), True


def end(store: Store, sub_id: int, *, author: str, now: dt.datetime) -> bool:
    """End an active subscription (kept, with who ended it and when)."""
    with store.write() as conn:
        cur = conn.execute("UPDATE subscriptions SET ended_by = ?, ended_at = ? "
                           "WHERE id = ? AND ended_at IS NULL", (author, _stamp(now), sub_id))
        return cur.rowcount == 1


def active(store: Store, channel: str | None = None) -> list[Row]:
    """Active subscriptions (of one channel), oldest first."""
    if channel is None:
        return store.query("SELECT * FROM subscriptions WHERE ended_at IS NULL ORDER BY id")
    return store.query("SELECT * FROM subscriptions WHERE ended_at IS NULL AND channel = ? "
                       "ORDER BY id", (channel,))


def get(store: Store, sub_id: int) -> Row | None:
    return store.one("SELECT * FROM subscriptions WHERE id = ?", (sub_id,))
