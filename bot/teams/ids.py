"""Which recipients are Teams': light on purpose (no SDK), the schedule's router reads it."""

from __future__ import annotations

import re

GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                   re.IGNORECASE)


def is_teams(recipient: str) -> bool:
    """A Teams conversation id ("19:…", "a:…") or person (an Entra object id)."""
    return ":" in recipient or bool(GUID.match(recipient))


def is_guid(value: str) -> bool:
    """An Entra object id or app id: a GUID."""
    return bool(GUID.match(value))
