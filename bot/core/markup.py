"""Neutral markup: what the core's templates render, before a platform makes it its own.

A reply is plain text with a few marks, each a character of Unicode's private use area
(never typed by anyone, and taken out of every data string as it is rendered, so data can
never forge one):

    bold, italic, heading     a span: BOLD[0] text BOLD[1] …
    person, channel           a span holding the platform's ID of a person or a channel
    typed                     a span shown only where the reply has no buttons ("Skriv
                              'uppdatera 3.2: …' för att rapportera")
    quote                     a mark at a line's start: the line is a quotation
    placeholder               a span the user fills in: "investering <projekt>"

Each platform's adapter turns the marks into its own form: `plain` below is the terminal's
(and the logs', and the tests'); bot/slack/mrkdwn.py is Slack's mrkdwn. No other module
needs to know the marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from bot.core.records import dataclass  # cheaper to define (cold start)

if TYPE_CHECKING:
    from bot.core.commands import Command

BOLD = ("\ue000", "\ue001")
ITALIC = ("\ue002", "\ue003")
PERSON = ("\ue004", "\ue005")
CHANNEL = ("\ue006", "\ue007")
HEADING = ("\ue008", "\ue009")
TYPED = ("\ue00a", "\ue00b")
QUOTE = "\ue00c"
PLACEHOLDER = ("\ue00d", "\ue00e")

MARKS = frozenset("".join((*BOLD, *ITALIC, *PERSON, *CHANNEL, *HEADING, *TYPED, QUOTE,
                           *PLACEHOLDER)))
_NO_MARKS = {ord(c): None for c in MARKS}
_ANY_MARK = re.compile("[" + "".join(sorted(MARKS)) + "]")


def has_marks(text: str) -> bool:
    """Whether ``text`` holds any mark (a regex search: a generator over every character
    took a quarter of an uppdrag card's rendering)."""
    return _ANY_MARK.search(text) is not None


def clean(text: str) -> str:
    """A data string with every mark taken out (so data cannot forge markup)."""
    return swap(text, _NO_MARKS) if has_marks(text) else text


def swap(text: str, table: Mapping[int, str | None]) -> str:
    """``text.translate(table)`` for a table of marks (each replaced by text that holds no
    mark), one str.replace per mark present: translate looks every character up in the
    table, about 0.2 µs each in text that is not ASCII (Swedish), 0.2 ms for an uppdrag
    card, where the replaces take 2 µs."""
    for code, new in table.items():
        mark = chr(code)
        if mark in text:
            text = text.replace(mark, new or "")
    return text


def span(marks: tuple[str, str], text: str) -> str:
    return f"{marks[0]}{text}{marks[1]}"


def replace_spans(text: str, marks: tuple[str, str], fn: Callable[[str], str]) -> str:
    """``text`` with each ``marks`` span replaced by ``fn(its content)``."""
    start, end = marks
    if start not in text:
        return text
    out: list[str] = []
    pos = 0
    while (i := text.find(start, pos)) >= 0:
        j = text.find(end, i + 1)
        if j < 0:
            break
        out.append(text[pos:i])
        out.append(fn(text[i + 1:j]))
        pos = j + 1
    out.append(text[pos:])
    return "".join(out)


_PLAIN: dict[int, str | None] = {ord(c): None for c in (*BOLD, *ITALIC, *HEADING, *TYPED)}
_PLAIN.update({ord(QUOTE): ">", ord(PLACEHOLDER[0]): "<", ord(PLACEHOLDER[1]): ">"})


def plain(text: str) -> str:
    """The markup as plain text (the terminal): no emphasis, people by their ID, channels as
    #ID, typed hints kept (there are no buttons)."""
    if not has_marks(text):
        return text
    text = replace_spans(text, PERSON, lambda who: who)
    text = replace_spans(text, CHANNEL, lambda ch: f"#{ch}")
    return swap(text, _PLAIN)


def leading_heading(text: str) -> tuple[str | None, str]:
    """(the heading, the rest) when the markup's first line is a heading and nothing else;
    else (None, the markup)."""
    if not text.startswith(HEADING[0]):
        return None, text
    first, _, rest = text.partition("\n")
    if first.endswith(HEADING[1]) and first.count(HEADING[1]) == 1:
        return first[1:-1], rest
    return None, text


@dataclass(frozen=True)
class Action:
    """Something a reply offers to do next, as a button where the platform has buttons: a
    typed command (no text to be parsed again). ``form``: the platform first asks for the
    command's details in a form (Update: status, percent, text), prefilled from ``command``."""

    label: str
    command: Command
    primary: bool = False
    form: bool = False
