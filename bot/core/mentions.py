"""People named in a message: Slack mentions (<@U123>, <@U123|anna>) or, typed by hand
(the terminal), @anna; in Slack a name typed by hand is refused with a hint."""

from __future__ import annotations

import re

MENTION = re.compile(r"<@([A-Z0-9]{2,})(?:\|[^>]*)?>|(?<![\w<])@([\w.\-]+)")


def mentions(text: str) -> tuple[str, ...]:
    """The user IDs or names mentioned, in order, each once."""
    return tuple(dict.fromkeys(a or b for a, b in MENTION.findall(text)))


# In Slack a person is picked from the list that "@" opens, and arrives as <@U123|anna>
# (escaping on, manifest.yml); a bare "@anna" is only text, and storing it as a person would
# send their reminders to a channel called "anna", which does not exist. Likewise "#kanal".
_TYPED_USER = re.compile(r"(?<![\w<|])@([\w.\-]+)")
_TYPED_CHANNEL = re.compile(r"(?<![\w<|&])#([^\W\d][\w\-]*)")
_USER_ID = re.compile(r"[UW][A-Z0-9]{6,}")
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{6,}")
PEOPLE_FIELDS = ("users", "ids", "channel")


def typed_by_hand(text: str) -> str | None:
    """The Swedish hint for a Slack message naming a person (@anna) or a channel (#kanal) by
    hand instead of picking it from Slack's list; None when there is none."""
    for name in _TYPED_USER.findall(text):
        if not _USER_ID.fullmatch(name):
            return (f"\"@{name}\" är bara text för mig. Skriv @ och välj personen i listan som "
                    "Slack visar, så får jag personens Slack-ID (så når påminnelserna rätt person).")
    for name in _TYPED_CHANNEL.findall(text):
        if not _CHANNEL_ID.fullmatch(name):
            return (f"\"#{name}\" är bara text för mig. Skriv # och välj kanalen i listan som "
                    "Slack visar, så får jag kanalens ID.")
    return None


def names_people(cmd: object) -> bool:
    """Whether a command stores people or channels (owners, admins, leaders, subscriptions)."""
    return any(hasattr(cmd, f) for f in PEOPLE_FIELDS)
