"""People named in a message: Slack mentions (<@U123>, <@U123|anna>) or, typed by hand
(the terminal, or Slack without autocomplete), @anna."""

from __future__ import annotations

import re

MENTION = re.compile(r"<@([A-Z0-9]{2,})(?:\|[^>]*)?>|(?<![\w<])@([\w.\-]+)")


def mentions(text: str) -> tuple[str, ...]:
    """The user IDs or names mentioned, in order, each once."""
    return tuple(dict.fromkeys(a or b for a, b in MENTION.findall(text)))
