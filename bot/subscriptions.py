"""Subscriptions to the weekly digest and leadership settings, managed in chat (admins)."""

from __future__ import annotations

from bot.commands import Command


def parse_subscription(text: str) -> Command | None:
    """A subscription command ("prenumerera veckobrev måndag 08:00", …), or None."""
    return None
