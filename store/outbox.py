"""The outbox: every scheduled send is claimed before it is posted and confirmed after.

A send is one Slack message (or one file) with a key "what|whom|local date" (plus "#n" for
the parts of a long message). A group of sends (a digest and its chart, a nudge split over
two messages) is claimed in one transaction together with the *items* it covers (a digest
slot, one deadline stage for one owner …): an item is covered once, ever. A claim carries a
lease in real time; a worker that dies leaves an unconfirmed claim whose lease runs out, and
the next run takes it over, looks for the message in Slack and resends only if it is not there.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from store.db import Row, Store


@dataclass(frozen=True)
class Part:
    """One message or file of a group, as stored."""

    payload: dict[str, Any]
    attachment: bytes | None = None


def _stamp(t: dt.datetime) -> str:
    return t.isoformat(timespec="seconds")


def covered(store: Store, items: list[str]) -> set[str]:
    """The items that a send already covers (claimed, sent or failed)."""
    out: set[str] = set()
    for i in range(0, len(items), 500):
        chunk = items[i:i + 500]
        marks = ",".join("?" * len(chunk))
        out |= {r["item"] for r in store.query(
            f"SELECT item FROM outbox_items WHERE item IN ({marks})", tuple(chunk))}
    return out


def claim(store: Store, *, what: str, recipient: str, local_date: dt.date, items: list[str],
          parts: list[Part], as_of: dt.datetime, owner: str, lease_until: float,
          epoch: float) -> list[str] | None:
    """Claim a group of sends and the items it covers, all or nothing.

    Returns the keys of the parts in order, or None when any item is already covered (another
    run got there first). A second group for the same what|whom|date gets the suffix "/2" ….
    """
    base = f"{what}|{recipient}|{local_date.isoformat()}"
    with store.write() as conn:
        marks = ",".join("?" * len(items))
        if conn.execute(f"SELECT 1 FROM outbox_items WHERE item IN ({marks}) LIMIT 1",
                        tuple(items)).fetchone():
            return None
        group, n = base, 1
        while conn.execute("SELECT 1 FROM outbox WHERE group_key = ? LIMIT 1", (group,)).fetchone():
            n += 1
            group = f"{base}/{n}"
        keys = [group if len(parts) == 1 else f"{group}#{i}" for i in range(1, len(parts) + 1)]
        for i, (key, part) in enumerate(zip(keys, parts, strict=True), start=1):
            conn.execute(
                "INSERT INTO outbox (key, what, recipient, local_date, group_key, part, payload, "
                "attachment, owner, lease_until, as_of, claimed_at, claimed_epoch) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, what, recipient, local_date.isoformat(), group, i,
                 json.dumps(part.payload, ensure_ascii=False), part.attachment, owner,
                 lease_until, _stamp(as_of), _stamp(as_of), epoch))
        conn.executemany("INSERT INTO outbox_items (item, key) VALUES (?, ?)",
                         [(item, keys[0]) for item in items])
    return keys


def renew(store: Store, key: str, owner: str, lease_until: float, channel: str | None = None) -> bool:
    """Extend our lease on the unconfirmed parts of ``key``'s group (and note the conversation
    it goes to); False if ``key`` is no longer ours (taken over after our lease ran out)."""
    with store.write() as conn:
        row = conn.execute("SELECT group_key, owner, state FROM outbox WHERE key = ?", (key,)).fetchone()
        if row is None or row["owner"] != owner or row["state"] != "claimed":
            return False
        conn.execute("UPDATE outbox SET lease_until = ? WHERE group_key = ? AND owner = ? "
                     "AND state = 'claimed'", (lease_until, row["group_key"], owner))
        if channel is not None:
            conn.execute("UPDATE outbox SET channel = ? WHERE key = ?", (channel, key))
        return True


def confirm(store: Store, key: str, *, channel: str, ts: str | None, now: dt.datetime) -> None:
    """The message is in Slack: mark the send as sent."""
    with store.write() as conn:
        conn.execute("UPDATE outbox SET state = 'sent', channel = ?, ts = ?, sent_at = ?, "
                     "lease_until = NULL WHERE key = ?", (channel, ts, _stamp(now), key))


def fail(store: Store, key: str, error: str, now: dt.datetime) -> None:
    """Slack refused the send for good (channel gone, user deactivated …): not retried."""
    with store.write() as conn:
        conn.execute("UPDATE outbox SET state = 'failed', error = ?, sent_at = ?, "
                     "lease_until = NULL WHERE key = ?", (error[:500], _stamp(now), key))


def release(store: Store, key: str, error: str) -> None:
    """Give up our lease after a passing failure; a later run retries."""
    with store.write() as conn:
        conn.execute("UPDATE outbox SET lease_until = 0, error = ? WHERE key = ? "
                     "AND state = 'claimed'", (error[:500], key))


def expired(store: Store, now: float) -> list[Row]:
    """Unconfirmed sends whose lease has run out, in group and part order."""
    return store.query("SELECT * FROM outbox WHERE state = 'claimed' AND "
                       "(lease_until IS NULL OR lease_until <= ?) ORDER BY rowid", (now,))


def take_over(store: Store, key: str, owner: str, now: float, lease_until: float) -> bool:
    """Take an expired claim; True if it is now ours (exactly one taker wins)."""
    with store.write() as conn:
        cur = conn.execute(
            "UPDATE outbox SET owner = ?, lease_until = ?, attempts = attempts + 1 "
            "WHERE key = ? AND state = 'claimed' AND (lease_until IS NULL OR lease_until <= ?)",
            (owner, lease_until, key, now))
        return cur.rowcount == 1


def get(store: Store, key: str) -> Row | None:
    return store.one("SELECT * FROM outbox WHERE key = ?", (key,))


def group(store: Store, group_key: str) -> list[Row]:
    return store.query("SELECT * FROM outbox WHERE group_key = ? ORDER BY part", (group_key,))


def last_sent(store: Store, what: str, recipient: str) -> Row | None:
    """The newest confirmed send of ``what`` to ``recipient``."""
    return store.one("SELECT * FROM outbox WHERE what = ? AND recipient = ? AND state = 'sent' "
                     "ORDER BY rowid DESC LIMIT 1", (what, recipient))


def all_sends(store: Store) -> list[Row]:
    """Every send, oldest first (tests and reports)."""
    return store.query("SELECT key, what, recipient, local_date, group_key, part, state, channel, "
                       "ts, error, attempts, as_of, claimed_at, sent_at, attachment IS NOT NULL AS has_file "
                       "FROM outbox ORDER BY rowid")


def items(store: Store) -> list[Row]:
    return store.query("SELECT * FROM outbox_items ORDER BY rowid")


def payload(row: Row) -> dict[str, Any]:
    return dict(json.loads(row["payload"]))
