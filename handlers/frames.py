"""Questions read as frames: what is asked (a comparison, a total, a count, a filter, whether
a goal was met) of what, when. One matcher, before the read-only questions' (MATCHERS):

- comparisons: "skillnaden mellan budget 2026 och 2027 för färdtjänst" (one line, two
  years), "jämför färdtjänst och skolskjutsar 2026" (two lines, one year);
- filters of the deviations: "verksamheter med underskott 2024", "… överskott …";
- måluppfyllelse: "vilka mål nåddes 2024?", "… inte …", and a row as an entity: "klarade vi
  målet för medarbetarengagemang förra året?";
- totals and counts: "hur mycket lade vi på investeringar sammanlagt 2024?", "hur mycket
  gick KS över budget totalt?", "hur många uppdrag har vi?".

Anything else gives None, and the next matcher decides.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Literal

from bot.core.commands import Command
from bot.core.matching import WORD_THRESHOLD, Index, Match, content_words
from bot.core.parse import (
    LARGEST,
    SMALLEST,
    THAN_LAST_YEAR,
    THAN_PLANNED,
    TREND,
    YEAR_PAIR,
    YEAR_RANGE,
    Query,
    analyse,
    classify,
    colour,
    colour_negated,
    malomrade_number,
    top_n,
    uppdrag_key,
    year,
    year_span,
)
from bot.core.snapshot import Row, Snapshot
from bot.core.trust import (
    SPENT_WORDS,
    distinctive,
    other_municipality,
    other_place,
    unnamed_project,
    weak,
)
from bot.core.views import forecast_indicator
from bot.domain.plan import AREAS
from bot.domain.text import fold, stem
from handlers.budget import (
    BudgetOverview,
    BudgetRad,
    BudgetVerksamhet,
    Investering,
    InvesteringGrupp,
    investment_groups,
    outcome_years,
    result_rows,
    row_name,
)
from handlers.help import Unknown
from handlers.indikator import IndikatorCard, IndikatorList
from handlers.jamforelse import BudgetCompare, IndikatorCompare, development, total_rows
from handlers.maluppfyllelse import MaluppfyllelseView
from handlers.texts import NyckeltalView
from handlers.uppdrag import UppdragCard, UppdragList

_YEARS = re.compile(r"\b(20\d\d)\b")
# a range of years: "2026-2028", "2026–2028", "2026 till 2028", "från 2026 fram till 2028"
_COMPARE = ("skillnad", "skillnaden", "skillnader", "skiljer", "jamfor", "jamfort", "jamforelse",
            "jamforelsen",
            "compare", "difference", "versus", "vs")
# the rows of the whole budget a comparison may name ("skillnaden i intäkter …")
_SIDES = {"intakter": "Intäkter", "intakterna": "Intäkter", "intakt": "Intäkter",
          "kostnader": "Kostnader", "kostnaderna": "Kostnader"}
_RISE = ("okar", "okade", "minskar", "minskade", "forandras", "forandring", "andras", "dyrare",
         "billigare", "hogre", "lagre", "okat", "minskat", "stigit", "sjunkit", "forandrats",
         "forandrat", "andrats", "increased", "decreased")
_MET = ("naddes", "uppnaddes", "uppfylldes", "klarades", "klarade", "nadde", "uppnadde",
        "uppfyllde", "uppfyllt", "uppfyllda", "met", "reached", "meet", "achieve", "achieved",
        "klarat", "uppnatt", "reach",  # "har vi klarat HME-målet?"
        "lyckades", "lyckats")  # "vilket mål lyckades vi bäst med 2024?"
# English verbs of meeting a target in the present: "do we meet the target?" asks of now (the
# indicator, as "når vi målet?"), "did we meet it (2024)?" of the report's year
_MEET_NOW = frozenset({"meet", "reach", "achieve"})
# "billigare än planerat": the budget, in other words
_PLANNED = frozenset(stem(w) for w in ("planerat", "beraknat", "budgeterat", "tankt"))
_MET_STEMS = frozenset(stem(w) for w in (*_MET, "klarar", "klarat", "nas", "natt", "uppnatt"))
# not met: "vilka mål missade vi 2024?" (the red rows)
_MISSED = ("missade", "missades", "missat", "missats", "misslyckades", "missed", "failed",
           "miss", "missa")
_SUM = ("sammanlagt", "totalt", "total", "totala", "summa", "summan", "sammantaget", "in total",
        "samlade", "samlat", "samlad", "tot", "sammanlagda")  # "tot investeringsbudget 2026?"


_SUM_STEMS = frozenset(stem(w) for w in _SUM)


# a message without one of these words is no frame of this matcher: it is not analysed here
_TRIGGER = re.compile(
    r"\b(?:" + "|".join((*_COMPARE, *_RISE, *_MET, *_SUM, "mellan", "underskott\\w*",
                          "overskott\\w*", "deficit", "surplus", "overspen\\w*", "underspent",
                          "budget\\w*", "minus", "plus", "back", "positiv\\w*", "negativ\\w*",
                          "plusbudget\\w*", "minusbudget\\w*", "uppdrag", "how", "mal\\w*",
                          "\\w{4,}smal(?:et|en)",  # "integrationsmålet": a goal by its name
                          "mer", "hur\\s+(?:gick|blev)", 
                          "rott", "roda", "gront", "grona", "gult", "gula",  # "varför blev X rött?"
                          "mindre", "och", "samt", "mest", "storst\\w*", "dyrast\\w*", "hogst\\w*",
                          "minst\\w*", "lagst\\w*", "billigast\\w*", "least", "cheapest", "smallest",
                          "most",
                          "biggest", "largest",
                          "verksamhetsberattelse\\w*", "arsredovisning\\w*", "20\\d\\d",
                          "\\w*investering\\w*", "\\w*projekt\\w*",
                          "fjol", "forra", "miss\\w*", "failed", "goals?", "targets?", "meet",
                          "departments", "projects")) + r")\b")
# a year compared with, not asked: "bättre än 2023", "jämfört med 2023", "sedan 2023"
_AGAINST_YEAR = re.compile(r"\b(?:battre|samre|hogre|lagre|mer|mindre)\s+an\s+(?:i\s+)?20\d\d\b|"
                           r"\b(?:jamfort\s+med|jamfort\s+mot|sedan|sen)\s+20\d\d\b")
# the goals themselves in English: "did we meet our goals last year?"
_GOAL_NOUNS = frozenset(stem(w) for w in ("goal", "goals", "target", "targets"))
# the annual report by name: where the outcome of the goals is
_REPORT = ("verksamhetsberattelse", "verksamhetsberattelsen", "arsredovisning",
           "arsredovisningen", "arsberattelse", "arsberattelsen", "bokslutet")


def match(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """A comparison, a filter, a goal met or not, a total or a count; else None."""
    if not _TRIGGER.search(fold(text)):
        return None
    q = analyse(text, snap)
    if not q.words or other_municipality(text, (snap.org or {}).get("name")) is not None:
        return None  # another municipality's figures: questions.parse says they are not here
    if unnamed_project(q):
        return None  # "och totalt för hela projektet?": which one, asked back by questions.parse
    words = set(q.words)
    return (_forecast(q, words, snap, today) or _without_lines(q, snap, today)
            or _projects_compared(q, words, snap) or _project_totals(q, snap)
            or _result_years(q, snap) or _shared_group(q, snap, today)
            or (_group(q, snap, today) if year_span(q, today) else None)  # its years
            or _over_amount(q, words, snap, today) or _changed(q, snap, today)
            or _compare(q, words, snap, today) or _group(q, snap, today)
            or _goals(q, words, snap, today, text) or _deficits(q, words, today)
            or _whole_deviation(q, words, snap, today)
            or _largest(q, words, snap, today)
            or _signed(q, words, today)
            or _totals(q, words, snap, today))


# --- a row of the result table ----------------------------------------------------------

# words of a row's measure, not names: "hur har kapitalkostnaderna utvecklats?"
_ROW_TREND = (*TREND, "forandring", "forandringen", "okat", "minskat")
# a rise or fall of a named row ("hur mycket ökade personalkostnaderna?"): its trend too, but
# not of the whole Kostnader or Intäkter ("varför ökade kostnaden?": the deviations' analyses)
_ROW_RISE = ("okade", "minskade", "okar", "minskar", "steg", "sjonk")
_ROW_AGAINST = ("jamfort", "jamfor", "jamforelse", "mot", "skillnad", "skillnaden", "compared")
_ROW_QUIET = frozenset(stem(w) for w in (*_ROW_TREND, *_ROW_RISE, *_ROW_AGAINST, *_SUM, "aren", "ar",
                                          "budgeten", "budget", "utfall", "utfallet", "bokslut",
                                          "bokslutet", "kommunstyrelsen", "ks", "namnden"))
# the row's word in other words: "lönekostnader" are the personalkostnader
_ROW_ALIASES = {"lonekostnad": "personalkostnad", "personalkostnad": "personalkostnad",
                "kapitalkostnad": "kapitalkostnad",
                "intakt": "intakt", "kostnad": "kostnad"}


# a part's share of the whole: "hur stor del av kostnaderna var personalkostnader?"
_ROW_SHARE = ("andel", "andelen", "hur stor del", "procent av", "del av", "share of")
_ROW_SHARE_WORDS = frozenset({"andel", "andelen", "del", "procent", "stor", "share"})


def match_result_row(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"personalkostnader 2023 och 2024", "intäkterna 2024 jämfört med budget", "hur har
    kapitalkostnaderna utvecklats?": a row of the annual report's Driftresultat, when the
    question names nothing else (not "kostnader gymnasieskola 2024": the line's)."""
    folded = fold(text)
    if "kost" not in folded and "intakt" not in folded:
        return None
    rows = result_rows(snap)
    if not rows:
        return None
    by_stem = {stem(fold(row_name(b["name"]))): b for b in rows}
    q = analyse(text, snap)
    named = {_ROW_ALIASES.get(s, s) for w in q.words if (s := stem(w)) in _ROW_ALIASES}
    named &= set(by_stem)
    share = False
    if named > {"kostnad"} and len(named) == 2 and q.phrase(*_ROW_SHARE):
        # "hur stor del av kostnaderna 2024 var personalkostnader?": the part's share of the
        # Kostnader (it was an honest miss)
        named, share = named - {"kostnad"}, True
    if len(named) != 1 or q.has("investering", "uppdrag", "indikator", "maluppfyllelse") or \
            q.phrase("vad sager", "star det", "star om", "skriver") or \
            other_municipality(text, (snap.org or {}).get("name")) is not None:
        return None  # "intäkter och kostnader 2024": the overview shows both
    key = next(iter(named))
    row = by_stem[key]
    # three letters name a part too: "personalkostnaderna för AME" is not the whole KS's
    rest = [w for w in distinctive(q, 3) if _ROW_ALIASES.get(w, w) != key and w not in _ROW_QUIET
            and not (share and (_ROW_ALIASES.get(stem(w)) == "kostnad" or w in _ROW_SHARE_WORDS))]
    if rest:
        return None  # "kostnader för gymnasieskolan", "kostnaderna för idrottshallen"
    years = sorted({int(y) for y in _YEARS.findall(q.text)})
    if not years and (y := year(q, today)) is not None:
        years = [y]
    has = {v["year"] for v in row["values"] if v["amount"] is not None}
    words = set(q.words)
    trend = bool(words & set(_ROW_TREND)) or (bool(words & set(_ROW_RISE))
                                              and key not in ("intakt", "kostnad"))
    if key in ("intakt", "kostnad") and not set(years) & has and not (trend and not years):
        return None  # "kostnader 2026", "intäkter": the year's budget, not the report's row
    if len(years) == 1 and words & set(_ROW_AGAINST) and not q.has("budget", "avvikelse") and \
            (latest := max(has, default=None)) is not None and latest != years[0]:
        years = sorted({years[0], latest})  # "kapitalkostnaderna jämfört med 2023": 2023 → 2024
    focus: Literal["budget", "avvikelse", "trend"] = "trend" if (trend or len(years) >= 2) else (
        "avvikelse" if (q.has("avvikelse") or words & set(_ROW_AGAINST)) else "budget")
    return BudgetRad(row=row["name"], years=tuple(years), focus=focus, share=share)


# --- the investment projects' whole figures ------------------------------------------------

_WHOLE_PROJECT = re.compile(r"\bprojektavvikels\w*|\btotalbudget\w*|"
                            # the report's "Ack avvikelse projekt": "ackumulerad avvikelse"
                            r"\back(?:umulera\w*)?\s+avvikels\w*|\b(?:total\w*|hela)\s+projekt(?:budget\w*|"
                            r"kostnad\w*|avvikels\w*)?\b|\bprojektbudget\w*|"
                            r"\bprojekt(?:ens|en)\s+total\w*")
_WHOLE_STEMS = frozenset(stem(w) for w in (
    "projektavvikelse", "projektavvikelsen", "projektavvikelser", "projektbudget",
    "projektbudgeten", "projektbudgetar", "projekt", "projekten", "projektet", "projektkostnad",
    "hela", "sin", "sina", "deras", "totala", "totalbudget", "totalbudgeten", "vilket", "vilka", "gick", "overskred", "dyrare", "over", "an",
    "mest", "storst", "storsta", "projektens", "avvikelse", "avvikelsen", "ack",
    "ackumulerad", "ackumulerade", "ackumulerat"))


def _project_totals(q: Query, snap: Snapshot) -> Command | None:
    """"summa total projektavvikelse", "vilka projekt gick över sin totala projektbudget?":
    the projects' whole figures (total budget, prognos, total avvikelse), summed, when no
    project is named ("hur mycket dyrare blev Hammars skola totalt?" is its card)."""
    words = set(q.words)
    # "vilket investeringsprojekt drog över mest totalt?": a project's deviation ranked over
    # the whole project ("totalt" with a project word and no year), not the year's
    # "vilket projekt har störst total avvikelse?": the same, "total" before the deviation
    ranked_total = (("totalt" in words and bool(words & LARGEST) and (q.has("avvikelse") or q.phrase(
        "drog over", "dragit over", "gick over", "gatt over"))) or
        re.search(r"\btotal\w*\s+avvikels", q.text) is not None) and \
        not _YEARS.search(q.text) and any(w.startswith(("projekt", "investeringsprojekt"))
                                          for w in words)
    if not (_WHOLE_PROJECT.search(q.text) or ranked_total) or not snap.projects or \
            q.has("uppdrag", "indikator", "maluppfyllelse"):
        return None
    if [w for w in distinctive(q, 3) if w not in _WHOLE_STEMS and w not in _SUM_STEMS]:
        return None  # a project named, or something else
    over = q.phrase("gick over", "over sin", "over sina", "overskred", "overskridit",
                    "dyrare an", "over budget", "over projektbudget", "overskridande",
                    "drog over", "dragit over", "sprack")
    # "vilket projekt överskred sin totala projektbudget mest?": the most over named first
    ranked = bool(set(q.words) & (LARGEST | SMALLEST)) and not q.phrase("vilka")
    least = ranked and bool(set(q.words) & SMALLEST) and not set(q.words) & LARGEST
    return Investering(whole=True, over=over, ranked=ranked, least=least)


_SPLIT_NAMES = re.compile(r"\b(?:och|mot|med|samt|jamfort|jamfor|and|vs|versus|an|than|eller|or|"
                          r"mellan)\b|,|:|\?")


def _projects_named(q: Query, snap: Snapshot) -> list[str]:
    """The investment projects a message names, in its order: each part between "och",
    "mot", "eller", "mellan" and commas looked up on its own (the followed-up projects only,
    strongly: a part's words must be most of a project's name's)."""
    followed = {p["name"] for p in snap.projects}
    names: list[str] = []
    for part in _SPLIT_NAMES.split(q.text):
        ws = [w for w in content_words(part) if classify(w) not in _FRAME_CLASSES
              and w not in _COMPARE_STEMS]
        if not ws:
            continue
        hits = snap.index.search(ws, kinds={"projekt"}, limit=2)
        if hits and hits[0].coverage >= 0.5 and hits[0].entry.key in followed and \
                hits[0].entry.key not in names and weak(hits[0], analyse(part, snap),
                                                        snap.index) is None:
            names.append(hits[0].entry.key)
    return names


def _projects_compared(q: Query, words: set[str], snap: Snapshot) -> Command | None:
    """"skillnaden i utfall mellan Åsbro förskola och Askersund förskola", "vilket kostade
    mest, Åsbro förskola eller Askersund förskola?", "jämför Åsbro förskola med Hammars
    skola": two or more followed-up projects side by side, on the figure asked (the year's
    utfall unless the budget, the deviation or the whole project is), the difference first."""
    if not snap.projects or q.has("uppdrag", "indikator", "maluppfyllelse"):
        return None
    # "vilken gick sämst 2024, Åsbro förskola eller Askersund förskola?": the deviations
    # ranked: "sämst" the largest overrun, "bäst" the least deviation
    judged = words & {"samst", "bast", "worst", "best"}
    superlative = bool(words & (LARGEST | SMALLEST)) or bool(judged)
    together = bool(words & _TOGETHER) and not words & set(_COMPARE)
    asked = bool(words & set(_COMPARE)) or q.phrase("mellan") or superlative or \
        bool(words & set(_RISE)) or together or (
            bool(words & {"mer", "mindre", "more", "less"}) and bool(words & {"an", "than"}))
    if not asked or not q.phrase("och", "mot", "med", "eller", "samt", "and", "or", "vs", "an"):
        return None
    names = _projects_named(q, snap)
    if len(names) < 2:
        return None
    years = sorted({int(y) for y in _YEARS.findall(q.text)})
    held = {p["year"] for p in snap.projects if p["name"] in names}
    if years and not set(years) & held:
        return None  # another year's budget: the investment budget's rows, not the follow-up
    if together and not superlative:
        # "Åsbro förskola och Askersund förskola tillsammans": the named listing, its sum
        return Investering(names=tuple(names), year=years[0] if years else None)
    whole = bool(_WHOLE_PROJECT.search(q.text)) or bool(words & {"totalt", "totala", "total"})
    # "utfall" is of the deviation's class: the outcome itself when said
    # going over asked in a verb ("vilken drog över mest totalt?", "sprack"): the deviation
    deviation = (q.has("avvikelse") and not words & _OUTCOME) or q.phrase(
        "over budget", "under budget", "gick over", "drog over", "dragit over", "drar over",
        "overskred", "overskridit", "sprack", "spruckit", "dyrare an", "billigare an") or \
        bool(judged)
    if whole:
        measure = "total_deviation" if deviation else "accumulated"
    elif deviation:
        measure = "avvikelse"
    elif q.has("budget") and not words & _OUTCOME and not words & _SPENT:
        measure = "budget"
    else:
        measure = "utfall"
    return Investering(names=tuple(names), year=years[0] if years else None, compare=measure,
                       ranked=superlative, least=(bool(words & SMALLEST) and not words & LARGEST)
                       or bool(judged & {"bast", "best"}))


# --- the total deviation without some lines ---------------------------------------------

_LEFT_OUT = re.compile(r"\b(?:utan|exklusive|exkl|bortsett\s+fran|om\s+man\s+bortser\s+fran|"
                       r"forutom|fransett|excluding|except|without)\s+(.+)$")


def _without_lines(q: Query, snap: Snapshot, today: dt.date) -> Command | None:
    """"hur hade resultatet 2024 sett ut utan gymnasieskolan?", "underskottet exklusive
    gymnasieskolan": the year's total deviation, and what is left without the lines named
    after "utan"."""
    m = _LEFT_OUT.search(q.text)
    if m is None or not q.has("avvikelse") or q.has("investering", "uppdrag", "indikator",
                                                    "maluppfyllelse"):
        return None
    rest = analyse(m.group(1), snap)
    codes = _verksamheter(rest, snap)
    if not codes:
        return None  # "verksamheter utan underskott": no line left out
    y = year(q, today)
    return BudgetOverview(year=y, focus="avvikelse", without=tuple(codes))


# --- the nämnd's result in a year without deviations per line ---------------------------

# a year compared with: "mer back än 2023", "jämfört med 2023"
_THAN_YEAR = re.compile(r"\b(?:an|than|jamfort\s+med|jamfort\s+mot|vs)\s+(?:i\s+)?20\d\d\b")
_RESULT_QUIET = frozenset(stem(w) for w in ("did", "we", "our", "gick", "vi", "var", "blev",
                                             "hur", "mycket", "nämnden", "namnden", "ks",
                                             "kommunstyrelsen", "aret", "ar", "sedan", "sen"))


def _result_years(q: Query, snap: Snapshot) -> Command | None:
    """"did we overspend mer än 2023?", "resultatet 2023 och 2024", "gick vi mer back än
    2023?": a year whose outcome only the result table prints (its bokslut, no deviation per line) is
    the nämnd's Resultat row, that year against the last report's (bokslut, budget,
    avvikelse), not an empty list of deviations."""
    if not q.has("avvikelse") or q.has("investering", "uppdrag", "indikator", "maluppfyllelse",
                                       "goal"):
        return None
    years = {int(y) for y in _YEARS.findall(q.text)}
    totals = [b for b in snap.budget if b["table_kind"] == "resultat" and b["total"]]
    if not years or len(totals) != 1:
        return None
    booked = {v["year"] for v in totals[0]["values"] if v["amount"] is not None
              and v["measure"] in ("bokslut", "utfall")}
    deviated = {v["year"] for b in snap.budget if b["table_kind"] == "drift" for v in b["values"]
                if v["measure"] == "avvikelse" and v["amount"] is not None}
    if not years & (booked - deviated) or not years <= booked:
        return None
    if len(years) < 2 and not _AGAINST_YEAR.search(q.text) and not _THAN_YEAR.search(q.text) and \
            not set(q.words) & {"resultat", "resultatet", "underskottet", "overskottet"} and \
            not (set(q.words) & {"underskott", "overskott"} and not q.phrase("vilka", "vilken", "which")
                 and not any(w.startswith("verksamhet") for w in q.words)):
        return None  # "budgetavvikelser 2023" alone: the overview says there are none (not
        # "underskottet 2023", "nämndens underskott 2023": the nämnd's one, its Resultat row)
    if [w for w in distinctive(q, 3) if w not in _COMPARE_STEMS and w not in _RESULT_QUIET
            and w not in _SUM_STEMS] or _verksamheter(q, snap):
        return None  # "gick gymnasieskolan mer back än 2023?": the line's
    return BudgetRad(row=totals[0]["name"], years=tuple(sorted(years | {max(booked)})),
                     focus="avvikelse")


# --- a group of the verksamhetsindelning ------------------------------------------------


_AREA_STEMS = {digit: (name, frozenset(stem(w) for w in words))
               for digit, (name, words) in AREAS.items()}


def match_area(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"vad kostar politiken?", "budget för utbildning 2027": a group of the
    verksamhetsindelning named by its words, with a budget word and nothing else named:
    its lines in the year, summed; None otherwise."""
    q = analyse(text, snap)
    if not q.has("budget", "avvikelse") or q.has("uppdrag", "indikator", "maluppfyllelse"):
        return None
    named = [(d, name, ws) for d, (name, ws) in _AREA_STEMS.items() if ws & set(q.core)]
    if len(named) != 1:
        return None
    digit, name, own = named[0]
    if [w for w in distinctive(q) if w not in own]:
        return None  # "stöd till politiska partier": the line
    codes = tuple(c for c in sorted(snap.verksamheter) if c[:1] == digit and len(c) == 2)
    if not codes:
        return None
    y = year(q, today) or snap.plan_year
    if y is None:
        return None
    return BudgetCompare(codes=codes, years=(y,), focus=_focus(q), summed=True, area=name)


def _other_sections(snap: Snapshot) -> list[tuple[str, re.Pattern[str]]]:
    """The operating budget's sections after the nämnd's own, each with the pattern of its
    name ("finansförvaltningens" too), once per snapshot (not per message)."""
    sections = list(dict.fromkeys(b["section"] for b in snap.budget
                                  if b["table_kind"] == "drift" and b["section"]))
    return [(sec, re.compile(rf"\b{re.escape(fold(sec)[:-2])}")) for sec in sections[1:]
            if len(sec) >= 8]


def match_section(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"finansförvaltningens nettokostnad 2028", "budget finansförvaltningen": a section of the
    operating budget other than the nämnd's own, named, and nothing else: its tables (the
    nämnd's own is the overview's first anyway)."""
    others = snap.memoised("other_sections", None, lambda: _other_sections(snap))
    if not others:
        return None
    folded = fold(text)
    named = [sec for sec, said in others if said.search(folded)]
    if len(named) != 1:
        return None
    q = analyse(text, snap)
    own = set(content_words(named[0]))
    if [w for w in distinctive(q) if w not in own and not any(w.startswith(o[:8]) for o in own)] \
            or q.has("uppdrag", "indikator", "maluppfyllelse", "investering"):
        return None
    return BudgetOverview(year=year(q, today), section=named[0],
                          focus="avvikelse" if q.has("avvikelse") else "budget")


# --- a group of the investment budget -----------------------------------------------------


def _group(q: Query, snap: Snapshot, today: dt.date) -> Command | None:
    """"strategiska investeringar 2024", "hur mycket lades på reinvesteringar i lokaler":
    every word of a group's name, and nothing else named."""
    if q.has("uppdrag", "indikator", "maluppfyllelse"):
        return None
    groups = investment_groups(snap)
    if not groups:
        return None
    asked = content_words(q.text)
    # the name's words together, in order ("strategiska mål för investeringar" is no group)
    named = [(len(ws), name) for name in groups
             if (ws := content_words(name)) and any(asked[i:i + len(ws)] == ws
                                                    for i in range(len(asked)))]
    if not named:
        return None
    group = max(named)[1]
    own = set(content_words(group))
    if [w for w in distinctive(q) if w not in own]:
        return None  # "strategiska investeringar i Hammars skola": the project
    return InvesteringGrupp(group=group, year=year(q, today), until=_until(q, today))


def _until(q: Query, today: dt.date) -> int | None:
    """The last year of a stretch a message asks ("2026–2030"), when it begins at the year
    ``year`` reads (its first)."""
    span = year_span(q, today)
    return span[1] if span is not None and span[0] == year(q, today) else None


def _shared_group(q: Query, snap: Snapshot, today: dt.date) -> Command | None:
    """"reinvesteringar 2026", "hur stor är reinvesteringsbudgeten?": a word that begins the
    names of several groups of the investment budget (and of no project or line alone), and
    nothing else named: those groups, each and together (not the whole investment budget)."""
    if q.has("uppdrag", "indikator", "maluppfyllelse") or distinctive(q, 3):
        return None
    if q.has("avvikelse"):
        return _followed_group(q, snap, today)
    groups = investment_groups(snap)
    firsts: dict[str, list[str]] = {}
    for g in groups:
        firsts.setdefault(fold(g).split()[0], []).append(g)
    for w in q.words:
        for first, named in firsts.items():
            if len(named) >= 2 and len(first) >= 6 and w.startswith(stem(first)) and \
                    not w.startswith(("investering", "invest")):
                # "Reinvesteringar" as the names write it
                shown = named[0].split()[0]
                return InvesteringGrupp(group=shown, year=year(q, today), until=_until(q, today))
    return None


def _followed_group(q: Query, snap: Snapshot, today: dt.date) -> Command | None:
    """"varför blev det överskott på reinvesteringarna 2024?": a group's deviation in a year
    of outcome is its one followed-up project's ("Investering enligt reinvesteringsplan
    2024", with the analysis), not every investment's deviations listed."""
    y = year(q, today)
    if y is None:
        return None
    firsts = {stem(fold(g).split()[0]) for g in investment_groups(snap)}
    said = [f for f in firsts if len(f) >= 6 and not f.startswith("invest") and
            any(w.startswith(f) for w in q.words)]
    if len(said) != 1:
        return None
    named = [p["name"] for p in snap.projects if p["year"] == y and
             any(fold(w).startswith(said[0]) for w in re.findall(r"\w+", p["name"]))]
    return Investering(project=named[0], year=y) if len(named) == 1 else None


# --- comparisons ---------------------------------------------------------------------------


# classes whose words are the frame of a question, never a line's name
_FRAME_CLASSES = frozenset({"budget", "avvikelse", "list", "time", "noise"})


def _verksamheter(q: Query, snap: Snapshot) -> list[str]:
    """The budget lines a message names, in its order: each part between "och", "mot", "med",
    "och" and commas is looked up on its own."""
    codes: list[str] = []
    # "mer än", "eller": "får gymnasiet mer än skolskjutsarna?", "färdtjänst eller skolskjuts?"
    parts = re.split(r"\b(?:och|mot|med|samt|jamfort|jamfor|and|vs|versus|an|than|eller|or)\b|,",
                     q.text)
    for part in parts:
        if re.search(r"\d", part) and re.search(r"\b(?:miljon\w*|mnkr|mkr|tkr|kronor|kr)\b", part):
            continue  # "mer än 10 miljoner": an amount, no line (not Miljö och hälsoskydd)
        ws = [w for w in content_words(part) if w not in ("skillnad", "jamfor", "budget", "skiljer")]
        # the question's own words name no line: "vilka verksamheter får mindre pengar" is not
        # 92 Gemensamma verksamheter (its "verksamheter" the only word it explains)
        frame = {s for w in re.findall(r"\w+", part) if classify(w) in _FRAME_CLASSES
                 for s in content_words(w)}
        named = [w for w in re.findall(r"\w+", part)
                 if any(c not in ("skillnad", "jamfor", "budget") for c in content_words(w))]
        if not ws or all(classify(w) in ("budget", "avvikelse") for w in named):
            continue  # "intäkter", "kostnader": the totals' words, no line's name
        hits = snap.index.search(ws, kinds={"verksamhet"}, limit=1)
        if hits and hits[0].coverage >= 0.5 and hits[0].entry.key not in codes and \
                hits[0].matched - frame:
            codes.append(hits[0].entry.key)
    return codes


def _indikatorer(q: Query, snap: Snapshot) -> list[str]:
    """The indicators a comparison names, each part between "och", "mot" … on its own;
    only when every part names one (strongly)."""
    slugs: list[str] = []
    parts = re.split(r"\b(?:och|mot|med|samt|jamfort|jamfor|and|vs|versus|mellan)\b|,", q.text)
    for part in parts:
        ws = [w for w in content_words(part) if w not in ("skillnad", "jamfor")]
        if not ws:
            continue
        hits = snap.index.search(ws, limit=2)
        if not hits or hits[0].entry.kind != "indikator" or hits[0].coverage < 0.5:
            return []
        if hits[0].entry.key not in slugs:
            slugs.append(hits[0].entry.key)
    return slugs


# a comparison's own words, no name: "hur mycket mindre investerar vi 2026 jämfört med 2024?"
_COMPARE_STEMS = frozenset(stem(w) for w in (*_COMPARE, *_RISE, "mer", "mindre", "more", "less",
                                              "jamfort", "an", "than"))




def _unexplained(q: Query) -> list[str]:
    """The distinctive words of a comparison of the whole budget that are not its frame."""
    return [w for w in distinctive(q, 3) if w not in _COMPARE_STEMS and w not in _SUM_STEMS]


# the figures added up, not their difference: "gymnasiet och skolskjutsarna tillsammans 2026",
# "räddningstjänsten totalt 2026–2028"
# ("total budget 2026 jämfört med 2027" is the whole budget compared: no sum)
_TOGETHER = frozenset({*_SUM, "tillsammans", "ihop", "together", "combined",
                       "sammantaget"}) - {"total", "totala", "tot"}


# a change until a year: "hur mycket ökar skatteintäkterna till 2029?" (not "2026 till 2029":
# a range, read as such)
_UNTIL_YEAR = re.compile(r"(?<!\d\d\d\d )\b(?:till|fram\s+till|to|until)\s+(?:ar\s+)?(20\d\d)\b")


def _compare(q: Query, words: set[str], snap: Snapshot, today: dt.date) -> Command | None:
    cmd = _compare_of(q, words, snap, today)
    if isinstance(cmd, BudgetCompare) and (words & {"procent", "procentuellt", "procentuell",
                                                    "percent", "percentage"} or "%" in q.raw):
        cmd = replace(cmd, percent=True)  # "hur mycket ökar budgeten i procent 2027?"
    if isinstance(cmd, BudgetCompare) and words & _TOGETHER and (len(cmd.years) > 1 or
                                                                  len(cmd.codes) > 1) and \
            not words & {*_COMPARE, "jamfort", "mot"}:
        return replace(cmd, summed=True)
    if isinstance(cmd, IndikatorCompare) and words & _TOGETHER and \
            not words & {*_COMPARE, "jamfort", "mot"}:
        # "lång och kort sjukfrånvaro tillsammans?": the values added up, where they can be
        return replace(cmd, summed=True)
    return cmd


_RAM = ("ram", "ramen", "ramar", "ramarna", "budgetram", "budgetramen", "budgetramar",
        "budgetramarna")


def _ram_compared(q: Query, words: set[str], years: list[int], compare: bool, rises: bool,
                  snap: Snapshot) -> Command | None:
    """"hur mycket mindre ram fick KS 2026 jämfört med 2024?", "budgetramen 2024 och 2026",
    "hur har ramen förändrats?": KF's budget frame of the years (the figures in the
    documents' text), not the nämnd's net cost; only when the frame is the one budget word."""
    said = q.classes.get("budget", [])
    if not said or not all(w in _RAM for w in said) or q.has(
            "avvikelse", "investering", "indikator", "uppdrag", "maluppfyllelse") or \
            not any(row["grp"] == "Budgetram" for row in snap.nyckeltal):
        return None
    if not (compare or rises or len(years) >= 2 or words & set(TREND)
            or words & {"forandrats", "forandrat", "andrats", "forandring", "forandringen"}):
        return None
    return NyckeltalView(topic="budgetram", change=tuple(years))


def _year_ranked(q: Query, words: set[str], snap: Snapshot) -> Command | None:
    """"vilket år är räddningstjänsten dyrast?", "vilket år har gymnasiet lägst budget?": one
    line's years (the plan's bokslut, budget and plan), the largest (or smallest) first."""
    if not q.phrase("vilket ar", "vilket aret", "vilka ar", "which year", "nar ar", "nar blir") \
            or not words & (LARGEST | SMALLEST) or q.has(
                "avvikelse", "investering", "indikator", "uppdrag", "maluppfyllelse"):
        return None
    codes = _verksamheter(q, snap)
    if len(codes) != 1 or (cmd := development(snap, codes[0])) is None:
        return None
    return replace(cmd, ranked=True, least=bool(words & SMALLEST) and not words & LARGEST)


def _year_of(q: Query, snap: Snapshot) -> int:
    """The year of lines compared when none is said: the plan's, or, for a deviation or an
    outcome ("hur mycket gick gemensamma lokaler och gemensamma verksamheter back?"), the last
    year with an outcome (the plan's year has none)."""
    if _focus(q, snap.plan_year) in ("avvikelse", "utfall") and \
            (done := outcome_years(snap, "drift")):
        return max(done)
    return snap.plan_year or 0


def _compare_of(q: Query, words: set[str], snap: Snapshot, today: dt.date) -> Command | None:
    if q.phrase(*_GROWS, *_SHRINKS) and q.phrase("vilka", "vilken", "which"):
        return None  # "vilka verksamheter får mindre pengar 2026 än 2025?": _changed's
    compare = bool(words & set(_COMPARE)) or q.phrase("mellan")
    years = sorted({int(y) for y in _YEARS.findall(q.text)})
    if not years and (ranked := _year_ranked(q, words, snap)) is not None:
        return ranked
    if (ram := _ram_compared(q, words, years, compare, bool(words & set(_RISE)) or bool(
            words & {"mer", "mindre", "more", "less"}), snap)) is not None:
        return ram
    # "hur mycket mer kostar gymnasiet 2027 än 2026?": more or less than another year
    rises = bool(words & set(_RISE)) or (
        bool(words & {"mer", "mindre", "more", "less", "storre", "bigger", "larger",
                      "smaller"}) and bool(words & {"an", "than"}))
    if rises and len(years) <= 1 and q.phrase(*THAN_PLANNED) and not compare and \
            not set(q.words) & set(_SIDES) and len(codes := _verksamheter(q, snap)) == 1:
        # "did we spend more on färdtjänst in 2024 than budgeted?", "kostade gymnasiet mer än
        # budgeterat?": the line's deviation, asked whether it went over (not two years)
        return BudgetVerksamhet(code=codes[0], year=years[0] if years else year(q, today),
                                focus="avvikelse", asks="över")
    if rises and not years and (said := year(q, today)) is not None:
        years = [said]  # "ökar färdtjänstens budget nästa år?": 2027 against 2026
    # "färdtjänst eller skolskjutsar", "gymnasiet mer än skolskjutsarna": lines against each
    # other in one year
    than = rises and bool(words & {"an", "than"})
    # "vad är dyrast 2026, skolskjutsar eller färdtjänst?": which of the lines named is largest
    superlative = bool(words & (LARGEST | SMALLEST))
    # ("färdtjänsten och räddningstjänsten 2026 tillsammans": two lines added up asks their
    # money, without a budget word)
    both = (q.has("budget", "avvikelse") or than or superlative or bool(words & _TOGETHER)) and (
        q.phrase("och", "samt", "and", "eller", "or") or than) and \
        not q.has("investering", "indikator", "uppdrag", "maluppfyllelse") and len(years) <= 1
    if not (compare or rises) and q.phrase("och", "samt", "and") and not years and not q.has(
            "budget", "avvikelse", "investering", "uppdrag", "maluppfyllelse", "goal") and \
            len(slugs := _indikatorer(q, snap)) >= 2:
        return IndikatorCompare(slugs=tuple(slugs[:4]), side_by_side=True)  # "X och Y"
    since_year = re.search(r"\b(?:sedan|sen|fran|since)\s+(?:ar\s+)?20\d\d\b", q.text)
    until_year = _UNTIL_YEAR.search(q.text)
    if rises and len(years) == 1 and (q.has("budget") or since_year or until_year) and \
            not compare and not q.phrase(*THAN_PLANNED) and \
            not q.has("avvikelse", "investering", "indikator", "uppdrag", "maluppfyllelse") and \
            len(codes := _verksamheter(q, snap)) == 1:
        # "ökar budgeten för skolskjutsar 2027?": that year against the year before; "har den
        # ökat sedan 2024?": 2024 against the plan's year; "hur mycket ökar skatteintäkterna
        # till 2029?": each year from the plan's to that one (not "högre än budgeterat 2024":
        # against the year's own budget)
        if since_year and snap.plan_year and years[0] < snap.plan_year:
            return BudgetCompare(codes=(codes[0],), years=(years[0], snap.plan_year))
        if until_year and snap.plan_year and snap.plan_year < years[0] <= snap.plan_year + 6:
            return BudgetCompare(codes=(codes[0],), years=tuple(range(snap.plan_year,
                                                                       years[0] + 1)))
        return BudgetCompare(codes=(codes[0],), years=(years[0] - 1, years[0]))
    if rises and len(years) == 1 and (q.has("budget") or q.has("investering")) and \
            not q.phrase(*THAN_PLANNED) and not any(
                w.startswith(("ram", "budgetram")) for w in q.classes.get("budget", [])) and \
            not compare and not q.has("avvikelse", "indikator", "uppdrag", "maluppfyllelse") and \
            not _unexplained(q) and not _verksamheter(q, snap) and \
            not q.phrase("vilka", "vilken", "vilket", "which"):
        # "hur mycket ökar budgeten 2027?", "minskar nettokostnaden 2029?": the nämnd's whole
        # budget that year against the year before
        sides = {_SIDES[w] for w in q.classes.get("budget", []) if w in _SIDES}
        if len(sides) <= 1 and since_year and snap.plan_year and years[0] < snap.plan_year:
            # "hur mycket har KS budget ökat sedan 2025?": that year against the plan's
            return BudgetCompare(codes=(), years=(years[0], snap.plan_year),
                                 total="investering" if q.has("investering") else "drift",
                                 row=next(iter(sides), None) if not q.has("investering") else None)
        if len(sides) <= 1:
            return BudgetCompare(codes=(), years=(years[0] - 1, years[0]),
                                 total="investering" if q.has("investering") else "drift",
                                 row=next(iter(sides), None) if not q.has("investering") else None)
    span = YEAR_RANGE.search(q.text)
    pair = YEAR_PAIR.search(q.text)  # "gymnasieskolan 2025 o 2026": both years
    if span and len(years) >= 2 and words & _TOGETHER and years[-1] - years[0] <= 6 and \
            not q.has("avvikelse", "investering", "indikator", "uppdrag", "maluppfyllelse") and \
            len(codes := _verksamheter(q, snap)) >= 2:
        # "vad kostar skolskjutsar och färdtjänst tillsammans 2025–2027?": every line of every
        # year, added up
        return BudgetCompare(codes=tuple(codes[:4]), years=tuple(range(years[0], years[-1] + 1)),
                             summed=True)
    if not (compare or (rises and len(years) == 2) or both or ((span or pair) and len(years) >= 2)):
        return None
    if both and not compare and len(codes := _verksamheter(q, snap)) >= 2:
        # "budget färdtjänst och skolskjuts 2026": each of them, side by side
        y = years[0] if years else _year_of(q, snap)
        if y:
            return BudgetCompare(codes=tuple(codes[:4]), years=(y,),
                                 focus=_focus(q, snap.plan_year), ranked=superlative,
                                 least=bool(words & SMALLEST) and not words & LARGEST)
    if not (compare or (rises and len(years) == 2) or ((span or pair) and len(years) >= 2)):
        return None
    if compare and not years and not q.has("budget", "avvikelse", "investering", "uppdrag"):
        slugs = _indikatorer(q, snap)
        if len(slugs) >= 2:
            return IndikatorCompare(slugs=tuple(slugs[:4]))
    if len(years) >= 2 and (q.has("budget") or q.has("investering")) and not q.has(
            "indikator", "uppdrag", "maluppfyllelse") and (not q.has("avvikelse") or _focus(q, snap.plan_year) ==
                                                           "utfall") and not _unexplained(q) and \
            not _verksamheter(q, snap):
        # "hur mycket ökar KS nettokostnad från 2025 till 2029?", "investeringsbudgeten 2026
        # mot 2027": the nämnd's whole budget between the years, when no line is named
        shown = tuple(range(years[0], years[-1] + 1)) if span and \
            years[-1] - years[0] <= 6 else tuple(years[:6])  # each year named
        # "skillnaden i intäkter mellan 2025 och 2026": that row of the whole budget
        sides = {_SIDES[w] for w in q.classes.get("budget", []) if w in _SIDES}
        if len(sides) > 1:
            return None  # "intäkter och kostnader 2025 mot 2026": the overview shows both
        return BudgetCompare(codes=(), years=shown,
                             total="investering" if q.has("investering") else "drift",
                             row=next(iter(sides), None) if not q.has("investering") else None)
    if q.has("investering", "indikator", "uppdrag", "maluppfyllelse"):
        return None
    codes = _verksamheter(q, snap)
    if not codes and len(years) >= 2 and q.core:
        # "turismens budget 2026 jämfört med 2025": the one line the whole question names,
        # as its card would ("turism" is a part of Turistverksamhet's name)
        hits = snap.index.search(q.core, kinds={"verksamhet"}, limit=2, compounds=True)
        if hits and weak(hits[0], q, snap.index) is None and (
                len(hits) == 1 or hits[1].score < hits[0].score * 0.8):
            codes = [hits[0].entry.key]
    focus = _focus(q, snap.plan_year)
    if len(codes) == 1 and len(years) >= 2:
        # "hur ändras budgeten 2026–2028?": every year of a range, not its two ends only
        shown = tuple(range(years[0], years[-1] + 1)) if span and \
            years[-1] - years[0] <= 6 else tuple(years[:6])  # each year named
        return BudgetCompare(codes=(codes[0],), years=shown, focus=focus)
    if len(codes) >= 2 and len(years) <= 1:
        y = years[0] if years else _year_of(q, snap)
        if not y:
            return None
        return BudgetCompare(codes=tuple(codes[:4]), years=(y,), focus=focus)
    return None


# the outcome's words: "utfallet 2024 mot budgeten 2026" compares what was spent with what
# is budgeted, not the deviations
_OUTCOME = frozenset({"utfall", "utfallet", "bokslut", "bokslutet", "budgetutfall", "outcome"})


_BUDGET_SAID = frozenset({"budget", "budgeten", "budgeterat", "budgeterad", "budgeterade", "plan",
                          "planen", "ram", "ramen"})
# what was spent, in the past tense: an outcome
_SPENT = SPENT_WORDS


def _focus(q: Query, plan_year: int | None = None) -> str:
    """What a comparison of lines compares: their deviations, their outcomes (a past year's
    utfall, else the year's budget), or their budgets."""
    said = set(q.classes.get("avvikelse", []))
    if said & _OUTCOME and not said - _OUTCOME - {"resultat", "resultatet"}:
        return "utfall"
    if set(q.words) & _SPENT and not said:
        return "utfall"  # "… än de kostade 2024": what was spent
    if set(q.words) & {"bokslut", "bokslutet", "bokslutets"} and not said:
        return "utfall"  # "bokslut 2024 och budget 2026": the past year's outcome
    if set(q.words) & {"kostar", "costs"} and not said and not set(q.words) & _BUDGET_SAID and \
            plan_year is not None and any(int(y) < plan_year for y in _YEARS.findall(q.text)):
        # "hur mycket mer kostar skolbussarna 2027 än 2024?": what each year costs, a past
        # year's outcome (its budget is not what it cost), a later year's budget
        return "utfall"
    return "avvikelse" if q.has("avvikelse") else "budget"


# --- goals met or not ------------------------------------------------------------------------


# how far from the goal: "hur långt ifrån målet var HME-resultatet?" (the row's outcome
# against its target is the answer), no name
_DISTANCE_STEMS = frozenset(stem(w) for w in ("langt", "nara", "avstand", "avstandet"))


def _row_index(snap: Snapshot) -> Index:
    def make() -> Index:
        entries = []
        seen: set[str] = set()
        for m in snap.maluppfyllelse:
            if m["measure"] in seen or not m["measure"]:
                continue
            seen.add(m["measure"])
            # the goal and the comment are weaker clues ("SFI", "AME")
            about = " ".join(t for t in (m["goal"], m["comment"]) if t)
            spelt = [_ABBREVIATED.sub(lambda a: _WRITTEN_OUT[a.group(1).lower()], m["measure"])]
            entries.append(Index.entry("maluppfyllelse", m["measure"], m["measure"], m["measure"],
                                       *m.get("aliases", []),
                                       *(t for t in spelt if t != m["measure"]), extra=about))
        return Index(entries)
    return snap.memoised("maluppfyllelse_rows", None, make)  # type: ignore[no-any-return]


_EXCEPTED = r"(?:exkl\.?|exklusive|utom|utan)\s+"


def _excepting(q: Query, hits: list[Match]) -> Match | None:
    """Of rows of one goal that the question's words all match, the one it means by a word
    one row's measure excepts ("Sjukfrånvaro exkl. AME" and "Sjukfrånvaro AME"): "på AME"
    is the row naming AME, "exkl AME" the row excepting it."""
    asked = " ".join(q.words)
    for w in q.words:
        if len(w) < 3:
            continue
        excepting = [h for h in hits if re.search(_EXCEPTED + re.escape(w) + r"(?!\w)",
                                                  fold(h.entry.key))]
        if not excepting or len(excepting) == len(hits):
            continue
        said = re.search(_EXCEPTED + re.escape(w) + r"(?!\w)", asked) is not None
        if said and _both_said(q):
            return None  # "AME och exkl AME": both rows, the goal's order
        left = excepting if said else [h for h in hits if h not in excepting]
        if len(left) == 1:
            return left[0]
    return None


def _both_said(q: Query) -> bool:
    """Whether a word is said both alone and excepted ("AME och exkl AME")."""
    asked = " ".join(q.words)
    for w in set(q.words):
        if len(w) >= 3 and (n := len(re.findall(_EXCEPTED + re.escape(w) + r"(?!\w)", asked))) \
                and q.words.count(w) > n:
            return True
    return False


# the report's abbreviations, written out as an alias of the row ("exklusive AME")
_WRITTEN_OUT = {"exkl": "exklusive", "inkl": "inklusive"}
_ABBREVIATED = re.compile(r"\b(exkl|inkl)\b\.?", re.IGNORECASE)


def match_report_group(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"hur mycket sjukfrånvaro har AME?", "arbetslöshet bland utrikes födda": a group the
    annual report measures, named by more of the question's words than the plan's best match
    explains (Total sjukfrånvaro is all staff's, Arbetslöshet everyone's): the last report's
    row (match_row_named), not the indicator about everyone; else None."""
    if not snap.maluppfyllelse:
        return None
    q = analyse(text, snap)
    if not q.core or not _counts_the_row(q, snap):
        return None  # "hur många deltagare har AME?": a count, which no row of shares holds
    return match_row_named(q, snap, today, text)


def _counts_the_row(q: Query, snap: Snapshot, hit: Match | None = None) -> bool:
    """A count asked ("hur många …") is a måluppfyllelse row's only when the row's own
    measure says what is counted, by two words or more ("hur många elever klarade två
    kurser?" is the row Elever som klarar minst två kurser, its comment: 9 av 99), or the
    question names what the row measures the share of, by its verb or three of its words
    ("hur många klarade sfi-kurserna?", "hur många på AME gick vidare till jobb eller
    studier?"); not "hur många deltagare hade AME?" (a head count, which no share answers)."""
    if not q.phrase("hur manga", "antal", "antalet", "how many"):
        return True
    hit = hit or next(iter(_row_hits(q, snap)), None)  # the best row, if not given
    if hit is None:
        return False
    named = hit.matched & set(q.core)
    return len(hit.matched & hit.entry.words) >= 2 or len(named) >= 3 or (
        len(named) >= 2 and bool(set(q.words) & set(_MET)))


def _names_a_row(q: Query, snap: Snapshot) -> bool:
    """The question names one row of the annual report by three words of its own or more."""
    first = _row_hits(q, snap)[:1]
    return bool(first) and len(first[0].matched) >= 3


def _row_hits(q: Query, snap: Snapshot) -> list[Match]:
    """The måluppfyllelse rows a question names, best first: by its own words, or by those
    of the indicator the words name ("medarbetarengagemang" is an alias of Samlat
    HME-resultat)."""
    if not q.core or not snap.maluppfyllelse:
        return []
    index = _row_index(snap)
    # the frame's own verb is no name: "vilka mål klarade KS 2024?" is not the row "Elever
    # som klarar minst två kurser"
    terms = [w for w in q.core if w not in _MET_STEMS and w not in _DISTANCE_STEMS]
    if not terms:
        return []
    own = set(terms)
    for hit in snap.index.search(q.core, kinds={"indikator"}, limit=1):
        if hit.coverage < 0.5:
            continue  # "hållbarhet" is half of "hållbart medarbetarengagemang": no name lent
        for phrase in hit.entry.phrases:
            terms.extend(phrase)
    # a row named only by the indicator's words needs one that is more than a unit or a
    # kind of figure: "målet om NKI" is not the row "HME-resultat, index" by "index"
    return [h for h in index.search(terms, limit=3, min_score=0.5)
            if h.matched & own or h.matched - _FIGURE_KINDS]


# the words of an indicator's name that say what kind of figure it is, not what of
_FIGURE_KINDS = frozenset(stem(w) for w in ("index", "procent", "andel", "antal", "samtlig",
                                            "totalt", "total", "sammanfattande", "resultat"))


def _row(q: Query, snap: Snapshot) -> Match | None:
    hits = _row_hits(q, snap)
    return hits[0] if hits else None


def _comment_asked(q: Query, measure: str, snap: Snapshot) -> bool:
    """What a row's comment answers, asked of the row: why ("varför nådde vi inte
    sfi-målet?"), or a count when the comment counts ("hur många kommuner i länet har lägre
    arbetslöshet bland utrikes födda?": "2 av 12 kommuner"), the row's own figure a share."""
    comment = next((m["comment"] for m in snap.maluppfyllelse
                    if m["measure"] == measure and m["comment"]), None)
    if comment is None:
        return False
    if q.phrase("varfor", "why", "orsak", "orsaken", "anledning", "anledningen"):
        return True
    # a count, or a place among others ("hur ligger vi till i länet?"), that the comment's
    # "2 av 12 kommuner" tells
    return q.phrase("hur manga", "how many", "antal", "antalet", "ligger vi till",
                    "ligger vi", "vilken plats", "placering", "placeringen") and \
        bool(re.search(r"\b\d+ av \d+\b", comment))


def _goal_of(measure: str, snap: Snapshot) -> str | None:
    return next((m["goal"] for m in snap.maluppfyllelse if m["measure"] == measure), None)


def _goals(q: Query, words: set[str], snap: Snapshot, today: dt.date, typed: str = "",
           default_year: int | None = None) -> Command | None:
    """The goals met or not (`_goals_asked`), of the report's målområde a message names
    ("måluppfyllelse målområde 4 2024"), partly met asked with "delvis"."""
    cmd = _goals_asked(q, words, snap, today, typed, default_year)
    if isinstance(cmd, MaluppfyllelseView) and cmd.measure and cmd.asks is None and \
            _comment_asked(q, cmd.measure, snap):
        return replace(cmd, asks="kommentar")
    if not isinstance(cmd, MaluppfyllelseView) or cmd.measure or cmd.goal or cmd.about:
        return cmd
    if "delvis" in words and cmd.colour in (None, "grön"):
        cmd = replace(cmd, colour="gul")  # "vilka mål uppfylldes delvis?"
    if (n := malomrade_number(q)) is not None:
        cmd = replace(cmd, area=n)
    return cmd


def _goals_asked(q: Query, words: set[str], snap: Snapshot, today: dt.date, typed: str = "",
                 default_year: int | None = None) -> Command | None:
    """Whether goals were met: "vilka mål nåddes 2024?", and a row named by its words,
    asked with a met word ("klarade vi SFI-målet?") or of a year the annual report covers
    ("hur blev det med sjukskrivningstalen på AME 2024"). A row's words alone, without
    either, are the plan's indicator ("vad är målet för sjukfrånvaron?": 7,4 %)."""
    if not snap.maluppfyllelse or other_place(None, q):
        return None  # "har vi nått målet för arbetslösheten i Motala?": not our report's rows
    missed = bool(words & set(_MISSED))
    past = bool(words & {"did", "last"}) or bool(_YEARS.findall(q.text))
    met = bool(words & (set(_MET) if past else set(_MET) - _MEET_NOW)) or missed or \
        q.phrase("nadde vi", "klarade vi", "natt malet", "nadde malet", "har vi natt",
                 "har ni natt")
    report = bool(words & set(_REPORT))
    goal_words = q.has("goal", "maluppfyllelse") or bool(
        words & {"malet", "malen", "mal", "goal", "goals", "target", "targets"}) \
        or report or any(len(w) > 8 and w.endswith(("smalet", "smalen")) for w in words)
    y = year(q, today) or default_year
    if y is not None and y >= (snap.plan_year or today.year) and not report and any(
            m.entry.kind == "indikator" and m.coverage >= 0.5 and weak(m, q, snap.index) is None
            for m in snap.index.search(q.core, limit=3)):
        return None  # "klarade vi målet för sjukfrånvaron i år?": this year's indicator
    last = max(m["year"] for m in snap.maluppfyllelse)
    against = y is not None and y < last and len(set(_YEARS.findall(q.text))) == 1 and \
        bool(_AGAINST_YEAR.search(q.text)) and not q.has("budget", "investering", "indikator")
    if against:
        # "blev SFI-resultatet bättre än 2023?": the year is what the last report's outcome is
        # compared with (its trend, its comment), not the year asked
        y = last
    # "hur många av målen blev gröna förra året?": the goals by their colour, of a past year,
    # are whether they were met (not the plan's green indicators)
    # "varför blev HME-resultatet rött?": a colour a goal got, in the past tense, is the
    # annual report's (the plan's indicators are coloured now, "är röd")
    got_colour = colour(q) is not None and "blev" in words and \
        not q.has("indikator", "budget", "investering", "uppdrag")
    goal_words = goal_words or got_colour
    if goal_words and colour(q) is not None and (got_colour or (
            y is not None and y < (snap.plan_year or today.year))) and not q.has("indikator"):
        met = True
    # a past year the report covers, or one after the last report ("i fjol" in 2026, when
    # 2024 is the last annual report: the answer says so and shows 2024)
    past = y is not None and y < (snap.plan_year or today.year)
    reported = past and any(m["year"] == y for m in snap.maluppfyllelse)
    earlier_said = False
    if past and not reported and y is not None and y < last and (first_hit := _row_hits(q, snap)[:1]):
        # "hur många elever klarade sfi 2023?": a year before the last report that only its
        # row's comment tells ("Vid föregående mätningen från 2023 var resultatet 23 %")
        row = next((m for m in snap.maluppfyllelse if m["measure"] == first_hit[0].entry.key
                    and m["year"] == last), None)
        if row is not None and str(y) in (row["comment"] or ""):
            y, reported, earlier_said = last, True, True
    # "hur gick det med integrationen i fjol?": a goal asked how it went, of a year after
    # the last report, when no indicator of the plan is named (sjukfrånvaron has 2025's)
    how = q.phrase("hur gick det", "hur blev det", "hur har det gatt", "how did") or \
        q.words[:2] == ("hur", "gick") or (  # "hur gick sfi-resultatet 2024?"
            bool(words & {"resultat", "resultatet"}) and not q.has("budget", "investering"))
    if past and y is not None and y > last and (met or ((how or _names_a_row(q, snap)) and not any(
            h.coverage >= 0.5 for h in snap.index.search(q.core, kinds={"indikator"}, limit=1)))):
        # "hur många av AME:s deltagare gick vidare till arbete eller studier förra året?": a
        # row named by three words of its own, of a year after the last report: that report
        reported = True
    if y is None and (how or met) and not q.has("budget", "investering"):
        # "hur gick det med integrationsmålet?", "klarade vi integrationen?": a goal of the
        # last annual report asked by a name of its own, how it went or whether it was met,
        # which no indicator of the plan has
        first = _row_hits(q, snap)[:1]
        # or by a word only its comment has, when that is all the question names ("nådde vi
        # SFI?": the report's comment is of SFI pupils; the budget line only mentions SFI costs)
        whole = bool(first) and (met or how) and 0 < len(
            asked := {w for w in q.core if w not in _MET_STEMS}) <= len(first[0].matched) \
            and asked <= first[0].matched
        if first and (first[0].coverage >= 0.5 or whole) and (got_colour or (
                not _indicator_by_its_name(q, first[0], snap)
                and not any(h.coverage >= 0.5 and weak(h, q, snap.index) is None
                            for h in snap.index.search(q.core, kinds={"indikator"}, limit=2)))):
            reported = True
            if first[0].coverage < 0.5:
                y = last  # the last report's row, by its year
    if q.phrase("hur manga mal", "antal mal", "antalet mal", "how many goals") and \
            not met and (reported or report):
        # "hur många mål hade KS i verksamhetsplanen 2024?": all the report's rows, counted
        return MaluppfyllelseView(year=y)
    # "resultatet" alone is no money word here: "blev HME-resultatet bättre 2024?"
    # "vilket mål gick sämst?": how a goal went, not a deviation (the phrase "gick sämst"
    # gives the deviation class its "budget" when the message has no such word)
    money = q.has("budget", "investering", "uppdrag", "indikator") or any(
        not w.startswith("resultat") and not (w == "budget" and "budget" not in q.words
                                              and goal_words)
        for w in q.classes.get("avvikelse", []))
    if goal_words and not money and (trend := _goal_trend(q, words)) is not None and \
            not [w for w in distinctive(q, 3) if w not in _TREND_STEMS]:
        # "vilka mål blev sämre än året innan?": the rows of that trend (the last report's)
        return MaluppfyllelseView(year=y if reported or y is None else None, trend=trend)
    named_goals = q.has("goal", "maluppfyllelse") or bool(words & {"malet", "malen", "goals"})
    how_report = report and named_goals and y is None and not money and (how or not q.core)
    # "hur gick det med målen i verksamhetsberättelsen?": the last report's goals
    if not ((met and goal_words) or how_report or
            (reported and not money and (goal_words or met or q.core))):
        return None
    hits = _row_hits(q, snap)
    if got_colour:
        # "varför blev det rött för AME?": of the rows named, those of the colour asked
        asked_colour = {m["measure"] for m in snap.maluppfyllelse if m["colour"] == colour(q)}
        if hits and not any(h.entry.key in asked_colour for h in hits) and \
                (about := _named_rows(q, snap, typed)) is not None and (shade := colour(q)):
            # none of them is: the rows whose goal or comment names the word ("AME"), of
            # that colour (AME's red stegförflyttning, not its green sick leave)
            return MaluppfyllelseView(year=y, about=about, colour=shade)
        hits = [h for h in hits if h.entry.key in asked_colour] or hits
    if y is None and not report and not got_colour and hits and \
            _indicator_by_its_name(q, hits[0], snap):
        return None  # "har vi nått målet för arbetslösheten?": the plan's Arbetslöshet
    named = _named_rows(q, snap, typed)
    if named is not None and all(len(h.matched) <= 1 for h in hits):
        return MaluppfyllelseView(year=y, about=named)  # "hur gick det för AME 2024?"
    # "hur gick det för SFI 2024?": how a reported year went, of the one row a word of its
    # goal or comment names (not the SFI budget line, whose analysis says "SFI-kostnader")
    # "sfi-resultatet 2024": the outcome of a row is asked by its result word
    outcome = bool(words & {"resultat", "resultatet", "resultaten", "utfall", "utfallet"})
    if hits and (met or goal_words or hits[0].coverage >= 0.5 or len(hits[0].matched) >= 2
                 or ((how or outcome or against) and reported and len(hits) == 1)):
        best = hits[0]
        # rows of one goal that the question tells apart by nothing ("sjukfrånvaromålet")
        tied = [h for h in hits[1:] if h.score >= best.score * 0.97 or h.matched == best.matched]
        goal = _goal_of(best.entry.key, snap)
        if not tied and goal and _both_said(q):
            # "jämför sjukfrånvaron AME och exkl AME": the row and the one excepting it
            tied = [h for h in hits[1:] if _goal_of(h.entry.key, snap) == goal]
        if tied and goal and all(_goal_of(h.entry.key, snap) == goal for h in tied):
            # both rows of the goal; "sjukfrånvaron på AME": the AME row first, not the row
            # "exkl. AME"
            one = _excepting(q, [best, *tied])
            return MaluppfyllelseView(year=y, goal=goal, first=one.entry.key if one else None)
        if not _counts_the_row(q, snap, best):
            return None  # "hur många deltagare hade AME 2024?": no row of shares counts them
        # "varför nåddes inte HME-målet?": the row's comment, its reason, first
        why = q.phrase("varfor", "why", "orsak", "orsaken", "anledning", "anledningen",
                       "hur kommer det sig", "berodde", "beror")
        return MaluppfyllelseView(year=y, measure=best.entry.key,
                                  asks="kommentar" if why or earlier_said else None)
    if not (goal_words or met):
        return None  # "budget 2024 …": not about the goals
    if [w for w in distinctive(q, 3) if not any(m.startswith(w[:4]) for m in (*_MET, *_MISSED))
            and w not in {stem(r) for r in _REPORT} and w not in _GOAL_NOUNS
            and w != stem("delvis")]:
        return None  # a goal named that the report does not have
    negated = q.has("without") or q.phrase("inte", "ej") or q.has("colour_red") or missed
    if met and q.phrase("och vilka inte", "och vilka som inte", "och inte", "eller inte",
                        "och vilka missades", "and which not", "or not"):
        return MaluppfyllelseView(year=y)  # "vilka mål nåddes 2024 och vilka inte?": both
    if met and not negated and colour(q) is None and not words & _LIST_WORDS and \
            not q.phrase("hur manga", "antal", "how many"):
        return MaluppfyllelseView(year=y)  # "klarade KS sina mål 2024?": all, the met counted
    if met or colour(q) is not None:
        return MaluppfyllelseView(year=y, colour="röd" if negated else
                                  (colour(q) or "grön"))
    if words & {"samst", "samsta", "worst"} and not words & {"bast", "basta", "best"}:
        return MaluppfyllelseView(year=y, colour="röd")  # "vilket mål gick sämst 2024?"
    if words & {"bast", "basta", "best"} and not words & {"samst", "samsta", "worst"}:
        return MaluppfyllelseView(year=y, colour="grön")
    return MaluppfyllelseView(year=y)  # "hur gick det med målen 2024?"


_TREND_STEMS = frozenset(stem(w) for w in ("samre", "battre", "forsamrades", "forsamrats",
                                            "forbattrades", "forbattrats", "trend", "trenden",
                                            "blev", "aret", "innan", "fore", "foregaende"))


def _goal_trend(q: Query, words: set[str]) -> Literal["bättre", "sämre"] | None:
    """"blev sämre än året innan", "sämre trend", "förbättrades": the trend asked of the goals
    (not "bättre eller sämre": both, a row's own question)."""
    worse = bool(words & {"samre", "forsamrades", "forsamrats"})
    better = bool(words & {"battre", "forbattrades", "forbattrats"})
    if worse == better or not (q.phrase(*THAN_LAST_YEAR) or words & {"trend", "trenden", "blev", "forsamrades",
                                           "forsamrats", "forbattrades", "forbattrats"}):
        return None
    return "sämre" if worse else "bättre"


def match_row_named(q: Query, snap: Snapshot, today: dt.date, text: str) -> Command | None:
    """A question with no year that names a måluppfyllelse row by a word the plan's own
    things do not have ("hur går det med sjukfrånvaron på AME?": only the annual report's
    rows name AME; the plan's indicator is everyone's): the last report's row, of its year."""
    if not snap.maluppfyllelse or year(q, today) is not None or \
            q.has("budget", "investering", "uppdrag", "avvikelse", "indikator") or \
            not _row_says_more(q, snap):
        return None
    last = max(m["year"] for m in snap.maluppfyllelse)
    return _goals(q, set(q.words), snap, today, text, default_year=last)


def _row_says_more(q: Query, snap: Snapshot) -> bool:
    """A måluppfyllelse row explains a distinctive word of the question that the best of the
    plan's own things does not, and every word that one explains ("sjukfrånvaro AME": the row
    Sjukfrånvaro AME, not the indicator of all staff)."""
    hits = _row_hits(q, snap)
    if not hits or (weak(hits[0], q, snap.index) is not None and not (
            q.phrase("hur manga", "antal", "how many") and _counts_the_row(q, snap, hits[0]))):
        # "när öppnar nya simhallen?": not the row "Den öppna arbetslösheten …"; a count of
        # what a row measures is its row though a word is left ("hur många nyanlända klarade
        # sfi-kurserna?")
        return False
    own = set(q.core)
    row = hits[0].matched & own
    best = next(iter(snap.index.search(q.core, limit=1, compounds=True)), None)
    # the frame's own verb explains nothing of the plan's: "klarade" of "hur många klarade
    # sfi-kurserna?" is not uppdrag 5.4's "klarade" (nor the row's)
    plan = (best.matched & own) - _MET_STEMS if best is not None else frozenset()
    # (a short word counts only when nothing of the plan has it: "ame", not "nya")
    return len(row) >= 2 and plan <= row and any(
        w in row and w not in plan and (len(w) >= 4 or w not in snap.index.vocab_set)
        for w in distinctive(q, 3))


def _indicator_by_its_name(q: Query, row: Match, snap: Snapshot) -> bool:
    """The question names an indicator by its whole name or an alias ("arbetslösheten"),
    and the report's row it matches says more than the question ("… bland utrikes födda"):
    asked of no year, the plan's indicator is meant, not the report's narrower row."""
    left = [w for w in row.entry.words - set(q.core) - row.matched
            if len(w) >= 4 and w not in _FIGURE_KINDS]
    if not left:
        return False
    for m in snap.index.search(q.core, kinds={"indikator"}, limit=2):
        if any(p and set(p) <= m.matched for p in m.entry.phrases) and \
                weak(m, q, snap.index) is None:
            return True
    return False


# the why of a question ("varför blev det rött för AME?") names no row
_WHY_STEMS = frozenset(stem(w) for w in ("varfor", "why", "orsak", "orsaken", "anledning",
                                         "anledningen"))


def _named_rows(q: Query, snap: Snapshot, typed: str) -> str | None:
    """The one word a question names ("AME"), as typed, when it is named by rows of more
    than one goal: their view together, not one of them."""
    from handlers.maluppfyllelse import names

    core = [w for w in q.core if w not in _MET_STEMS and w not in _WHY_STEMS]
    if len(core) != 1:
        return None
    word = next((t for t in re.findall(r"\w+", typed or q.text) if fold(t) == core[0]
                 or stem(fold(t)) == core[0]), None)
    if word is None:
        return None
    rows = [m for m in snap.maluppfyllelse if names(m, word)]
    if len({m["goal"] for m in rows}) < 2:
        return None
    # as the report spells it ("ame" typed is the report's "AME")
    return next((t for m in rows for v in m.values() if isinstance(v, str)
                 for t in re.findall(r"\w+", v) if fold(t) == fold(word)), word)


# --- deficits and surpluses ---------------------------------------------------------------

# whether the budget was kept: "klarade vi budgeten 2024?"
_KEPT = ("klarade budget", "klarade budgeten", "klarade vi budget", "klarade vi budgeten",
         "holl budget", "holl budgeten", "holl vi budget", "holl vi budgeten", "holl vi oss inom",
         "klarade vi oss inom", "inom budget", "stay within budget", "within budget",
         # which side of the budget it ended on, asked as a choice
         "plus eller minus", "minus eller plus", "plus minus", "back eller plus",
         "overskott eller underskott", "underskott eller overskott")
# the verbs of going over or under budget: "vilket projekt drog över mest?", "sprack budgeten"
_DEFICIT_VERBS = frozenset(stem(w) for w in ("drog", "ivag", "sprack", "utover", "mest", "bast",
                                             "samst", "budgeten", "went", "departments",
                                             "department", "projects", "biggest", "largest",
                                             "storst", "storsta", "top", "topp",
                                             "miljoner", "miljon", "kronor", "rangordna",
                                             "rangordning", "sortera", "efter", "storlek",
                                             "ordning"))


# whether this year's budget will hold, asked in the present or future tense
_WILL_HOLD = ("klarar vi budget", "klarar vi budgeten", "haller vi budget", "haller vi budgeten",
              "haller vi oss inom", "klarar vi oss inom", "gar vi over budget", "gar vi under budget",
              "kommer vi att ga", "kommer vi ga", "blir det underskott", "blir det overskott",
              "ett underskott i ar", "ett overskott i ar", "kommer budgeten att halla",
              "haller budgeten", "will we overspend", "on budget",
              # the year's deviation in the future tense: the forecast
              "blir avvikelsen", "blir underskottet", "blir overskottet", "forvantat underskott",
              "forvantad avvikelse", "forvantat overskott", "vantat underskott")


_HOLD_STEMS = frozenset(stem(w) for w in ("haller", "halla", "klarar", "kommer", "blir", "ga",
                                          "gar", "overspend", "will", "forvantat", "forvantad",
                                          "vantat", "stor"))


def _forecast(q: Query, words: set[str], snap: Snapshot, today: dt.date) -> Command | None:
    """"klarar vi budgeten i år?", "går vi över budget 2026?": a year without an outcome yet,
    so its forecast (an indicator of the prognosticated deviation, where the plan has one)."""
    if not q.phrase(*_WILL_HOLD) or [w for w in distinctive(q, 3)
                                     if w not in _DEFICIT_VERBS and w not in _HOLD_STEMS]:
        return None
    y = year(q, today) or today.year
    if y in outcome_years(snap, "drift") or y < today.year:
        return None  # a year with an outcome: its deviation (_deficits)
    forecast = forecast_indicator(snap)
    return IndikatorCard(slug=forecast["slug"]) if forecast is not None else None


def _deficits(q: Query, words: set[str], today: dt.date) -> Command | None:
    under = bool(words & {"underskott", "underskottet", "underskotten", "deficit", "overspent",
                          "overspend", "overskridande", "overskridandet", "overskridanden",
                          "overskred", "overskridit", "overskrider", "overskreds"}) or \
        q.phrase("over budget", "gick minus", "gick back", "gatt back", "dyrare an budget",
                 "gick med minus", "gick i minus", "gick over", "gick mest over", "mest over",
                 "dyrare an planerat", "dyrare an beraknat", "mer an planerat", "hamnade pa minus", "hamnade i minus",
                 "gick med underskott", "gick med forlust", "drog over", "drog ivag",
                 "drog mest", "sprack", "gick utover", "gick samst",
                 "dyrare an budgeterat", "mer an budgeterat", "negativ avvikelse",
                 "negativa avvikelser", "negativa avvikelserna", "negativt resultat")
    over = bool(words & {"overskott", "overskottet", "overskotten", "surplus", "underspent"}) or \
        q.phrase("under budget", "gick plus", "billigare an budget", "billigare an budgeterat",
                 "gick med plus", "gick med overskott", "hamnade pa plus", "gick bast",
                 "billigare an planerat", "billigare an beraknat", "mindre an planerat",
                 "mindre an budgeterat", "positiv avvikelse", "positiva avvikelser",
                 "positiva avvikelserna",
                 "positivt resultat")
    # "verksamheter utan underskott", "som inte gick över budget": the other side
    if (under or over) and _negated(q):
        under, over = over, under
    listing = bool(words & {"vilka", "vilket", "vilken", "verksamheter", "verksamheterna", "alla",
                            "lista", "which", "departments", "projects", "storst", "storsta",
                            "rangordna", "sortera", "ranking", "topp", "toppen", "top",
                            "biggest", "largest",
                            "projekt", "projekten", "investeringsprojekt", "investeringsprojekten",
                            # the signed ones in the plural: "summan av de positiva avvikelserna",
                            # "underskotten sammanlagt 2024" (the deficits' sum, not the total)
                            "avvikelserna", "avvikelser", "underskotten", "overskotten"})
    if q.phrase(*_KEPT) and not distinctive(q) and listing and not under and \
            words & {"vilka", "vilken", "vilket", "which"}:
        over = True  # "vilka investeringsprojekt höll budget 2024?": those under budget
    elif q.phrase(*_KEPT) and not distinctive(q):
        # "klarade vi budgeten 2024?", "höll vi budgeten?": the year's total deviation
        return BudgetOverview(year=year(q, today), focus="avvikelse",
                              kind="investering" if q.has("investering") else "drift")
    # "största underskotten 2024": the lines by their size, the largest first
    if under == over or not listing or [w for w in distinctive(q)
                                        if w not in _PLANNED and w not in _DEFICIT_VERBS
                                        and w not in _SIGN_STEMS]:
        return None
    return BudgetOverview(year=year(q, today), focus="avvikelse",
                          kind="investering" if q.has("investering") or "projects" in words
                          else "drift",
                          sign="underskott" if under else "överskott", at_least=_threshold(q),
                          top=top_n(q))


# words of a whole year's deviation asked against its budget that name nothing
_AGAINST_BUDGET = frozenset(stem(w) for w in (
    "samre", "battre", "resultat", "resultatet", "mot", "eller", "hur", "mycket", "mkt",
    "blev", "gick", "var", "det", "vi", "kommunstyrelsen", "nettokostnad", "nettokostnaden"))


def _whole_deviation(q: Query, words: set[str], snap: Snapshot, today: dt.date
                     ) -> Command | None:
    """"hur mycket sämre än budget blev resultatet 2024?", "resultatet mot budget 2024": the
    year's whole deviation (the report's Resultat against its budget), when nothing else is
    named."""
    if not q.phrase("battre an budget", "samre an budget", "battre an budgeterat",
                    "samre an budgeterat", "battre eller samre an budget", "resultatet mot budget",
                    "resultat mot budget", "resultatet jamfort med budget") and not (
                        words & {"samre", "battre"} and q.phrase(*THAN_PLANNED)) or \
            q.has("investering", "indikator", "uppdrag", "maluppfyllelse"):
        return None
    if _verksamheter(q, snap) or [w for w in distinctive(q, 3) if w not in _AGAINST_BUDGET
                                  and classify(w) not in _FRAME_CLASSES]:
        return None
    return BudgetOverview(year=year(q, today), focus="avvikelse")


# a size the deviations must pass: "med mer än 500 tkr", "över 1 mnkr", "more than 1000"
_THRESHOLD = re.compile(r"\b(?:mer|storre|hogre|over|more|above|larger)\s+(?:an\s+|than\s+)?"
                        r"(\d[\d\s]*(?:[.,]\d+)?)\s*(tkr|mnkr|mkr|miljoner|miljon|kr|kronor)?\b")
# a number in words before millions: "mer än en miljon", "över två miljoner"
_WORD_MILLIONS = re.compile(r"\b(?:mer|storre|hogre|over|more|above|larger)\s+(?:an\s+|than\s+)?"
                            r"(en|ett|tva|tre|fyra|fem|tio|one|two|three|five|ten)\s+"
                            r"(?:miljon|miljoner|million|millions|mnkr|mkr)\b")
_NUMBER_WORDS = {"en": 1, "ett": 1, "one": 1, "tva": 2, "two": 2, "tre": 3, "three": 3,
                 "fyra": 4, "fem": 5, "five": 5, "tio": 10, "ten": 10}


def _threshold(q: Query) -> int | None:
    if (w := _WORD_MILLIONS.search(q.text)) is not None:
        return _NUMBER_WORDS[w.group(1)] * 1000
    m = _THRESHOLD.search(q.text)
    if m is None:
        return None
    digits = m.group(1).replace(" ", "").replace(",", ".")
    if re.fullmatch(r"20\d\d", digits):
        return None  # "mer än 2023": a year compared with
    amount = float(digits)
    unit = m.group(2) or "tkr"
    if unit in ("mnkr", "mkr", "miljoner", "miljon"):
        amount *= 1000
    elif unit in ("kr", "kronor"):
        amount /= 1000
    return int(amount)


_NEGATIONS = frozenset({"utan", "inte", "ej", "inga", "ingen", "aldrig", "not", "without",
                        "never", "didnt"})
_DEFICIT_HEADS = ("underskott", "overskott", "over", "under", "back", "minus", "plus",
                  "overskred", "overskridit", "deficit", "surplus", "overspent", "overspend")


def _negated(q: Query) -> bool:
    """A negation just before the deficit's word: "utan underskott", "inte gick över budget",
    "gick inte över"."""
    ws = q.words
    for i, w in enumerate(ws):
        if w in _NEGATIONS and any(n.startswith(_DEFICIT_HEADS) for n in ws[i + 1:i + 3]):
            return True
    return False


# --- the largest -----------------------------------------------------------------------------

_MOST = LARGEST | frozenset({
    "top", "topp", "toppen",
    # an order by size asked: "rangordna", "sortera … efter storlek"
    "rangordna", "rangordning", "rangordnat", "sortera", "sorterad", "sorterat", "ranking",
    "rank", "storleksordning"})
_MOST_STEMS = frozenset(stem(w) for w in (*_MOST, *SMALLEST, "expensive", "kostar", "kostade", "storlek",
                                           "efter", "ordning",
                                           # a line of the budget in other words
                                           "post", "posten", "poster", "posterna", "utgift",
                                           "utgiften", "utgiftspost", "utgiftsposten"))


_GROWS = ("far mer pengar", "okar sin budget", "okar budgeten", "far okad budget", "okad budget",
          "hojd budget", "far hojd budget", "mer pengar", "okar mest", "verksamheter okar",
          "verksamheter som okar", "poster okar")
_SHRINKS = ("far mindre pengar", "minskar sin budget", "minskar budgeten", "far minskad budget",
            "minskas", "far sankt", "sanks",
            "minskad budget", "sankt budget", "mindre pengar", "minskar mest", "far sankt budget",
            "verksamheter minskar", "verksamheter som minskar", "poster minskar")


def _changed(q: Query, snap: Snapshot, today: dt.date) -> Command | None:
    """"vilka verksamheter får mer pengar 2027?", "vilka minskar sin budget 2027?": the lines
    whose budget grows or shrinks from the year before, when no line is named."""
    words = set(q.words)
    grows, shrinks = q.phrase(*_GROWS), q.phrase(*_SHRINKS)
    same = q.phrase(*_SAME)
    if same and not (grows or shrinks):
        if not q.phrase("vilka", "vilken", "which", "hur manga", "antal", "how many") or [
                w for w in distinctive(q, 3) if w not in _CHANGE_STEMS and w not in _SAME_STEMS]:
            return None
        years = sorted({int(y) for y in _YEARS.findall(q.text)})
        y = years[-1] if years else (year(q, today) or snap.plan_year)
        since = years[0] if len(years) >= 2 and years[0] != (y or 0) - 1 else None
        return BudgetOverview(year=y, change="oförändrad", since=since)
    if words & {"inte", "ej", "not"}:
        return None  # "vilka fick inte mer pengar?": not those that did
    # "vad har ökat mest i budgeten?", "vilken budgetrad minskar?": a verb of change with
    # "mest" or a budget word is the frame too
    framed = "mest" in words or q.has("budget")
    # "vilken verksamhet fick mest pengar 2026 jämfört med 2025?": more than the year named
    grows = grows or (q.phrase("mest pengar") and (len(set(_YEARS.findall(q.text))) >= 2
                                                   or q.phrase("jamfort", "an i fjol", "an forra")))
    grows = grows or bool(framed and words & {"okar", "okat", "okade"})
    shrinks = shrinks or bool(framed and words & {"minskar", "minskat", "minskade"})
    # the noun with a budget word: "största ökningen i budgeten 2027" (not Folkökning)
    ranked = bool(words & LARGEST) and q.has("budget")
    grows = grows or bool(ranked and words & {"okning", "okningen", "okningar", "okningarna"})
    shrinks = shrinks or bool(ranked and words & {"minskning", "minskningen", "minskningar",
                                                  "minskningarna"})
    if grows == shrinks or q.has("indikator", "uppdrag", "maluppfyllelse") or \
            not (q.phrase("vilka", "vilken", "vilket", "which", "hur manga", "antal", "how many")
                 or "mest" in words or ranked) or \
            [w for w in distinctive(q, 3) if w not in _CHANGE_STEMS]:
        return None
    years = sorted({int(y) for y in _YEARS.findall(q.text)})
    y = years[-1] if len(years) >= 2 else (year(q, today) or snap.plan_year)
    kind: Literal["drift", "investering"] = "investering" if q.has("investering") else "drift"
    # "ökar mest 2026 till 2028", "mer pengar 2027 än 2026": from the first year named
    since = years[0] if len(years) >= 2 and years[0] != (y or 0) - 1 else None
    return BudgetOverview(year=y, kind=kind, change="ökar" if grows else "minskar", since=since)


_CHANGE_STEMS = frozenset(stem(w) for p in (*_GROWS, *_SHRINKS, "okat okade minskat minskade",
                                            "okning okningen okningar minskning minskningen",
                                            "storsta storst")
                          for w in p.split())
# unchanged from the year before: "vilka verksamheter har oförändrad budget 2027?"
_SAME = ("oforandrad budget", "oforandrade budget", "samma budget", "ingen forandring",
         "oforandrad", "oforandrade", "unchanged", "of\u00f6r\u00e4ndrad")
_SAME_STEMS = frozenset(stem(w) for p in _SAME for w in p.split()) | {stem("som")}


# words of lines listed by their size that name nothing: "vilka poster i driftbudgeten är
# större än 10 miljoner 2026?"
_OVER_AMOUNT_STEMS = frozenset(stem(w) for w in (
    "verksamhet", "verksamheter", "verksamheterna", "post", "poster", "posterna", "budgetpost",
    "budgetposter", "rad", "rader", "raderna", "budgetrad", "budgetrader", "driftbudget",
    "driftbudgeten", "budget", "budgeten", "storre", "over", "mer", "hogre", "kostar",
    "kostade", "kostnad", "kostnader", "belopp", "miljon", "miljoner", "mnkr", "mkr", "tkr",
    "kronor", "lista", "alla", "which", "lines", "more", "than", "above", "larger", "cost",
    "costs"))


def _over_amount(q: Query, words: set[str], snap: Snapshot, today: dt.date) -> Command | None:
    """"vilka poster i driftbudgeten är större än 10 miljoner 2026?", "vilka verksamheter
    kostar mer än en miljon?": the year's lines whose amount passes the size, the largest
    first (a past year's by outcome), when no line is named."""
    if (at_least := _threshold(q)) is None or q.has(
            "avvikelse", "uppdrag", "indikator", "maluppfyllelse") or not (
            q.phrase("vilka", "vilken", "vilket", "which", "hur manga", "antal", "lista")):
        return None
    if [w for w in distinctive(q, 3) if w not in _OVER_AMOUNT_STEMS and w not in _MOST_STEMS
            and not w.isdigit()]:
        return None  # a line or a project named: its own card
    y = year(q, today)
    kind: Literal["drift", "investering"] = "investering" if q.has("investering") else "drift"
    done = [o for o in outcome_years(snap, kind) if snap.plan_year is None or o < snap.plan_year]
    if y is None and words & _SPENT and done:
        y = max(done)
    if y in done:
        return BudgetOverview(year=y, kind=kind, focus="avvikelse", outcome=True,
                              at_least=at_least)
    return BudgetOverview(year=y, kind=kind, largest=True, at_least=at_least)


def _largest(q: Query, words: set[str], snap: Snapshot, today: dt.date) -> Command | None:
    """"vilken verksamhet har störst budget 2026?", "vad kostar mest?", "vilket projekt var
    dyrast 2024?": the year's largest lines first (a past year's by outcome), when no line
    is named; "vilket år är budgeten störst?": the years, the largest first."""
    if not words & (_MOST | SMALLEST) or q.has("avvikelse", "uppdrag", "indikator", "maluppfyllelse") \
            or not (q.has("budget", "investering") or words & {"dyrast", "dyraste", "expensive",
                                                              "billigast", "billigaste"}):
        return None
    if [w for w in distinctive(q, 3) if w not in _MOST_STEMS]:
        return None  # "störst budget för gymnasieskolan": the line's card
    y = year(q, today)
    kind: Literal["drift", "investering"] = "investering" if q.has("investering") else "drift"
    if q.phrase("vilket ar", "vilka ar", "which year", "nar ar", "vilket av aren") and y is None:
        # "vilket år är budgeten störst?": the nämnd's total year by year, not its largest line
        years = sorted({v["year"] for b in total_rows(snap.budget, kind) for v in b["values"]
                        if v["amount"] is not None and not v["period"] and v["year"]})
        if len(years) >= 2:
            return BudgetCompare(codes=(), years=tuple(years[-7:]), total=kind, ranked=True)
    done = [o for o in outcome_years(snap, kind) if snap.plan_year is None or o < snap.plan_year]
    if y is None and words & _SPENT and done:
        y = max(done)  # "vilket projekt kostade mest?": the last year with an outcome
    if y in done:
        return BudgetOverview(year=y, kind=kind, focus="avvikelse", outcome=True)
    return BudgetOverview(year=y, kind=kind, largest=True)


_POSITIVE = frozenset({"positiv", "positivt", "positiva", "plusbudget", "plus", "nettointakt",
                       "nettointakter", "positive"})
_NEGATIVE = frozenset({"negativ", "negativt", "negativa", "minusbudget", "nettokostnad",
                       "negative"})


_SIGN_STEMS = frozenset(stem(w) for w in (*_POSITIVE, *_NEGATIVE))


def _signed(q: Query, words: set[str], today: dt.date) -> Command | None:
    """"vilka verksamheter har positiv budget 2026?": the lines whose budget is a net income
    (or, "negativ", a net cost), not a deviation."""
    pos, neg = bool(words & _POSITIVE), bool(words & _NEGATIVE)
    listing = bool(words & {"vilka", "verksamheter", "verksamheterna", "alla", "lista",
                            "which"})
    if pos == neg or not listing or q.has("avvikelse", "investering", "uppdrag", "indikator") \
            or not q.has("budget") or [w for w in distinctive(q) if w not in _SIGN_STEMS]:
        return None
    return BudgetOverview(year=year(q, today), focus="budget", sign="positiv" if pos else "negativ")


# --- totals and counts ---------------------------------------------------------------------


def _totals(q: Query, words: set[str], snap: Snapshot, today: dt.date) -> Command | None:
    total = bool(words & set(_SUM))
    classes = set(q.classes)
    if "budget" in classes and all(w in _SUM or (w in ("plan", "planen") and q.has("uppdrag"))
                                   for w in q.classes["budget"]):
        classes.discard("budget")  # "hur många uppdrag finns det totalt / i planen?"
    if q.phrase("hur manga uppdrag", "antal uppdrag", "how many") and q.has("uppdrag") and \
            not q.core and classes <= {"uppdrag", "list", "time", "noise", "ks"} and \
            year(q, today) in (None, snap.plan_year) and "status" not in q.words and \
            not q.phrase("ska till", "till ks", "till kf", "ska upp"):
        # "hur många uppdrag har KS 2026?": the plan's ("… ska till KS i år?" is what is due)
        return UppdragList()
    if total and q.phrase("hur manga", "antal", "antalet", "how many") and \
            q.has("indikator") and not q.core and \
            classes <= {"indikator", "list", "time", "noise", "ks", "malomrade", "colour_red",
                        "colour_green", "colour_yellow"}:
        # "hur många indikatorer finns det totalt?": the count, not the budget's total
        return IndikatorList(malomrade=malomrade_number(q), colour=colour(q),
                             not_colour=colour_negated(q))
    # "det samlade underskottet": a sum word that is no lexicon word ("Samlat HME-resultat"
    # is an indicator's name), so not a name here either; a short word is ("HME")
    if not total or [w for w in distinctive(q, 3) if w not in _SUM_STEMS]:
        return None
    y = year(q, today)
    if q.has("investering") and not q.has("uppdrag", "indikator"):
        if q.has("avvikelse"):
            return BudgetOverview(year=y, kind="investering", focus="avvikelse")
        if y in outcome_years(snap, "investering"):  # "investeringar totalt 2024": the outcome
            return BudgetOverview(year=y, kind="investering", focus="avvikelse", outcome=True)
        return BudgetOverview(year=y, kind="investering")
    if q.has("avvikelse") or q.phrase("over budget", "under budget"):
        return BudgetOverview(year=y, focus="avvikelse")
    return None


# --- uppdrag by their scope, uppföljning or tidplan ------------------------------------------

# "följs upp" is what the uppföljning is: the word names the field, not what it says
_FIELD_WORDS = frozenset({"folj", "foljs", "foljas", "redovisa", "redovisas", "enligt"})
_LIST_WORDS = frozenset({"vilka", "vilket", "vilken", "alla", "lista", "which"})
_WHOLE = {"samtliga": "samtliga", "alla": "samtliga", "hela": "hela"}


def match_uppdrag_by_text(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"vilka uppdrag ska redovisas i samtliga nämnder?", "vilka följs upp enligt
    projektplan?": the uppdrag whose omfattning, uppföljning or tidplan has every word the
    question names, when no uppdrag's title has them (those are the card's or the list's)."""
    if not snap.uppdrag or ("uppdrag" not in fold(text) and "redovisa" not in fold(text)):
        return None
    # "… enligt projektplan i stället för ett KS-datum": what they are not is no filter
    text = _INSTEAD.sub("", text).strip() or text
    q = analyse(text, snap)
    if uppdrag_key(q) is not None:
        return None  # "vilka aktiviteter har uppdrag 3.2?": that uppdrag's (not 2.2's "Aktiviteter i …")
    # "vad ska redovisas i samtliga nämnder?": what is reported is the uppdrag, said or not
    # (not the budget line 10 Nämnder/Styrelser)
    reported = not q.has("uppdrag") and q.has("deadline") and \
        bool(set(q.words) & {"vad", "vilka", "vilket", "vilken", "what"})
    if not (q.has("uppdrag") or reported) or not (
            set(q.words) & _LIST_WORDS or reported or
            q.phrase("hur manga", "antal", "antalet", "how many")):
        return None  # "hur många uppdrag ska redovisas i samtliga nämnder?": the list, counted
    asked = [w for w in distinctive(q) if w not in _FIELD_WORDS]
    if not asked:
        return None
    # "i samtliga nämnder", "alla nämnder", "hela kommunen": the quantifier is what tells
    # the whole kommun's uppdrag from those of "berörda nämnder"
    asked += [_WHOLE[w] for w, nxt in zip(q.words, q.words[1:])
              if w in _WHOLE and not nxt.startswith("uppdrag")]

    def has(words: list[str], w: str) -> bool:
        # a short word (an acronym, "KU") is itself, not the start of another ("kunskap")
        return any(f == w or (len(w) >= 4 and f.startswith(w)) or (len(f) >= 5 and w.startswith(f))
                   for f in words)

    def make() -> tuple[list[list[str]], list[tuple[str, list[str]]]]:
        titles = [content_words(u["title"]) for u in snap.uppdrag]
        fields = []
        for u in snap.uppdrag:
            said = " ".join(t for t in (u["scope"], u["uppfoljning"], u["tidplan"]) if t)
            fields.append((u["key"], content_words(said) + re.findall(r"\w+", fold(said))))
        return titles, fields

    titles, fields = snap.memoised("uppdrag_field_words", None, make)  # once per snapshot
    if any(all(has(t, w) for w in asked) for t in titles):
        return None  # "vilka uppdrag handlar om investeringar?": by their titles
    keys = [key for key, said in fields if all(has(said, w) for w in asked)]
    if (q.has("without") and q.has("deadline")) or set(q.words) & {"bara", "endast", "enbart",
                                                                      "only"}:
        # "… inget KS-datum utan bara ordinarie rapporteringsstruktur": only those whose
        # tidplan is that alone, with no date (not 1.3's "den 7 april samt i ordinarie …")
        keys = [k for k in keys if not any(d["date"] for d in snap.deadlines.get(k, ()))]
    if not keys:
        return None
    # what the question says of them, as typed: "ska redovisas i samtliga nämnder"
    said_of = re.search(r"uppdrag\w*\s+(.+)", text, re.IGNORECASE)
    return UppdragList(keys=tuple(keys),
                       search=said_of.group(1).strip(" ?!.") if said_of else q.about)


# the alternative a question sets aside: "i stället för ett KS-datum", "snarare än …"
_INSTEAD = re.compile(r"\s*,?\s*\b(?:i\s*stället\s+för|istället\s+för|snarare\s+än|hellre\s+än|"
                      r"inte\s+som|rather\s+than|instead\s+of)\b.*$", re.IGNORECASE)


# "vilka uppdrag handlar om investeringar?", "uppdrag om bredband", "finns det något
# uppdrag kring trygghet?": the topic is what follows the preposition
_TOPIC = re.compile(
    r"^(?:(?:hur\s+manga|antal|antalet|vilka|vilket|vilken|finns\s+det|har\s+vi|har\s+ni|ar\s+det|"
    r"nagot|nagra|ngt|ngn|"
    r"alla|ett|lista|visa|which|vad\s+ar|vad\s+innebar|vilket\s+ar|vad\s+heter|visa\s+mig|"
    r"beratta\s+om)\s+){0,3}"
    r"(?:uppdrag|uppdragen|uppdraget)\s+(?:som\s+)?(?:(?:handlar|handla|ror|galler|beror)\s+(?:om\s+)?|"
    r"(?:finns\s+)?(?:om|kring|inom|for|med|pa)\s+)(.+?)[?!. ]*$")


_TOPIC_CLASSES = frozenset({"noise", "investering", "budget"})  # a topic may name these


def match_uppdrag_topic(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """A topic list of uppdrag: the uppdrag whose title, description, omfattning or
    insatser hold every word of the topic (by its stems, a compound's part too); one is its
    card, none is said honestly ("inget uppdrag om bredband"), never another uppdrag's card
    by a word of the question's frame ("handlar")."""
    folded = fold(text).strip()
    m = _TOPIC.match(folded)
    if m is None or not snap.uppdrag:
        return None
    topic = m.group(1)
    asked = content_words(topic)
    tq = analyse(topic, snap)
    if not asked or re.search(r"\d", topic) or set(tq.classes) - _TOPIC_CLASSES:
        return None  # "uppdrag inom målområde 4", "uppdrag för mig", "… om 2026": not a topic
    if (area := _area_by_short(folded[:m.start(1)], topic, snap)) is not None:
        return UppdragList(malomrade=area)  # "uppdrag inom välfärd": målområde 1's (not 1.4's word)
    from handlers import questions  # the old reading, which this one corrects (no cycle)
    if isinstance(old := questions.parse(text, snap, today), UppdragList) and old.keys:
        return old  # the titles' own list ("… om hållbar utveckling"), as it was
    words = _all_uppdrag_words(snap)
    keys = [u["key"] for u in snap.uppdrag if all(_holds(words[u["key"]], w) for w in asked)]
    if not keys and any(len(w) >= _TYPO_LEN for w in asked):
        # "brottsförebygande" (a typo): a long word near one of an uppdrag's, as the index
        # reads typos (matching.WORD_THRESHOLD); the shorter words still exactly
        keys = [u["key"] for u in snap.uppdrag if all(
            _holds(ws := words[u["key"]], w) or (len(w) >= _TYPO_LEN and _near(ws, w))
            for w in asked)]
    if len(keys) == 1:
        return UppdragCard(key=keys[0])
    if keys:
        return UppdragList(keys=tuple(keys), search=text.strip(" ?!.")[m.start(1):m.end(1)]
                           if len(folded) == len(text.strip()) else topic)
    n = len(topic.split())  # the topic as typed (å, ä, ö kept)
    typed = re.findall(r"[\w:-]+", text)
    return Unknown(text=text, kind="uppdrag", about=" ".join(typed[-n:]) if len(typed) >= n
                   else topic)


def _area_by_short(before: str, topic: str, snap: Snapshot) -> int | None:
    """The målområde a topic after "inom" or "under" names by its short name ("välfärd",
    "välfärden", "företagsklimatet"; folded), else None."""
    words = re.findall(r"\w+", topic)
    if len(words) != 1 or len(words[0]) < 5:
        return None
    w = words[0]
    shorts = {int(a["number"]): fold(str(a["short"])) for a in snap.malomraden if a.get("short")}
    if not re.search(r"\b(?:inom|under)\s*$", before):
        # "uppdrag om välfärd(en)": the area's short name itself (by its stem), when no
        # uppdrag's title has the word (1.4's "välfärdstekniska" in its text is no topic)
        found = [n for n, short in shorts.items() if stem(w) == stem(short)]
        if any(w in content_words(str(u["title"])) for u in snap.uppdrag):
            return None
    else:
        found = [n for n, short in shorts.items() if short.startswith(w) or (
            w.startswith(short[:-1]) and len(short) >= 6)]
    return found[0] if len(found) == 1 else None


_TYPO_LEN = 8  # a topic word this long may be a typo of an uppdrag's word


def _near(words: list[str], w: str) -> bool:
    from rapidfuzz import fuzz  # (cold start)
    return any(fuzz.ratio(w, f) >= WORD_THRESHOLD for f in words if abs(len(f) - len(w)) <= 2)


def _all_uppdrag_words(snap: Snapshot) -> dict[str, list[str]]:
    """Each uppdrag's words (`_uppdrag_words`) by its key, once per snapshot."""
    return snap.memoised("uppdrag_words", None, lambda: {
        u["key"]: _uppdrag_words(u) for u in snap.uppdrag})


def _uppdrag_words(u: Row) -> list[str]:
    said = " ".join(t for t in (u["title"], u["description"], u["scope"], u["uppfoljning"],
                                u.get("insatser_source"),
                                *(i["title"] for i in u.get("insatser") or ())) if t)
    return content_words(said)


def _holds(words: list[str], w: str) -> bool:
    """A stem is among the words, or starts or is a part of a compound of five letters or
    more ("investering" in "investeringsprinciper")."""
    head = w[:-1] if len(w) >= 8 else w  # "välfärdsteknik" in "välfärdstekniska"
    return any(f.startswith(head) or (len(w) >= 5 and w in f) for f in words)
