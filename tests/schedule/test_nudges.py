"""Nudges and the worker's timing: stages, klar stops reminders, silence, the leadership,
catching up after downtime (once, the latest stage only), nothing at night or on weekends."""

from __future__ import annotations

import datetime as dt

from bot.schedule.worker import run_worker
from store import outbox, writes
from store import subscriptions as subs
from store.db import Store
from tests.schedule.conftest import TZ, MakeSchedule, MovingClock
from tests.schedule.stand_in import StandIn, dm_channel


def items(store: Store) -> set[str]:
    return {i["item"] for i in outbox.items(store)}


def texts(stand_in: StandIn, user: str) -> list[str]:
    return [p.text for p in stand_in.posted(dm_channel(user))]


def test_manual_nudges_once(make_schedule: MakeSchedule, store: Store, stand_in: StandIn) -> None:
    sched = make_schedule()
    first = sched.nudges_now()
    assert first.sent == 6
    assert {"deadline:3.1:2026-12-01:14|U0KOMMUNDIR", "deadline:3.1:2026-12-01:14|U0KOMMCHEF",
            "deadline:3.3:2026-12-01:14|U0SAMHBYGG", "deadline:5.2:2026-12-01:14|U0KVALITET",
            "ledning-vecka|U0KOMMUNDIR|2026-11-23", "ledning-vecka|U0KSORDF|2026-11-23"} == items(store)
    assert sched.nudges_now().sent == 0
    dm = texts(stand_in, "U0SAMHBYGG")[0]
    assert "Uppdrag 3.3" in dm and "1 december 2026" in dm and "om 8 dagar" in dm
    block = next(b for p in stand_in.posted(dm_channel("U0SAMHBYGG")) for b in p.blocks if "accessory" in b)
    assert block["accessory"]["action_id"] == "styrbot_uppdatera" and block["accessory"]["value"] == "3.3"


def test_klar_stops_reminders_and_stages_collapse(make_schedule: MakeSchedule, store: Store,
                                                  moving_clock: MovingClock, stand_in: StandIn) -> None:
    plan = store.one("SELECT id FROM documents WHERE kind = 'uppdragsplan'")
    assert plan is not None
    writes.add_update(store, doc_id=plan["id"], key="3.3", author="U0SAMHBYGG", text="Klart",
                      status="klar", percent=100, now=moving_clock.set("2026-11-10T10:00"))
    sched = make_schedule()
    # the worker was down from before the 14-day stage (17 Nov) until after the 3-day one
    moving_clock.set("2026-11-30T10:00")
    report = sched.run_due(moving_clock.now())
    got = items(store)
    assert "deadline:3.1:2026-12-01:3|U0KOMMUNDIR" in got
    assert not any(":14|" in i for i in got)  # collapsed into the latest stage
    assert not any(i.startswith("deadline:3.3") for i in got)  # klar: no reminders
    assert report.sent >= 3
    assert "om 1 dag" in texts(stand_in, "U0KVALITET")[0] or "i morgon" in texts(stand_in, "U0KVALITET")[0]
    # on the day, then the day after (not klar): each once
    for when, stage in (("2026-12-01T08:00", "0"), ("2026-12-02T08:00", "passerad")):
        sched.run_due(moving_clock.set(when))
        sched.run_due(moving_clock.set(when))
        assert f"deadline:5.2:2026-12-01:{stage}|U0KVALITET" in items(store)
    assert "Skulle ha redovisats till KS 1 december 2026" in texts(stand_in, "U0KVALITET")[-1]
    assert len(texts(stand_in, "U0KVALITET")) == 3


def test_silence_and_a_new_owner(make_schedule: MakeSchedule, store: Store, moving_clock: MovingClock,
                                 stand_in: StandIn) -> None:
    plan = store.one("SELECT id FROM documents WHERE kind = 'uppdragsplan'")
    assert plan is not None
    writes.add_update(store, doc_id=plan["id"], key="1.4", author="U0DIGITAL", text="Förstudie klar",
                      status="pågår", percent=30, now=moving_clock.set("2026-09-21T10:00"))
    writes.add_role_event(store, role="owner", subject="ks/2026/3.1", user="U0NY", action="add", author="UADMIN",
                          now=moving_clock.set("2026-11-20T10:00"))
    sched = make_schedule()
    sched.run_due(moving_clock.set("2026-11-23T08:00"))
    assert "tyst:1.4:2026-09-21:60|U0DIGITAL" in items(store)
    assert "Ingen uppdatering på 63 dagar (senast 21 september 2026)" in texts(stand_in, "U0DIGITAL")[0]
    assert "deadline:3.1:2026-12-01:14|U0NY" in items(store)  # the current stage, for the new owner


def test_leadership_before_a_meeting(make_schedule: MakeSchedule, store: Store, moving_clock: MovingClock,
                                     stand_in: StandIn) -> None:
    sched = make_schedule(leaders=("C0KSLEDNING",))
    sched.run_due(moving_clock.set("2026-11-24T08:00"))
    posted = stand_in.posted("C0KSLEDNING")
    meeting = next(p for p in posted if "Inför KS" in p.text)
    assert "*Inför KS 1 december 2026*: 3 uppdrag ska redovisas (om 7 dagar); 3 saknar uppdatering" in meeting.text
    assert [b["accessory"]["value"] for b in meeting.blocks if "accessory" in b] == ["3.1", "3.3", "5.2"]
    assert "<@U0SAMHBYGG>" in meeting.text
    sched.run_due(moving_clock.set("2026-11-25T08:00"))
    assert len([p for p in stand_in.posted("C0KSLEDNING") if "Inför KS" in p.text]) == 1


def test_catching_up_a_digest_within_the_grace_window_only(make_schedule: MakeSchedule, store: Store,
                                                           moving_clock: MovingClock, stand_in: StandIn) -> None:
    for ch in ("C0TISDAG", "C0TORSDAG"):
        subs.add(store, channel=ch, weekday=0, at="08:00", areas=(), kind="ekonomi", author="UADMIN",
                 now=dt.datetime(2026, 11, 1, tzinfo=TZ))
    sched = make_schedule()
    sched.run_due(moving_clock.set("2026-11-23T07:00"))  # before the slot: nothing yet
    assert stand_in.posted("C0TISDAG") == []
    subs.end(store, 2, author="UADMIN", now=moving_clock.now())
    # down all Monday; up on Tuesday afternoon: Monday's digest goes out once, dated Monday
    sched.run_due(moving_clock.set("2026-11-24T14:00"))
    sched.run_due(moving_clock.set("2026-11-24T14:05"))
    assert [r["key"] for r in outbox.all_sends(store) if r["what"] == "digest:1"] == ["digest:1|C0TISDAG|2026-11-23"]
    # a subscription whose worker only comes back on Wednesday at 08:00: too late, dropped
    subs.add(store, channel="C0TORSDAG", weekday=0,
             at="08:00", areas=(), kind="full", author="UADMIN", now=dt.datetime(2026, 11, 2, tzinfo=TZ))
    sched.run_due(moving_clock.set("2026-11-25T08:00"))
    assert stand_in.posted("C0TORSDAG") == []


def test_nothing_at_night_or_on_weekends(make_schedule: MakeSchedule, store: Store, moving_clock: MovingClock,
                                         stand_in: StandIn) -> None:
    sched = make_schedule()
    for when in ("2026-11-23T06:30", "2026-11-23T21:00", "2026-11-28T10:00", "2026-12-24T09:00"):
        assert sched.run_due(moving_clock.set(when)).sent == 0
    assert stand_in.posted() == []


def test_the_worker_loop_sleeps_until_08_on_working_days(make_schedule: MakeSchedule, store: Store,
                                                              moving_clock: MovingClock, stand_in: StandIn) -> None:
    moving_clock.set("2026-11-22T23:10")  # Sunday night; the Monday 08:00 work is ahead
    sched = make_schedule()
    woke: list[dt.datetime] = []
    sent_at: list[tuple[dt.datetime, int]] = []

    def sleep_until(t: dt.datetime) -> None:
        woke.append(t)
        moving_clock.t = t

    run_worker(sched, sleep_until, stop=lambda: len(woke) >= 4, max_sleep=None,
               on_report=lambda now, r: sent_at.append((now, r.sent)))
    assert [w.isoformat() for w in woke] == ["2026-11-23T08:00:00+01:00", "2026-11-24T08:00:00+01:00",
                                             "2026-11-25T08:00:00+01:00", "2026-11-26T08:00:00+01:00"]
    assert [n for _, n in sent_at[:3]] == [0, 6, 2]  # Sunday night: none; Monday: 4 owners and 2
    # leaders (the week); Tuesday: the 2 leaders, a week before KS
