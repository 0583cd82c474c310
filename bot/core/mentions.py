"""People named in a message: a mention as a chat platform sends it (Slack's <@U123>,
<@U123|anna>; a Teams person by their Entra object id, <@5d8f3c2a-…|Anna>, as the Teams adapter
writes an @mention) or, typed by hand (the terminal), @anna. (An adapter may refuse names typed by hand: Slack
does, bot/slack/inbound.py.)"""

from __future__ import annotations

import re

ENTRA_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # a Teams person
MENTION = re.compile(rf"<@([A-Z0-9]{{2,}}|{ENTRA_ID})(?:\|[^>]*)?>|(?<![\w<])@([\w.\-]+)")


def mentions(text: str) -> tuple[str, ...]:
    """The user IDs or names mentioned, in order, each once."""
    return tuple(dict.fromkeys(a or b for a, b in MENTION.findall(text)))


PEOPLE_FIELDS = ("users", "ids", "channel")


def names_people(cmd: object) -> bool:
    """Whether a command stores people or channels (owners, admins, leaders, subscriptions)."""
    return any(hasattr(cmd, f) for f in PEOPLE_FIELDS)
