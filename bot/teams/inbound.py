"""What Teams will not take as written: a person or a channel typed by hand.

In Teams a person is @mentioned by picking them from the list that "@" opens; the adapter
then knows them by their Entra object id (bot/teams/app.py: `people_mentioned`). A bare
"@anna" typed to the end without picking, or a person the conversation's member list does not
know, is only a name: stored as an owner it would reach no one. A channel is the one a
message is written in ("prenumerera på veckobrev" there); "#kanal" typed by hand is only text.
"""

from __future__ import annotations

import re

from bot.core.commands import Command
from bot.core.mentions import names_people
from bot.teams.ids import ENTRA_ID

_TYPED_USER = re.compile(r"(?<![\w<|])@([\w.\-]+)")
_TYPED_CHANNEL = re.compile(r"(?<![\w<|&])#([^\W\d][\w\-]*)")
_PERSON = re.compile(ENTRA_ID)


def typed_by_hand(text: str) -> str | None:
    """The Swedish hint for a Teams message naming a person or a channel by hand; None when
    there is none."""
    for name in _TYPED_USER.findall(text):
        if not _PERSON.fullmatch(name):
            return (f"\"@{name}\" är bara text för mig. Skriv @ och välj personen i listan som "
                    "Teams visar (personen ska vara med i konversationen), så vet jag vem det "
                    "är och påminnelserna når rätt person.")
    for name in _TYPED_CHANNEL.findall(text):
        return (f"\"#{name}\" är bara text för mig. Skriv i den kanal det gäller, så vet jag "
                "vilken kanal du menar.")
    return None


def refuse(text: str, cmd: Command | None) -> str | None:
    """The Bot's ``refuse`` for Teams: a message that did not parse, or a command that stores
    people or channels, naming one by hand gets the hint."""
    if cmd is None or names_people(cmd):
        return typed_by_hand(text)
    return None
