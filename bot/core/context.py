"""What an answer may use (`Context`) and the one failure the user reads (`UserError`)."""

from __future__ import annotations

import datetime as dt

from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from store import queries as q
from store.db import Store


@dataclass
class Context:
    """What an answer may use: the store, the plan snapshot, the time and who asks."""

    store: Store
    snap: Snapshot
    now: dt.datetime
    user: str | None = None
    admins: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    channel: str | None = None  # the conversation the message came from (Slack adapters)
    marks: q.Marks | None = None  # the store's change marks as the request began

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def change_marks(self) -> q.Marks:
        """The store's change marks, which key what is cached until chat writes: those read
        as the request began (a question), else read now (after a write)."""
        return self.marks if self.marks is not None else q.change_marks(self.store)


class UserError(Exception):
    """A failure the user should read, in Swedish; rendered as the reply."""
