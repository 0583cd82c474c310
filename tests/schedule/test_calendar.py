"""The pure rules of the schedule: working days, holidays, quiet hours, slots and stages."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.calendar import (
    Calendar,
    Slot,
    current_stage,
    current_weekly,
    deadline_stages,
    meeting_slot,
    next_wakeup,
    silent_stage,
    weekly_slot,
)
from tests.schedule.conftest import TZ

cal = Calendar(TZ)
D = dt.date


def must(slot: Slot | None) -> Slot:
    assert slot is not None
    return slot


def at(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s).replace(tzinfo=TZ)


@pytest.mark.parametrize("day, working", [
    (D(2026, 11, 23), True),    # a Monday
    (D(2026, 11, 28), False),   # Saturday
    (D(2026, 4, 3), False),     # långfredagen
    (D(2026, 4, 6), False),     # annandag påsk
    (D(2026, 5, 14), False),    # Kristi himmelsfärd
    (D(2026, 6, 19), False),    # midsommarafton (de facto)
    (D(2026, 12, 24), False),   # julafton (de facto)
    (D(2026, 12, 31), False),   # nyårsafton (de facto)
    (D(2027, 1, 6), False),     # trettondedag jul
    (D(2026, 6, 18), True),     # the day before midsommarafton
])
def test_working_days(day: dt.date, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_open_hours_are_daytime_on_working_days() -> None:
    assert cal.is_open(at("2026-11-23T07:00"))
    assert cal.is_open(at("2026-11-23T19:59"))
    assert not cal.is_open(at("2026-11-23T20:00"))
    assert not cal.is_open(at("2026-11-23T06:59"))
    assert not cal.is_open(at("2026-11-28T12:00"))
    assert cal.next_open(at("2026-11-27T21:00")) == at("2026-11-30T08:00")  # Friday night → Monday
    assert cal.next_open(at("2026-11-24T05:00")) == at("2026-11-24T08:00")


@pytest.mark.parametrize("day", [D(2026, 3, 29), D(2026, 10, 25), D(2027, 3, 28), D(2027, 10, 31)])
def test_local_times_hold_across_dst_changes(day: dt.date) -> None:
    """08:00 the day before and after a change is 08:00 local; the UTC offset moves."""
    before, after = cal.at(day - dt.timedelta(days=1), dt.time(8)), cal.at(day + dt.timedelta(days=1), dt.time(8))
    assert (before.hour, after.hour) == (8, 8)
    assert before.utcoffset() != after.utcoffset()
    real = after.astimezone(dt.UTC) - before.astimezone(dt.UTC)
    assert real in (dt.timedelta(hours=47), dt.timedelta(hours=49))


def test_a_time_in_the_dst_gap_moves_forward() -> None:
    assert cal.at(D(2026, 3, 29), dt.time(2, 30)).hour == 3


def test_weekly_slot_moves_past_holidays_same_time() -> None:
    # Friday 3 April 2026 is långfredagen and Monday 6 April annandag påsk → Tuesday 7 April
    s = weekly_slot(cal, D(2026, 3, 30), 4, dt.time(15, 30))
    assert s.due == at("2026-04-07T15:30")
    assert s.expires == at("2026-04-09T08:00")  # two working days of grace


def test_a_missed_digest_is_caught_up_within_the_grace_window_only() -> None:
    monday = dt.time(8)
    assert current_weekly(cal, at("2026-11-23T07:59"), 0, monday) is None  # last week's expired
    assert must(current_weekly(cal, at("2026-11-24T15:00"), 0, monday)).due == at("2026-11-23T08:00")
    assert current_weekly(cal, at("2026-11-25T07:59"), 0, monday) is not None
    assert current_weekly(cal, at("2026-11-25T08:00"), 0, monday) is None  # too late: dropped


def test_deadline_stages() -> None:
    st = deadline_stages(cal, D(2026, 12, 1))  # a Tuesday
    assert [(s.name, s.due) for s in st] == [
        ("14", at("2026-11-17T08:00")), ("3", at("2026-11-30T08:00")),  # 28 Nov is a Saturday
        ("0", at("2026-12-01T08:00")), ("passerad", at("2026-12-02T08:00"))]
    assert st[0].expires == st[1].due and st[-1].expires == at("2026-12-04T08:00")


def test_skipped_stages_collapse_into_the_latest() -> None:
    st = deadline_stages(cal, D(2026, 12, 1))
    assert must(current_stage(st, at("2026-11-23T09:00"))).name == "14"
    # down from before the 14-day stage until after the 3-day one: only "3" is current
    assert must(current_stage(st, at("2026-11-30T10:00"))).name == "3"
    assert must(current_stage(st, at("2026-12-03T10:00"))).name == "passerad"
    assert current_stage(st, at("2026-12-04T08:00")) is None
    assert current_stage(st, at("2026-11-16T23:00")) is None


def test_a_deadline_on_a_saturday_has_no_separate_day_of_reminder() -> None:
    names = [s.name for s in deadline_stages(cal, D(2026, 11, 28))]
    assert names == ["14", "3", "passerad"]  # "0" and "passerad" both fall on Monday 30 Nov


def test_manual_runs_count_the_whole_day() -> None:
    st = deadline_stages(cal, D(2026, 12, 1))
    assert current_stage(st, at("2026-11-17T06:00")) is None
    assert must(current_stage(st, at("2026-11-17T06:00"), manual=True)).name == "14"


def test_silence_every_sixty_days() -> None:
    since = D(2026, 1, 12)
    assert silent_stage(cal, since, at("2026-03-12T09:00")) is None
    s = silent_stage(cal, since, at("2026-03-13T09:00"))  # day 60, a Friday
    assert s is not None and s.name == "tyst 60"
    assert must(silent_stage(cal, since, at("2026-05-13T09:00"))).name == "tyst 120"


def test_meeting_reminder_a_week_before() -> None:
    s = meeting_slot(cal, D(2026, 12, 1))
    assert s.due == at("2026-11-24T08:00") and s.expires == at("2026-12-01T08:00")


def test_next_wakeup() -> None:
    assert next_wakeup(cal, at("2026-11-27T09:00"), [], None) == at("2026-11-30T08:00")
    assert next_wakeup(cal, at("2026-11-23T09:00"), [(0, dt.time(8))], None) == at("2026-11-24T08:00")
    assert next_wakeup(cal, at("2026-11-23T09:00"), [(0, dt.time(13, 15))], None) == at("2026-11-23T13:15")
    assert next_wakeup(cal, at("2026-11-23T09:00"), [], dt.timedelta(minutes=5)) == at("2026-11-23T09:05")
    # across the October change: Saturday night → Monday 08:00 local
    assert next_wakeup(cal, at("2026-10-24T22:00"), [], None) == at("2026-10-26T08:00")
