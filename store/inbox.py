"""The durable inbox: nothing acknowledged is ever lost.

An adapter writes each delivery here (one short transaction, synchronous=FULL) *before* it
acknowledges it, processes it after, and marks it done with its reply. A delivery seen
before (a platform's retry) is not accepted twice. At start, whatever was acknowledged and
not done is processed again (`unfinished`), at most `MAX_ATTEMPTS` times.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from store.db import Row, Store

MAX_ATTEMPTS = 3  # a delivery that crashed the process this often is set aside, not retried


def accept(store: Store, *, platform: str, id: str, kind: str, payload: dict[str, Any],
           now: dt.datetime, durable: bool = True) -> bool:
    """Write a delivery before acknowledging it; True if new, False if already there.

    ``durable=False`` commits without waiting for the disk (WAL, synchronous=NORMAL: safe
    across a crash of the process, not of the machine), for an adapter that acknowledges only
    after the delivery is processed and its writes are committed (Teams): there the entry
    guards against running a redelivery twice, and what it protects is already on disk."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    with store.write(durable=durable) as conn:
        cur = conn.execute(
            "INSERT OR IGNORE INTO inbox (platform, id, kind, payload, received_at) "
            "VALUES (?, ?, ?, ?, ?)", (platform, id, kind, data, now.isoformat()))
    return cur.rowcount == 1


def record(store: Store, *, platform: str, id: str, kind: str, payload: dict[str, Any],
           now: dt.datetime, reply: dict[str, Any] | None = None) -> bool:
    """Keep a delivery that was answered before it was written (one that writes nothing, for
    an adapter that acknowledges only after its reply: Teams), done with its reply, in one
    transaction that waits for the disk; True if new (False: it was there, and is now done)."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    with store.write() as conn:
        cur = conn.execute(
            "INSERT OR IGNORE INTO inbox (platform, id, kind, payload, received_at) "
            "VALUES (?, ?, ?, ?, ?)", (platform, id, kind, data, now.isoformat()))
        conn.execute(
            "UPDATE inbox SET state = 'done', done_at = ?, reply = ? WHERE platform = ? AND id = ?",
            (now.isoformat(), json.dumps(reply, ensure_ascii=False) if reply is not None else None,
             platform, id))
    return cur.rowcount == 1


def finish(store: Store, *, platform: str, id: str, now: dt.datetime,
           reply: dict[str, Any] | None = None, failed: bool = False,
           durable: bool = True) -> None:
    """Mark a delivery done (or failed for good), with what was answered.

    ``durable=False`` does not wait for the disk (`Store.write`), for an adapter that
    acknowledged the delivery long before (Slack): the mark survives a crash of the process,
    and a power cut just after it can only leave the delivery pending, to be redone (its
    writes carry its id) at start, as a crash between its reply and its mark always could."""
    with store.write(durable=durable) as conn:
        conn.execute(
            "UPDATE inbox SET state = ?, done_at = ?, reply = ? WHERE platform = ? AND id = ?",
            ("failed" if failed else "done", now.isoformat(),
             json.dumps(reply, ensure_ascii=False) if reply is not None else None, platform, id))


def unfinished(store: Store, platform: str | None = None) -> list[Row]:
    """Deliveries acknowledged and not done, oldest first; each call counts an attempt, and
    one past MAX_ATTEMPTS is marked failed and left out (it would crash the process again)."""
    with store.write() as conn:
        where = "state = 'pending'" + (" AND platform = ?" if platform else "")
        args: tuple[Any, ...] = (platform,) if platform else ()
        conn.execute(f"UPDATE inbox SET attempts = attempts + 1 WHERE {where}", args)
        conn.execute(f"UPDATE inbox SET state = 'failed', reply = '\"för många försök\"' "
                     f"WHERE {where} AND attempts > ?", (*args, MAX_ATTEMPTS))
        rows = conn.execute(f"SELECT * FROM inbox WHERE {where} ORDER BY seq", args).fetchall()
    return [{**dict(r), "payload": json.loads(r["payload"])} for r in rows]


def known(store: Store, platform: str, id: str) -> bool:
    """Whether the delivery is in the inbox (a read: no lock, no wait for the disk)."""
    return store.one("SELECT 1 AS x FROM inbox WHERE platform = ? AND id = ?",
                     (platform, id)) is not None


def get(store: Store, platform: str, id: str) -> Row | None:
    row = store.one("SELECT * FROM inbox WHERE platform = ? AND id = ?", (platform, id))
    if row is not None:
        row["payload"] = json.loads(row["payload"])
        row["reply"] = json.loads(row["reply"]) if row["reply"] else None
    return row


def recent_ids(store: Store, platform: str, limit: int) -> list[str]:
    """The newest ``limit`` delivery ids of a platform, oldest first (to fill a memory)."""
    rows = store.query("SELECT id FROM inbox WHERE platform = ? ORDER BY seq DESC LIMIT ?",
                       (platform, limit))
    return [r["id"] for r in reversed(rows)]


def counts(store: Store) -> dict[str, int]:
    rows = store.query("SELECT state, COUNT(*) AS n FROM inbox GROUP BY state")
    return {r["state"]: r["n"] for r in rows}


def prune(store: Store, before: dt.datetime) -> int:
    """Forget finished deliveries received before ``before`` (retention); pending ones stay."""
    with store.write() as conn:
        cur = conn.execute("DELETE FROM inbox WHERE state != 'pending' AND received_at < ?",
                           (before.isoformat(),))
    return cur.rowcount
