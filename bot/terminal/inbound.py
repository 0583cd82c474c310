"""What the terminal's user types, as the core reads it.

In the terminal a person is typed by hand, "ansvarig 3.2 @anna", or by their ID as a chat
platform writes it, "<@U0ANNA>" or "<@U0ANNA|anna>" (pasted from Slack, and so the help's
examples and the tests write it), a channel "<#C0KANAL|styr>" or "#C0KANAL". `neutral` turns
the written IDs into the core's person and channel tokens (bot/core/mentions.py); what is
typed by hand stays as it is (the core reads "@anna" and a bare ID).
"""

from __future__ import annotations

import re

from bot.core.markup import clean
from bot.core.mentions import channel, person
from bot.teams.ids import ENTRA_ID

_WRITTEN = re.compile(rf"<@([A-Z0-9]{{2,}}|{ENTRA_ID})(?:\|[^>]*)?>|<#([CGD][A-Z0-9]{{2,}})(?:\|[^>]*)?>")


def neutral(text: str) -> str:
    """``text`` with each person and channel written by ID as the core's token (and any
    token already in it taken out: a private-use character cannot forge one).

    >>> neutral("ansvarig 3.2 <@U0ANNA> @berit") == "ansvarig 3.2 " + person("U0ANNA") + " @berit"
    True
    """
    return _WRITTEN.sub(lambda m: person(m.group(1)) if m.group(1) else channel(m.group(2)),
                        clean(text))
