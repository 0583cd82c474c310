"""Everyday Swedish words for what the documents say in other words (issue 14: "vilka begrepp
slopas?" where the text says "överges", "brandkåren" for Räddningstjänst).

Each group is words that mean the same thing in a municipality's plan. A word of a question
that neither the plan's vocabulary (bot/core/matching.py) nor the documents' text
(bot/search/passages.py) holds is looked for as the other words of its group; a word found
as written is never replaced, so a plan that says "slopas" itself is read as it says.

Words are given in their base form; the key of a word is its folded stem by Snowball's Swedish
stemmer, taken until it stays put, so "slopas", "slopade" and "slopats" all meet "slopa"
(the matching's light stems, "lagenh" of "lägenheter", and the search's stems, "överg", are
keyed the same way and meet their words too). Add a group when a
question's word misses what the text has in another word, with its corpus case.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from bot.domain.text import fold
from bot.domain.text import stem as light_stem

GROUPS: tuple[tuple[str, ...], ...] = (
    # a concept given up: the Målstruktur's "överges begreppet nämndmål"
    ("överge", "slopa", "avskaffa", "skrota"),
    # a survey: "medborgarundersökning", "SKR:s enkät", "företagsklimatmätning"
    ("undersökning", "enkät", "enkätundersökning"),
    # the fire service: Nerikes brandkår runs the municipality's räddningstjänst
    ("räddningstjänst", "brandkår", "brandförsvar"),
    # visitors: the plan's Besöksnäring for what chat calls tourism
    ("besöksnäring", "turism"),
    # homes: "32 lägenheter", "bostäder" ("boende" is also särskilt boende: not here)
    ("bostad", "lägenhet"),
    # the staff: "medarbetare", "personal", "anställda"
    ("medarbetare", "anställd", "personal", "arbetstagare"),
    # sick leave: "sjukfrånvaro", what chat calls sjukskrivning
    ("sjukfrånvaro", "sjukskrivning", "sjukdagar"),
    # young people: "unga", "ungdomar"
    ("ungdom", "ungdomar", "tonåring"),
    # the old: "seniorer", "pensionärer" ("äldre" is also older papers: not here)
    ("senior", "pensionär"),
    # the people of the municipality: "invånare", "befolkning", "medborgare"
    ("invånare", "kommuninvånare", "medborgare", "befolkning"),
    # a firm: "företag", "näringsidkare", "företagare"
    ("företag", "företagare", "näringsidkare"),
    # a new building: "det nybyggda flerfamiljshuset", "nybyggnation", "byggdes"
    ("nybyggd", "nybyggnation", "byggdes"),
    # the halls: "idrottshall", "idrottssal", what chat calls sporthall or gympasal
    ("idrottshall", "sporthall", "gymnastiksal", "idrottssal"),
    ("badhus", "simhall"),
    # the buildings: "fastigheterna" where the text says "Reinvesteringsåtgärder i byggnader"
    ("fastighet", "byggnad"),
)


def keys(word: str) -> list[str]:
    """The keys a word is looked up by: its folded form's Snowball stem, once and taken until
    it stays put, of the word and of its light stem (the matching's "lagenh" of "lägenheter",
    the search's "överg" of "överges" meet "lägenhet" and "överge"); none shorter than four
    letters ("inv" of "invigdes" is no root of "invånare")."""
    folded = fold(word.lower())
    out: list[str] = []
    for w in dict.fromkeys((folded, light_stem(folded))):
        once = str(_snowball().stemWord(w))
        repeated = once
        for _ in range(2):
            shorter = str(_snowball().stemWord(repeated))
            if shorter == repeated or len(shorter) < 3:
                break
            repeated = shorter
        out += [k for k in (once, repeated) if len(k) >= _SHORTEST and k not in out]
    return out


@lru_cache(maxsize=4096)
def others(word: str) -> tuple[str, ...]:
    """The other words of ``word``'s group, in the documents' spelling (å, ä, ö kept), or none."""
    by_key = _by_key()
    own = keys(word)
    group = next((by_key[k] for k in own if k in by_key), None)
    if group is None:
        return ()
    mine = set(own)
    return tuple(w for w in group if mine.isdisjoint(keys(w)))


@cache
def _snowball() -> Any:
    """Snowball's Swedish stemmer, imported at the first word looked up (cold start)."""
    import snowballstemmer

    return snowballstemmer.stemmer("swedish")


@cache
def _by_key() -> dict[str, tuple[str, ...]]:
    """Each word's key -> its group (built at the first question, not at import: cold start)."""
    out: dict[str, tuple[str, ...]] = {}
    for group in GROUPS:
        for w in group:
            for form in _forms(fold(w)):
                for k in keys(form):
                    out.setdefault(k, group)
    return out


# the endings of a noun's forms, to key a group's words by what the stemmers leave of them
# ("lägenheter" → "lagenh", "medarbetarna" → "medarbetarn"); a verb's forms meet its base
# form's key by Snowball alone ("slopas", "slopade" → "slop")
_ENDINGS = ("", "s", "n", "en", "et", "na", "er", "ar", "or", "erna", "arna", "orna")
_SHORTEST = 4  # a shorter key ("inv", "ung") is met by words of other roots ("invigdes")


def _forms(word: str) -> list[str]:
    return [word + e for e in _ENDINGS]
