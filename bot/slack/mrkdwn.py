"""Neutral markup (bot.core.markup) as Slack mrkdwn.

Every &, < and > is escaped (Slack's own rule), so no data can make the bot post
<!channel> or a mention; then the marks become Slack's: *bold*, _italic_, a heading as
*bold*, <@person>, <#channel>, > at a quoted line's start, <placeholder>. Hints for typing
are left out: Slack has buttons.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core import markup as m

_MARKS = {ord(m.BOLD[0]): "*", ord(m.BOLD[1]): "*", ord(m.ITALIC[0]): "_", ord(m.ITALIC[1]): "_",
          ord(m.HEADING[0]): "*", ord(m.HEADING[1]): "*", ord(m.QUOTE): ">",
          ord(m.PLACEHOLDER[0]): "<", ord(m.PLACEHOLDER[1]): ">"}


def escape(s: str) -> str:
    """Escape a string for Slack mrkdwn: &, < and > (Slack's own rule)."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user: str) -> str:
    return f"<@{user}>"


def mrkdwn(text: str, person: Callable[[str], str] = mention) -> str:
    """``text`` (neutral markup) as mrkdwn; ``person`` writes a person (escaped ID given)."""
    text = escape(text)
    if not m.has_marks(text):
        return text
    text = m.replace_spans(text, m.TYPED, lambda _: "")
    text = m.replace_spans(text, m.PERSON, person)
    text = m.replace_spans(text, m.CHANNEL, lambda ch: f"<#{ch}>")
    return m.swap(text, _MARKS)
