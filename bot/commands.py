"""Typed commands and the one registry of them.

A message is parsed into one of these commands (bot.parse), answered from the store into
a result (bot.answers) and rendered by the command's template (bot.render). The registry
holds each command's help text and examples: `hjälp`, the README's command table and the
tests all come from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from bot.models import Status

ME = "@me"  # "mina uppdrag": the user who asks


@dataclass(frozen=True, kw_only=True)
class Command:
    name: ClassVar[str] = ""


@dataclass(frozen=True, kw_only=True)
class Help(Command):
    name: ClassVar[str] = "hjälp"


@dataclass(frozen=True, kw_only=True)
class Unknown(Command):
    name: ClassVar[str] = "okänd"
    text: str
    kind: str | None = None  # what the message asked for, when it said: "indikator", "uppdrag" …
    about: str | None = None  # the words that matched nothing, as typed


@dataclass(frozen=True, kw_only=True)
class UppdragCard(Command):
    name: ClassVar[str] = "uppdrag"
    key: str


@dataclass(frozen=True, kw_only=True)
class UppdragList(Command):
    name: ClassVar[str] = "uppdragslista"
    malomrade: int | None = None
    status: Status | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    body: str | None = None  # "KS"
    period: str | None = None  # "december", "nästa vecka", "de närmaste 30 dagarna"
    late: bool = False
    silent_days: int | None = None
    recent_days: int | None = None  # updated within this many days ("vad har hänt")
    no_owner: bool = False
    keys: tuple[str, ...] = ()  # the uppdrag a word matched equally well ("hållbar")
    search: str | None = None  # that word, as typed
    with_owners: bool = False  # show who is responsible for each
    owner: str | None = None  # only this user's uppdrag (ME: the one who asks)


@dataclass(frozen=True, kw_only=True)
class IndikatorCard(Command):
    name: ClassVar[str] = "indikator"
    slug: str
    others: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class IndikatorList(Command):
    name: ClassVar[str] = "indikatorer"
    malomrade: int | None = None
    colour: Literal["grön", "gul", "röd"] | None = None
    reported_to_kf: bool = False  # only those reported to kommunfullmäktige
    unmeasured: bool = False  # only those without a measurement yet


@dataclass(frozen=True, kw_only=True)
class MalomradeView(Command):
    name: ClassVar[str] = "målområde"
    number: int
    goals_only: bool = False


@dataclass(frozen=True, kw_only=True)
class MalomradeList(Command):
    name: ClassVar[str] = "målområden"


@dataclass(frozen=True, kw_only=True)
class BudgetVerksamhet(Command):
    name: ClassVar[str] = "budget"
    code: str
    year: int | None = None
    focus: Literal["budget", "avvikelse"] = "budget"


@dataclass(frozen=True, kw_only=True)
class BudgetOverview(Command):
    name: ClassVar[str] = "budgetöversikt"
    year: int | None = None
    focus: Literal["budget", "avvikelse"] = "budget"
    kind: Literal["drift", "investering"] = "drift"


@dataclass(frozen=True, kw_only=True)
class Investering(Command):
    name: ClassVar[str] = "investering"
    project: str | None = None
    year: int | None = None


@dataclass(frozen=True, kw_only=True)
class MaluppfyllelseView(Command):
    name: ClassVar[str] = "måluppfyllelse"
    year: int | None = None


@dataclass(frozen=True, kw_only=True)
class ArshjulView(Command):
    name: ClassVar[str] = "årshjul"
    month: int | None = None
    event: int | None = None  # position in the snapshot's årshjul list
    what: str | None = None  # an event asked about that the calendar does not have


@dataclass(frozen=True)
class Spec:
    """One chat command: its help and examples, its answer and its template."""

    command: type[Command]
    title: str
    help: str
    examples: tuple[str, ...]
    answer: Callable[..., Any]
    template: str

    @property
    def name(self) -> str:
        return self.command.name


REGISTRY: dict[str, Spec] = {}


def register(command: type[Command], *, title: str, help: str, examples: tuple[str, ...],
             template: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the answer function of ``command``."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        if command.name in REGISTRY:
            raise ValueError(f"command {command.name} registered twice")
        REGISTRY[command.name] = Spec(command, title, help, examples, fn, template)
        return fn

    return wrap


def spec_for(cmd: Command) -> Spec:
    return REGISTRY[type(cmd).name]
