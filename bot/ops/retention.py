"""Gallring: the outbox's copies of sent messages and the record of handled Slack events are
kept for a number of days (STYRBOT_KEEP_OUTBOX_DAYS, STYRBOT_KEEP_EVENTS_DAYS), then pruned.

The schedule prunes once a day (`bot.ops.schedule`); `styrbot gallra` does it now. Updates,
measurements and role changes are the record and are kept. What is kept where, and why:
docs/dataskydd.md.
"""

from __future__ import annotations

import datetime as dt

from bot.domain.calendar import SILENT_DAYS
from store import ops_status
from store.db import Store
from store.retention import Pruned, prune

# A reminder is covered (never sent twice) by its outbox record. The longest a reminder stays
# valid is a silence reminder's SILENT_DAYS; a shorter keep could let one go out twice.
MIN_OUTBOX_DAYS = SILENT_DAYS + 10
MIN_EVENTS_DAYS = 1  # Slack retries a delivery within minutes


def check_days(outbox_days: int, events_days: int) -> None:
    """Raise ValueError (Swedish) for keeps too short to be safe."""
    if outbox_days < MIN_OUTBOX_DAYS:
        raise ValueError(
            f"STYRBOT_KEEP_OUTBOX_DAYS ska vara minst {MIN_OUTBOX_DAYS} dagar (nu {outbox_days}): "
            "kortare än så kan en påminnelse skickas två gånger.")
    if events_days < MIN_EVENTS_DAYS:
        raise ValueError(f"STYRBOT_KEEP_EVENTS_DAYS ska vara minst {MIN_EVENTS_DAYS} dag (nu {events_days}).")


def gallra(store: Store, now: dt.datetime, *, outbox_days: int, events_days: int,
           dry_run: bool = False) -> Pruned:
    """Prune what is older than the keeps, and note when (not on a dry run)."""
    check_days(outbox_days, events_days)
    pruned = prune(store, outbox_before=now - dt.timedelta(days=outbox_days),
                   events_before=now - dt.timedelta(days=events_days), dry_run=dry_run)
    if not dry_run:
        ops_status.mark(store, ops_status.PRUNING, now, summary(pruned))
    return pruned


def summary(p: Pruned) -> str:
    return (f"{p.sends} utskick och {p.items} poster om vad de täckte borttagna, "
            f"{p.emptied} senaste utskick tömda på innehåll, {p.events} hanterade händelser och "
            f"{p.inbox} mottagna meddelanden borttagna")


def due(store: Store, now: dt.datetime) -> bool:
    """Whether the daily pruning has not yet run today (local date)."""
    row = ops_status.last(store, ops_status.PRUNING)
    return row is None or dt.datetime.fromisoformat(row["at"]).date() < now.date()
