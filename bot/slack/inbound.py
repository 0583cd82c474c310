"""Slack's message text as the core reads it, and what Slack will not take as written.

Slack writes a person picked from its list as <@U123> (or <@U123|anna>) and a channel as
<#C123|kanal>; `neutral` turns them into the core's person and channel tokens
(bot/core/mentions.py) before `Bot.handle`, so no module outside bot/slack reads Slack's
syntax. `refuse`: a person or a channel typed by hand.
"""

from __future__ import annotations

import re

from bot.core.commands import Command
from bot.core.markup import clean
from bot.core.mentions import channel, names_people, person

_MENTION = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#([CGD][A-Z0-9]{2,})(?:\|[^>]*)?>")


def neutral(text: str) -> str:
    """Slack's mentions of people and channels as the core's tokens. Called on the text as
    Slack sent it, before its entities are decoded: a "<@U123>" someone typed arrives as
    "&lt;@U123&gt;" and stays text. Any token already in the text is taken out first (a
    private-use character typed or pasted cannot forge a mention).

    >>> neutral("ansvarig 3.2 <@U0ANNA|anna> <#C0KANAL|styr>") == (
    ...     "ansvarig 3.2 " + person("U0ANNA") + " " + channel("C0KANAL"))
    True
    """
    text = _MENTION.sub(lambda m: person(m.group(1)), clean(text))
    return _CHANNEL.sub(lambda m: channel(m.group(1)), text)


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
