"""An indicator's card and lists of indicators (per målområde, colour, KF, unmeasured)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field, replace
from typing import Any, ClassVar, Literal

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.matching import content_words
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Row, Snapshot
from bot.core.views import (
    all_indikatorer,
    indikator_info,
    level_word,
)
from bot.domain import fmt
from bot.domain.plan import MONTHS, Target
from bot.domain.state import holders, holders_by_subject, improved
from bot.domain.text import fold
from store import queries as q
from store import sections
from store.db import Store


@dataclass(frozen=True, kw_only=True)
class IndikatorCard(Command):
    name: ClassVar[str] = "indikator"
    slug: str
    others: tuple[str, ...] = ()
    series: int | None = None  # a trend asked for: the measurements of this year (0: the latest 12)
    # a narrow question, answered first: who enters its values, its target, its baseline
    asks: Literal["ansvarig", "mål", "utgångsläge", "uppfyllt", "missar", "grön", "gul",
                  "röd", "uppdrag", "källa", "förklaring", "bättre", "förkortning",
                  # why it moved in a year asked ("varför ökade sjukfrånvaron 2024?"): the
                  # documents' text of that year first, where it has one
                  "orsak",
                  # the owner of each indicator the card shows ("vem ansvarar för dem?" after
                  # a card with others matching): the card's and the others'
                  "ansvariga"] | None = None
    months: tuple[int, int] | None = None  # a part of the series' year: "Q1", "första halvåret"
    until: int | None = None  # a stretch of years asked: series is its first, this its last
    # a statistic of the series asked: its mean, its highest or lowest value (first)
    stat: Literal["snitt", "högst", "lägst"] | None = None
    # against the year before, asked ("är arbetslösheten högre än i fjol?"): the latest value
    # against the last one of an earlier year, first (with the series of the latest below)
    than_year: bool = False


@dataclass(frozen=True, kw_only=True)
class IndikatorList(Command):
    name: ClassVar[str] = "indikatorer"
    malomrade: int | None = None
    colour: Literal["grön", "gul", "röd"] | None = None
    reported_to_kf: bool = False  # only those reported to kommunfullmäktige
    unmeasured: bool = False  # only those without a measurement yet
    # only those the plan gives no target, baseline or uppdrag, or chat no owner
    missing: Literal["mål", "utgångsläge", "ansvarig", "uppdrag", "färg"] | None = None
    # only those whose latest value is better / worse than the one before, or up / down
    moved: Literal["bättre", "sämre", "upp", "ned"] | None = None
    not_kf: bool = False  # only those not reported to kommunfullmäktige
    frequency: str | None = None  # only those measured so often ("månatligen")
    source: str | None = None  # only those whose source names this ("SCB", "Unit4")
    off_target: bool = False  # only those not on target: red, or yellow (partly)
    not_colour: bool = False  # those of any other colour than ``colour`` ("inte gröna")
    not_source: bool = False  # those whose source is not ``source`` ("mäts inte av SCB")
    # with moved: the one that moved most asked ("vilken indikator har förbättrats mest?"):
    # the list ordered by the change in per cent of the value before, the first named
    most: bool = False
    # only those of this table of the area's indicators ("gemensamma", "nämndens"); a row of
    # the plan's "nämndens och gemensamma" tables is in both
    table: Literal["gemensamma", "nämndens"] | None = None
    # only those whose önskat läge is this direction ("vilka indikatorer ska minska?")
    direction: Literal["Öka", "Minska", "Bevaka"] | None = None
    # only those whose name holds this word (folded): "… om arbetsställen …"
    named: str | None = None
    with_owners: bool = False  # each one's owner ("vem ansvarar för dem?" after the list)
    # with colour: a second colour asked too ("vilka är gröna och vilka är röda?"): those of
    # either, each colour counted in the heading
    also: Literal["grön", "gul", "röd"] | None = None
    # their share of all (of the målområde's) asked ("hur stor andel av indikatorerna når
    # målet?"): "7 av 46 indikatorer (15 %)" first
    share: bool = False


@dataclass(kw_only=True)
class IndikatorCardResult(r.Result):
    template: ClassVar[str] = "indikator_card.j2"
    indikator: r.IndikatorInfo
    others: list[r.IndikatorInfo]
    word: str
    series: list[tuple[dt.date, float, str | None]] | None = None  # oldest first, with sources
    series_label: str | None = None
    series_part: bool = False  # the series is of a part of a year, not a whole year
    # the measurements nearest a part of a year with one or none: the one before it, and
    # (when none) the one after
    series_near: list[tuple[dt.date, float, str | None]] | None = None
    series_span: bool = False  # the series is of a stretch of years ("2024–2026")
    asks: str | None = None
    owners: list[str] | None = None  # who enters its values (asked: "vem ansvarar för …")
    # the others' owners, each with its name (asked "vem ansvarar för dem?")
    others_owners: list[tuple[str, list[str]]] = field(default_factory=list)
    # a year asked that has no measurement but the annual report's goal rows of the same
    # measure ("sjukfrånvaro 2024": Sjukfrånvaro exkl. AME 2,12 …)
    report_rows: list[dict[str, Any]] | None = None
    missing_years: list[int] | None = None  # the years of a stretch asked without a measurement
    report_year: int | None = None  # the rows' year, when it is an earlier one than asked
    # a year asked without a measurement: what the documents' text says of it that year
    # ("personalomsättningen 2024": the annual report's "den externa personalomsättningen
    # minskat"), (source, passage)
    year_text: tuple[str, str] | None = None
    # a year asked without a measurement or a report row of its own, whose outcome the next
    # report's one row derives from its comment ("hme 2023": 80, "minskat med tre enheter"):
    # (year, value, the comment's sentence, that row)
    derived: tuple[int, str, str, dict[str, Any]] | None = None
    # how far the latest value is from a numeric target it does not reach (asked: "hur långt
    # från målet är sjukfrånvaron?": 0,55 procentenheter)
    distance: float | None = None
    stat: str | None = None  # the statistic asked of the series, and its value (and date)
    stat_value: float | None = None
    stat_date: dt.date | None = None
    # an acronym of its name asked what it is ("vad är HME?"): (acronym, spelt out, source)
    spelled: tuple[str, str, str] | None = None
    # how the annual report's goal rows on it are measured ("Mått/metod: …"), when asked
    method: tuple[str, str] | None = None  # (the row's measure, the report's words)
    # against the year before (asked): the last measurement of the year before the latest
    # one's, or None with than_year when there is none to compare with
    than_year: bool = False
    year_before: tuple[dt.date, float, str | None] | None = None
    # "har arbetslösheten blivit bättre?": whether the latest value is better than the one
    # before it (or the baseline) by the target's direction; None: unchanged or only watched
    better: bool | None = None


@dataclass(kw_only=True)
class IndikatorListResult(r.Result):
    template: ClassVar[str] = "indikator_list.j2"
    heading: str
    items: list[r.IndikatorInfo]
    empty_text: str = "Inga indikatorer."
    # the one that moved most (with moved and most): it, and its change in per cent
    top: r.IndikatorInfo | None = None
    top_change: float | None = None
    counted: bool = False  # the heading counts the items itself (per colour)
    share_of: int | None = None  # with share: how many indicators there are in all (of the area)
    moved: str | None = None
    # each one's owners by slug, when asked (None: not asked)
    owners: dict[str, list[str]] | None = None


@register(IndikatorCard, title="Indikator",
          help="Senaste värde, utgångsläge, önskat läge, färg (grön/gul/röd), trend, källa och frekvens.",
          examples=("sjukfrånvaro?", "hur många arbetsställen finns det?", "arbetslösheten", "soliditet"),
          needs=("indikatorer", "indikatorer"), live=lambda snap: _card_examples(snap))
def answer_indikator(cmd: IndikatorCard, ctx: Context) -> r.Result:
    snap = ctx.snap
    row = snap.ind_by_slug[cmd.slug]
    others = [indikator_info(ctx, snap.ind_by_slug[s]) for s in cmd.others if s in snap.ind_by_slug]
    series = label = None
    report = missing = None
    report_year = None
    derived = None
    before: list[tuple[dt.date, float, str | None]] | None = None
    year_text: tuple[str, str] | None = None
    # the measurements, read once: for the series and for the year before (asked)
    rows = q.latest_measurements_for(ctx.store, row["id"], 60) \
        if cmd.series is not None or cmd.than_year else []
    if cmd.series is not None:
        points = _points(rows)
        if cmd.months and not cmd.series and points:
            # the latest year's part: the latest that has a value in it ("sjukfrånvaron i
            # december": December 2025, measured halvårsvis), else the latest measurement's
            lo, hi = cmd.months
            inside = [p[0].year for p in points if lo <= p[0].month <= hi]
            cmd = replace(cmd, series=max(inside or [p[0].year for p in points]))
        if cmd.series and cmd.until and cmd.until > cmd.series:
            # "arbetslösheten 2024–2026": each year of the stretch, and which have none
            span = range(cmd.series, cmd.until + 1)
            points = [p for p in points if p[0].year in span]
            label = f"{cmd.series}–{cmd.until}"
            missing = [y for y in span if not any(p[0].year == y for p in points)]
            report = [m for y in missing for m in _report_rows(row, y, snap)]
        elif cmd.series:
            points = [p for p in points if p[0].year == cmd.series]
            label = str(cmd.series)
            if cmd.months:
                lo, hi = cmd.months
                points = [p for p in points if lo <= p[0].month <= hi]
                label = f"{_PARTS.get(cmd.months) or _month_words(lo, hi)} {cmd.series}"
                if len(points) <= 1:
                    # "hur har befolkningen förändrats i höst?": one value in the part, the one
                    # before shows the change; none ("sjukfrånvaron i våras", measured
                    # halvårsvis): the nearest on either side
                    start, end = dt.date(cmd.series, lo, 1), dt.date(cmd.series, hi, 28)
                    all_points = sorted(_points(rows))
                    near = [p for p in all_points if p[0] < start][-1:]
                    if not points:
                        near += [p for p in all_points if p[0] > end][:1]
                    before = near or None
            if not points and not cmd.months:
                year_text = _year_text(ctx, row, cmd.series)
                report = _report_rows(row, cmd.series, snap)
                after = _report_rows(row, cmd.series + 1, snap) if not report else []
                from handlers.maluppfyllelse import year_before as derive_before

                if len(after) == 1 and (told := derive_before(after[0])) is not None:
                    derived = (cmd.series, told[0], told[1], after[0])
                earlier = [m["year"] for m in snap.maluppfyllelse if m["year"] < cmd.series]
                if not report and earlier and not any(p[0].year > max(earlier) for p in
                                                      _points(rows)):
                    # "hme förra året" (2025) with no value since the last annual report: its
                    # goal rows of that report (2024), saying so
                    report_year = max(earlier)
                    report = _report_rows(row, report_year, snap)
        else:
            points = points[:12]
            label = "de senaste mätningarna"
        series = sorted(points)
    year_before = None
    if cmd.than_year and (every := sorted(_points(rows))):
        year_before = next((p for p in reversed(every) if p[0].year < every[-1][0].year), None)
    owners = None
    others_owners: list[tuple[str, list[str]]] = []
    if cmd.asks in ("ansvarig", "ansvariga"):
        events = q.role_events(ctx.store, "indikator_owner")
        owners = holders(events, "indikator_owner", row["slug"])
        if cmd.asks == "ansvariga":
            others_owners = [(snap.ind_by_slug[s]["name"], holders(events, "indikator_owner", s))
                             for s in cmd.others if s in snap.ind_by_slug]
    info = indikator_info(ctx, row, reason=True)
    spelled = _spelled(ctx, row["name"]) if cmd.asks == "förkortning" else None
    if cmd.series is None and info.latest is None and not report:
        # "hme resultatet": no measurement in the plan's follow-up, but the annual report
        # measured the same thing; its latest year's rows, said as such
        report = _latest_report(row, snap) or None
    method = None
    if cmd.asks == "källa":
        # "hur mäts HME?": the source, and how the last annual report measured its goal rows
        goal_rows = report or _latest_report(row, snap)
        if goal_rows and (how := measured_by(ctx.store, goal_rows[0]["goal"])) is not None:
            method = (goal_rows[0]["measure"], how)
    return IndikatorCardResult(indikator=info, others=others, method=method,
                                 word=level_word(ctx, "indikator", "Indikator"), series=series,
                                 series_label=label, series_part=bool(cmd.months),
                                 series_near=before,
                                 series_span=missing is not None,
                                 asks=cmd.asks, owners=owners, others_owners=others_owners,
                                 report_rows=report or None, missing_years=missing or None,
                                 report_year=report_year if report else None,
                                 year_text=year_text, derived=derived,
                                 distance=_distance(info) if cmd.asks in ("mål", "missar")
                                 else None,
                                 than_year=cmd.than_year, year_before=year_before,
                                 better=improved(Target.parse(row["target"]), info.latest,
                                                 info.previous, info.baseline, info.unit)
                                 if cmd.asks == "bättre" else None,
                                 spelled=spelled, **_stat(cmd.stat, series))


def _spelled(ctx: Context, name: str) -> tuple[str, str, str] | None:
    """The acronym of an indicator's name spelt out as the documents' text does ("HME" of
    "Samlat HME-resultat": hållbart medarbetarengagemang), with the passage's source."""
    from bot.search.passages import find
    from handlers.texts import spelled_out

    for acronym in re.findall(r"\b[A-ZÅÄÖ]{2,6}\b", name):
        passages = [p for p in find(ctx.store, acronym, limit=6) if p.matched]
        if (found := spelled_out(acronym, passages)) is not None:
            return found
    return None


def _stat(stat: str | None, series: list[tuple[dt.date, float, str | None]] | None
          ) -> dict[str, Any]:
    """The mean, the highest or the lowest of the series shown, and the date of that value."""
    if stat is None or not series:
        return {}
    values = [v for _, v, _ in series]
    if stat == "snitt":
        return {"stat": stat, "stat_value": sum(values) / len(values)}
    pick = max(series, key=lambda p: p[1]) if stat == "högst" else min(series, key=lambda p: p[1])
    return {"stat": stat, "stat_value": pick[1], "stat_date": pick[0]}


def _distance(i: r.IndikatorInfo) -> float | None:
    """How far the latest value is from a numeric target: the way still to go, or (green)
    the margin by which it is met; None when the target is a direction (Öka, Bevaka) or
    absent, or nothing is measured."""
    if i.latest is None:
        return None
    try:
        t = Target.parse(i.target)
    except ValueError:
        return None
    if t.value is None:
        return None
    d = abs(i.latest - t.value)
    return None if d == 0 and i.colour == "grön" else d  # (no margin of 0 to tell)


def _month_words(lo: int, hi: int) -> str:
    """One month asked ("i oktober") or a range of them ("september–oktober")."""
    return f"i {MONTHS[lo - 1]}" if lo == hi else f"{MONTHS[lo - 1]}–{MONTHS[hi - 1]}"


def _points(rows: list[Row]) -> list[tuple[dt.date, float, str | None]]:
    return [(dt.date.fromisoformat(str(m["date"])[:10]), float(m["value"]), m["source"])
            for m in rows if m["value"] is not None]


_PARTS = {(1, 3): "kvartal 1", (4, 6): "kvartal 2", (7, 9): "kvartal 3", (10, 12): "kvartal 4",
          (1, 6): "första halvåret", (7, 12): "andra halvåret", (3, 5): "våren",
          (6, 8): "sommaren", (9, 11): "hösten"}


def _year_text(ctx: Context, ind: Row, year: int) -> tuple[str, str] | None:
    """What the documents' text says of the indicator's subject in ``year``, which has no
    measurement: the best passage holding its name (a one-word alias, else its name) and the
    year, in its text or its document's title ("Verksamhetsberättelse 2024"); None if none."""
    from bot.search.passages import find

    one = [a for a in ind.get("aliases") or () if " " not in a.strip()]
    # the first one-word alias, else (a word the text never writes: "chefsomsättning") the
    # name ("Personalomsättning chefer": the passage on the chefs' and the staff's turnover)
    for term in dict.fromkeys((*one[:1], ind["name"])):
        for p in find(ctx.store, term, limit=4, split=False):
            if p.coverage == 1.0 and (str(year) in p.full or str(year) in p.document):
                return p.source, p.text
    return None


def _latest_report(ind: Row, snap: Snapshot) -> list[dict[str, Any]]:
    """The goal rows on the indicator of the latest annual report that has any."""
    years = sorted({int(m["year"]) for m in snap.maluppfyllelse if m["year"]}, reverse=True)
    return next((rows for y in years if (rows := _report_rows(ind, y, snap))), [])


_GOAL_HEAD = re.compile(r"\w+s mål \d+:")  # "Kommunstyrelsens mål 2:", a goal's start
_METHOD = re.compile(r"Mått/metod:\s*(.+?)(?=\s*Adressering:|$)", re.DOTALL)


def measured_by(store: Store, goal: str | None) -> str | None:
    """How the annual report says a goal of its own is measured: the "Mått/metod:" of the
    goal's passage or one of the next in its section, before the next goal begins."""
    if not goal:
        return None
    for n, text in enumerate(sections.passages_from(store, goal.strip()[:60])):
        if n and _GOAL_HEAD.match(text):
            return None  # the next goal: this one says no method
        if (m := _METHOD.search(text)) is not None:
            return " ".join(m.group(1).split())
    return None


def _report_rows(ind: Row, year: int, snap: Snapshot) -> list[dict[str, Any]]:
    """The annual report's goal rows of ``year`` that measure what the indicator does: the
    measure's first word is the indicator's (its name's first, or a one-word alias)."""
    own = set(content_words(ind["name"])[:1])
    for alias in ind.get("aliases") or ():
        words = content_words(alias)
        if len(words) == 1:
            own.add(words[0])
    out = []
    for m in snap.maluppfyllelse:
        first = content_words(m["measure"] or "")[:1]
        if m["year"] == year and first and first[0] in own:
            out.append(m)
    return out


_COLOUR_PLURAL = {"röd": "röda", "gul": "gula", "grön": "gröna"}


@register(IndikatorList, title="Indikatorer",
          help="Alla indikatorer med färg, per målområde, eller de som är röda, gula eller gröna.",
          examples=("indikatorer", "indikatorer målområde 5", "röda indikatorer", "gröna indikatorer"),
          needs=("indikatorer", "indikatorer"))
def answer_indikator_list(cmd: IndikatorList, ctx: Context) -> r.Result:
    items = all_indikatorer(ctx)
    if not items:  # Orsa's styrmodell names its Verksamhetsmått but holds none
        word = fmt.plural(level_word(ctx, "indikator", "Indikator")).lower()
        raise UserError(f"Det finns inga {word} inlagda.")
    if cmd.malomrade is not None:
        items = [i for i in items if i.malomrade == cmd.malomrade]
    of_all = len(items)
    where = f" i målområde {cmd.malomrade}" if cmd.malomrade is not None else ""
    heading = f"Indikatorer{where}"
    empty = f"Inga indikatorer{where}."
    if cmd.colour is not None and cmd.not_colour:
        items = [i for i in items if i.colour != cmd.colour]
        plural = _COLOUR_PLURAL[cmd.colour]
        heading = f"Indikatorer som inte är {plural}{where}"
        empty = f"Alla indikatorer{where} är {plural}."
    elif cmd.colour is not None and cmd.also is not None:
        both = [c for c in ("grön", "gul", "röd") if c in (cmd.colour, cmd.also)]
        items = [i for c in both for i in items if i.colour == c]
        counts = ", ".join(f"{n} {_COLOUR_PLURAL[c] if n != 1 else c}" for c in both
                           for n in [sum(1 for i in items if i.colour == c)])
        heading = f"{_COLOUR_PLURAL[both[0]].capitalize()} och {_COLOUR_PLURAL[both[1]]} indikatorer{where}: {counts}"
        empty = f"Ingen indikator{where} är {both[0]} eller {both[1]}."
    elif cmd.colour is not None:
        items = [i for i in items if i.colour == cmd.colour]
        heading = {"röd": "Indikatorer som inte når målet (röda)",
                   "gul": "Indikatorer som delvis når målet (gula)",
                   "grön": "Indikatorer som når målet (gröna)"}[cmd.colour] + where
        empty = f"Ingen indikator{where} är {cmd.colour}."
    if cmd.off_target:
        items = [i for i in items if i.colour in ("röd", "gul")]
        heading = f"Indikatorer{where} som inte når målet (röda, och gula: delvis)"
        empty = f"Alla indikatorer{where} med färg når målet."
    if cmd.reported_to_kf:
        items = [i for i in items if i.reported_to_kf]
        heading += " som rapporteras till KF"
        empty = f"Inga indikatorer{where} rapporteras till KF."
    if cmd.unmeasured:
        items = [i for i in items if i.latest is None]
        heading += " utan mätvärde"
        empty = f"Alla indikatorer{where} har mätvärden."
    if cmd.not_kf:
        items = [i for i in items if not i.reported_to_kf]
        heading += " som inte rapporteras till KF"
        empty = f"Alla indikatorer{where} rapporteras till KF."
    if cmd.table is not None:
        items = [i for i in items if cmd.table in (i.table or "")]
        heading += f", {cmd.table} indikatorer"
        empty = f"Inga {cmd.table} indikatorer{where}."
    if cmd.named is not None:
        items = [i for i in items if cmd.named in fold(i.name)]
        # the word as the names write it ("arbetsställen", not the folded "arbetsstallen")
        shown = next((w for i in items for w in re.findall(r"\w+", i.name)
                      if fold(w) == cmd.named), cmd.named)
        heading += f" om {shown.lower()}"
        empty = f"Inga indikatorer{where} om {shown.lower()}."
    if cmd.direction is not None:
        items = [i for i in items if fold(i.target or "").strip() == fold(cmd.direction)]
        # those watched have no target to reach: "som bevakas", not "med önskat läge"
        watched = cmd.direction == "Bevaka"
        heading += " som bevakas (önskat läge Bevaka)" if watched else \
            f" med önskat läge {cmd.direction}"
        none = "Ingen indikator" if watched else "Inga indikatorer"
        empty = f"{none}{where} har önskat läge {cmd.direction}."
    if cmd.frequency is not None:
        items = [i for i in items if fold(i.frequency or "") == fold(cmd.frequency)]
        heading += f" som mäts {cmd.frequency}"
        empty = f"Inga indikatorer{where} mäts {cmd.frequency}."
    if cmd.source is not None:
        key = fold(cmd.source)
        # a name or a whole source of two words ("svensk maklarstatistik"), word by word
        has = [i for i in items if f" {key} " in " " + " ".join(
            re.findall(r"\w+", fold(i.source or ""))) + " "]
        if cmd.not_source:
            held = {id(i) for i in has}  # (by identity: comparing the records is quadratic)
            items = [i for i in items if id(i) not in held]
            heading += f" med annan källa än {cmd.source}"
            empty = f"Alla indikatorer{where} har källan {cmd.source}."
        else:
            items = has
            heading += f" med källa {cmd.source}"
            empty = f"Inga indikatorer{where} har källan {cmd.source}."
    if cmd.moved is not None:
        if cmd.moved in ("upp", "ned"):
            items = [i for i in items if i.trend == cmd.moved]
        else:
            better = cmd.moved == "bättre"
            items = [i for i in items if improved(
                Target.parse(i.target), i.latest, i.previous, i.baseline, i.unit) is better]
        heading += {"bättre": " som blivit bättre", "sämre": " som blivit sämre",
                    "upp": " som ökat", "ned": " som minskat"}[cmd.moved]
        heading += " sedan mätningen före"
        empty = f"Inga indikatorer{where} har {'ökat' if cmd.moved == 'upp' else 'minskat' if cmd.moved == 'ned' else 'blivit ' + cmd.moved} sedan mätningen före."
    top, top_change = None, None
    if cmd.moved is not None and cmd.most:
        def change(i: r.IndikatorInfo) -> float:
            if i.latest is None or i.previous is None or not i.previous:
                return 0.0
            return (i.latest - i.previous) / abs(i.previous) * 100
        items = sorted(items, key=lambda i: (-abs(change(i)), i.name))
        if items and change(items[0]):
            top, top_change = items[0], change(items[0])
        heading += ", störst förändring först (i procent av värdet före)"
    if cmd.missing is not None:
        if cmd.missing == "ansvarig":
            owners = holders_by_subject(q.role_events(ctx.store, "indikator_owner"),
                                        "indikator_owner")
            items = [i for i in items if not owners.get(i.slug)]
        else:
            items = [i for i in items if (
                not i.target or i.target in ("-", "–") if cmd.missing == "mål" else
                i.baseline is None if cmd.missing == "utgångsläge" else
                i.colour is None if cmd.missing == "färg" else not i.uppdrag)]
        heading += f" utan {_MISSING_WORD[cmd.missing]}"
        empty = f"Alla indikatorer{where} har {_MISSING_WORD[cmd.missing]}."
    owned = None
    if cmd.with_owners:
        owned = holders_by_subject(q.role_events(ctx.store, "indikator_owner"), "indikator_owner")
        heading += " och deras ansvariga"
    return IndikatorListResult(heading=heading, items=items, empty_text=empty, top=top,
                               top_change=top_change, moved=cmd.moved,
                               owners={i.slug: list(owned.get(i.slug, ())) for i in items}
                               if owned is not None else None,
                               counted=cmd.also is not None and cmd.colour is not None,
                               share_of=of_all if cmd.share else None)


_MISSING_WORD = {"mål": "önskat läge", "utgångsläge": "utgångsläge", "ansvarig": "ansvarig",
                 "uppdrag": "kopplat uppdrag", "färg": "färg"}


def _card_examples(snap: Snapshot) -> list[str]:
    if not snap.indikatorer:
        return []
    ind = next((i for i in snap.indikatorer if i["aliases"]), snap.indikatorer[0])
    return [f"{ind['name'].split(',')[0].lower()}?"]
