"""Neutral markup (bot.core.markup) in Teams' forms: a message's xml, or a card's TextRuns.

Teams' xml is simple HTML: every &, <, > and " of the text is escaped first, so data (an
update holding `<at>`, HTML or markdown) shows as the characters written, never as a mention,
a link or formatting. Then the marks become tags: bold and a heading as <b>, italic as <i>,
a quoted line in <blockquote>, line breaks as <br>. A person is shown by the name Teams gave
us (``names``: Entra object id → display name), else by their id; a channel as #id. Typing
hints stay where there are no buttons (text), and go where a card has them.

In an Adaptive Card the text goes in TextRuns, which Teams never reads as markdown; bold and
italic become the run's weight and style.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from bot.core import markup as m
from bot.teams.ids import ENTRA_ID

Names = Callable[[list[str]], dict[str, str]]

_XML = {ord(m.BOLD[0]): "<b>", ord(m.BOLD[1]): "</b>", ord(m.ITALIC[0]): "<i>",
        ord(m.ITALIC[1]): "</i>", ord(m.HEADING[0]): "<b>", ord(m.HEADING[1]): "</b>",
        ord(m.PLACEHOLDER[0]): "&lt;", ord(m.PLACEHOLDER[1]): "&gt;"}


_ENTRA = re.compile(rf"@?(?<!{m.PERSON[0]})({ENTRA_ID})(?!{m.PERSON[1]})")


_HEX8 = re.compile("[0-9a-f]{8}")


def _spans(text: str) -> str:
    """A Teams person written as a bare id ("@5d8f…", as the core writes role changes) as a
    person span, so that it too is shown by name. Only text with an id's start (eight hex
    digits and a dash, found from the few dashes) is searched: the search over a whole card
    took 40 µs."""
    i = text.find("-", 8)
    while i >= 0:
        if _HEX8.fullmatch(text, i - 8, i):
            return _ENTRA.sub(lambda g: m.span(m.PERSON, g.group(1)), text)
        i = text.find("-", i + 1)
    return text


def people(text: str) -> list[str]:
    """The people (their ids) a markup names, each once."""
    found: list[str] = []

    def note(who: str) -> str:
        found.append(who)
        return who

    m.replace_spans(text, m.PERSON, note)
    return list(dict.fromkeys(found))


def people_in(markup: str) -> list[str]:
    """The people a reply's markup names, bare Teams ids included (what `resolved` looks up)."""
    text = _spans(markup)
    return people(text) if m.PERSON[0] in text else []


def _no_names(ids: list[str]) -> dict[str, str]:
    return {}


def xml(text: str, names: Names = _no_names, *, buttons: bool = False) -> str:
    """``text`` (neutral markup) as a Teams message's xml."""
    text = _spans(text)
    known = names(people(text)) if m.PERSON[0] in text else {}
    text = html.escape(text, quote=True)
    if m.has_marks(text):
        text = m.replace_spans(text, m.TYPED, (lambda _: "") if buttons else (lambda t: t))
        text = m.replace_spans(text, m.PERSON,
                               lambda who: html.escape(known.get(html.unescape(who),
                                                                 html.unescape(who))))
        text = m.replace_spans(text, m.CHANNEL, lambda ch: f"#{ch}")
        lines = []
        for line in text.split("\n"):
            if line.startswith(m.QUOTE):
                line = f"<blockquote>{line[1:].lstrip()}</blockquote>"
            lines.append(line.replace(m.QUOTE, ""))
        text = m.swap("\n".join(lines), _XML)
    return text.replace("\n", "<br>")


def resolved(text: str, names: Names = _no_names, *, buttons: bool = True) -> str:
    """The markup with its people as their names (one look-up for all), channels as #id and,
    where there are buttons, the typing hints gone: what is left are emphasis, quotes and
    placeholders (for `runs` and `plain_named`)."""
    text = _spans(text)
    if m.PERSON[0] in text:
        known = names(people(text))
        text = m.replace_spans(text, m.PERSON, lambda who: known.get(who, who))
    if buttons:
        text = m.replace_spans(text, m.TYPED, lambda _: "")
    return m.replace_spans(text, m.CHANNEL, lambda ch: f"#{ch}")


def plain_named(text: str, names: Names = _no_names, *, buttons: bool = False) -> str:
    """``text`` as plain text, people by their names (a card's fallback, a summary)."""
    return m.plain(resolved(text, names, buttons=buttons))


_TOKENS = re.compile("([" + "".join((*m.BOLD, *m.HEADING, *m.ITALIC, m.QUOTE, *m.PLACEHOLDER,
                                     *m.TYPED)) + "])")
_SHOWN = {m.QUOTE: "> ", m.PLACEHOLDER[0]: "<", m.PLACEHOLDER[1]: ">", m.TYPED[0]: "",
          m.TYPED[1]: ""}


def runs(text: str) -> list[dict[str, Any]]:
    """``text`` (markup `resolved` already) as a card's TextRuns: bold (and headings)
    bolder, italic italic."""
    out: list[dict[str, Any]] = []
    bold = italic = False
    buf: list[str] = []
    for token in _TOKENS.split(text):
        if not token:
            continue
        if token in (m.BOLD[0], m.HEADING[0], m.BOLD[1], m.HEADING[1], m.ITALIC[0],
                     m.ITALIC[1]):
            if buf:
                run: dict[str, Any] = {"type": "TextRun", "text": "".join(buf)}
                if bold:
                    run["weight"] = "bolder"
                if italic:
                    run["italic"] = True
                out.append(run)
                buf = []
            if token in (m.BOLD[0], m.HEADING[0], m.BOLD[1], m.HEADING[1]):
                bold = token in (m.BOLD[0], m.HEADING[0])
            else:
                italic = token == m.ITALIC[0]
        else:
            buf.append(_SHOWN.get(token, token))
    if buf:
        run = {"type": "TextRun", "text": "".join(buf)}
        if bold:
            run["weight"] = "bolder"
        if italic:
            run["italic"] = True
        out.append(run)
    return out
