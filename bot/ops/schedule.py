"""The schedule beside the chat: one process, one store, the same exactly-once outbox.

`styrbot serve`, `socket` and `start` (with Slack tokens) run the schedule in a background
thread of their own process unless STYRBOT_SCHEDULE=off; `styrbot worker` runs it in a
process of its own for those who want it apart. Either way, after every run (at least every
five minutes) the schedule writes its heartbeat into the store, which /healthz reads, and
once a day it prunes what has been kept long enough (`bot.ops.retention`).

Two schedules on one store (a thread and a worker) send nothing twice (the outbox's claims),
but one is enough.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.clock import Clock
from bot.config import Settings
from bot.ops import retention
from bot.schedule.outbox import Report
from bot.schedule.transport import Transport
from bot.schedule.worker import Schedule, run_worker
from store import ops_status
from store.db import Store

log = logging.getLogger("styrbot.schedule")

RESTART_AFTER = 60.0  # seconds before a schedule thread that crashed starts again


def build(settings: Settings, store: Store, clock: Clock, sender: Transport | None = None) -> Schedule:
    """The schedule for ``store``, sending through Slack (SLACK_BOT_TOKEN) and Teams (when
    set up) unless ``sender``; each recipient to its own platform (bot.ops.platforms)."""
    from bot.domain.calendar import Calendar
    from bot.ops.platforms import platform_sender

    if sender is None:
        sender = platform_sender(settings, store, clock)
    return Schedule(store, sender, Calendar(settings.tz), clock, admins=tuple(settings.admins),
                    leaders=tuple(settings.leaders))


@dataclass
class Upkeep:
    """After every run: the heartbeat, and once a (local) day the pruning. A failure here is
    logged and never stops the schedule."""

    store: Store
    outbox_days: int
    events_days: int

    def __call__(self, now: dt.datetime, report: Report) -> None:
        try:
            ops_status.mark(self.store, ops_status.SCHEDULE, now,
                            f"skickade {report.sent}, bekräftade {report.found}, "
                            f"avvisade {report.failed}, väntar {report.pending}")
            if retention.due(self.store, now):
                pruned = retention.gallra(self.store, now, outbox_days=self.outbox_days,
                                          events_days=self.events_days)
                log.info("gallring: %s", retention.summary(pruned))
        except Exception:
            log.exception("could not write the schedule's heartbeat or prune")

    @classmethod
    def of(cls, settings: Settings, store: Store) -> Upkeep:
        return cls(store, settings.keep_outbox_days, settings.keep_events_days)


def sleeper(clock: Clock, stop: threading.Event) -> Callable[[dt.datetime], None]:
    """Sleep until ``when`` in real seconds (also across a DST change), waking at once on
    ``stop``. A frozen clock (STYRBOT_NOW) never gets there: the schedule runs once."""
    def sleep_until(when: dt.datetime) -> None:
        while not stop.is_set():
            left = (when.astimezone(dt.UTC) - clock.now().astimezone(dt.UTC)).total_seconds()
            if left <= 0 or stop.wait(min(left, 60.0)):
                return
    return sleep_until


class Beside:
    """The schedule in a daemon thread of this process."""

    def __init__(self, schedule: Schedule, upkeep: Callable[[dt.datetime, Report], Any],
                 clock: Clock) -> None:
        self.schedule = schedule
        self.upkeep = upkeep
        self.clock = clock
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="styrbot-schedule", daemon=True)

    def start(self) -> Beside:
        self.thread.start()
        log.info("the schedule runs beside the chat in this process")
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.thread.join(timeout)

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                run_worker(self.schedule, sleeper(self.clock, self.stopping),
                           stop=self.stopping.is_set, on_report=self.upkeep)
            except Exception:
                log.exception("the schedule thread failed; it starts again in %.0f s", RESTART_AFTER)
                self.stopping.wait(RESTART_AFTER)


def start_beside(settings: Settings, clock: Clock, store: Store | None = None) -> Beside | None:
    """Start the schedule beside the chat, unless STYRBOT_SCHEDULE=off (then None)."""
    if not settings.schedule:
        log.info("STYRBOT_SCHEDULE=off: the schedule is expected to run apart (styrbot worker)")
        return None
    store = store or Store(settings.db, create=False)
    return Beside(build(settings, store, clock), Upkeep.of(settings, store), clock).start()
