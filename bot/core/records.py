"""`dataclass` as the standard library's, made cheaper to define (cold start).

Python 3.11's `dataclasses.dataclass` writes each class's `__init__`, `__repr__`, `__eq__`,
`__hash__`, and for a frozen class `__setattr__` and `__delattr__`, as source text and
compiles it: about 0.6 ms a class, and a question defines about a hundred (every handler's
commands and results) before it is read. This one lets `dataclasses` write only `__init__`
(and the frozen guards) and gives every class the same `__repr__`, `__eq__` and `__hash__`,
which read the class's fields when called. They behave as the generated ones: equal when of
the same class and equal field by field (fields with ``compare``), the repr
``Name(a=1, b='x')`` (fields with ``repr``; ``...`` for a recursion), the hash of the
compared fields for a frozen class, no hash for a mutable one; a method the class writes
itself is kept. The result is a real dataclass (`dataclasses.fields`, `replace`, `asdict`).

Use it as the standard one: ``from bot.core.records import dataclass``; ``field`` and the
rest come from `dataclasses`. Type checkers see `dataclasses.dataclass` itself.
"""

from __future__ import annotations

import dataclasses
import reprlib
from typing import TYPE_CHECKING, Any

_STD = dataclasses.dataclass
_NAMES: dict[tuple[type, str], tuple[str, ...]] = {}


def _names(cls: type, what: str) -> tuple[str, ...]:
    """The names of ``cls``'s fields that take part in ``what`` (compare, repr, hash)."""
    key = (cls, what)
    names = _NAMES.get(key)
    if names is None:
        fields = dataclasses.fields(cls)
        if what == "hash":
            names = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
        else:
            names = tuple(f.name for f in fields if getattr(f, what))
        _NAMES[key] = names
    return names


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        names = _names(self.__class__, "compare")
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
    return NotImplemented


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _names(self.__class__, "repr"))
    return f"{self.__class__.__qualname__}({shown})"


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, n) for n in _names(self.__class__, "hash")))


def _record(cls: type, *, init: bool, repr: bool, eq: bool, frozen: bool, kw_only: bool) -> type:
    # what the class itself defines is kept, as dataclasses does (a class body with __eq__
    # and no __hash__ gets __hash__ = None from Python: that is not an explicit hash)
    own = cls.__dict__
    class_hash = own.get("__hash__", dataclasses.MISSING)
    explicit_hash = not (class_hash is dataclasses.MISSING or (class_hash is None and "__eq__" in own))
    if not own.get("__doc__"):  # dataclasses would build one from inspect.signature (slow)
        cls.__doc__ = cls.__name__
    _STD(cls, init=init, repr=False, eq=False, frozen=frozen, kw_only=kw_only)
    if repr and "__repr__" not in own:
        cls.__repr__ = _repr  # type: ignore[assignment]
    if eq:
        if "__eq__" not in own:
            cls.__eq__ = _eq  # type: ignore[assignment]
        if not explicit_hash:
            cls.__hash__ = _hash if frozen else None  # type: ignore[assignment]
    return cls


if TYPE_CHECKING:
    from dataclasses import dataclass
else:
    def dataclass(cls=None, /, *, init=True, repr=True, eq=True, frozen=False, kw_only=False):
        def wrap(c):
            return _record(c, init=init, repr=repr, eq=eq, frozen=frozen, kw_only=kw_only)

        return wrap if cls is None else wrap(cls)

__all__ = ["dataclass"]
