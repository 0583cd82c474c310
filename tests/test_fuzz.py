"""Property test: no message of up to 4,000 characters of any Unicode raises, hangs or gets
an empty reply, in the terminal's plain text or in Slack mode.

`Bot.handle(..., strict=True)` lets any exception through (the production path would turn it
into an apology), so a crash fails the test. No deadline (a loaded machine must not fail it); the benchmark
in bench/answers.py measures the real latency.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.core.bot import Bot
from bot.slack.blocks import messages as slack_messages
from bot.slack.blocks import slack_text

pytestmark = pytest.mark.filterwarnings("ignore")

# words the parser and the vocabulary react to, so that random messages reach deep rules
WORDS = [
    "uppdrag", "3.2", "3,2", "9.9", "uppdrag 3 2", "målområde", "målområde 7", "indikator",
    "indikatorer", "sjukfrånvaro", "budget", "avvikelse", "investering", "hammars skola",
    "måluppfyllelse", "årshjul", "vad händer i", "när är", "delårsrapporten", "KS", "KF",
    "december", "nästa vecka", "närmaste 30 dagarna", "försenade", "tysta", "utan ansvarig",
    "pågående", "inte påbörjade", "röda", "gröna", "hjälp", "2024", "2026", "0.0", "99.99",
    "999 dagar", "0 dagar", "andra uppdraget i målområde 3", "över budget", "i år", "förra året",
    "<!channel>", "<@U123>", "&", "*", "_", "`", "\n", "\t", "\u200b", "\u2212", "ﬁ", "ß",
    "İ", "🙂", "👍🏽", "\x00", "\ud7ff", "Å", "ÅÄÖ", "e\u0301",
]

messages = st.one_of(
    st.text(max_size=4000),
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=3000, max_size=4000),
    # every code point, lone surrogates included
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                   blacklist_categories=()), max_size=4000),
)


FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(bot: Bot, text: str) -> None:
    reply = bot.handle(text, strict=True)
    assert reply.text.strip(), text[:200]
    assert slack_text(reply).strip(), text[:200]
    for m in slack_messages(reply):
        assert m.text.strip() and 0 < len(m.blocks) <= 50, text[:200]
        for block in m.blocks:
            if block["type"] == "section":
                assert 0 < len(block["text"]["text"]) <= 3000


@FUZZ
@given(messages)
@example("")
@example(" ")
@example("\x00" * 4000)
@example("3.2" * 1333)
@example("uppdrag " * 500)
@example("a" * 4000)
@example("vad ska till KS i december?" * 140)
def test_any_message_gets_a_reply(corpus_bots: dict[str, Bot], text: str) -> None:
    _check(corpus_bots["demo"], text)


@FUZZ
@given(messages)
@example("vad händer i 13?")
def test_any_message_gets_a_reply_from_orsa(corpus_bots: dict[str, Bot], text: str) -> None:
    _check(corpus_bots["orsa"], text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_parse_is_pure_and_total(text: str) -> None:
    """The parser never raises and gives the same command for the same text."""
    from bot.core.snapshot import build
    from handlers.questions import parse
    from store.db import Store

    store = Store(":memory:")
    snap = build(store)
    today = dt.date(2026, 11, 23)
    assert parse(text, snap, today) == parse(text, snap, today)
