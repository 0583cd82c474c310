"""Conversations: the subject of each conversation's last answer, kept for its follow-ups."""

from __future__ import annotations

import datetime as dt

from store.db import Store


def get(store: Store, key: str, *, now_epoch: float, max_age: float) -> str | None:
    """The subject stored for ``key`` if it is younger than ``max_age`` seconds, else None."""
    return subjects(store, key, now_epoch=now_epoch, max_age=max_age)[0]


def subjects(store: Store, key: str, *, now_epoch: float, max_age: float
             ) -> tuple[str | None, str | None]:
    """The subject stored for ``key`` and the one before it (None if there was none), if
    they are younger than ``max_age`` seconds, else (None, None)."""
    row = store.one("SELECT subject, previous, epoch FROM conversations WHERE key = ?", (key,))
    if row is None or now_epoch - float(row["epoch"]) > max_age:
        return None, None
    return str(row["subject"]), row["previous"]


def put(store: Store, key: str, subject: str, *, now: dt.datetime, now_epoch: float,
        max_age: float | None = None) -> None:
    """Keep ``subject`` as the conversation's last (one row per conversation), and the last
    before it as its previous when it is another and younger than ``max_age`` seconds.

    Not waiting for the disk (`Store.write(durable=False)`): it is on the way to every
    answer that has a subject, and a power cut that loses it loses only what a follow-up
    would have been read against for 30 minutes (the question is then answered as asked)."""
    with store.write(durable=False) as conn:
        conn.execute(
            "INSERT INTO conversations (key, subject, at, epoch) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET subject = excluded.subject, at = excluded.at, "
            "epoch = excluded.epoch, previous = CASE "
            " WHEN ? IS NOT NULL AND excluded.epoch - conversations.epoch > ? THEN NULL"
            " WHEN conversations.subject != excluded.subject THEN conversations.subject"
            " ELSE conversations.previous END",
            (key[:300], subject, now.isoformat(timespec="seconds"), now_epoch, max_age,
             max_age))


def prune(store: Store, *, before_epoch: float) -> int:
    """Forget conversations last touched before ``before_epoch``; how many."""
    with store.write() as conn:
        return conn.execute("DELETE FROM conversations WHERE epoch < ?", (before_epoch,)).rowcount
