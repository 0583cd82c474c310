"""Follow-ups: a message that names only what changes is read against the subject of the
conversation's last answer ("budget färdtjänst 2026" … "och 2027?").

The subject is the last answered command (kept by the core, store/conversations.py). A
follow-up is a short message that gives no entity of its own, only a new year, a new
measure (budget, avvikelse, plan), or asks who, when, why or how much; or one that begins
"och …" and names a new entity of the same kind. It is merged into the subject, and the
answer says what it understood ("Färdtjänst, budget 2027").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, Literal

from bot.core.commands import Command
from bot.core.matching import content_words
from bot.core.parse import (
    BEST,
    LARGEST,
    SMALLEST,
    THAN_LAST_YEAR,
    TREND,
    WORST,
    Focus,
    Query,
    analyse,
    card_part,
    colour,
    period,
    rank_place,
    uppdrag_key,
    year,
)
from bot.core.snapshot import Snapshot
from bot.core.trust import (
    ACTIVITY_WORDS,
    COST_WORDS,
    MEET_VERBS,
    PROJECT_FIGURES,
    SPENT_WORDS,
    asks_cost,
    asks_insatser,
    asks_opinion,
    counts_people,
    distinctive,
    hypothetical,
    sized_group,
    unnamed_project,
    wider_area,
)
from bot.core.typed import encode
from bot.domain import fmt
from bot.domain.plan import MONTHS
from bot.domain.text import fold, stem
from handlers.aktiviteter import AktivitetCard, AktivitetList
from handlers.arshjul import ArshjulResult, ArshjulView
from handlers.budget import (
    TOTAL_WORDS,
    BudgetOverview,
    BudgetRad,
    BudgetVerksamhet,
    Investering,
    InvesteringGrupp,
    asked_one,
    budgeted_years,
    outcome_years,
    project_asks,
    row_name,
    timing,
)
from handlers.help import Unknown
from handlers.indikator import IndikatorCard, IndikatorList
from handlers.jamforelse import BudgetCompare, IndikatorCompare, development
from handlers.kolada import KoladaRank
from handlers.malomrade import MalomradeList, MalomradeView
from handlers.maluppfyllelse import MaluppfyllelseView
from handlers.questions import (
    ARSHJUL_PHRASES,
    DONE,
    asks_better,
    asks_done,
    asks_late,
    asks_on_time,
    asks_why,
    event_word,
    held_asked,
    line_part,
    per_owner,
    went_over,
    whole_row,
)
from handlers.texts import Definition, NyckeltalView, TextSearch, TextSearchResult
from handlers.uppdrag import UppdragCard, UppdragList, UppdragManader, period_words

# the commands whose answer is a subject a follow-up can refer to
SUBJECTS = (UppdragCard, IndikatorCard, BudgetVerksamhet, BudgetOverview, Investering,
            InvesteringGrupp, BudgetRad, IndikatorList,
            MaluppfyllelseView, MalomradeView, UppdragList, TextSearch, NyckeltalView,
            BudgetCompare, KoladaRank, IndikatorCompare, AktivitetCard, UppdragManader,
            MalomradeList, Definition)

MAX_WORDS = 9  # a follow-up is short; a longer message is a question of its own
# an acknowledgment before a follow-up: "ok, och varför?", "tack! och 2027?", "aha vem då?"
_ACKNOWLEDGED = re.compile(r"^\s*(?:ok(?:ej|ey|a)?|aha|jaha|ah|mm+|tack|toppen|super|bra|"
                           r"perfekt|fint|thanks|great|nice)\b[\s,.!:;-]*", re.IGNORECASE)
# a correction of the last question: "nej jag menade 2025", "sorry, menar gymnasiet": the rest
# is a follow-up that changes what it names ("och 2025?")
_CORRECTED = re.compile(r"^\s*(?:(?:nej|nä+|nae|nope|no|sorry|oj|oops|förlåt|forlat|fel)\b"
                        r"[\s,.!:;-]*(?:jag\s+|ja\s+|i\s+)?|(?:jag|ja|i)\s+)"
                        r"(?:menade|menar|mente|meant|mean)(?:\s+ju)?\b[\s,.!:;-]*"
                        r"|^\s*(?:nej|nä+|nope|no)\b[\s,.!:;-]+(?=\S)", re.IGNORECASE)
_OPENERS = ("och", "o", "an", "men", "samt", "plus", "sa", "da", "samma", "hur", "vem", "vilka",
            "nar", "varfor", "vad", "what", "and", "who", "when", "why")
# the first words of a follow-up that names a new entity for the same question ("och simhallen?")
_NEW_ENTITY = frozenset({"och", "and", "samt", "plus", "an", "men", "samma"})
# a question's word and its verb before what it asks of: "vem leder " of "vem leder
# näringslivsrådet", "hur gick " of "hur gick mötet"
_ASKED_VERB = re.compile(r"^(?:vem|vad|hur|när|nar|vilka|vilken|vilket)\s+\w+\s+(?=\w)",
                         re.IGNORECASE)
_THERE = frozenset({"dar", "darunder", "darinom", "dari", "inom", "dit", "dithor", "darav"})  # "vilka uppdrag finns där?"
_PRONOUNS = ("det", "den", "dem", "dom", "detta", "denna", "dess", "deras", "han", "hon", "hen",
             "it", "they", "them")  # English mixed in: "is it late?"
# a plural referred to: "vem ansvarar för dem?" (the card's others too)
_PLURAL = frozenset({"dem", "dom", "de", "deras", "dessa", "them", "they", "alla", "samtliga"})
_THERE_BODY = frozenset({"dar", "dit", "darifran", "there"})  # a place or body referred to
# a person referred to: "vad mer är hen ansvarig för?" after an uppdrag's ansvariga
_PERSON = frozenset({"hen", "han", "hon", "henne", "honom", "hans", "hennes", "hens"})
_WHO = ("vem", "vilka", "vilken", "who", "ansvarig", "ansvarar", "ager", "agare", "kontakta",
        "kontaktperson")
_WHO_STRICT = ("vem", "who", "ansvarig", "ansvarar", "ager", "agare", "agde", "kontakta",
               "kontaktperson")  # not "vilka"
_WHEN = ("nar", "when", "deadline", "datum", "redovisas", "klart", "klar", "tidplan",
         # the uppdrag's checkpoints: "när är nästa avstämning?"
         "avstamning", "avstamningen", "avstamningar", "redovisning", "redovisningen",
         "aterrapportering", "aterrapporteringen", "rapportering", "rapporteringen")
_WHY = ("varfor", "why", "orsak", "orsaken", "anledning", "anledningen", "forklaring",
        "berodde", "beror", "orsakade", "orsakades",
        # the compounds of the same: "vad var huvudorsaken?", "vilka var orsakerna?"
        "huvudorsak", "huvudorsaken", "huvudanledning", "huvudanledningen", "orsaker",
        "orsakerna", "anledningar", "anledningarna")
# what went wrong, asked of the subject: "vad blev det för fel där?", "vad gick fel?", "vad
# var problemet?": its reason (a deviation's analysis)
_WENT_WRONG = ("gick fel", "blev fel", "for fel", "vad hande", "vad var problemet",
               "vilka problem", "vad strulade", "what went wrong")
_WRONG_WORDS = ("fel", "problem", "problemet", "problemen", "hande", "strulade", "strul", "wrong")
_TREND = (*TREND, "okat", "minskat")
# words that say how or how much of the subject, not what: "varför blev det dyrare?"
_HOW = ("dyrare", "billigare", "dyrt", "billigt", "storre", "mindre", "hogre", "lagre", "battre", "samre", "stort",
        "total", "totalen", "totala", "summan",
        "litet", "mycket", "mkt", "manga", "kostar", "kostade", "ligger", "gar", "blev",
        # how far from the goal, and what share: "hur långt är det kvar till målet?", "hur
        # stor andel av budgeten är det?"
        "langt", "nara", "kvar", "ifran", "andel", "andelen", "procent",
        "landade", "landar", "hamnade", "slutade",
        "okade", "minskade", "hojdes", "sanktes", "steg", "sjonk", "forandrades", "vaxte",
        "kostnad", "kostnaden", "kostnader", "kostnaderna", "mot",
        # that it came to nothing: "varför blev det inget?", "varför startades det inte?"
        "inget", "ingenting", "noll", "gjordes", "gjort", "startade", "startades", "startat",
        "genomfordes", "genomfort", "anvandes", "anvant", "utnyttjades", "dyrt", "dyr",
        # whether its money was spent: "använde vi pengarna 2024?"
        "anvande", "anvander", "utnyttjade", "pengarna", "pengar", "slut",
        "billigt", "sent", "tid", "tiden", "klart", "klar",
        # which of a list did worst: "vilket var värst?" (ranked, _RANKED)
        "varst", "varsta", "samst", "samsta", "worst", "nast")  # "och den näst största?"
# what was spent, of a closed year: "how much did we spend 2024?", "vad lade vi 2024?"
_SPENT = SPENT_WORDS | {"lagt", "anvande", "gick", "gjorde"}
# the outcome asked in a follow-up: "och bokslutet 2024?"
_OUTCOME = frozenset({"bokslut", "bokslutet", "utfall", "utfallet", "outcome"})
# the cost of the subject asked ("och kostnaden?"): an uppdrag or an indicator has none
# (the plural too: "och kostnaderna?" of a subject, where "sfi kostnader" names a line's costs)
_COST = COST_WORDS | {"kostnader", "kostnaderna", "pengar", "pengarna"}  # ("hur mycket pengar finns?")
_COST_STEMS = frozenset(stem(w) for w in _COST)
_ASK_STEMS = frozenset(stem(w) for w in (*_WHO, *_WHEN, *_WHY, *_TREND, *_HOW, *_WRONG_WORDS,
                                         "ager", "agde",
                                         "sags",  # "vad sägs om 2029?": how about it
                                         "agt", "ags",
                                         # "vem bär ansvaret?", "vem håller i det?"
                                         "bar", "haller", "ansvaret",
                                         # "hur stor del av budgeten är det?": its share
                                         "del", "delen"))
# the year after or before the subject's: "och året efter?"
# what a thing holds: "vad ingår?", "vad innehåller det?"
_HOLDS = ("ingar", "innehaller", "bestar av", "finns i", "inkluderas", "omfattar")
_HOLDS_STEMS = frozenset(stem(w) for w in ("ingar", "innehaller", "bestar", "inkluderas",
                                          "omfattar", "projekt", "projekten", "vilka"))
# the rows of the whole budget named: "och intäkterna?"
_WHOLE_ROW_STEMS = frozenset({"intakt", "kostnad", "nettokostnad", "ks", "kommunstyrelsen",
                              "hela", "totalt", "summa"})
# which year a thing is for: "vilket år ska det köpas?"
_WHICH_YEAR = ("vilket ar", "vilka ar", "vilket aret", "which year", "what year", "vilket budgetar")
_NEXT_YEAR = ("aret efter", "aret darpa", "aret darefter", "ett ar senare", "aret dar efter")
_YEAR_BEFORE = ("aret innan", "aret fore", "aret dessforinnan", "ett ar tidigare")
# what is new of the subject: "har det hänt något där?", "något nytt om det?"
_NEWS = ("hant", "hander", "nytt", "nyheter", "nyhet", "uppdaterats", "uppdaterat",
         "uppdatering", "uppdateringar", "framsteg", "progress", "news")
# the measurement before the latest: "och förra mätningen?", "o förra mätn?"
_PREVIOUS = ("forra matningen", "forra matn", "forra matning", "foregaende matning",
             "foregaende matningen", "matningen innan", "matningen fore", "forra vardet",
             "vardet innan", "forra siffran", "previous measurement", "last measurement")
# what the subject means, asked of it alone: "vad betyder det?", "vad innebär det?"
# how far the subject has come: "hur långt har de kommit?", "hur många procent är klart?"
_PROGRESS = ("hur langt", "hur manga procent", "procent klart", "hur mycket ar klart",
             "hur mycket klart", "hur mkt ar klart", "how far", "hur langt gangna", "hur langt gangen")
_PROGRESS_STEMS = frozenset(stem(w) for w in ("langt", "kommit", "kommer", "procent", "klart",
                                              "gatt", "gangen", "gangna", "far", "progress",
                                              "fardigt", "gjort"))
_MEANS = ("vad betyder", "vad innebar", "vad menas", "vad sager det", "what does that mean",
          "what does it mean", "vad betyder det", "betyder det", "dvs")
_MEANS_WORDS = frozenset({"vad", "betyder", "innebar", "menas", "med", "sager", "det", "den",
                          "detta", "de", "dom", "da", "sa", "alltsa", "egentligen", "what",
                          "does", "that", "mean", "it", "this", "och", "o", "men", "typ",
                          "for", "oss", "mig", "dvs", "us"})  # "vad betyder det för oss?"
# what is done about the subject: "vad gör vi åt det?" after an indicator, its uppdrag
_REMEDY = ("vad gor vi at", "vad gors at", "vad gor vi for att", "vad gor kommunen at",
           "vad gor ni at", "vad gor man at", "vilka atgarder", "what are we doing",
           "vad ska vi gora at", "vad ska vi gora", "hur jobbar vi med", "vad gors for att")
_SINCE = ("sen dess", "sedan dess", "sen da", "sedan da", "since then", "fran dess")
_TARGET = ("malet", "mal", "malvardet", "malvarde", "target", "malnivan")
# the subject's state asked alone: "status?", "läget?" after an uppdrag
_STATUS = ("status", "statusen", "laget", "lage", "progress")
_HOW_MUCH = ("hur mycket", "hur mkt", "vad kostar", "how much", "belopp", "summa")


# what an uppdrag's card shows, asked of the subject: "och aktiviteterna?", "hur följs det
# upp?", "har det uppdaterats?" ("är det försenat?" is its own yes or no, handlers/uppdrag)
_CARD_PARTS = frozenset({"aktiviteter", "aktiviteterna", "aktivitet", "aktiviteten", "foljs",
                         "folja", "uppfoljning", "uppfoljningen", "uppdaterats", "uppdaterat",
                         "uppdatering", "uppdateringar", "uppdateringen", "uppdateringarna",
                         "rapporterats", "rapporterat", "rapporterades",
                         "steg", "stegen",
                         # "vad ska göras?": its description; "kopplade indikatorer?": its links
                         "goras", "gora", "kopplade", "kopplad", "kopplat",
                         # "omfattningen då?", "och syftet?": its scope, its purpose
                         "omfattning", "omfattningen", "syfte", "syftet", "berors", "berorda",
                         # "vad ska levereras?": its description
                         "levereras", "leverera", "leverans", "leveransen"})
# belonging, of the subject's indicators: "vilka indikatorer hör till?", "… har den?"
_BELONGS = frozenset({"hor", "hora", "tillhor", "dit", "till", "har", "finns", "kopplas",
                      "foljs", "mats", "maler", "belongs"})
# what an indicator's card shows: "när mäts den nästa gång?", "vilken källa?"
_IND_PARTS = frozenset({"mats", "matas", "matning", "matningen", "matningar", "uppdateras",
                        "kalla", "kallan", "frekvens", "ofta",
                        # "var kommer siffran ifrån?": its source
                        "siffran", "siffrorna", "ifran", "varifran", "hamtas", "hamtad",
                        # "hur räknas den?": how it is computed, its source and unit
                        "raknas", "beraknas", "beraknad", "definieras", "calculated"})
_SOURCE = frozenset({"siffran", "siffrorna", "ifran", "varifran", "hamtas", "hamtad"})
# who enters an indicator's values: "vem lägger in siffrorna?"
_ENTERS = frozenset(stem(w) for w in ("lagger", "matar", "fyller", "registrerar", "rapporterar",
                                      "uppdaterar", "vardena", "varden", "vardet", "siffrorna",
                                      "siffror", "siffran", "matvardena", "in"))
# how an uppdrag is followed up, and whom it concerns: "hur följs det upp?", "vilka nämnder
# berörs?" (its uppföljning, its scope, first)
_FOLLOWED = frozenset({"foljs", "folja", "uppfoljning", "uppfoljningen", "foljas", "followed"})
_SCOPE = frozenset({"berors", "berord", "berorda", "beror", "omfattar", "omfattas", "omfattning",
                    "omfattningen", "namnder", "namnderna", "namnd", "galler", "involverade",
                    "concerned"})
_PART_STEMS = frozenset(stem(w) for w in (*_CARD_PARTS, *_IND_PARTS, *_SCOPE))
# whom to turn to, asked with "vem": "vem ska jag prata med?", "vem kan jag fråga?"
_CONTACT_STEMS = frozenset(stem(w) for w in (
    "prata", "pratar", "snacka", "snackar", "fraga", "fragar", "fragor", "kontakta",
    "kontaktar", "vanda", "vander", "ringa", "ringer", "mejla", "mejlar", "maila", "mailar",
    "hora", "hor", "tala", "talar", "skriva", "skriver", "contact", "ask", "talk"))
# how long is left, asked of an uppdrag: "hur många dagar kvar?"
_TIME_LEFT = ("dagar kvar", "dagar till", "tid kvar", "lang tid kvar", "lange kvar",
              "veckor kvar", "manader kvar", "days left", "how long")
# how an uppdrag's indicators are asked for: "vilka indikatorer följer man?", "… används?"
_LINK_VERBS = frozenset(stem(w) for w in ("foljs", "foljer", "folja", "foljas", "mats", "mater",
                                           "anvands", "anvander", "kopplas", "hor", "tillhor"))


def is_subject(cmd: Command) -> bool:
    return isinstance(cmd, SUBJECTS)


def subject_of(cmd: Command, result: object) -> Command | None:
    """What the conversation keeps of an answer for its follow-ups: the command, when it is a
    subject; a question no table answered but the documents' text did ("finns det några
    risker i budgeten?": its passages), as the search of its words; else None."""
    if is_subject(cmd):
        return cmd
    if isinstance(cmd, Unknown) and isinstance(result, TextSearchResult) and result.passages:
        return TextSearch(text=cmd.about or cmd.text)
    if isinstance(result, ArshjulResult) and result.due and result.due_window and \
            not result.events:
        # "vad händer i december?" with no årshjul: the uppdrag due that month are what it
        # showed, so "vem äger dom?" is asked of them
        start, end = result.due_window
        return UppdragList(due_from=start, due_to=end, period=result.due_period)
    return None


# "vilken var störst?": which of a list, by size; no one's name asked
_RANKED = LARGEST | SMALLEST | WORST | BEST
# which of a list cost the most or least: "vilken var dyrast?"
_PRICED = frozenset(stem(w) for w in ("dyrast", "dyraste", "billigast", "billigaste",
                                      "storst", "storsta", "minst", "minsta"))
# verbs that ask what the subject holds or who takes part in it: "vilka samverkar vi med?"
# is not who owns it
_TAKES_PART = ("samverkar", "samarbetar", "ingar", "omfattar", "innebar", "deltar",
               "involveras", "involverade", "medverkar")


# the parts of a subject "vilka …?" asks for, not who: "vilka insatser finns?"
_PARTS_ASKED = frozenset({"insatser", "insatserna", "aktiviteter", "aktiviteterna", "indikatorer",
                          "indikatorerna", "mal", "malen", "uppdrag", "uppdragen", "steg",
                          "stegen", "delar", "delarna", "projekt", "projekten"})


def _asks(q: Query) -> str | None:
    ws = set(q.words)
    who_words = ws & {*_WHO, "ager", "agde"}
    # ("vilka deadlines har det?": which dates, not who)
    which_dates = bool(who_words) and who_words <= {"vilka", "vilken"} and q.has("deadline")
    who = bool(who_words) and not (ws & _RANKED and not ws & set(_WHO_STRICT)) and \
        not (who_words <= {"vilka", "vilken"} and ws & (set(_TAKES_PART) | _PARTS_ASKED)) and \
        not which_dates
    # chat's "nr" for "när" at the start, before a verb: "nr ska de till ks", "nr blir den klar"
    when = bool(ws & set(_WHEN) - DONE) or which_dates or (q.words[:1] == ("nr",) and q.words[
        1:2] in (("ska",), ("blir",), ("kommer",), ("ar",), ("e",), ("var",), ("borjar",), ("kan",)))
    if not (who or when) and asks_done(q):
        return "klar"  # "är den klar?": whether it is done, not its dates
    if who and when:
        return "ansvarig och tidplan"  # "vem är ansvarig och när ska det redovisas?"
    if who:
        return "ansvarig"
    if ws & set(_WHY) or q.phrase(*_WENT_WRONG):
        return "förklaring"
    if when:
        return "tidplan"
    if ws & set(_TREND):
        return "trend"  # "hur har den utvecklats?"
    if q.phrase(*_HOW_MUCH) or ws & {"total", "totalen", "totala", "totalt", "summan"} or (
            ws & _RANKED and (ws & {"vilken", "vilket", "vilka", "which"} or "nast" in ws)
            and len(q.words) <= 4):
        # "och vilken var störst?" after a list: the list again, largest first
        return "hur mycket"
    if ws & set(_TARGET):
        return "mål"  # "vad är målet?" after an indicator: its target first
    if ws & set(_STATUS):
        return "status"  # "status?", "hur e läget?": the subject's card again
    return None


_UNDER = frozenset({"underskott", "underskottet", "underskotten", "deficit", "deficits"})
_OVER = frozenset({"overskott", "overskottet", "overskotten", "surplus", "surpluses"})


def _sign(q: Query) -> Literal["underskott", "överskott"] | None:
    """The side of the deviations a follow-up asks for: "och överskotten?"."""
    under, over = bool(_UNDER & set(q.words)), bool(_OVER & set(q.words))
    if under == over:
        return None
    return "underskott" if under else "överskott"


def _focus(q: Query) -> Focus | None:
    if q.has("avvikelse") or went_over(q):  # "hur mycket över?": the deviation
        return "avvikelse"
    if q.has("budget") and any(w.startswith(("budget", "plan", "ram", "kost", "anslag"))
                                for w in q.classes["budget"]):
        return "budget"
    return None


# intent classes a follow-up may have; any other (uppdrag, försenade, december …) makes the
# message a question of its own ("vilka uppdrag är försenade?")
_FOLLOW_CLASSES = frozenset({"time", "noise", "list", "owner", "deadline", "budget", "avvikelse"})
# classes a follow-up that refers back ("det", "den") and asks who or when may also have
_REFERRING_CLASSES = frozenset({"status", "ks", "kf", "uppdrag"})
# the words that name a project itself in a follow-up: "prognosen för hela projektet?"
_PROJECT_SELF = frozenset(stem(w) for w in ("projekt", "projektet", "projektets", "hela",
                                            "investeringen", "investeringens", "totalt",
                                            "helheten", "slut", "slutet"))

# classes that name the subject's own kind or measure: "vad blev totalen för projektet?"
# after an investment, "och målet?" after an indicator
_SAME_KIND = {"investering": (Investering, InvesteringGrupp, BudgetOverview),
              "goal": (IndikatorCard, MaluppfyllelseView),
              "colour_red": (MaluppfyllelseView,), "colour_green": (MaluppfyllelseView,),
              "colour_yellow": (MaluppfyllelseView,)}



def _per_unit(q: Query, text: str, last: Command, snap: Snapshot) -> tuple[Command, str] | None:
    """"och per elev?", "vad kostar det per invånare?" after an amount: its ratio to a count
    the plan does not hold with it, asked of the subject (not Befolkning's card for
    "invånare", nor a passage that has "elever"): that the plan has no such figure."""
    if not isinstance(last, BudgetVerksamhet | Investering | InvesteringGrupp | BudgetOverview) \
            or len(q.words) > 6:
        return None
    units = [nxt for w, nxt in zip(q.words, q.words[1:]) if w in ("per", "each") and nxt.isalpha()]
    if len(units) != 1 or [w for w in distinctive(q, 3) if w not in _ASK_STEMS and w not in _COST_STEMS
                           and w != stem(units[0])]:
        return None
    typed = re.search(r"\b(?:per|each)\s+(\w+)", text, re.IGNORECASE)
    subject = describe(last, snap)
    unit = typed.group(1) if typed else units[0]
    return Unknown(text=text, about=f"kostnad per {unit} för {subject}", unsure=True), subject


def _place_asked(q: Query) -> int | None:
    """The place of a ranking a short follow-up asks, naming nothing else ("och den tredje?",
    "och näst mest?": 2, 1), counted from 0; else None."""
    at = rank_place(q) or _ordinal(q)
    if at is None or at < 0 or len(q.words) > 6 or \
            [w for w in distinctive(q, 3) if w not in _PLACE_STEMS]:
        return None
    return at


def follow_up(text: str, cmd: Command, last: Command, snap: Snapshot, today: dt.date,
              earlier: Command | None = None) -> tuple[Command, str] | None:
    """The command a follow-up means against ``last`` (and ``earlier``, the subject before
    it), and what it understood; None when the message is a question of its own. A yes or
    no of a budget line's deviation ("höll de budgeten?") is asked of the line it lands on."""
    if (nth_area := _AREA_BY_NUMBER.match(text)) is not None and any(
            m["number"] == int(nth_area.group(1)) for m in snap.malomraden):
        # "och i 4an?", "och 4:an?": målområde 4, said as the chat says it (it was "Jag
        # förstod inte" after a list of one målområde's uppdrag)
        from handlers import parse

        said = f"och i målområde {nth_area.group(1)}?"
        return follow_up(said, parse(said, snap, today), last, snap, today, earlier)
    q = analyse(text, snap)
    if earlier is not None and (pair := _both(q, last, earlier, snap, today)) is not None:
        return pair
    if (compared := _compared_with(text, cmd, last, snap)) is not None:
        return compared, describe(compared, snap)
    if isinstance(last, BudgetOverview) and (last.one or last.largest or last.sign in (
            "underskott", "överskott") or last.focus == "avvikelse") and not last.change and \
            (at := _place_asked(q)) is not None:
        # "och den tredje?" after a ranking: that place of it, named first (it was a passage
        # on "tredjepart")
        placed = replace(last, one=last.one or "störst", nth=at)
        return placed, describe(placed, snap)
    words = set(q.words)
    short = len(q.words) <= 4 and not [w for w in distinctive(q, 3) if w not in _PLACE_STEMS]
    if short and isinstance(last, BudgetOverview) and last.one and words & (LARGEST | SMALLEST) \
            and not rank_place(q):
        # "och minst?" after the largest of a ranking: its other end (it was the largest again)
        other = replace(last, one="minst" if words & SMALLEST else "störst", nth=0)
        return other, describe(other, snap)
    if short and isinstance(last, MaluppfyllelseView) and last.rank and words & (BEST | WORST) \
            and not rank_place(q):
        # "och bäst?" after the worst goal: the best (it was the goals met, none named)
        other_goal = replace(last, rank="bäst" if words & BEST else "sämst", nth=0, colour=None)
        return other_goal, describe(other_goal, snap)
    if isinstance(last, UppdragList | IndikatorList) and len(q.words) <= 6 and \
            _SHARE_ASKED.search(text) and uppdrag_key(q) is None:
        # "och i procent?", "hur stor andel är det?" after a list: its share of all
        shared = replace(last, share=True)
        return shared, describe(shared, snap)
    if isinstance(last, UppdragManader) and last.only and len(q.words) <= 4 and \
            (named := tuple(n for n, m in enumerate(MONTHS, 1) if m in q.words)):
        # "och i juni?" after two months compared: that month beside them
        more = replace(last, only=tuple(sorted(set(last.only) | set(named))))
        return more, describe(more, snap)
    if (isinstance(last, UppdragManader) or (isinstance(last, UppdragList) and last.by_owner)) \
            and (at := _place_asked(q)) is not None:
        # "och näst flest?" after the months or the owners ranked: the place after the first
        next_place = replace(last, nth=at)
        return next_place, describe(next_place, snap)
    if isinstance(last, MaluppfyllelseView) and last.rank is not None and \
            (at := _place_asked(q)) is not None:
        # "och det näst sämsta?" after the worst goal: the one after it
        goal_placed = replace(last, nth=at)
        return goal_placed, describe(goal_placed, snap)
    if _stands_alone(q, cmd, last):
        return None
    merged = _follow_up(q, text, cmd, last, snap, today)
    if merged is not None and isinstance(merged[0], MaluppfyllelseView) and merged[0].first and \
            isinstance(last, MaluppfyllelseView) and merged[0].first == last.first:
        # the row the first question named first ("sjukfrånvaron på AME") is not what its
        # follow-up names ("och för resten av förvaltningen?"): the goal's rows in their order
        merged = replace(merged[0], first=None), merged[1]
    if merged is not None and isinstance(merged[0], BudgetOverview) and \
            (one := asked_one(merged[0], q)) is not merged[0]:
        return one, describe(one, snap)  # "vilken var störst?" after the lines: that one first
    if merged is not None and isinstance(merged[0], BudgetVerksamhet) and \
            (held := held_asked(q)) is not None:
        asked = replace(merged[0], asks=held, focus="avvikelse")
        return asked, describe(asked, snap)
    if merged is not None and isinstance(merged[0], BudgetVerksamhet) and \
            merged[0].part is None and (part := line_part(q)) is not None:
        # "hur mycket var intäkterna?" after a line: its intäkter of that year, first
        return replace(merged[0], part=part), merged[1]
    if merged is not None and isinstance(merged[0], IndikatorCard) and \
            merged[0].asks == "ansvarig" and merged[0].others and set(q.words) & _PLURAL:
        # "vem ansvarar för dem?" after a card with others matching ("vilka indikatorer
        # handlar om sjukfrånvaro?"): each one's owner (it was the first one's alone)
        each = replace(merged[0], asks="ansvariga")
        return each, describe(each, snap, "ansvariga")
    return merged


# a share asked after a list: "och i procent?", "hur stor andel är det?", "hur många procent?"
_SHARE_ASKED = re.compile(r"\b(?:andel(?:en)?|procent(?:uellt)?|percent|percentage)\b",
                          re.IGNORECASE)
# a målområde by its number said the chat's way: "och i 4an?", "och 4:an?", "samma för 2:an"
_AREA_BY_NUMBER = re.compile(r"^\W*(?:och|o|men|samma\s+f[oö]r)?\s*(?:i|f[oö]r|med)?\s*(\d)\s*:?\s*an"
                             r"\s*(?:d[aå])?\W*$", re.IGNORECASE)


# when an indicator was measured last: a measuring (past tense or noun) and a when
_MEASURED = ("mattes", "matning", "uppdaterades", "uppdaterad", "uppmatt", "measured", "updated")
_LAST_WHEN = frozenset({"nar", "senast", "senaste", "datum", "when", "latest", "last"})


def _measured_when(q: Query) -> bool:
    """A short question of when the subject was measured last ("när mättes det senast?",
    "vilket datum är senaste mätningen?") naming nothing else."""
    return len(q.words) <= 7 and bool(set(q.words) & _LAST_WHEN) and \
        any(w.startswith(_MEASURED) for w in q.words) and uppdrag_key(q) is None and not [
            w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS
            and w not in _PART_STEMS]


# "jämför med skolskjutsar", "jämfört med åsbro förskola?", "vs revision": the subject beside
# the thing named
_COMPARED_WITH = re.compile(r"^\W*(?:(?:och|men|kan\s+du)\s+)?(?:j[aä]mf[oö]r(?:t|a)?(?:\s+det)?\s+"
                            r"(?:med|mot)|compared?\s+(?:to|with)|vs\.?|versus|mot"
                            # "är det mer än skolskjutsarna?": more or less than another line
                            r"|(?:(?:[aä]r|e|kostar|blir)\s+(?:det|den|de|dom)\s+)?"
                            r"(?:mer|mindre|dyrare|billigare|h[oö]gre|l[aä]gre|st[oö]rre)"
                            r"\s+[aä]n)\s+\w",
                            re.IGNORECASE)


def _compared_with(text: str, cmd: Command, last: Command, snap: Snapshot) -> Command | None:
    """"jämför med skolskjutsar" after a budget line, "jämfört med åsbro förskola?" after a
    project: the two side by side, the difference first (not the one named alone)."""
    if not _COMPARED_WITH.search(text):
        return None
    if isinstance(last, BudgetVerksamhet) and isinstance(cmd, BudgetVerksamhet) and \
            cmd.code != last.code:
        y = cmd.year or last.year or snap.plan_year
        if y is None:
            return None
        focus = "avvikelse" if last.focus == "avvikelse" and not last.outcome else \
            "utfall" if last.outcome else "budget"
        return BudgetCompare(codes=(last.code, cmd.code), years=(y,), focus=focus)
    if isinstance(last, Investering) and last.project and isinstance(cmd, Investering) and \
            cmd.project and cmd.project != last.project:
        return Investering(names=(last.project, cmd.project), compare="utfall",
                           year=cmd.year or last.year)
    return None


def _names_more(q: Query, *allowed: frozenset[str]) -> list[str]:
    """The distinctive stems of a follow-up that are no asking word, no pronoun and in none
    of ``allowed``: what it names beyond the subject ("vem ska jag prata med?" names
    nothing more; "vem leder bygget?" names "bygget"). Empty: it only asks."""
    return [w for w in distinctive(q, 3) if w not in _ASK_STEMS and w not in _PRONOUNS
            and not any(w in words for words in allowed)]


# a list of uppdrag or deadlines asked in full ("hur många uppdrag finns det?", "vad ska
# redovisas nästa vecka?", "deadlines i oktober"), and what happens in a month ("vad händer i
# april?"): questions of their own, whatever came before
_WHOLE_LIST = ("hur manga uppdrag", "antal uppdrag", "alla uppdrag", "vilka uppdrag finns",
               "vad ska redovisas", "vad ska till", "vad har deadline", "vilka deadlines",
               "deadlines i", "deadlines de", "deadlines mellan")
# the words that refer back to a subject said before ("hur var det 2024?", "och där?")
_BACK_WORDS = frozenset({*_PRONOUNS, *_PLURAL, *_THERE_BODY}) - {"alla"}


def _stands_alone(q: Query, cmd: Command, last: Command) -> bool:
    """Whether the message is a question of its own, whatever came before: a list of uppdrag
    or deadlines asked whole, or the årshjul's month ("hur många uppdrag finns det?" after
    an indicator was its uppdrag 5.3's card, "vad händer i april?" its April measurement);
    or the budget, a målområde or the report's goals asked with a year or a number of their
    own after an indicator or an uppdrag ("driftbudget 2026" after sjukfrånvaron was its
    2026 measurement, "vilka mål nåddes 2024?" its target, "mål 3" too). Never when it
    refers back ("och …", "vilka uppdrag finns där?", "hur var den 2024?"); "vad är målet?",
    "vad kostar det?" still ask of the subject."""
    # ("de närmaste 14 dagarna": "de" refers to nothing)
    said = {w for i, w in enumerate(q.words) if not (w == "de" and q.words[i + 1: i + 2] in (
        ("narmaste",), ("kommande",), ("senaste",)))}
    if q.phrase("finns det", "fins det", "ar det"):
        said.discard("det")  # ("hur många uppdrag finns det?": "det" refers to nothing)
    if q.words[:1] in (("och",), ("men",), ("and",)) or said & _BACK_WORDS:
        return False
    if isinstance(cmd, UppdragList) and (q.phrase(*_WHOLE_LIST) or q.words[0] in (
            "deadlines", "deadline") and len(q.words) > 1):  # ("deadline?": its own)
        return True
    if isinstance(cmd, ArshjulView) and cmd.month is not None and q.phrase(*ARSHJUL_PHRASES):
        return True
    return isinstance(last, IndikatorCard | UppdragCard) and isinstance(
        cmd, BudgetOverview | MalomradeView | MalomradeList | MaluppfyllelseView) and \
        len(q.words) >= 2 and any(w.isdigit() for w in q.words) and q.words[-1] != "da"


def _follow_up(q: Query, text: str, cmd: Command, last: Command, snap: Snapshot,
               today: dt.date) -> tuple[Command, str] | None:
    if isinstance(last, InvesteringGrupp) and q.phrase(*_HOLDS) and uppdrag_key(q) is None \
            and year(q, today) is None and not _names_more(q, _HOLDS_STEMS):
        # "vad ingår?", "vad innehåller det?" after a group of the investment budget: its
        # projects (not every project of the year)
        return last, describe(last, snap)
    if (rest := _ACKNOWLEDGED.sub("", text, count=1)) != text and rest.strip():
        # "ok, och varför?", "tack! vem äger den då?": the acknowledgment says nothing; the
        # rest is the follow-up, read as if it came alone
        from handlers import parse

        return follow_up(rest, parse(rest, snap, today), last, snap, today)
    if (rest := _CORRECTED.sub("", text, count=1)) != text and rest.strip():
        # "nej jag menade 2025": what it names instead, read as "och 2025?"
        from handlers import parse

        again = rest if analyse(rest, snap).words[:1] and \
            analyse(rest, snap).words[0] in _OPENERS else f"och {rest}"
        return follow_up(again, parse(again, snap, today), last, snap, today)
    # "jämfört med andra kommuner i länet?" after the row whose comment compares with the
    # län: the row's own words, not a wider area asked
    # ("hur många kommuner finns i länet?" is a question of its own)
    wider = wider_area(q) and not (isinstance(last, MaluppfyllelseView) and
                                   set(q.words) & set(_COMPARE) and
                                   (last.measure or last.goal) and _in_row(q, last, snap))
    if not q.words or len(q.words) > MAX_WORDS or wider or asks_opinion(q) or \
            hypothetical(text) is not None or (
            counts_people(q) and not isinstance(last, IndikatorCard) and not (
                isinstance(cmd, Unknown) and isinstance(last, BudgetVerksamhet | Investering))
            # "hur många elever?" after the SFI row: its comment counts them ("9 av 99 elever")
            and not (isinstance(last, MaluppfyllelseView) and _counted_in_row(q, last, snap))) \
            or sized_group(None, q):
        # "och i Sverige?", "vad tycker de?", "hur många jobbar där?", "hur många är över
        # 65?": not the subject's own figure again
        return None
    if isinstance(last, BudgetOverview) and last.sign and set(q.words) & _SUMMED and \
            len(q.words) <= 4 and not [w for w in distinctive(q, 3) if w not in _PRONOUNS
                                       and w not in _ASK_STEMS and w not in _BOTH_STEMS]:
        # "summan?" after the lines or projects over budget: the same list, its sum first
        # (not the whole budget 2026)
        return last, describe(last, snap)
    if isinstance(last, BudgetOverview) and last.sign and len(q.words) <= 6 and \
            (signed := _over_under(q, last)) is not None and signed.sign and \
            signed.sign != last.sign:
        # "och vilka gick under?" after those over budget: the other side, the same year
        flipped = replace(last, sign=signed.sign)
        return flipped, describe(flipped, snap)
    if isinstance(last, BudgetOverview) and (last.one or last.sign or last.largest or
                                             last.change) and q.words[0] not in _OPENERS and \
            not went_over(q) and (  # "hur mycket gick den över?" asks the one's deviation
            (isinstance(cmd, Investering) and not cmd.project) or (
                isinstance(cmd, BudgetOverview) and not (cmd.one or cmd.sign or cmd.largest
                                                         or cmd.change))):
        return None  # "investeringar 2024" after "vilket var billigast?": the list, asked anew
    if isinstance(last, BudgetVerksamhet) and isinstance(cmd, BudgetOverview) and \
            cmd.year is None and set(q.words) & TOTAL_WORDS and len(q.words) <= 7 and \
            uppdrag_key(q) is None and not cmd.sign and not cmd.largest:
        # "och totalt för ks?" after one line's deviation 2024: the whole's, of that year and
        # measure (not the plan year's budget)
        all_lines: Command = replace(cmd, year=last.year, focus="avvikelse" if "avvikelse" in (
            cmd.focus, last.focus) else cmd.focus)
        return all_lines, describe(all_lines, snap)
    if isinstance(cmd, AktivitetCard) and not isinstance(last, AktivitetCard):
        # "hur följs 5.3.1 upp?" after uppdrag 2.2: the aktivitet it names (by its key or
        # its title), not the subject's card again
        return None
    if isinstance(last, UppdragCard) and uppdrag_key(q) is None and len(q.words) <= 7 and \
            asks_insatser(q) and (snap.uppdrag_by_key.get(last.key) or {}).get("insatser") and \
            not [w for w in distinctive(q, 3) if not w.startswith(("insat", "atgard", "innehal"))
                 and w not in _PRONOUNS and w not in _ASK_STEMS]:
        # "hur många insatser har den?" after 2.2 (or Handslaget): its insatser, counted
        listed = replace(last, asks="insatser")
        return listed, describe(listed, snap, "insatser")
    if isinstance(last, UppdragCard) and uppdrag_key(q) is None and len(q.words) <= 7 and \
            q.phrase(*_PROGRESS) and not set(q.words) & {"deadline", "kvar", "datum", "dagar"} \
            and not [w for w in distinctive(q, 3) if w not in _PROGRESS_STEMS
                                          and w not in _PRONOUNS and w not in _ASK_STEMS]:
        # "hur långt har de kommit?", "hur många procent klart?" after an uppdrag: whether it
        # is done and how far, first (not the list of every uppdrag marked klar)
        done = replace(last, asks="klar")
        return done, describe(done, snap)
    if isinstance(last, UppdragCard) and last.asks == "indikatorer" and q.has("goal") and \
            set(q.words) & {"dem", "dom", "de", "deras", "dessa", "them"} and len(q.words) <= 6 \
            and uppdrag_key(q) is None:
        # "och målet för dem?" after an uppdrag's indicators: those indicators with their
        # targets (not every strategic goal)
        return last, describe(last, snap, "indikatorer")
    if isinstance(last, MalomradeView) and (n := _area_alone(q, snap)) is not None and \
            n != last.number:
        # "och 4?", "samma för 4" after målområde 3 (its goals): area 4, the same way (not
        # area 3 again)
        other_area = replace(last, number=n)
        return other_area, describe(other_area, snap, "strategiska mål" if last.goals_only
                                    else None)
    if isinstance(cmd, MalomradeView) and isinstance(last, MalomradeView) and last.goals_only \
            and not cmd.goals_only and cmd.number != last.number and q.words[0] in _NEW_ENTITY \
            and len(q.words) <= 5:
        # "samma för målområde 2", "och målområde 3?" after an area's strategic goals: that
        # area's goals
        areas = replace(cmd, goals_only=True)
        return areas, describe(areas, snap, "strategiska mål")
    if (ratio := _per_unit(q, text, last, snap)) is not None:
        return ratio
    if isinstance(last, IndikatorCard) and _measured_when(q):
        # "när mättes det senast?", "när uppdaterades den senast?" after an indicator: the
        # date of its latest measurement, with its source (not the list of every indicator,
        # nor the uppdrag updated lately)
        dated = replace(last, asks="källa", series=None, until=None, months=None)
        return dated, describe(dated, snap, "senaste mätning")
    if set(q.words) & _SUMMED and set(q.words) & _BOTH and uppdrag_key(q) is None and \
            isinstance(last, BudgetVerksamhet | IndikatorCard | UppdragCard | BudgetRad) and \
            not [w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS
                 and w not in _BOTH_STEMS]:
        # "och summan av dom?" after one line: which lines is not kept (only the last
        # subject is), so ask back rather than give the one line's figure as the sum
        return _vague(text, q, last, snap)
    if isinstance(cmd, Definition) and not refers_back(q):
        return None  # "vad är en aktivitet?" after an uppdrag: the word's definition
    if isinstance(last, Definition):
        return _next_term(text, q, snap, today)  # only "och en aktivitet?"
    if isinstance(last, MalomradeList):
        return _nth_area(q, last, snap)  # only "det tredje?": anything else is its own
    if isinstance(last, MalomradeView) and (nth := _nth_goal(q, last, snap)) is not None:
        return nth
    if (narrowed := _narrowed(q, text, cmd, last, snap)) is not None:
        return narrowed
    if isinstance(last, UppdragList):
        return _after_list(q, cmd, last, snap)  # only what refers to the list's items
    if isinstance(last, IndikatorCompare):
        return _after_compared(q, last)
    if (theirs := _persons_own(q, last, snap)) is not None:
        return theirs
    if isinstance(last, AktivitetCard):
        return _after_aktivitet(q, cmd, last, snap)
    investments = isinstance(last, InvesteringGrupp) or (
        isinstance(last, Investering) and not last.project) or (
        isinstance(last, BudgetOverview) and last.kind == "investering")
    operating = any(w.startswith(("drift", "verksamhet")) for w in q.words)
    if isinstance(cmd, BudgetOverview) and cmd.kind == "drift" and investments and (
            operating or cmd.focus == "avvikelse"):
        # "vilket drog över mest?" after the year's investments: the projects over budget,
        # not the operating lines; "och driftbudgeten?", "vilka verksamheter gick med
        # underskott?": the operating lines, of the same year
        year_of = cmd.year or getattr(last, "year", None)
        other_side = replace(cmd, year=year_of) if operating else \
            replace(cmd, kind="investering", year=year_of)
        return other_side, describe(other_side, snap)
    filtered = isinstance(last, BudgetOverview) and bool(last.sign or last.change or last.one)
    if investments and not filtered and year(q) is None and \
            (ranked_one := _ranked_after(cmd, last, snap)) is not None:
        return ranked_one
    if investments and not filtered and not set(q.words) <= _VAGUE and len(q.words) <= 6 and \
            uppdrag_key(q) is None and year(q) is None and not went_over(q) and \
            not q.has("investering") and not (q.has("budget") and not set(
                q.classes["budget"]) <= _SUMMED | TOTAL_WORDS) and not operating and (
                isinstance(cmd, Unknown) or set(q.words) & (TOTAL_WORDS | _SUMMED) or (
                    isinstance(cmd, BudgetOverview) and cmd.kind != "investering")) and not _names_more(q, _PRICED):
        # "vilka blev inte av?", "vilken var dyrast?" after the year's investments: asked of
        # them, their noun put in ("vilka investeringar blev inte av 2024"), not of the
        # operating budget of the plan's year
        from handlers import parse

        first, *after_first = text.strip(" ?!.").split()
        noun = "investering" if fold(first) in ("vilken", "vilket", "which") else "investeringar"
        year_of = getattr(last, "year", None)
        reread = parse(f"investeringar totalt {year_of or ''}".strip(), snap, today) \
            if set(q.words) & (TOTAL_WORDS | _SUMMED) else \
            parse(" ".join([first, noun, *after_first, str(year_of or "")]).strip(), snap, today)
        if isinstance(reread, Investering) and not reread.project or \
                isinstance(reread, BudgetOverview) and reread.kind == "investering":
            return reread, describe(reread, snap)
    if isinstance(cmd, BudgetOverview) and cmd.largest and isinstance(last, BudgetOverview):
        # "vad är största posten?" after a year's budget: its largest lines, of that year
        ranked = replace(cmd, year=cmd.year or last.year, kind=last.kind)
        return ranked, describe(ranked, snap)
    if isinstance(last, IndikatorCard) and (group := _report_group(text, last, snap, today)):
        return group, describe(group, snap)
    if isinstance(last, IndikatorCard) and last.others and q.has("kf") and \
            not q.has("uppdrag") and uppdrag_key(q) is None and len(q.words) <= 9 and (
                q.words[0] in ("vilka", "vilken", "which", "och", "and") or
                any(w in _THEY for w in q.words)) and \
            (word := _shared_name_word([last.slug, *last.others], snap)) is not None:
        # "vilka rapporteras till kf?" after a card with others matching ("vilka indikatorer
        # handlar om sjukfrånvaro?"): those of them reported to KF, by the word their names
        # share (it was the uppdrag due at KF in the next 30 days)
        negated = q.phrase("inte", "ej", "inte till", "not")
        kf_list = IndikatorList(named=word, reported_to_kf=not negated, not_kf=negated)
        return kf_list, describe(kf_list, snap)
    if isinstance(last, IndikatorList):
        # "hur många är det?" after a list of indicators: the list, its count in the heading;
        # anything else is a question of its own
        if set(q.words) <= _VAGUE and "manga" in q.words:
            return last, "Antal i listan"
        if q.has("kf") and not q.has("uppdrag") and uppdrag_key(q) is None and (
                any(w in _PRONOUNS or w == "de" for w in q.words) or q.words[0] in ("och", "and")
                or q.words[0] in ("vilka", "vilken", "which") and not q.has("indikator")) \
                and len(q.words) <= 9:
            # "och hur många av dem rapporteras till kf?", "vilka av dom går inte till KF?",
            # "vilka rapporteras till kf?" after a list of indicators: that list narrowed to
            # those (not) reported to KF (it was the uppdrag due at KF in the next 30 days)
            negated = q.phrase("inte", "ej", "inte till", "not")
            kf_only = replace(last, reported_to_kf=not negated, not_kf=negated)
            return kf_only, describe(kf_only, snap)
        if (set(q.words) & set(_WHO_STRICT) or q.has("owner")) and len(q.words) <= 8 and \
                not q.has("uppdrag") and uppdrag_key(q) is None and not last.with_owners:
            # "vem ansvarar för dem?", "vilka är ansvariga?" after a list of indicators: the
            # list with each one's owner (it was "Jag förstod inte", or all the uppdrag's)
            owned = replace(last, with_owners=True)
            return owned, describe(owned, snap, "ansvariga")
        return None
    negated = bool(set(q.words) & {"inte", "ej", "not"})
    if isinstance(last, MaluppfyllelseView) and set(q.words) <= _NOT_MET_WORDS and (
            negated or (last.colour == "röd" and set(q.words) & _MET_WORDS)):
        # "och vilka inte?" after the goals met: those not met; "och vilka nåddes?" after
        # those not met: the met
        goals = replace(last, colour="grön" if last.colour == "röd" else "röd",
                        measure=None, goal=None, about=None)
        return goals, describe(goals, snap)
    if isinstance(last, TextSearch):
        return _after_text(text, q, last, snap, today)
    if isinstance(last, NyckeltalView):
        return _after_figure(q, last, snap, today)
    if isinstance(cmd, UppdragList) and cmd.due_from and cmd.period and \
            q.words[0] in ("och", "and", "men") and len(q.words) <= 4 and \
            not q.has("uppdrag", "ks", "kf", "deadline"):
        # "och i september?" after an indicator: its measurements that year (not the uppdrag
        # due in September); after money, that the plan has no months of it
        if isinstance(last, IndikatorCard):
            # that month's value first, or that it has none and the nearest
            # (no year named: the latest year that has the month, 0)
            months = _months_of(cmd.due_from, cmd.due_to)
            that_year = replace(last, series=0 if months and year(q) is None else
                                cmd.due_from.year, until=None, asks=None, months=months)
            return that_year, describe(that_year, snap, "trend")
        if not isinstance(last, UppdragCard | MalomradeView):
            subject = describe(last, snap)
            return Unknown(text=text, about=f"{subject} i {cmd.period}", unsure=True), subject
    # "vem äger uppdraget?" after an uppdrag: the definite form names the subject
    refers = any(w in _PRONOUNS for w in q.words) or (
        isinstance(last, UppdragCard) and "uppdraget" in q.words) or (
        isinstance(last, IndikatorCard) and "indikatorn" in q.words)
    if isinstance(last, MalomradeView) and isinstance(cmd, UppdragList | IndikatorList) and \
            (cmd == type(cmd)() and (refers or set(q.words) & _THERE) or (
                cmd.malomrade is None and len(q.words) <= 5 and not getattr(cmd, "keys", ())
                and not getattr(cmd, "due_from", None) and (
                    q.words[0] in ("och", "and") or isinstance(cmd, UppdragList)))):
        # "vilka uppdrag finns där?", "och indikatorerna?", "vilka är försenade?" after a
        # målområde: its own
        inside = replace(cmd, malomrade=last.number)
        return inside, describe(last, snap)
    if isinstance(last, UppdragCard) and (same_day := _same_meeting(q, last, snap)) is not None:
        return same_day
    if (part := _part_of_subject(q, last, snap, today)) is not None:
        told = part.asks if isinstance(part, UppdragCard) and part.asks in (
            "uppföljning", "omfattning", "syfte") else None  # "Uppdrag 2.1, uppföljning:"
        return part, describe(part, snap, told)
    if (signed := _over_under(q, last)) is not None:
        return signed, describe(signed, snap)
    if (judged := _judged(q, last, snap)) is not None:
        return judged
    if (meant := _meant(q, last, snap)) is not None:
        return meant
    if isinstance(last, IndikatorCard) and q.phrase(*_PREVIOUS) and uppdrag_key(q) is None \
            and len(q.words) <= 6 and not set(q.words) & set(_COMPARE):
        # "och förra mätningen?", "o förra mätn?": its latest measurements, the one before too
        before: Command = replace(last, series=0, until=None, asks=None)
        return before, describe(before, snap, "trend")
    if isinstance(last, MaluppfyllelseView) and (last.measure or last.goal) and \
            (rest_of := _complement_row(q, last, snap)) is not None:
        # "och för resten av förvaltningen?", "och övriga?" after "Sjukfrånvaro AME": the
        # goal's other row (not a card that has "förvaltning" in its text)
        return rest_of, describe(rest_of, snap)
    if isinstance(last, MaluppfyllelseView) and last.measure and q.words[0] in _NEW_ENTITY \
            and (sibling := _sibling_row(q, last, snap)) is not None:
        # "och för AME?" after "Sjukfrånvaro exkl. AME": the goal's other row, named by it
        return sibling, describe(sibling, snap)
    if isinstance(last, MaluppfyllelseView) and (last.measure or last.goal) and \
            (q.words[0] in _OPENERS or set(q.words) & set(_COMPARE)) and \
            uppdrag_key(q) is None and year(q) is None and _in_row(q, last, snap):
        # "hur många kommuner låg bättre?" after the row on utrikes föddas arbetslöshet: the
        # words are the row's own comment, so the row again, its comment first (not a
        # question of its own)
        row_again: Command = replace(last, asks="kommentar") if last.measure else last
        return row_again, describe(row_again, snap)
    if isinstance(last, IndikatorCard) and set(q.words) & set(_WHO_STRICT) and \
            uppdrag_key(q) is None and set(q.classes) <= {"indikator", "owner", "noise", "list"} \
            and not _names_more(q, _ENTERS):
        # "vem lägger in värdena?", "vem lägger in siffrorna?" after an indicator: its owner
        owner = replace(last, asks="ansvarig", series=None, months=None)
        return owner, describe(owner, snap, "ansvarig")
    if isinstance(last, UppdragCard | IndikatorCard) and set(q.words) & {"vem", "who"} and \
            uppdrag_key(q) is None and len(q.words) <= 7 and \
            set(q.classes) <= {"owner", "noise", "list", "uppdrag", "indikator", "mine"} and \
            not _names_more(q, _CONTACT_STEMS):
        # "vem ska jag prata med?", "vem kan jag fråga?", "vem kontaktar jag?" after an
        # uppdrag or an indicator: its owner (the person to ask)
        contact: Command = replace(last, asks="ansvarig", series=None, months=None) \
            if isinstance(last, IndikatorCard) else replace(last, asks="ansvarig")
        return contact, describe(contact, snap, "ansvarig")
    if isinstance(last, UppdragCard) and uppdrag_key(q) is None and len(q.words) <= 7 and \
            (q.phrase(*_TIME_LEFT) or ("kvar" in q.words and q.phrase("hur lang tid",
                                                                       "hur lange"))):
        # "hur många dagar kvar?", "hur lång tid är det kvar?" after an uppdrag: its next
        # deadline (the tidplan says in how many days)
        left = replace(last, asks="tidplan")
        return left, describe(left, snap, "tidplan")
    asks = _asks(q)
    if isinstance(last, BudgetOverview) and last.kind == "drift" and last.focus == "budget" and \
            not (last.sign or last.largest or last.change or last.one or last.section) and \
            (budget_row := whole_row(q)) is not None and budget_row != last.row and uppdrag_key(q) is None and \
            not _names_more(q, _WHOLE_ROW_STEMS):
        # "och intäkterna?" after the year's budget or its costs: that row of the whole first
        other_row = replace(last, row=budget_row, year=year(q, today) or last.year)
        return other_row, describe(other_row, snap)
    if isinstance(last, Investering) and last.project and project_asks(q) == "över" and \
            uppdrag_key(q) is None and not _names_more(q):
        # "blev det dyrare?", "gick den över budget?" after a project: how far, first
        over_asked = replace(last, asks="över", year=year(q, today) or last.year)
        return over_asked, describe(over_asked, snap)
    if isinstance(last, BudgetOverview) and last.one and last.kind == "investering" and (
            project_asks(q) == "prognos" or q.phrase("hela projektet")) and \
            uppdrag_key(q) is None and not _names_more(q, PROJECT_FIGURES, _PROJECT_SELF) and \
            isinstance(one := _one_of_ranking(last, snap), Investering):
        # "och för hela projektet totalt?" after "vilket projekt hade störst avvikelse 2024?":
        # that project's whole figures first (it was the ranking again)
        of_ranked = replace(one, why=False, total=True) if project_asks(q) != "prognos" else \
            replace(one, why=False, asks="prognos")
        return of_ranked, describe(of_ranked, snap)
    if isinstance(last, Investering) and last.project and (
            project_asks(q) == "prognos" or (set(q.core) & PROJECT_FIGURES
                                             and not q.has("investering", "indikator"))) and \
            uppdrag_key(q) is None and not _names_more(q, PROJECT_FIGURES, _PROJECT_SELF):
        # "vad är prognosen (för hela projektet)?" after a project: its forecast, first (not
        # the indicator of the year's forecast deviation, which "prognos" also names)
        # "och upparbetat?", "slutkostnaden då?": its whole figures first (not the indicator
        # of Upparbetade investeringar)
        forecast = replace(last, asks="prognos") if project_asks(q) == "prognos" else \
            replace(last, total=True)
        return forecast, describe(forecast, snap)
    if isinstance(last, Investering) and last.project and (
            asks in ("tidplan", "klar") or q.phrase(*_WHICH_YEAR)) and year(q, today) is None \
            and uppdrag_key(q) is None and not _names_more(q) \
            and (any(p["name"] == last.project and timing(p["analysis"]) for p in snap.projects)
                 or (q.phrase(*_WHICH_YEAR) and asks != "klar"
                     and budgeted_years(snap, last.project))):
        # "när?" after a project: its analysis's timing; "vilket år ska det köpas?": else the
        # years the investment budget has it (not asked back). When it is done, without an
        # analysis that says, is the text's ("januari 2026" of the ekonomisystem), not its
        # budget year
        timed = replace(last, when=True)
        return timed, describe(timed, snap, "tidplan")
    if set(q.words) <= _VAGUE and set(q.words) & _VAGUE_ASKS:
        return _vague(text, q, last, snap)
    if asks == "hur mycket" and set(q.words) & _RANKED and (
            isinstance(last, BudgetVerksamhet | UppdragCard | IndikatorCard | BudgetRad) or (
                isinstance(last, Investering) and last.project)):
        # "vilken är störst?" after one line: the subject is one thing, which of several is
        # not known here (not that one's card again, as if it were the largest)
        return _vague(text, q, last, snap)
    if (ranged := _line_years(q, last, snap)) is not None:
        return ranged
    if isinstance(last, IndikatorCard) and set(q.words) & set(_COMPARE) and \
            set(q.words) & set(_TARGET) and uppdrag_key(q) is None and year(q) is None and \
            len(q.words) <= 6 and not [w for w in distinctive(q, 3) if w not in _COMPARE_STEMS
                                       and w not in _ASK_STEMS and w not in _PRONOUNS
                                       and w not in {stem(t) for t in _TARGET}]:
        # "jämfört med målet?" after an indicator: its latest value against its target (not
        # its last two measurements)
        on_target: Command = replace(last, asks="uppfyllt", series=None, until=None)
        return on_target, describe(on_target, snap)
    if (compared := _compared(q, last, snap, today)) is not None:
        return compared
    if (linked := _linked(text, q, last, snap, today)) is not None:
        return linked
    if asks == "förklaring" and isinstance(last, MaluppfyllelseView) and not [
            w for w in distinctive(q, 3) if w not in _ASK_STEMS]:
        why_not = replace(last, asks="kommentar") if last.measure else last
        return why_not, describe(why_not, snap, asks)  # "varför inte?": the report's comment
    if asks == "förklaring" and isinstance(last, BudgetOverview) and last.one and \
            not _names_more(q) \
            and set(q.classes) <= _FOLLOW_CLASSES and \
            (named_one := _one_of_ranking(last, snap)) is not None:
        # "varför?" after "vilket projekt gick mest över budget 2024?": that one's analysis
        # in full (not the ranking again, its analyses cut)
        return named_one, describe(named_one, snap, asks)
    if asks == "förklaring" and isinstance(last, Investering | InvesteringGrupp | BudgetVerksamhet) \
            and not [w for w in distinctive(q, 3) if w not in _ASK_STEMS] and \
            set(q.classes) <= _FOLLOW_CLASSES | {"without", "status"}:
        # "varför startades det inte?", "varför användes inte pengarna?" after a project or a
        # line: its analysis (the deviation's), not a question of its own
        # ("varför gick dom plus 2024?": of the year it names)
        named_year = year(q, today) or last.year
        why: Command = replace(last, focus="avvikelse", outcome=False, year=named_year) \
            if isinstance(last, BudgetVerksamhet) else replace(last, why=True, year=named_year) \
            if isinstance(last, Investering) and last.project else replace(last, year=named_year)
        return why, describe(why, snap, asks)
    if isinstance(last, KoladaRank) and q.words[0] in ("och", "and", "men"):
        from handlers.kolada import match_named_goal

        goal = match_named_goal(f"målet för {text}", snap, today)
        if goal is not None:  # "och vård och omsorg?" after the goal for the school
            return goal, describe(goal, snap)
    if isinstance(last, MaluppfyllelseView) and _counted_in_row(q, last, snap) and \
            uppdrag_key(q) is None and year(q) is None:
        # "hur många klarade det?", "hur många elever?" after the SFI row: its comment, which
        # counts them (not the goals met)
        counted = replace(last, asks="kommentar")
        return counted, describe(counted, snap)
    if isinstance(last, MaluppfyllelseView) and last.year and q.words[0] in _OPENERS:
        # "och sjukfrånvaron då?" after a goal of 2024: that year's rows of sick leave
        from handlers import frames

        row = frames.match(f"{text} målet {last.year}", snap, today)
        if isinstance(row, MaluppfyllelseView) and row != last and (
                row.measure or row.goal or row.about or row.colour not in (None, last.colour)):
            # "och vilka klarade vi?" after the goals not met: the met ones (its own colour,
            # not the subject's carried over)
            return row, describe(row, snap)
    if isinstance(last, IndikatorCard) and (goal := _goal_of_year(q, last, snap, today)):
        return goal, describe(goal, snap)
    other = {c for c in set(q.classes) - _FOLLOW_CLASSES
             if not (c in _SAME_KIND and isinstance(last, _SAME_KIND[c]))}
    if refers and isinstance(last, UppdragCard) and asks_late(q) and \
            other <= {"late", "status"} | _REFERRING_CLASSES and uppdrag_key(q) is None:
        # "är det försenat?", "ligger det efter?" after an uppdrag: whether it is
        card = replace(last, asks="orsak" if asks_why(q) else "i tid" if asks_on_time(q)
                       else "försenad")
        return card, describe(card, snap)
    if isinstance(last, UppdragCard) and last.asks == "försenad" and len(q.words) <= 6 and \
            q.phrase("hur lange", "hur manga dagar", "sedan nar", "how long") and \
            uppdrag_key(q) is None:
        # "hur länge?" after "är det försenat?": how long it has been late, that answer again
        # (it was the whole card)
        return last, describe(last, snap)
    if isinstance(last, IndikatorCard) and q.phrase(*THAN_LAST_YEAR) and uppdrag_key(q) is None \
            and len(q.words) <= 6:
        # "jämfört med förra året?" after an indicator: its latest measurements, then and now
        series: Command = replace(last, series=0, until=None, asks=None, than_year=True)
        return series, describe(series, snap, "trend")
    # "när ska det vara klart?", "när ska den till KS?": a word of another class, but the
    # question refers back and asks who or when
    short_done = asks == "klar" and isinstance(last, UppdragCard) and len(q.words) <= 3 and \
        not q.has("uppdrag") and uppdrag_key(q) is None  # "klart snart?", "färdigt?" after one
    # "nr ska de till ks" (chat's "de" for "det") after one uppdrag or indicator: it refers
    # back (not the list of what is due at KS); "de" is no pronoun of a list's items here
    one_back = refers or ("de" in q.words and isinstance(last, UppdragCard | IndikatorCard))
    if other and not ((one_back or short_done) and asks in ("ansvarig", "tidplan",
                                                         "ansvarig och tidplan", "klar")
                      and other <= _REFERRING_CLASSES):
        return None
    # "generella statsbidrag då?": a trailing "då" refers back as an opening "och" does
    opener = q.words[0] in _OPENERS or q.words[0] in _PRONOUNS or (
        q.words[-1] in ("da", "then") and len(q.words) <= 4)
    # a word of three letters is a subject too ("hur många bor i kommunen?" after a budget line)
    own = [w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS]
    y = year(q, today)
    last_year = last.years[-1] if isinstance(last, BudgetRad) and last.years else \
        getattr(last, "year", None)
    if y is None and last_year:
        if q.phrase(*_NEXT_YEAR):
            y = last_year + 1
        elif q.phrase(*_YEAR_BEFORE):
            y = last_year - 1
    focus = _focus(q)
    cost = bool(set(q.words) & _COST)
    key = uppdrag_key(q)
    if isinstance(last, Investering) and not last.project and not last.names and \
            y is not None and not own and key is None and (opener or focus) and \
            not last.unstarted and not any(p["year"] == y for p in snap.projects):
        # "och 2027?", "och budgeten 2026?" after the year's investments: that year's
        # investment budget (no project is followed up that year)
        budget_year: Command = BudgetOverview(year=y, kind="investering")
        return budget_year, describe(budget_year, snap)
    if isinstance(last, BudgetCompare):
        if set(q.words) & _SUMMED and (set(q.words) & (_BOTH | _TOGETHER) or len(q.words) <= 3) \
                and len(last.codes) >= 2 and not last.summed and not own and key is None and \
                len(q.words) <= 8 and not [w for w in distinctive(q, 3) if w not in _PRONOUNS
                                           and w not in _ASK_STEMS and w not in _BOTH_STEMS]:
            # "summan av dom?" after two lines compared: the same lines added up (not the
            # whole budget 2026)
            both = replace(last, summed=True)
            return both, describe(both, snap)
        if set(q.words) & _PERCENT and not own and key is None and not last.percent:
            # "i procent?" after a comparison: the same, its change in percent too
            pct = replace(last, percent=True)
            return pct, describe(pct, snap) + ", i procent"
        if asks == "förklaring" and not own and key is None:
            # "varför?" after two years of a line: the plan gives no reason for a budget's
            # change; say so (not "förstod inte", nor another line's analysis)
            subject = describe(last, snap)
            return Unknown(text=text, about=f"en förklaring till {subject}", unsure=True), subject
        if isinstance(cmd, BudgetVerksamhet) and len(last.codes) == 1 and opener:
            # "och skolskjutsar?" after färdtjänst 2025 against 2026: the same years
            lines: Command = replace(last, codes=(cmd.code,))
            return lines, describe(lines, snap)
        if y is not None and not own and len(last.years) == 1 and year(q) is not None:
            lines = replace(last, years=(y,))  # "och 2027?" after two lines in 2026
            return lines, describe(lines, snap)
        return None
    if own and key is None and isinstance(last, UppdragCard) and q.words[0] in _OPENERS and \
            not isinstance(cmd, IndikatorCard) and _in_subject(own, last, snap):
        # ("hur ligger vi till på sjukfrånvaron?" after 5.3 names its indicator: that one)
        # "vilka initiativ ingår?" after 1.4: the words are the subject's own text, so the
        # question is about it (its card), not a list of every uppdrag that has them
        # ("vilka nämnder berörs?": its omfattning first)
        if cost or asks_cost(q):
            # "vad kostar den nya profilen?" after 5.5: a part of its own text asked its cost,
            # which the plan gives no uppdrag (not its card, as if it answered)
            subject = describe(last, snap)
            return Unknown(text=text, kind="kostnad", about=subject, unsure=True), subject
        asked_part: Literal["uppföljning", "omfattning", "syfte", "insatser"] | None = card_part(q)
        if asked_part is None and asks_insatser(q) and \
                (snap.uppdrag_by_key.get(last.key) or {}).get("insatser"):
            asked_part = "insatser"  # "vad är åtgärdsplanen?" after 2.2: Handslaget's insatser
        about: Command = replace(last, asks=asked_part)
        return about, describe(about, snap, asked_part)
    if key is not None or own:
        if (named := _pronoun_named(text, q, cmd, last, snap, today)) is not None:
            return named
        # a new entity: "och gymnasieskolan?" keeps the year and the measure
        if not opener:
            return None
        if isinstance(cmd, BudgetVerksamhet) and isinstance(last, BudgetVerksamhet | BudgetOverview):
            merged: Command = replace(cmd, year=cmd.year if y is not None else last.year,
                                      focus=focus or last.focus)
            return merged, describe(merged, snap)
        if isinstance(cmd, Investering) and isinstance(last, Investering) and y is None:
            # "vad kostade askersunds förskola totalt?" … "och Åsbro?": its total, first
            merged = replace(cmd, year=last.year, total=cmd.total or last.total)
            return merged, describe(merged, snap, "totalt" if merged.total else None)
        # "när ska 4.3 redovisas?" … "och 1.3?": the same question of the new one
        same = asks is None and len(q.words) <= 4 and q.words[0] in ("och", "and", "samma")
        if same and isinstance(cmd, UppdragCard) and isinstance(last, UppdragCard) and \
                last.asks and not cmd.asks:
            merged = replace(cmd, asks=last.asks)
            return merged, describe(merged, snap, last.asks)
        if same and isinstance(cmd, IndikatorCard) and isinstance(last, IndikatorCard) and \
                last.asks and not cmd.asks:
            merged = replace(cmd, asks=last.asks)
            return merged, describe(merged, snap, last.asks)
        if isinstance(cmd, UppdragCard) and isinstance(last, UppdragCard) and last.asks and \
                cmd.asks is None and q.words[0] == "samma":
            merged = replace(cmd, asks=last.asks)  # "samma för 3.5" after 3.4's tidplan
            return merged, describe(merged, snap, last.asks)
        if isinstance(last, IndikatorCard) and (narrower := _narrower(last, own, snap)):
            merged = IndikatorCard(slug=narrower)  # "och för chefer?" after Personalomsättning
            return merged, describe(merged, snap)
        if isinstance(cmd, Unknown) and key is None and len(q.words) <= 6 and \
                q.words[0] not in _NEW_ENTITY and (
                    set(q.words) & _THERE or q.phrase("hur manga", "how many", *_WHO_STRICT)) \
                and isinstance(last, BudgetVerksamhet | Investering | IndikatorCard | UppdragCard) \
                and not any(e.startswith(w) for m in snap.index.search(q.core, limit=3)
                            for w in m.matched for e in m.entry.words):
            # (not when the question names a thing of its own: "hur många elever går på
            # gymnasiet?" is about Gymnasieskola, whatever came before)
            # "hur många elever?", "vem är rektor där?" after a budget line: asked of the
            # subject, which the plan does not hold (not a passage that has the one word:
            # "140 elever" of an elevriksdag)
            subject = describe(last, snap)
            asked = cmd.about or " ".join(own)
            return Unknown(text=text, about=f"{asked} för {subject}", unsure=True), subject
        return None
    if refers and y is None and asks is None and focus is None and \
            not set(q.words).isdisjoint(_NEWS) and isinstance(last, UppdragCard | IndikatorCard):
        # "har det hänt något där?": the subject's whole card, with its latest update or value
        whole: Command = replace(last, asks=None)
        return whole, describe(whole, snap)
    if y is None and asks is None and focus is None and not opener:
        return None
    if not (y is not None or asks or focus or not own):
        return None
    if (focus is not None and refers or cost) and not own and isinstance(
            last, UppdragCard | IndikatorCard | MalomradeView | MaluppfyllelseView):
        # "vad kostar det?" after an uppdrag: the plan has no amount of it (not the budget's
        # whole overview)
        subject = describe(last, snap)
        return Unknown(text=text, kind="kostnad", about=subject, unsure=True), subject
    if focus is not None and (refers or opener or cost or y is not None) and not own and \
            isinstance(last, Investering | InvesteringGrupp):
        # "vad kostade den?", "och budgeten?", "varför ökade kostnaden?" after a project: its
        # amounts (not the year's whole budget); "och budgeten för 2026?": that year's, or that
        # it has none; "använde vi pengarna 2024?": that year's, the words naming nothing else
        merged = (replace(last, year=y, until=None) if isinstance(last, InvesteringGrupp)
                  else replace(last, year=y)) if y is not None else last
        if isinstance(merged, Investering) and merged.project and \
                (project_asked := project_asks(q)) is not None:
            # "hur mycket över budget?", "och totalbudgeten?" after a project: that first
            merged = replace(merged, asks=project_asked)
            return merged, describe(merged, snap, asks)
        if isinstance(merged, Investering) and merged.project and (
                set(q.words) & TOTAL_WORDS or q.phrase("hela projektet", "hela investeringen")):
            merged = replace(merged, total=True)  # "hur mycket kostade den totalt?": the project's
            return merged, describe(merged, snap, "totalt")
        return merged, describe(merged, snap, asks)
    if (y is not None and not hasattr(last, "year")
            and not isinstance(last, IndikatorCard | BudgetRad)) or (
            focus is not None and not hasattr(last, "focus")):
        return None  # "och 2027?" after an uppdrag: not about it
    strict = asks == "tidplan" or bool(set(q.words) & set(_WHO_STRICT))
    if asks == "ansvarig" and strict and isinstance(last, MaluppfyllelseView):
        merged = replace(last, asks="ansvarig")  # "vem ansvarar för det?": the Adressering
        return merged, describe(merged, snap, asks)
    if asks in ("tidplan", "klar") and isinstance(last, Investering) and last.project and \
            not own and any(p["name"] == last.project and _TIMED.search(p.get("analysis") or "")
                            for p in snap.projects):
        # "när blir dom klara?" after a project: its analysis tells when ("beräknas utföras
        # tidig vår 2025"); the card with those sentences first, not "no tidplan"
        timed = replace(last, when=True)
        return timed, describe(timed, snap, "tidplan")
    if asks == "tidplan" and any(event_word(w) for w in q.words):
        return None  # "när kommer årsredovisningen?" after a budget line: that event, alone
    if asks in ("ansvarig", "tidplan", "ansvarig och tidplan") and strict and not isinstance(
            last, UppdragCard | IndikatorCard):
        # "vem ansvarar för det?" after a budget line: the plan names no one; say so
        what = "vem som ansvarar för" if asks.startswith("ansvarig") else "en tidplan för"
        subject = describe(last, snap)
        if asks == "tidplan" and isinstance(last, Investering) and last.project:
            # "när ska det vara klart?" after Nytt ekonomisystem: the documents' text asked
            # with its name (it says "januari 2026"), as the question would be alone
            from handlers import parse

            with_name = re.sub(r"\b(?:det|den|dom|de)\b", last.project, text, count=1)
            if with_name == text:
                with_name = f"{text.rstrip(' ?')} {last.project}?"
            reread = parse(with_name, snap, today)
            if isinstance(reread, Unknown):
                return reread, subject
        return Unknown(text=text, about=f"{what} {subject}", unsure=True), subject
    if asks == "förklaring" and isinstance(last, BudgetVerksamhet | BudgetOverview):
        focus = "avvikelse"  # the reason is in the deviation's analysis
    if asks == "trend" and isinstance(last, BudgetVerksamhet) and (
            focus == "budget" or (focus is None and last.focus != "avvikelse")) and \
            (grown := development(
                snap, last.code, last.year if q.phrase(*_SINCE) else None)) is not None:
        # "hur har budgeten utvecklats (sen dess)?": the line year by year, the change first
        return grown, describe(grown, snap, asks)
    merged = _merge(last, y, focus, asks)
    if isinstance(merged, BudgetVerksamhet) and q.phrase("andel", "andelen", "procent av",
                                                         "hur stor del", "share"):
        merged = replace(merged, share=True)  # "hur stor andel av budgeten är det?"
    if isinstance(merged, BudgetVerksamhet) and (
            merged.focus != "avvikelse" or set(q.words) & _OUTCOME):
        # "och bokslutet 2024?", "vad blev utfallet 2024?": the outcome first (as "utfall X
        # 2024" asks it); "och 2027?" after it: the budget again
        # "och hur var det 2024?" of a closed year: how it went, its outcome
        went = y in outcome_years(snap, "drift") and (
            q.phrase(*_VALUE_OF_YEAR, *_HOW_IT_WENT) or bool(set(q.words) & _SPENT))
        merged = replace(merged, outcome=bool(set(q.words) & _OUTCOME) or went or (
            merged.outcome and y is None and focus is None))
    if isinstance(merged, BudgetOverview):
        # the frame first only when this message asks for it ("och ramen 2025?")
        # or a bare other year after the frame ("och 2024 då?": that year's frame, first)
        merged = replace(merged, frame=any(w.startswith(("budgetram", "ram"))
                                           for w in q.classes.get("budget", [])) or (
            isinstance(last, BudgetOverview) and last.frame and focus is None and
            asks is None and y is not None and not q.classes.get("budget") and
            not q.classes.get("avvikelse") and not q.has("investering")))
    if isinstance(merged, BudgetOverview) and q.has("investering"):
        merged = replace(merged, kind="investering")  # "budget 2026" … "och investeringarna?"
    if isinstance(merged, BudgetOverview) and (sign := _sign(q)) is not None:
        # "och överskotten?" after the largest deficits: the same year's surpluses
        merged = replace(merged, focus="avvikelse", sign=sign)
    if isinstance(merged, Investering) and merged.project and (
            set(q.words) & TOTAL_WORDS or q.phrase("hela projektet", "hela investeringen")):
        merged = replace(merged, total=True)  # "vad blev totalen?": the project's, first
    if isinstance(merged, MaluppfyllelseView) and (c := colour(q)) is not None:
        merged = replace(merged, colour=c, measure=None, goal=None)  # "vilka var röda?"
        asks = None
    if isinstance(merged, UppdragCard) and isinstance(cmd, UppdragCard) and \
            cmd.key == merged.key and cmd.asks and not merged.asks:
        merged = cmd  # "vilka insatser ingår?" after 2.2: read alone it asks the same, narrower
    return merged, describe(merged, snap, asks)


# "och vilka inte?", "vilka nådde vi inte då?" after goals met
_NOT_MET_WORDS = frozenset({"och", "vilka", "vilken", "vilket", "inte", "ej", "da", "de", "dom",
                            "som", "and", "not", "which", "nadde", "naddes", "vi", "uppfylldes",
                            "klarade", "klarades", "then", "alltsa"})
_MET_WORDS = frozenset({"nadde", "naddes", "uppfylldes", "klarade", "klarades"})
# a follow-up that says only "och?", "hur många?", "vilka då?": nothing of what it asks
_VAGUE_ASKS = frozenset({"och", "manga", "vilka", "vilken", "vilket", "mer", "fler", "sen", "sa"})
_VAGUE = _VAGUE_ASKS | {"hur", "da", "then", "and", "nu", "ar", "det", "de", "dom", "alltsa",
                        "typ", "mm", "ok", "okej", "eh", "hmm"}


_COMPARE = ("jamfor", "jamfort", "jamforelse", "jamfora", "skillnad", "skillnaden", "compared",
            "versus", "vs")
_MORE = ("mer an", "mindre an", "hogre an", "lagre an", "okat", "okar", "minskat", "minskar")
_BEFORE = ("fjol", "forra", "innan", "tidigare", "foregaende")
# how much a comparison's subject changes: "hur mycket ökar det?"
_CHANGE = frozenset({"okar", "okade", "minskar", "minskade", "okat", "minskat", "skiljer",
                     "skillnad", "skillnaden", "forandring", "forandringen", "mer", "mindre",
                     "differ", "difference", "increase"})
_CHANGE_STEMS = frozenset(stem(w) for w in _CHANGE)
# what a comparison's follow-up may say besides ("jämfört med förra mätningen?")
_COMPARE_STEMS = frozenset(stem(w) for w in (*_COMPARE, "matning", "matningen", "aret", "forra", "mot",
                                             "fjol", "innan", "tidigare", "foregaende", "ar"))


# an analysis that tells when a project starts, ends or is done: "beräknas utföras tidig vår
# 2025", "Projektet avslutats under 2024", "kommer ej startas"
_TIMED = re.compile(r"\b(?:20\d\d|avslut|slutf|startas|byggstart|fortg|utföras|färdig|klar)",
                    re.IGNORECASE)
_ORDINALS = {"forsta": 0, "andra": 1, "tredje": 2, "fjarde": 3, "femte": 4, "sjatte": 5,
             "sjunde": 6, "attonde": 7, "sista": -1, "first": 0, "second": 1, "third": 2,
             "last": -1}
_NEXT_MEETING = ("motet efter", "mote efter", "moten efter", "nasta mote", "nasta motet",
                 "efter det", "darefter", "dareftet", "sammantradet efter", "nasta sammantrade")


def _both(q: Query, last: Command, earlier: Command, snap: Snapshot, today: dt.date
          ) -> tuple[Command, str] | None:
    """"och summan av dom?", "jämför dem", "vilken är dyrast av de två?" after two budget
    lines asked one after the other ("budget färdtjänst", "och skolskjutsar?"): the two
    together, added up or compared; two indicators side by side."""
    words = set(q.words)
    summed = bool(words & _SUMMED)
    compared = bool(words & set(_COMPARE)) or bool(words & _RANKS)
    if not (summed or compared) or not (words & _BOTH or words & _TOGETHER) or \
            len(q.words) > 8 or uppdrag_key(q) is not None or [
                w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS
                and w not in _COMPARE_STEMS and w not in _BOTH_STEMS]:
        return None
    if isinstance(last, BudgetVerksamhet) and isinstance(earlier, BudgetVerksamhet) and \
            last.code != earlier.code:
        y = last.year or earlier.year or snap.plan_year or today.year
        pair = BudgetCompare(codes=(earlier.code, last.code), years=(y,),
                             focus="avvikelse" if last.focus == "avvikelse" else
                             ("utfall" if last.outcome else "budget"),
                             summed=summed, ranked=bool(words & _RANKS),
                             least=bool(words & _LEAST))
        return pair, describe(pair, snap)
    if isinstance(last, IndikatorCard) and isinstance(earlier, IndikatorCard) and \
            last.slug != earlier.slug and not summed:
        both = IndikatorCompare(slugs=(earlier.slug, last.slug))
        return both, describe(both, snap)
    return None


# the words of a place in a ranking, as stems: "näst värst?", "och den näst största?"
_PLACE_STEMS = frozenset(stem(w) for w in LARGEST | SMALLEST | WORST | BEST | {"nast", "flest"})
# the two together without a pronoun: "hur mycket blir det tillsammans?"
_TOGETHER = frozenset({"tillsammans", "ihop", "together"})
# which of the two is more: "vilken är dyrast av dem?"
_RANKS = frozenset({"dyrast", "dyrare", "billigast", "billigare", "storst", "storre", "minst",
                    "mindre", "mest", "hogst", "lagst"})
_LEAST = frozenset({"billigast", "billigare", "minst", "mindre", "lagst"})


_SUBJECT_PRONOUN = re.compile(r"\b(?:den|det|dom|dem|denna|detta)\b", re.IGNORECASE)


def _pronoun_named(text: str, q: Query, cmd: Command, last: Command, snap: Snapshot,
                   today: dt.date) -> tuple[Command, str] | None:
    """"när invigdes den?", "vad heter den?" after a project: a question of the documents'
    text about it, asked again with its name for the pronoun ("när invigdes Närlunda, ny
    idrottshall": the passage "hallen invigdes januari 2024"), not "förstod inte"."""
    if not isinstance(cmd, Unknown) or cmd.kind or cmd.unsure or uppdrag_key(q) is not None \
            or not isinstance(last, Investering) or not last.project or len(q.words) > 6 \
            or not _SUBJECT_PRONOUN.search(text):
        return None
    from handlers import parse

    asked = _SUBJECT_PRONOUN.sub(last.project, text, count=1)
    again = parse(asked, snap, today)
    if not isinstance(again, Unknown) or again.kind:
        return None
    return again, last.project


def _one_of_ranking(last: BudgetOverview, snap: Snapshot) -> Command | None:
    """The line or project a ranking of a year's deviations asked of one names ("vilket
    projekt gick mest över budget 2024?": Hammars skola), as its own command, its deviation's
    analysis first; None for any other ranking."""
    y = last.year
    if last.focus != "avvikelse" or y is None or last.largest or last.change:
        return None
    def pick(items: Iterable[Any], key: Callable[[Any], int]) -> Any:
        # the end asked, or the place after it ("näst störst": the second)
        ranked = sorted(items, key=key, reverse=last.one == "störst")
        return ranked[min(last.nth, len(ranked) - 1)]
    sign = {"underskott": -1, "överskott": 1}.get(last.sign or "")
    if last.outcome and last.kind == "investering":
        # "vilken var dyrast?" then "varför?": the project of the largest (smallest) outcome
        spent = [p for p in snap.projects if p["year"] == y and p["utfall"]]
        if not spent:
            return None
        top = pick(spent, key=lambda p: abs(p["utfall"]))
        return Investering(project=top["name"], year=y, why=True)
    if last.outcome:
        return None
    if last.kind == "investering":
        projects = [p for p in snap.projects if p["year"] == y and p["avvikelse"]
                    and (sign is None or (p["avvikelse"] > 0) == (sign > 0))]
        if not projects:
            return None
        top = pick(projects, key=lambda p: abs(p["avvikelse"]))
        return Investering(project=top["name"], year=y, why=True)
    lines = {b["code"]: v["amount"] for b in snap.budget
             if b["table_kind"] == "drift" and b["code"] and not b["total"]
             for v in b["values"] if v["measure"] == "avvikelse" and v["year"] == y
             and not v["period"] and v["amount"]
             and (sign is None or (v["amount"] > 0) == (sign > 0))}
    if not lines:
        return None
    code = pick(lines, key=lambda c: abs(lines[c]))
    return BudgetVerksamhet(code=code, year=y, focus="avvikelse")


def _ranked_after(cmd: Command, last: Command, snap: Snapshot) -> tuple[Command, str] | None:
    """"vilket projekt kostade mest?" after a year's investments: the ranking the message
    reads as alone, of that year (the noun-less "vilken var dyrast?" is read again with the
    noun put in, below)."""
    if not isinstance(cmd, BudgetOverview) or cmd.one is None or cmd.kind != "investering" or \
            cmd.sign is not None or (y := getattr(last, "year", None)) is None:
        return None
    ranked = replace(cmd, year=y)
    if snap.plan_year is not None and y >= snap.plan_year:  # a budget year: no outcome yet
        ranked = replace(ranked, focus="budget", outcome=False, largest=True)
    return ranked, describe(ranked, snap)
# a sum of several things referred back to: "och summan av dom?", "tillsammans då, båda?"
_SUMMED = frozenset({"summan", "summa", "sammanlagt", "tillsammans", "totalt", "ihop", "sum",
                     "together", "total"})
_BOTH = frozenset({"dom", "dem", "de", "dessa", "bada", "bagge", "tva", "both", "them", "those"})
# (distinctive() gives stems: the words of the two together, as stems)
_BOTH_STEMS = frozenset(stem(w) for w in _SUMMED | _BOTH | _RANKS | _TOGETHER)
# the others of the same meeting: "vilka fler uppdrag tas upp då?", "vad mer ska dit samma dag?"
_OTHERS = frozenset({"fler", "andra", "mer", "ocksa", "aven", "others", "else"})
_THEN = frozenset({"da", "dit", "samma", "motet", "mote", "dagen", "dag", "sammantradet",
                   "then"})


def _same_meeting(q: Query, last: UppdragCard, snap: Snapshot) -> tuple[Command, str] | None:
    """"vilka fler uppdrag tas upp då?" after an uppdrag with one dated deadline: the uppdrag
    due to the same body that day (the list has the subject too); None otherwise."""
    words = set(q.words)
    # ("andra" is "other" here, not "second")
    ordinal = set(q.classes.get("ordinal", ())) <= {"andra"}
    if not (words & _OTHERS and words & _THEN) or uppdrag_key(q) is not None or not ordinal \
            or len(q.words) > MAX_WORDS or set(q.classes) - {"uppdrag", "list", "noise", "time",
                                                             "ks", "kf", "deadline", "ordinal"}:
        return None
    dated = sorted({(str(d["date"])[:10], d["body"]) for d in snap.deadlines.get(last.key, [])
                    if d["date"]})
    days = [dt.date.fromisoformat(d) for d, _b in dated]
    bodies = {b for _d, b in dated}
    if not days or len(bodies) != 1 or len({(d.year, d.month) for d in days}) != len(days):
        return None  # no date, or to several bodies: which meeting is not known here
    body = bodies.pop() or None
    said = ", ".join(fmt.date(d) for d in days)
    if len(days) == 1:
        on_day = UppdragList(due_from=days[0], due_to=days[0], body=body,
                             period=f"den {said}")
        return on_day, f"Samma möte som {last.key} ({said})"
    # "5 maj samt 3 november": the uppdrag due to the same body in those months (one
    # meeting a month), from the first to the last
    on_days = UppdragList(due_from=days[0], due_to=days[-1], body=body,
                          months=tuple(d.month for d in days),
                          period=" och ".join(f"den {fmt.date(d)}" for d in days))
    return on_days, f"Samma möten som {last.key} ({said})"


def _ordinal(q: Query) -> int | None:
    """The place a follow-up points at in the list before ("det tredje", "den sista"), when
    it names nothing of its own besides."""
    at = next((_ORDINALS[w] for w in q.words if w in _ORDINALS), None)
    if at is None or uppdrag_key(q) is not None or len(q.words) > 6 or not (
            set(q.words) & set(_PRONOUNS) or q.words[0] in _OPENERS):
        return None
    return at


def refers_back(q: Query) -> bool:
    """The message refers to the subject with a pronoun ("vad betyder det?")."""
    return any(w in _PRONOUNS for w in q.words)


def _next_term(text: str, q: Query, snap: Snapshot, today: dt.date
               ) -> tuple[Command, str] | None:
    """"och en aktivitet?" after a definition: that word's definition; anything else is read
    alone."""
    if q.words[0] not in _NEW_ENTITY or len(q.words) > 4:
        return None
    from handlers.texts import match_text_question

    rest = re.sub(r"^\s*(?:och|and|samt|men)\b[\s,]*", "", text, flags=re.IGNORECASE)
    term = match_text_question(f"vad är {rest}", snap, today)
    if not isinstance(term, Definition):
        return None
    return term, "Definition"


def _nth_area(q: Query, last: MalomradeList, snap: Snapshot) -> tuple[Command, str] | None:
    """"vad innebär det tredje?" after the målområden: that one; "och vilket har minst?"
    after the one with the most (uppdrag, or late uppdrag): the other end of that count."""
    if (last.late or last.status or last.due_from or last.no_owner) and len(q.words) <= 5 and \
            set(q.words) & {"vilka", "which"} and not q.core:
        # "och vilka är det?" after the målområden ranked by their late uppdrag: those uppdrag
        # (it was "Jag förstod inte riktigt")
        listed = UppdragList(late=last.late, status=last.status, no_owner=last.no_owner,
                             due_from=last.due_from, due_to=last.due_to, body=last.body,
                             period=last.period)
        return listed, describe(listed, snap)
    other = set(q.words) & {"minst", "farst", "flest", "mest"}
    if (last.most or last.least) and other and len(q.words) <= 5 and not q.has(
            "indikator", "malomrade") and not q.core:
        least = bool(other & {"minst", "farst"})
        ranked = replace(last, least=least, most=not least)
        return ranked, "Samma rangordning, " + ("minst" if least else "flest") + " först"
    at = _ordinal(q)
    numbers = sorted(m["number"] for m in snap.malomraden)
    if at is None or not numbers or at >= len(numbers):
        return None
    area = MalomradeView(number=numbers[at])
    return area, describe(area, snap)


def _nth_goal(q: Query, last: MalomradeView, snap: Snapshot) -> tuple[Command, str] | None:
    """"hur mäts det första?" after a målområde's strategic goals: that goal (its target and
    how it is measured), by the words it is known by."""
    at = _ordinal(q)
    if at is None or not (last.goals_only or q.has("goal") or set(q.words) & _IND_PARTS):
        return None
    goals = next((list(m["goals"] or ()) for m in snap.malomraden
                  if m["number"] == last.number), [])
    if at >= len(goals) or not (names := snap.goal_aliases.get(goals[at])):
        return None
    goal = KoladaRank(about=names[0])
    return goal, f"Strategiskt mål {last.number}.{at % len(goals) + 1}"


def _listed(last: UppdragList, snap: Snapshot) -> list[str] | None:
    """The keys a list shows, in its order (by key), where the snapshot tells them: by keys,
    målområde and a window of deadlines; None for a list by status, owner or updates."""
    if last.status or last.owner or last.late or last.silent_days or last.recent_days or \
            last.no_owner:
        return None
    keys = [u["key"] for u in snap.uppdrag]
    if last.keys:
        keys = [k for k in keys if k in last.keys]
    if last.malomrade is not None:
        keys = [u["key"] for u in snap.uppdrag if u["key"] in keys and u["malomrade"] == last.malomrade]
    if last.due_from and last.due_to:
        lo, hi = last.due_from.isoformat(), last.due_to.isoformat()
        keys = [k for k in keys if any(d["date"] and lo <= str(d["date"])[:10] <= hi and (
            last.body is None or d["body"] == last.body) for d in snap.deadlines.get(k, ()))]
    return keys


def _card_asks(asks: str | None
               ) -> Literal["ansvarig", "tidplan", "ansvarig och tidplan", "klar"] | None:
    """What an uppdrag's card answers first, of what a follow-up asks (its parts:
    `card_part`)."""
    if asks == "ansvarig":
        return "ansvarig"
    if asks == "tidplan":
        return "tidplan"
    if asks == "klar":
        return "klar"
    return "ansvarig och tidplan" if asks == "ansvarig och tidplan" else None


_MAX_AREA = 20  # a number above is no målområde's ("och 2027?" is a year)
_AREA_FILL = frozenset({*_NEW_ENTITY, "for", "da", "i", "om", "med", "malomrade", "then"})


def _area_alone(q: Query, snap: Snapshot) -> int | None:
    """The area a short follow-up names by its number alone ("och 4?", "samma för 4",
    "målområde 4 då?"; one the plan lacks too, which its answer says); else None (a year:
    "och 2027?")."""
    digits = [w for w in q.words if w.isdigit()]
    if len(digits) != 1 or len(q.words) > 5 or not set(q.words) - {digits[0]} <= _AREA_FILL:
        return None
    n = int(digits[0])
    return n if 0 < n <= _MAX_AREA and snap.malomraden else None


def _report_group(text: str, last: IndikatorCard, snap: Snapshot, today: dt.date
                  ) -> Command | None:
    """"och för AME?" after Total sjukfrånvaro: the group the annual report measures by the
    indicator's word and the new one (Sjukfrånvaro AME 2024), not the abbreviation spelt
    out; read as the indicator's first one-word alias and the message together."""
    from handlers.frames import match_report_group

    ind = snap.ind_by_slug.get(last.slug)
    aliases = [a for a in (ind or {}).get("aliases") or () if " " not in a]
    q = analyse(text, snap)
    if not aliases or not q.core or uppdrag_key(q) is not None or any(
            m.coverage >= 0.5 for m in snap.index.search(q.core, kinds={"indikator"}, limit=1)):
        return None  # "och födda?" after befolkningen: that indicator, asked of its own
    return match_report_group(f"{aliases[0]} {text}", snap, today)


def _after_aktivitet(q: Query, cmd: Command, last: AktivitetCard, snap: Snapshot
                     ) -> tuple[Command, str] | None:
    """"vem är ansvarig?", "när ska den vara klar?", "status?" after an aktivitet: its card
    again, which shows its ansvar, tidplan and status (not its uppdrag's, nor nothing); a
    message naming anything else, or another key, is a question of its own."""
    if uppdrag_key(q) is not None or isinstance(cmd, AktivitetCard):
        return None
    words = set(q.words)
    if words & {"uppdraget", "uppdragets"} and not q.core:
        # "och uppdraget?": the uppdrag it answers to
        parent = UppdragCard(key=last.key.rsplit(".", 1)[0])
        return parent, describe(parent, snap)
    if [w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS
            and w not in _PART_STEMS and w not in _LEADS]:
        return None
    asked = q.has("owner", "deadline", "status", "late") or bool(
        words & {*_WHO_STRICT, *_WHEN, *_STATUS, "klar", "klart", "klara", "gar", "ligger"})
    if asked and (q.has("owner") or words & set(_WHO_STRICT)):
        # "vem ansvarar?": its ansvar and ansvariga first (not the card's title line alone)
        who = replace(last, asks="ansvarig")
        return who, f"Aktivitet {last.key}"
    return (last, f"Aktivitet {last.key}") if asked else None


# who leads or drives the work, asked of the subject: "vem driver det?"
_LEADS = frozenset(stem(w) for w in ("driver", "drivs", "leder", "leds", "haller"))


def _after_list(q: Query, cmd: Command, last: UppdragList, snap: Snapshot
                ) -> tuple[Command, str] | None:
    """A follow-up of a list of uppdrag: "vem äger den andra?" (its second item), "och på
    mötet efter?" (the next date of the same body with uppdrag due), "hur många är det?" (the
    list, its count in the heading); anything else is a question of its own."""
    if len(q.words) > MAX_WORDS:
        return None
    words = set(q.words)
    if words & ACTIVITY_WORDS and words <= ACTIVITY_WORDS | _VAGUE | {"deras", "dess"} and \
            uppdrag_key(q) is None:
        # "och aktiviteterna?" after a list of uppdrag: the aktiviteter (each with its tidplan),
        # not 2.2's card (followed up by "Aktiviteter i definierad åtgärdsplan")
        return AktivitetList(), "Aktiviteterna"
    ordinal = next((_ORDINALS[w] for w in q.words if w in _ORDINALS), None)
    if ordinal is not None and uppdrag_key(q) is None and (
            words & set(_PRONOUNS) or q.words[0] in _OPENERS):
        keys = _listed(last, snap)
        if not keys or ordinal >= len(keys):
            return None
        key = keys[ordinal]
        card = UppdragCard(key=key, asks=_card_asks(_asks(q)))
        return card, describe(card, snap, card.asks)
    if q.phrase(*_NEXT_MEETING) and last.due_to and not uppdrag_key(q):
        after = last.due_to.isoformat()
        dates = sorted(str(d["date"])[:10] for ds in snap.deadlines.values() for d in ds
                       if d["date"] and str(d["date"])[:10] > after
                       and (last.body is None or d["body"] == last.body or d["body"] == "KS"))
        if not dates:
            return None
        day = dt.date.fromisoformat(dates[0])
        nxt = UppdragList(due_from=day, due_to=day, body=last.body,
                          period=f"den {fmt.date(day)}")
        return nxt, f"Mötet efter: {fmt.date(day)}"
    if isinstance(cmd, MalomradeView) and len(q.words) <= 4 and last.malomrade != cmd.number \
            and not last.keys and not q.has("indikator", "goal", "uppdrag"):
        # "bara målområde 3", "och i målområde 4?" after the late uppdrag: the same list,
        # of that area only (not the area's whole card)
        inside = replace(last, malomrade=cmd.number)
        plain = replace(last, malomrade=None) == UppdragList()
        return inside, describe(inside, snap) if plain else f"Samma lista, målområde {cmd.number}"
    if words <= _VAGUE and words & {"manga"}:
        keys = _listed(last, snap)  # "hur många är det?": the list, its count in the heading
        return last, (f"Antal: {len(keys)}" if keys is not None else "Listan")
    if (per_owner(q) or (words & {"flest", "mest"} and words & set(_WHO_STRICT))) and \
            uppdrag_key(q) is None and not last.by_owner:
        # "vem äger flest?", "vem har flest av dem?": the same list, counted per person
        counted = replace(last, by_owner=True, with_owners=False)
        return counted, "Samma lista, per ansvarig"
    # "hur många är klara?", "vilka är klara?" after a list: of the list, short and naming
    # nothing else ("och hur många är klara totalt?" asks all)
    of_list = words & _THEY or (len(q.words) <= 4 and q.words[0] in ("hur", "vilka", "vilket")
                                and words <= _DONE_OF_LIST | DONE)
    if asks_done(q) and of_list and uppdrag_key(q) is None:
        # "är de klara?": those of the same list that are done (the heading says how many;
        # asked again, the same)
        done = replace(last, done_asked=True)
        return done, "Samma lista, hur många som är klara"
    if any(w.startswith(("uppdater", "rapporter")) for w in q.words) and words & _THEY and \
            uppdrag_key(q) is None and not set(q.core) - _THEY:
        # "har nån av dom uppdaterats?": how many of the same list have, each one's latest
        updated = replace(last, updated_asked=True)
        return updated, "Samma lista, vilka som har uppdaterats"
    if asks_late(q) and not last.late and uppdrag_key(q) is None and len(q.words) <= 5 and \
            q.words[0] in ("vilken", "vilket", "vilka", "which") and \
            not set(q.classes) - {"late", "status", "list", "noise", "time"}:
        # "vilken är mest försenad?" after a list: its late ones (not every late uppdrag)
        late = replace(last, late=True)
        return late, "Samma lista, de försenade"
    if q.words[0] in _OPENERS and len(q.words) <= 3 and q.has("owner") and \
            not last.with_owners and uppdrag_key(q) is None and \
            not set(q.classes) - {"owner", "list", "noise"} and not distinctive(q, 3):
        # "och ansvariga?", "vem då?" after a list: the same list, with its owners
        listed = replace(last, with_owners=True)
        return listed, "Samma lista, med ansvariga"
    if words & _THEY and uppdrag_key(q) is None and ordinal is None and not (
            set(q.classes) - {"owner", "late", "status", "list", "noise", "time"}):
        # "vem äger dem?", "vilket av dem är försenat?", "är de försenade?": the same list,
        # with its owners or only its late ones (not every late uppdrag)
        if asks_late(q) and not last.late:
            late = replace(last, late=True)
            return late, "Samma lista, de försenade"
        if words & set(_WHO_STRICT) and not last.with_owners:  # not "vilka av dem …"
            listed = replace(last, with_owners=True)
            return listed, "Samma lista, med ansvariga"
    return _list_again(q, cmd, last, snap)


_DONE_OF_LIST = frozenset({"hur", "manga", "vilka", "vilket", "ar", "har", "blivit", "redan"})
# the items of a list referred to: "är de klara?" ("de" is no pronoun of one subject)
_THEY = frozenset({*_PRONOUNS, "de", "dessa", "they", "them"})


# what a follow-up of a list of uppdrag may hold besides its question: "vem äger dem?"
_LIST_FOLLOW = frozenset({"noise", "list", "owner", "uppdrag", "deadline"})


def _list_again(q: Query, cmd: Command, last: UppdragList, snap: Snapshot
                ) -> tuple[Command, str] | None:
    """"vem?", "vilka är ansvariga?" after a list of uppdrag: the list with each one's
    ansvariga; "när?": the list, which shows their dates; "och i oktober?" after the uppdrag
    due to KS in June: October's, to KS too; "och i målområde 4?" after målområde 3's
    uppdrag: målområde 4's."""
    if q.words[0] in ("och", "and", "o") and len(q.words) <= 3 and last.due_from and \
            set(q.classes) <= {"ks", "kf", "noise"} and len(set(q.classes) & {"ks", "kf"}) == 1 \
            and not [w for w in distinctive(q, 2) if w not in ("ks", "kf")]:
        # "och KF?" after the uppdrag due to KS in May: those due to KF in the same window
        body = "KF" if "kf" in q.classes else "KS"
        if body != last.body:
            other_body = replace(last, body=body)
            return other_body, describe(other_body, snap)
    if q.words[0] in ("och", "and") and len(q.words) <= 5:
        if isinstance(cmd, UppdragList) and cmd.due_from and last.body and not cmd.body:
            merged: Command = replace(cmd, body=last.body)
            return merged, describe(merged, snap)
        if isinstance(cmd, MalomradeView) and last.malomrade is not None:
            merged = UppdragList(malomrade=cmd.number)
            return merged, describe(merged, snap)
    asks = _asks(q)
    classes = set(q.classes) - (
        {"time"} if set(q.classes.get("time", [])) <= {"ar", "nar"} else set())
    if len(q.words) > 6 or classes - _LIST_FOLLOW or uppdrag_key(q) is not None or \
            [w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS]:
        return None
    if asks in ("ansvarig", "ansvarig och tidplan") and (
            set(q.words) & set(_WHO_STRICT) or "owner" in q.classes):
        owners = replace(last, with_owners=True)  # "vem?", "vilka är ansvariga?"
        return owners, describe(owners, snap, "ansvariga")
    if asks == "tidplan" and len(q.words) <= 5:
        if last.keys and last.due_from is None and not last.with_tidplan:
            # "när ska det redovisas?" after the uppdrag a word matched: their lines show no
            # dates, so each one's tidplan under it (it was the same list again)
            timed = replace(last, with_tidplan=True)
            return timed, describe(timed, snap, "tidplan")
        return last, describe(last, snap, "tidplan")  # "när?": the list shows each one's dates
    return None


def _shared_name_word(slugs: list[str], snap: Snapshot) -> str | None:
    """The longest word (folded, six letters or more) that the names of these indicators
    all hold: "sjukfranvaro" of Total sjukfrånvaro and the two "del av total sjukfrånvaro"."""
    names = [fold(snap.ind_by_slug[s]["name"]) for s in slugs if s in snap.ind_by_slug]
    if len(names) < 2:
        return None
    shared = set.intersection(*(set(re.findall(r"\w{6,}", n)) for n in names))
    return max(sorted(shared), key=len) if shared else None


def _figure_rows(topic: str, snap: Snapshot) -> list[dict[str, Any]]:
    """The documents' figures of a topic: one by its slug, or a group's by its name."""
    return [r for r in snap.nyckeltal if r["slug"] == topic] or [
        r for r in snap.nyckeltal if r["grp"] and fold(r["grp"]) == fold(topic)]


def _after_figure(q: Query, last: NyckeltalView, snap: Snapshot, today: dt.date
                  ) -> tuple[Command, str] | None:
    """A follow-up of a figure of the documents' text: "och tjänstepersonernas?" after
    politikernas attityd (another figure of the same survey), "och året innan?" (the figure
    of that year); anything else is read alone."""
    rows = _figure_rows(last.topic, snap)
    if not rows:
        return None
    own = [w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS]
    y = year(q, today)
    if y is None and last.year and q.phrase(*_YEAR_BEFORE):
        y = last.year - 1
    elif y is None and last.year and q.phrase(*_NEXT_YEAR):
        y = last.year + 1
    if own and q.words[0] in _OPENERS:
        group = rows[0]["grp"]
        kin = [r for r in snap.nyckeltal if group and r["grp"] == group]
        hits = [r for r in kin if all(any(n.startswith(w[:5]) for n in content_words(
            " ".join([r["name"], *r["aliases"]]))) for w in own)]
        if len(hits) != 1:
            return None
        figure = NyckeltalView(topic=hits[0]["slug"], year=y if y is not None else last.year)
        return figure, hits[0]["name"]
    said = content_words(" ".join(f"{r['name']} {r.get('text') or ''}" for r in rows))
    if y is None and len(q.words) <= 6 and (q.phrase("av vad", "vad menas", "vad betyder",
                                                     "hur raknas", "of what", "i procent",
                                                     "hur mycket", "hur mkt", "hur stort",
                                                     "i kronor", "i tkr", "belopp") or
                                            _asks(q) == "förklaring") and \
            all(any(s.startswith(w[:5]) for s in said) for w in own):
        # "i procent av vad?", "varför?" after the result goal: the figure again, its text
        # (the plan's sentence says of what: "1,8 % av skatteintäkter och …"); of a group
        # ("varför?" after the ombudgeteringar), the group's name, not its first figure's
        return last, rows[0]["name"] if len(rows) == 1 else (rows[0]["grp"] or rows[0]["name"])
    if y is not None and not own:
        if not any(v.get("year") == y for r in rows for v in r["values"] or ()) and \
                last.topic != "budgetram":
            # "och 2027?" of a figure the text gives for 2025 only: not that (KF's frame says
            # it has none for that year, and the frames it has: "och 2025?" after it was
            # "Jag förstod inte riktigt")
            return None
        figure = replace(last, year=y)
        return figure, f"{rows[0]['grp'] or rows[0]['name']} {y}"
    return None


# the one project a question points at without naming it
_THE_PROJECT_WORD = re.compile(r"\b(?:investeringsprojektet|projektet|investeringen)\b", re.IGNORECASE)


def _after_text(text: str, q: Query, last: TextSearch, snap: Snapshot, today: dt.date
                ) -> tuple[Command, str] | None:
    """"vem ansvarar för det uppdraget?" after "vad säger planen om totalförsvaret?": the
    uppdrag about what was searched, asked who or when; "varför just skolskjutsarna?" after
    the risks in the budget: the text searched again with the new words (the reason is in
    the same passage, not in Skolskjutsar's budget line); anything else is read alone."""
    if unnamed_project(q) and any(fold(p["name"]) == fold(last.text) for p in snap.projects):
        # "och prognosen för hela projektet?" after "när blir askersund förskola klar?" (the
        # text searched by the project's name): that project's figures, not "which one?"
        from handlers import parse as parse_all
        from handlers.budget import Investering

        named = parse_all(_THE_PROJECT_WORD.sub(last.text, text), snap, today)
        if isinstance(named, Investering):
            return named, last.text
    if _asks(q) == "förklaring" and uppdrag_key(q) is None and len(q.words) <= 6 and \
            year(q) is None:
        again = TextSearch(text=f"{last.text} {text}", prefer=last.prefer)
        return again, f"{last.text[:1].upper()}{last.text[1:]}, {text.strip(' ?!.')}"
    # "där", "dit" of a place or body searched: "och vilka från kommunledningen sitter med
    # där?" after "vem leder näringslivsrådet?" is asked of the näringslivsråd
    refers = any(w in _PRONOUNS or w in _THERE_BODY for w in q.words) and len(q.words) <= 7
    if refers and asks_cost(q) and not q.has("uppdrag", "investering", "avvikelse") and \
            uppdrag_key(q) is None and not distinctive(q, 3):
        # "vad kostar den?" after "vad är askersundsmodellen?": the text gives it no amount
        # (not the whole budget as if it were its cost)
        # (a budget line or project searched, "skolskjutsar": its amount)
        from handlers import parse as parse_all
        from handlers.budget import BudgetVerksamhet, Investering, InvesteringGrupp

        named = parse_all(f"vad kostar {last.text}", snap, today)
        label = f"{last.text[:1].upper()}{last.text[1:]}"
        if isinstance(named, BudgetVerksamhet | Investering | InvesteringGrupp):
            return named, label
        return Unknown(text=text, kind="kostnad", about=last.text, unsure=True), label
    if not q.has("uppdrag") and uppdrag_key(q) is None and year(q) is None and refers and \
            not q.has("budget", "investering", "indikator", "maluppfyllelse"):
        # "hur mäts det?" after "vad betyder HME?", "och den gamla då?" after the new HR-chef,
        # "vilka tre saker ska det göra?" after Handslaget's purpose: the same text searched
        # with the new words (what was searched is what "det" is), not read alone; the verb
        # the earlier question asked ("vem leder näringslivsrådet?") is not asked again
        again = TextSearch(text=f"{_ASKED_VERB.sub('', last.text) or last.text} {text}",
                           prefer=last.prefer)
        return again, f"{last.text[:1].upper()}{last.text[1:]}, {text.strip(' ?!.')}"
    if not q.has("uppdrag") or uppdrag_key(q) is not None or not (
            any(w in _PRONOUNS for w in q.words) or "uppdraget" in q.words):
        return None
    from handlers.frames import match_uppdrag_topic

    found = match_uppdrag_topic(f"uppdrag om {last.text}", snap, today)
    if isinstance(found, UppdragCard):
        card = replace(found, asks=_card_asks(_asks(q)))
        return card, f"{last.text[:1].upper()}{last.text[1:]}: {describe(card, snap, card.asks)}"
    if isinstance(found, UppdragList):
        return found, f"Uppdrag om {last.text}"
    return None


def _linked(text: str, q: Query, last: Command, snap: Snapshot, today: dt.date
            ) -> tuple[Command, str] | None:
    """"vilket uppdrag hör den till?" after an indicator: the uppdrag it is linked to;
    "vilka indikatorer följer upp det?" after an uppdrag: its indicators first."""
    refers = any(w in _PRONOUNS for w in q.words)
    remedy = q.phrase(*_REMEDY) and len(q.words) <= 7 and uppdrag_key(q) is None and not [
        w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS
        and w not in _REMEDY_STEMS]
    if isinstance(last, IndikatorCard) and remedy:
        refers = True  # "vad gör vi åt det?", "vilka åtgärder finns?": its uppdrag
    if isinstance(last, IndikatorCard) and len(q.words) <= 4 and q.has("uppdrag") and \
            set(q.classes) <= {"uppdrag", "list", "noise"} and uppdrag_key(q) is None and \
            not distinctive(q, 3) and not set(q.words) & {"finns", "alla", "all", "totalt"}:
        refers = True  # "vilket uppdrag?", "och uppdraget?" after an indicator: its own
    if isinstance(last, UppdragCard) and not refers and len(q.words) <= 3 and \
            set(q.classes) <= {"indikator", "list", "noise"} and q.has("indikator") and \
            not [w for w in distinctive(q, 3) if not w.startswith("indikator")]:
        card: Command = replace(last, asks="indikatorer")  # "vilka indikatorer?" after 4.1
        return card, describe(card, snap)
    if not refers or len(q.words) > 7:
        return None
    if isinstance(last, IndikatorCard) and (q.has("uppdrag") or remedy) and not uppdrag_key(q):
        keys = tuple(k for k, slugs in snap.uppdrag_ind.items() if last.slug in slugs)
        subject = describe(last, snap)
        if len(keys) == 1:
            return UppdragCard(key=keys[0]), f"{subject}, uppdraget"
        if keys:
            return UppdragList(keys=keys, search=subject), f"{subject}, uppdragen"
        return Unknown(text=text, kind="uppdrag", about=f"uppdrag för {subject}",
                       unsure=True), subject
    if isinstance(last, UppdragCard) and any(w.startswith("indikator") for w in q.words):
        card = replace(last, asks="indikatorer")
        return card, describe(card, snap)
    if isinstance(last, BudgetVerksamhet | Investering | BudgetRad) and q.has("uppdrag") and \
            uppdrag_key(q) is None and not [w for w in distinctive(q, 3) if w not in _PRONOUNS
                                            and w not in _ASK_STEMS and w not in _BELONGS
                                            and not w.startswith("uppdrag")]:
        # "vilka uppdrag hör till det?" after a budget line: the uppdrag whose text names it,
        # or that the plan ties none to it (not every uppdrag)
        from handlers.frames import match_uppdrag_topic

        subject = describe(last, snap)
        name = subject.split(",")[0]
        found = match_uppdrag_topic(f"vilka uppdrag handlar om {name}", snap, today)
        if isinstance(found, UppdragCard | UppdragList):
            return found, f"{subject}, uppdragen"
        return Unknown(text=text, kind="uppdrag", about=f"uppdrag för {name}",
                       unsure=True), subject
    return None


def _narrowed(q: Query, text: str, cmd: Command, last: Command, snap: Snapshot
              ) -> tuple[Command, str] | None:
    """The subject's own question again, changed by what the follow-up names: "och utan
    gymnasieskolan?" after the deviations (the total without it), "och i målområde 5?" after a
    list of indicators, "och till KF?" after the uppdrag per month, "och snittet?", "högsta
    värdet?" after an indicator (its series' statistic)."""
    from handlers.frames import _LEFT_OUT, _verksamheter
    from handlers.questions import _series_stat

    words = set(q.words)
    if isinstance(last, BudgetOverview) and last.focus == "avvikelse" and last.kind == "drift" \
            and (m := _LEFT_OUT.search(q.text)) is not None:
        codes = _verksamheter(analyse(m.group(1), snap), snap)
        if codes:
            without = BudgetOverview(year=last.year, focus="avvikelse", without=tuple(codes))
            return without, describe(without, snap)
    if isinstance(last, IndikatorList) and q.words[0] in ("och", "and", "men") and \
            (n := _area_number(q)) is not None and len(q.words) <= 5:
        inside = replace(last, malomrade=n)
        return inside, describe(inside, snap)
    if isinstance(last, UppdragManader) and q.words[0] in ("och", "and") and len(q.words) <= 4:
        body = "KF" if q.has("kf") else "KS" if q.has("ks") else None
        if body is not None or words & {"alla", "all"}:
            other = replace(last, body=body)
            return other, "Uppdrag per månad" + (f" till {body}" if body else "")
    if isinstance(last, IndikatorCard) and isinstance(cmd, IndikatorList) and \
            cmd == IndikatorList() and len(q.words) <= 6 and not q.core and \
            set(q.words) & _LATEST_WORDS and set(q.words) <= _LATEST_WORDS | _LATEST_NAMES | {
                "och", "vad", "var", "ar", "det", "da", "dess", "hennes", "dens", "and", "what",
                "is", "the", "its"}:
        # "och senaste värdet?", "vad var senaste mätningen?" after an indicator's target:
        # its own latest value (not every indicator's)
        latest = replace(last, asks=None, series=None, until=None, stat=None, months=None,
                         than_year=False)
        return latest, describe(latest, snap)
    if isinstance(last, IndikatorCard) and (stat := _series_stat(q)) is not None and \
            len(q.words) <= 5 and not [w for w in distinctive(q, 3) if w not in _STAT_STEMS]:
        series = last.series if last.series is not None else 0
        stated = replace(last, stat=stat, series=series, asks=None)
        return stated, describe(stated, snap, "trend")
    return None


# "och senaste värdet?": the latest named, with what it is of (a value, a measurement)
_LATEST_WORDS = frozenset({"senaste", "aktuella", "aktuellt", "nuvarande", "nu", "latest",
                           "current"})
_LATEST_NAMES = frozenset({"vardet", "varde", "matningen", "matning", "matvarde", "matvardet",
                           "utfallet", "siffran", "value"})
_STAT_STEMS = frozenset(stem(w) for w in ("snitt", "snittet", "genomsnitt", "genomsnittet",
                                          "hogsta", "hogst", "lagsta", "lagst", "vardet",
                                          "varde", "medelvardet", "average", "mean", "avg"))


def _area_number(q: Query) -> int | None:
    m = re.search(r"\b(?:malomrade\w*|omrade\w*|mo)\s*(\d)\b", q.text)
    return int(m.group(1)) if m else None


_RANGE_YEARS = re.compile(r"\b(20\d\d)\s*(?:-|–|—|till|to|och|o|and|,|\s)\s*(20\d\d)\b")
_ADDED = frozenset({"sammanlagt", "totalt", "summa", "summan", "tillsammans", "ihop",
                    "sammantaget", "in total", "total"})


def _line_years(q: Query, last: Command, snap: Snapshot) -> tuple[Command, str] | None:
    """"och 2026–2028 sammanlagt?", "2027 och 2028?" after a budget line: the line over those
    years (added up when asked), not one year's card."""
    if not isinstance(last, BudgetVerksamhet):
        return None
    m = _RANGE_YEARS.search(q.text)
    if m is None or [w for w in distinctive(q, 3) if w not in _ASK_STEMS
                     and w not in _COMPARE_STEMS and stem(w) not in _ADDED]:
        return None
    lo, hi = sorted((int(m.group(1)), int(m.group(2))))
    if hi - lo > 6:
        return None
    years = tuple(range(lo, hi + 1)) if re.search(r"-|–|—|till|to", m.group(0)) else (lo, hi)
    words = set(q.words)
    cmp = BudgetCompare(codes=(last.code,), years=years,
                        focus="avvikelse" if last.focus == "avvikelse" else "budget",
                        summed=bool(words & _ADDED))
    return cmp, describe(last, snap) + (", sammanlagt" if cmp.summed else ", jämförelse")


def _compared(q: Query, last: Command, snap: Snapshot, today: dt.date
              ) -> tuple[Command, str] | None:
    """"jämför med 2025", "hur mycket mer än i fjol är det?" after a budget line: the line
    between the two years; "jämfört med förra mätningen?" after an indicator: its card,
    which shows the latest value against the one before."""
    words = set(q.words)
    if not (words & set(_COMPARE) or q.phrase(*_MORE) or (
            isinstance(last, BudgetCompare) and words & _CHANGE)):
        return None
    if [w for w in distinctive(q, 3) if w not in _COMPARE_STEMS and w not in _ASK_STEMS
            and w not in _CHANGE_STEMS]:
        return None  # another thing named: a comparison of its own
    if isinstance(last, BudgetCompare):
        # "hur mycket ökar det?", "vad är skillnaden?" after a comparison: its first line is
        # the difference
        return last, describe(last, snap, "skillnaden")
    if isinstance(last, BudgetVerksamhet):
        base = last.year or snap.plan_year or today.year
        years = {int(y) for y in re.findall(r"\b(20\d\d)\b", q.text)} - {base}
        if not years:
            years = {base - 1}  # "jämfört med i fjol", "mer än året innan"
        # a closed year is compared by its outcome ("budget 2026" … "jämfört med 2024?": the
        # utfall 2024, which the year has, against the budget 2026)
        closed = bool(years & set(outcome_years(snap, "drift")))
        cmp = BudgetCompare(codes=(last.code,), years=tuple(sorted({base, *years})),
                            focus="avvikelse" if last.focus == "avvikelse" else
                            ("utfall" if closed or last.outcome else "budget"))
        return cmp, describe(last, snap) + ", jämförelse"
    if isinstance(last, BudgetOverview) and last.focus == "budget" and not (
            last.sign or last.change or last.largest):
        # "skillnad mot 2026?" after the budget of 2029: the nämnd's total between the years
        base = last.year or snap.plan_year or today.year
        years = {int(y) for y in re.findall(r"\b(20\d\d)\b", q.text)} - {base} or {base - 1}
        total = BudgetCompare(codes=(), years=tuple(sorted({base, *years})), total=last.kind)
        return total, describe(last, snap) + ", jämförelse"
    if isinstance(last, IndikatorCard) and words & set(_BEFORE) | {"matningen", "senaste"}:
        # the latest measurements, then and now ("jämfört med i fjol?": against the year before)
        card = replace(last, asks=None, series=0, until=None,
                       than_year=q.phrase(*THAN_LAST_YEAR))
        return card, describe(card, snap)
    return None


_VALUE_OF_YEAR = ("vad var det", "vad var den", "hur var det", "vad blev det", "vad lag det",
                  "vad lag den", "hur sag det ut", "what was it")
_HOW_IT_WENT = ("hur gick det", "hur blev det", "hur gick", "klarade vi", "klarade", "nadde vi",
                "nadde", "naddes", "uppfylldes", "how did")


def _goal_of_year(q: Query, last: IndikatorCard, snap: Snapshot, today: dt.date
                  ) -> MaluppfyllelseView | None:
    """"hur gick det 2024?" after an indicator: how the annual report's goal of it went that
    year (the report's måluppfyllelse row, "HME-resultat, index" for Samlat HME-resultat),
    when the report covers the year; else None (the indicator's measurements)."""
    y = year(q, today)
    # "vad var det 2024?": its value in a year before the plan's (which the plan's
    # measurements do not reach), the report's row of it
    valued = y is not None and y < (snap.plan_year or today.year) and \
        q.phrase(*_VALUE_OF_YEAR) and len(q.words) <= 6
    if y is None or not (q.phrase(*_HOW_IT_WENT) or valued) or uppdrag_key(q) is not None or \
            not any(m["year"] == y for m in snap.maluppfyllelse):
        return None
    ind = snap.ind_by_slug.get(last.slug)
    if ind is None:
        return None
    from handlers import frames

    row = frames.match(f"hur gick det för {ind['name']} {y}", snap, today)
    if isinstance(row, MaluppfyllelseView) and row.measure:
        return row
    return None


# which went over or under budget, asked after money: "vilka drog över?"
_WENT_OVER = ("drog over", "gick over", "overskred", "overskreds", "sprack", "over budget",
         "gick med underskott", "hade underskott", "underskott", "went over", "overspent")
_WENT_UNDER = ("under budget", "gick med overskott", "hade overskott", "overskott", "blev billigare",
          "underspent", "went under", "gick under", "drog under", "hamnade under", "lag under")
_WENT_WORDS = frozenset(stem(w) for p in (*_WENT_OVER, *_WENT_UNDER) for w in p.split())


def _over_under(q: Query, last: Command) -> BudgetOverview | None:
    """"vilka drog över?", "vilka hade överskott?" after a year's investments or budget
    lines: the lines or projects of that year over (or under) budget, not a word to find."""
    if not isinstance(last, Investering | InvesteringGrupp | BudgetOverview | BudgetVerksamhet) \
            or len(q.words) > 6:
        return None
    if not set(q.words) & {"vilka", "vilken", "vilket", "which", "manga"}:
        if isinstance(last, BudgetOverview) and went_over(q) and \
                not [w for w in distinctive(q, 3) if w not in _WENT_WORDS and w not in _ASK_STEMS
                     and w not in _PRONOUNS]:
            # "hur mycket drog de över?" after a year's lines or projects: their deviations,
            # largest first
            return replace(last, focus="avvikelse", outcome=False)
        return None
    under = q.phrase(*_WENT_UNDER)
    if not (under or q.phrase(*_WENT_OVER)) or [
            w for w in distinctive(q, 3) if w not in _WENT_WORDS and w not in _ASK_STEMS
            and w not in {"budget", "budgeten"}]:
        return None
    kind: Literal["drift", "investering"] = "investering" if isinstance(
        last, Investering | InvesteringGrupp) or getattr(last, "kind", "") == "investering" \
        else "drift"
    return BudgetOverview(year=getattr(last, "year", None), kind=kind, focus="avvikelse",
                          sign="överskott" if under else "underskott")


_BEST = frozenset({"bast", "battre", "best", "better"})
_WORST = frozenset({"samst", "samre", "varst", "worst", "worse", "daligast"})


def _after_compared(q: Query, last: IndikatorCompare) -> tuple[Command, str] | None:
    """"vilken är sämst?", "vilken går bäst?" after indicators side by side: which, by their
    assessment; anything else is a question of its own."""
    words = set(q.words)
    best, worst = bool(words & _BEST), bool(words & _WORST)
    if best == worst or not words & {"vilken", "vilket", "vilka", "which", "vem"} or \
            [w for w in distinctive(q, 3) if w not in _ASK_STEMS and w not in _RANK_STEMS]:
        return None
    ranked = replace(last, ranks="bäst" if best else "sämst")
    return ranked, f"De {len(last.slugs)} indikatorerna, {'bäst' if best else 'sämst'}"


_RANK_STEMS = frozenset(stem(w) for w in (*_BEST, *_WORST, "gar", "ligger", "till", "av", "dem",
                                          "dom", "de"))


_PERCENT = frozenset({"procent", "procentuellt", "procentuell", "percent", "percentage"})


def _vague(text: str, q: Query, last: Command, snap: Snapshot) -> tuple[Command, str]:
    """"hur många?" after a målområde is its uppdrag (what a målområde holds); after
    anything else it is asked back, with the two or three readings nearest as buttons,
    rather than the subject's card again."""
    subject = describe(last, snap)
    if isinstance(last, MalomradeView) and set(q.words) & {"manga", "vilka"}:
        return UppdragList(malomrade=last.number), f"{subject}, uppdragen"
    if isinstance(last, MaluppfyllelseView) and not (last.measure or last.goal) and \
            set(q.words) & {"manga"}:
        return last, f"{subject}, antal"  # "hur många?" after the goals not met: counted
    if isinstance(last, BudgetOverview) and (last.sign or last.change) and \
            set(q.words) & {"manga"}:
        # "hur många?" after the lines with underskott: the same list, its lead counts them
        return last, f"{subject}, antal"
    return Unknown(text=text, kind="oklar", about=encode(last)), subject


def readings(last: Command, snap: Snapshot) -> list[tuple[str, Command]]:
    """What a vague follow-up of ``last`` may mean: its card and the questions one asks of
    it next, as (label, command)."""
    name = describe(last, snap)
    out: list[tuple[str, Command]] = [(name, last)]
    if isinstance(last, UppdragCard):
        out += [(f"Vem ansvarar för {name.lower()}?", replace(last, asks="ansvarig")),
                (f"När ska {name.lower()} redovisas?", replace(last, asks="tidplan"))]
    elif isinstance(last, IndikatorCard):
        out += [(f"Målet för {name}", replace(last, asks="mål", series=None, until=None)),
                (f"Utvecklingen för {name}", replace(last, asks=None, series=0, until=None))]
    elif isinstance(last, BudgetVerksamhet):
        nxt = (last.year or snap.plan_year or 2026) + 1
        base = name.split(",")[0]
        out += [(f"{base}, avvikelse 2024", replace(last, year=2024, focus="avvikelse")),
                (f"{base}, budget {nxt}", replace(last, year=nxt, focus="budget"))]
    elif isinstance(last, MalomradeView):
        out += [(f"Uppdragen i målområde {last.number}", UppdragList(malomrade=last.number)),
                (f"Indikatorerna i målområde {last.number}", IndikatorList(malomrade=last.number))]
    return out[:3]


def _part_of_subject(q: Query, last: Command, snap: Snapshot, today: dt.date
                     ) -> Command | None:
    """A question of what the subject's card shows ("och aktiviteterna?" after an uppdrag,
    "när mäts den nästa gång?" after an indicator), or an indicator's value in a month
    ("vad var det i september?"): the card again (that year's series), naming nothing
    else."""
    # "kopplade indikatorer?", "vilka indikatorer hör till?", "vilka indikatorer har den?"
    # after an uppdrag: its own links, not every indicator
    # ("vilka indikatorer följer man?", "vilka nyckeltal följs upp?": the verb of following
    # them is no subject of its own)
    linked = isinstance(last, UppdragCard) and (bool(set(q.words) & {
        "kopplade", "kopplad", "kopplat"}) or (q.has("indikator") and not [
            w for w in q.core if w not in _LINK_VERBS] and bool(
            set(q.words) & _BELONGS or q.core) and colour(q) is None and
            not q.has("kf", "malomrade")))
    if uppdrag_key(q) is not None or q.has("uppdrag", "budget", "investering") or (
            not set(q.classes.get("indikator", ())) <= _SOURCE and not linked) or \
            set(q.words) & set(_WHO_STRICT):
        # ("siffran" is an indicator word, and a part of its card: the source; "vem lägger in
        # siffrorna?" asks who, "vilken källa?" does not)
        return None
    rest = [w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS
            and w not in _PART_STEMS]
    if rest:
        return None
    words = set(q.words)
    if linked and isinstance(last, UppdragCard) and q.has("indikator"):
        return replace(last, asks="indikatorer")  # "vilka indikatorer följs upp?": its links
    if isinstance(last, IndikatorCard) and any(w.startswith(("utgangslag", "utgangsvard",
                                                             "baslinje", "baseline"))
                                               for w in words):
        return replace(last, asks="utgångsläge", series=None, months=None)  # "vad var utgångsläget?"
    if isinstance(last, UppdragCard) and words & {"aktiviteter", "aktiviteterna"}:
        return replace(last, asks="aktiviteter")  # "och aktiviteterna?": them first
    if isinstance(last, UppdragCard) and words & _FOLLOWED and not words & _SCOPE:
        return replace(last, asks="uppföljning")
    if isinstance(last, UppdragCard) and words & _SCOPE and not words & _FOLLOWED:
        return replace(last, asks="omfattning")
    if isinstance(last, UppdragCard) and words & _CARD_PARTS:
        # "hur följs det upp?": its uppföljning first; "och aktiviteterna?": its aktiviteter;
        # "har det rapporterats något?": its latest update
        part = card_part(q)
        if part is not None:
            return replace(last, asks=part)
        if any(w.startswith("aktivitet") for w in words):
            return replace(last, asks="aktiviteter")
        if any(w.startswith(("uppdater", "rapporter")) for w in words):
            return replace(last, asks="uppdaterad")
        return replace(last, asks=None)
    if linked and isinstance(last, UppdragCard):
        return replace(last, asks="indikatorer")  # "vilka indikatorer hör till?"
    if isinstance(last, IndikatorCard) and words & set(_TARGET) and \
            q.phrase("langt ifran", "lang ifran", "langt fran"):
        # "hur långt ifrån målet är vi?": the distance to its target ("ifrån" is no source
        # asked here, as in "var kommer siffran ifrån?")
        return replace(last, asks="mål", series=None, until=None)
    if isinstance(last, IndikatorCard) and words & _IND_PARTS:
        return replace(last, asks=None, series=None, until=None)
    if isinstance(last, KoladaRank) and (words & (_IND_PARTS | set(_TARGET)) or (
            words & {"nar", "klarar", "uppnar", "reach"} and words & set(_PRONOUNS))):
        # "hur mäts det?", "når vi det?" after a strategic goal: its answer says how, and
        # where the municipality stands
        return last
    if isinstance(last, IndikatorCard) and q.has("month") and not q.has("ks", "kf") and \
            not q.phrase("ska till", "ska redovisas", "redovisas") and \
            (per := period(q, today, snap.plan_year)) is not None:
        # ("vad ska till KS i december?" after an indicator: the uppdrag due, not its value)
        # the month's value first ("hur var den i september?"), or that it has none
        months = _months_of(per[0], per[1])
        return replace(last, asks=None, series=0 if months and year(q) is None else per[0].year,
                       until=None, months=months)
    return None


# how the subject stands, asked of it: "e det bra?", "ligger vi bra till?", "når vi målet?",
# "är det grönt?", "is it on track?"; and how it moved: "ökade eller minskade det?"
_JUDGE = frozenset({"bra", "daligt", "battre", "samre", "gront", "gron", "gult", "gul", "rott",
                    "rod", "good", "bad", "track", "vag", "illa", "kasst"})
# ("vad är målet?" is its target: asks "mål")
_JUDGE_PHRASES = ("bra till", "on track", "ratt vag", "ratt hall", "hur ser det ut",
                  "nar vi malet", "klarar vi malet", "klarar vi det", "nas malet", "natt malet",
                  "nadde vi", "going well", "good or bad", "is it good")
# the words of getting better or worse ("förbättras", "improving", "getting worse")
_BETTER_STEMS = ("forbattr", "forsamr", "battre", "samre", "improv", "getting", "better",
                 "worse", "gott", "blivit", "blir", "blev", "ratt", "hall", "fel")
# the verbs of meeting a target: "klarar vi målet?", "klarade den det?"
_MOVED = frozenset({"okade", "minskade", "okat", "minskat", "upp", "ner", "ned", "steg", "sjonk",
                    "gick upp", "up", "down"})
# what such a question may hold besides: "e det bra eller dåligt?", "ligger vi bra till nu?"
_JUDGE_CLASSES = frozenset({"social", "noise", "time", "goal", "list", "colour_green",
                            "colour_red", "colour_yellow"})


def _months_of(start: dt.date | None, end: dt.date | None) -> tuple[int, int] | None:
    """The months of a period within one year ("i september": (9, 9)); None otherwise."""
    if start is None or end is None or start.year != end.year or start.day != 1:
        return None
    return start.month, end.month


def _judged(q: Query, last: Command, snap: Snapshot) -> tuple[Command, str] | None:
    """Whether the subject is good or on target, asked of it alone: an indicator's
    bedömning ("Ja, Arbetslöshet är grön …"), a goal's row again (its colour and trend), an
    uppdrag's whether it is late, a past year's budget line's deviation; how an indicator
    moved ("ökade eller minskade det?"): its latest measurements. None for anything else."""
    words = set(q.words)
    # "klarar vi målet?", "klarade vi det?": the verb (read as the status klar) judges
    classes = set(q.classes) - ({"status"} if set(q.classes.get("status", ())) <= MEET_VERBS
                                else set())
    if len(q.words) > 7 or uppdrag_key(q) is not None or classes - _JUDGE_CLASSES or \
            q.phrase(*THAN_LAST_YEAR) or words & set(_BEFORE) or year(q) is not None:
        return None  # "är den bättre än förra året?": against a year, the measurements
    if isinstance(last, IndikatorCard) and asks_better(q) and not [
            w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS
            and not w.startswith(_BETTER_STEMS)]:
        # "is it improving?", "förbättras den?", "har den förbättrats?": by its direction
        better = replace(last, asks="bättre", series=None, months=None)
        return better, describe(better, snap)
    if [w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS
            and w not in _JUDGE and not w.startswith("utgangslag")]:
        return None  # a word of something else: "är det bra för företagen?"
    moved = bool(words & _MOVED) and not words & (_JUDGE - {"battre", "samre"})
    judged = bool(words & _JUDGE) or q.phrase(*_JUDGE_PHRASES) or (
        bool(words & MEET_VERBS) and bool(words & {*_TARGET, *_PRONOUNS}) and
        not words & {"manga", "antal", "vilka", "vilken", "vilket", "vem", "vilkas"})
    # ("hur många klarade det?" after the SFI row counts those who passed: its comment)
    if not (judged or moved):
        return None
    if isinstance(last, IndikatorCard):
        if moved and not judged:
            series = replace(last, series=0, asks=None, months=None)
            return series, describe(series, snap, "trend")
        asks: Literal["utgångsläge", "uppfyllt"] = "utgångsläge" if any(
            w.startswith("utgangslag") for w in words) else "uppfyllt"
        card = replace(last, asks=asks, series=None, months=None)
        return card, describe(card, snap)
    if isinstance(last, MaluppfyllelseView | Investering):
        return last, describe(last, snap)  # its colour, trend and comment; its deviation
    if isinstance(last, UppdragCard) and judged:
        late = replace(last, asks="försenad")
        return late, describe(late, snap)
    if isinstance(last, BudgetVerksamhet) and judged and (
            last.focus == "avvikelse" or last.outcome or last.year in outcome_years(snap, "drift")):
        line = replace(last, focus="avvikelse", outcome=False)
        return line, describe(line, snap)
    if judged and isinstance(last, BudgetVerksamhet | BudgetOverview | BudgetRad | NyckeltalView):
        # "e det bra?" after a budget of a year not yet closed: the plan judges no budget
        subject = describe(last, snap)
        return Unknown(text=q.text, about=f"någon bedömning av {subject}", unsure=True), subject
    return None


_REMEDY_STEMS = frozenset(stem(w) for w in ("gor", "gors", "gora", "atgarder", "atgard", "vi",
                                             "kommunen", "ni", "man", "jobbar", "doing", "are",
                                             "we", "ska", "for", "att", "at", "finns", "med"))


def _persons_own(q: Query, last: Command, snap: Snapshot) -> tuple[Command, str] | None:
    """"vad mer är hen ansvarig för?", "vilka andra uppdrag har hon?" after an uppdrag (its
    ansvariga asked, or its card): the uppdrag of the same ansvariga; None otherwise."""
    words = set(q.words)
    if not isinstance(last, UppdragCard) or not words & _PERSON or uppdrag_key(q) is not None \
            or len(q.words) > 8 or not (
                q.has("owner", "uppdrag") or words & {"ager", "mer", "fler", "andra", "annat",
                                                       "else"}):
        return None
    if set(q.classes) - {"owner", "uppdrag", "noise", "list", "time", "ordinal"} or [
            w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS
            and w not in _PERSON and w not in _OWN_STEMS]:
        return None  # "hur når jag hen?", "vad tycker han?": not what they own
    theirs = UppdragList(owner_of=last.key)
    return theirs, f"Ansvariga för {describe(last, snap).lower()}, deras uppdrag"


_OWN_STEMS = frozenset(stem(w) for w in ("ager", "mer", "fler", "andra", "annat", "else",
                                         "ansvarig", "ansvarar", "har", "uppdrag", "for",
                                         "owns", "responsible"))


def _meant(q: Query, last: Command, snap: Snapshot) -> tuple[Command, str] | None:
    """"vad betyder det?", "vad innebär det?" after a subject: the subject again, explained (a
    goal's row with its comment, a line's or project's deviation with its analysis, an
    indicator's bedömning); None when the message names anything of its own."""
    words = set(q.words)
    if not q.phrase(*_MEANS) or not (words & {*_PRONOUNS, "that", "it", "this"} or
                                     words == {"dvs"}) or not words <= _MEANS_WORDS:
        return None
    if isinstance(last, MaluppfyllelseView | Investering):
        return last, describe(last, snap, "förklaring")
    if isinstance(last, BudgetVerksamhet) and (
            last.focus == "avvikelse" or last.year in outcome_years(snap, "drift")):
        line = replace(last, focus="avvikelse", outcome=False)
        return line, describe(line, snap, "förklaring")
    if isinstance(last, IndikatorCard):
        card = replace(last, asks="förklaring", series=None, months=None)
        return card, describe(card, snap)
    if isinstance(last, UppdragCard):
        whole = replace(last, asks=None)
        return whole, describe(whole, snap)
    return last, describe(last, snap)  # a budget, a list: the same answer (not a search of "det")


def _sibling_row(q: Query, last: MaluppfyllelseView, snap: Snapshot
                 ) -> MaluppfyllelseView | None:
    """The one other row of the subject row's goal (and year) whose measure has every new
    word of the follow-up: "och för AME?" after "Sjukfrånvaro exkl. AME, procent" is
    "Sjukfrånvaro AME, procent" (the words the subject has after "exkl." name the other)."""
    goal = next((m["goal"] for m in snap.maluppfyllelse if m["measure"] == last.measure), None)
    own = [w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS]
    if goal is None or not own:
        return None
    found = {m["measure"] for m in snap.maluppfyllelse
             if m["goal"] == goal and m["measure"] != last.measure
             and (last.year is None or m["year"] == last.year)
             and all(any(s.startswith(w) for s in content_words(m["measure"]) + [
                 t.lower() for t in re.findall(r"\w+", m["measure"])]) for w in own)}
    if len(found) != 1:
        return None
    return replace(last, measure=found.pop(), asks=None)


# the rest of a group, asked after one part of it: "och resten av förvaltningen?", "övriga?"
_COMPLEMENT = frozenset({"resten", "rest", "ovriga", "ovrig", "ovrigt", "andra", "others",
                         "remaining", "kvarvarande"})
# the whole a rest is of, and the people in it: words that name no row of their own
_WHOLE = frozenset(stem(w) for w in (
    "forvaltningen", "forvaltning", "forvaltningarna", "klf", "kommunledningsforvaltningen",
    "kommunledningsforvaltning", "personalen", "personal", "medarbetarna", "medarbetare",
    "anstallda", "de", "dom", "alla", "kommunen", "organisationen", "staff", "rows", "raderna",
    "raden", "malet", "delen", "delarna"))


def _complement_row(q: Query, last: MaluppfyllelseView, snap: Snapshot
                    ) -> MaluppfyllelseView | None:
    """The one other row of the subject row's goal, asked as the rest of the group: "och för
    resten av förvaltningen?" after "Sjukfrånvaro AME" is "Sjukfrånvaro exkl. AME" (the goal
    has the two). Only words of the whole ("förvaltningen", "personalen") may come besides."""
    if not set(q.words) & _COMPLEMENT or len(q.words) > 7 or uppdrag_key(q) is not None:
        return None
    own = [w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS
           and w not in _WHOLE and stem(w) not in _WHOLE
           and w not in {stem(c) for c in _COMPLEMENT} and w not in _COMPLEMENT]
    if own:
        return None
    if last.measure is None:
        # after both rows of a goal ("sjukfrånvaron på AME 2024" is the goal's two rows):
        # which one was meant is not kept, so the two again (each with its outcome)
        return replace(last, asks=None) if sum(
            m["goal"] == last.goal and (last.year is None or m["year"] == last.year)
            for m in snap.maluppfyllelse) > 1 else None
    goal = next((m["goal"] for m in snap.maluppfyllelse if m["measure"] == last.measure), None)
    others = {m["measure"] for m in snap.maluppfyllelse
              if goal is not None and m["goal"] == goal and m["measure"] != last.measure
              and (last.year is None or m["year"] == last.year)}
    if len(others) != 1:
        return None
    return replace(last, measure=others.pop(), asks=None)


def _counted_in_row(q: Query, last: MaluppfyllelseView, snap: Snapshot) -> bool:
    """The subject row's comment counts what the follow-up asks how many of: "hur många
    elever?" after the SFI row ("Endast 9 av 99 elever klarade 2 kurser"); "hur många klarade
    det?" (the row's verb). Not a head count the comment does not give ("hur många
    deltagare?" after AME's row)."""
    if not last.measure or not q.phrase("hur manga", "how many"):
        return False
    comments = [fold(m["comment"] or "") for m in snap.maluppfyllelse
                if m["measure"] == last.measure and (last.year is None or m["year"] == last.year)]
    asked = [w for w in q.words if len(w) >= 4 and w not in ("manga", "many")]
    return bool(asked) and any(
        re.search(r"\b\d+\s+(?:av\s+\d+\s+)?(?:\w+\s+){0,1}" + re.escape(w[:5]), c)
        for c in comments for w in asked)


def _in_row(q: Query, last: MaluppfyllelseView, snap: Snapshot) -> bool:
    """Every new word of the follow-up is in the subject row's own text (its goal, measure,
    comment): "kommuner" in "2 av 12 kommuner i länet har lägre arbetslöshet …"."""
    rows = [m for m in snap.maluppfyllelse if (last.year is None or m["year"] == last.year)
            and (last.measure is None or m["measure"] == last.measure)
            and (last.goal is None or m["goal"] == last.goal)]
    # ("jämfört med länet?": the comparison's own words are no subject)
    own = [w for w in distinctive(q, 3) if w not in _PRONOUNS and w not in _ASK_STEMS
           and w not in _COMPARE_STEMS]
    if not rows or not own:
        return False
    said = content_words(" ".join(str(r.get(f) or "") for r in rows
                                  for f in ("goal", "measure", "comment")))
    # "klarade" is the row's "klarar": the same five first letters
    return all(any(s.startswith(w) or (len(s) >= 5 and w.startswith(s)) or (
        len(s) >= 5 and len(w) >= 5 and s[:5] == w[:5]) for s in said) for w in own)


def _in_subject(own: list[str], last: UppdragCard, snap: Snapshot) -> bool:
    """Every new word is a word of the subject uppdrag's own text (its title, description,
    scope, uppföljning): "initiativ" in 1.4's "omfattar initiativen …"."""
    u = snap.uppdrag_by_key.get(last.key)
    if u is None:
        return False
    said = content_words(" ".join(u.get(f) or "" for f in ("title", "description", "scope",
                                                             "uppfoljning")))
    return all(any(s.startswith(w) or (len(s) >= 5 and w.startswith(s)) for s in said)
               for w in own)


def _narrower(last: IndikatorCard, own: list[str], snap: Snapshot) -> str | None:
    """The indicator a follow-up's new words narrow the subject's to: one whose name has
    the subject's words and the new ones ("Personalomsättning" … "och för chefer?" is
    Personalomsättning chefer, not Medarbetare/chef)."""
    ind = snap.ind_by_slug.get(last.slug)
    if ind is None or not own:
        return None
    base = content_words(ind["name"])
    said = content_words(" ".join([ind["name"], *(ind.get("aliases") or [])]))
    own = [w for w in own if not any(b.startswith(w) or w.startswith(b) for b in said)]
    if not own:
        return None  # "hur ligger vi till med sjukfrånvaron?": the subject named again, no narrower
    for m in snap.index.search([*base, *own], kinds={"indikator"}, limit=3):
        if m.entry.key != last.slug and set(own) <= m.matched and m.matched & set(base):
            return m.entry.key
    return None


def _merge(last: Command, y: int | None, focus: Focus | None, asks: str | None = None) -> Command:
    if isinstance(last, BudgetRad):  # "och 2023?", "hur har de utvecklats?" after a result row
        return replace(last, years=(y,) if y is not None else last.years,
                       focus="trend" if asks == "trend" else (focus or last.focus))
    if isinstance(last, BudgetVerksamhet) and focus is not None and last.outcome:
        last = replace(last, outcome=False)  # "utfall X 2024" … "och budgeten?": the budget first
    if isinstance(last, BudgetVerksamhet | BudgetOverview):
        return replace(last, year=y if y is not None else last.year,
                       focus=focus or last.focus)  # type: ignore[arg-type]
    if isinstance(last, InvesteringGrupp) and y is not None:
        return replace(last, year=y, until=None)  # "och 2031?" after a stretch: that year
    if isinstance(last, Investering | MaluppfyllelseView | InvesteringGrupp):
        return replace(last, year=y if y is not None else last.year)
    if isinstance(last, UppdragCard):
        return replace(last, asks=asks if asks in ("ansvarig", "tidplan", "ansvarig och tidplan",
                                                   "klar")
                       else None)  # type: ignore[arg-type]
    if isinstance(last, IndikatorCard):
        return replace(last, asks="ansvarig" if asks and asks.startswith("ansvarig") else
                       ("mål" if asks == "mål" else None),
                       series=(y or 0) if asks == "trend" or y is not None else last.series,
                       until=None if asks == "trend" or y is not None else last.until)
    return last


def describe(cmd: Command, snap: Snapshot, asks: str | None = None) -> str:
    """What a merged command is about, in a few words: "Färdtjänst, budget 2027"."""
    shown = {"trend": "utvecklingen", "mål": "målet", "klar": "status"}.get(asks or "", asks)
    tail = f", {shown}" if shown and shown != "hur mycket" else ""
    if isinstance(cmd, BudgetVerksamhet):
        name = snap.verksamheter.get(cmd.code, cmd.code)
        when = f" {cmd.year}" if cmd.year else ""
        measure = "utfall" if cmd.outcome else cmd.focus  # the card heads "utfall 2024" too
        return f"{name}, {measure}{when}{tail}"
    if isinstance(cmd, BudgetOverview):
        what = "Investeringar" if cmd.kind == "investering" else (
            {"underskott": "Underskott", "överskott": "Överskott"}.get(cmd.sign or "", "Avvikelser")
            if cmd.focus == "avvikelse" else "Driftbudget")
        return what + (f" {cmd.year}" if cmd.year else "") + tail
    if isinstance(cmd, Investering):
        return f"{cmd.project or 'Investeringar'}" + (f", {cmd.year}" if cmd.year else "") + tail
    if isinstance(cmd, BudgetRad):
        return row_name(cmd.row) + "".join(f" {y}" for y in cmd.years[-1:]) + tail
    if isinstance(cmd, InvesteringGrupp):
        return cmd.group + (f" {cmd.year}" if cmd.year else "") + (
            f"–{cmd.until}" if cmd.until else "") + tail
    if isinstance(cmd, MaluppfyllelseView):
        shade = {"röd": ", ej uppfyllda", "grön": ", uppfyllda", "gul": ", delvis uppfyllda"}
        return "Måluppfyllelse" + (f" {cmd.year}" if cmd.year else "") + \
            shade.get(cmd.colour or "", "") + tail
    if isinstance(cmd, UppdragCard):
        return f"{snap.word('uppdrag', 'Uppdrag')} {cmd.key}{tail}"
    if isinstance(cmd, AktivitetCard):
        return f"Aktivitet {cmd.key}{tail}"
    if isinstance(cmd, BudgetCompare):
        names = " och ".join(snap.verksamheter.get(c, c) for c in cmd.codes) or (
            "Investeringar totalt" if cmd.total == "investering" else "Nettokostnad")
        years = f"{cmd.years[0]}–{cmd.years[-1]}" if len(cmd.years) > 2 else \
            " och ".join(str(y) for y in cmd.years)
        return f"{names}, {cmd.focus} {years}{tail}"
    if isinstance(cmd, IndikatorCard):
        ind = snap.ind_by_slug.get(cmd.slug)
        return f"{ind['name'] if ind else cmd.slug}{tail}"
    if isinstance(cmd, IndikatorCompare):
        return " och ".join(snap.ind_by_slug[s]["name"] if s in snap.ind_by_slug else s
                            for s in cmd.slugs) + tail
    if isinstance(cmd, MalomradeView):
        return f"Målområde {cmd.number}{tail}"
    if isinstance(cmd, KoladaRank):
        return f"Det strategiska målet för {cmd.about}{tail}"
    if isinstance(cmd, NyckeltalView):
        from handlers.texts import TOPICS
        name = TOPICS[cmd.topic][0] if cmd.topic in TOPICS else next(
            (f["name"] for f in snap.nyckeltal if f["slug"] == cmd.topic), cmd.topic)
        return name + (f" {cmd.year}" if cmd.year else "") + tail
    if isinstance(cmd, UppdragList):
        word = snap.word("uppdrag", "Uppdrag")
        to = f" till {cmd.body}" if cmd.body else ""
        where = f" i målområde {cmd.malomrade}" if cmd.malomrade is not None else ""
        when = f" {period_words(cmd.period)}" if cmd.period else ""
        return f"{word}{to}{when}{where}{tail}"
    if isinstance(cmd, IndikatorList):
        where = f" i målområde {cmd.malomrade}" if cmd.malomrade is not None else ""
        return f"{snap.word('indikator', 'Indikator')}er{where}{tail}"
    if isinstance(cmd, UppdragManader):
        return "Uppdrag per månad" + (f" till {cmd.body}" if cmd.body else "") + tail
    return re.sub(r"\s+", " ", type(cmd).name)
