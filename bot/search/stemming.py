"""Swedish stems for the full-text index: the same function stems what is stored and what
is asked, so "skolskjutsarna" finds "skolskjutsar" and "kostnaderna" finds "kostnad"."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from bot.domain.english import FIRST as GLOSSARY_FIRST
from bot.domain.english import to_swedish
from bot.domain.text import fold
from bot.domain.text import stem as light_stem

_STEMMER = snowballstemmer.stemmer("swedish")
_WORD = re.compile(r"\w+")

# words too common in these documents to tell passages apart, and question words (not
# "heter" or "ny": "vad heter kommundirektören" and "när byggs nya skolan" ask for what no
# passage that merely names them answers)
_STOP = """
och i att det som en på är av för med till den har de inte om ett han men var jag sig från
vi så kan man när år säga hon under också efter eller nu sin där vid mot ska skall vara
bli blir blev vad vilka vilken vilket hur varför vem finns står sägs säger skriver står
det detta dessa denna här du ni dig er oss vår våra vårt min mitt mina samt även alla
ha hade haft får fick kommer kommit gör gjort göra inom genom utan än sedan då dem deras
planen plan planer planerna dokumentet dokumenten texten om något några någon mer mest
ofta hålls hölls hålla gäller gällde hände händer hänt kom komma enligt länge många mycket
nåt nån nåra ngt ngn ngr mkt deltog deltagit sitter sitta
tas tar togs tagit tagits
"""
# and as typed without å, ä and ö ("hur lange galler avtalet?": "länge", "gäller"), save
# "nara", which is "nära" (near) too
STOPWORDS = frozenset(_STOP.split()) | (frozenset(fold(w) for w in _STOP.split()) - {"nara"})


def words(text: str) -> list[str]:
    """The words of a text, lower case (å, ä and ö kept: the stemmer needs them)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


# forms too short for Snowball to take apart, one word: "nya idrottshallen" is the text's
# "ny idrottshall", "den nya översiktsplanen" its "ny översiktsplan"
_SAME_WORD = {"nya": "ny", "nytt": "ny", "nye": "ny",
              # "ner" and "ned" are one word ("lades Bemanningsenheten … ner", "lades ned")
              "ner": "ned",
              # the forms of "lägga" Snowball leaves apart: "vad har vi lagt ner?" is the
              # text's "lades ner", "läggs ned", "lägger ned"
              "lade": "lägg", "lades": "lägg", "lagt": "lägg", "lagts": "lägg",
              "lägga": "lägg", "läggs": "lägg", "lägger": "lägg"}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball's Swedish stem, taken again until it stays put: Snowball strips one ending
    at a time, so "kostnaderna" → "kostnad" → "kostn", where "kostnad" gives "kostn"."""
    if word in _SAME_WORD:
        return _SAME_WORD[word]
    word = light_stem(word)  # the definite forms Snowball leaves ("indikatorn")
    for _ in range(3):
        shorter = str(_STEMMER.stemWord(word))
        if shorter == word or len(shorter) < 3:
            return word if len(shorter) < 3 else shorter
        word = shorter
    return word


def index_text(text: str) -> str:
    """What the index stores for a text: the stem of every word, in order."""
    return " ".join(stem(w) for w in words(text))


# a question's verb that the text says with a noun: "vad heter arenan?" is its "namnet är"
_ASKED_AS = {"heter": "namn", "hette": "namn", "kallas": "namn",
             # "när antogs målstrukturen?" is the text's "beslutet om den nya målstrukturen"
             "antogs": "beslut", "antog": "beslut", "antagen": "beslut", "antagits": "beslut",
             # "vad ersätter nämndmål?" is the text's "i stället"
             "ersätter": "ställ", "ersatte": "ställ", "ersätts": "ställ", "ersattes": "ställ",
             # a post taken up: "när började nya kommundirektören?" is the text's "tillträdde"
             "började": "tillträdde", "börjar": "tillträdde",
             # done: "när blir förskolan klar?" is the text's "ska vara färdigställd våren
             # 2025" ("färdig" finds "färdigställd", "färdigställdes" …)
             "klar": "färdig", "klart": "färdig", "klara": "färdig",
             # running: "när ska ekonomisystemet vara igång?" is the text's "ta i bruk"
             "igång": "bruk",
             # selling asked of the present: "hur många tomter säljs?", "… finns till salu?" is
             # the text's "försäljningen av 25 nya villatomter" (not "sålts", which it has)
             "säljs": "försäljning", "salu": "försäljning", "säljer": "försäljning",
             # stopped doing: "vad har vi slutat med?" is the text's "lades ner"
             "slutat": "ned",
             # going over budget is the text's "underskott" ("vad berodde överskridandet på?")
             "budgetöverskridandet": "underskott", "budgetöverskridande": "underskott",
             "överskridandet": "underskott", "överskridande": "underskott"}


# the verb asked in another tense than the text says it: "vad hette nämndmål?" is its "heter"
_PLAIN = {"hette": "heter", "kallades": "kallas"}


# a comparative said as a noun is the people ("vad gör vi för de äldre?"): the text's word
# for them, not the adjective of its "äldre pappershandlingar"
_PEOPLE = {"äldre": "seniorer", "aldre": "seniorer"}


def _as_people(ws: list[str], i: int) -> bool:
    """Whether ``ws[i]`` stands alone as a noun: last, or before a word that is no noun it
    could qualify ("de äldre i kommunen"), not "äldre arkivhandlingar"."""
    return ws[i] in _PEOPLE and (i + 1 == len(ws) or ws[i + 1] in STOPWORDS)


def query_stems(text: str, asked_as: bool = True) -> list[str]:
    """The stems to look for in a question: its content words, each once, in order
    (``asked_as``: a verb the text may say with a noun as that noun, "heter" as "namn")."""
    out: list[str] = []
    ws = _in_swedish(words(text))
    for i, w in enumerate(ws):
        if w in STOPWORDS or len(w) < 2 or w.isdigit() and len(w) < 4:
            continue
        if asked_as and _as_people(ws, i):
            w = _PEOPLE[w]
        said = _ASKED_AS.get(w) if asked_as else _PLAIN.get(w)
        s = stem(said) if said else stem(w)
        if s not in out:
            out.append(s)
    return out


def _in_swedish(ws: list[str]) -> list[str]:
    """The words with the English ones of the glossary in the documents' Swedish ("affect":
    "paverkade", found as "påverkade" by the search's letters restored)."""
    folded = tuple(fold(w) for w in ws)
    if GLOSSARY_FIRST.isdisjoint(folded):
        return ws
    swedish, typed = to_swedish(folded, list(ws))
    # a word left as it was keeps its å, ä and ö; one the glossary wrote is folded
    return [t if t in ws and fold(t) == w else w for w, t in zip(swedish, typed)]
