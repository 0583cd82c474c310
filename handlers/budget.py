"""The budget: per verksamhet, the year's overview and deviations, investments."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field, replace
from typing import Any, ClassVar, Literal

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.parse import BEST, LARGEST, SMALLEST, Query, rank_place, ranks_one
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.domain.text import fold
from store.db import Row


@dataclass(frozen=True, kw_only=True)
class BudgetVerksamhet(Command):
    name: ClassVar[str] = "budget"
    code: str
    year: int | None = None
    focus: Literal["budget", "avvikelse"] = "budget"
    outcome: bool = False  # "utfall gymnasieskola 2024": the outcome first, then the deviation
    # a yes or no asked of the deviation: whether it went over budget ("gick gymnasiet över
    # budget 2024?"), or held it ("höll räddningstjänsten budgeten?"): the answer first
    asks: Literal["över", "höll"] | None = None
    # its share of the whole asked ("hur stor andel av budgeten går till gymnasieskolan?")
    share: bool = False
    # its intäkter or kostnader asked ("hur mycket var intäkterna?" after the line): the
    # report's verksamhetsanalys splits the net into both, shown first where it has the line
    part: Literal["intäkter", "kostnader"] | None = None


@dataclass(frozen=True, kw_only=True)
class BudgetOverview(Command):
    name: ClassVar[str] = "budgetöversikt"
    year: int | None = None
    focus: Literal["budget", "avvikelse"] = "budget"
    kind: Literal["drift", "investering"] = "drift"
    # only the lines below / above budget; or ("positiv", "negativ") the lines whose budget
    # itself is a net income / a net cost ("vilka verksamheter har positiv budget 2026?")
    sign: Literal["underskott", "överskott", "positiv", "negativ"] | None = None
    # the year's total outcome was asked ("hur mycket investerade vi 2024?"): it comes first,
    # with the budget and the deviation, then the largest lines by outcome
    outcome: bool = False
    # the largest lines of the year asked ("vilken verksamhet har störst budget 2026?",
    # "vad kostar mest?"): they come first, the largest cost first
    largest: bool = False
    # the lines whose budget grows or shrinks from the year before ("vilka verksamheter får
    # mer pengar 2027?"), by how much, the largest change first
    change: Literal["ökar", "minskar", "oförändrad"] | None = None
    # with change: the year it is counted from ("ökar mest 2026 till 2028"), else the year before
    since: int | None = None
    # the budget frame asked ("hur stor är budgetramen 2026?"): KF's frame comes first
    frame: bool = False
    # a ranking asked of one ("vilken verksamhet hade störst underskott 2024?"): that end of
    # the ranked lines comes first, named, then the lines
    one: Literal["störst", "minst"] | None = None
    # the total deviation without these lines ("hur hade resultatet sett ut utan
    # gymnasieskolan?"): the total, the lines, and what is left
    without: tuple[str, ...] = ()
    # with sign: only the deviations at least this large, in tkr ("med mer än 500 tkr")
    at_least: int | None = None
    # only the tables of this section ("Finansförvaltningen"), not the nämnd's own first
    section: str | None = None
    # with sign: only so many of the largest ("topp 3 underskott 2024")
    top: int | None = None
    # a row of the whole budget asked ("intäkterna 2026", "och kostnaderna?"): it comes first,
    # not the total
    row: str | None = None
    # with one: the place in the ranking asked, 0 the end itself ("näst störst underskott":
    # 1, "den tredje": 2)
    nth: int = 0
    # with one "minst": the line nearest its budget asked ("vilken verksamhet låg närmast
    # budget 2024?"): the smallest deviation named, on budget too (±0)
    nearest: bool = False
    # the year asked for ("vilket år hade störst underskott?"): the years reported said first
    by_year: bool = False


@dataclass(frozen=True, kw_only=True)
class Investering(Command):
    name: ClassVar[str] = "investering"
    project: str | None = None
    year: int | None = None
    total: bool = False  # the project's total asked ("vad blev totalen?"): it comes first
    # the projects a word of their names picks out ("investeringar i Åsbro"), and that word
    names: tuple[str, ...] = ()
    named: str | None = None
    # only the projects with no outcome that year though budgeted ("vilka investeringar blev
    # inte av 2024?")
    unstarted: bool = False
    # the projects' whole figures (upparbetat, total budget, prognos, total avvikelse), summed;
    # over: only those whose forecast goes over their total budget
    whole: bool = False
    over: bool = False
    share: bool = False  # with names: their share of all the year's projects
    why: bool = False  # "varför blev den dyrare?": the project's analysis first
    when: bool = False  # "när blir den klar?": what its analysis says of when, first
    # with names: the projects compared on this figure ("utfall", "budget", "avvikelse",
    # "accumulated" (upparbetat), "total_deviation"), in the order asked, the difference first
    compare: str | None = None
    ranked: bool = False  # with compare or whole: which is largest asked, it comes first
    least: bool = False  # with ranked: the smallest
    # of one project: how far over budget it went asked ("över": said first, the year's
    # deviation), or its total budget ("totalbudget": first on the project's total line)
    # its forecast for the whole project ("prognos": first on the project's total line)
    asks: Literal["över", "totalbudget", "prognos"] | None = None


@dataclass(frozen=True, kw_only=True)
class InvesteringGrupp(Command):
    """A group of the investment budget ("Strategiska investeringar", "Reinvesteringar
    lokaler"): its sum per year, and its projects in the year asked."""

    name: ClassVar[str] = "investeringsgrupp"
    group: str
    year: int | None = None
    until: int | None = None  # the last year of a stretch asked ("reinvesteringar 2026–2030")


@dataclass(kw_only=True)
class BudgetVerksamhetResult(r.Result):
    template: ClassVar[str] = "budget_verksamhet.j2"
    code: str
    name: str
    year: int | None
    focus: str
    lines: list[r.BudgetLine]
    main: r.Figure | None = None  # the asked year's budget (or plan, utfall, bokslut)
    deviation: r.Deviation | None = None  # the asked year's, else the latest reported
    deviation_missing: bool = False  # a deviation was asked for a year that has none
    current: r.Figure | None = None  # the plan year's budget, for context
    series: list[r.Figure] = field(default_factory=list)
    unit: str = "tkr"
    # years where two documents print different outcomes: (year, [(document, measure, amount)])
    sources_differ: list[tuple[int, list[tuple[str, str, int]]]] = field(default_factory=list)
    outcome: bool = False  # the outcome was asked: the deviation's line leads with it
    asks: str | None = None  # "över" / "höll": the yes or no first
    # the asked year's figure as a share of its table's Summa: (percent, the Summa's figure)
    share: tuple[float, r.Figure] | None = None
    # the intäkter or kostnader asked, from the report's verksamhetsanalys: (part, year,
    # utfall, budget); None when the analysis does not split the line
    part: tuple[str, int, int | None, int | None] | None = None
    part_missing: str | None = None  # the part asked that the analysis does not split


@dataclass(kw_only=True)
class BudgetOverviewResult(r.Result):
    template: ClassVar[str] = "budget_overview.j2"
    year: int | None
    focus: str
    kind: str
    frame_tkr: int | None
    frame_title: str | None
    tables: list[dict[str, Any]]  # {title, section, columns, rows: [r.BudgetLine]}
    deviations: list[r.BudgetLine]  # sorted by size, largest first
    total: r.BudgetLine | None
    years: list[int]
    label: str = ""  # "Budget 2026", "Plan 2028"
    sign: str | None = None  # the deviations are only the lines with underskott / överskott
    sign_total: int | None = None  # their sum
    # the first table's total in the year, the answer to "hur mycket … totalt": (name, amount,
    # unit, the column it stands in: "budget 2026", "bokslut 2024"), and its document
    headline: tuple[str, int, str, str] | None = None
    headline_doc: str | None = None
    by_year: bool = False  # the year was asked for: the years with deviations said first
    # a past year's result beside its budget: (budget, avvikelse), "hur gick KS 2024?"
    headline_vs: tuple[int, int] | None = None
    # the year's total outcome as two documents print it differently: [(document, measure,
    # amount)], and the verksamheter whose two outcomes differ ("91 Gemensamma lokaler")
    totals_differ: list[tuple[str, str, int]] = field(default_factory=list)
    lines_differ: list[str] = field(default_factory=list)
    # a past year's total: its outcome (measure, amount) and its budget, from the documents'
    # total rows ("Investeringar 2024, utfall: −91 549 tkr, budget −83 805 tkr")
    outcome: tuple[str, int] | None = None
    outcome_budget: int | None = None
    frame_first: bool = False  # the frame was asked: its line comes before the net cost
    by_outcome: list[r.BudgetLine] = field(default_factory=list)  # largest outcome first
    outcome_asked: bool = False
    # the largest costs of the year's budget or plan, largest first: (line, its column)
    largest: list[tuple[r.BudgetLine, str]] = field(default_factory=list)
    # the lines that grow or shrink: (line, the year before's column, the year's, change)
    changes: list[tuple[r.BudgetLine, str, str, int]] = field(default_factory=list)
    change: str | None = None
    since: int | None = None  # the changes are counted from this year (else the year before)

    no_outcome: int | None = None  # the year asked has no deviations: ``year`` is the last that has
    # the one a ranking asked of one names: (its lead words, the line, its amount's column)
    one: tuple[str, r.BudgetLine, str] | None = None
    # the lines left out of the total deviation, and the total without them
    without: list[r.BudgetLine] = field(default_factory=list)
    without_total: int | None = None
    without_label: str = ""  # "45 Gymnasieskola"
    at_least: int | None = None  # the deviations listed are larger than this (tkr)
    top: int | None = None  # only so many of the largest are shown, asked ("topp 3")


@dataclass(kw_only=True)
class InvesteringResult(r.Result):
    template: ClassVar[str] = "investering.j2"
    projects: list[dict[str, Any]]
    query: str | None
    budget_lines: list[r.BudgetLine]
    listing: bool = False
    year: int | None = None
    missing_year: int | None = None  # a year asked that has no project follow-up
    # a year asked of a row of the investment budget only that it has no figure for ("vad
    # kostade nya ekonomisystemet 2024?": said first, then the years it has)
    line_missing_year: int | None = None
    total: bool = False  # the project's totals first, then the year's figures
    named: str | None = None  # the listing is of the projects whose names hold this word
    sums: dict[str, int] | None = None  # theirs together (one year's)
    unstarted: bool = False  # only those budgeted with no outcome
    whole: bool = False  # the projects' whole figures, the largest total deviation first
    over: bool = False  # only those over their total budget
    whole_sum: int | None = None  # their total deviations added up
    share: tuple[float, int] | None = None  # the named projects' share of the year's utfall
    # the investment budget's own figure for the year asked when the follow-up has none
    # ("åsbro förskola 2025": budget 2025 −1 200 tkr): (row name, column, amount)
    year_budget: tuple[str, str, int] | None = None
    why: bool = False  # the reason asked: each project's analysis first
    # when asked: the sentences of each project's analysis that say when (by project name)
    timing: dict[str, list[str]] = field(default_factory=dict)
    # when asked of a project whose analysis says nothing of when: the years the investment
    # budget has it, (column, amount) ("när ska nytt ekonomisystem köpas?": budget 2025)
    budgeted: list[tuple[str, int]] = field(default_factory=list)
    # the rows of a names listing summed, per column every one of them has ("utfall 2024")
    lines_sum: list[tuple[str, int]] = field(default_factory=list)
    # projects compared: the figure's name, each project's (name, amount), the last minus the
    # first, and the largest (or smallest) when asked which
    compare: str | None = None
    compared: list[tuple[str, int | None]] = field(default_factory=list)
    difference: int | None = None
    top: tuple[str, int] | None = None
    least: bool = False
    ranked: bool = False  # with whole: the first (the most over) named first
    asks: str | None = None  # "över" or "totalbudget" asked of one project (Investering.asks)


# a sentence of a project's analysis that tells when it starts, ends or is done ("Byggstart
# november 2023.", "Projektet kommer fortgå under 2025.", "… beräknas utföras tidig vår 2025"),
# not its deviation's year ("Budgetavvikelsen avser endast 2024.")
_WHEN_SAID = re.compile(r"\b(?:byggstart|avslut|slutför|slutfört|fortgå|fortg|startas|startat|"
                        r"utföras|färdigst|klart|invigd|projektstart|påbörja)", re.IGNORECASE)
_NOT_WHEN = re.compile(r"^(?:Budgetavvikelsen|Total projektavvikelse)", re.IGNORECASE)


def budgeted_years(snap: Snapshot, project: str) -> list[tuple[str, int]]:
    """The years the investment budget gives a project an amount, as (column, amount), in
    order: the budget's rows of its name (or, printed shorter, of its name's first part:
    "Hammars skola, förskola"), their budget and plan columns."""
    key = fold(project)
    rows = sorted((b for b in snap.budget if b["table_kind"] == "investering" and not b["total"]
                   and fold(b["name"]).split(",")[0] == key.split(",")[0]),
                  key=lambda b: fold(b["name"]) != key)
    by_year: dict[int, tuple[str, int]] = {}
    for b in rows:
        for v in b["values"]:
            if v["measure"] in ("budget", "plan") and not v["period"] and v["amount"] and \
                    v["year"] is not None and v["year"] not in by_year:
                by_year[v["year"]] = (f"{v['measure']} {v['year']}", v["amount"])
    return [by_year[y] for y in sorted(by_year)]


def timing(analysis: str | None) -> list[str]:
    """The sentences of a project's analysis that say when it starts, ends or is done."""
    return [t.strip() for t in re.split(r"(?<=\.)\s+", analysis or "")
            if _WHEN_SAID.search(t) and not _NOT_WHEN.search(t.strip())]


@dataclass(kw_only=True)
class YearSum:
    """A year of a stretch: its figure's measure, the amount (None when a group of a shared
    word has no figure that year) and each group's figure."""

    year: int
    measure: str
    amount: int | None
    parts: list[tuple[str, r.Figure | None]]


@dataclass(kw_only=True)
class InvesteringGruppResult(r.Result):
    template: ClassVar[str] = "investering_grupp.j2"
    group: str
    year: int | None
    main: r.Figure | None  # the year asked (or the plan year): its bokslut, budget or plan
    series: list[r.Figure]  # every year of the group's sum, in order
    projects: list[tuple[str, int]]  # the group's projects in that year, largest first
    missing_year: bool = False  # a year was asked that the budget has no figure for
    # the groups a shared word names ("reinvesteringar": lokaler and nämnder), each with its
    # figure of the year, and their sum
    groups: list[tuple[str, r.Figure | None]] = field(default_factory=list)
    groups_sum: int | None = None
    # a stretch of years asked: its last year, each year's figure (of each group, for a
    # shared word) and the stretch's sum (None when a year has no figure)
    until: int | None = None
    per_year: list[YearSum] = field(default_factory=list)
    span_sum: int | None = None


# a project's total budget asked: "totala projektbudgeten", "totalbudget", "budgeten för hela
# projektet"
_TOTAL_BUDGET = re.compile(r"\btotal\w*\s+(?:projekt)?budget\w*|\btotalbudget\w*|\bprojektbudget\w*|"
                           r"\bbudget\w*\s+for\s+hela\s+projektet|\btotal\s+budget\b")


def project_asks(q: Query) -> Literal["över", "totalbudget", "prognos"] | None:
    """What a question asks of one project first: its total budget, or how far over budget
    it went ("hur mycket gick åsbro förskola över budget?"); None for its card as it is."""
    if _TOTAL_BUDGET.search(q.text):
        return "totalbudget"
    if any(w.startswith("prognos") for w in q.words):
        return "prognos"  # "vad är prognosen för hammars skola?": the whole project's forecast
    if q.phrase("varfor", "why", "orsak", "orsaken", "anledning", "anledningen"):
        return None  # "varför blev den dyrare än budgeterat?": its analysis, as the card has it
    if q.phrase("over budget", "overskred", "overskridit", "gick back", "gick minus", "drog over",
                "gick over", "went over", "overspend", "overspent", "hur mycket over",
                "hur mkt over", "dyrare an budget", "dyrare an budgeterat", "mer an budgeterat"):
        return "över"
    if set(q.words) & {"dyrare", "billigare", "overskreds"} and not set(q.words) & TOTAL_WORDS \
            and not q.phrase("hela projektet"):
        return "över"  # "blev det dyrare?" of a project: its year's deviation (not its total)
    return None


TOTAL_WORDS = frozenset({"total", "totalen", "totala", "totalt", "totalkostnad",
                         "totalkostnaden", "sammanlagt", "slutkostnad", "slutkostnaden"})


def investment_groups(snap: Snapshot) -> dict[str, list[Row]]:
    """The investment budget's groups: a row of an investment table whose name is the
    section of another investment table (its parts), with that table's rows."""
    def make() -> dict[str, list[Row]]:
        inv = [b for b in snap.budget if b["table_kind"] == "investering"]
        sections = {fold(b["section"] or ""): b["section"] for b in inv if b["section"]}
        out: dict[str, list[Row]] = {}
        for b in inv:
            key = fold(b["name"])
            if not b["total"] and not b["code"] and key in sections and \
                    fold(b["section"] or "") != key:
                out.setdefault(b["name"], [b])
        for name in out:
            out[name] += [b for b in inv if fold(b["section"] or "") == fold(name)
                          and not b["total"]]
        return out
    return snap.memoised("investment_groups", None, make)  # type: ignore[no-any-return]


def _lines(snap: Snapshot) -> dict[int, r.BudgetLine]:
    """Every budget row as a r.BudgetLine, by row id (the budget changes only on import)."""
    return snap.memoised("budget_lines", None,  # type: ignore[no-any-return]
                         lambda: {b["id"]: _line(b) for b in snap.budget})


def _line(row: Row) -> r.BudgetLine:
    values: dict[str, int | None] = {}
    for v in row["values"]:
        col = f"{v['measure']} {v['year']}" + (f" {v['period']}" if v["period"] else "")
        values[col] = v["amount"]
    return r.BudgetLine(code=row["code"], name=row["name"], table=row["table_title"],
                        section=row["section"], unit=row["unit"], values=values,
                        analysis=row["analysis"], total=bool(row["total"]))


def _years(rows: list[Row], measure: str | None = None) -> list[int]:
    return sorted({v["year"] for row in rows for v in row["values"]
                   if (measure is None or v["measure"] == measure) and v["amount"] is not None})


def _pick_year(cmd_year: int | None, rows: list[Row], focus: str, today: dt.date) -> int | None:
    if cmd_year is not None:
        return cmd_year
    years = _years(rows, "avvikelse") if focus == "avvikelse" else (
        _years(rows, "budget") or _years(rows, "plan"))
    if not years:
        years = _years(rows)
    if not years:
        return None
    past = [y for y in years if y <= today.year]
    return past[-1] if past else years[0]


def _figures(rows: list[Row]) -> list[r.Figure]:
    out = []
    for b in rows:
        for v in b["values"]:
            if v["amount"] is None or v["period"]:
                continue
            out.append(r.Figure(measure=v["measure"], year=v["year"], amount=v["amount"],
                                unit=b["unit"], table=b["table_title"], analysis=b["analysis"]))
    return out


def _find(figs: list[r.Figure], measure: str, year: int | None) -> r.Figure | None:
    return next((f for f in figs if f.measure == measure and f.year == year), None)


_ORDER = {"bokslut": 0, "utfall": 1, "budget": 2, "plan": 3, "prognos": 4, "avvikelse": 5}


def _part(snap: Snapshot, code: str, part: str, year: int
          ) -> tuple[str, int, int | None, int | None] | None:
    """A line's intäkter or kostnader (utfall, budget) of the year asked, from the report's
    verksamhetsanalys; None when it does not split the line that year."""
    label = "intäkt" if part == "intäkter" else "kostnad"
    found: list[tuple[int, int | None, int | None]] = []
    for row in snap.nyckeltal:
        if not (row["slug"].startswith("verksamhetsanalys-") and
                row["slug"].endswith(f"-{code}")):
            continue
        by = {(v["year"], v["label"]): v["value"] for v in row["values"]}
        for y in sorted({v["year"] for v in row["values"]}):
            utfall, budget = by.get((y, f"{label} utfall")), by.get((y, f"{label} budget"))
            if utfall is not None or budget is not None:
                found.append((y, None if utfall is None else round(utfall),
                              None if budget is None else round(budget)))
    pick = next((f for f in found if f[0] == year), None)
    return None if pick is None else (part, *pick)


@register(BudgetVerksamhet, title="Budget och avvikelse per verksamhet",
          help="Budget, bokslut, plan, utfall och avvikelse för en verksamhet, med analysen.",
          examples=("budget gymnasieskola 2026", "avvikelse gymnasieskola 2024", "skolskjutsar"),
          needs=("budget", "budget"), live=lambda snap: _verksamhet_examples(snap))
def answer_budget_verksamhet(cmd: BudgetVerksamhet, ctx: Context) -> r.Result:
    rows = [b for b in ctx.snap.budget if b["code"] == cmd.code and b["table_kind"] == "drift"]
    year = _pick_year(cmd.year, rows, cmd.focus, ctx.today)
    figs = _figures(rows)
    main = None
    for measure in ("budget", "plan", "utfall", "bokslut"):
        main = main or _find(figs, measure, year)
    dev_years = sorted({f.year for f in figs if f.measure == "avvikelse"})
    earlier = [y for y in dev_years if year is None or y <= year] or dev_years
    dev_year = year if year in dev_years else (max(earlier) if earlier else None)
    dev = _find(figs, "avvikelse", dev_year)
    deviation = None
    if dev is not None:
        deviation = r.Deviation(year=dev.year, amount=dev.amount, unit=dev.unit,
                                utfall=(_find(figs, "utfall", dev.year) or
                                        _find(figs, "bokslut", dev.year) or dev).amount
                                if (_find(figs, "utfall", dev.year) or
                                    _find(figs, "bokslut", dev.year)) else None,
                                budget=b.amount if (b := _find(figs, "budget", dev.year)) else None,
                                analysis=dev.analysis)
    plan_year = ctx.snap.plan_year
    current = None
    if plan_year and plan_year != year:
        current = _find(figs, "budget", plan_year)
    series = sorted((f for f in figs if f.measure != "avvikelse"),
                    key=lambda f: (f.table, f.year, _ORDER.get(f.measure, 9)))
    share = _share(ctx.snap, rows, dev if cmd.focus == "avvikelse" else main) \
        if cmd.share else None
    part = _part(ctx.snap, cmd.code, cmd.part, cmd.year) if cmd.part and cmd.year else None
    return BudgetVerksamhetResult(
        share=share, part=part,
        # the net is the costs' own figure: only intäkter not split are said to be missing
        part_missing=cmd.part if cmd.part == "intäkter" and part is None and cmd.year is not None
        and cmd.year in dev_years else None,
        code=cmd.code, name=ctx.snap.verksamheter.get(cmd.code, cmd.code), year=year,
        focus=cmd.focus, lines=[_line(b) for b in rows], main=main, deviation=deviation,
        deviation_missing=cmd.focus == "avvikelse" and (dev is None or dev.year != year),
        current=current, series=series, unit=rows[0]["unit"] if rows else "tkr",
        sources_differ=_sources_differ(rows), outcome=cmd.outcome, asks=cmd.asks)


def _share(snap: Snapshot, rows: list[Row], main: r.Figure | None
           ) -> tuple[float, r.Figure] | None:
    """The line's figure as a percentage of its table's Summa the same year and measure."""
    if main is None:
        return None
    for b in rows:
        if b["table_title"] != main.table:
            continue
        total = next((t for t in snap.budget if t["total"] and t["table_id"] == b["table_id"]),
                     None)
        if total is None:
            continue
        whole = next((v["amount"] for v in total["values"] if v["year"] == main.year
                      and v["measure"] == main.measure and not v["period"]), None)
        if whole:
            return (main.amount / whole * 100,
                    r.Figure(measure=main.measure, year=main.year, amount=whole,
                             unit=total["unit"], table=total["name"], analysis=None))
    return None


def _sources_differ(rows: list[Row]) -> list[tuple[int, list[tuple[str, str, int]]]]:
    """Years whose outcome two documents print differently (the plan's "Bokslut 2024"
    against the annual report's "Utfall 2024"), each with the document and figure."""
    by_year: dict[int, dict[str, tuple[str, int]]] = {}
    for b in rows:
        for v in b["values"]:
            if v["measure"] in ("bokslut", "utfall") and not v["period"] and \
                    v["amount"] is not None:
                by_year.setdefault(v["year"], {}).setdefault(b["doc_title"],
                                                              (v["measure"], v["amount"]))
    out = []
    for y, docs in sorted(by_year.items()):
        if len(docs) > 1 and len({a for _m, a in docs.values()}) > 1:
            out.append((y, [(d, m, a) for d, (m, a) in docs.items()]))
    return out


def _totals_differ(snap: Snapshot, year: int | None
                   ) -> tuple[list[tuple[str, str, int]], list[str]]:
    """The year's total outcome where two documents print it differently: the "Summa" of
    each document's table of verksamheter (a table sharing verksamheter with another
    document's, so the finansförvaltningen's is left out), and the verksamheter whose two
    outcomes differ."""
    if year is None:
        return [], []
    drift = [b for b in snap.budget if b["table_kind"] == "drift"]
    codes: dict[int, set[str]] = {}
    docs: dict[int, str] = {}
    for b in drift:
        if b["code"]:
            codes.setdefault(b["table_id"], set()).add(b["code"])
            docs[b["table_id"]] = b["doc_title"]
    shared = {t for t, cs in codes.items()
              if any(cs & other for u, other in codes.items() if docs[u] != docs[t])}
    totals: dict[str, tuple[str, int]] = {}
    for b in drift:
        if b["total"] and b["table_id"] in shared and b["doc_title"] not in totals:
            v = next((v for v in b["values"] if v["year"] == year and not v["period"]
                      and v["measure"] in ("utfall", "bokslut") and v["amount"] is not None), None)
            if v is not None:
                totals[b["doc_title"]] = (v["measure"], v["amount"])
    if len(totals) < 2 or len({a for _m, a in totals.values()}) < 2:
        return [], []
    lines = []
    for code in sorted({b["code"] for b in drift if b["code"] and b["table_id"] in shared},
                       key=lambda c: (len(c), c)):
        rows = [b for b in drift if b["code"] == code]
        name = f"{code} {snap.verksamheter.get(code, rows[0]['name'])}"
        if any(y == year for y, _items in _sources_differ(rows)):
            lines.append(name)
            continue
        printed = {b["doc_title"] for b in rows for v in b["values"] if v["year"] == year
                   and v["measure"] in ("utfall", "bokslut") and v["amount"] is not None}
        if len(printed) == 1 and len(totals) > 1:
            lines.append(f"{name} (bara i {next(iter(printed))})")
    return [(d, m, a) for d, (m, a) in totals.items()], lines


def outcome_years(snap: Snapshot, kind: str) -> set[int]:
    """The years whose outcome (utfall, bokslut) the budget tables of that kind print."""
    return {v["year"] for b in snap.budget if b["table_kind"] == kind for v in b["values"]
            if v["measure"] in ("utfall", "bokslut") and v["amount"] is not None}


def _year_label(rows: list[Row], year: int | None) -> str:
    measures = {v["measure"] for b in rows for v in b["values"] if v["year"] == year}
    if "budget" in measures and measures & {"utfall", "bokslut"}:
        return f"Budget och utfall {year}"  # a past year: the outcome is no budget
    if "budget" in measures or not measures:
        return f"Budget {year or ''}".strip()
    if "plan" in measures:
        return f"Plan {year}"
    return f"Bokslut {year}"


@register(BudgetOverview, title="Budget och avvikelser för ett år",
          help="Budgetramen och driftbudgeten, eller årets avvikelser, störst först, med summa; "
               "vad som kostar mest.",
          examples=("budget 2026", "budgetavvikelser 2024", "största avvikelserna 2024",
                    "investeringsbudget 2026", "vilken verksamhet har störst budget 2026?"),
          needs=("budget", "budget"), live=lambda snap: _overview_examples(snap))
def answer_budget_overview(cmd: BudgetOverview, ctx: Context) -> r.Result:
    # the budget changes only on import (a new snapshot): one answer per question and day
    return ctx.snap.memoised(f"overview:{cmd!r}", ctx.today,  # type: ignore[no-any-return]
                             lambda: _budget_overview(cmd, ctx))


def _budget_overview(cmd: BudgetOverview, ctx: Context) -> BudgetOverviewResult:
    kind = cmd.kind
    rows = [b for b in ctx.snap.budget if (b["table_kind"] == kind or
            (kind == "drift" and b["table_kind"] == "resultat")) and
            (cmd.section is None or b["section"] == cmd.section)]
    year = _pick_year(cmd.year, rows, cmd.focus, ctx.today)
    no_outcome = None
    reported = _years([b for b in rows if b["table_kind"] == kind], "avvikelse")
    if cmd.focus == "avvikelse" and year is not None and year not in reported and \
            (earlier := [y for y in reported if y < year]):
        # "underskott i fjol" in 2026: 2025 has no outcome yet; the last reported year, said so
        no_outcome, year = year, earlier[-1]
    elif cmd.focus == "avvikelse" and cmd.sign in ("underskott", "överskott") and \
            year is not None and reported and year not in reported:
        # "överskott 2023": no deviation of 2023 in the documents; the year that has one, said
        # so (not "0 verksamheter")
        asked = year
        no_outcome, year = year, min(reported, key=lambda y: abs(y - asked))
    frame = next((f for f in ctx.snap.frames if f["year"] == year), None) \
        if cmd.section is None else None  # KF's frame is the nämnd's, not another section's
    tables: dict[tuple[str, str | None], dict[str, Any]] = {}
    deviations: list[r.BudgetLine] = []
    total = None
    lines = _lines(ctx.snap)
    for b in rows:
        line = lines[b["id"]]
        cols = [k for k in line.values if k.endswith(f" {year}") or f" {year} " in k]
        if not cols:
            continue
        if cmd.focus == "avvikelse" and not any(k.startswith("avvikelse") for k in cols):
            continue
        if cmd.focus == "budget" and not any(k.startswith(("budget", "plan")) for k in cols):
            continue
        if all(line.values.get(k) is None for k in cols):
            continue  # a project without figures this year
        t = tables.setdefault((b["table_title"], b["section"]),
                              {"title": b["table_title"], "section": b["section"], "columns": cols,
                               "rows": [], "kind": b["table_kind"], "seen": set()})
        for col in cols:
            if col not in t["columns"]:
                t["columns"].append(col)
        same = (line.name, tuple(line.values.items()))
        if same not in t["seen"]:  # tables printed twice (a sum and its parts) show once
            t["seen"].add(same)
            t["rows"].append(line)
        dev = line.values.get(f"avvikelse {year}")
        if dev is not None and b["table_kind"] == kind:
            if line.total:
                total = total or line
            elif line.code or kind == "investering":
                deviations.append(line)
    deviations.sort(key=lambda ln: (-abs(ln.values.get(f"avvikelse {year}") or 0), ln.name))
    sign_total = None
    if cmd.sign in ("positiv", "negativ"):
        deviations = _signed_lines(tables, year, cmd.sign == "positiv")
        sign_total = sum(_budget_of(ln, year) or 0 for ln in deviations)
    elif cmd.sign is not None:
        below = cmd.sign == "underskott"
        deviations = [ln for ln in deviations
                      if ((ln.values.get(f"avvikelse {year}") or 0) < 0) == below
                      and ln.values.get(f"avvikelse {year}")]
        if cmd.at_least is not None:
            deviations = [ln for ln in deviations
                          if abs(ln.values.get(f"avvikelse {year}") or 0) > cmd.at_least]
        sign_total = sum(ln.values.get(f"avvikelse {year}") or 0 for ln in deviations)
    headline = None
    headline_doc = None
    headline_vs = None
    if cmd.focus == "budget" and tables:
        first = next(iter(tables.values()))
        row_asked = [ln for ln in first["rows"] if cmd.row and fold(ln.name) == fold(cmd.row)]
        for line in row_asked or first["rows"]:
            column = next((c for c in first["columns"] if line.values.get(c) is not None), None)
            if (line.total or row_asked) and column is not None:
                headline = (f"{cmd.section}, {line.name.lower()}" if cmd.section else line.name,
                            line.values[column] or 0, line.unit, column)
                budget, dev = (line.values.get(f"budget {year}"), line.values.get(f"avvikelse {year}"))
                if column.startswith(("bokslut", "utfall")) and budget is not None and dev is not None:
                    headline_vs = (budget, dev)
                headline_doc = next((b["doc_title"] for b in rows
                                     if b["table_title"] == first["title"]
                                     and b["section"] == first["section"]), None)
                break
    differ: tuple[list[tuple[str, str, int]], list[str]] = ([], [])
    if kind == "drift" and cmd.sign is None:
        differ = _totals_differ(ctx.snap, year)
    outcome, outcome_budget = _total_outcome(rows, year, kind)
    by_outcome: list[r.BudgetLine] = []
    if cmd.outcome:
        seen: set[str] = set()
        groups = investment_groups(ctx.snap)
        for b in rows:
            amount = _outcome_of(lines[b["id"]], year)
            key = b["code"] or b["name"]
            if amount and not b["total"] and b["table_kind"] == kind and key not in seen \
                    and (b["code"] or kind == "investering") and b["name"] not in groups:
                seen.add(key)
                by_outcome.append(lines[b["id"]])
        # one document's lines: those printed with a budget beside the outcome (the annual
        # report's projects), not the plan's bokslut column of the same projects again
        with_budget = [ln for ln in by_outcome if ln.values.get(f"budget {year}") is not None]
        by_outcome = with_budget or by_outcome
        by_outcome.sort(key=lambda ln: (-abs(_outcome_of(ln, year) or 0), ln.name))
        if cmd.at_least is not None:
            by_outcome = [ln for ln in by_outcome  # the costs past the size
                          if -(_outcome_of(ln, year) or 0) > cmd.at_least]
    largest: list[tuple[r.BudgetLine, str]] = []
    if cmd.largest and cmd.focus == "budget":
        # the first table's lines (the nämnd's own verksamheter, not the finance office's
        # pensions and depreciation after them), the largest cost first
        for t in tables.values():
            for line in t["rows"] if t["kind"] == kind else ():
                column = _column(line, year, "budget", "plan")
                if column is not None and not line.total and (line.code or kind == "investering") \
                        and (line.values[column] or 0) < 0:
                    largest.append((line, column))
            if largest:
                break
        largest.sort(key=lambda lc: (lc[0].values[lc[1]] or 0, lc[0].name))
        if cmd.at_least is not None:  # "större än 10 miljoner": only those past the size
            largest = [lc for lc in largest if abs(lc[0].values[lc[1]] or 0) > cmd.at_least]
    changes = _changes(tables, kind, year, cmd.change, cmd.since) if cmd.change and year else []
    left_out = [ln for ln in deviations if ln.code in cmd.without]
    without_total = None
    if left_out and total is not None and total.values.get(f"avvikelse {year}") is not None:
        without_total = (total.values[f"avvikelse {year}"] or 0) - sum(
            ln.values.get(f"avvikelse {year}") or 0 for ln in left_out)
    one = _one(cmd, year, deviations, by_outcome, largest)
    return BudgetOverviewResult(
        one=one, by_year=cmd.by_year,
        largest=largest, changes=changes, change=cmd.change, since=cmd.since,

        outcome=outcome, outcome_budget=outcome_budget, by_outcome=by_outcome,
        outcome_asked=cmd.outcome,
        headline=headline, headline_doc=headline_doc, headline_vs=headline_vs,
        year=year, focus=cmd.focus, kind=kind,
        frame_tkr=frame["budget_frame_tkr"] if frame else None,
        frame_first=cmd.frame and frame is not None and kind == "drift",
        frame_title=frame["title"] if frame else None,
        tables=list(tables.values()), deviations=deviations, total=total,
        years=_years(rows, "avvikelse" if cmd.focus == "avvikelse" else None),
        label=_year_label(rows, year), sign=cmd.sign, sign_total=sign_total,
        no_outcome=no_outcome, without=left_out, without_total=without_total,
        at_least=cmd.at_least, top=cmd.top,
        without_label=" och ".join(f"{ln.code} {ln.name}" for ln in left_out),
        totals_differ=differ[0], lines_differ=differ[1])


# the words of a place in a ranking after its first, as a heading begins: "Näst störst …"
PLACE_WORDS = {1: "Näst ", 2: "Tredje ", 3: "Fjärde ", 4: "Femte "}


def asked_one(cmd: BudgetOverview, q: Query) -> BudgetOverview:
    """The overview with the end of its ranking a question asks for when it asks for one
    ("vilket projekt drog över mest 2024?"), else as it is."""
    one = ranks_one(q)
    if one is None and cmd.sign == "överskott" and cmd.focus == "avvikelse" and \
            set(q.words) & BEST and set(q.words) & {"vilken", "vilket", "which"}:
        one = "störst"  # "vilken investering gick bäst 2024?": the largest surplus, named
    if one is None and rank_place(q) and cmd.one is None and (
            cmd.sign in ("underskott", "överskott") or cmd.largest):
        one = "störst"  # "tredje största underskottet 2024": the plural article, still one
    bare = [w for w in q.words if w not in ("och", "da", "and", "then", "men")]
    if one is None and len(bare) == 1 and bare[0] in LARGEST | SMALLEST:
        # "och minst?" after the deficits: that end of the same list, named first
        one = "störst" if bare[0] in LARGEST else "minst"
    if one is None and _smallest_of_one(q):
        # "minsta avvikelsen 2024", "minsta budgetposten 2026": the definite singular asks
        # for one (it was the largest first, the opposite end)
        one = "minst"
    nth = rank_place(q) if (one or cmd.one) else 0
    side: Literal["underskott", "överskott"] | None = next(
        ("underskott" if w.startswith("under") else "överskott" for w in q.words
         if w.startswith(("underskott", "overskott"))), None)
    if one == "minst" and cmd.focus == "avvikelse" and cmd.sign is None and side:
        return replace(cmd, one=one, nth=nth, sign=side)  # "minsta underskottet 2024"
    if one == "minst" and cmd.focus == "avvikelse" and cmd.sign is None and \
            not (cmd.outcome or cmd.largest or cmd.change) and not cmd.nearest:
        # "vilket projekt hade minst avvikelse 2024?": the line nearest its budget (it was the
        # largest deviations, the opposite ranking, under "Största avvikelserna")
        return replace(cmd, one=one, nth=nth, nearest=True)
    if one is not None and (one != cmd.one or nth != cmd.nth):
        return replace(cmd, one=one, nth=nth)
    return replace(cmd, nth=nth) if nth != cmd.nth else cmd


def _smallest_of_one(q: Query) -> bool:
    """A superlative of the smallest before a definite singular ("minsta avvikelsen",
    "lägsta avvikelsen"): one line asked, without "vilken"."""
    return any(w in SMALLEST and nxt.endswith(("en", "et")) and len(nxt) > 4
               for w, nxt in zip(q.words, q.words[1:], strict=False))


def _one(cmd: BudgetOverview, year: int | None, deviations: list[r.BudgetLine],
         by_outcome: list[r.BudgetLine], largest: list[tuple[r.BudgetLine, str]]
         ) -> tuple[str, r.BudgetLine, str] | None:
    """The line a ranking asked of one names, with its lead words and column: the largest
    deviation (of the side asked), outcome, cost or change, or the smallest."""
    if cmd.one is None or year is None:
        return None
    first = cmd.one == "störst"
    end = cmd.nth if first else -1 - cmd.nth
    place = PLACE_WORDS.get(cmd.nth, "")
    word = place + ("störst" if first else "minst") if place else ("Störst" if first else "Minst")
    when = f" {year}"
    if cmd.change:
        return None  # the lines that change lead with the largest change already
    if cmd.nth >= max(len(largest), len(by_outcome), len(deviations)):
        return None  # (a place past the list's end: the list as it is)
    if largest:  # the largest costs lead with the largest already
        line, column = largest[end]
        return (None if first and not cmd.nth else (f"{word} kostnad, {column}", line, column))
    if cmd.outcome and by_outcome:
        line = by_outcome[end]
        column = next((c for c in (f"utfall {year}", f"bokslut {year}")
                       if line.values.get(c) is not None), f"utfall {year}")
        if cmd.kind == "investering":
            return f"{'Dyrast' if first else 'Billigast'}{when} (utfall)", line, column
        return f"{'Störst' if first else 'Minst'} kostnad{when} (utfall)", line, column
    if cmd.focus == "avvikelse" and deviations and cmd.nearest and cmd.sign is None:
        line = min(deviations, key=lambda ln: abs(ln.values.get(f"avvikelse {year}") or 0))
        return f"Närmast budget{when}", line, f"avvikelse {year}"
    if cmd.focus == "avvikelse" and deviations and (
            cmd.sign in ("underskott", "överskott") or (cmd.sign is None and first)):
        # (the smallest of all deviations is one of the many lines on budget: none is named)
        what: str = cmd.sign or "avvikelse"
        if cmd.kind == "investering" and cmd.sign:  # a project goes over budget, not a deficit
            what = f"{'över' if cmd.sign == 'underskott' else 'under'} budget"
            word = place + ("mest" if first else "minst") if place else ("Mest" if first else "Minst")
        return f"{word} {what}{when}", deviations[end], f"avvikelse {year}"
    return None


def _changes(tables: dict[Any, dict[str, Any]], kind: str, year: int, change: str,
             since: int | None = None) -> list[tuple[r.BudgetLine, str, str, int]]:
    """The first table's lines (the nämnd's own verksamheter) whose amount grows ("ökar":
    more money, a larger cost) or shrinks from the year before (or from ``since``), the
    largest change first."""
    out: list[tuple[r.BudgetLine, str, str, int]] = []
    seen = False
    for t in tables.values():
        for line in t["rows"] if t["kind"] == kind else ():
            now = _column(line, year, "budget", "plan")
            before = _column(line, since if since is not None else year - 1, "budget", "plan",
                             "bokslut")
            if now is None or before is None or line.total or not (line.code or kind == "investering"):
                continue
            seen = True
            a, b = line.values[before] or 0, line.values[now] or 0
            if (abs(b) > abs(a)) if change == "ökar" else (a == b) if change == "oförändrad" \
                    else (abs(b) < abs(a)):
                out.append((line, before, now, b - a))
        if seen:
            break  # the first table with both years: not the finance office's after it
    out.sort(key=lambda x: (-abs(x[3]), x[0].name))
    return out


def _column(line: r.BudgetLine, year: int | None, *measures: str) -> str | None:
    """The line's column of the year ("budget 2026") in the first of ``measures`` it has."""
    return next((f"{m} {year}" for m in measures if line.values.get(f"{m} {year}") is not None),
                None)


def _measured(line: r.BudgetLine, year: int | None, *measures: str) -> int | None:
    """The line's amount of the year in the first of ``measures`` it has."""
    column = _column(line, year, *measures)
    return line.values[column] if column is not None else None


def _budget_of(line: r.BudgetLine, year: int | None) -> int | None:
    return _measured(line, year, "budget", "plan")


def _signed_lines(tables: dict[tuple[str, str | None], dict[str, Any]], year: int | None,
                  positive: bool) -> list[r.BudgetLine]:
    """The verksamheter (lines with a code) whose budget of the year is above (a net
    income) or below zero, largest first."""
    seen: set[str] = set()
    out = []
    coded = [t for t in tables.values() if any(ln.code for ln in t["rows"])]
    for t in coded[:1]:  # the nämnd's own lines, not the finance's (skatteintäkter …)
        for line in t["rows"]:
            amount = _budget_of(line, year)
            if line.total or not line.code or amount is None or line.code in seen or \
                    not amount or (amount > 0) != positive:
                continue
            seen.add(line.code)
            out.append(line)
    out.sort(key=lambda ln: (-abs(_budget_of(ln, year) or 0), ln.name))
    return out


def _outcome_of(line: r.BudgetLine, year: int | None) -> int | None:
    return _measured(line, year, "utfall", "bokslut")


def _total_outcome(rows: list[Row], year: int | None, kind: str
                   ) -> tuple[tuple[str, int] | None, int | None]:
    """A past year's total of that kind: the outcome of the first total row that prints one
    (measure, amount), and the budget of the first that prints a budget beside an outcome
    (the annual report's "Nettoutgifter": bokslut −91 549, budget −83 805)."""
    outcome = None
    budget = None
    for b in rows:
        if not b["total"] or b["table_kind"] != kind:
            continue
        vals = {v["measure"]: v["amount"] for v in b["values"]
                if v["year"] == year and not v["period"] and v["amount"] is not None}
        measure = next((m for m in ("utfall", "bokslut") if m in vals), None)
        if measure is None:
            continue
        if outcome is None:
            outcome = (measure, vals[measure])
        if budget is None and "budget" in vals and vals[measure] == outcome[1]:
            budget = vals["budget"]
    return outcome, budget


@register(Investering, title="Investeringar",
          help="Ett investeringsprojekt: årets utfall, budget och avvikelse, projektets totaler och analys.",
          examples=("investering hammars skola", "investeringar 2024"),
          needs=("projects", "investeringsprojekt"), live=lambda snap: _investering_examples(snap))
def answer_investering(cmd: Investering, ctx: Context) -> r.Result:
    projects = [p for p in ctx.snap.projects if cmd.project is None or p["name"] == cmd.project]
    if cmd.names:
        projects = [p for p in projects if p["name"] in cmd.names]
    missing_year = None
    if cmd.year is not None:
        of_year = [p for p in projects if p["year"] == cmd.year]
        if not of_year and projects:
            missing_year = cmd.year  # "och 2025?": the follow-up there is, said so
        projects = of_year or projects
    if cmd.unstarted:
        projects = [p for p in projects if not p["utfall"] and p["budget"]]
    whole_sum = None
    if cmd.whole:
        projects = [p for p in projects if p["total_deviation"] is not None
                    and (not cmd.over or p["total_deviation"] < 0)]
        projects.sort(key=lambda p: p["total_deviation"])
        whole_sum = sum(p["total_deviation"] for p in projects)
    lines = []
    if cmd.project:
        key = fold(cmd.project)
        lines = [_line(b) for b in ctx.snap.budget
                 if b["table_kind"] == "investering" and not b["total"]
                 and fold(b["name"]).split(",")[0] == key.split(",")[0]
                 and (fold(b["name"]) != key or not projects)]  # a row of the budget only
        lines.sort(key=lambda ln: fold(ln.name) != key)  # the row asked first, then its kin
    elif cmd.names:
        # "vilka reinvesteringar gjordes på rönneshytta skola?": rows of the investment budget
        # (the reinvesteringsplan's works) among the names, not followed up as projects
        followed = {fold(p["name"]) for p in projects}
        asked = [fold(n) for n in cmd.names if fold(n) not in followed]
        lines = sorted((_line(b) for b in ctx.snap.budget
                        if b["table_kind"] == "investering" and not b["total"]
                        and fold(b["name"]) in asked),
                       key=lambda ln: asked.index(fold(ln.name)))
    lines_sum = [(col, sum(ln.values[col] or 0 for ln in lines)) for col in
                 (lines[0].values if cmd.names and not projects and len(lines) >= 2 else ())
                 if all(ln.values.get(col) is not None for ln in lines)]
    line_missing_year = cmd.year if cmd.project and cmd.year is not None and not projects \
        and lines and not any(v is not None for ln in lines for col, v in ln.values.items()
                              if col.split(" ")[1:2] == [str(cmd.year)]) else None
    year_budget = None
    if cmd.project and missing_year is not None:
        key = fold(cmd.project)
        rows = sorted((b for b in ctx.snap.budget if b["table_kind"] == "investering"
                       and not b["total"] and fold(b["name"]).split(",")[0] == key.split(",")[0]),
                      key=lambda b: fold(b["name"]) != key)
        year_budget = next(((b["name"], f"{v['measure']} {v['year']}", v["amount"])
                            for b in rows for v in b["values"] if v["year"] == missing_year
                            and not v["period"] and v["amount"] is not None), None)
    years = sorted({p["year"] for p in projects})
    measures = ("utfall", "budget", "avvikelse")
    sums = {k: sum(p[k] for p in projects) for k in measures} if (cmd.names or cmd.unstarted) and \
        len(years) == 1 and len(projects) >= 2 and \
        all(p[k] is not None for p in projects for k in measures) else None
    share = None
    if cmd.share and sums is not None and years:
        every = sum(p["utfall"] or 0 for p in ctx.snap.projects if p["year"] == years[-1])
        share = (sums["utfall"] / every * 100, every) if every else None
    elif cmd.share and cmd.project and len(projects) == 1 and projects[0]["utfall"] is not None:
        # "hur stor andel av investeringarna 2024 var åsbro förskola?": the one project's
        # share of all the year's projects' outcome (it was its card without the share)
        every = sum(p["utfall"] or 0 for p in ctx.snap.projects
                    if p["year"] == projects[0]["year"])
        share = (projects[0]["utfall"] / every * 100, every) if every else None
    compared: list[tuple[str, int | None]] = []
    difference = top = None
    if cmd.compare and cmd.names:
        projects.sort(key=lambda p: cmd.names.index(p["name"]) if p["name"] in cmd.names else 99)
        compared = [(p["name"], p[cmd.compare]) for p in projects]
        known = [a for _, a in compared if a is not None]
        if len(known) == len(compared) >= 2:
            difference = known[-1] - known[0] if len(known) == 2 else None
            if cmd.ranked:
                pick = min if cmd.least else max
                top = pick(((n, a) for n, a in compared if a is not None),
                           key=lambda na: abs(na[1] or 0))
    timed = {p["name"]: said for p in projects if cmd.when and (said := timing(p["analysis"]))}
    return InvesteringResult(compare=_COMPARED.get(cmd.compare or ""), compared=compared,
                               difference=difference, top=top, least=cmd.least,
                               ranked=cmd.ranked,
                               share=share,
                               projects=projects, query=cmd.project, budget_lines=lines,
                               listing=cmd.project is None and not (cmd.names and lines
                                                                    and not projects),
                               lines_sum=lines_sum,
                               named=cmd.named, sums=sums,
                               year=years[-1] if len(years) == 1 else None,
                               missing_year=missing_year, line_missing_year=line_missing_year,
                               total=cmd.total or cmd.asks in ("totalbudget", "prognos"),
                               unstarted=cmd.unstarted, whole=cmd.whole, over=cmd.over,
                               whole_sum=whole_sum, year_budget=year_budget, why=cmd.why,
                               asks=cmd.asks if cmd.project else None,
                               timing=timed, budgeted=budgeted_years(ctx.snap, cmd.project)
                               if cmd.when and cmd.project and not timed and projects else [])


# what a compared figure of the projects is called
_COMPARED = {"utfall": "utfall", "budget": "budget", "avvikelse": "avvikelse",
             "accumulated": "upparbetat totalt", "total_deviation": "total projektavvikelse"}


@register(InvesteringGrupp, title="Investeringar per grupp",
          help="En grupp i investeringsbudgeten (strategiska investeringar, reinvesteringar …): "
               "summan per år och årets projekt.",
          examples=("strategiska investeringar 2024", "reinvesteringar lokaler 2026"),
          needs=("budget", "budget"))
def answer_investering_grupp(cmd: InvesteringGrupp, ctx: Context) -> r.Result:
    groups = investment_groups(ctx.snap)
    if cmd.group not in groups:
        # a word the groups' names share ("Reinvesteringar"): each of them, and their sum
        named = [g for g in groups if fold(g).split()[0] == fold(cmd.group)]
        if named:
            year = cmd.year if cmd.year is not None else ctx.snap.plan_year
            answered = [(g, answer_investering_grupp(replace(cmd, group=g, until=None), ctx))
                        for g in named]
            each = [(g, res.main) for g, res in answered
                    if isinstance(res, InvesteringGruppResult)]
            known = [f.amount for _, f in each if f is not None]
            stretch: list[YearSum] = []
            if cmd.until is not None and year is not None:
                of_group = {g: res.series for g, res in answered
                            if isinstance(res, InvesteringGruppResult)}
                for y in range(year, cmd.until + 1):
                    in_year = [(g, _one_of_year(of_group.get(g, []), y)) for g in named]
                    figs = [f for _, f in in_year if f is not None]
                    if figs:
                        stretch.append(YearSum(
                            year=y, measure=figs[0].measure, parts=in_year,
                            amount=sum(f.amount for f in figs) if len(figs) == len(in_year)
                            else None))
            return InvesteringGruppResult(group=cmd.group, year=year, main=None, series=[],
                                          projects=[], groups=each,
                                          groups_sum=sum(known) if len(known) == len(each)
                                          else None, until=cmd.until, per_year=stretch,
                                          span_sum=_span_sum(stretch, year, cmd.until))
    rows = groups.get(cmd.group, [])
    head, parts = (rows[0], rows[1:]) if rows else (None, [])
    series = sorted((f for f in _figures([head]) if f.measure != "avvikelse"),
                    key=lambda f: (f.year, _ORDER.get(f.measure, 9))) if head else []
    year = cmd.year if cmd.year is not None else ctx.snap.plan_year
    main = next((f for f in series if f.year == year), None)
    projects = []
    for b in parts:
        amount = next((v["amount"] for v in b["values"] if v["year"] == year
                       and not v["period"] and v["amount"] is not None), None)
        if amount:
            projects.append((b["name"], amount))
    projects.sort(key=lambda p: (-abs(p[1]), p[0]))
    per_year = [YearSum(year=y, measure=f.measure, amount=f.amount, parts=[])
                for y in range(year, cmd.until + 1) if (f := _one_of_year(series, y)) is not None
                ] if cmd.until is not None and year is not None else []
    return InvesteringGruppResult(group=cmd.group, year=year, main=main, series=series,
                                  projects=projects,
                                  missing_year=cmd.year is not None and main is None,
                                  until=cmd.until, per_year=per_year,
                                  span_sum=_span_sum(per_year, year, cmd.until))


def _one_of_year(series: list[r.Figure], year: int) -> r.Figure | None:
    """A year's one figure of a group's sums: its bokslut, else its budget, else its plan."""
    return next((f for f in series if f.year == year), None)  # series is in _ORDER


def _span_sum(per_year: list[YearSum], first: int | None, last: int | None) -> int | None:
    """The stretch's sum, when every year of it has a figure (and each group of it one)."""
    if first is None or last is None or len(per_year) != last - first + 1:
        return None
    known = [y.amount for y in per_year if y.amount is not None]
    return sum(known) if len(known) == len(per_year) else None


def _largest_deviation(snap: Snapshot) -> tuple[str, int] | None:
    best: tuple[int, str, int] | None = None
    for b in snap.budget:
        if not b["code"] or b["table_kind"] != "drift" or b["code"] not in snap.verksamheter:
            continue
        for v in b["values"]:
            if v["measure"] == "avvikelse" and v["amount"] is not None:
                cand = (abs(v["amount"]), b["code"], v["year"])
                if best is None or cand > best:
                    best = cand
    return (best[1], best[2]) if best else None


def _verksamhet_examples(snap: Snapshot) -> list[str]:
    dev = _largest_deviation(snap)
    if dev is None:
        return []
    code, y = dev
    out = [f"avvikelse {snap.verksamheter[code].lower()} {y}"]
    if snap.plan_year:
        out.insert(0, f"budget {snap.verksamheter[code].lower()} {snap.plan_year}")
    return out


def _overview_examples(snap: Snapshot) -> list[str]:
    out = []
    if snap.plan_year:
        out.append(f"budget {snap.plan_year}")
    devs = sorted({v["year"] for b in snap.budget for v in b["values"]
                   if v["measure"] == "avvikelse"})
    if devs:
        out.append(f"budgetavvikelser {devs[-1]}")
    return out


def _investering_examples(snap: Snapshot) -> list[str]:
    if not snap.projects:
        return []
    p = max(snap.projects, key=lambda p: abs(p["avvikelse"] or 0))
    return [f"investering {p['name'].split(',')[0].lower()}", f"investeringar {p['year']}"]


# --- a row of the annual report's result table ("Intäkter", "varav personalkostnader") ----


@dataclass(frozen=True, kw_only=True)
class BudgetRad(Command):
    """A row of a result table (the annual report's Driftresultat: Intäkter, Kostnader,
    varav personalkostnader, varav kapitalkostnader): every year it prints, the years asked
    first ("personalkostnader 2023 och 2024", "intäkterna jämfört med budget 2024")."""

    name: ClassVar[str] = "budgetrad"
    row: str
    years: tuple[int, ...] = ()
    focus: Literal["budget", "avvikelse", "trend"] = "budget"
    # a part's share of the Kostnader asked ("hur stor del av kostnaderna var
    # personalkostnader?"): each asked year's outcome as a share, first
    share: bool = False


@dataclass(kw_only=True)
class BudgetRadResult(r.Result):
    template: ClassVar[str] = "budget_rad.j2"
    row: str  # as the question names it: "Personalkostnader" (the table's "varav …" dropped)
    table: str
    document: str
    focus: str
    asked: list[int]  # the years asked that the row has, in order
    missing: list[int]  # the years asked that it has not
    # per year: [(measure, amount)] in the table's order (bokslut/utfall, budget, avvikelse)
    by_year: list[tuple[int, list[tuple[str, int]]]]
    unit: str = "tkr"
    change: int | None = None  # the last outcome asked minus the first (a trend, two years)
    deviated: list[int] = field(default_factory=list)  # the years with an avvikelse
    # with share: per year asked, (percent, the part's outcome, the Kostnader's outcome)
    shares: list[tuple[int, float, int, int]] = field(default_factory=list)


def result_rows(snap: Snapshot) -> list[Row]:
    """The rows of result tables that are no total: what "intäkter" and "personalkostnader"
    name."""
    return [b for b in snap.budget if b["table_kind"] == "resultat" and not b["total"]]


def row_name(name: str) -> str:
    """"varav personalkostnader" → "Personalkostnader"."""
    bare = name.removeprefix("varav ").strip()
    return bare[:1].upper() + bare[1:]


@register(BudgetRad, title="Driftresultatets rader",
          help="En rad i driftresultatet (intäkter, kostnader, personal- och kapitalkostnader): "
               "bokslut, budget och avvikelse per år.",
          examples=("personalkostnader 2023 och 2024", "intäkterna 2024 jämfört med budget"),
          needs=("budget", "budget"))
def answer_budget_rad(cmd: BudgetRad, ctx: Context) -> r.Result:
    # a row, or the table's total (Resultat: "resultatet 2023 och 2024")
    row = next((b for b in ctx.snap.budget if b["table_kind"] == "resultat"
                and b["name"] == cmd.row), None)
    if row is None:
        raise UserError(f"Det finns ingen rad \"{cmd.row}\" i driftresultatet.")
    by_year: dict[int, list[tuple[str, int]]] = {}
    for v in sorted(row["values"], key=lambda v: (v["year"], _ORDER.get(v["measure"], 9))):
        if v["amount"] is not None and not v["period"]:
            by_year.setdefault(v["year"], []).append((v["measure"], v["amount"]))
    asked = [y for y in cmd.years if y in by_year]
    if cmd.focus == "trend" and len(asked) < 2:
        asked = sorted(by_year)  # "hur har de utvecklats?": every year the row has
    missing = [y for y in cmd.years if y not in by_year]
    change = None
    span = asked if len(asked) >= 2 else (sorted(by_year) if cmd.focus == "trend" else [])
    if len(span) >= 2:
        first, last = (_outcome([*by_year[y]]) for y in (span[0], span[-1]))
        if first is not None and last is not None:
            change = last - first
    shares: list[tuple[int, float, int, int]] = []
    whole = next((b for b in ctx.snap.budget if b["table_kind"] == "resultat"
                  and b["table_id"] == row["table_id"] and b["name"] == "Kostnader"), None) \
        if cmd.share else None
    for y in (asked or sorted(by_year)[-1:]) if whole is not None else ():
        part = _outcome(by_year.get(y, []))
        of = next((v["amount"] for v in (whole or {}).get("values", ())
                   if v["year"] == y and not v["period"]
                   and v["measure"] in ("bokslut", "utfall") and v["amount"]), None)
        if part is not None and of:
            shares.append((y, part / of * 100, part, of))
    return BudgetRadResult(shares=shares, row=row_name(row["name"]), table=row["table_title"],
                           document=row["doc_title"], focus=cmd.focus, asked=asked or span,
                           missing=missing, by_year=sorted(by_year.items()),
                           unit=row["unit"], change=change,
                           deviated=[y for y, figs in sorted(by_year.items())
                                     if any(m == "avvikelse" for m, _ in figs)])


def _outcome(figures: list[tuple[str, int]]) -> int | None:
    return next((a for m, a in figures if m in ("bokslut", "utfall")), None)
