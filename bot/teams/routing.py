"""One schedule, two platforms: each recipient's sends go to its own platform.

Slack's IDs (U…, W…, C…, G…, D…) go to Slack; Teams' conversation ids ("19:…", "a:…") and
people (Entra object ids) to Teams. A platform whose settings this process lacks leaves its
sends pending (not failed), for a process that has them: a Slack-only `serve` beside a
`styrbot teams` on one store never marks a Teams subscription's digest as refused.

Light on purpose: the Teams SDK is imported only when Teams is set up.
"""

from __future__ import annotations

import re
from typing import Any

from bot.clock import Clock
from bot.config import Settings
from bot.sender import Keep, Message, Sender, SendError, SlackSender
from store.db import Store

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                   re.IGNORECASE)


def is_teams(recipient: str) -> bool:
    """A Teams conversation id ("19:…", "a:…") or person (an Entra object id)."""
    return ":" in recipient or bool(_GUID.match(recipient))


class RoutingSender:
    def __init__(self, slack: Sender | None, teams: Sender | None) -> None:
        self.slack = slack
        self.teams = teams
        self.dry_run = False

    def _for(self, recipient: str) -> Sender:
        platform = self.teams if is_teams(recipient) else self.slack
        if platform is None:
            which = "Teams" if is_teams(recipient) else "Slack"
            raise SendError(f"{recipient} är i {which}, som inte är inställt i den här "
                            "processen", permanent=False)
        return platform

    def conversation(self, recipient: str) -> str:
        return self._for(recipient).conversation(recipient)

    def post(self, channel: str, message: Message, key: str, oldest: float,
             keep: Keep | None = None) -> str:
        return self._for(channel).post(channel, message, key, oldest, keep)

    def find(self, channel: str, key: str, message: Message, oldest: float,
             keep: Keep | None = None) -> str | None:
        return self._for(channel).find(channel, key, message, oldest, keep)


def platform_sender(settings: Settings, store: Store, clock: Clock, **slack: Any) -> Sender:
    """The schedule's sender for the platforms set up here: Slack (SLACK_BOT_TOKEN) and/or
    Teams (its three settings). Sends to the other platform wait for a process that has it."""
    slack_sender = (SlackSender(settings.slack_bot_token, settings.slack_api_url, **slack)
                    if settings.slack_bot_token else None)
    if not settings.teams:
        if slack_sender is None:  # nothing set up: Slack's sender says what is missing
            return SlackSender(settings.slack_bot_token, settings.slack_api_url, **slack)
        return RoutingSender(slack_sender, None)
    from bot.teams.sender import TeamsSender

    return RoutingSender(slack_sender, TeamsSender.from_settings(settings, store, clock))
