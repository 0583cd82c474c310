"""English nouns mixed into Swedish chat are read in the plan's Swedish (bot/domain/english.py,
issue 14's chat style). Pure functions; the answers they lead to are in tests/corpus.yaml
(section "tolfte sonderingen")."""

from bot.core.parse import analyse
from bot.domain.english import to_swedish


def test_a_phrase_becomes_the_plans_word_and_keeps_what_was_typed():
    words, typed = to_swedish(("budget", "school", "transport", "2026"),
                              ["budget", "School", "transport", "2026"])
    assert words == ("budget", "skolskjuts", "2026")
    assert typed == ["budget", "School transport", "2026"]


def test_the_longest_phrase_wins_and_a_two_word_swedish_is_one_phrase_as_typed():
    words, typed = to_swedish(("new", "businesses", "this", "year"),
                              ["new", "businesses", "this", "year"])
    assert words == ("nystartade", "foretag", "this", "year")
    assert typed == ["new businesses", "new businesses", "this", "year"]
    q = analyse("how many new businesses started this year?")
    assert q.about == "new businesses"  # as the user wrote it, once


def test_swedish_and_words_of_both_languages_are_left_as_written():
    words = ("hur", "manga", "arbetsstallen", "vision", "integration")
    assert to_swedish(words, list(words)) == (words, list(words))
