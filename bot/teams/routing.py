"""One schedule, two platforms: each recipient's sends go to its own platform.

Slack's IDs (U…, W…, C…, G…, D…) go to Slack; Teams' conversation ids ("19:…", "a:…") and
people (Entra object ids) to Teams, each laid out by its own transport (`route`). A platform
whose settings this process lacks leaves its sends pending (not failed), for a process that
has them: a Slack-only `serve` beside a `styrbot teams` on one store never marks a Teams
subscription's digest as refused.

Light on purpose: the Teams SDK is imported only when Teams is set up.
"""

from __future__ import annotations

import re
from typing import Any

from bot.clock import Clock
from bot.config import Settings
from bot.schedule.document import Document
from bot.schedule.transport import Keep, Message, SendError, Transport, plain_messages
from store.db import Store

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                   re.IGNORECASE)


def is_teams(recipient: str) -> bool:
    """A Teams conversation id ("19:…", "a:…") or person (an Entra object id)."""
    return ":" in recipient or bool(_GUID.match(recipient))


class Absent:
    """The transport of a platform this process is not set up for: its sends wait."""

    dry_run = False

    def __init__(self, platform: str) -> None:
        self.platform = platform

    def layout(self, document: Document) -> list[Message]:
        return plain_messages(document)

    def _wait(self, recipient: str) -> SendError:
        return SendError(f"{recipient} är i {self.platform}, som inte är inställt i den här "
                         "processen", permanent=False)

    def conversation(self, recipient: str) -> str:
        raise self._wait(recipient)

    def post(self, channel: str, message: Message, key: str, oldest: float,
             keep: Keep | None = None) -> str:
        raise self._wait(channel)

    def find(self, channel: str, key: str, message: Message, oldest: float,
             keep: Keep | None = None) -> str | None:
        raise self._wait(channel)


class RoutingSender:
    def __init__(self, slack: Transport | None, teams: Transport | None) -> None:
        self.slack: Transport = slack or Absent("Slack")
        self.teams: Transport = teams or Absent("Teams")
        self.dry_run = False

    def route(self, recipient: str) -> Transport:
        return self.teams if is_teams(recipient) else self.slack

    def layout(self, document: Document) -> list[Message]:  # without a recipient: plain
        return plain_messages(document)

    def conversation(self, recipient: str) -> str:
        return self.route(recipient).conversation(recipient)

    def post(self, channel: str, message: Message, key: str, oldest: float,
             keep: Keep | None = None) -> str:
        return self.route(channel).post(channel, message, key, oldest, keep)

    def find(self, channel: str, key: str, message: Message, oldest: float,
             keep: Keep | None = None) -> str | None:
        return self.route(channel).find(channel, key, message, oldest, keep)


def platform_sender(settings: Settings, store: Store, clock: Clock, **slack: Any) -> Transport:
    """The schedule's transport for the platforms set up here: Slack (SLACK_BOT_TOKEN) and/or
    Teams (its three settings). Sends to the other platform wait for a process that has it."""
    from bot.slack.sender import SlackSender

    slack_sender = (SlackSender(settings.slack_bot_token, settings.slack_api_url, **slack)
                    if settings.slack_bot_token else None)
    if not settings.teams:
        if slack_sender is None:  # nothing set up: Slack's sender says what is missing
            return SlackSender(settings.slack_bot_token, settings.slack_api_url, **slack)
        return RoutingSender(slack_sender, None)
    from bot.teams.sender import TeamsSender

    return RoutingSender(slack_sender, TeamsSender.from_settings(settings, store, clock))
