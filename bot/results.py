"""Typed results: what an answer is, before it is rendered to text or Block Kit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

# a chat reply lists at most this many items of a kind; the rest are counted
LIST_LIMIT = 60


@dataclass(kw_only=True)
class Result:
    template: ClassVar[str] = ""
    limit: ClassVar[int] = LIST_LIMIT


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
    decimals: int | None = None  # decimals of the baseline as printed in the plan
    colour_reason: str | None = None  # the colour rule applied, in words
    latest_source: str | None = None


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
    next_deadline: DeadlineInfo | None = None
    late: bool = False
    last_passed: DeadlineInfo | None = None


@dataclass(kw_only=True)
class HelpResult(Result):
    template: ClassVar[str] = "help.j2"
    commands: list[dict[str, Any]]
    organisation: str | None
    plan_title: str | None
    missing: list[str] = field(default_factory=list)  # kinds of data the store does not have yet


@dataclass(kw_only=True)
class UnknownResult(Result):
    template: ClassVar[str] = "unknown.j2"
    text: str
    suggestions: list[str]
    empty_store: bool = False
    lead: str | None = None  # "Jag hittar ingen indikator som matchar …"
    examples: list[str] = field(default_factory=list)
    social: bool = False  # a greeting or a thank-you, answered in kind


@dataclass(kw_only=True)
class UppdragCardResult(Result):
    template: ClassVar[str] = "uppdrag_card.j2"
    uppdrag: UppdragInfo
    word: str


@dataclass(kw_only=True)
class UppdragMissingResult(Result):
    template: ClassVar[str] = "uppdrag_missing.j2"
    key: str
    malomrade_exists: bool
    neighbours: list[tuple[str, str]]
    all_keys: list[str]
    word: str
    malomrade: int | None = None
    malomrade_word: str = "Målområde"
    has_plan: bool = True


@dataclass(kw_only=True)
class UppdragListResult(Result):
    template: ClassVar[str] = "uppdrag_list.j2"
    heading: str
    items: list[UppdragInfo]
    empty_text: str
    show_deadlines_in: tuple[dt.date, dt.date] | None = None
    next_hint: tuple[dt.date, list[str]] | None = None  # the next deadline after an empty window
    last_hint: tuple[dt.date, list[str]] | None = None  # else the last one before it
    show_silence: bool = False
    note: str | None = None  # what the list means ("försenad" = …)
    show_owners: bool = False
    show_latest: bool = False  # the latest update under each line


@dataclass(kw_only=True)
class IndikatorCardResult(Result):
    template: ClassVar[str] = "indikator_card.j2"
    indikator: IndikatorInfo
    others: list[IndikatorInfo]
    word: str


@dataclass(kw_only=True)
class IndikatorListResult(Result):
    template: ClassVar[str] = "indikator_list.j2"
    heading: str
    items: list[IndikatorInfo]
    empty_text: str = "Inga indikatorer."


@dataclass(kw_only=True)
class MalomradeResult(Result):
    template: ClassVar[str] = "malomrade.j2"
    number: int
    name: str
    short: str | None
    intro: str | None
    goals: list[str]
    indikatorer: list[IndikatorInfo]
    uppdrag: list[UppdragInfo]
    goals_only: bool
    word: str
    namnd: str | None = None


@dataclass(kw_only=True)
class MalomradeListResult(Result):
    template: ClassVar[str] = "malomrade_list.j2"
    items: list[dict[str, Any]]
    word: str


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


@dataclass(kw_only=True)
class BudgetVerksamhetResult(Result):
    template: ClassVar[str] = "budget_verksamhet.j2"
    code: str
    name: str
    year: int | None
    focus: str
    lines: list[BudgetLine]
    main: Figure | None = None  # the asked year's budget (or plan, utfall, bokslut)
    deviation: Deviation | None = None  # the asked year's, else the latest reported
    deviation_missing: bool = False  # a deviation was asked for a year that has none
    current: Figure | None = None  # the plan year's budget, for context
    series: list[Figure] = field(default_factory=list)
    unit: str = "tkr"


@dataclass(kw_only=True)
class BudgetOverviewResult(Result):
    template: ClassVar[str] = "budget_overview.j2"
    year: int | None
    focus: str
    kind: str
    frame_tkr: int | None
    frame_title: str | None
    tables: list[dict[str, Any]]  # {title, section, columns, rows: [BudgetLine]}
    deviations: list[BudgetLine]  # sorted by size, largest first
    total: BudgetLine | None
    years: list[int]
    label: str = ""  # "Budget 2026", "Plan 2028"


@dataclass(kw_only=True)
class InvesteringResult(Result):
    template: ClassVar[str] = "investering.j2"
    projects: list[dict[str, Any]]
    query: str | None
    budget_lines: list[BudgetLine]
    listing: bool = False
    year: int | None = None


@dataclass(kw_only=True)
class MaluppfyllelseResult(Result):
    template: ClassVar[str] = "maluppfyllelse.j2"
    year: int | None
    rows: list[dict[str, Any]]
    years: list[int]


@dataclass(kw_only=True)
class ArshjulResult(Result):
    template: ClassVar[str] = "arshjul.j2"
    heading: str
    events: list[dict[str, Any]]
    has_calendar: bool
    organisation: str = "Organisationen"
    month: int | None = None
    due: list[UppdragInfo] = field(default_factory=list)  # the plan's uppdrag due in the month asked about
    due_period: str | None = None
    due_window: tuple[dt.date, dt.date] | None = None
    what: str | None = None  # an event asked about when there is no calendar
    regular: list[UppdragInfo] = field(default_factory=list)  # uppdrag that follow "ordinarie rapporteringsstruktur"
