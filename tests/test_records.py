"""bot.core.records.dataclass behaves as the standard library's (it only defines classes
faster): each class below is made twice, by both, and their instances are compared."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar
from unittest.mock import ANY

import pytest

from bot.core import records


def both(**options: Any) -> Any:
    """A decorator that makes the class with each of the two dataclass decorators."""
    def make(body: Any) -> tuple[type, type]:
        return (dataclasses.dataclass(**options)(body(object)),
                records.dataclass(**options)(body(object)))
    return make


@both(frozen=True, kw_only=True)
def Frozen(base: type) -> type:
    class Frozen(base):  # type: ignore[valid-type,misc]
        name: ClassVar[str] = "x"
        key: str
        n: int = 0
        hidden: list[int] = dataclasses.field(default_factory=list, repr=False, compare=False)
    return Frozen


@both()
def Mutable(base: type) -> type:
    class Mutable(base):  # type: ignore[valid-type,misc]
        a: int
        b: str = "b"
        items: list[Any] = dataclasses.field(default_factory=list)
    return Mutable


@both(frozen=True)
def OwnMethods(base: type) -> type:
    class OwnMethods(base):  # type: ignore[valid-type,misc]
        a: int

        def __repr__(self) -> str:
            return "mine"

        def __eq__(self, other: object) -> bool:
            return True

        def __hash__(self) -> int:
            return 7
    return OwnMethods


@pytest.mark.parametrize("pair", [Frozen, Mutable, OwnMethods], ids=lambda p: p[0].__name__)
def test_instances_compare_show_and_hash_as_the_standard_ones(pair: tuple[type, type]) -> None:
    std, ours = pair
    args: dict[str, Any] = {"Frozen": {"key": "3.2", "n": 2}, "Mutable": {"a": 1},
                            "OwnMethods": {"a": 1}}[std.__name__]
    other = {**args, next(iter(args)): args[next(iter(args))] * 2}
    s1, s2, s3 = std(**args), std(**args), std(**other)
    o1, o2, o3 = ours(**args), ours(**args), ours(**other)
    assert repr(o1) == repr(s1) and repr(o3) == repr(s3)
    assert (o1 == o2, o1 == o3, o1 != o2, o1 == args) == (s1 == s2, s1 == s3, s1 != s2, s1 == args)
    assert (o1 == ANY) == (s1 == ANY)  # another class is asked in turn (NotImplemented)
    assert (ours.__hash__ is None) == (std.__hash__ is None)
    if std.__hash__ is not None:
        assert (hash(o1) == hash(o2)) and hash(o1) == hash(s1)
    assert [f.name for f in dataclasses.fields(ours)] == [f.name for f in dataclasses.fields(std)]
    assert dataclasses.asdict(o1) == dataclasses.asdict(s1)
    assert dataclasses.replace(o1, **other) == o3
    if std.__name__ != "OwnMethods":  # its own __eq__ says True to anything
        assert o1 != s1  # of another class: never equal, as between two standard dataclasses


def test_a_frozen_one_refuses_assignment_and_a_field_left_out_of_compare_is_ignored() -> None:
    _, ours = Frozen
    a = ours(key="3.2", hidden=[1])
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.key = "1"
    assert a == ours(key="3.2", hidden=[2]) and hash(a) == hash(ours(key="3.2"))
    assert repr(a).endswith(".Frozen(key='3.2', n=0)")


def test_a_recursive_repr_says_so() -> None:
    std, ours = Mutable
    s, o = std(a=1), ours(a=1)
    s.items.append(s)
    o.items.append(o)
    assert repr(o) == repr(s) and repr(o).endswith(".Mutable(a=1, b='b', items=[...])")


def test_a_subclass_compares_by_its_own_fields() -> None:
    _, ours = Frozen

    @records.dataclass(frozen=True, kw_only=True)
    class Sub(ours):  # type: ignore[valid-type,misc]
        extra: int = 0

    assert Sub(key="a", extra=1) != Sub(key="a", extra=2)
    assert Sub(key="a") != ours(key="a")
    assert repr(Sub(key="a", extra=1)).endswith(".Sub(key='a', n=0, extra=1)")
