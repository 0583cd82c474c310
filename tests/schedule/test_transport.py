"""The schedule through the in-memory transport (bot.schedule.transport.MemoryTransport): the
digest and the nudges without HTTP, where HTTP is not what is tested (the Slack side has its
own tests over real HTTP in this folder)."""

from __future__ import annotations

import datetime as dt

from bot.domain.calendar import Calendar
from bot.schedule.transport import MemoryTransport
from bot.schedule.worker import Schedule
from store import outbox
from store import subscriptions as subs
from store.db import Store
from tests.schedule.conftest import TZ, MovingClock


def test_nudges_go_once_through_any_transport(store: Store, moving_clock: MovingClock) -> None:
    memory = MemoryTransport()
    sched = Schedule(store, memory, Calendar(TZ), moving_clock)  # type: ignore[arg-type]
    assert sched.nudges_now().sent == 6
    assert sched.nudges_now().sent == 0  # the outbox remembers, whatever the transport
    [dm] = memory.texts("DU0SAMHBYGG")
    assert "Uppdrag 3.3" in dm and "1 december 2026" in dm and "om 8 dagar" in dm
    assert "<@" not in dm and "*" not in dm  # plain text: the platform's marks are not here
    assert len(outbox.all_sends(store)) == 6


def test_a_digest_through_memory_and_a_refusal_for_good(store: Store, moving_clock: MovingClock) -> None:
    subs.add(store, channel="C0EKONOMI", weekday=0, at="08:00", areas=(), kind="ekonomi",
             author="UADMIN", now=dt.datetime(2026, 11, 1, tzinfo=TZ))
    memory = MemoryTransport()
    sched = Schedule(store, memory, Calendar(TZ), moving_clock, charts=False)  # type: ignore[arg-type]
    assert sched.digest_now("C0EKONOMI").sent == 1
    [text] = memory.texts("C0EKONOMI")
    assert text.startswith("Veckobrev vecka 48") and "Gymnasieskola" in text
    refused = MemoryTransport(fail={"digest:1|C0EKONOMI|2026-11-30": True})
    moving_clock.set("2026-11-30T08:00")
    sched = Schedule(store, refused, Calendar(TZ), moving_clock, charts=False)  # type: ignore[arg-type]
    report = sched.run_due(moving_clock.now())
    assert report.failed == 1 and refused.texts("C0EKONOMI") == []  # the nudges went out
