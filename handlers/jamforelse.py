"""Comparisons: one budget line between years, or budget lines against each other in a year
("skillnaden mellan budget 2026 och 2027 för färdtjänst", "jämför färdtjänst och
skolskjutsar 2026"), and indicators against each other ("jämför långtidssjukskrivningar
och korttidssjukskrivningar"). The answer's first line is the difference; the figures
follow."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field
from typing import Any, ClassVar, Literal

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.parse import TREND
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.core.views import indikator_info
from handlers.budget import _sources_differ


@dataclass(frozen=True, kw_only=True)
class BudgetCompare(Command):
    name: ClassVar[str] = "jämförelse"
    codes: tuple[str, ...]  # one line between years, or several in one year
    years: tuple[int, ...]
    focus: str = "budget"  # budget (budget or plan, else bokslut) | avvikelse | utfall
    # the nämnd's whole budget between years instead of lines: "drift" (its Nettokostnad)
    # or "investering" (its investments in total)
    total: str | None = None
    # with total: the whole budget's row of this name ("Intäkter"), else its total
    row: str | None = None
    # one document's figures only (a line's development: the plan's bokslut, budget and plan
    # years, not another document's budget of one of them)
    document: str | None = None
    # the figures added up asked ("tillsammans", "totalt 2026–2028"): the sum first
    summed: bool = False
    # the lines are a group of the verksamhetsindelning asked by its name ("vad kostar
    # politiken?": Politisk verksamhet, 10–13): the group's name and sum first
    area: str | None = None
    percent: bool = False  # the change in percent asked: it follows the difference
    ranked: bool = False  # which year (or line) is largest asked: it comes first
    least: bool = False  # with ranked: the smallest asked ("vilken är billigast …")
    # whether it grows or shrinks asked ("ökar eller minskar pensionskostnaderna?"): said first
    direction: bool = False


@dataclass(kw_only=True)
class CompareItem:
    code: str
    name: str
    year: int
    measure: str  # what the figure is: "budget", "plan", "bokslut", "avvikelse"
    amount: int | None
    unit: str
    document: str | None = None  # the document that prints the figure


@dataclass(kw_only=True)
class BudgetCompareResult(r.Result):
    template: ClassVar[str] = "jamforelse.j2"
    items: list[CompareItem]
    by_year: bool  # one line between years (else lines in one year)
    difference: int | None  # the last minus the first (the base)
    unit: str
    # the item the difference is counted from: a line's development counts the budget's
    # change from its first budget year, its bokslut before that shown as it stands
    base: int = 0
    # the figures come from more than one document: where those documents print a year's
    # outcome differently, (name, year, [(document, measure, amount)])
    documents_differ: list[tuple[str, int, list[tuple[str, str, int]]]] = field(
        default_factory=list)
    total: int | None = None  # the figures added up, when asked (every one known)
    change_pct: float | None = None  # the difference in percent of the first, when asked
    top: CompareItem | None = None  # the largest amount, when asked which is largest
    least: bool = False  # top is the smallest amount, asked which is smallest
    area: str | None = None  # the group of the verksamhetsindelning the lines are
    # asked whether it grows: "ökar", "minskar" or "är oförändrad", by the amounts' size (a
    # cost growing from −100 to −110 "ökar")
    direction: str | None = None

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(i.document for i in self.items if i.document))


_MEASURES = {"budget": ("budget", "plan", "bokslut", "utfall"), "avvikelse": ("avvikelse",),
             # a year's outcome where it has one, else its budget ("utfall 2024 mot 2026")
             "utfall": ("utfall", "bokslut", "budget", "plan")}


# how a line has developed: "hur har budgeten för skolskjutsar utvecklats?"
DEVELOPED = TREND


def line_years(snap: Snapshot, code: str, since: int | None = None) -> dict[str, tuple[int, ...]]:
    """The years a budget line has a figure of (budget, plan, bokslut or utfall), from
    ``since``, per document."""
    years: dict[str, set[int]] = {}
    for b in snap.budget:
        if b["code"] == code and b["table_kind"] == "drift":
            years.setdefault(b["doc_title"], set()).update(
                v["year"] for v in b["values"] if v["measure"] in _MEASURES["budget"]
                and not v["period"] and v["amount"] is not None and v["year"] is not None
                and (since is None or v["year"] >= since))
    return {doc: tuple(sorted(ys)) for doc, ys in years.items()}


def development(snap: Snapshot, code: str, since: int | None = None) -> BudgetCompare | None:
    """A budget line's figures year by year in the document that has the most years of it
    (the plan's bokslut, budget and plan), the change over them first; None with fewer than
    two years."""
    by_doc = line_years(snap, code, since)
    if not by_doc:
        return None
    doc, years = max(by_doc.items(), key=lambda dy: (len(dy[1]), dy[1][-1] if dy[1] else 0))
    return BudgetCompare(codes=(code,), years=years, document=doc) if len(years) >= 2 else None


@register(BudgetCompare, title="Jämförelser",
          help="Skillnaden i budget mellan år för en verksamhet, eller mellan verksamheter ett år.",
          examples=("skillnaden mellan budget 2026 och 2027 för färdtjänst",
                    "jämför färdtjänst och skolskjutsar 2026"),
          needs=("budget", "budget"))
def answer_compare(cmd: BudgetCompare, ctx: Context) -> r.Result:
    items = []
    differ = []
    for code in cmd.codes or ("",):
        if cmd.total:
            rows = _one_document(total_rows(ctx.snap.budget, cmd.total, cmd.row), cmd.years)
            name = cmd.row or ("Investeringar totalt" if cmd.total == "investering"
                               else "Nettokostnad")
        else:
            rows = [b for b in ctx.snap.budget if b["code"] == code and b["table_kind"] == "drift"
                    and (cmd.document is None or b["doc_title"] == cmd.document)]
            name = ctx.snap.verksamheter.get(code, code)
        if not rows:
            raise UserError(f"Det finns ingen budget för verksamhet {code}." if code else
                            "Det finns ingen budget att jämföra.")
        for year in cmd.years:
            found = None
            for measure in _MEASURES.get(cmd.focus, _MEASURES["budget"]):
                found = found or next(
                    ((measure, v["amount"], b["doc_title"]) for b in rows for v in b["values"]
                     if v["measure"] == measure and v["year"] == year and not v["period"]
                     and v["amount"] is not None), None)
            items.append(CompareItem(code=code, name=name, year=year,
                                     measure=found[0] if found else cmd.focus,
                                     amount=found[1] if found else None,
                                     document=found[2] if found else None,
                                     unit=rows[0]["unit"] or "tkr"))
        differ += [(f"{code} {name}", y, pairs) for y, pairs in _sources_differ(rows)]
    known = [i.amount for i in items if i.amount is not None]
    base = next((n for n, i in enumerate(items) if i.measure in ("budget", "plan")), 0) \
        if cmd.document is not None and len(cmd.codes) == 1 else 0
    if base == len(items) - 1:
        base = 0
    start, end = (items[base].amount, items[-1].amount) if items else (None, None)
    diff = end - start if len(known) == len(items) and start is not None and end is not None \
        else None
    result = BudgetCompareResult(items=items, by_year=len(cmd.codes) == 1 or bool(cmd.total),
                                 difference=diff,
                                 unit=items[0].unit if items else "tkr", base=base)
    if len(result.documents) > 1:
        result.documents_differ = differ
    if cmd.ranked and known:
        pick = min if cmd.least else max
        result.top = pick((i for i in items if i.amount is not None),
                          key=lambda i: abs(i.amount or 0))
        result.least = cmd.least
    if cmd.summed and len(known) == len(items):
        result.total = sum(known)
    result.area = cmd.area
    if cmd.direction and diff is not None and start is not None and end is not None:
        result.direction = "ökar" if abs(end) > abs(start) else (
            "minskar" if abs(end) < abs(start) else "är oförändrad")
    if cmd.percent and diff is not None and start:
        # of the amount's size: a cost growing from −100 to −110 is +10 %
        result.change_pct = (abs(end or 0) - abs(start)) / abs(start) * 100
    return result


def total_rows(budget: list[dict[str, Any]], kind: str, row: str | None = None
               ) -> list[dict[str, Any]]:
    """The total rows of the nämnd's own budget of a kind ("drift", "investering"): those of
    the first table of the kind that has a section (the nämnd's: Kommunstyrelsen, not
    Finansförvaltningen or an investment group), and those of a table without one (the
    annual report's); with ``row``, that row of the same tables ("Intäkter")."""
    totals = [b for b in budget if b["total"] and b["table_kind"] == kind]
    own = next((b["section"] for b in totals if b["section"]), None)
    if row is not None:
        return [b for b in budget if b["table_kind"] == kind and b["name"] == row
                and b["section"] in (None, own)]
    return [b for b in totals if b["section"] in (None, own)]


def _one_document(rows: list[dict[str, Any]], years: tuple[int, ...]) -> list[dict[str, Any]]:
    """The rows of one document when it has every year asked: the documents group the
    totals differently (the annual report's 2024 against the plan's 2026 would compare
    two groupings), so one document's figures, its bokslut for a past year."""
    for doc in sorted({b["doc_id"] for b in rows}, key=lambda d: -max(
            b["doc_year"] or 0 for b in rows if b["doc_id"] == d)):
        own = [b for b in rows if b["doc_id"] == doc]
        have = {v["year"] for b in own for v in b["values"] if v["amount"] is not None
                and not v["period"]}
        if set(years) <= have:
            return own
    return rows


@dataclass(frozen=True, kw_only=True)
class IndikatorCompare(Command):
    name: ClassVar[str] = "indikatorjämförelse"
    slugs: tuple[str, ...]
    # asked side by side ("sjukfrånvaro och arbetslöshet"), not compared: no difference first
    side_by_side: bool = False
    # which of them goes best or worst was asked ("vilken är sämst?" after them): by the
    # assessment's colour, the one named first
    ranks: Literal["bäst", "sämst"] | None = None
    # added up was asked ("lång och kort sjukfrånvaro tillsammans?"): their sum first
    summed: bool = False


@dataclass(kw_only=True)
class IndikatorCompareResult(r.Result):
    template: ClassVar[str] = "indikator_jamforelse.j2"
    items: list[r.IndikatorInfo]
    difference: float | None  # the last's value minus the first's, when they share a unit
    unit: str | None
    side_by_side: bool = False
    ranks: str | None = None  # "bäst" or "sämst" asked
    ranked: list[r.IndikatorInfo] | None = None  # those that go so; None: the colours do not tell
    summed: bool = False  # their sum asked
    # the sum of their latest values, when they share a unit, a date and (for a share) a whole
    total: float | None = None
    total_date: dt.date | None = None


def _value(i: r.IndikatorInfo) -> float | None:
    return i.latest if i.latest is not None else i.baseline


@register(IndikatorCompare, title="Jämför indikatorer",
          help="Indikatorer bredvid varandra: senaste värde (annars utgångsläge), mål och färg.",
          examples=("jämför långtidssjukskrivningar och korttidssjukskrivningar",),
          needs=("indikatorer", "indikatorer"))
def answer_indikator_compare(cmd: IndikatorCompare, ctx: Context) -> r.Result:
    rows = [ctx.snap.ind_by_slug[s] for s in cmd.slugs if s in ctx.snap.ind_by_slug]
    if len(rows) < 2:
        raise UserError("Nämn två indikatorer att jämföra, t.ex. \"jämför "
                        "långtidssjukskrivningar och korttidssjukskrivningar\".")
    items = [indikator_info(ctx, row) for row in rows]
    first, last = _value(items[0]), _value(items[-1])
    same = len({i.unit for i in items}) == 1
    diff = last - first if same and first is not None and last is not None else None
    ranked = None
    if cmd.ranks is not None:
        ranked = _ranked(items, cmd.ranks == "bäst")
    total, total_date = _sum(items) if cmd.summed and same else (None, None)
    return IndikatorCompareResult(items=items, difference=diff,
                                  unit=items[0].unit if same else None,
                                  side_by_side=cmd.side_by_side, ranks=cmd.ranks, ranked=ranked,
                                  summed=cmd.summed, total=total, total_date=total_date)


def _sum(items: list[r.IndikatorInfo]) -> tuple[float | None, dt.date | None]:
    """The latest values added up, measured the same day; shares (procent) only when each
    is a part of the same whole ("del av total sjukfrånvaro"), else no sum: a per cent of
    one thing and of another do not add up."""
    values = [i.latest for i in items]
    dates = {i.latest_date for i in items}
    if None in values or len(dates) != 1:
        return None, None
    if items[0].unit == "procent":
        wholes = {re.search(r"\bdel av ([^,]+)", i.name) for i in items}
        if None in wholes or len({m.group(1) for m in wholes if m}) != 1:
            return None, None
    return round(sum(v for v in values if v is not None), 6), dates.pop()


_STANDING = {"grön": 2, "gul": 1, "röd": 0}


def _ranked(items: list[r.IndikatorInfo], best: bool) -> list[r.IndikatorInfo] | None:
    """Those of ``items`` that go best (or worst) by their assessment's colour; None when
    none has a colour or all share one (the colours do not tell them apart)."""
    shaded = [i for i in items if i.colour in _STANDING]
    if len({i.colour for i in shaded}) < 2:
        return None
    end = (max if best else min)(_STANDING[i.colour or ""] for i in shaded)
    return [i for i in shaded if _STANDING[i.colour or ""] == end]
