"""The documents' text in chat: search ("vad säger planen om …", "var står det om …"),
definitions ("vad är en indikator", "vad betyder gul") and the figures stated in the text
("effektiviseringskrav", "finansiella mål", "samverkan", "ombudgetering").

Commands, answers and results of this family, registered like the others. Its matcher
`match_text_question` stands in MATCHERS just before the read-only questions' matcher (which
it was asked first by before the layout); `fallback` is what an unknown question is answered
with when a passage of the documents holds every word of it (handlers/help.py asks it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.parse import THAN_PLANNED, Query, analyse
from bot.core.patterns import lazy  # compiled when first used (cold start)
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.results import Result
from bot.core.snapshot import Row, Snapshot
from bot.core.trust import asks_opinion, distinctive, weak, wrong_unit
from bot.domain import fmt
from bot.domain.state import COLOUR_RULE
from bot.domain.text import fold, stem
from handlers.questions import is_help
from store import sections as sql

if TYPE_CHECKING:
    # bot.search (and Snowball's stemmer) loads only when a question about the text is
    # answered: the matcher needs none of it, so other questions start as fast as before
    from bot.search.passages import Passage

# --- commands ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TextSearch(Command):
    name: ClassVar[str] = "textsök"
    text: str  # what to look for, as typed
    prefer: str | None = None  # a document kind the question names ("planen": uppdragsplan)


@dataclass(frozen=True, kw_only=True)
class Definition(Command):
    name: ClassVar[str] = "definition"
    term: str  # the key of DEFINITIONS
    also: str | None = None  # a second term ("skillnaden mellan uppdrag och aktivitet")


@dataclass(frozen=True, kw_only=True)
class InitiativView(Command):
    name: ClassVar[str] = "initiativ"
    slug: str  # the initiative's id in its plan file ("organisationsutredning")
    # the question's words besides the initiative's name ("fack" of "har facket fått vara med
    # i organisationsutredningen?"): the sentences of its text that have them come first
    about: str | None = None


@dataclass(frozen=True, kw_only=True)
class NyckeltalView(Command):
    name: ClassVar[str] = "nyckeltal"
    topic: str  # a key of TOPICS, or "verksamhetsanalys:<code>"
    year: int | None = None
    rise: bool = False  # "vilket betyg ökade mest?": the figures by their change, largest first
    # "högsta betyget i enkäten?": the figures by their latest value, highest (or lowest) first
    rank: Literal["högst", "lägst"] | None = None
    # "hur mycket mindre ram fick KS 2026 jämfört med 2024?": the topic's figures of these
    # years (all it holds when empty) compared, the change first
    change: tuple[int, ...] | None = None
    # a group's figures named one by one ("Nerikes brandkår och SUF tillsammans"): only these,
    # with their sum
    only: tuple[str, ...] = ()


# --- results -----------------------------------------------------------------------------


@dataclass(kw_only=True)
class TextSearchResult(Result):
    template: ClassVar[str] = "text_search.j2"
    query: str
    passages: list[Passage]
    fallback: bool = False  # an unknown question answered from the text
    has_text: bool = True  # the store holds documents' text at all
    suggestions: list[str] = field(default_factory=list)  # "Menade du …" (for a fallback)
    # an acronym asked and what the text spells it out as: (acronym, words, source)
    expansion: tuple[str, str, str] | None = None
    # where the text has nothing: the budget's and the projects' analysis notes that name
    # it ("MSB" is in 27 Räddningstjänst's note), as (source, note)
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass(kw_only=True)
class DefinitionResult(Result):
    template: ClassVar[str] = "definition.j2"
    term: str
    also: str | None = None
    passages: list[Passage] = field(default_factory=list)
    rule: str | None = None  # the bot's own rule (the colours)


@dataclass(kw_only=True)
class NyckeltalResult(Result):
    template: ClassVar[str] = "nyckeltal.j2"
    heading: str
    figures: list[dict[str, Any]]
    total: float | None = None
    note: str | None = None


@dataclass(kw_only=True)
class InitiativResult(Result):
    template: ClassVar[str] = "initiativ.j2"
    name: str
    source: str  # "Uppdragsplan 2026 · Planeringsförutsättningar · Strategisk … · s. 6"
    description: str | None
    items: list[str]  # as printed, the first letter made upper case
    items_name: str  # what the document calls them ("uppdrag", "delutredningar")
    numbered: bool  # the document numbers them (else the numbers shown are ours)
    items_note: str | None
    progress: str | None
    uppfoljning: str | None
    owner: str | None
    tidplan: str | None
    related: list[tuple[str, str]]  # (key, title) of the uppdrag it bears on
    related_derived: bool
    lead: list[str] = field(default_factory=list)  # the sentences the question asks, first


# --- parsing -------------------------------------------------------------------------------

_DOC_WORDS = {"planen": "uppdragsplan", "uppdragsplanen": "uppdragsplan",
              "arsredovisningen": "verksamhetsberattelse",
              "verksamhetsberattelsen": "verksamhetsberattelse",
              "styrmodellen": "styrmodell", "malstrukturen": "styrmodell",
              "handslaget": "program", "strategin": "program", "dokumenten": None,
              "dokumentet": None, "texten": None}
_SEARCH = lazy(
    r"^(?:\w+[,!]?\s+)??(?:"
    r"vad\s+(?:sager|skriver|star\s+det\s+i|star\s+i|tycker)\s+(?P<doc>\w+)\s+om"
    r"|var\s+(?:star|skrivs|namns|sags|nams|hittar\s+jag)\s+(?:det\s+)?(?:nagot\s+)?om"
    r"|(?:sok|leta|hitta)\s+(?:i\s+(?P<doc2>\w+)\s+)?(?:efter|pa|om)?"
    r"|star\s+det\s+(?:nagot\s+)?(?:i\s+(?P<doc3>\w+)\s+)?om)\s+(?P<rest>.+)$")


def _prefer(doc: str | None) -> str | None:
    return _DOC_WORDS.get(doc or "")


# term -> where its definition stands: (section heading, the start of the passage, or ""
# for the section's first passage); "#…" is Styrbot's own colour rule
DEFINITIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "indikator": (("Definitioner", "- Indikatorer:"), ("Indikatorer", "För att kunna följa")),
    "malomrade": (("Definitioner", "- Målområden:"), ("Mål i två kategorier", "")),
    "strategiskt mal": (("Definitioner", "- Strategiska mål:"),),
    "malprecisering": (("Definitioner", "- Målpreciseringar:"),),
    "kalla": (("Definitioner", "- Källor:"),),
    "uppdrag": (("Uppdrag", "Nämnden formulerar uppdrag"),
                ("Inledning och definition", "Nämndens uppdrag till förvaltningen är")),
    "vision": (("Vision", "Formuleringen av kommunens vision"), ("Vision", "")),
    "aktivitet": (("Aktiviteter i verksamhetsplanen", ""),),
    "verksamhetsplan": (("Förvaltningarnas verksamhetsplaner", ""),),
    "uppdragsplan": (("Nämndernas uppdragsplaner", ""),
                     ("Inledning och definition", "Nämndens uppdrag till förvaltningen är")),
    "malstruktur": (("Målstruktur för Askersunds kommun", ""), ("Syften med Målstrukturen", "")),
    "bevaka": (("#", "Bevaka"),),
    "gron": (("#", "grön"), ("Måluppfyllelse", "Förklaring till måluppfyllelse")),
    "gul": (("#", "gul"), ("Måluppfyllelse", "Förklaring till måluppfyllelse")),
    "rod": (("#", "röd"), ("Måluppfyllelse", "Förklaring till måluppfyllelse")),
    "farg": (("#", "färg"), ("Måluppfyllelse", "Förklaring till måluppfyllelse")),
    "trend": (("Måluppfyllelse", "Trend Pil uppåt"),),
    # when the indicators are reported (to KF): "hur ofta rapporteras indikatorerna?"
    "indikatorrapportering": (("Kommunfullmäktiges indikatorer", ""),),
}
_TERM_FORMS = {
    "indikator": ("indikator", "indikatorer", "indikatorn", "indikatorerna"),
    "malomrade": ("malomrade", "malomraden", "malomradet"),
    "strategiskt mal": ("strategiskt mal", "strategiska mal", "strategiska malen", "strategiskt malet",
                        "mal"),
    "malprecisering": ("malprecisering", "malpreciseringar", "malpreciseringen"),
    "kalla": ("kalla", "kallor", "kallan"),
    "uppdrag": ("uppdrag", "uppdraget", "uppdragen"),
    "vision": ("vision", "visionen"),
    "aktivitet": ("aktivitet", "aktiviteter", "aktiviteten"),
    "verksamhetsplan": ("verksamhetsplan", "verksamhetsplanen"),
    "uppdragsplan": ("uppdragsplan", "uppdragsplanen", "uppdragsplaner"),
    "malstruktur": ("malstruktur", "malstrukturen"),
    "bevaka": ("bevaka", "bevakas"),
    "gron": ("gron", "gront", "grona"),
    "gul": ("gul", "gult", "gula"),
    "rod": ("rod", "rott", "roda"),
    "farg": ("fargerna", "fargen", "farg", "fargregeln"),
    "trend": ("trend", "trenden", "pilarna", "pilen", "trendpil", "trendpilarna", "trendpilen",
              "trendpilar"),
}
_FORM_TO_TERM = {form: term for term, forms in _TERM_FORMS.items() for form in forms}
# the definite singular of a thing one owns: a question about one of them, not the term
_ONE_OF = frozenset({"uppdraget", "indikatorn", "aktiviteten", "malomradet"})
# a term an uppdrag works on: who answers for it is that uppdrag's owner (3.1, the vision)
_WORKED_ON = frozenset({"vision", "visionen"})
_DECIDES = lazy(r"vem\s+(?:beslutar|antar|faststaller)\b")  # not the work: the text
_DEFINE = lazy(
    r"^(?:vad|vad ar det)\s+(?:ar|betyder|innebar|menas med|star|definieras som)\s+"
    r"(?:en\s+|ett\s+|det\s+|begreppet\s+|ordet\s+)?(?P<term>[\w ]+?)(?:\s+for\s+nagot)?"
    r"(?:\s+i\s+\w+|\s+for\s+(?:askersund|askersunds\s+kommun|kommunen|oss))?$|^(?:definiera|forklara|definition av|definitionen av)\s+"
    r"(?:begreppet\s+|ordet\s+)?(?P<term2>[\w ]+)$")

# "vem beslutar om uppdragsplanen?", "skillnaden mellan uppdrag och aktivitet": the
# definitions say who does what and what each is
_WHO_TERM = lazy(
    r"^vem\s+(?:tar\s+fram|beslutar\s+om|beslutar|antar|faststaller|skriver|gor|ager|"
    r"ansvarar\s+for|formulerar|planerar)\s+(?:en\s+|ett\s+|de\s+|den\s+|det\s+)?(?P<term>\w+)$")
_BETWEEN = lazy(
    # (a term of two words too: "skillnaden mellan målområde och strategiskt mål")
    r"^(?:vad\s+ar\s+)?(?:skillnaden|skillnad)\s+(?:mellan|pa)\s+(?:en\s+|ett\s+)?"
    r"(?P<term>\w+(?:\s+\w+)?)"
    r"\s+och\s+(?:en\s+|ett\s+)?(?P<other>\w+(?:\s+\w+)?)(?:\s+i\s+\w+)?$")
# "vad är syftet med målstrukturen?": the document's own words on its purpose
_PURPOSE = lazy(r"^(?:vad\s+ar\s+|vilket\s+ar\s+|vilka\s+ar\s+)?(?:syftet|syfte|syftena|syften)\s+"
                      r"med\s+(?P<doc>\w+)$"
                      # "vilka syften har målstrukturen?", "vad har handslaget för syfte?",
                      # "vad syftar målstrukturen till?": the same purpose, asked otherwise
                      r"|^(?:vilka|vilket|vad)\s+(?:syften|syftet|syfte)\s+har\s+(?P<doc2>\w+)$"
                      r"|^vad\s+(?:har|ar)\s+(?P<doc3>\w+)\s+for\s+(?:syfte|syften)$"
                      r"|^vad\s+syftar\s+(?P<doc4>\w+)\s+till$")

# "vad är målet med handslaget 2030?", "vad är handslagets mål?": the document's own words on
# its goal (not the card of the uppdrag it is an alias of)
_GOAL_OF = lazy(r"^(?:vad\s+ar\s+|vilket\s+ar\s+|vilka\s+ar\s+)?(?:malet|malen|mal)\s+(?:med|for)\s+"
                r"(?P<doc>\w+)(?:\s+(?P<year>20\d\d))?$"
                r"|^(?:vad|vilka|vilket)\s+ar\s+(?P<doc2>\w+?)s\s+(?:mal|malet|malen)"
                r"(?:\s+(?P<year2>20\d\d))?$"
                r"|^vad\s+vill\s+(?P<doc3>\w+)\s+(?:uppna|astadkomma)$")

# figures in the text, by the words that ask for them (folded); the first match wins
TOPICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "effektiviseringskrav": ("Effektiviseringskrav", ("effektiviseringskrav", "sparkrav",
                                                      "besparingskrav", "effektiviseringskravet")),
    # not "finansiella mål" alone: that is målområde 4's name
    "finansiella mål": ("Finansiella mål", ("resultatmal", "resultatmalet", "finansiellt mal",
                                            "finansiella malen", "finansiella mal for 2026",
                                            "finansiella mal 2026", "kf:s finansiella mal")),
    "samverkan": ("Samverkan: budget för ändamålet", ("samverkan", "samverkansorgan",
                                                       "samverkansnamnder", "samverkansorganen")),
    # and in plain words: money "flyttas över" to next year
    "ombudgetering": ("Begäran av ombudgetering", ("ombudgeter", "ombudgetering",
                                                   "flyttas over", "flyttades over",
                                                   "flytta over", "fors over", "foras over",
                                                   "fordes over", "overfors", "overforas")),
    "svenskt näringslivs enkät": ("Svenskt Näringslivs enkät", (
        "svenskt naringslivs enkat", "naringslivets enkat", "enkaten fran svenskt naringsliv",
        "svenskt naringslivs undersokning", "foretagsklimatundersokning")),
    "skr:s insikt": ("SKR:s Insikt", ("nki 2024", "insikt 2024", "nki-betyget", "insiktmatning")),
    "budgetram": ("Budgetram", ("budgetramar", "budgetramen per ar", "ramar per ar",
                                "budgetramen for 2024", "budgetram 2024", "ram 2024",
                                "budgetramen 2024")),
}
_GROUP_OF_TOPIC = {"samverkan": "Samverkan", "ombudgetering": "Ombudgetering",
                   "svenskt näringslivs enkät": "Svenskt Näringslivs enkät",
                   "skr:s insikt": "SKR:s Insikt", "budgetram": "Budgetram",
                   "finansiella mål": "Finansiella mål"}
_SPLIT = lazy(r"\b(?:intakter\s+och\s+kostnader|kostnader\s+och\s+intakter|"
              r"verksamhetsanalys\w*|intakt\w*\s+och\s+kostnad\w*)\b")


_RAM_WORDS = frozenset({"budgetram", "budgetramen", "ram", "ramen", "budgetramar", "ramar",
                        "ramarna", "budgetramarna"})
# the words a question for the ram may have besides it: "hur stor budgetram har KS 2026?"
_RAM_QUIET = frozenset({"hur", "stor", "stora", "storlek", "vad", "var", "ar", "vilken", "vilka",
                        "mycket", "mkt", "hog", "har", "hade", "fick", "far", "fatt", "tilldelats",
                        "tilldelades", "tilldelad", "ks", "kommunstyrelsen", "kommunstyrelsens",
                        "namnden", "namndens", "fran", "av", "kf", "kommunfullmaktige",
                        "kommunfullmaktiges", "for", "i", "pa", "den", "det", "en", "vara",
                        "total", "totala", "och", "sa", "blev", "beslutade", "beslutad", "the",
                        "budget", "what", "is", "was", "how", "big", "our"})


def _ram_asked(t: str) -> Command | None:
    """"hur stor budgetram har KS 2026?", "och ramen 2024?": the ram from KF, that figure first
    (not the year's whole budget, where it is the second line), when nothing else is named."""
    ws = t.split()
    if not set(ws) & _RAM_WORDS or [w for w in ws if w not in _RAM_WORDS and w not in _RAM_QUIET
                                    and not re.fullmatch(r"20\d\d", w)]:
        return None
    years = re.findall(r"\b(20\d\d)\b", t)
    return NyckeltalView(topic="budgetram", year=int(years[0]) if years else None)


def parse_text_question(text: str, verksamhet: Callable[[], str | None] = lambda: None
                        ) -> Command | None:
    """A question about the documents' text, a definition or a figure in the text, or None.
    ``verksamhet`` gives the code of a verksamhet the message names (asked only for the split
    of intäkter and kostnader)."""
    t = " ".join(re.findall(r"[\w:-]+", fold(text)))
    m = _SEARCH.match(t)
    if m and m.group("doc") and m.group("doc") not in _DOC_WORDS:
        m = None  # "vad tycker du om fotboll?"
    if m and m.group("rest").strip():
        # the words as typed (å, ä, ö kept: the stems need them); folding keeps the words
        n = len(m.group("rest").split())
        typed = re.findall(r"[\w:-]+", text)
        rest = " ".join(typed[-n:]) if len(typed) >= n else m.group("rest")
        doc = m.group("doc") or m.group("doc2") or m.group("doc3")
        words = rest.split()
        if doc is None and len(words) >= 3 and fold(words[-2]) in ("i", "enligt") and \
                fold(words[-1]) in _DOC_WORDS:
            # "står det något om barnkonventionen i målstrukturen?": the document is where to
            # look, not a word to find
            doc, rest = fold(words[-1]), " ".join(words[:-2])
        return TextSearch(text=rest, prefer=_prefer(doc))
    m = _WHO_TERM.match(t) or _BETWEEN.match(t)
    if m and m.re is _WHO_TERM.compiled and (m.group("term") in _ONE_OF or (
            m.group("term") in _WORKED_ON and not _DECIDES.match(t)) or re.search(
            r"\s(?:det|den)\s+\w+$", t)):
        m = None  # "vem äger uppdraget?", "vem ansvarar för det uppdraget?": one of them
    if m and m.group("term") in _FORM_TO_TERM:
        other = m.groupdict().get("other")
        if other is None:
            return Definition(term=_FORM_TO_TERM[m.group("term")])
        if other in _FORM_TO_TERM:
            return Definition(term=_FORM_TO_TERM[m.group("term")], also=_FORM_TO_TERM[other])
    m = _PURPOSE.match(t)
    purpose_doc = next((d for d in m.groups() if d), None) if m else None
    if m and purpose_doc and (purpose_doc in _DOC_WORDS or purpose_doc in _FORM_TO_TERM):
        typed = [w for w in re.findall(r"[\w:-]+", text) if fold(w) == purpose_doc]
        return TextSearch(text=f"syftet med {typed[-1] if typed else purpose_doc}",
                          prefer=_prefer(purpose_doc))
    m = _GOAL_OF.match(t)
    goal_doc = (m.group("doc") or m.group("doc2") or m.group("doc3")) if m else None
    if m and goal_doc and _DOC_WORDS.get(goal_doc) in ("program", "styrmodell"):
        # with the year of its name ("Handslaget 2030"), the document is where to look, not a
        # word to find: it names itself in every heading ("För att nå målet att bli en av
        # Sveriges mest företagsvänliga kommuner 2030 …"); without, its name keeps the search
        # in it ("Målet är att gå från enskilda insatser …")
        year = m.group("year") or m.group("year2")
        typed = [w for w in re.findall(r"[\w:-]+", text) if fold(w).startswith(goal_doc)]
        return TextSearch(text=f"målet {year}" if year else
                          f"målet med {typed[-1][:len(goal_doc)] if typed else goal_doc}",
                          prefer=_prefer(goal_doc))
    m = _DEFINE.match(t)
    if m:
        term = (m.group("term") or m.group("term2") or "").strip()
        key = _FORM_TO_TERM.get(term) or _colours_term(term)
        if key is not None:
            return Definition(term=key)
    if _SPLIT.search(t):
        code = verksamhet()
        if code is not None:
            return NyckeltalView(topic=f"verksamhetsanalys:{code}")
    ram = _ram_asked(t)
    if ram is not None:
        return ram
    padded = f" {t} "
    ranked = _survey_ranked(t)
    if ranked is not None:
        return ranked
    for topic, (_title, forms) in TOPICS.items():
        if any(f" {f}" in padded and (f" {f} " in padded or f.endswith("er")) for f in forms):
            years = re.findall(r"\b(20\d\d)\b", t)
            rise = bool(set(padded.split()) & _MOST) and bool(set(padded.split()) & _ROSE)
            return NyckeltalView(topic=topic, year=int(years[0]) if years else None, rise=rise)
    return None


_COLOUR_TERMS = frozenset({"gron", "gul", "rod", "farg"})


def _colours_term(term: str) -> str | None:
    """"färgerna gul och röd", "röd färg", "grön och röd": colours named together are the
    colours' meaning (one colour with "färg" is that colour's)."""
    words = [w for w in re.split(r"[\s,]+", term) if w and w not in ("och", "eller", "samt")]
    keys = [_FORM_TO_TERM.get(w) for w in words]
    if len(words) < 2 or not all(k in _COLOUR_TERMS for k in keys):
        return None
    colours = {k for k in keys if k != "farg"}
    return colours.pop() if len(colours) == 1 else "farg"


# "vilket betyg ökade mest?", "vad förbättrades mest?": a group's figures by their rise
_MOST = frozenset({"mest", "storst", "storsta", "most", "biggest"})
_ROSE = frozenset({"okade", "okat", "okning", "okningen", "forbattrades", "forbattrats",
                   "forbattring", "forbattringen", "steg", "hojdes", "lyfte", "increased",
                   "improved"})


# "högsta betyget i företagsklimatenkäten", "vilket område fick lägst betyg i enkäten?": the
# survey's figures ranked by their latest value (not one indicator's series at its highest)
_HIGHEST = frozenset({"hogsta", "hogst", "bast", "basta", "highest", "best", "top"})
_LOWEST = frozenset({"lagsta", "lagst", "samst", "samsta", "lowest", "worst"})
_SURVEY_TOPIC = "svenskt näringslivs enkät"


def _survey_ranked(t: str) -> NyckeltalView | None:
    """A survey's highest or lowest figure asked: a superlative with "betyg" (the survey's
    unit) or with "område"/"fråga" and the survey named (any word of "enkät" or
    "undersökning", or the topic's forms)."""
    ws = t.split()
    wset = set(ws)
    rank: Literal["högst", "lägst"] | None = "högst" if wset & _HIGHEST else (
        "lägst" if wset & _LOWEST else None)
    if rank is None or wset & {"kommun", "kommuner", "kommunerna", "landet", "lanet", "sverige"}:
        return None  # "vilken kommun har högst betyg?": the ranking among municipalities
    graded = any(w.startswith("betyg") for w in ws)
    member = graded or any(w.startswith(("omrade", "fraga", "fragor", "delen")) for w in ws)
    padded = f" {t} "
    named = any(("enkat" in w or "undersokning" in w) for w in ws) or any(
        f" {f} " in padded for f in TOPICS[_SURVEY_TOPIC][1])
    if not (member and named):
        return None
    years = re.findall(r"\b(20\d\d)\b", t)
    return NyckeltalView(topic=_SURVEY_TOPIC, year=int(years[0]) if years else None, rank=rank)


def _ranked_figs(figs: list[dict[str, Any]], low: bool, year: int | None = None
                 ) -> tuple[list[dict[str, Any]], str | None]:
    """The figures by their latest value (or ``year``'s), highest first (lowest with
    ``low``), and the line that names the first (ties together): "vägledning vid tillstånd
    och tillsyn 4,31 (2025)"."""
    def last(r: dict[str, Any]) -> dict[str, Any] | None:
        vs = [v for v in r["values"] if v.get("value") is not None
              and (year is None or v.get("year") == year)]
        return vs[-1] if vs else None

    valued = [r for r in figs if last(r) is not None]
    ranked = sorted(valued, key=lambda r: (last(r) or {})["value"], reverse=not low)
    if not ranked:
        return figs, None
    top = (last(ranked[0]) or {})["value"]
    tied = [r for r in ranked if abs((last(r) or {})["value"] - top) < 1e-9]
    decimals = 2 if ranked[0]["unit"] == "betyg" else None
    said = "; ".join(
        f"{r['name'].split(':', 1)[-1].strip()} {fmt.number((last(r) or {})['value'], decimals)}"
        + (f" ({(last(r) or {})['year']})" if (last(r) or {}).get("year") else "") for r in tied)
    return ranked + [r for r in figs if r not in ranked], said


def _risen(figs: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], str | None]:
    """The figures with a first and a last value, the largest rise first, and the line that
    names the largest (ties together): "politikernas attityd till företagande 3,48 → 3,83
    (+0,35)"."""
    def change(r: dict[str, Any]) -> float | None:
        vs = [v for v in r["values"] if v.get("value") is not None]
        return vs[-1]["value"] - vs[0]["value"] if len(vs) >= 2 else None

    ranked = sorted((r for r in figs if change(r) is not None), key=lambda r: -(change(r) or 0))
    if not ranked:
        return figs, None
    top = change(ranked[0]) or 0
    tied = [r for r in ranked if abs((change(r) or 0) - top) < 1e-9]
    decimals = 2 if ranked[0]["unit"] == "betyg" else None
    said = "; ".join(
        f"{r['name'].split(':', 1)[-1].strip()} {fmt.number(r['values'][0]['value'], decimals)} → "
        f"{fmt.number(r['values'][-1]['value'], decimals)} "
        f"({'+' if top > 0 else ''}{fmt.number(top, decimals)})" for r in tied)
    return ranked + [r for r in figs if r not in ranked], said


def match_text_question(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """The matcher: a question about the documents' text, a definition or a figure in the
    text; None for anything else and for a request for help ("hjälp samverkan" is help)."""
    analysed: list[Query] = []

    def query() -> Query:
        if not analysed:
            analysed.append(analyse(text, snap))
        return analysed[0]

    cmd = parse_text_question(text, lambda: _verksamhet_named(query(), snap))
    if cmd is None:
        cmd = _income_of_line(query(), snap)
    if cmd is None or (isinstance(cmd, NyckeltalView) and cmd.topic in TOPICS):
        # "politikernas attityd", not all the survey
        cmd = _nyckeltal_named(text, snap, query) or cmd
    if cmd is None:
        cmd = _initiativ_named(text, snap)
    if cmd is None:
        cmd = _meaning(text, snap)
    if cmd is None:
        cmd = _how_often(text, query())
    if cmd is None or is_help(query(), text):
        return None
    return cmd


_HOW_OFTEN = lazy(r"^hur\s+ofta\b")


def _how_often(text: str, q: Query) -> Command | None:
    """"hur ofta rapporteras indikatorerna till KF?", "hur ofta följs uppdragen upp?": how
    often a kind of thing is reported, asked of all of them (one named, "hur ofta mäts
    sjukfrånvaron?", is its card's frequency): what the Målstruktur's text says of it."""
    if not _HOW_OFTEN.match(fold(text)) or [w for w in q.core if w not in _OFTEN_WORDS]:
        return None
    kinds = [w for w in q.words if w.startswith(("indikator", "uppdrag", "aktivitet"))]
    if not kinds:
        return None
    if kinds[0].startswith("indikator"):
        return Definition(term="indikatorrapportering")  # the Målstruktur says when
    asked = [w for w in re.findall(r"[\w:-]+", text)[2:] if fold(w) not in ("ska", "skall")]
    return TextSearch(text=" ".join(asked), prefer="malstruktur")


# the words of a reporting asked "hur ofta" (stems, as in Query.core)
_OFTEN_WORDS = frozenset(stem(w) for w in (
    "ofta", "rapporteras", "rapporterar", "avrapporteras", "redovisas", "foljs", "folja",
    "foljas", "matas", "mats", "uppdateras", "uppfoljning", "uppfoljningen", "kf",
    "kommunfullmaktige", "ks", "kommunstyrelsen"))


_MEANING = lazy(
    r"^(?:vad\s+(?:betyder|innebar|menas\s+med)|vad\s+ar\s+det\s+som\s+menas\s+med)\s+"
    r"(?:ordet\s+|begreppet\s+|uttrycket\s+)?(?P<term>[\w:-]+(?:\s+[\w:-]+){0,2}?)"
    r"(?:\s+(?:i|enligt)\s+(?P<doc>\w+))?$")


# "vad står tillit för i Handslaget?": a word asked what it stands for, as "vad betyder"
_STANDS_FOR = lazy(
    r"^vad\s+star\s+(?:ordet\s+|begreppet\s+|ledordet\s+)?(?P<term>[\w:-]+(?:\s+[\w:-]+){0,2}?)"
    r"\s+for(?:\s+(?:i|enligt)\s+(?P<doc>\w+))?$")
# "vad är SUF?": an acronym asked what it is
# (sms "vad e SUF"; in lower case only of an indicator whose name has it in capitals)
_WHAT_IS = lazy(r"^[Vv]ad\s+(?:ar|e)\s+(?:en\s+|ett\s+)?(?P<term>[A-ZÅÄÖ]{2,6}|[a-z]{2,6})\s*\??\s*$")
# "vad står SUF för?": an acronym asked what it stands for
# ("vad betyder HME?" without "för" too: an acronym asked its meaning is spelt out, not the
# indicator it names)
_STANDS = lazy(r"^vad\s+(?:star\s+(?:forkortningen\s+)?(?P<term>[A-ZÅÄÖ]{2,6})\s+for|"
               r"betyder\s+(?:forkortningen\s+)?(?P<term2>[A-ZÅÄÖ]{2,6})(?:\s+for)?)\s*\??\s*$")


def _meaning(text: str, snap: Snapshot) -> Command | None:
    """"vad betyder tillit i Handslaget?": a word the definitions do not hold and nothing in
    the plan's data is named by, looked for in the documents' text (else the words of the
    question would find an uppdrag that shares one of them). "vad står SUF för?": the
    acronym spelled out from the text, whatever item its letters are a word of."""
    plain = " ".join(re.findall(r"[\w:-]+", text.replace("å", "a").replace(
        "ä", "a").replace("ö", "o")))
    stands = _STANDS.match(plain)
    if stands is None and (what := _WHAT_IS.match(plain)) is not None:
        term = what.group("term")
        hits = snap.index.search(analyse(term, snap).core, limit=1)
        if hits and hits[0].score >= 0.9 and hits[0].entry.kind == "indikator" and \
                re.search(rf"\b{re.escape(term.upper())}\b", hits[0].entry.label):
            # "vad är HME?": the indicator so named, led by what its acronym stands for
            from handlers.indikator import IndikatorCard

            return IndikatorCard(slug=hits[0].entry.key, asks="förkortning")
        if term.isupper() and not any(m.score >= 0.9 and m.entry.kind != "verksamhet" for m in hits):
            stands = what  # "vad är SUF?": spelt out, unless something is so named
        elif not term.isupper() and len(term) <= 4 and hits and \
                hits[0].entry.kind in ("verksamhet", "projekt") and \
                not hits[0].matched & hits[0].entry.words:
            # "vad är sfi": an acronym in lower case that only a line's analysis note has
            # ("Anslaget för SFI-kostnader …" of 60): what it is, asked of the text, not the line
            return TextSearch(text=term.upper())
    if stands is not None:
        term = stands.group("term") or stands.groupdict().get("term2") or ""
        named = [row["slug"] for row in snap.nyckeltal
                 if fold(term) in {fold(a) for a in row["aliases"] or ()}]
        if len(named) == 1:
            return NyckeltalView(topic=named[0])  # "SUF": Sydnärkes Utbildningsförbund's figure
        return TextSearch(text=term)
    words = re.findall(r"[\w:-]+", fold(text))
    m = _MEANING.match(" ".join(words)) or _STANDS_FOR.match(" ".join(words))
    if m is None or any(c.isdigit() for c in m.group("term")):
        return None
    if m.group("doc") and m.group("doc") not in _DOC_WORDS:
        return None  # "vad betyder röd i tabellen": not a document
    n = len(m.group("term").split())
    start = len(m.group(0)[:m.start("term")].split())
    typed = re.findall(r"[\w:-]+", text)
    term = " ".join(typed[start:start + n]) if len(typed) == len(words) else m.group("term")
    hits = snap.index.search(analyse(term, snap).core, limit=1) if snap.uppdrag else []
    if hits and hits[0].score >= 0.9:
        return None  # "vad innebär gymnasieskolan": the plan's own item
    return TextSearch(text=term, prefer=_prefer(m.group("doc")))


def _nyckeltal_forms(snap: Snapshot) -> list[tuple[str, str, bool]]:
    """(folded phrase, slug, strict) of each figure by its own words ("politikernas attityd
    till företagande" of Svenskt Näringslivs enkät): a group's figure by its aliases of two
    words or more and its name after the colon; not those an indicator is also known by
    ("sammanfattande omdöme" is the indicator's), nor those naming an item of the plan
    ("kommunens intranät" is an investment, "finansiella mål" a målområde). Strict forms
    answer only a question that names nothing else: a figure of its own by any alias
    ("spara" is the effektiviseringskrav's), a group's figure by its whole name ("Nerikes
    Brandkår" of Samverkan)."""
    def make() -> list[tuple[str, str, bool]]:
        def words(s: str) -> str:
            return " ".join(re.findall(r"[\w:-]+", fold(s)))

        vocab = snap.index.vocab_set
        taken = {words(w) for i in snap.indikatorer for w in [i["name"], *(i.get("aliases") or [])]}
        taken |= {words(str(x["name"])) for x in [*snap.budget, *snap.projects, *snap.malomraden]}
        out = []
        for row in snap.nyckeltal:
            phrases = [(a, not row["grp"]) for a in row["aliases"]]
            if ":" in row["name"]:
                phrases.append((row["name"].split(":", 1)[1], False))
            elif row["grp"]:
                phrases.append((row["name"], True))
            for ph, strict in phrases:
                f = words(ph)
                # one word of a group's figure only when it names nothing of the plan's (a
                # compound with a hyphen, "it-nämnden", or a long word no item has,
                # "lönenämnden"), and then strict: nothing else named
                one = len(f.split()) < 2 and row["grp"]
                # or an abbreviation its aliases give ("suf" of Sydnärkes Utbildningsförbund)
                if (not one or "-" in f or (len(f) >= 9 and stem(f) not in vocab)
                        or 3 <= len(f) <= 4) and f not in taken:
                    out.append((f, row["slug"], strict or bool(one)))
                if " " not in f and f.endswith("mal") and len(head := f[:-3]) >= 5 and \
                        f not in taken:
                    # a goal compound said in two: "målet för resultatet" is the resultatmål
                    head = head.removesuffix("s")
                    out += [(f"{m} {prep} {head}", row["slug"], strict or bool(one))
                            for m in ("mal", "malet") for prep in ("for", "om")]
        shared = {f for f, slug, _s in out if sum(1 for g, s, _t in out if g == f and s != slug)}
        return sorted({x for x in out if x[0] not in shared}, key=lambda x: (-len(x[0]), x))
    return snap.memoised("nyckeltal_forms", None, make)  # type: ignore[no-any-return]


def _definite(phrase: str) -> re.Pattern[str]:
    """A figure's folded phrase, its last word also in the definite form ("sparkravet",
    "sparbetinget", "effektiviseringskraven"), padded; not any other inflection ("vad kostar
    politikerna?" asks no survey figure of "politiker")."""
    *head, last = phrase.split()
    return re.compile(" " + "".join(re.escape(w) + " " for w in head) + re.escape(last) +
                      "(?:en|et|n)? ")


# what KF gives a nämnd: "hur mycket pengar får KS av fullmäktige?" is the budget frame
_GIVEN = frozenset({"far", "fatt", "fick", "gett", "ger", "gav", "tilldelats", "tilldelat",
                    "tilldelas", "tilldelade", "tilldelar"})


def _frame_given(q: Query, snap: Snapshot) -> bool:
    """The money KF gives, asked with a verb of giving and nothing else named."""
    return q.has("kf") and bool(set(q.words) & _GIVEN) and \
        (q.phrase("hur mycket", "hur mkt", "vad") or q.has("budget")) and \
        not [w for w in distinctive(q) if w not in {stem(g) for g in _GIVEN}] and \
        any(row["grp"] == "Budgetram" for row in snap.nyckeltal)


def _nyckeltal_named(text: str, snap: Snapshot, query: Callable[[], Query]) -> Command | None:
    if not snap.nyckeltal:
        return None
    if _frame_given(query(), snap):
        years = re.findall(r"\b(20\d\d)\b", text)
        return NyckeltalView(topic="budgetram", year=int(years[0]) if years else None)
    padded = " " + " ".join(re.findall(r"[\w:-]+", fold(text))) + " "
    if (several := _several_named(padded, snap)) is not None:
        return several
    if (goal := _goal_by_its_head(padded, snap, query)) is not None:
        return goal
    for phrase, slug, strict in _nyckeltal_forms(snap):
        if f" {phrase} " in padded or _definite(phrase).search(padded):
            own = [stem(w) for w in re.findall(r"\w+", phrase)]
            if strict and [w for w in distinctive(query())
                           if not any(o.startswith(w[:5]) for o in own)
                           and not (w.startswith("foretag") and asks_opinion(query()))]:
                continue  # the rest is another subject: "spara energi", "underskottet för …"
            if strict and " " not in phrase and asks_opinion(query()) and not any(
                    w.startswith("foretag") for w in query().words):
                # "vad tycker tjänstepersoner?": they are not asked, they are rated; the
                # companies are ("vad tycker företagarna om dialogen?" is the survey's)
                continue
            row = next(r for r in snap.nyckeltal if r["slug"] == slug)
            asked = set(padded.split())
            if asked & _AGAINST_WORDS and asked & _PAST_WORDS and \
                    not any(v["year"] <= (snap.plan_year or 9999) - 2 for v in row["values"]):
                # "hur mycket högre blev kostnaden för Sydnärke IT?": an outcome against its
                # budget asked, and the figure is a later year's budget (the text tells the
                # outcome's "-477 tkr"), not the answer
                return None
            if strict and len(phrase) <= 4 and (query().has("avvikelse") or (
                    (years_asked := {int(y) for y in re.findall(r"\b(20\d\d)\b", text)})
                    and not years_asked & {v["year"] for v in row["values"]})):
                # "avvikelse suf 2024", "hur gick det för suf 2024?": an abbreviation of a
                # figure that has no such year or deviation (line 45's analysis names it)
                continue
            if wrong_unit(query(), row["unit"], row["name"]):
                # "hur många brandmän har Nerikes brandkår?", "hur många ärenden har
                # överförmyndarnämnden?": a count asked, and the figure is an amount
                return None
            years = re.findall(r"\b(20\d\d)\b", padded)
            return NyckeltalView(topic=slug, year=int(years[0]) if years else None)
    return _surveyed_named(padded, snap, query)


# what a thing is to be: "vad ska resultatet vara?", "hur stort ska resultatet bli 2026?"
_TO_BE = re.compile(r" ska (?:\w+ )?(?:vara|bli|ligga|motsvara|uppga|landa|na) ")


def _goal_by_its_head(padded: str, snap: Snapshot, query: Callable[[], Query]) -> Command | None:
    """"vad ska resultatet vara 2026?": what a goal compound's head ("resultat" of the alias
    "resultatmål") is to be is that goal figure, when the question names nothing else (not
    the budget's result, which is what it came to)."""
    if not _TO_BE.search(padded):
        return None
    for row in snap.nyckeltal:
        for alias in row["aliases"]:
            f = fold(alias)
            if " " in f or not f.endswith("mal") or len(head := f[:-3].removesuffix("s")) < 5:
                continue
            said = fold(row["text"] or "")
            # ("… i procent av skatteintäkterna?": a word of the goal's own text is no other thing)
            if re.search(f" {re.escape(head)}(?:et|en)? ", padded) and not [
                    w for w in distinctive(query()) if not w.startswith(head[:5])
                    and w[:6] not in said]:
                years = re.findall(r"\b(20\d\d)\b", padded)
                return NyckeltalView(topic=row["slug"], year=int(years[0]) if years else None)
    return None


# an outcome against its budget, in the past: "hur mycket högre blev …", "kostade … mer än"
_AGAINST_WORDS = frozenset({"hogre", "lagre", "mer", "mindre", "dyrare", "billigare", "avvikelse",
                            "avvikelsen", "overskred", "budgeterat"})
_PAST_WORDS = frozenset({"blev", "kostade", "var", "gick", "hade", "overskred"})


def _several_named(padded: str, snap: Snapshot) -> Command | None:
    """"totalt för Nerikes brandkår och SUF", "hur mycket får brandkåren och lönenämnden
    tillsammans?": two or more figures of one group (a topic of its own) named each by its own
    words, with "och", "samt" or a comma between: those figures, their sum first."""
    if not re.search(r" (?:och|samt|plus|and) |,", padded):
        return None
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    # a group's figure by any of its aliases here, one word too ("SUF", "brandkåren"): two of
    # one group named together is no other thing's name
    aliases = [(" ".join(re.findall(r"[\w:-]+", fold(a))), row["slug"], False)
               for row in snap.nyckeltal if row["grp"] for a in row["aliases"]]
    forms = sorted({*_nyckeltal_forms(snap), *aliases}, key=lambda x: (-len(x[0]), x))
    for phrase, slug, _strict in forms:
        m = re.search(f" {re.escape(phrase)} ", padded) or _definite(phrase).search(padded)
        if m is None or any(a < m.end() and m.start() < b for a, b in spans):
            continue  # a longer form already took these words
        spans.append((m.start() + 1, m.end() - 1))
        if slug not in found:
            found.append(slug)
    if len(found) < 2:
        return None
    groups = {row["grp"] for row in snap.nyckeltal if row["slug"] in found}
    topic = next((t for t, g in _GROUP_OF_TOPIC.items() if groups == {g}), None)
    if topic is None or topic not in TOPICS:
        return None
    return NyckeltalView(topic=topic, only=tuple(found))


def _surveyed_named(padded: str, snap: Snapshot, query: Callable[[], Query]) -> Command | None:
    """"vad tycker företagarna om dialogen?": the companies' opinion of a thing a survey
    figure rates, by a one-word alias too short to be taken alone ("dialog"); only the one
    figure, and nothing else named."""
    q = query()
    if not asks_opinion(q) or not any(w.startswith("foretag") for w in q.words):
        return None
    found = {row["slug"] for row in snap.nyckeltal if row["grp"] for a in row["aliases"]
             if " " not in fold(a) and _definite(fold(a)).search(padded)}
    if len(found) != 1:
        return None
    rest = [w for w in distinctive(q) if not w.startswith("foretag")
            and not any(stem(fold(a)).startswith(w[:5]) or w.startswith(stem(fold(a)))
                        for row in snap.nyckeltal if row["slug"] in found for a in row["aliases"])]
    return None if rest else NyckeltalView(topic=found.pop())


_UPPDRAG_KEY = lazy(r"\b\d+[.,]\d+\b")


def _initiativ_named(text: str, snap: Snapshot) -> Command | None:
    """An initiative of the documents' text the message names by one of its words
    ("organisationsutredningen"); not when it names an uppdrag by its key."""
    if not snap.initiativ or _UPPDRAG_KEY.search(text):
        return None
    padded = " " + " ".join(re.findall(r"[\w:-]+", fold(text))) + " "
    for row in snap.initiativ:
        forms = [fold(a) for a in row["aliases"]] + [fold(row["name"])]
        if any(f" {f} " in padded for f in forms):
            named = {stem(w) for f in forms for w in f.split()}
            rest = [w for w in distinctive(analyse(text, snap)) if not any(
                n.startswith(w) or w.startswith(n) for n in named)]
            return InitiativView(slug=row["slug"], about=" ".join(rest) or None)
    return None


_SENTENCE_END = lazy(r"(?<=[.!?])\s+")


def _about(row: Row, about: str | None) -> list[str]:
    """The sentences of an initiative's text that have a word of ``about`` (a word of the
    text beginning as it does): "Efter dialog med de fackliga organisationerna …" of "fack"."""
    if not about:
        return []
    wanted = [w for w in about.split() if len(w) >= 4]
    out = []
    items = [i["title"][:1].upper() + i["title"][1:] + "." for i in row["items"]]
    for part in (row["description"], *items, row["progress"], row["uppfoljning"]):
        for sentence in _SENTENCE_END.compiled.split(part or ""):
            said = re.findall(r"\w+", fold(sentence))
            if any(t.startswith(w) for w in wanted for t in said) and sentence not in out:
                out.append(sentence.strip())
    return out[:2]


def _income_of_line(q: Query, snap: Snapshot) -> Command | None:
    """"hur mycket högre intäkter fick arbetsmarknadsåtgärder än budgeterat 2024?": a line's
    intäkter, which the report's verksamhetsanalys splits from its costs (the line's card
    shows the net only), when the year asked is the analysis's or none is."""
    if not any(w.startswith("intakt") for w in q.words) or \
            any(w.startswith("kostnad") for w in q.words):
        return None  # both: _SPLIT's; neither: not the income
    if not q.phrase(*THAN_PLANNED) and not set(q.words) & {"hogre", "lagre", "higher", "lower"}:
        return None  # "intäkter arbetsmarknadsåtgärder 2024": the line's card (its net)
    code = _verksamhet_named(q, snap)
    if code is None or (hit := next(iter(snap.index.search(q.core, kinds={"verksamhet"}, limit=1)),
                                    None)) is not None and weak(hit, q, snap.index) is not None:
        return None
    row = next((r for r in snap.nyckeltal if r["slug"] == f"verksamhetsanalys-2024-{code}"), None)
    if row is None:
        return None
    years = {int(y) for y in re.findall(r"\b(20\d\d)\b", q.text)}
    if not years <= {v["year"] for v in row["values"]}:
        return None  # "intäkter gymnasieskola 2026": the year's budget
    return NyckeltalView(topic=f"verksamhetsanalys:{code}")


def _verksamhet_named(q: Query, snap: Snapshot) -> str | None:
    """The verksamhet a message names, by its code or its name."""
    codes = [w for w in q.words if w.isdigit() and w in snap.verksamheter]
    if codes:
        return codes[0]
    hits = snap.index.search(q.core, kinds={"verksamhet"}, limit=1) if q.core else []
    return hits[0].entry.key if hits else None


# --- answers -----------------------------------------------------------------------------


def _defining_first(passages: list[Passage], word: str) -> list[Passage]:
    """The passages whose sentence defines the word ("Tillit handlar om …", "Samskapande är
    …") first, each shown from that sentence; the others after, as they were."""
    from dataclasses import replace

    from bot.search.passages import shorten
    from bot.search.stemming import stem

    says = re.compile(rf"(?:^|(?<=[.!?:]\s)|(?<=\n)){re.escape(word)}\w*\s+(?:är|handlar\s+om|"
                      r"beskriver|betyder|innebär|står\s+för|sätter)\b", re.IGNORECASE)
    defining, others = [], []
    for p in passages:
        m = says.search(p.full)
        if m is None:
            others.append(p)
            continue
        text = shorten(p.full[m.start():], [stem(fold(word))])
        defining.append(replace(p, text=("… " if m.start() else "") + text))
    return defining + others


@register(TextSearch, title="Sök i dokumenten",
          help="De bästa styckena ur planen, verksamhetsberättelsen, målstrukturen och "
               "Handslaget om det du frågar, med var de står.",
          examples=("vad säger planen om skolskjutsar?", "var står det om personalkaffe?",
                    "sök efter krigsorganisation"))
def answer_text_search(cmd: TextSearch, ctx: Context) -> Result:
    from bot.search.passages import find

    words = re.findall(r"\w+", cmd.text)
    passages = find(ctx.store, cmd.text, prefer=cmd.prefer, limit=6 if len(words) == 1 else 2)
    passages = [p for p in passages if p.matched]
    if len(words) == 1:
        passages = _defining_first(passages, words[0])[:2]
    spelled = spelled_out(words[0], passages) if len(words) == 1 and len(words[0]) >= 2 \
        and words[0].isupper() else None  # "vad betyder AME?"
    return TextSearchResult(query=cmd.text, passages=passages, expansion=spelled,
                            has_text=bool(passages) or sql.has_text(ctx.store),
                            notes=[] if passages else analysis_notes(ctx.snap, words))


def analysis_notes(snap: Snapshot, words: list[str], limit: int = 3) -> list[tuple[str, str]]:
    """The analysis notes of the budget's lines and the projects that hold every one of the
    words, each beginning a word of the note ("MSB" in "Bidrag från MSB ej utnyttjat"), with
    where they stand: (source, note)."""
    if not words or all(len(w) < 2 for w in words):
        return []
    found = [re.compile(rf"(?<!\w){re.escape(fold(w))}", re.IGNORECASE) for w in words]
    notes: dict[str, str] = {}  # note -> source (a project's note is its table row's too)

    def holds(note: str | None) -> bool:
        if not note:
            return False
        folded = fold(note)  # once per note, not once per asked word
        return all(f.search(folded) for f in found)

    for b in snap.budget:
        if holds(b["analysis"]):
            line = f"{b['code']} {b['name']}" if b["code"] else b["name"]
            table = b["table_title"].removesuffix(", tkr")
            notes.setdefault(b["analysis"], f"{b['doc_title']} · {table} · {line}")
    for p in snap.projects:
        if holds(p["analysis"]):
            notes.setdefault(p["analysis"], f"Investeringsprojekt {p['year']} · {p['name']}")
    return [(source, note) for note, source in notes.items()][:limit]


def fallback(ctx: Context, text: str, suggestions: list[str] | None = None,
             typed: str | None = None) -> TextSearchResult | None:
    """An answer from the text for a question nothing else fits: only when one passage
    holds every content word of it (a passage that shares a word is no answer). ``typed``
    is the question as written, where an acronym ("KÖS") shows as one."""
    from bot.domain.text import asks_when
    from bot.search.passages import asks_count, find, has_figure, near, span
    from bot.search.stemming import query_stems

    stems = query_stems(text)
    acronyms = [w for w in re.findall(r"\w+", typed or text)
                if len(w) >= 3 and w.isupper() and w.lower() in stems]  # "KÖS"
    acronym = bool(acronyms)
    if not stems or (all(len(s) < 4 for s in stems) and not acronym) or \
            all(s.isdigit() for s in stems):  # "och 2027?": a year alone is no subject to look for
        return None
    # the typed question's year ("2024" of "vad hände inom hållbarhet 2024?") picks among
    # more passages than are shown
    pool = 6 if typed and re.search(r"\b20\d\d\b", typed) else 2
    # a figure asked ("hur många seniorer var med?"): each passage cut where it shows one
    count = asks_count(typed or text)
    when = asks_when(typed or text)
    # "… enligt Handslaget", "… enligt målstrukturen": the document named is where to look
    # first, not a word to find (its name is in passages about something else)
    doc, rest = _named_document(text)
    passages = [p for p in find(ctx.store, rest, limit=6, pool=40, prefer=doc, split=False, count=count,
                                when=when)
                if p.coverage == 1.0 and p.kind == doc] if doc is not None and query_stems(rest) else []
    if count and not any(has_figure(p.full, list(p.matched)) for p in passages):
        passages = []  # a figure asked, none there: the question's own words find it
    passages = passages or [p for p in find(ctx.store, text, limit=pool, split=False, count=count,
                                            when=when) if p.coverage == 1.0]
    renamed = bool(typed) and bool(set(re.findall(r"\w+", fold(typed or ""))) & _RENAMED)
    if typed and renamed and len(query_stems(typed)) >= 2:
        # "när bytte nämndmål namn till uppdragsplan?": the renaming words are the question,
        # not words a passage must hold; the names are ("heter denna nivå ”Nämndmål”")
        asked = " ".join(w for w in re.findall(r"\w+", typed)
                         if fold(w) not in _BEFORE | _RENAMED)
        whole = [p for p in find(ctx.store, asked, limit=pool, split=False, count=count, when=when)
                 if p.coverage == 1.0] if query_stems(asked) else []
        passages = whole or passages
    elif typed and fold(text.strip(" ?!.")) in _NAMED and len(query_stems(typed)) >= 2:
        # "vad hette uppdragsplanen förut?" (its subject "hette" alone, the plan's word taken as
        # the kind asked): a passage holding every other word typed is the answer, before those
        # holding the name alone ("namnrättigheter för arenan")
        asked = " ".join(w for w in re.findall(r"\w+", typed) if fold(w) not in _BEFORE)
        whole = [p for p in find(ctx.store, asked, limit=pool, split=False, count=count, when=when)
                 if p.coverage == 1.0]
        passages = whole or passages
    if typed and typed != text and set(re.findall(r"\b20\d\d\b", typed)) - set(stems):
        # and those the typed question's year finds, holding all the words
        shown = {(p.document, p.parent, p.heading) for p in passages}
        passages += [p for p in find(ctx.store, typed, limit=pool, split=False)
                     if set(stems) <= set(p.matched) and (p.document, p.parent, p.heading) not in shown]
    if not passages and any(len(s) >= 10 for s in stems):
        # "statligt bredbandsstöd 2024": a compound the text writes as two words, looked for
        # with the question's year where it gave one
        for asked in dict.fromkeys([text + "".join(f" {y}" for y in re.findall(
                r"\b20\d\d\b", typed or "") if y not in text), text]):
            passages = [p for p in find(ctx.store, asked, min_first=8) if p.coverage == 1.0]
            if passages:
                break
    if not passages and len(stems) >= 2:
        # where a thing is done, said in a word the text holds as written but not beside the
        # others, looked for as the other words of its group (bot/domain/synonyms.py):
        # "minska energiförbrukningen i fastigheterna" is the text's "Reinvesteringsåtgärder i
        # byggnader för att minska energiförbrukning" (not the subject itself: "befolkning i
        # Örebro" is no "invånare" of Region Örebro)
        from bot.domain import synonyms

        typed_words = [fold(w) for w in re.findall(r"\w+", typed or text)]
        # the word after "i", "på", "inom" (with "våra", "kommunens" … between: "i våra
        # fastigheter")
        placed = {w for i, w in enumerate(typed_words)
                  if {"i", "pa", "inom"} & set(typed_words[max(0, i - 2):i])}
        for w in re.findall(r"\w+", text):
            if fold(w) not in placed:
                continue
            for other in synonyms.others(w):
                alt = re.sub(rf"\b{re.escape(w)}\b", other, text)
                passages = [p for p in find(ctx.store, alt, limit=pool, split=False, count=count,
                                            when=when) if p.coverage == 1.0]
                if passages:
                    break
            if passages:
                break
    if not passages and len(stems) >= 4:
        # "hur påverkade it-attacken i Kumla lönerna?" ("löneutbetalning"): one word of four or
        # more held as the first part of a compound of the passage, every other word as asked
        # (not fewer: "nya simhallen" is no "idrottshall", "barn" no "barnfamiljer")
        passages = [p for p in find(ctx.store, text, limit=6, split=False, count=count, when=when)
                    if _held_as_parts(p, stems)][:pool]
    numbers = [n for n in re.findall(r"(?<![\d.,])\d+(?![\d.,]\d)", typed or text)
               if not 1900 <= int(n) <= 2100]
    if numbers:
        # "hur många invånare är över 65?": a passage without the question's number is about
        # something else ("Kommunens nya invånare …"), not the part asked
        passages = [p for p in passages
                    if all(re.search(rf"(?<![\d.,]){n}(?![\d.,]?\d)", p.full) for n in numbers)]
    # the words together, not scattered over a long passage ("när byggs nya skolan?"); one
    # that says them far closer first ("Ny kommundirektör tillträdde …" before "… HR-chef var
    # tillförordnad kommundirektör … ny HR-chef tillträdde")
    passages = [p for p in passages if near(p.full, list(p.matched))]
    if len(passages) >= 2 and 0 < 3 * span(passages[1].full, list(passages[1].matched)) <= \
            span(passages[0].full, list(passages[0].matched)):
        passages[0], passages[1] = passages[1], passages[0]
    if not passages:
        return None
    if typed:
        # the question's own words that its subject left out ("hur många svar kom in på
        # samrådet?": "svar") tell the passages apart, and are what the shown part is cut
        # around
        from dataclasses import replace

        from bot.domain.text import asks_when
        from bot.search.passages import asks_count, shorten
        from bot.search.stemming import index_text

        extra = [s for s in query_stems(typed) if s not in stems]

        def held(t: str) -> int:
            return len(set(extra) & set(index_text(t).split()))

        passages.sort(key=lambda p: -held(p.full))
        passages = [replace(p, text=shorten(p.full, extra + stems, count=asks_count(typed),
                                                  when=asks_when(typed)))
                    if held(p.full) > held(p.text) else p for p in passages[:2]]
    spelled = next((x for a in acronyms if (x := spelled_out(a, passages))), None)
    return TextSearchResult(query=text, passages=passages, fallback=True,
                            suggestions=list(suggestions or []), expansion=spelled)


# a name asked ("hette", "kallades") and the time before ("förut", "tidigare", "innan")
_NAMED = frozenset({"hette", "heter", "kallades", "kallas", "kallade"})
_BEFORE = frozenset({"forut", "tidigare", "innan", "forr", "forst", "fore"})
# a renaming asked ("bytte namn", "döptes om", "namnbytet"): what something was called
_RENAMED = frozenset({"bytte", "byter", "byta", "bytt", "bytts", "namn", "namnet", "namnbyte",
                      "namnbytet", "dopte", "doptes", "dopts", "dopt", "omdopt", "omdoptes",
                      "rename", "renamed"})


def _held_as_parts(p: Passage, stems: list[str]) -> bool:
    """Every stem but one held by the passage as asked, and that one as the first part of one
    of its words ("lön" of "löneutbetalning")."""
    from bot.search.stemming import index_text

    missing = [s for s in stems if s not in p.matched]
    if len(missing) != 1 or len(missing[0]) < 3:
        return False
    asked = missing[0]
    words = set(index_text(p.full).split())
    return any(w.startswith(asked) and len(w) >= len(asked) + 3 for w in words)


def spelled_out(acronym: str, passages: list[Passage]) -> tuple[str, str, str] | None:
    """What the documents spell an acronym out as: the words before "(AME)" that begin with
    its first letter ("arbetsmarknadsenheten (AME)"), with the passage's source."""
    pattern = re.compile(r"((?:[^\W\d_][\w-]*\s+){0,4}?[^\W\d_][\w-]*)\s*\(\s*"
                         + re.escape(acronym) + r"\s*\)")
    for p in passages:
        for m in pattern.finditer(p.full):
            words = m.group(1).split()
            for k in range(1, len(words) + 1):  # the shortest that begins right
                cand = words[-k:]
                if fold(cand[0])[:1] == fold(acronym)[:1] and len(" ".join(cand)) > len(acronym):
                    return acronym, " ".join(cand), p.source
    return None


def _named_document(text: str) -> tuple[str | None, str]:
    """The document kind a question names ("Handslaget", "årsredovisningen") and the
    question without that word."""
    kept, doc = [], None
    for w in re.findall(r"[\w:-]+", text):
        kind = _DOC_WORDS.get(fold(w).rstrip("s")) or _DOC_WORDS.get(fold(w))
        if kind is not None and doc is None:
            doc = kind
            continue
        kept.append(w)
    return doc, " ".join(kept)


@register(Definition, title="Vad betyder ett begrepp",
          help="Målstrukturens definitioner (indikator, uppdrag, målområde, målprecisering …) "
               "och vad färgerna betyder.",
          examples=("vad är en indikator?", "vad betyder gul?", "vad är ett uppdrag?"))
def answer_definition(cmd: Definition, ctx: Context) -> Result:
    out, rule = _definition_passages(cmd.term, ctx)
    if cmd.also is not None:
        more, _rule = _definition_passages(cmd.also, ctx)
        return DefinitionResult(term=cmd.term, also=cmd.also,
                                passages=out[:1] + [p for p in more if p not in out][:1])
    return DefinitionResult(term=cmd.term, passages=out[:2], rule=rule)


def _definition_passages(term: str, ctx: Context) -> tuple[list[Passage], str | None]:
    from bot.search.passages import Passage

    out: list[Passage] = []
    rule = None
    for heading, starts in DEFINITIONS.get(term, ()):
        if heading == "#":
            rule = _colour_rule(starts)
            continue
        for sec in sql.with_heading(ctx.store, heading):
            shown = {p.text for p in out}  # a section's first passage may be the one found
            text = next((p for p in sec["passages"] if p not in shown and (
                fold(p).startswith(fold(starts))
                or (starts.startswith("Trend") and fold(starts) in fold(p)))), None)
            if text is not None:
                out.append(Passage(document=sec["doc_title"], heading=heading,
                                   parent=sec["parent"], text=text, full=text, rank=0.0,
                                   matched=(), wanted=(), kind=sec["doc_kind"],
                                   page=sec["page"]))
                break
    return out, rule


def _colour_rule(which: str) -> str:
    lines = COLOUR_RULE.splitlines()
    if which in ("färg", "Bevaka"):
        return "\n".join(lines[1:]) if which == "färg" else next(
            ln.strip("- ").strip() for ln in lines if ln.strip().startswith("- Bevaka"))
    words = {"grön": "grön", "gul": "gul", "röd": "röd"}
    w = words[which]
    picked = [ln.strip() for ln in lines if f"= {w}" in ln or f" {w}," in ln]
    head = {"grön": "Grön: indikatorn når målet.", "gul": "Gul: indikatorn når målet delvis.",
            "röd": "Röd: indikatorn når inte målet."}[which]
    return head + " " + " ".join(picked)


@register(InitiativView, title="Initiativ i dokumentens text",
          help="Det dokumenten beskriver i löptexten utan att göra det till ett numrerat uppdrag: "
               "organisationsutredningen och dess fyra uppdrag, vad som gjorts och hur det följs upp.",
          examples=("vad ska organisationsutredningen göra?", "uppdragen i organisationsutredningen"),
          needs=("initiativ", "initiativ"))
def answer_initiativ(cmd: InitiativView, ctx: Context) -> Result:
    from bot.search.passages import Passage

    row = next((r for r in ctx.snap.initiativ if r["slug"] == cmd.slug), None)
    if row is None:
        raise UserError("Det finns inte i planen.")
    source = Passage(document=row["doc_title"], heading=row["section"] or row["name"],
                     parent=row["parent"], text="", full="", rank=0.0, matched=(), wanted=(),
                     page=row["page"]).source
    items = [i["title"][:1].upper() + i["title"][1:] +
             (f": {i['description']}" if i.get("description") else "") for i in row["items"]]
    related = [(k, ctx.snap.uppdrag_by_key[k]["title"]) for k in row["related"]
               if k in ctx.snap.uppdrag_by_key]
    return InitiativResult(
        lead=_about(row, cmd.about),
        name=row["name"], source=source, description=row["description"], items=items,
        items_name=row["items_name"],
        numbered=all(i.get("number") is not None for i in row["items"]) and bool(items),
        items_note=row["items_note"], progress=row["progress"], uppfoljning=row["uppfoljning"],
        owner=row["owner"], tidplan=row["tidplan"], related=related,
        related_derived=bool(row["related_derived"]))


def _changed_heading(title: str, figs: list[dict[str, Any]], years: tuple[int, ...]
                     ) -> str | None:
    """"Budgetram 2024 → 2026: 126 342 tkr → 117 804 tkr, förändring −8 538 tkr": a figure
    held once a year (each year's in its own row, as the budget frames are), between the
    years asked (the first and last it holds when none are)."""
    by_year: dict[int, tuple[float, str]] = {}
    for f in figs:
        for v in f["values"]:
            if v.get("year") is not None and v.get("value") is not None:
                by_year.setdefault(int(v["year"]), (float(v["value"]), v.get("unit") or f["unit"]))
    held = sorted(y for y in by_year if not years or y in years)
    if len(held) < 2:
        return None
    (a, unit), (b, _) = by_year[held[0]], by_year[held[-1]]
    return (f"{title.split(':')[0]} {held[0]} → {held[-1]}: {fmt.with_unit(a, unit)} → "
            f"{fmt.with_unit(b, unit)}, förändring {fmt.change(b - a, unit)}")


def _row_analysis(figs: list[dict[str, Any]], snap: Snapshot) -> list[dict[str, Any]]:
    """Figures named after a row of the same document's budget ("Ombudgetering:
    Evenemangstavlor" of the project Evenemangstavlor) and without a text of their own: that
    row's analysis as their text (why the money is asked for again: "Försenad projektstart")."""
    out = []
    for f in figs:
        tail = fold(f["name"].split(":", 1)[1]).strip() if ":" in f["name"] else ""
        row = next((b for b in snap.budget if tail and b.get("analysis") and
                    b["doc_title"] == f.get("doc_title") and fold(b["name"]).strip() == tail),
                   None) if not f.get("text") else None
        out.append({**f, "text": row["analysis"]} if row is not None else f)
    return out


@register(NyckeltalView, title="Siffror i dokumentens text",
          help="Finansiella mål, effektiviseringskrav, budgetramar, kostnader för samverkan, "
               "ombudgetering, intäkter och kostnader per verksamhet och enkätresultat.",
          examples=("effektiviseringskrav", "resultatmålet", "vad kostar samverkan?",
                    "ombudgetering"))
def answer_nyckeltal(cmd: NyckeltalView, ctx: Context) -> Result:
    rows = sql.nyckeltal(ctx.store)
    if cmd.topic.startswith("verksamhetsanalys:"):
        code = cmd.topic.split(":", 1)[1]
        figs = [r for r in rows if r["slug"] == f"verksamhetsanalys-2024-{code}"]
        heading = f"Intäkter och kostnader {figs[0]['name'].split(':')[0]}" if figs else \
            "Intäkter och kostnader per verksamhet"
        note = None if figs else (f"Verksamhetsberättelsens verksamhetsanalys delar inte upp "
                                  f"verksamhet {code} i intäkter och kostnader.")
        return NyckeltalResult(heading=heading, figures=_row_analysis(figs, ctx.snap), note=note)
    if cmd.topic not in TOPICS:  # one figure by its id
        figs = [r for r in rows if r["slug"] == cmd.topic]
        return NyckeltalResult(heading=figs[0]["name"] if figs else cmd.topic, figures=_row_analysis(figs, ctx.snap),
                               note=None if figs else "Jag hittar ingen sådan siffra i dokumenten.")
    title = TOPICS[cmd.topic][0]
    group = _GROUP_OF_TOPIC.get(cmd.topic)
    if group is not None:
        figs = [r for r in rows if r["grp"] == group and (not cmd.only or r["slug"] in cmd.only)]
    else:
        figs = [r for r in rows if r["slug"] == cmd.topic or cmd.topic in
                [fold(a) for a in r["aliases"]] or fold(r["name"]) == fold(title)]
    if cmd.year is not None:
        dated = [r for r in figs if any(v.get("year") == cmd.year for v in r["values"])]
        if cmd.topic == "budgetram" and figs and not dated:
            # "ramen 2025": not another year's ram as if it were that year's (a krav or an
            # ombudgetering of one year speaks of the next: not said of them)
            title = f"{title}: ingen siffra för {cmd.year} i dokumenten; de som finns"
        figs = dated or figs
    if cmd.rise and len(figs) > 1:
        figs, largest = _risen(figs)
        if largest:
            title = f"{title}, störst ökning: {largest}"
    elif cmd.rank is not None and len(figs) > 1:
        figs, first = _ranked_figs(figs, low=cmd.rank == "lägst", year=cmd.year)
        if first:
            word = "betyg" if figs[0]["unit"] == "betyg" else "värde"
            title = f"{title}, {'högst' if cmd.rank == 'högst' else 'lägst'} {word}: {first}"
    if cmd.change is not None:
        title = _changed_heading(title, figs, cmd.change) or title
    total = None
    if group in ("Samverkan",) and figs:
        total = sum(v["value"] for r in figs for v in r["values"])
        # "vad blir summan för samverkansnämnderna?": the sum first, its parts after
        title = f"{title}, sammanlagt {fmt.with_unit(total, figs[0]['unit'])}"
    # the document's own sum ("Ombudgetering: Summa") is the answer to "hur mycket totalt":
    # it is in the heading, before its parts
    sums = [r for r in figs if fold(r["name"].rsplit(":", 1)[-1]).strip() in ("summa", "totalt")
            and len(r["values"]) == 1]
    if sums and len(figs) > 1:
        v = sums[0]["values"][0]
        title = f"{title}: {fmt.with_unit(v['value'], v.get('unit') or sums[0]['unit'])}" + (
            f" ({v['year']})" if v.get("year") else "")
    return NyckeltalResult(heading=title, figures=_row_analysis(figs, ctx.snap), total=total,
                           note=None if figs else f"Jag hittar ingen siffra om {title.lower()} "
                                                  "i dokumenten.")
