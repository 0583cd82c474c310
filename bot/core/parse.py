"""Parse a Swedish chat message into a typed command. Pure: text + snapshot + today in.

The message is folded (case, å/ä/ö) and split into words. Each word is either an *intent*
word (uppdrag, budget, avvikelse, försenade, december …, typos allowed), a stopword, or a
*content* word. Content words are matched against the live vocabulary of the store
(bot.matching); intent words decide what kind of answer is wanted. Numbers like "3,2",
"3.2", "uppdrag 3 2" and "andra uppdraget i målområde 3" normalise to uppdrag keys.

This module is the analysis: the lexicon, `Query` and what a query says (a key, a year, a
month, a period, a status …). The ordered rules that turn a query into a command are
handlers/questions.py; the redesign of matching (issue 14) replaces both.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core.matching import STOPWORDS, content_words
from bot.core.snapshot import Snapshot
from bot.domain.english import to_swedish
from bot.domain.plan import MONTHS, Status
from bot.domain.text import fold, stem

_MONTH_WORDS = {name: n for n, name in enumerate(MONTHS, 1)}
_MONTH_WORDS.update({"jan": 1, "feb": 2, "febr": 2, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                     "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12,
                     "januaris": 1, "februaris": 2, "mars": 3, "aprils": 4, "majs": 5,
                     "junis": 6, "julis": 7, "augustis": 8, "septembers": 9, "oktobers": 10,
                     "novembers": 11, "decembers": 12,
                     # English, as staff mix it in ("what's due at KS in june"); not "may"
                     "january": 1, "february": 2, "march": 3, "june": 6, "july": 7,
                     "october": 10})
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
_MO_GLUED = re.compile(r"\bmo(\d)\b", re.IGNORECASE)
_DAYS = re.compile(r"\b(\d{1,3})\s*(?:dagar|dagarna|dgr|dar|d)\b")
_WEEKS = re.compile(r"\b(\d{1,2})\s*(?:veckor|veckorna|v)\b")
_BARE_UPPDRAG_NUMBER = re.compile(r"\buppd\w*\s+(\d{1,2})\b(?!\s*[.,:]?\s*\d)")

# intent words by class (folded); typos of the longer ones are recognised too
LEXICON: dict[str, tuple[str, ...]] = {
    "help": ("hjalp", "help", "kommandon", "kommando", "instruktioner", "manual", "hjalpa"),
    "uppdrag": ("uppdrag", "uppd", "uppdr", "uppdragen", "uppdraget", "uppdragens", "uppdragets", "uppdragslista",
                "uppdragsplan", "uppdragsplanen", "uppdragslistan", "assignment", "assignments",
                "verksamhetsmal", "verksamhetsmalen", "verksamhetsmalet"),
    "indikator": ("indikator", "indikatorer", "indikatorn", "indikatorerna", "indikatorns",
                  "nyckeltal", "nyckeltalen", "nyckeltalet", "kpi", "kpier", "kpis", "matvarde",
                  "matvarden", "matvardet", "matningar", "matning", "verksamhetsmatt",
                  "verksamhetsmatten", "statistik", "siffror", "siffrorna", "siffran",
                  "vardet", "varde", "varden", "vardena",
                  "matts", "uppmatts"),  # "vilka indikatorer har inte mätts?"
    "malomrade": ("malomrade", "malomradet", "malomraden", "malomradena", "malomradets",
                  "malomrades", "omrade", "omradet", "omraden", "omradena"),
    "goal": ("mal", "malen", "malet", "strategiska", "strategiskt", "strategisk", "malsattning",
             "malsattningar", "target", "targets"),
    "budget": ("cost", "costs", "spent", "spend", "spending", "budget", "budg", "budgeten", "budgetmassigt", "budgetmassig", "budgetar", "budgetarna", "budgeterat", "budgeterad",
               "budgeterade", "budgetram", "budgetramen", "ram", "ramen", "ramar", "ramarna",
               "driftbudget", "driftbudgeten", "drift", "driften",
               "ekonomi", "ekonomin", "pengar", "kostnad", "kostnaden", "kostnader",
               "kostnaderna", "kostar", "nettokostnad", "nettokostnaden", "nettokostnader",
               "bokslut", "bokslutet", "tkr", "mnkr", "miljoner", "miljon", "kronor", "intakter",
               "intakterna", "summa", "summan", "plan", "planen", "anslag", "anslaget",
               # a line of the budget by its generic name: "största posten?"
               "post", "posten", "poster", "posterna", "kostnadspost", "kostnadsposten",
               "kostnadsposter", "kostnadsposterna", "utgiftspost", "utgiftsposten",
               "utgiftsposter", "budgetpost", "budgetposten", "budgetposter", "budgetrad",
               "budgetraden", "budgetrader", "budgetraderna",
               # money set aside: "hur mycket är avsatt för reinvesteringar i lokaler?"
               "avsatt", "avsatta", "avsatts", "avsatter", "avsattes",
               "ekonomiskt", "ekonomiska", "total", "totalt", "totala", "tot", "sammanlagt",
               "sammantaget", "helheten",
               "verksamhet", "verksamheter", "verksamheterna", "verksamheten", "verksamhetens",
               "verksamhetskod", "verksamhetsomrade",
               # a line's net in plain words: "gick vi med vinst på fastigheterna?"
               "vinst", "vinsten", "forlust", "forlusten"),
    "avvikelse": ("avvikelse", "avv", "avvikelser", "avvikelsen", "avvikelserna", "budgetavvikelse",
                  "budgetavvikelser", "budgetavvikelsen", "budgetavvikelserna", "avviker",
                  "avvek", "avvikit", "underskott", "underskottet", "overskott", "overskottet",
                  "underskotten", "overskotten", "underskottens", "overskottens",
                  "underskotts", "overskotts",
                  "differens", "avvikelseanalys", "analys", "analysen", "nettoavvikelse",
                  "overdrag", "overdraget", "overskridit", "overskred", "utfall", "utfallet",
                  "overskridande", "overskridandet", "overskridanden", "overskridandena",
                  "overspend", "overspent", "overspending", "underspent", "deficit", "surplus",
                  "resultat", "resultatet", "budgetutfall", "driftredovisning", "back",
                  "driftredovisningen",
                  # the annual report's table "Driftresultat årsbokslut": "driftresultatet 2024"
                  "driftresultat", "driftresultatet", "driftresultaten",
                  # whether the money was used: "användes budgeten för fastighetsförvärv?"
                  "anvandes", "anvants", "utnyttjades",
                  "utnyttjats", "utnyttjat", "forbrukades", "forbrukats", "forbrukat",
                  # the budget burst: "hur mkt sprack hammars skola totalt?"
                  "sprack", "spruckit", "spricker"),
    "investering": ("invest", "inv", "investerade", "investerat", "investera", "investerar", "investeras", "investerades", "invested", "investment", "investments", "investering", "investeringar", "investeringen", "investeringarna",
                    "investeringsbudget", "investeringsbudgeten", "investeringsprojekt",
                    "investeringsprojekten", "investeringsprojektet", "investeringsredovisning",
                    "investeringsredovisningen", "projekt", "projektet", "projekten",
                    "investeringsavvikelse", "investeringsavvikelser", "investeringsplan",
                    # what was paid out: the report's Nettoutgifter
                    "investeringsutgift", "investeringsutgifter", "investeringsutgiften",
                    "investeringsutgifterna", "nettoutgifter", "nettoutgifterna"),
    "maluppfyllelse": ("maluppfyllelse", "maluppfyllelsen", "maluppfyllnad", "maluppfyllnaden",
                       "maluppfyllande", "maluppfoljning", "maluppfoljningen", "maluppfyllelsegrad"),
    "arshjul": ("arshjul", "arshjulet", "arscykel", "arscykeln", "kalender", "kalendern",
                "planeringsprocess", "planeringsprocessen", "planeringskalender"),
    "deadline": ("due", "deadline", "deadlines", "deadlinen", "deadlinesen", "redovisas", "redovisa",
                 "avstamning", "avstamningen", "avstamningar", "avstamningarna",
                 "redovisning", "redovisningar", "redovisningen", "rapporteras", "slutdatum",
                 "forfaller", "forfallodag", "datum", "tidplan", "tidplanen", "datumen",
                 "tidpunkt", "tidpunkter", "lamnas", "presenteras", "aterrapportering",
                 "aterrapporteras", "sammantrade", "motet", "mote", "moten", "dragning",
                 # what KS decides on or has on its agenda is what is reported to it
                 "behandla", "behandlar", "behandlas",
                 "dagordning", "dagordningen", "agenda", "agendan", "arenden", "arendena", "arende"),
    "ks": ("ks", "kommunstyrelsen", "kommunstyrelse", "kommunstyrelsens", "styrelsen"),
    "kf": ("kf", "fullmaktige", "kommunfullmaktige", "fullmaktiges", "kommunfullmaktiges"),
    "late": ("late", "overdue", "delayed", "forsenade", "forsenad", "forsenat", "forseningar", "forsening", "sena", "passerat",
             "passerad", "passerade", "missat", "missade", "missad", "overskridna", "efterslap",
             "eftersatta"),
    "silent": ("tysta", "tyst", "uppdatering", "uppdateringar", "uppdaterats", "uppdaterat",
               "uppdaterad", "uppdaterade", "rapporterat", "rapporterats", "aterrapporterat",
               "hort", "rapport", "rapporter", "lagesrapport", "lagesrapporter", "stillastaende",
               "inaktiva", "inaktiv", "bortglomda",
               "updated", "updates"),  # "who updated last?", "any updates?"
    "owner": ("responsible", "owns", "ansvarig", "ansvariga", "agare", "agaren", "owner", "ansvarar", "uppdragsagare",
              "ager", "agde",  # "äger någon 3.5?"
              "ansvaret", "ansvarat",  # "vem bär ansvaret?": who, not 4.6's "ekonomiskt ansvar"
              "tilldelad", "tilldelade", "tilldelats",
              # "vem är kontaktperson för insikt?" (not "leder": "vem leder räddningstjänsten"
              # asks for a person the plan does not name)
              "kontaktperson", "kontaktpersonen"),
    "without": ("utan", "saknar", "saknas", "ingen", "inga", "inget", "inte", "ej", "aldrig"),
    "list": ("vilka", "alla", "lista", "listan", "oversikt", "oversikten", "samtliga",
             "sammanstallning", "sammanfattning", "hur", "manga", "antal", "visa",
             "count"),  # "hur många av målen klarades, count pls"
    "time": ("resten", "aterstar", "aterstaende",  # "resten av året"
             "vecka", "veckan", "veckor", "veckorna", "manad", "manaden", "manader", "dag",
             "dagar", "dagarna", "nasta", "kommande", "narmaste", "narmsta", "denna", "detta",
             "idag", "imorgon", "morgon", "snart", "framover", "ar", "arets", "iar", "aret",
             "tiden", "period", "perioden", "hosten", "host", "hostas", "varas", "somras", "vintras", "varen", "sistone", "nyligen", "nyss", "lately", "recently", "fore", "innan", "forut", "tidigare", "jul", "nyar",
             "senast", "last", "latest", "nar", "sommaren", "sommar", "sommarens", "midsommar", "semestern",
             "sommaruppehallet", "kvartal", "kvartalet", "kv", "q1", "q2", "q3", "q4",
             "halvar", "halvaret", "halvan", "fjol", "fjolaret", "fjolarets", "slut", "slutet"),
    "social": ("hej", "hejsan", "hallo", "halla", "tja", "tjena", "tjenare", "morrn", "morron",
               "godmorgon", "god", "morgon", "dag", "kvall", "eftermiddag", "tack", "tackar",
               "tusen", "toppen", "perfekt", "okej", "ok", "bra", "super", "hejda", "adjo",
               "ses", "trevlig", "helg"),
    "colour_red": ("rod", "roda", "rott", "rodmarkerade", "red"),
    "mine": ("mina", "mitt", "min", "jag", "mig"),
    "colour_green": ("gron", "grona", "gront", "green"),
    "colour_yellow": ("gul", "gula", "gult", "yellow"),
    "noise": ("utgangslage", "utgangslaget", "utgangsvarde", "utgangsvardet", "baslinje", "baseline", "verksamhetsberattelse", "verksamhetsberattelsen", "status", "statusen", "lage", "laget", "lagesbild", "laget", "uppfoljning",
              "uppfoljningen", "info", "detaljer", "berattelse", "fraga", "fragor", "svar",
              "styrbot", "bot", "boten", "snalla", "vanligen", "pls", "plz", "please", "kul", "bra", "daligt",
              "bast", "basta", "samst", "samsta", "mest", "minst", "fel", "ratt", "hall",
              "plus", "minus", "hant", "nyheter", "nyhet", "nytt", "forra", "sista",
              "dalig", "gar", "gick", "ligger", "till", "nagot", "nagonting", "nanting", "senaste",
              "ifran",  # "långt ifrån målet" (not "siffran", fuzzily)
              "varje", "varenda",  # "varje månad" (not "värde", fuzzily)
              # English frame words: "compare unemployment vs target", "what share … goes to"
              "compare", "compared", "comparison", "goes", "avg", "share", "percentage",
              # a sum's word, no name ("4 och 5 tillsammans" is not uppdrag 1.2's
              # "tillsammans med polis")
              "tillsammans", "ihop",
              # a follow-up's "the same": "samma för målområde 2" (not uppdrag 4.1's "samman")
              "samma", "detsamma", "densamma", "likadant",
              # a part of an uppdrag's text asked for: "omfattningen då?" (not Personalomsättning,
              # fuzzily), "vad är syftet med 3.2?" (handlers/questions.card_part)
              "omfattning", "omfattningen", "syfte", "syftet",
              # emphasis: "har inte rapporterat nåt alls", "överhuvudtaget"
              "alls", "overhuvudtaget", "overhuvudtag",
              # a statistic of a series, no name: "genomsnittlig arbetslöshet 2026"
              "snitt", "snittet", "genomsnitt", "genomsnittet", "genomsnittlig", "genomsnittliga",
              "medelvarde", "medelvardet", "average", "mean", "hogsta", "lagsta",
              "nuvarande", "aktuella", "aktuellt", "aktuell", "kommun", "kommunens", "vart",
              "egentligen", "egen", "just", "kika", "titta", "kolla", "kollar", "check",
              # "vilket uppdrag ska redovisas först?": no typo of "förlust"
              "forst",
              # the English verb staff mix in: "kan du checka soliditeten?"
              "checka", "checkar", "berattar", "forklara",
              "sammanfatta", "sammanstall", "sammanstalla", "summera", "presentera", "rakna", "hitta", "beskriv", "beskriva", "redogor", "granska", "bedom", "skriv", "framsteg", "progress", "hander", "funkar", "fungerar", "anvander",
              "anvanda", "anvands",
              "hander", "handa", "sker", "blir", "kommer", "star", "ser", "ut", "nu",
              "ska", "skall", "maste", "borde", "finns", "fanns", "typ", "ungefar",
              "siffra", "procent", "andel", "hel", "helar", "helaret", "vad",
              "nagra", "fler", "annat", "mer", "detaljerat", "allt", "stort", "storsta",
              "storst", "storre", "minsta", "hogsta", "lagsta", "sorterat", "sortera",
              "topp", "tio", "fem", "ranking", "bade", "biggest", "largest", "most", "least",
              "smallest", "highest", "lowest",
              # the nämnd itself, not the line 10 Nämnder/Styrelser: "underskottet 2023 för
              # nämnden", "vilka av nämndens mål nåddes?"
              "namnden", "namndens"),
}

STATUS_FORMS: dict[Status, tuple[str, ...]] = {
    Status.PAGAR: ("pagar", "pagaende", "paborjade", "paborjat", "paborjad", "paborjats", "igang", "startade",
                   "startat", "aktiva", "aktivt", "pagang"),
    Status.KLAR: ("klar", "klara", "klart", "avslutade", "avslutat", "avslutad", "fardiga",
                  "fardig", "fardigt", "genomforda", "genomfort", "slutforda", "levererade",
                  "klarmarkerade", "ready", "finished", "completed", "complete"),
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
_EXACT.setdefault("nast", "ordinal")  # "näst störst underskott": a place in a ranking
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
    # two capitals the user typed as a name ("IT", "HR", "VA"): a word of the question,
    # though two letters are otherwise too short to name anything
    acronyms: tuple[str, ...] = ()
    # the organisation's own name, folded ("orsa"): never another municipality's
    home: str = ""

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
    # a typo keeps the word's first letter: "bostäderna" is a word of its own, not
    # "kostnaderna" mistyped
    # (a short word one slip from the form, a letter or two swapped: "bugdet"; "visit" of
    # "Visit Askersund" is no "vinst")
    hit = next((h for h in process.extract(word, _FUZZY_FORMS, scorer=fuzz.ratio, limit=3,
                                           score_cutoff=80 if len(word) <= 6 else 84)
                if (h[0][0] == word[0] or word.endswith(h[0]))  # "reinvesteringar"
                and (len(word) > 6 or OSA.distance(word, h[0]) <= 1)), None)
    if hit is None:
        return None
    return _EXACT[hit[0]]


# classes a greeting or a thank-you may have besides its own words ("hej på dig", "tack så mycket")
_SMALL_TALK = frozenset({"social", "noise", "list", "time", "without"})

# an emoji as Slack writes it in a message's text (":slightly_smiling_face:", ":+1:",
# "::skin-tone-2:"): no word of the question
_EMOJI_CODE = re.compile(r":(?=[\w+'-]*[a-z])[a-z0-9_+'-]+:")

# against the plan, not another year: "dyrare än planerat" is a deviation
THAN_PLANNED = ("an planerat", "an budget", "an budgeterat", "an beraknat", "an tankt",
                "than planned", "than budgeted", "than budget")

_DEVIATION_PHRASES = ("over budget", "under budget", "mot budget", "jamfort med budget",
                      "mer an budgeterat", "mindre an budgeterat", "hogre an budgeterat",
                      "lagre an budgeterat", "hogre an budget", "lagre an budget",
                      "gick back", "gatt back",
                      "gick plus", "gick minus", "gick bast", "gick samst", "gick bra",
                      "gick daligt", "gick over", "gick under",
                      # "hur mycket sämre än budget blev resultatet 2024?"
                      "battre an budget", "samre an budget", "battre an budgeterat",
                      "samre an budgeterat", "battre an planerat", "samre an planerat",
                      "battre eller samre an budget")


# how a year ended against its budget, said with "plus" or "minus" anywhere after it
_ENDED = frozenset({"gick", "gatt", "blev", "hamnade", "landade", "slutade"})


_KEPT_ANALYSES = 256  # a snapshot's analyses kept, by text: the matchers each read a message



# being behind a tidplan: "ligger efter", "släpar efter", "har halkat efter" (folded), and how
# far ("ligger längst efter", "mest efter")
_BEHIND_VERBS = frozenset({"ligger", "ligga", "legat", "slapar", "slapa", "slapat", "halkar",
                           "halkat", "halka", "hamnat", "hamnar"})
_BEHIND_DEGREE = frozenset({"langst", "mest", "mycket", "langt", "lite", "mer", "varst"})

def analyse(text: str, snap: Snapshot | None = None) -> Query:
    """Fold and classify the words of a message; the rest are content words. The matchers
    each ask for the analysis of the same message, so a snapshot keeps the analyses of the
    last messages asked of it (a Query is not changed by its readers)."""
    if snap is None:
        return _analyse(text, None)
    kept: dict[str, Query] = snap.memoised("analyses", None, dict)
    q = kept.get(text)
    if q is None:
        if len(kept) >= _KEPT_ANALYSES:
            kept.clear()
        q = kept[text] = _analyse(text, snap)
    return q


def _analyse(text: str, snap: Snapshot | None) -> Query:
    plain = _EMOJI_CODE.sub(" ", text) if ":" in text else text  # Slack's ":thinking_face:"
    if "-" in plain and snap is not None:
        plain = _expand_hyphened(plain, snap.index.vocab_set)
    if snap is not None and _SPANS.search(plain):
        plain = _expand_spans(plain, snap.index.vocab_set)
    folded = fold(plain)
    if "mo" in folded:  # "uppdrag i mo5": målområde 5, as "mo 5" (not a word of its own)
        folded = _MO_GLUED.sub(r"mo \1", folded)
        plain = _MO_GLUED.sub(r"mo \1", plain)
    ws = tuple(re.findall(r"\w+", folded))
    typed = re.findall(r"\w+", unicodedata.normalize("NFKC", plain).lower())
    if len(typed) != len(ws):
        typed = list(ws)
    ws, typed = to_swedish(ws, typed)  # "sick leave 2026": the plan's "sjukfrånvaro"
    if not _SMS.keys().isdisjoint(ws):  # "hur mnga uppdrag e försenade": chat's "många"
        ws = tuple(_SMS.get(w, w) for w in ws)
    if "hur" in ws:
        ws, typed = _direct_order(ws, typed)  # "kolla hur det gick med …": "hur gick det"
    vocab = snap.index.vocab_set if snap is not None else frozenset()
    if vocab and len(ws) >= 2:
        ws, typed = _join_abbreviated(ws, typed, vocab)
    if not _FARE.isdisjoint(ws) and any(_staff(w) for w in ws):
        # "hur mår personalen?": how the staff are is what the plan measures of their
        # health, their sick leave, of "samtlig personal" (it was "Det finns inte i planen"
        # for "mår", and "hur mår medarbetarna?" the HME card)
        typed = [_HEALTH_MEASURE if w in _FARE else "personalen" if _staff(w) else t
                 for w, t in zip(ws, typed)]
        ws = tuple(fold(_HEALTH_MEASURE) if w in _FARE else "personalen" if _staff(w) else w
                   for w in ws)
    org_words = _org_words(snap)
    classes: dict[str, list[str]] = {}
    core: list[str] = []
    content: list[str] = []
    acronyms = _acronyms(plain)
    if snap is not None:
        # the plan's own acronyms typed in lower case ("sjukfrånvaro ame 2025") are acronyms
        # still: a unit named, not a three-letter word of nothing
        theirs = snap.memoised("acronyms", None, lambda: _plan_acronyms(snap))
        acronyms |= {w for w in ws if w in theirs}
    home = snap.memoised("home", None, lambda: _home(snap)) if snap is not None else ""
    for i, (w, as_typed) in enumerate(zip(ws, typed)):
        if w in _LEADS and ws[i + 1: i + 2] in (("arbetet",), ("jobbet",), ("arbete",)):
            classes.setdefault("owner", []).append(w)  # "vem leder arbetet med visionen?"
            continue
        if (w in ("lang", "langt", "lange") and ws[i - 1: i] == ("hur",)) or (
                w == "tid" and ws[i - 1: i] in (("lang",), ("langt",))
                and ws[i - 2: i - 1] == ("hur",)):
            # "hur lång tid är det kvar?": a duration (what is left: the deadline), not "lån"
            # nor Långtidssjukskrivningar
            classes.setdefault("deadline" if "kvar" in ws else "time", []).append(w)
            continue
        if w in _BEHIND_VERBS and (ws[i + 1: i + 2] == ("efter",) or (
                ws[i + 1: i + 2] and ws[i + 1] in _BEHIND_DEGREE and ws[i + 2: i + 3] == ("efter",))):
            # "vilka släpar efter?", "vilka ligger längst efter?": late (behind their tidplan)
            classes.setdefault("late", []).append(w)
            continue
        if w in _BEHIND_DEGREE and ws[i + 1: i + 2] == ("efter",) and i and \
                ws[i - 1] in _BEHIND_VERBS:
            # the degree of being behind ("längst", "mest"), no name word (not "lång" of
            # Långtidssjukskrivningar); the words keep it, for "the longest late first"
            classes.setdefault("noise", []).append(w)
            continue
        if w == "plats" and ws[i - 1: i] == ("pa",) and i + 1 == len(ws):
            # "när kom nya HR-chefen på plats?": the idiom (arrived), no name word "plats"
            # (uppdrag 3.5's "platsen"); the plan's text never says "på plats"
            classes.setdefault("noise", []).append(w)
            continue
        if home and w in (home, f"{home}s"):
            continue  # "vad händer i Orsa i april?" asked of Orsa: its own name names nothing
        if w in ("namnder", "namnderna") and ws[i - 1: i] in (("vilka",), ("vilken",)) and \
                not _SCOPE_VERBS.isdisjoint(ws):
            # "i vilka nämnder ska visionsarbetet redovisas?": the omfattning asked (card_part),
            # no name word beside the uppdrag's
            classes.setdefault("noise", []).append(w)
            continue
        cls = org_words.get(w) or (classify(w, vocab) if not _spelled_otherwise(w, as_typed)
                                   else None)
        if cls is not None:
            classes.setdefault(cls, []).append(w)
            continue
        if w in acronyms:
            core.append(w)  # "vad kostar IT?": not the whole budget
            content.append(as_typed.upper())
            continue
        if w in STOPWORDS or w.isdigit() or len(w) < 3 or w in _NUMBER_WORDS:
            continue
        if (split := _measure_compound(w, vocab)) is not None:
            head, measure, cls = split  # "gymnasiebudgeten": "gymnasie" + "budgeten"
            classes.setdefault(cls, []).append(measure)
            core.extend(content_words(head))
            content.append(as_typed[: len(head)])
            continue
        core.extend(content_words(w))
        if not content or content[-1] != as_typed:  # an English phrase's words: once
            content.append(as_typed)
    query = Query(text, folded, ws, classes, core, content, tuple(acronyms), home)
    if "avvikelse" not in classes and (query.phrase(*_DEVIATION_PHRASES) or (
            set(query.words) & {"plus", "minus"} and set(query.words) & _ENDED)):
        # "gick plus", and "varför gick besöksnäringen plus 2024?" with the line between
        classes["avvikelse"] = ["budget"]
    return query


_SCOPE_VERBS = frozenset({"redovisas", "redovisa", "berors", "omfattas", "rapporteras"})

# how someone fares ("hur mår personalen?", "mådde"), folded; asked of the staff, the plan's
# measure of it
_FARE = frozenset({"mar", "madde", "matt"})
_HEALTH_MEASURE = "sjukfrånvaron"


def _staff(word: str) -> bool:
    """A word of the staff: "personalen", "medarbetarna", "de anställda" (the synonym group
    of bot/domain/synonyms.py)."""
    from bot.domain import synonyms

    return word.startswith("personal") and len(word) <= 10 or "personal" in synonyms.others(word)

# intent words as they are spelled, where another word folds into the same letters: "vården"
# (the care) is no "värden" (an indicator's values)
_SPELLED = {"varden": "värden", "vardet": "värdet", "varde": "värde", "vardena": "värdena"}


def _spelled_otherwise(folded: str, typed: str) -> bool:
    """Whether the word as typed, with its å, ä and ö, is another word than the intent word
    its folded letters are ("vården", not "värden"); typed without them it may be either."""
    spelled = _SPELLED.get(folded)
    return spelled is not None and typed != folded and typed != spelled


# an indirect question's order, "kolla hur det gick med SFI-målet", "vet du hur det går för
# AME?": read as the direct question ("hur gick det …") the matchers know
_INDIRECT_SUBJECTS = frozenset({"det", "de", "dom", "vi", "ni"})
_INDIRECT_VERBS = frozenset({"gick", "gar", "blev", "har", "hade", "ligger", "lag", "star",
                             "stod", "ser", "sag", "funkar", "fungerar", "fungerade"})


def _direct_order(ws: tuple[str, ...], typed: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """"hur det gick" → "hur gick det" (a subject before its verb after "hur" is the order of
    a question asked inside a sentence)."""
    out, out_t = list(ws), list(typed)
    for i in range(len(out) - 2):
        if out[i] == "hur" and out[i + 1] in _INDIRECT_SUBJECTS and out[i + 2] in _INDIRECT_VERBS:
            out[i + 1], out[i + 2] = out[i + 2], out[i + 1]
            out_t[i + 1], out_t[i + 2] = out_t[i + 2], out_t[i + 1]
    return tuple(out), out_t


# chat's spellings of a question word, read as the word (matched phrases say "hur manga")
_SMS = {"mnga": "manga", "mnge": "manga", "mnag": "manga"}


# leading the work on a thing is owning it ("vem leder arbetet med visionen?"); "leder"
# alone is not ("vem leder räddningstjänsten?" asks for a person the plan does not name)
_LEADS = frozenset({"leder", "leda", "leds", "ledde", "driver", "samordnar"})


# a compound's first part with a hyphen, its tail shared with the next compound:
# "lång- och korttidssjukfrånvaron", "nedlagda och in- och utflyttade"
_HYPHENED = re.compile(r"\b(\w{2,})-\s+(och|eller|o|&|samt|resp|or|and)\s+(\w{6,})\b", re.IGNORECASE)


def _expand_hyphened(plain: str, vocab: frozenset[str]) -> str:
    """"lång- och korttidssjukfrånvaron" → "långtidssjukfrånvaron och korttidssjukfrånvaron":
    the first part takes the tail of the second compound that makes a word of the plan."""
    def whole(m: re.Match[str]) -> str:
        first, joiner, second = m.group(1), m.group(2), m.group(3)
        for k in range(2, len(second) - 3):
            word = first + second[k:]
            if stem(fold(word)) in vocab or fold(word) in vocab:
                return f"{word} {joiner} {second}"
        return m.group(0)
    return _HYPHENED.sub(whole, plain)


# two capitals standing alone, or before a hyphen ("IT", "HR-frågor")
_ACRONYM = re.compile(r"(?<![\w-])([A-ZÅÄÖ]{2,3})(?![\w])")
# two capitals that are words, not names
_NOT_ACRONYMS = frozenset({"ok", "nu", "ja", "nej", "pa", "om", "vi", "du", "ni", "en", "ett"})


def _plan_acronyms(snap: Snapshot) -> frozenset[str]:
    """The acronyms of three letters or more the plan's own rows write in capitals (AME of
    "Sjukfrånvaro AME, procent", HME, SFI, MSB), folded."""
    texts = [str(v) for rows in (snap.maluppfyllelse, snap.indikatorer, snap.uppdrag,
                                 snap.nyckeltal, snap.projects)
             for row in rows for v in dict(row).values() if isinstance(v, str)]
    return frozenset(fold(m) for t in texts for m in re.findall(r"(?<![\w-])[A-ZÅÄÖ]{3,5}(?![\w])", t)
                     if fold(m) not in _NOT_ACRONYMS)


def _acronyms(plain: str) -> set[str]:
    """The two-capital names a message holds ("IT", "HR", "VA"), folded; none in a message
    typed in capitals throughout ("VAD ÄR NU LÄGET"), where every word is so."""
    letters = [c for c in plain if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > len(letters) / 2:
        return set()
    return {w for w in (fold(m) for m in _ACRONYM.findall(plain)) if w not in _NOT_ACRONYMS}


# a span said as an adjective before a word whose korttids-/långtids- compound the plan
# holds: "kort sjukfr", "långa sjukskrivningar", "lång och kort sjukfrånvaro" (both, the word
# shared); "kort" alone is the chat's "briefly" (a stop word), "lång" alone not "lån"
_SPANS = re.compile(r"\b(kort|korta|lång|långa|lang|langa)\s+(?:(och|eller|o|samt|resp)\s+"
                    r"(kort|korta|lång|långa|lang|langa)\s+)?([^\W\d_]{4,})\b", re.IGNORECASE)


def _expand_spans(plain: str, vocab: frozenset[str]) -> str:
    """"lång och kort sjukfrånvaro" → "långtidssjukfrånvaro och korttidssjukfrånvaro",
    "kort sjukfr" → "korttidssjukfr", when a word of the plan begins so."""
    def span(adjective: str, word: str) -> str | None:
        base = "korttids" if fold(adjective).startswith("kort") else "långtids"
        whole = stem(fold(base + word))
        return base + word if any(v.startswith(whole) for v in vocab) else None

    def whole(m: re.Match[str]) -> str:
        first, joiner, second, word = m.group(1), m.group(2), m.group(3), m.group(4)
        one = span(first, word)
        if one is None:
            return m.group(0)
        return f"{one} {joiner} {span(second, word) or second + ' ' + word}" if joiner else one
    return _SPANS.sub(whole, plain)


def _join_abbreviated(ws: tuple[str, ...], typed: list[str], vocab: frozenset[str]
                      ) -> tuple[tuple[str, ...], list[str]]:
    """A word of the plan written in two: a compound ("färd tjänst" → färdtjänst), or
    abbreviated and split from its tail ("räddn tjänsten", "räddn. tjänst"), joined into
    the one word of the plan that begins with the first and ends with the second's stem
    (Räddningstjänst)."""
    out_w: list[str] = []
    out_t: list[str] = []
    i = 0
    while i < len(ws):
        a = ws[i]
        if i + 1 < len(ws) and a.isalpha() and ws[i + 1].isalpha() and a not in STOPWORDS \
                and ws[i + 1] not in STOPWORDS and (whole := a + stem(ws[i + 1])) in vocab:
            out_w.append(whole)  # a compound written in two: "färd tjänst"
            out_t.append(typed[i] + typed[i + 1])
            i += 2
            continue
        if i + 1 < len(ws) and 3 <= len(a) <= 7 and a not in vocab and a not in STOPWORDS \
                and a.isalpha():
            tail = stem(ws[i + 1])
            cands = sorted(v for v in vocab if v.startswith(a) and v.endswith(tail)
                           and len(v) > len(a) + len(tail)) if len(tail) >= 4 else []
            if len(cands) == 1:
                out_w.append(cands[0])
                out_t.append(f"{typed[i]} {typed[i + 1]}")  # as typed, for "about"
                i += 2
                continue
        # a compound said the other way round: "förvärv av fastigheter" ("buy any
        # fastigheter", "köpte kommunen några fastigheter") is the plan's Fastighetsförvärv,
        # the one word that begins with the noun and ends with the word before it
        gap = 0
        while gap < 2 and i + 2 + gap < len(ws) and (ws[i + 1 + gap] in _OF
                                                      or ws[i + 1 + gap] in STOPWORDS):
            gap += 1  # "köpte kommunen några fastigheter": two small words between
        if i + 1 + gap < len(ws) and len(a) >= 5 and a.isalpha() and a not in STOPWORDS \
                and a not in _EXACT and ws[i + 1 + gap].isalpha() and \
                ws[i + 1 + gap] not in STOPWORDS and len(head := stem(ws[i + 1 + gap])) >= 4:
            tail = stem(a)
            cands = sorted(v for v in vocab if v.startswith(head) and v.endswith(tail)
                           and len(v) > len(head) + len(tail)) if len(tail) >= 5 else []
            if len(cands) == 1:
                out_w.append(cands[0])
                out_t.append(" ".join(typed[i:i + 2 + gap]))
                i += 2 + gap
                continue
        out_w.append(a)
        out_t.append(typed[i])
        i += 1
    return tuple(out_w), out_t


# the words between the two halves of a compound said the other way round ("förvärv av
# fastigheter")
_OF = frozenset({"av", "for", "pa"})


# the measure (or the kind) as the last part of a compound: "gymnasiebudgeten",
# "färdtjänstavvikelsen", "visionsuppdraget"
_MEASURE_TAILS = (("budgeten", "budget"), ("budget", "budget"), ("avvikelsen", "avvikelse"),
                  ("avvikelse", "avvikelse"), ("avvikelser", "avvikelse"),
                  # the work named by its topic: "visionsuppdraget" is the uppdrag on vision
                  ("uppdraget", "uppdrag"), ("uppdragen", "uppdrag"), ("uppdrag", "uppdrag"),
                  # "attraktionsindikatorerna": the indicators of Attraktion
                  ("indikatorerna", "indikator"), ("indikatorer", "indikator"),
                  ("indikatorn", "indikator"), ("indikator", "indikator"))


def _measure_compound(w: str, vocab: frozenset[str]) -> tuple[str, str, str] | None:
    """A word the plan does not have that is a name's part and a measure word (head,
    measure, class), or None."""
    if w in vocab:
        return None
    for tail, cls in _MEASURE_TAILS:
        if w.endswith(tail) and len(w) - len(tail) >= 4:
            head = w[: -len(tail)]
            head = head[:-1] if head.endswith("s") and len(head) > 4 else head
            return head, tail, cls
    return None


def _home(snap: Snapshot | None) -> str:
    """The organisation's own name, folded, without "kommun" ("Orsa kommun" → "orsa")."""
    name = (snap.org or {}).get("name") if snap is not None else None
    return fold(re.sub(r"s?\s+kommun$", "", name or "")).strip()


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


def uppdrag_keys(q: Query) -> list[str]:
    """Every uppdrag key the message names, in its order ("status 3.2 och 4.3"): more than
    one asks of each."""
    out: list[str] = []
    for m in _KEY.finditer(q.text):
        a, b = int(m.group(1)), int(m.group(2))
        if a and b and f"{a}.{b}" not in out:
            out.append(f"{a}.{b}")
    return out


# a series asked, how a figure moved over time: "hur har arbetslösheten utvecklats?", "hur har
# soliditeten förändrats över tid?", "trenden för sjukfrånvaron" (the handlers add the words of
# a rise or fall where those ask for the series too)
TREND = ("utvecklats", "utvecklas", "utvecklat", "utvecklingen", "trend", "trenden",
         "forandrats", "forandrat", "forandras", "andrats", "rort sig",
         # the past tense of a closed stretch: "hur utvecklades X mellan 2023 och 2024?"
         "utvecklades", "forandrades", "andrades", "over tid", "over time",
         "over aren", "ar for ar", "kurva", "kurvan", "serie", "serien", "tidsserie",
         "manad for manad", "developed", "trended")


# against the year before, said in words: "jämfört med förra året?", "sämre än året innan"
THAN_LAST_YEAR = ("jamfort med forra aret", "jamfort med i fjol", "jamfort med fjolaret",
                  "jamfort med aret innan", "an forra", "an i fjol", "an aret innan",
                  "an aret fore", "an foregaende", "mot forra aret", "sedan forra aret",
                  "sen forra aret", "sen i fjol", "sedan i fjol", "mot i fjol",
                  "compared to last year", "than last year")


def card_part(q: Query) -> Literal["uppföljning", "omfattning", "syfte"] | None:
    """The part of an uppdrag's text a question asks for: how it is followed up ("hur följs
    det upp?"), its scope ("omfattningen?") or its purpose ("vad är syftet?"); else None."""
    ws = set(q.words)
    if any(w.startswith("uppfoljning") for w in ws) or ("foljs" in ws and "upp" in ws) or \
            q.phrase("folja upp", "foljer upp", "follow up", "followed up"):
        return "uppföljning"
    if any(w.startswith("omfattning") for w in ws) or ws & {"scope", "berors", "berorda"} or (
            ws & {"namnder", "namnderna"} and ws & {"vilka", "vilken", "which", "alla"}):
        # ("i vilka nämnder ska 1.1 redovisas?": its omfattning says which)
        # ("vilka nämnder berörs?": its omfattning says which redovisar it)
        return "omfattning"
    if ws & {"syfte", "syftet", "syftar", "purpose", "syftena"}:
        return "syfte"
    return None


def year(q: Query, today: dt.date | None = None) -> int | None:
    m = _YEAR.search(q.text)
    if m:
        return int(m.group(1))
    if today is not None:
        if q.phrase("i ar", "detta ar", "i aret", "arets", "innevarande ar", "this year"):
            return today.year
        if q.phrase("forra aret", "forra ar", "i fjol", "fjolaret", "foregaende ar",
                    "last year", "for ett ar sedan", "for ett ar sen", "ett ar sedan",
                    "a year ago"):
            return today.year - 1
        if q.phrase("for tva ar sedan", "for tva ar sen", "i forfjol", "two years ago"):
            return today.year - 2
        if q.phrase("nasta ar", "nasta aret", "kommande ar", "next year"):
            return today.year + 1
    return None


# a stretch of years: "2023–2025", "från 2020 till 2025", "mellan 2024 och 2026"; or from a
# year until now: "sedan 2023", "since 2024"
_RANGE_SEP = r"(?:-|–|—|till|to|fram\s+till)"
YEAR_RANGE = re.compile(rf"\b(20\d\d)\s*{_RANGE_SEP}\s*(20\d\d)\b")  # "2026–2028"
# two years named together: "gymnasieskolan 2025 o 2026", "2024, 2025", "2024 mot 2026"
YEAR_PAIR = re.compile(r"\b(20\d\d)\s*(?:och|o|and|&|,|samt|resp|mot|vs|\s)\s*(20\d\d)\b")
_YEAR_SPAN = re.compile(rf"\b(20\d\d)\s*(?:{_RANGE_SEP}|och|and)\s*(20\d\d)\b")
_YEAR_SINCE = re.compile(r"\b(?:sedan|sen|fran|since|from)\s+(?:ar\s+)?(20\d\d)\b(?!\s*(?:-|–|—|till|to)\b)")


def year_span(q: Query, today: dt.date) -> tuple[int, int] | None:
    """The first and last year of a stretch asked ("arbetslösheten 2024–2026", "befolkningen
    sedan 2023": to this year), or None; a pair ("2024 och 2025") is the stretch between them."""
    if (m := _YEAR_SPAN.search(q.text)) is not None:
        lo, hi = sorted((int(m.group(1)), int(m.group(2))))
        return (lo, hi) if lo < hi else None
    if (m := _YEAR_SINCE.search(q.text)) is not None and int(m.group(1)) < today.year:
        return int(m.group(1)), today.year
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


# a ranking asked of one: "vilken verksamhet hade störst underskott?", "vilket projekt drog
# över mest?", "which department overspent the most?"; not "vilka tre …" (a list asked)
_ONE = frozenset({"vilken", "vilket", "which", "vem", "who"})
_MANY = frozenset({"vilka", "alla", "lista", "tva", "tre", "fyra", "fem", "tio", "topp",
                   "verksamheter", "verksamheterna", "projekten", "investeringarna"})
# The words of a ranking, one list each, which the frames, the trust rules and the
# conversation build theirs from: the largest ("störst budget", "dyrast"), the smallest
# ("minst budget", "billigast"), the worst and the best ("vilket gick sämst?", "bäst")
LARGEST = frozenset({"storst", "storsta", "mest", "hogst", "hogsta", "dyrast", "dyraste",
                     "biggest", "largest", "most"})
SMALLEST = frozenset({"minst", "minsta", "lagst", "lagsta", "billigast", "billigaste",
                      "smallest", "least", "cheapest"})
WORST = frozenset({"varst", "varsta", "samst", "samsta", "worst"})
BEST = frozenset({"bast", "basta", "best"})
# one of a list: the worst is the largest deviation ("vilken verksamhet gick sämst 2024?")
_LARGEST = LARGEST | {"varst", "worst", "samst"}


def top_n(q: Query) -> int | None:
    """How many of a ranking are asked: "topp 3", "top 5", "de tre största", "5 största"."""
    ws = q.words
    for i, w in enumerate(ws):
        n = int(w) if w.isdigit() and len(w) <= 2 else _NUMBER_WORDS.get(w)
        if n is None or not 2 <= n <= 20:
            continue
        before = ws[i - 1] if i else ""
        after = ws[i + 1] if i + 1 < len(ws) else ""
        if before in ("topp", "top", "toppen") or after in LARGEST | SMALLEST | WORST | BEST:
            return n
    return None


# the place in a ranking after the first: "näst störst", "den tredje största"
_PLACES = {"nast": 1, "andra": 1, "tredje": 2, "fjarde": 3, "femte": 4}


def rank_place(q: Query) -> int:
    """The place in a ranked list a question asks for, 0 the first: "näst störst underskott"
    1, "tredje största" 2; "andra" only right before a superlative ("den andra största")."""
    for w, after in zip(q.words, [*q.words[1:], ""], strict=True):
        if w == "nast" or (w in _PLACES and after in _LARGEST | SMALLEST | {"mest", "flest"}):
            return _PLACES[w]
    return 0


def ranks_one(q: Query) -> Literal["störst", "minst"] | None:
    """Which end of a ranked list a question asks for, when it asks for one only."""
    ws = set(q.words)
    # "vad var det största underskottet 2024?", "den dyraste investeringen": the singular
    # article before a superlative asks for one ("de största" for several)
    the_one = any(a in ("det", "den") and w in _LARGEST | SMALLEST
                  for a, w in zip(q.words, q.words[1:], strict=False))
    if not (ws & _ONE or the_one) or ws & _MANY:
        return None
    if ws & _LARGEST:
        return "störst"
    return "minst" if ws & SMALLEST else None
# not meeting the target, as a filter of the indicators: the red and the yellow (partly)
_OFF_TARGET = ("nar inte malet", "nar inte malen", "nar inte sina mal", "nar inte sitt mal",
               "inte nar malet", "inte nar malen", "missar malet", "missar malen", "under malet",
               "under malen", "ligger under mal", "ligger efter", "inte uppnatt malet",
               "nar ej malet", "not on target", "off target", "below target", "missing target",
               "missing the target", "fran malet", "langt fran malet", "langt ifran malet",
               "langst ifran malet", "langst fran sitt mal")


def off_target(q: Query) -> bool:
    """"vilka indikatorer når inte målet?", "… ligger under målet?": those not on target."""
    return q.phrase(*_OFF_TARGET)
def other_colour(q: Query, first: Colour) -> Colour | None:
    """A second colour named beside ``first`` ("vilka indikatorer är gröna och vilka är
    röda?"): both are asked, not the one ``colour`` reads first."""
    said = {"röd": q.has("colour_red"), "grön": q.has("colour_green"),
            "gul": q.has("colour_yellow")}
    return next((c for c in ("grön", "gul", "röd") if said[c] and c != first), None)  # type: ignore[return-value]


def colour_negated(q: Query) -> bool:
    """"vilka indikatorer är inte gröna?": the colour word follows "inte" (or "ej", "not")
    within two words, so the question is for the other colours."""
    said = {w for c in ("colour_red", "colour_green", "colour_yellow") for w in q.classes.get(c, [])}
    return any(w in said and any(x in ("inte", "ej", "not") for x in q.words[max(0, i - 2):i])
               for i, w in enumerate(q.words))


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
        label = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        # "efter 1 oktober", "före 1 juni": the rest of that year, or its start, not the day
        if re.search(r"\b(?:efter|fran och med|from|after|senare an)\s+(?:den\s+)?\d", q.text):
            return day + dt.timedelta(days=1), dt.date(day.year, 12, 31), f"efter {label}"
        if re.search(r"\b(?:senast|till och med|tom|by)\s+(?:den\s+)?\d", q.text):
            return dt.date(day.year, 1, 1), day, f"till och med {label}"
        if re.search(r"\b(?:fore|innan|before|tidigare an)\s+(?:den\s+)?\d", q.text):
            return dt.date(day.year, 1, 1), day - dt.timedelta(days=1), f"före {label}"
        return day, day, f"den {label}"
    if q.phrase("nasta vecka", "kommande vecka", "nasta veckan", "kommande veckan"):
        start = _monday(today) + dt.timedelta(days=7)
        return start, start + dt.timedelta(days=6), "nästa vecka"
    if q.phrase("denna vecka", "den har veckan", "i veckan", "veckan", "denna veckan",
                "resten av veckan"):
        return today, _monday(today) + dt.timedelta(days=6), "den här veckan"
    # "vad ska redovisas på dagens KS?": today's meeting (not "dagens läge")
    if q.phrase("idag", "i dag") or (q.phrase("dagens") and (q.has("ks", "kf") or q.phrase(
            "dagens mote", "dagens sammantrade", "dagens ksmote", "dagens kfmote"))):
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
                "kvar av aret", "aterstar i ar", "kvar att redovisa", "kvar att rapportera",
                "aterstar att redovisa", "aterstaende i ar", "resten av ar"):
        return today, dt.date(today.year, 12, 31), "resten av året"
    mo = month(q)
    # "i maj nästa år": the month of the coming year (not the plan's)
    y = year(q) or (today.year if q.phrase("i ar", "detta ar", "i aret", "under aret", "hela aret",
                                           "under hela aret", "detta aret", "pa aret")
                    else today.year + 1
                    if q.phrase("nasta ar", "nasta aret", "next year") else None)
    if mo is None and (half := _summer_half(q, y or plan_year or today.year, today)):
        return half
    part = _year_part(q) if mo is None else None
    if part is not None:  # "Q3", "tredje kvartalet", "första halvåret", "under hösten"
        m1, m2, name = part
        sy = y or plan_year or today.year
        return _month_range(sy, m1)[0], _month_range(sy, m2)[1], (
            f"{name} {sy} ({MONTHS[m1 - 1]}–{MONTHS[m2 - 1]})")
    if mo is not None:
        if y is None:
            y = plan_year or (today.year if mo >= today.month else today.year + 1)
        lo, hi = _month_range(y, mo)
        last = _range_end(q, mo)
        if (apart := months_apart(q)):  # "maj och november": those two, not the months between
            names = [MONTHS[m - 1] for m in apart]
            return lo, _month_range(y, apart[-1])[1], \
                f"{', '.join(names[:-1])} och {names[-1]} {y}"
        if last is not None:  # "april och maj", "april till juni"
            return lo, _month_range(y, last)[1], f"{MONTHS[mo - 1]}–{month_label(last, y)}"
        return lo, hi, month_label(mo, y)
    if y is not None:
        return dt.date(y, 1, 1), dt.date(y, 12, 31), str(y)
    return None


_BEFORE_SUMMER = ("fore sommaren", "innan sommaren", "fore sommar", "innan sommar",
                  "fore midsommar", "innan midsommar", "till sommaren", "fore semestern",
                  "innan semestern", "fore sommaruppehallet", "innan sommaruppehallet")
_AFTER_SUMMER = ("efter sommaren", "efter semestern", "efter sommaruppehallet")


def _summer_half(q: Query, sy: int, today: dt.date) -> tuple[dt.date, dt.date, str] | None:
    """"före sommaren": what a municipality means by it, the meetings before the summer
    break, i.e. to the end of June (from today, if that is the year's first half); "efter
    sommaren" from August to the year's end."""
    if q.phrase(*_BEFORE_SUMMER):
        end = dt.date(sy, 6, 30)
        if dt.date(sy, 1, 1) <= today <= end:
            return today, end, f"före sommaren {sy} (till och med 30 juni)"
        return dt.date(sy, 1, 1), end, f"före sommaren {sy} (januari–juni)"
    if q.phrase(*_AFTER_SUMMER):
        return dt.date(sy, 8, 1), dt.date(sy, 12, 31), f"efter sommaren {sy} (augusti–december)"
    return None


# the seasons of one year, as the calendar has them (winter spans two years: not here)
_SEASONS = ((("hosten", "i host", "under host", "hostens", "i hostas"), 9, 11, "hösten"),
            (("varen", "under varen", "varens", "i varas"), 3, 5, "våren"),
            (("sommaren", "i sommar", "under sommaren", "sommarens", "i somras"), 6, 8,
             "sommaren"))


_PART_ORDINALS = {"forsta": 1, "andra": 2, "tredje": 3, "fjarde": 4, "sista": 4}
_QUARTER = re.compile(r"\b(?:q|kv|kvartal)\s?([1-4])\b")


def _year_part(q: Query) -> tuple[int, int, str] | None:
    """A quarter, a half or a season of the year: "Q3", "kv 3", "kvartal 3", "tredje
    kvartalet", "första halvåret", "under hösten", "i somras" (its first and last month and
    its name)."""
    n: int | None = None
    m = _QUARTER.search(" ".join(q.words))
    if m:
        n = int(m.group(1))
    else:
        n = next((v for w, v in _PART_ORDINALS.items()
                  if q.phrase(f"{w} kvartalet", f"{w} kvartal")), None)
    if n is not None:
        return 3 * n - 2, 3 * n, f"kvartal {n}"
    half = next((v for w, v in _PART_ORDINALS.items() if v <= 2 or w == "sista"
                 if q.phrase(f"{w} halvaret", f"{w} halvan av aret", f"{w} halvar")), None)
    if half is not None:
        h = min(half, 2)
        return 6 * h - 5, 6 * h, f"{'första' if h == 1 else 'andra'} halvåret"
    if _this_spring(q):
        return 3, 5, "våren"
    return next(((m1, m2, name) for forms, m1, m2, name in _SEASONS if q.phrase(*forms)), None)


# what may follow "i vår" when it is the season ("i vår?", "i vår 2026", "i vår och i höst"),
# not "our" ("i vår kommun", "i vår plan"; "i var och en" is "in each")
_AFTER_SPRING = frozenset({"och", "eller", "samt", "till", "pa", "i", "for", "da", "nasta",
                           "ks", "kf", "tack", "innan", "fore", "efter"})


def _this_spring(q: Query) -> bool:
    """"vad ska till KS i vår?", "i vår och i höst": the season (folded "i var"), only when
    nothing a noun could be follows it."""
    ws = q.words
    for i in range(len(ws) - 1):
        if ws[i] == "i" and ws[i + 1] == "var":
            nxt = ws[i + 2] if i + 2 < len(ws) else None
            after = ws[i + 3] if i + 3 < len(ws) else None
            if nxt is None or nxt.isdigit() or (nxt in _AFTER_SPRING and not (
                    nxt == "och" and after in ("en", "ett", "annan", "sin", "sitt"))):
                return True
    return False


def month_span(q: Query) -> tuple[int, int] | None:
    """The one month a question names ("i oktober": (10, 10)) or its range ("september till
    oktober"); None for none, and for months named one by one ("maj och november")."""
    mo = month(q)
    if mo is None or months_apart(q):
        return None
    return mo, _range_end(q, mo) or mo


def year_part(q: Query) -> tuple[int, int, str] | None:
    """A quarter, a half or a season of the year the question names: its months and its
    name."""
    return _year_part(q)


def _range_end(q: Query, first: int) -> int | None:
    """The last month of a range that starts at ``first``: "april och maj", "april–juni"."""
    months = [_MONTH_WORDS[w] for w in q.classes.get("month", [])]
    if len(months) < 2 or months[0] != first:
        return None
    t = q.text
    if not re.search(r"\b(?:och|till|-|–|—|samt|eller)\b|[-–—]", t):
        return None
    last = max(months)
    return last if last > first else None


def months_apart(q: Query) -> tuple[int, ...]:
    """The months a question names one by one, not as a range: "i maj och november" (a gap
    between them, joined by "och", "samt", "eller"); () for one month, for a range ("april
    till juni", "maj–juni", "mellan april och juni") and for months next to each other
    ("april och maj": a range)."""
    months = sorted({_MONTH_WORDS[w] for w in q.classes.get("month", [])})
    if len(months) < 2 or _MONTH_RANGE.search(q.text) or \
            re.search(r"\b(?:mellan|fran|between|from)\b", q.text) or \
            not re.search(r"\b(?:och|samt|eller|and|or)\b", q.text):
        return ()
    if all(b - a == 1 for a, b in pairwise(months)):
        return ()
    return tuple(months)


_MONTH_RANGE = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\s*(?:till|fram till|to|-|–|—)\s*(?:"
                          + "|".join(MONTHS) + r")\b")


_DAY_MONTH = re.compile(r"\b(\d{1,2})\s*(" + "|".join(MONTHS) + r")\b")
_DAY_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
_DAY_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(20\d\d)(?![\d.])")


def _day(q: Query, today: dt.date, plan_year: int | None) -> dt.date | None:
    """A single day: "1 december", "1/12" (day/month, the Swedish way), "1.12.2026",
    "2026-12-01"."""
    m = re.search(r"\b(20\d\d)-(\d{2})-(\d{2})\b", q.text)
    y = year(q) or plan_year or today.year
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _DAY_DOTTED.search(q.text)  # "1.12.2026", the Swedish short form
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
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
