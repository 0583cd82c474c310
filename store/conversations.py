"""Conversations: the subject of each conversation's last answer, kept for its follow-ups."""

from __future__ import annotations

import datetime as dt

from store.db import Store


def get(store: Store, key: str, *, now_epoch: float, max_age: float) -> str | None:
    """The subject stored for ``key`` if it is younger than ``max_age`` seconds, else None."""
    row = store.one("SELECT subject, epoch FROM conversations WHERE key = ?", (key,))
    if row is None or now_epoch - float(row["epoch"]) > max_age:
        return None
    return str(row["subject"])


def put(store: Store, key: str, subject: str, *, now: dt.datetime, now_epoch: float) -> None:
    """Keep ``subject`` as the conversation's last (one row per conversation).

    Not waiting for the disk (`Store.write(durable=False)`): it is on the way to every
    answer that has a subject, and a power cut that loses it loses only what a follow-up
    would have been read against for 30 minutes (the question is then answered as asked)."""
    with store.write(durable=False) as conn:
        conn.execute(
            "INSERT INTO conversations (key, subject, at, epoch) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET subject = excluded.subject, at = excluded.at, "
            "epoch = excluded.epoch",
            (key[:300], subject, now.isoformat(timespec="seconds"), now_epoch))


def prune(store: Store, *, before_epoch: float) -> int:
    """Forget conversations last touched before ``before_epoch``; how many."""
    with store.write() as conn:
        return conn.execute("DELETE FROM conversations WHERE epoch < ?", (before_epoch,)).rowcount
