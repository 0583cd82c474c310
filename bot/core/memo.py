"""Replies kept until the store changes or the day does (`Replies`).

A command registered ``daily=True`` (bot.core.commands.register) promises that its answer
is a function of the command, the plans in force, the history chat has written and today's
date alone: not of who asks, where, or the hour. Its rendered reply is then kept, keyed by
the command, the snapshot's version, the store's change marks (store.queries.versions: any
update, measurement, role, withdrawal or aktivitet update written since changes them) and
the date, as the lists of uppdrag and indicators are (bot.core.views). The uppdrag card is
the question asked most, by many people in a day; a repeated one costs a dictionary lookup
instead of its queries and its template (bench/README.md, "Slack round trip").
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import Generic, TypeVar

T = TypeVar("T")

SIZE = 512  # replies kept (the least recently asked go first): bounded, whatever is typed


class Replies(Generic[T]):
    """A bounded, thread-safe map of keys to replies (least recently used out first); what
    is handed out is ``copy`` of what is kept (a `Reply`: its lists its own)."""

    def __init__(self, size: int = SIZE, copy: Callable[[T], T] | None = None) -> None:
        self.size = size
        self.copy: Callable[[T], T] = copy or _copy
        self._kept: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T],
            keep: Callable[[T], bool] | None = None) -> T:
        """The reply kept under ``key``, else ``make()`` (kept unless ``keep`` of it says
        no). What is handed out is a copy of what is kept, so a caller changing its reply
        changes no other's."""
        with self._lock:
            hit = self._kept.get(key)
            if hit is not None:
                self._kept.move_to_end(key)
        if hit is not None:
            return self.copy(hit)
        value = make()
        if keep is None or keep(value):
            with self._lock:
                self._kept[key] = value
                self._kept.move_to_end(key)
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
            return self.copy(value)
        return value

    def peek(self, key: Hashable) -> T | None:
        """The reply kept under ``key`` (a copy), or None; nothing is made."""
        with self._lock:
            hit = self._kept.get(key)
        return self.copy(hit) if hit is not None else None

    def __len__(self) -> int:
        return len(self._kept)


def _copy(value: T) -> T:
    """A shallow copy of a reply, its lists their own (a dataclass with list fields)."""
    fields = {k: list(v) for k, v in vars(value).items() if isinstance(v, list)}
    return replace(value, **fields)  # type: ignore[type-var]
