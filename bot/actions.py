"""Write commands (updates, owners, admins, measurements, subscriptions).

`parse_action` is consulted before the read-only parser; it returns None when the
message is not a write command.
"""

from __future__ import annotations

import datetime as dt

from bot.commands import Command
from bot.snapshot import Snapshot


def parse_action(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    return None
