"""Gallring (pruning): what the outbox and the record of handled Slack events keep.

The inbox holds each Slack (or Teams) delivery with its text and the reply; a finished one is
deleted after the same days as the record of handled events. The outbox holds a copy of every scheduled message (DMs, digests, charts). A send that is
done (sent or refused) and older than the cut-off is deleted with the items it covered,
except the newest sent one of each (what, recipient), all its parts: the digest counts "new
since the last digest" from it, so it is kept with its content emptied. Unconfirmed claims are never
touched. Progress updates, measurements and role changes are the record and are not pruned.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from store import inbox
from store.db import Store

EMPTIED = json.dumps({"text": "", "blocks": [], "gallrad": True})


@dataclass(frozen=True)
class Pruned:
    sends: int = 0       # outbox rows deleted
    items: int = 0       # outbox_items deleted with them
    emptied: int = 0     # newest sends kept, content removed
    events: int = 0      # handled-event records deleted
    inbox: int = 0       # finished deliveries (with their text and reply) deleted from the inbox


_DONE_BEFORE = "state IN ('sent', 'failed') AND claimed_epoch < ?"
_NEWEST = ("group_key IN (SELECT group_key FROM outbox WHERE rowid IN (SELECT MAX(rowid) "
           "FROM outbox WHERE state = 'sent' GROUP BY what, recipient))")  # all its parts


def prune(store: Store, *, outbox_before: dt.datetime, events_before: dt.datetime,
          dry_run: bool = False) -> Pruned:
    """Prune what is older than the cut-offs, in one transaction (``dry_run``: count only)."""
    cut = outbox_before.timestamp()
    with store.write() as conn:
        old = f"{_DONE_BEFORE} AND NOT {_NEWEST}"
        sends = conn.execute(f"SELECT COUNT(*) FROM outbox WHERE {old}", (cut,)).fetchone()[0]
        items = conn.execute(f"SELECT COUNT(*) FROM outbox_items WHERE key IN "
                             f"(SELECT key FROM outbox WHERE {old})", (cut,)).fetchone()[0]
        keep = (f"{_DONE_BEFORE} AND {_NEWEST} AND (attachment IS NOT NULL OR payload != ?)")
        emptied = conn.execute(f"SELECT COUNT(*) FROM outbox WHERE {keep}",
                               (cut, EMPTIED)).fetchone()[0]
        events = conn.execute("SELECT COUNT(*) FROM seen_events WHERE seen_at < ?",
                              (events_before.isoformat(),)).fetchone()[0]
        received = conn.execute("SELECT COUNT(*) FROM inbox WHERE state != 'pending' AND "
                                "received_at < ?", (events_before.isoformat(),)).fetchone()[0]
        if not dry_run:
            # items first: they reference outbox.key; and parts of a group share one item key
            conn.execute(f"DELETE FROM outbox_items WHERE key IN (SELECT key FROM outbox "
                         f"WHERE {old})", (cut,))
            conn.execute(f"DELETE FROM outbox WHERE {old} AND key NOT IN "
                         "(SELECT key FROM outbox_items)", (cut,))
            conn.execute(f"UPDATE outbox SET payload = ?, attachment = NULL WHERE {keep}",
                         (EMPTIED, cut, EMPTIED))
            conn.execute("DELETE FROM seen_events WHERE seen_at < ?", (events_before.isoformat(),))
            inbox.prune(store, events_before)  # (a savepoint in this transaction)
            # Teams' record of what it posted goes with the send it was for
            conn.execute("DELETE FROM teams_sent WHERE key NOT IN (SELECT key FROM outbox)")
    return Pruned(sends=sends, items=items, emptied=emptied, events=events, inbox=received)
