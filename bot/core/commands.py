"""Typed commands and the one registry of them.

A message is matched to one of the commands (handlers/: each family of commands in its
module, the matchers' order in handlers/__init__.py), answered from the store into a result
and rendered by the result's template (bot.core.render). The registry holds each command's
help text and examples: `hjälp`, the README's command table and the tests all come from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from bot.core.records import dataclass  # cheaper to define (cold start)

if TYPE_CHECKING:
    from bot.core.snapshot import Snapshot

ME = "@me"  # "mina uppdrag": the user who asks


@dataclass(frozen=True, kw_only=True)
class Command:
    """What a message (or a button, a form) asks for. ``writes``: answering it changes the
    store, so its answer gets the delivery's event_id (idempotent) and reads afresh."""

    name: ClassVar[str] = ""
    writes: ClassVar[bool] = False


@dataclass(frozen=True)
class Spec:
    """One chat command: its help and examples, its answer, what it needs in the store
    (snapshot attribute, what it is called) and where its live examples come from."""

    command: type[Command]
    title: str
    help: str
    examples: tuple[str, ...]
    answer: Callable[..., Any]
    needs: tuple[str, str] | None = None
    live: Callable[[Snapshot], list[str]] | None = None
    daily: bool = False

    @property
    def name(self) -> str:
        return self.command.name


REGISTRY: dict[str, Spec] = {}


def register(command: type[Command], *, title: str, help: str, examples: tuple[str, ...],
             needs: tuple[str, str] | None = None,
             live: Callable[[Snapshot], list[str]] | None = None, daily: bool = False,
             ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the answer function of ``command``. ``needs``: the snapshot attribute
    without which there is nothing to ask (and what `hjälp` then says is missing);
    ``live``: examples drawn from the live data, for `hjälp`; ``daily``: its answer depends
    on nothing but the command, the store's data and today's date (not on who asks, where,
    or the hour), so its reply is kept until chat writes or the day changes
    (bot.core.memo)."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        if command.name in REGISTRY:
            raise ValueError(f"command {command.name} registered twice")
        REGISTRY[command.name] = Spec(command, title, help, examples, fn, needs, live, daily)
        return fn

    return wrap


def order_registry(modules: list[str]) -> None:
    """Put the registry in the order of ``modules`` (each module's commands in the order they
    were registered): the order `hjälp` and the README list them."""
    rank = {m: i for i, m in enumerate(modules)}
    ordered = sorted(REGISTRY.items(), key=lambda kv: rank.get(kv[1].answer.__module__, len(rank)))
    REGISTRY.clear()
    REGISTRY.update(ordered)


def spec_for(cmd: Command) -> Spec:
    return REGISTRY[type(cmd).name]
