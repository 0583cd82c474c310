"""Writes from chat: progress updates, role changes and measurements. Append-only.

Each write is one transaction. An update or measurement may carry the Slack event_id it
came from; a second delivery of the same event writes nothing and returns the first row.
"""

from __future__ import annotations

import datetime as dt

from store.db import Row, Store


class NotFound(Exception):
    """The uppdrag or indicator named does not exist."""


def _stamp(now: dt.datetime) -> str:
    return now.isoformat(timespec="seconds")


def add_update(store: Store, *, doc_id: int, key: str, author: str, text: str,
               status: str | None, percent: int | None, now: dt.datetime,
               kind: str = "update", ref_id: int | None = None,
               event_id: str | None = None) -> tuple[Row, bool]:
    """Append a progress update. Returns (the row, whether it is new)."""
    with store.write() as conn:
        if event_id:
            seen = conn.execute("SELECT * FROM updates WHERE event_id = ?", (event_id,)).fetchone()
            if seen:
                return dict(seen), False
        u = conn.execute("SELECT id FROM uppdrag WHERE doc_id = ? AND key = ?",
                         (doc_id, key)).fetchone()
        if u is None:
            raise NotFound(key)
        cur = conn.execute(
            "INSERT INTO updates (uppdrag_id, author, created_at, text, status, percent, kind, "
            "ref_id, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (u[0], author, _stamp(now), text, status, percent, kind, ref_id, event_id))
        row = conn.execute("SELECT * FROM updates WHERE id = ?", (cur.lastrowid,)).fetchone()
        return dict(row), True


def add_role_event(store: Store, *, role: str, subject: str, user: str, action: str,
                   author: str, now: dt.datetime) -> None:
    """Record that ``author`` added or removed ``user`` as ``role`` on ``subject``."""
    with store.write() as conn:
        conn.execute(
            "INSERT INTO role_events (role, subject, user, action, author, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (role, subject, user, action, author, _stamp(now)))


def add_measurement(store: Store, *, slug: str, date: dt.date, value: float, author: str,
                    now: dt.datetime, source: str | None = None,
                    event_id: str | None = None) -> tuple[Row, bool]:
    """Append a measurement from chat (the newest entry for a date wins when read)."""
    with store.write() as conn:
        if event_id:
            seen = conn.execute("SELECT m.* FROM measurements m WHERE note = ?",
                                (f"event:{event_id}",)).fetchone()
            if seen:
                return dict(seen), False
        ind = conn.execute("SELECT id FROM indikatorer WHERE slug = ?", (slug,)).fetchone()
        if ind is None:
            raise NotFound(slug)
        cur = conn.execute(
            "INSERT INTO measurements (indikator_id, date, value, source, note, origin, author, "
            "created_at) VALUES (?, ?, ?, ?, ?, 'chat', ?, ?)",
            (ind[0], date.isoformat(), value, source, f"event:{event_id}" if event_id else None,
             author, _stamp(now)))
        row = conn.execute("SELECT * FROM measurements WHERE id = ?", (cur.lastrowid,)).fetchone()
        return dict(row), True


def withdraw_measurement(store: Store, *, measurement_id: int, author: str, now: dt.datetime,
                         event_id: str | None = None) -> bool:
    """Withdraw a measurement (kept, marked withdrawn); False if it already was."""
    with store.write() as conn:
        cur = conn.execute(
            "INSERT OR IGNORE INTO measurement_withdrawals (measurement_id, author, created_at, "
            "event_id) VALUES (?, ?, ?, ?)", (measurement_id, author, _stamp(now), event_id))
    return cur.rowcount == 1

