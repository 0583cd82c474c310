"""What Slack will not take as written: a person or a channel typed by hand.

"""

from __future__ import annotations

import re

from bot.core.commands import Command
from bot.core.mentions import names_people

# In Slack a person is picked from the list that "@" opens, and arrives as <@U123|anna>
# (escaping on, manifest.yml); a bare "@anna" is only text, and storing it as a person would
# send their reminders to a channel called "anna", which does not exist. Likewise "#kanal".
_TYPED_USER = re.compile(r"(?<![\w<|])@([\w.\-]+)")
_TYPED_CHANNEL = re.compile(r"(?<![\w<|&])#([^\W\d][\w\-]*)")
_USER_ID = re.compile(r"[UW][A-Z0-9]{6,}")
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{6,}")


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


def refuse(text: str, cmd: Command | None) -> str | None:
    """The Bot's ``refuse`` for Slack: a message that did not parse, or a command that
    stores people or channels, written with a name typed by hand gets the hint."""
    if cmd is None or names_people(cmd):
        return typed_by_hand(text)
    return None
