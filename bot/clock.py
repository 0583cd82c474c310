"""The clock is passed in, never read from globals: every test can freeze time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo


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
    def fixed(cls, when: str, tz: str = "Europe/Stockholm") -> Clock:
        return cls.from_settings(tz, when)
