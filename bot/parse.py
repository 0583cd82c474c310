"""Parse a Swedish chat message into a typed command. Pure: text + snapshot + today in.

The message is folded (case, å/ä/ö) and split into words. Each word is either an *intent*
word (uppdrag, budget, avvikelse, försenade, december …, typos allowed), a stopword, or a
*content* word. Content words are matched against the live vocabulary of the store
(bot.matching); intent words decide what kind of answer is wanted. Numbers like "3,2",
"3.2", "uppdrag 3 2" and "andra uppdraget i målområde 3" normalise to uppdrag keys.

The rules, in order:

1. nothing, or "hjälp" → Help
2. an uppdrag key → UppdragCard
3. måluppfyllelse → MaluppfyllelseView
4. årshjul / "vad händer i april" / "när är delårsrapporten" → ArshjulView
5. investering words → Investering or the investment budget
6. budget / avvikelse words → BudgetVerksamhet, Investering or BudgetOverview
7. uppdrag lists: without owner, late, silent, due in a period, per status / målområde, all
8. "målområde 3" → MalomradeView (or its indicators / uppdrag)
9. indicator lists, the list of målområden
10. the best vocabulary match → its card
11. nothing matched → Unknown (answered with "Menade du …")
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from rapidfuzz import fuzz, process

from bot import commands as c
from bot.matching import STOPWORDS, Match, also_matching, content_words
from bot.models import Status
from bot.snapshot import Snapshot
from bot.text import fold, stem

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")
_MONTH_WORDS = {name: n for n, name in enumerate(MONTHS, 1)}
_MONTH_WORDS.update({"jan": 1, "feb": 2, "febr": 2, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                     "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
                     "januaris": 1, "februaris": 2, "mars": 3, "aprils": 4, "majs": 5,
                     "junis": 6, "julis": 7, "augustis": 8, "septembers": 9, "oktobers": 10,
                     "novembers": 11, "decembers": 12})
_ORDINALS = {"forsta": 1, "andra": 2, "tredje": 3, "fjarde": 4, "femte": 5, "sjatte": 6,
             "sjunde": 7, "attonde": 8, "nionde": 9, "tionde": 10}
_NUMBER_WORDS = {"en": 1, "ett": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6,
                 "sju": 7, "atta": 8, "nio": 9, "tio": 10, "tjugo": 20, "trettio": 30,
                 "fyrtio": 40, "femtio": 50, "sextio": 60, "nittio": 90}

# uppdrag keys: "3.2", "3,2", "3. 2"; not part of a larger number, a date, an amount or a
# percentage; a sentence may end right after ("uppdrag 3.2.")
_UNIT_AFTER = r"(?!\s*(?:%|procent|tkr|mnkr|mkr|kr\b|kronor|miljon))"
_KEY = re.compile(r"(?<![\d])(?<![\d][.,])(\d{1,2})\s?[.,:]\s?(\d{1,2})(?!\d|[.,:]\d)" + _UNIT_AFTER)
_KEY_WORDS = re.compile(r"\b(?:uppd\w*|upd\w*|nr|nummer|punkt|verksamhetsmal\w*)\s+(\d{1,2})\s+(\d{1,2})\b")
_KEY_IN_AREA = re.compile(
    r"\b(?:uppd\w*\s+(?:nummer\s+|nr\s+)?(\d{1,2})|(\w+)\s+uppd\w*)\s+(?:i|inom|under|for)\s+"
    r"(?:malomr\w*|omr\w*)\s*(\d{1,2})\b")
_YEAR = re.compile(r"\b(20\d\d)\b")
_MALOMRADE = re.compile(r"\b(?:m[aå]l\s?omr[aå]d\w*|malomr\w*|mo|omradet|omrade|mal|malet)"
                        r"(?:\s*(?:nr\s*|nummer\s*)?(\d{1,2})|\s+(?:nr\s+|nummer\s+)?"
                        r"(en|ett|tva|tre|fyra|fem|sex|sju|atta|nio|tio))\b")
_DAYS = re.compile(r"\b(\d{1,3})\s*(?:dagar|dagarna|dgr|dar|d)\b")
_WEEKS = re.compile(r"\b(\d{1,2})\s*(?:veckor|veckorna|v)\b")
_BARE_UPPDRAG_NUMBER = re.compile(r"\buppd\w*\s+(\d{1,2})\b(?!\s*[.,:]?\s*\d)")

# intent words by class (folded); typos of the longer ones are recognised too
LEXICON: dict[str, tuple[str, ...]] = {
    "help": ("hjalp", "help", "kommandon", "kommando", "instruktioner", "manual", "hjalpa"),
    "uppdrag": ("uppdrag", "uppdragen", "uppdraget", "uppdragens", "uppdragets", "uppdragslista",
                "uppdragsplan", "uppdragsplanen", "uppdragslistan", "assignment", "assignments",
                "verksamhetsmal", "verksamhetsmalen", "verksamhetsmalet"),
    "indikator": ("indikator", "indikatorer", "indikatorn", "indikatorerna", "indikatorns",
                  "nyckeltal", "nyckeltalen", "nyckeltalet", "kpi", "kpier", "kpis", "matvarde",
                  "matvarden", "matvardet", "matningar", "matning", "verksamhetsmatt",
                  "verksamhetsmatten", "statistik", "siffror", "siffrorna", "siffran",
                  "vardet", "varde", "varden"),
    "malomrade": ("malomrade", "malomradet", "malomraden", "malomradena", "malomradets",
                  "malomrades", "omrade", "omradet", "omraden", "omradena"),
    "goal": ("mal", "malen", "malet", "strategiska", "strategiskt", "strategisk", "malsattning",
             "malsattningar"),
    "budget": ("budget", "budgeten", "budgetar", "budgetarna", "budgeterat", "budgeterad",
               "budgeterade", "budgetram", "budgetramen", "ram", "ramen", "ramar", "ramarna",
               "driftbudget", "driftbudgeten", "drift", "driften",
               "ekonomi", "ekonomin", "pengar", "kostnad", "kostnader",
               "kostnaderna", "kostar", "nettokostnad", "nettokostnaden", "nettokostnader",
               "bokslut", "bokslutet", "tkr", "mnkr", "intakter",
               "intakterna", "summa", "summan", "plan", "planen", "anslag", "anslaget",
               "ekonomiskt", "ekonomiska", "total", "totalt", "totala", "sammanlagt",
               "sammantaget", "helheten",
               "verksamhet", "verksamheter", "verksamheterna", "verksamheten", "verksamhetens",
               "verksamhetskod", "verksamhetsomrade"),
    "avvikelse": ("avvikelse", "avvikelser", "avvikelsen", "avvikelserna", "budgetavvikelse",
                  "budgetavvikelser", "budgetavvikelsen", "budgetavvikelserna", "avviker",
                  "avvek", "avvikit", "underskott", "underskottet", "overskott", "overskottet",
                  "differens", "avvikelseanalys", "analys", "analysen", "nettoavvikelse",
                  "overdrag", "overdraget", "overskridit", "overskred", "utfall", "utfallet",
                  "resultat", "resultatet", "budgetutfall", "driftredovisning", "back",
                  "driftredovisningen"),
    "investering": ("investering", "investeringar", "investeringen", "investeringarna",
                    "investeringsbudget", "investeringsbudgeten", "investeringsprojekt",
                    "investeringsprojekten", "investeringsprojektet", "investeringsredovisning",
                    "investeringsredovisningen", "projekt", "projektet", "projekten",
                    "investeringsavvikelse", "investeringsavvikelser", "investeringsplan"),
    "maluppfyllelse": ("maluppfyllelse", "maluppfyllelsen", "maluppfyllnad", "maluppfyllnaden",
                       "maluppfyllande", "maluppfoljning", "maluppfoljningen", "maluppfyllelsegrad"),
    "arshjul": ("arshjul", "arshjulet", "arscykel", "arscykeln", "kalender", "kalendern",
                "planeringsprocess", "planeringsprocessen", "planeringskalender"),
    "deadline": ("deadline", "deadlines", "deadlinen", "deadlinesen", "redovisas", "redovisa",
                 "redovisning", "redovisningar", "redovisningen", "rapporteras", "slutdatum",
                 "forfaller", "forfallodag", "datum", "tidplan", "tidplanen", "datumen",
                 "tidpunkt", "tidpunkter", "lamnas", "presenteras", "aterrapportering",
                 "aterrapporteras", "sammantrade", "motet", "mote", "moten", "dragning"),
    "ks": ("ks", "kommunstyrelsen", "kommunstyrelse", "kommunstyrelsens", "styrelsen"),
    "kf": ("kf", "fullmaktige", "kommunfullmaktige", "fullmaktiges", "kommunfullmaktiges"),
    "late": ("forsenade", "forsenad", "forsenat", "forseningar", "forsening", "sena", "passerat",
             "passerad", "passerade", "missat", "missade", "missad", "overskridna", "efterslap",
             "eftersatta"),
    "silent": ("tysta", "tyst", "uppdatering", "uppdateringar", "uppdaterats", "uppdaterat",
               "uppdaterad", "uppdaterade", "rapporterat", "rapporterats", "aterrapporterat",
               "hort", "rapport", "rapporter", "lagesrapport", "lagesrapporter", "stillastaende",
               "inaktiva", "inaktiv", "bortglomda"),
    "owner": ("ansvarig", "ansvariga", "agare", "agaren", "owner", "ansvarar", "uppdragsagare",
              "tilldelad", "tilldelade", "tilldelats"),
    "without": ("utan", "saknar", "saknas", "ingen", "inga", "inte", "ej", "aldrig"),
    "list": ("vilka", "alla", "lista", "listan", "oversikt", "oversikten", "samtliga",
             "sammanstallning", "sammanfattning", "hur", "manga", "antal", "visa"),
    "time": ("vecka", "veckan", "veckor", "veckorna", "manad", "manaden", "manader", "dag",
             "dagar", "dagarna", "nasta", "kommande", "narmaste", "narmsta", "denna", "detta",
             "idag", "imorgon", "morgon", "snart", "framover", "ar", "arets", "iar", "aret",
             "tiden", "period", "perioden", "hosten", "varen", "fore", "innan", "jul", "nyar",
             "senast", "nar"),
    "social": ("hej", "hejsan", "hallo", "halla", "tja", "tjena", "tjenare", "morrn", "morron",
               "godmorgon", "god", "morgon", "dag", "kvall", "eftermiddag", "tack", "tackar",
               "tusen", "toppen", "perfekt", "okej", "ok", "bra", "super", "hejda", "adjo",
               "ses", "trevlig", "helg"),
    "colour_red": ("rod", "roda", "rott", "rodmarkerade"),
    "mine": ("mina", "mitt", "min", "jag", "mig"),
    "colour_green": ("gron", "grona", "gront"),
    "colour_yellow": ("gul", "gula", "gult"),
    "noise": ("status", "statusen", "lage", "laget", "lagesbild", "laget", "uppfoljning",
              "uppfoljningen", "info", "detaljer", "berattelse", "fraga", "fragor", "svar",
              "styrbot", "bot", "boten", "snalla", "vanligen", "kul", "bra", "daligt",
              "bast", "basta", "samst", "samsta", "mest", "minst", "fel", "ratt", "hall",
              "plus", "minus", "hant", "nyheter", "forra", "sista",
              "dalig", "gar", "gick", "ligger", "till", "nagot", "nagonting", "senaste",
              "nuvarande", "aktuella", "aktuellt", "aktuell", "kommun", "kommunens", "vart",
              "egentligen", "egen", "just", "kika", "titta", "kolla", "berattar", "forklara",
              "sammanfatta", "framsteg", "progress", "hander", "funkar", "fungerar", "anvander",
              "anvanda", "anvands",
              "hander", "handa", "sker", "blir", "kommer", "star", "ser", "ut", "nu",
              "ska", "skall", "maste", "borde", "finns", "fanns", "typ", "ungefar",
              "siffra", "procent", "andel", "hel", "helar", "helaret", "vad",
              "nagra", "fler", "annat", "mer", "detaljerat", "allt", "stort", "storsta",
              "storst", "storre", "minsta", "hogsta", "lagsta", "sorterat", "sortera",
              "topp", "tio", "fem", "ranking"),
}

STATUS_FORMS: dict[Status, tuple[str, ...]] = {
    Status.PAGAR: ("pagar", "pagaende", "paborjade", "paborjat", "paborjad", "igang", "startade",
                   "startat", "aktiva", "aktivt", "pagang"),
    Status.KLAR: ("klar", "klara", "klart", "avslutade", "avslutat", "avslutad", "fardiga",
                  "fardig", "fardigt", "genomforda", "genomfort", "slutforda", "levererade",
                  "klarmarkerade"),
    Status.AVBRUTEN: ("avbruten", "avbrutna", "avbrutet", "stoppade", "stoppat", "pausade",
                      "strukna", "struket"),
    Status.FORSENAD: ("forsenad", "forsenade", "forsenat"),
}

_EXACT: dict[str, str] = {}
for _cls, _forms in LEXICON.items():
    for _f in _forms:
        _EXACT.setdefault(_f, _cls)
for _forms in STATUS_FORMS.values():
    for _f in _forms:
        _EXACT.setdefault(_f, "status")
for _m in _MONTH_WORDS:
    _EXACT.setdefault(_m, "month")
for _o in _ORDINALS:
    _EXACT.setdefault(_o, "ordinal")
# typos are recognised for the words that carry meaning; a near-spelling of a filler word
# ("handel" ~ "händer") must not swallow a content word
_FUZZY_CLASSES = frozenset({"help", "uppdrag", "indikator", "malomrade", "budget", "avvikelse",
                            "investering", "maluppfyllelse", "arshjul", "deadline", "late",
                            "silent", "owner", "status", "month", "ks", "kf"})
_FUZZY_FORMS = sorted({f for f in _EXACT if len(f) >= 5 and _EXACT[f] in _FUZZY_CLASSES})

# classes whose words are never content words
INTENT_CLASSES = frozenset(LEXICON) | {"status", "month", "ordinal"}


@dataclass
class Query:
    """A message taken apart: folded text, words, and the intent classes found."""

    raw: str
    text: str  # folded
    words: tuple[str, ...]
    classes: dict[str, list[str]] = field(default_factory=dict)  # class -> its words
    core: list[str] = field(default_factory=list)  # stemmed content words
    content: list[str] = field(default_factory=list)  # the content words as typed

    @property
    def about(self) -> str | None:
        """The content words as the user typed them ("månbasen"), for a miss."""
        return " ".join(self.content) or None

    def has(self, *classes: str) -> bool:
        return any(cl in self.classes for cl in classes)

    @cached_property
    def padded(self) -> str:
        """The words between spaces, for whole-phrase tests."""
        return f" {' '.join(self.words)} "

    def phrase(self, *phrases: str) -> bool:
        padded = self.padded
        return any(f" {p} " in padded for p in phrases)


def classify(word: str, vocab: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The intent class of a folded word, typos allowed for words of five letters or more;
    a word that is exactly in the live vocabulary is not taken for a typo of an intent word."""
    cls = _EXACT.get(word)
    if cls is not None:
        return cls
    if len(word) < 5 or word in STOPWORDS or stem(word) in vocab or word.isdigit():
        return None
    hit = process.extractOne(word, _FUZZY_FORMS, scorer=fuzz.ratio,
                             score_cutoff=80 if len(word) <= 6 else 84)
    if hit is None:
        return None
    return _EXACT[hit[0]]


# classes a greeting or a thank-you may have besides its own words ("hej på dig", "tack så mycket")
_SMALL_TALK = frozenset({"social", "noise", "list", "time", "without"})

_DEVIATION_PHRASES = ("over budget", "under budget", "mot budget", "jamfort med budget",
                      "mer an budgeterat", "mindre an budgeterat", "gick back", "gatt back",
                      "gick plus", "gick minus", "gick bast", "gick samst", "gick bra",
                      "gick daligt", "gick over", "gick under")


def analyse(text: str, snap: Snapshot | None = None) -> Query:
    """Fold and classify the words of a message; the rest are content words."""
    folded = fold(text)
    ws = tuple(re.findall(r"\w+", folded))
    typed = re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower())
    if len(typed) != len(ws):
        typed = list(ws)
    vocab = snap.index.vocab_set if snap is not None else frozenset()
    org_words = _org_words(snap)
    classes: dict[str, list[str]] = {}
    core: list[str] = []
    content: list[str] = []
    for w, as_typed in zip(ws, typed):
        cls = org_words.get(w) or classify(w, vocab)
        if cls is not None:
            classes.setdefault(cls, []).append(w)
            continue
        if w in STOPWORDS or w.isdigit() or len(w) < 3 or w in _NUMBER_WORDS:
            continue
        core.extend(content_words(w))
        content.append(as_typed)
    query = Query(text, folded, ws, classes, core, content)
    if "avvikelse" not in classes and query.phrase(*_DEVIATION_PHRASES):
        classes["avvikelse"] = ["budget"]
    return query


def _org_words(snap: Snapshot | None) -> dict[str, str]:
    """The organisation's own words for the levels ("verksamhetsmått" = indikator in Orsa),
    worked out once per snapshot."""
    if snap is None or not snap.words:
        return {}
    return snap.memoised("org_words", None, lambda: _org_words_of(snap))  # type: ignore[no-any-return]


def _org_words_of(snap: Snapshot) -> dict[str, str]:
    out: dict[str, str] = {}
    for level, cls in (("uppdrag", "uppdrag"), ("indikator", "indikator"),
                       ("malomrade", "malomrade")):
        word = snap.words.get(level)
        if word:
            for w in re.findall(r"\w+", fold(word)):
                if w not in ("mal",) and len(w) > 3:
                    out[w] = cls
    return out


# --- entity extraction ---------------------------------------------------------------


def uppdrag_key(q: Query) -> str | None:
    """An uppdrag key the message names: "3.2", "3,2", "uppdrag 3 2", "andra uppdraget i
    målområde 3"."""
    t = q.text
    m = _KEY_IN_AREA.search(t)
    if m:
        n = int(m.group(1)) if m.group(1) else _ORDINALS.get(m.group(2) or "")
        if n:
            return f"{int(m.group(3))}.{n}"
    for m in _KEY.finditer(t):
        a, b = int(m.group(1)), int(m.group(2))
        if b == 0 or a == 0:
            continue
        return f"{a}.{b}"
    m = _KEY_WORDS.search(t)
    if m and int(m.group(2)) > 0:
        return f"{int(m.group(1))}.{int(m.group(2))}"
    return None


def year(q: Query, today: dt.date | None = None) -> int | None:
    m = _YEAR.search(q.text)
    if m:
        return int(m.group(1))
    if today is not None:
        if q.phrase("i ar", "detta ar", "i aret", "arets", "innevarande ar"):
            return today.year
        if q.phrase("forra aret", "forra ar", "i fjol", "fjolaret", "foregaende ar"):
            return today.year - 1
        if q.phrase("nasta ar", "nasta aret", "kommande ar"):
            return today.year + 1
    return None


def month(q: Query) -> int | None:
    for w in q.classes.get("month", []):
        return _MONTH_WORDS[w]
    for w in q.words:
        if len(w) >= 5 and w not in _EXACT:
            hit = process.extractOne(w, MONTHS, scorer=fuzz.ratio, score_cutoff=84)
            if hit is not None:
                return MONTHS.index(hit[0]) + 1
    return None


def malomrade_number(q: Query) -> int | None:
    m = _MALOMRADE.search(q.text)
    if m:
        return int(m.group(1)) if m.group(1) else _NUMBER_WORDS[m.group(2)]
    m = _BARE_UPPDRAG_NUMBER.search(q.text)
    if m and not _KEY.search(q.text):
        return int(m.group(1))
    return None


def status(q: Query) -> Status | None:
    t = q.text
    if re.search(r"\b(?:ej|inte|icke)\s+(?:har\s+|blivit\s+|ens\s+|kommit\s+)?"
                 r"(?:pab\w*|start\w*|paborj\w*|igang\w*)|\bopaborj\w*", t):
        return Status.EJ_PABORJAD
    words = set(q.classes.get("status", []))
    for st, forms in STATUS_FORMS.items():
        if words & set(forms):
            return st
    return None


Colour = Literal["grön", "gul", "röd"]
Focus = Literal["budget", "avvikelse"]


def colour(q: Query) -> Colour | None:
    if q.has("colour_red") or q.phrase("nar inte", "inte nar", "missar", "under mal",
                                        "inte uppfyllda", "ej uppfyllda", "inte uppnatt"):
        return "röd"
    if q.phrase("fel hall", "at fel hall", "forsamras", "forsamrats", "blir samre"):
        return "röd"
    if q.has("colour_green") or q.phrase("nar malet", "nar malen", "uppfyller", "uppfyllda",
                                          "uppnar", "uppnatt", "klarar malet", "ratt hall"):
        return "grön"
    if q.has("colour_yellow"):
        return "gul"
    return None


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _month_range(y: int, m: int) -> tuple[dt.date, dt.date]:
    first = dt.date(y, m, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def period(q: Query, today: dt.date, plan_year: int | None = None
           ) -> tuple[dt.date, dt.date, str] | None:
    """A time window the message names, with its label. A month without a year is the
    plan's year (the plan is what is followed up), else the coming one."""
    t = " ".join(q.words)
    day = _day(q, today, plan_year)
    if day is not None:
        return day, day, f"den {day.day} {MONTHS[day.month - 1]} {day.year}"
    if q.phrase("nasta vecka", "kommande vecka", "nasta veckan", "kommande veckan"):
        start = _monday(today) + dt.timedelta(days=7)
        return start, start + dt.timedelta(days=6), "nästa vecka"
    if q.phrase("denna vecka", "den har veckan", "i veckan", "veckan", "denna veckan",
                "resten av veckan"):
        return today, _monday(today) + dt.timedelta(days=6), "den här veckan"
    if q.phrase("idag", "i dag"):
        return today, today, "i dag"
    if q.phrase("imorgon", "i morgon"):
        d = today + dt.timedelta(days=1)
        return d, d, "i morgon"
    m = _DAYS.search(t)
    if m:
        n = int(m.group(1))
        return today, today + dt.timedelta(days=n), f"de närmaste {n} dagarna"
    m = _WEEKS.search(t)
    if m:
        n = int(m.group(1))
        return today, today + dt.timedelta(days=7 * n), f"de närmaste {n} veckorna"
    for word, n in _NUMBER_WORDS.items():
        if q.phrase(f"{word} veckor", f"{word} veckorna"):
            return today, today + dt.timedelta(days=7 * n), f"de närmaste {n} veckorna"
        if q.phrase(f"{word} dagar", f"{word} dagarna"):
            return today, today + dt.timedelta(days=n), f"de närmaste {n} dagarna"
    if q.phrase("nasta manad", "kommande manad", "nasta manaden"):
        first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        lo, hi = _month_range(first.year, first.month)
        return lo, hi, month_label(first.month, first.year)
    if q.phrase("denna manad", "den har manaden", "i manaden", "manaden", "denna manaden"):
        lo, hi = _month_range(today.year, today.month)
        return lo, hi, month_label(today.month, today.year)
    if q.phrase("fore jul", "innan jul", "till jul", "fore nyar", "innan nyar",
                "resten av aret", "innan arsskiftet", "fore arsskiftet", "kvar i ar",
                "kvar av aret", "aterstar i ar"):
        return today, dt.date(today.year, 12, 31), "resten av året"
    mo = month(q)
    y = year(q) or (today.year if q.phrase("i ar", "detta ar", "i aret") else None)
    if mo is not None:
        if y is None:
            y = plan_year or (today.year if mo >= today.month else today.year + 1)
        lo, hi = _month_range(y, mo)
        return lo, hi, month_label(mo, y)
    if y is not None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31), str(y)
    return None


_DAY_MONTH = re.compile(r"\b(\d{1,2})\s*(" + "|".join(MONTHS) + r")\b")
_DAY_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")


def _day(q: Query, today: dt.date, plan_year: int | None) -> dt.date | None:
    """A single day: "1 december", "1/12" (day/month, the Swedish way), "2026-12-01"."""
    m = re.search(r"\b(20\d\d)-(\d{2})-(\d{2})\b", q.text)
    y = year(q) or plan_year or today.year
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _DAY_MONTH.search(q.text)
        if m:
            return dt.date(y, MONTHS.index(m.group(2)) + 1, int(m.group(1)))
        m = _DAY_SLASH.search(q.text)
        if m:
            return dt.date(y, int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return None


def month_label(m: int, y: int) -> str:
    return f"{MONTHS[m - 1]} {y}"


def _days_in(q: Query) -> int | None:
    m = _DAYS.search(" ".join(q.words))
    if m:
        return int(m.group(1))
    m = _WEEKS.search(" ".join(q.words))
    if m:
        return 7 * int(m.group(1))
    for word, n in _NUMBER_WORDS.items():
        if q.phrase(f"{word} veckor", f"{word} veckorna"):
            return 7 * n
        if q.phrase(f"{word} dagar", f"{word} dagarna"):
            return n
    if q.phrase("en manad", "sedan manad", "senaste manaden", "pa en manad", "sista manaden"):
        return 30
    if q.phrase("tva manader", "pa tva manader"):
        return 60
    if q.phrase("tre manader", "ett kvartal", "pa tre manader"):
        return 90
    return None


# --- the rules ------------------------------------------------------------------------

_HELP_PHRASES = ("vad kan du", "vad kan jag fraga", "hur funkar", "hur fungerar", "vad gor du",
                 "hur anvander", "vad kan man fraga", "vilka kommandon", "vad kan man skriva",
                 "vad kan jag skriva", "vad kan man gora", "vad vet du", "vem ar du")
_ARSHJUL_PHRASES = ("vad hander", "vad sker", "vad ska handa", "vad handlar", "vad star pa")
_WHEN = re.compile(r"\bnar\s+(?:ar|kommer|blir|sker|ska|har|infaller|ligger|brukar|gors|tas|"
                   r"beslutas|beslutar|fattas|behandlas|gar|planeras|kommer)\b")

# intent class -> the vocabulary kind it favours
_KIND_BOOST = {"indikator": "indikator", "uppdrag": "uppdrag", "malomrade": "malomrade",
               "goal": "malomrade", "arshjul": "arshjul"}


# A message that is an uppdrag's key and nothing more ("status uppdrag 3.2", "uppdrag 3,2",
# "3.2?"): the commonest question, recognised by its exact form without the analysis below.
_EXACT_UPPDRAG = re.compile(
    r"(?:(?:status|lage|laget)\s+(?:for\s+|pa\s+)?)?(?:uppdrag(?:et)?\s+)?(\d{1,2})[.,](\d{1,2})[?.!]?")


def exact_uppdrag(text: str, snap: Snapshot) -> c.UppdragCard | None:
    """The uppdrag card a message asks for in its exact form, or None (then `parse` decides).
    Gives the command `parse` would give; tests/test_corpus.py checks that."""
    m = _EXACT_UPPDRAG.fullmatch(fold(text).strip())
    if m is None:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    if a == 0 or b == 0:
        return None
    return c.UppdragCard(key=snap.qualify(f"{a}.{b}", ()))


def parse(text: str, snap: Snapshot, today: dt.date) -> c.Command:
    """Turn a message into a command; never raises."""
    q = analyse(text, snap)
    if not q.words:
        return c.Help()
    if _USER.search(text):  # a user ID is not a word to match
        q.core = [w for w in q.core if not re.fullmatch(r"[uw][0-9a-z]{6,}", w)]
        q.content = [w for w in q.content if not re.fullmatch(r"[uw][0-9a-z]{6,}", w)]
    if (q.has("help") and len(q.core) <= 1) or (q.phrase(*_HELP_PHRASES) and not q.core):
        return c.Help()
    y = year(q, today)
    key = uppdrag_key(q)
    if key is not None:
        key = snap.qualify(key, q.words)
    if key is None and q.has("social") and not q.core and set(q.classes) <= _SMALL_TALK:
        return c.Unknown(text=text, kind="social")
    if key and not q.has("investering", "budget", "avvikelse", "maluppfyllelse"):
        return c.UppdragCard(key=key)

    if q.has("maluppfyllelse"):
        return c.MaluppfyllelseView(year=y)

    boost = {kind: 0.5 for cls, kind in _KIND_BOOST.items() if q.has(cls)}
    hits = snap.index.search(q.core, limit=8, boost=boost) if q.core else []
    best = hits[0] if hits else None

    arshjul = _arshjul(q, snap, best)
    if arshjul is not None:
        return arshjul

    if q.has("investering"):
        cmd = _investering(q, y, hits, snap)
        if cmd is not None:
            return cmd
    if q.has("budget", "avvikelse"):
        cmd = _budget(q, y, hits, snap)
        if cmd is not None:
            return cmd

    listing = _uppdrag_list(q, today, snap, best)
    if listing is not None:
        return listing

    mo_n = malomrade_number(q)
    if mo_n is not None and (not q.core or best is None or best.entry.kind == "malomrade"):
        if q.has("indikator"):
            return c.IndikatorList(malomrade=mo_n, colour=colour(q))
        return c.MalomradeView(number=mo_n, goals_only=_goals_only(q))

    if _plural_indicators(q) and any(m.entry.kind == "malomrade" for m in hits[:3]):
        area = next(m for m in hits[:3] if m.entry.kind == "malomrade")
        return c.IndikatorList(malomrade=int(area.entry.key), colour=colour(q))
    if q.has("indikator") and (best is None or not q.core):
        if q.core and best is None:
            return c.Unknown(text=text, kind="indikator", about=q.about)
        mo = int(best.entry.key) if best is not None and best.entry.kind == "malomrade" else None
        unmeasured = q.has("without") and bool(set(q.classes["indikator"]) & _VALUE_WORDS)
        return c.IndikatorList(malomrade=mo, colour=colour(q), reported_to_kf=q.has("kf"),
                               unmeasured=unmeasured)
    if colour(q) is not None and not q.core and not q.has("uppdrag"):
        return c.IndikatorList(colour=colour(q))

    if q.has("malomrade", "goal") and not q.core:
        return c.MalomradeList()

    if best is not None:
        return _card(best, hits, q, y)

    if q.has("uppdrag"):
        if q.core:
            return c.Unknown(text=text, kind="uppdrag", about=q.about)
        return c.UppdragList()
    kind = next((k for cls, k in (("indikator", "indikator"), ("budget", "verksamhet"),
                                  ("investering", "projekt")) if q.has(cls)), None)
    return c.Unknown(text=text, kind=kind, about=q.about)


_VALUE_WORDS = frozenset({"varde", "varden", "vardet", "matvarde", "matvarden", "matvardet",
                          "matningar", "matning", "siffror", "siffrorna"})

_PLURAL_INDICATOR = ("indikatorer", "indikatorerna", "nyckeltalen", "matten", "kpier", "kpis",
                     "verksamhetsmatten", "matvarden")


def _plural_indicators(q: Query) -> bool:
    return any(w in _PLURAL_INDICATOR for w in q.classes.get("indikator", []))


# Two uppdrag this close to each other in score are a tie: neither is "the" answer. (Not a
# tuned threshold: a tie means equal within the rounding of the coverage term.)
TIE_RATIO = 0.97


def _key_order(key: str) -> tuple[int, ...]:
    return tuple(int(p) for p in key.split(".") if p.isdigit())


def _focus(q: Query) -> Focus:
    return "avvikelse" if q.has("avvikelse") else "budget"


def _goals_only(q: Query) -> bool:
    return q.has("goal") and any(w.startswith("strateg") for w in q.classes["goal"])


def _card(best: Match, hits: list[Match], q: Query, y: int | None) -> c.Command:
    kind = best.entry.kind
    if kind == "indikator":
        return c.IndikatorCard(slug=best.entry.key,
                               others=tuple(m.entry.key for m in also_matching(hits)))
    if kind == "uppdrag":
        # a word several titles share about equally ("utveckla", "hållbar"): list them
        tied = [m for m in hits if m.entry.kind == "uppdrag" and m.score >= best.score * TIE_RATIO]
        many = q.has("uppdrag") and any(w in ("vilka", "alla", "lista") for w in q.classes.get("list", []))
        if (len(tied) >= 2 and best.coverage < 0.5) or (many and also_matching(hits)):
            keys = [best.entry.key] + [m.entry.key for m in also_matching(hits)]
            return c.UppdragList(keys=tuple(sorted(keys, key=_key_order)), search=q.about)
        return c.UppdragCard(key=best.entry.key)
    if kind == "malomrade":
        number = int(best.entry.key)
        if q.has("uppdrag"):
            return c.UppdragList(malomrade=number)
        if q.has("indikator"):
            return c.IndikatorList(malomrade=number)
        return c.MalomradeView(number=number, goals_only=_goals_only(q))
    if kind == "verksamhet":
        return c.BudgetVerksamhet(code=best.entry.key, year=y, focus=_focus(q))
    if kind == "projekt":
        return c.Investering(project=best.entry.key, year=y)
    return c.ArshjulView(event=int(best.entry.key))


def _arshjul(q: Query, snap: Snapshot, best: Match | None) -> c.Command | None:
    """Questions about the organisation's yearly cycle."""
    asks_when = bool(_WHEN.search(" ".join(q.words)))
    asks_what = q.phrase(*_ARSHJUL_PHRASES)
    if not (q.has("arshjul") or asks_when or asks_what):
        return None
    if q.core:
        events = snap.index.search(q.core, kinds={"arshjul"}, limit=3)
        if events and (best is None or best.entry.kind == "arshjul"
                       or events[0].score >= best.score * 0.8):
            return c.ArshjulView(event=int(events[0].entry.key))
        if best is not None:
            return None  # "när ska bostadsutvecklingen redovisas?": the uppdrag
        if asks_when and not snap.arshjul and _looks_like_event(q):
            return c.ArshjulView(what=" ".join(q.classes.get("deadline", []) + q.core))
        if q.has("arshjul") or asks_what:
            mo = month(q)
            return c.ArshjulView(month=mo) if not q.core else None
        return None
    if q.has("deadline", "ks", "kf", "uppdrag", "late"):
        return None  # "när är nästa deadline?": an uppdrag list
    mo = month(q)
    if mo is not None:
        return c.ArshjulView(month=mo)
    if q.has("arshjul") or asks_what:
        return c.ArshjulView()
    return None


_EVENT_WORDS = ("delarsrapport", "arsredovisning", "bokslut", "budgetberedning",
                "skattesats", "planeringsforutsattning", "budgetdag", "kommunplan",
                "verksamhetsplan", "skatteprognos", "ramar", "omvarldsdag", "tertial")


def _looks_like_event(q: Query) -> bool:
    return any(w.startswith(e[:7]) for w in q.core for e in _EVENT_WORDS)


def _investering(q: Query, y: int | None, hits: list[Match], snap: Snapshot) -> c.Command | None:
    projects = [m for m in hits if m.entry.kind == "projekt"]
    if not q.core and y is not None and not any(p["year"] == y for p in snap.projects):
        # no project follow-up for that year: the investment budget has it
        return c.BudgetOverview(year=y, kind="investering", focus=_focus(q))
    if projects and (hits[0].entry.kind in ("projekt", "verksamhet")
                     or projects[0].score >= hits[0].score * 0.8):
        return c.Investering(project=projects[0].entry.key, year=y)
    if hits and hits[0].entry.kind in ("uppdrag", "indikator"):
        return None  # "modell för investeringar" is uppdrag 3.5
    if q.core:
        return c.Unknown(text=q.raw, kind="projekt", about=q.about)
    focus: Focus = "avvikelse" if q.has("avvikelse") else "budget"
    if q.has("avvikelse") or any(w.startswith(("investeringsbudget", "budget"))
                                 for w in q.classes.get("investering", []) +
                                 q.classes.get("budget", [])):
        return c.BudgetOverview(year=y, kind="investering", focus=focus)
    return c.Investering(project=None, year=y)


def _budget(q: Query, y: int | None, hits: list[Match], snap: Snapshot) -> c.Command | None:
    focus: Focus = "avvikelse" if q.has("avvikelse") else "budget"
    # a verksamhet by its code: "budget 45", "avvikelse 1010 2024"
    codes = [w for w in q.words if w.isdigit() and w in snap.verksamheter and int(w) != y]
    if codes:
        return c.BudgetVerksamhet(code=codes[0], year=y, focus=focus)
    relevant = [m for m in hits if m.entry.kind in ("verksamhet", "projekt")]
    if relevant and (hits[0].entry.kind in ("verksamhet", "projekt")
                     or relevant[0].score >= hits[0].score * 0.8):
        m = relevant[0]
        if m.entry.kind == "verksamhet":
            return c.BudgetVerksamhet(code=m.entry.key, year=y, focus=focus)
        return c.Investering(project=m.entry.key, year=y)
    if hits and (hits[0].coverage >= 0.5 or hits[0].score >= 0.8):
        return None  # "budgetram … resursfördelning" is uppdrag 4.5: its card
    if q.core:
        return c.Unknown(text=q.raw, kind="verksamhet", about=q.about)
    return c.BudgetOverview(year=y, focus=focus)


_RECENT_PHRASES = ("vad har hant", "vad ar nytt", "vad har gjorts", "nyheter", "nytt sedan",
                   "senaste uppdateringar", "senaste uppdateringarna", "har uppdaterats",
                   "har rapporterat", "nya uppdateringar", "vad har hant sedan")


def _recent_days(q: Query) -> int:
    """How far back "vad har hänt" looks: "sedan förra veckan" 7, "senaste månaden" 30."""
    n = _days_in(q)
    if n:
        return n
    if q.phrase("forra veckan", "senaste veckan", "sista veckan", "i veckan", "denna vecka"):
        return 7
    if q.phrase("forra manaden", "senaste manaden", "sista manaden"):
        return 30
    return 14


_USER = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|\b([UW][0-9A-Z]{6,})\b")


def _owner(q: Query) -> str | None:
    """Whose uppdrag: a Slack user named ("<@U123>", "U0SAMHBYGG") or the asker ("mina")."""
    m = _USER.search(q.raw)
    if m:
        return m.group(1) or m.group(2)
    if q.has("mine") and q.has("uppdrag"):
        return c.ME
    return None


def _uppdrag_list(q: Query, today: dt.date, snap: Snapshot, best: Match | None
                  ) -> c.UppdragList | None:
    """Lists of uppdrag; only when the message names no particular thing (or a målområde)."""
    area: int | None = None
    if q.core:
        if best is None or best.entry.kind != "malomrade":
            return None
        area = int(best.entry.key)
    area = malomrade_number(q) if area is None else area
    about = q.has("uppdrag")
    owner = _owner(q)
    if owner is not None and (about or q.has("owner")):
        return c.UppdragList(owner=owner, malomrade=area, status=status(q))
    body = "KS" if q.has("ks") else ("KF" if q.has("kf") else None)
    t = " ".join(q.words)
    without = q.has("without")
    if q.has("owner") and not q.core:
        if without:
            return c.UppdragList(no_owner=True, malomrade=area)
        if about or q.phrase("vem ar", "vilka ar", "vem har", "vilka har"):
            return c.UppdragList(malomrade=area, with_owners=True)
    late = q.has("late") or q.phrase("ligger efter", "halkat efter", "efter tidplan",
                                     "efter planen", "inte klara i tid", "inte klart i tid")
    if late and not (q.has("silent") and without):
        return c.UppdragList(late=True, malomrade=area)
    if q.has("silent") and (without or "tyst" in t or "tysta" in t or "inaktiv" in t
                            or "stillastaende" in t or "bortglomda" in t):
        return c.UppdragList(silent_days=_days_in(q) or 60, malomrade=area)
    if q.phrase(*_RECENT_PHRASES) or (q.has("silent") and q.has("time") and not without):
        return c.UppdragList(recent_days=_recent_days(q), malomrade=area)
    per = period(q, today, snap.plan_year)
    due = q.has("deadline") or (body is not None and (per is not None or q.phrase("ska till",
                                                                                "till ks", "till kf")))
    if per and not q.has("indikator", "budget", "avvikelse", "investering", "maluppfyllelse"):
        return c.UppdragList(due_from=per[0], due_to=per[1], period=per[2], body=body,
                             malomrade=area)
    if due and not q.has("indikator"):
        return c.UppdragList(due_from=today, due_to=today + dt.timedelta(days=30),
                             period="de närmaste 30 dagarna", body=body, malomrade=area)
    st = status(q)
    if st is not None and (about or not q.has("indikator")):
        if st == Status.FORSENAD:
            return c.UppdragList(late=True, malomrade=area)
        return c.UppdragList(status=st, malomrade=area)
    if about and area is not None:
        return c.UppdragList(malomrade=area)
    if about and not q.core and malomrade_number(q) is None and not q.has("indikator"):
        return c.UppdragList()
    return None
