"""Fixtures for the schedule: the demo plan in a real SQLite file, the local Slack with
history and file uploads, and a Schedule on a clock the test moves."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import Clock
from bot.domain.calendar import Calendar
from bot.schedule.worker import Schedule
from bot.slack.sender import SlackSender
from store.db import Store
from tests.schedule.stand_in import StandIn

TZ = ZoneInfo("Europe/Stockholm")


@dataclass
class MovingClock:
    """A clock the test sets and advances; never reads the real time."""

    t: dt.datetime

    def now(self) -> dt.datetime:
        return self.t

    def epoch(self) -> float:
        return self.t.timestamp()

    def advance(self, **delta: float) -> dt.datetime:
        self.t += dt.timedelta(**delta)
        return self.t

    def set(self, when: str | dt.datetime) -> dt.datetime:
        t = dt.datetime.fromisoformat(when) if isinstance(when, str) else when
        self.t = t if t.tzinfo else t.replace(tzinfo=TZ)
        return self.t


@pytest.fixture(scope="session")
def slack() -> Iterator[StandIn]:
    s = StandIn()
    yield s
    s.close()


@pytest.fixture
def stand_in(slack: StandIn, moving_clock: MovingClock) -> Iterator[StandIn]:
    """The local Slack, stamping messages from the test's clock (a test with a clock of its
    own sets ``stand_in.clock``)."""
    slack.reset()
    slack.before = slack.after = None
    slack.clock = moving_clock
    yield slack
    slack.before = slack.after = None
    slack.clock = Clock.real()


@pytest.fixture
def moving_clock() -> MovingClock:
    return MovingClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=TZ))


MakeSchedule = Callable[..., Schedule]


@pytest.fixture
def make_schedule(stand_in: StandIn, moving_clock: MovingClock, store: Store) -> MakeSchedule:
    """A Schedule on the demo store, sending to the stand-in (no real sleeping on retries)."""

    def make(*, db: Store | None = None, clock: object = None, **kw: object) -> Schedule:
        sender = SlackSender("xoxb-test", stand_in.api_url, sleep=lambda s: None)
        return Schedule(db or store, sender, Calendar(TZ), clock or moving_clock, **kw)  # type: ignore[arg-type]

    return make


def copy_db(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    return dst
