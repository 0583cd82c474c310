"""The schedule's runner: what `styrbot worker`, `styrbot digest` and `styrbot nudges` do.

`Schedule.run_due(now)` sends whatever is due at a local time (the worker, only at open
hours); `digest_now` and `nudges_now` do the work once, now, whatever the hour (manual).
Every run first finishes what an earlier run left unconfirmed. `run_worker` loops: run,
then sleep until the next due minute; its clock and sleep are passed in, so tests drive
it on a simulated clock.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from bot.core.context import Context
from bot.core.snapshot import SnapshotCache
from bot.domain.calendar import Calendar, current_weekly, next_wakeup, parse_hhmm
from bot.schedule.digest import DigestFilter, digest
from bot.schedule.nudges import plan_nudges
from bot.schedule.outbox import Outbox, Outgoing, Report
from bot.schedule.transport import Transport
from store import outbox
from store import subscriptions as subs
from store.db import Row, Store

log = logging.getLogger("styrbot.worker")


class Now(Protocol):
    def now(self) -> dt.datetime: ...

    def epoch(self) -> float: ...


@dataclass
class Schedule:
    """Digests and nudges for one store, sent through one sender."""

    store: Store
    sender: Transport
    cal: Calendar
    clock: Now
    admins: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    lease: float = 120.0
    owner: str | None = None
    charts: bool = True
    snapshots: SnapshotCache = field(init=False)
    outbox: Outbox = field(init=False)

    def __post_init__(self) -> None:
        self.snapshots = SnapshotCache(self.store)
        self.outbox = Outbox(self.store, self.sender, self.clock, lease=self.lease,
                             owner=self.owner)

    def context(self, now: dt.datetime) -> Context:
        return Context(store=self.store, snap=self.snapshots.get(), now=self.cal.local(now),
                       admins=self.admins, leaders=self.leaders)

    # --- what is due ------------------------------------------------------------------------

    def due_digests(self, now: dt.datetime, manual: bool = False,
                    channel: str | None = None) -> Iterator[Outgoing]:
        """Digests due now: each subscription's slot (manual: today, for ``channel``). Each is
        built only when it is its turn to be sent, and only if it has not been sent."""
        now = self.cal.local(now)
        rows = subs.active(self.store, channel)
        if manual and channel is not None and not rows:
            yield from self._digest(now, "digest", channel, None, now.date())
        for row in rows:
            what = f"digest:{row['id']}"
            if manual:
                yield from self._digest(now, what, row["channel"], row, now.date())
                continue
            slot = current_weekly(self.cal, now, row["weekday"], parse_hhmm(row["at"]), name="veckobrev")
            if slot is not None and slot.due >= dt.datetime.fromisoformat(row["created_at"]):
                yield from self._digest(now, what, row["channel"], row, slot.due.date())

    def _digest(self, now: dt.datetime, what: str, channel: str, row: Row | None,
                date: dt.date) -> Iterator[Outgoing]:
        if outbox.covered(self.store, [f"{what}|{channel}|{date.isoformat()}"]):
            return  # sent already: nothing to build
        last = outbox.last_sent(self.store, what, channel)
        since = dt.datetime.fromisoformat(last["as_of"]) if last else None
        _, document = digest(self.context(now), since, DigestFilter.from_row(row), chart=self.charts)
        yield Outgoing(what, channel, date, document, now)

    # --- runs ---------------------------------------------------------------------------------

    def send(self, sends: Iterable[Outgoing]) -> Report:
        report = Report()
        for s in sends:
            report.add(self.outbox.send(s))
        return report

    def recover(self) -> Report:
        return self.outbox.recover()

    def digest_now(self, channel: str) -> Report:
        """`styrbot digest CHANNEL`: the channel's digest now, whatever the hour."""
        report = self.recover()
        now = self.clock.now()
        report.add(self.send(self.due_digests(now, manual=True, channel=channel)))
        return report

    def nudges_now(self) -> Report:
        """`styrbot nudges`: every nudge due today and not yet sent, whatever the hour."""
        report = self.recover()
        now = self.clock.now()
        report.add(self.send(plan_nudges(self.context(now), self.cal, now, manual=True)))
        return report

    def run_due(self, now: dt.datetime) -> Report:
        """The worker's step: at open hours, finish what was left, then send what is due."""
        report = Report()
        if not self.cal.is_open(now):
            return report
        report.add(self.recover())
        report.add(self.send(self.due_digests(now)))
        report.add(self.send(plan_nudges(self.context(now), self.cal, now)))
        return report

    def next_wakeup(self, now: dt.datetime, max_sleep: dt.timedelta | None) -> dt.datetime:
        times = [(r["weekday"], parse_hhmm(r["at"])) for r in subs.active(self.store)]
        return next_wakeup(self.cal, now, times, max_sleep)


def run_worker(schedule: Schedule, sleep_until: Callable[[dt.datetime], None], *,
               stop: Callable[[], bool] = lambda: False,
               max_sleep: dt.timedelta | None = dt.timedelta(minutes=5),
               on_report: Callable[[dt.datetime, Report], None] | None = None) -> None:
    """Run due work, sleep until the next due minute, repeat until ``stop()``. The first step
    catches up what was missed while the worker was down (within the grace window)."""
    while not stop():
        now = schedule.clock.now()
        try:
            report = schedule.run_due(now)
        except Exception:  # a bad row or a Slack outage must not stop the worker
            log.exception("scheduled run at %s failed; trying again at the next wake-up", now)
            report = Report(errors=["run failed"])
        if on_report is not None:
            on_report(now, report)
        if report.sent or report.found or report.failed:
            log.info("%s: sent %d, found %d, failed %d, pending %d", now.isoformat(timespec="minutes"),
                     report.sent, report.found, report.failed, report.pending)
        sleep_until(schedule.next_wakeup(now, max_sleep))
