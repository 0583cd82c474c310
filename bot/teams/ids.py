"""Teams' ids: which recipients are Teams' (the schedule's router reads it) and the shape of an
Entra object id. Light on purpose: no SDK."""

from __future__ import annotations

import re

ENTRA_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # a person, an app
GUID = re.compile(f"^{ENTRA_ID}$", re.IGNORECASE)


def is_teams(recipient: str) -> bool:
    """A Teams conversation id ("19:…", "a:…") or person (an Entra object id)."""
    return ":" in recipient or bool(GUID.match(recipient))


def is_guid(value: str) -> bool:
    """An Entra object id or app id: a GUID."""
    return bool(GUID.match(value))
