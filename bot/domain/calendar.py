"""When things are due: working days, holidays, quiet hours, digest times and nudge stages.

Pure functions over local dates and times in the municipality's zone (STYRBOT_TZ). Every time
is built from a local date and a local wall-clock time (never by adding hours to an instant),
so 08:00 stays 08:00 across daylight-saving changes.

The rules (also in docs/schedule.md):

- Nothing goes out at night (20:00–07:00), on a weekend or on a Swedish public holiday
  (including midsommarafton, julafton and nyårsafton). Something that would fall then goes
  out on the next working day: nudges at 08:00, digests at their subscribed time.
- Each send is valid from its due time until it *expires*. A worker that was down sends,
  once, on its first run, what is still valid. Time slots (a digest, the leadership's weekly
  summary, a "deadline passed" nudge) are valid for a grace window: until 08:00 on the second
  working day after they were due (`GRACE_WORKING_DAYS`), and never past the next slot of the
  same kind. Reminders before a deadline, before a meeting and about silence are valid as long
  as they are current: the 14-day reminder until the 3-day one is due, and so on. So stages of
  one deadline that were skipped collapse into the latest one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import holidays


DAY_OPENS = dt.time(7, 0)
DAY_CLOSES = dt.time(20, 0)
NUDGE_AT = dt.time(8, 0)
GRACE_WORKING_DAYS = 2
DEADLINE_STAGES: tuple[tuple[str, int], ...] = (("14", -14), ("3", -3), ("0", 0), ("passerad", 1))
SILENT_DAYS = 60
MEETING_LEAD_DAYS = 7
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


@dataclass(frozen=True)
class Slot:
    """A send's window: due at ``due``, valid until ``expires`` (exclusive)."""

    name: str
    due: dt.datetime
    expires: dt.datetime

    def reached(self, now: dt.datetime, manual: bool = False) -> bool:
        """Due by now (a manual run counts the whole due day as reached)."""
        if manual:
            return self.due.date() <= now.astimezone(self.due.tzinfo).date()
        return _utc(self.due) <= _utc(now)

    def valid(self, now: dt.datetime, manual: bool = False) -> bool:
        return self.reached(now, manual) and _utc(now) < _utc(self.expires)


def _utc(t: dt.datetime) -> dt.datetime:
    """Aware datetimes with the same tzinfo compare by wall time; compare instants instead."""
    return t.astimezone(dt.UTC)


@lru_cache(maxsize=8)
def _holidays(country: str) -> holidays.HolidayBase:
    import holidays  # only a calendar needs it (the schedule), not a question

    return holidays.country_holidays(country, categories=("public", "de_facto"), language="sv")


class Calendar:
    """Working days and local times in one time zone."""

    def __init__(self, tz: ZoneInfo | str = "Europe/Stockholm", country: str = "SE") -> None:
        self.tz = ZoneInfo(tz) if isinstance(tz, str) else tz
        self.holidays = _holidays(country)

    def is_working_day(self, d: dt.date) -> bool:
        return d.weekday() < 5 and d not in self.holidays

    def holiday(self, d: dt.date) -> str | None:
        name = self.holidays.get(d)
        return str(name) if name else None

    def next_working_day(self, d: dt.date) -> dt.date:
        """``d`` itself when it is a working day, else the next one."""
        while not self.is_working_day(d):
            d += dt.timedelta(days=1)
        return d

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        for _ in range(n):
            d = self.next_working_day(d + dt.timedelta(days=1))
        return d

    def at(self, d: dt.date, t: dt.time) -> dt.datetime:
        """The local wall-clock time ``t`` on ``d`` (a time in a DST gap moves forward)."""
        naive = dt.datetime.combine(d, t)
        aware = naive.replace(tzinfo=self.tz)
        # zoneinfo keeps nonexistent wall times as given; normalise through UTC.
        return aware.astimezone(dt.UTC).astimezone(self.tz)

    def local(self, t: dt.datetime) -> dt.datetime:
        return t.astimezone(self.tz)

    def is_open(self, t: dt.datetime) -> bool:
        """Not at night, not on a weekend or holiday."""
        t = self.local(t)
        return self.is_working_day(t.date()) and DAY_OPENS <= t.time() < DAY_CLOSES

    def next_open(self, t: dt.datetime) -> dt.datetime:
        """``t`` if open, else 08:00 on the next working day (today's, if still ahead)."""
        t = self.local(t)
        if self.is_open(t):
            return t
        d = t.date()
        if not (self.is_working_day(d) and t.time() < NUDGE_AT):
            d = self.next_working_day(d + dt.timedelta(days=1))
        return self.at(d, NUDGE_AT)

    def nudge_time(self, d: dt.date) -> dt.datetime:
        """08:00 on ``d``, or on the next working day."""
        return self.at(self.next_working_day(d), NUDGE_AT)

    def grace_end(self, due: dt.datetime) -> dt.datetime:
        """08:00 on the second working day after ``due``: a missed slot is dropped then."""
        return self.at(self.add_working_days(self.local(due).date(), GRACE_WORKING_DAYS), NUDGE_AT)


# --- slots ------------------------------------------------------------------------------------


def weekly_slot(cal: Calendar, week_monday: dt.date, weekday: int, at: dt.time,
                name: str = "vecka") -> Slot:
    """The slot of one week: ``weekday`` at ``at``, moved to the next working day if need be;
    it expires after the grace window and never later than the next week's slot."""
    due = cal.at(cal.next_working_day(week_monday + dt.timedelta(days=weekday)), at)
    nxt = cal.at(cal.next_working_day(week_monday + dt.timedelta(days=7 + weekday)), at)
    return Slot(f"{name} {week_monday.isocalendar().week}", due, min(cal.grace_end(due), nxt, key=_utc))


def monday_of(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def weekly_slots_around(cal: Calendar, now: dt.datetime, weekday: int, at: dt.time,
                        name: str = "vecka") -> list[Slot]:
    """This week's slot and the two before it (a moved or missed slot may still be valid)."""
    monday = monday_of(cal.local(now).date())
    return [weekly_slot(cal, monday - dt.timedelta(weeks=w), weekday, at, name) for w in (2, 1, 0)]


def current_weekly(cal: Calendar, now: dt.datetime, weekday: int, at: dt.time,
                   manual: bool = False, name: str = "vecka") -> Slot | None:
    """The weekly slot valid now, if any (the latest when several are)."""
    valid = [s for s in weekly_slots_around(cal, now, weekday, at, name) if s.valid(now, manual)]
    return valid[-1] if valid else None


def next_weekly_due(cal: Calendar, now: dt.datetime, weekday: int, at: dt.time) -> dt.datetime:
    """The next due time of a weekly slot strictly after ``now``."""
    monday = monday_of(cal.local(now).date())
    for w in range(-1, 3):
        s = weekly_slot(cal, monday + dt.timedelta(weeks=w), weekday, at)
        if _utc(s.due) > _utc(now):
            return s.due
    raise AssertionError("unreachable: a weekly slot is due within three weeks")


def deadline_stages(cal: Calendar, deadline: dt.date) -> list[Slot]:
    """The reminders for one deadline: 14 days before, 3 days before, on the day, and the day
    after ("passerad"), each at 08:00 on a working day. A stage is valid until the next one is
    due, so skipped stages collapse into the latest; a stage moved onto (or past) the next
    one's time is dropped. The last stage is valid for the grace window."""
    dues = [(name, cal.nudge_time(deadline + dt.timedelta(days=off))) for name, off in DEADLINE_STAGES]
    out: list[Slot] = []
    for i, (name, due) in enumerate(dues):
        nxt = dues[i + 1][1] if i + 1 < len(dues) else cal.grace_end(due)
        if _utc(due) < _utc(nxt):
            out.append(Slot(name, due, nxt))
    return out


def current_stage(stages: list[Slot], now: dt.datetime, manual: bool = False) -> Slot | None:
    """The latest stage reached by now, if it is still valid."""
    reached = [s for s in stages if s.reached(now, manual)]
    if not reached or not reached[-1].valid(now, manual):
        return None
    return reached[-1]


def silent_stage(cal: Calendar, since: dt.date, now: dt.datetime, manual: bool = False) -> Slot | None:
    """The silence reminder valid now: after 60, 120, 180 … days without an update, each
    valid until the next one is due."""
    today = cal.local(now).date()
    k = max(1, (today - since).days // SILENT_DAYS)
    for n in (k + 1, k, k - 1):
        if n < 1:
            continue
        s = Slot(f"tyst {n * SILENT_DAYS}", cal.nudge_time(since + dt.timedelta(days=n * SILENT_DAYS)),
                 cal.nudge_time(since + dt.timedelta(days=(n + 1) * SILENT_DAYS)))
        if _utc(s.due) < _utc(s.expires) and s.valid(now, manual):
            return s
    return None


def meeting_slot(cal: Calendar, meeting: dt.date) -> Slot:
    """The leadership's reminder before a meeting (KS): a week before, valid until the day."""
    due = cal.nudge_time(meeting - dt.timedelta(days=MEETING_LEAD_DAYS))
    return Slot(f"inför {meeting.isoformat()}", due, cal.at(meeting, NUDGE_AT))


# --- the worker's clock ---------------------------------------------------------------------------


def next_wakeup(cal: Calendar, now: dt.datetime, digest_times: list[tuple[int, dt.time]],
                max_sleep: dt.timedelta | None = dt.timedelta(minutes=5)) -> dt.datetime:
    """When the worker should look again: the next digest slot, the next working day's 08:00
    (nudges, the leadership's summaries, catching up), or after ``max_sleep`` at the latest
    (to notice new subscriptions, owners and expired claims)."""
    now = cal.local(now)
    d = now.date() if now.time() < NUDGE_AT else now.date() + dt.timedelta(days=1)
    candidates = [cal.at(cal.next_working_day(d), NUDGE_AT)]
    candidates += [next_weekly_due(cal, now, wd, t) for wd, t in digest_times]
    if max_sleep is not None:  # real elapsed time, also across a DST change
        candidates.append((now.astimezone(dt.UTC) + max_sleep).astimezone(cal.tz))
    return min(candidates, key=_utc)


def parse_hhmm(text: str) -> dt.time:
    h, m = text.split(":")
    return dt.time(int(h), int(m))
