"""The one clock. The clock is passed in, never read from globals: every test can freeze time.

This is the only module that reads the wall clock (a test, tests/test_clock.py, finds any read
elsewhere). Durations may use ``time.monotonic()``; everything that needs the time of day, the
date or the epoch (leases, Slack timestamps we compare with, "today", "sedan") asks a Clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

STOCKHOLM = "Europe/Stockholm"


@dataclass(frozen=True)
class Clock:
    """Local time in ``tz``; frozen at ``frozen`` when given (STYRBOT_NOW)."""

    tz: ZoneInfo
    frozen: dt.datetime | None = None

    def now(self) -> dt.datetime:
        if self.frozen is not None:
            return self.frozen.astimezone(self.tz)
        return dt.datetime.now(self.tz)

    def today(self) -> dt.date:
        return self.now().date()

    def epoch(self) -> float:
        """Seconds since 1970 (UTC), as Slack's timestamps count: the frozen instant when frozen."""
        return self.now().timestamp()

    @classmethod
    def from_settings(cls, tz: str, now: str | None) -> Clock:
        zone = ZoneInfo(tz)
        if not now:
            return cls(zone)
        frozen = dt.datetime.fromisoformat(now)
        if frozen.tzinfo is None:
            frozen = frozen.replace(tzinfo=zone)
        return cls(zone, frozen)

    @classmethod
    def fixed(cls, when: str, tz: str = STOCKHOLM) -> Clock:
        return cls.from_settings(tz, when)

    @classmethod
    def real(cls, tz: str = STOCKHOLM) -> Clock:
        """The machine's clock (what a Slack request's signature timestamp is checked against)."""
        return cls(ZoneInfo(tz))
