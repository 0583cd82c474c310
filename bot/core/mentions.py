"""People and channels named in a message, as the core reads them.

A person or a channel a platform knows arrives as the neutral token of bot/core/markup.py
(``PERSON``/``CHANNEL`` around its ID): each adapter writes it for its platform's mention
before calling `Bot.handle` (Slack: bot/slack/inbound.py; Teams: bot/teams/app.py, a person
by their Entra object id; the terminal: bot/terminal/inbound.py). A name typed by hand,
@anna, is read too (the terminal's way; Slack and Teams refuse it, their `refuse`). The core
reads no platform's own syntax.
"""

from __future__ import annotations

import re

from bot.core.markup import CHANNEL, PERSON, span

# a person's token, its ID the first group (for a pattern of its own: f"{PERSON_TOKEN}|…")
PERSON_TOKEN = f"{PERSON[0]}([^{PERSON[1]}]+){PERSON[1]}"
CHANNEL_TOKEN = f"{CHANNEL[0]}([^{CHANNEL[1]}]+){CHANNEL[1]}"
MENTION = re.compile(rf"{PERSON_TOKEN}|(?<![\w<])@([\w.\-]+)")
_TOKENS = re.compile(f"{PERSON_TOKEN}|{CHANNEL_TOKEN}")


def person(who: str) -> str:
    """The token for the person whose platform ID is ``who`` (an adapter writes it)."""
    return span(PERSON, who)


def channel(where: str) -> str:
    """The token for the channel whose platform ID is ``where``."""
    return span(CHANNEL, where)


def mentions(text: str) -> tuple[str, ...]:
    """The user IDs or names mentioned, in order, each once."""
    return tuple(dict.fromkeys(a or b for a, b in MENTION.findall(text)))


def as_written(text: str) -> str:
    """Free text to keep as the person wrote it (an update's words): a person as @ID, a
    channel as #ID, no token left in what is stored."""
    return _TOKENS.sub(lambda m: f"@{m.group(1)}" if m.group(1) else f"#{m.group(2)}", text)


PEOPLE_FIELDS = ("users", "ids", "channel")


def names_people(cmd: object) -> bool:
    """Whether a command stores people or channels (owners, admins, leaders, subscriptions)."""
    return any(hasattr(cmd, f) for f in PEOPLE_FIELDS)
