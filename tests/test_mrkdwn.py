"""The neutral markup as Slack mrkdwn (bot/slack/mrkdwn.py), mark by mark, written out: data is
escaped first, so only our own marks become Slack's markup."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.clock import Clock
from bot.core import markup as m
from bot.core.bot import Bot
from bot.slack.blocks import slack_text
from bot.slack.mrkdwn import escape, mention, mrkdwn
from store.db import Store


@pytest.mark.parametrize("text, expected", [
    ("Inga tecken alls", "Inga tecken alls"),
    ("a & b < c > d", "a &amp; b &lt; c &gt; d"),
    ("<!channel> <@U1> <#C1>", "&lt;!channel&gt; &lt;@U1&gt; &lt;#C1&gt;"),
    (m.span(m.BOLD, "fet") + " & " + m.span(m.ITALIC, "kursiv"), "*fet* &amp; _kursiv_"),
    (m.span(m.HEADING, "Rubrik <x>"), "*Rubrik &lt;x&gt;*"),
    (m.QUOTE + " citat", "> citat"),
    ("investering " + m.span(m.PLACEHOLDER, "projekt"), "investering <projekt>"),
    ("Svar." + m.span(m.TYPED, " Skriv 'uppdatera 3.2: …'."), "Svar."),
    ("av " + m.span(m.PERSON, "U0ANNA"), "av <@U0ANNA>"),
    ("i " + m.span(m.CHANNEL, "C0LEDNING") + " och " + m.span(m.CHANNEL, "C0B"),
     "i <#C0LEDNING> och <#C0B>"),
], ids=["plain", "escaped", "data-markup", "bold-italic", "heading", "quote", "placeholder",
        "typed", "person", "channels"])
def test_each_mark_becomes_slacks_own(text: str, expected: str) -> None:
    assert mrkdwn(text) == expected


def test_a_person_is_written_as_the_caller_says() -> None:
    assert mrkdwn("hej " + m.span(m.PERSON, "U0ANNA"), person=lambda u: f"@{u.lower()}") == (
        "hej @u0anna")
    assert mention("U0BO") == "<@U0BO>"
    assert escape("&<>") == "&amp;&lt;&gt;"


@pytest.mark.parametrize("table", ["clean", "plain", "slack", "teams"])
def test_each_marks_table_swaps_as_translate_would(table: str) -> None:
    """markup.swap (one replace per mark) gives what str.translate gave, for every table it
    serves, on text with every mark, data and Swedish letters, in every order."""
    import itertools

    from bot.slack import mrkdwn as slack
    from bot.teams import markup as teams

    tables = {"clean": m._NO_MARKS, "plain": m._PLAIN, "slack": slack._MARKS, "teams": teams._XML}
    marks = sorted(m.MARKS)
    for a, b in itertools.permutations([*marks[:6], "å & <x>", "ö"], 2):
        text = "".join((a, "Färdtjänst ", b, *marks, " slut"))
        assert m.swap(text, tables[table]) == text.translate(tables[table])


# a bold or italic span that Slack does not read: its closing mark after a space
# ("*Budget 2026: *−74 974 tkr" shows the stars)
_OPEN_CLOSE = re.compile(r"(?<=\s)[*_](?=[*_\s.,:;)]|$)", re.MULTILINE)


def test_no_span_of_a_reply_ends_in_a_space(demo_db: Path) -> None:
    """The templates' bold label and value ("Budget 2026: " then the figure) keep the space
    outside the span, so Slack renders both bold, not their stars."""
    bot = Bot(Store(demo_db), Clock.fixed("2026-11-23T09:00"))
    for question in ("budget gymnasieskola", "sjukfrånvaro", "arbetslösheten i år",
                     "status uppdrag 3.2", "jämför skolskjutsar 2024 och 2025",
                     "avvikelse färdtjänst 2024"):
        text = slack_text(bot.handle(question, strict=True))
        assert "*" in text, question
        assert not _OPEN_CLOSE.search(text), (question, text)
