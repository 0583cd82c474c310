"""Måluppfyllelse: the annual report's goal attainment for a year."""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any, ClassVar, Literal

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.domain.text import fold


@dataclass(frozen=True, kw_only=True)
class MaluppfyllelseView(Command):
    name: ClassVar[str] = "måluppfyllelse"
    year: int | None = None
    colour: Literal["grön", "gul", "röd"] | None = None  # only the goals met (grön) or not (röd)
    measure: str | None = None  # one row, by its measure ("HME-resultat, index")
    goal: str | None = None  # the rows of one goal (its text), e.g. both of mål 1
    # "vem ansvarar för det?": the Adressering first; "varför inte?", "jämfört med länet?":
    # the row's comment, right after its outcome
    asks: Literal["ansvarig", "kommentar"] | None = None
    about: str | None = None  # the rows that name this word, of any goal ("AME"), as typed
    # only the rows whose trend against the year before is this ("vilka mål blev sämre?")
    trend: Literal["bättre", "sämre"] | None = None
    # only the rows of the report's målområde of this number ("måluppfyllelse målområde 4")
    area: int | None = None
    # of the goal's rows, this measure first: the one the question names by a word the other
    # row's measure excepts ("sjukfrånvaron på AME": "Sjukfrånvaro AME", not "exkl. AME")
    first: str | None = None
    # the best or worst asked ("vilket mål gick sämst?"): the rows ranked by how far the
    # outcome reached its target, that one named first; ``nth`` the place after it ("och det
    # näst sämsta?"); ``by_area`` ranks the report's målområden by their share met
    rank: Literal["sämst", "bäst"] | None = None
    nth: int = 0
    by_area: bool = False


@dataclass(kw_only=True)
class MaluppfyllelseResult(r.Result):
    template: ClassVar[str] = "maluppfyllelse.j2"
    year: int | None
    rows: list[dict[str, Any]]
    years: list[int]
    colour: str | None = None
    measure: str | None = None
    goal: str | None = None
    about: str | None = None
    asked_year: int | None = None  # the year asked for, when it had none and another is shown
    area: int | None = None  # only the rows of the report's målområde of this number
    asks: str | None = None
    # the sentences of the shown rows' comments that name the year asked ("Vid föregående
    # mätningen från 2023 var resultatet 23 %"): what the report says of that year
    mentions: list[str] = field(default_factory=list)
    trend: str | None = None  # the rows are those of this trend
    of_year: int = 0  # the year's rows before a colour picked some: "3 av 9 mått"
    # the year before's outcome, as the one row's outcome and its comment's change tell it
    # ("Resultatet har minskat med tre enheter" of 77: 80), with that sentence
    derived: tuple[str, str] | None = None
    rank: str | None = None
    top: dict[str, Any] | None = None  # the row ranked at the place asked
    place: int = 0
    # by_area: the report's målområden ranked, (area, met, measures), the one asked first
    areas: list[tuple[str, int, int]] = field(default_factory=list)


@register(MaluppfyllelseView, title="Måluppfyllelse",
          help="Årsredovisningens måluppfyllelse: mål, målvärde, utfall, färg och kommentar.",
          examples=("måluppfyllelse 2024",), needs=("maluppfyllelse", "måluppfyllelse"),
          live=lambda snap: ([f"måluppfyllelse {max(m['year'] for m in snap.maluppfyllelse)}"]
                             if snap.maluppfyllelse else []))
def answer_maluppfyllelse(cmd: MaluppfyllelseView, ctx: Context) -> r.Result:
    rows = ctx.snap.maluppfyllelse
    years = sorted({m["year"] for m in rows})
    year = cmd.year if cmd.year is not None else (years[-1] if years else None)
    asked = None
    if (cmd.measure or cmd.goal or cmd.colour or cmd.year or cmd.about) and year not in years:
        earlier = [y for y in years if year is None or y < year]
        later = [y for y in years if year is not None and y > year]
        if earlier:  # "klarade vi målet förra året?": the latest outcome there is
            asked, year = year, earlier[-1]
        elif later and (cmd.measure or cmd.goal or cmd.about):
            # "och året innan?" after a goal of the first year reported: that year's row, whose
            # comment may say the year before's result
            asked, year = year, later[0]
    picked = [m for m in rows if m["year"] == year]
    of_year = len(picked)
    if cmd.measure is not None:
        picked = [m for m in picked if m["measure"] == cmd.measure]
    if cmd.goal is not None:
        picked = [m for m in picked if m["goal"] == cmd.goal]
    if cmd.first is not None:
        picked = sorted(picked, key=lambda m: m["measure"] != cmd.first)
    if cmd.area is not None:
        picked = [m for m in picked if re.match(rf"\D*{cmd.area}\b", m["area"] or "")]
        of_year = len([m for m in rows if m["year"] == year
                       and re.match(rf"\D*{cmd.area}\b", m["area"] or "")])
    if cmd.colour == "gul":
        # a goal partly met: its own rows yellow, or some of its measures met and some not
        colours: dict[str, set[str]] = {}
        for m in picked:
            colours.setdefault(m["goal"], set()).add(m["colour"])
        picked = [m for m in picked if m["colour"] == "gul" or {"grön", "röd"} <= colours[m["goal"]]]
    elif cmd.colour is not None:
        picked = [m for m in picked if m["colour"] == cmd.colour]
    if cmd.about is not None:
        picked = [m for m in picked if names(m, cmd.about)]
    if cmd.trend is not None:
        picked = [m for m in picked if m["trend"] == cmd.trend]
    mentions = [s.strip() for m in picked for s in re.split(r"(?<=\.)\s+", m["comment"] or "")
                if asked is not None and re.search(rf"\b{asked}\b", s)]
    derived = year_before(picked[0]) if asked == (year or 0) - 1 and not mentions and \
        len(picked) == 1 else None
    top = None
    areas: list[tuple[str, int, int]] = []
    if cmd.rank is not None and cmd.by_area:
        counts: dict[str, list[int]] = {}
        for m in picked:
            c = counts.setdefault(m["area"] or "", [0, 0])
            c[0] += m["colour"] == "grön"
            c[1] += 1
        areas = sorted(((a, met, n) for a, (met, n) in counts.items()),
                       key=lambda x: x[1] / x[2], reverse=cmd.rank == "bäst")
    elif cmd.rank is not None:
        scored = [(reached(m), m) for m in picked]
        ranked = sorted((x for x in scored if x[0] is not None), key=lambda x: x[0] or 0.0,
                        reverse=cmd.rank == "bäst")
        if cmd.nth < len(ranked):
            top = ranked[cmd.nth][1]
    return MaluppfyllelseResult(year=year, rows=picked, years=years, colour=cmd.colour,
                                measure=cmd.measure, goal=cmd.goal, about=cmd.about,
                                asked_year=asked, asks=cmd.asks, mentions=mentions,
                                trend=cmd.trend, of_year=of_year, area=cmd.area,
                                derived=derived, rank=cmd.rank, top=top, place=cmd.nth,
                                areas=areas)


def area_named(text: str, rows: list[dict[str, Any]]) -> int | None:
    """The report's målområde a question names by the longest word of its name ("vilka mål om
    god ekonomisk hushållning nåddes inte?": "Målområde 1 – god ekonomisk hushållning"), its
    number; None when none is named."""
    from bot.domain.text import stem

    said = {stem(w) for w in re.findall(r"\w+", fold(text))}
    for area in dict.fromkeys(m["area"] or "" for m in rows):
        number, _, name = area.partition("–")
        digits = re.search(r"\d+", number)
        words = sorted(re.findall(r"\w+", fold(name)), key=len)
        if digits and words and len(words[-1]) >= 8 and stem(words[-1]) in said:
            return int(digits.group(0))
    return None


def asked_rank(q: Any) -> tuple[Literal["sämst", "bäst"], bool] | None:
    """The end of a ranking of the report's goals a question asks for ("vilket mål gick
    sämst?", "bäst"), and whether of its målområden ("vilket målområde har sämst
    måluppfyllelse?"); None when it asks for no one ("vilka mål gick sämre?" is a trend)."""
    from bot.core.parse import BEST, WORST, malomrade_number, rank_place

    words = set(q.words)
    # ("högst måluppfyllelse": the best; "lägst": the worst)
    worst = bool(words & (WORST | {"lagst", "lagsta"}))
    best = bool(words & (BEST | {"hogst", "hogsta"}))
    if worst == best or not (words & {"vilket", "vilken", "which", "det", "den"} or rank_place(q)):
        return None
    # "vilket mål i målområde 1 gick sämst?": a goal of that area, not the areas ranked
    return ("sämst" if worst else "bäst"), q.has("malomrade") and malomrade_number(q) is None


def reached(row: dict[str, Any]) -> float | None:
    """How far a row's outcome reached its target, 1 just met, more beyond it, less short of
    it ("Lägre än 5,00" with 2,12: 2,36; "100" with 9,1: 0,09); None when either is no number."""
    from bot.domain.plan import parse_number

    target = row.get("target") or ""
    goal = re.search(r"\d+(?:[ ,.]\d+)*", target)
    try:
        outcome = parse_number(row.get("outcome") or "")
        aim = parse_number(goal.group(0)) if goal else None
    except ValueError:
        return None
    if aim is None or not aim or not outcome:
        return None
    lower = bool(re.search(r"lägre|under|högst|mindre|<", target, re.IGNORECASE))
    return aim / outcome if lower else outcome / aim


_COUNT_WORDS = {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
                "åtta": 8, "nio": 9, "tio": 10}
_CHANGED = re.compile(r"(ökat|minskat|sjunkit|stigit|höjts|sänkts|gått upp|gått ned|gått ner)"
                      r"\s+med\s+(\d+(?:,\d+)?|" + "|".join(_COUNT_WORDS) + r")\s+"
                      r"(enheter|enhet|procentenheter|procentenhet|poäng)\b", re.IGNORECASE)


def year_before(row: dict[str, Any]) -> tuple[str, str] | None:
    """The year before's outcome of a row whose comment says by how much it changed
    ("Resultatet har minskat med tre enheter" of an outcome 77: 80), and that sentence."""
    from bot.domain import fmt
    from bot.domain.plan import parse_number

    comment = row.get("comment") or ""
    found = _CHANGED.search(comment)
    if found is None or not row.get("outcome"):
        return None
    try:
        now = parse_number(row["outcome"])
    except ValueError:
        return None
    amount = found.group(2).lower()
    by = float(_COUNT_WORDS[amount]) if amount in _COUNT_WORDS else parse_number(amount)
    down = found.group(1).lower() in ("minskat", "sjunkit", "sänkts", "gått ned", "gått ner")
    sentence = next((x.strip() for x in re.split(r"(?<=\.)\s+", comment) if _CHANGED.search(x)),
                    comment)
    return fmt.number(now + by if down else now - by), sentence


_EXCEPT = r"(?:exkl\.?|exklusive|utom|utan)\s+"


def names(row: dict[str, Any], word: str) -> bool:
    """Whether a måluppfyllelse row is about ``word`` ("AME"): its measure names it, or
    else its goal or comment does; a name that says "exkl. AME" is the row of the others."""
    w = re.escape(fold(word))
    said = re.compile(r"(?<!\w)" + w + r"(?!\w)")
    excepted = re.compile(_EXCEPT + w + r"(?!\w)")
    measure = fold(row["measure"] or "")
    if excepted.search(measure):
        return False
    if said.search(measure):
        return True
    return any(said.search(fold(row[k] or "")) and not excepted.search(fold(row[k] or ""))
               for k in ("goal", "comment"))
