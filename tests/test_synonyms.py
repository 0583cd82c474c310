"""The synonym groups (bot/domain/synonyms.py): each word's forms meet its own group, and
no group's word is keyed into another group (a shared key would read one thing as another)."""

from __future__ import annotations

import pytest

from bot.domain import synonyms
from bot.domain.text import fold
from bot.domain.text import stem as light_stem
from bot.search.stemming import stem as search_stem


@pytest.mark.parametrize("word, means", [
    ("slopas", "överge"), ("slopade", "överge"), ("slopats", "överge"), ("överges", "slopa"),
    ("brandkåren", "räddningstjänst"), ("lägenheter", "bostad"), ("sporthallen", "idrottshall"),
    ("pensionärerna", "senior"), ("undersökningarna", "enkät"),
])
def test_forms_meet_their_group(word: str, means: str) -> None:
    # as written, as the matching stems it (folded, light rules) and as the search stems it
    for form in (word, light_stem(fold(word)), search_stem(word)):
        assert means in synonyms.others(form), form


@pytest.mark.parametrize("word", ["invigdes", "äldre", "ungefär", "budget",
                                  "sålde"])
def test_words_of_no_group_have_none(word: str) -> None:
    assert synonyms.others(word) == ()


def test_no_word_is_keyed_into_another_group() -> None:
    owner: dict[str, int] = {}
    for n, group in enumerate(synonyms.GROUPS):
        for w in group:
            for k in synonyms.keys(w):
                assert owner.setdefault(k, n) == n, (w, k, synonyms.GROUPS[owner[k]])
