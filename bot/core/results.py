"""Typed results: what an answer is, before it is rendered. The base `Result` and the
pieces several answers share (an uppdrag, an indicator, a budget line); each command's own
result lives with its handler (handlers/)."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import TYPE_CHECKING, Any, ClassVar

from bot.core.records import dataclass  # cheaper to define (cold start)

if TYPE_CHECKING:
    from bot.core.markup import Action

# a chat reply lists at most this many items of a kind; the rest are counted
LIST_LIMIT = 60


@dataclass(kw_only=True)
class Result:
    template: ClassVar[str] = ""
    limit: ClassVar[int] = LIST_LIMIT

    def actions(self) -> list[Action]:
        """What a reply with this result offers to do next (buttons, where there are)."""
        return []

    def attachments(self) -> list[Attachment]:
        """The files a reply with this result carries (the report), for the platform to send."""
        return []


@dataclass(frozen=True)
class Attachment:
    """A file a reply carries, neutral: each platform sends it its own way (Slack uploads it
    with the reply's words as its comment)."""

    filename: str
    title: str
    data: bytes
    alt: str = ""


@dataclass(kw_only=True)
class DeadlineInfo:
    date: dt.date | None
    body: str | None
    label: str
    days: int | None  # relative to today; negative = passed


@dataclass(kw_only=True)
class UpdateInfo:
    id: int
    author: str
    at: dt.datetime
    text: str
    status: str | None
    percent: int | None
    kind: str = "update"
    ref_id: int | None = None
    undone: bool = False


@dataclass(kw_only=True)
class IndikatorInfo:
    slug: str
    name: str
    malomrade: int
    table: str
    number: int
    description: str | None
    source: str | None
    frequency: str
    unit: str
    reported_to_kf: bool
    baseline: float | None
    baseline_text: str | None
    target: str | None
    latest: float | None
    latest_date: dt.date | None
    previous: float | None
    previous_date: dt.date | None
    colour: str | None
    trend: str | None
    uppdrag: list[str] = field(default_factory=list)
    uppdrag_derived: bool = False  # the links to uppdrag are ours, not printed in the plan
    decimals: int | None = None  # decimals of the baseline as printed in the plan
    colour_reason: str | None = None  # the colour rule applied, in words
    latest_source: str | None = None
    previous_source: str | None = None


@dataclass(kw_only=True)
class UppdragInfo:
    key: str
    title: str
    malomrade: int
    malomrade_name: str | None
    description: str | None
    scope: str | None
    uppfoljning: str | None
    tidplan: str | None
    tidplan_flags: list[str]
    deadlines: list[DeadlineInfo]
    insatser: list[dict[str, Any]]
    insatser_source: str | None
    owners: list[str]
    plan_owner: str | None
    status: str | None
    percent: int | None
    latest: UpdateInfo | None
    last_update_days: int | None
    indicators: list[IndikatorInfo]
    indicators_derived: bool = False  # the links are ours, not printed beside the uppdrag
    next_deadline: DeadlineInfo | None = None
    late: bool = False
    last_passed: DeadlineInfo | None = None
    aktiviteter: list[AktivitetInfo] = field(default_factory=list)  # the card's (handlers/aktiviteter.py)
    aktiviteter_summary: str | None = None  # "1 av 3 klara, 1 försenad, 1 tyst"
    aktivitet_latest: AktivitetInfo | None = None  # the one of them updated last (the card's)


@dataclass(kw_only=True)
class AktivitetInfo:
    """An aktivitet of the förvaltning's verksamhetsplan as shown: on its card and its uppdrag's."""

    ref: str
    title: str
    uppdrag: str
    uppdrag_title: str | None
    ansvar: str | None
    status: str | None
    percent: int | None
    late: bool
    silent: bool
    colour: str | None
    deadlines: list[tuple[dt.date | None, str | None, str]]
    latest: UpdateInfo | None
    budgetpaverkan: bool = False
    uppfoljning: str | None = None  # how it is followed up ("Antal genomförda dialoger")
    forvaltning: str | None = None
    owners: list[str] = field(default_factory=list)  # its own (set with "ansvarig 3.2.1 @…")
    uppdrag_owners: list[str] = field(default_factory=list)  # its uppdrag's (may update it too)


@dataclass(kw_only=True)
class BudgetLine:
    code: str | None
    name: str
    table: str
    section: str | None
    unit: str
    values: dict[str, int | None]  # column -> amount
    analysis: str | None
    total: bool = False


@dataclass(kw_only=True)
class Figure:
    measure: str  # bokslut, budget, plan, utfall, prognos, avvikelse
    year: int
    amount: int
    unit: str
    table: str
    analysis: str | None = None


@dataclass(kw_only=True)
class Deviation:
    year: int
    amount: int
    unit: str
    utfall: int | None
    budget: int | None
    analysis: str | None
