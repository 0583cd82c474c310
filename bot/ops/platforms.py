"""The platforms this Styrbot speaks, and one schedule over all of them.

Each platform is an entry of `PLATFORMS`: its name, which recipients are its own (`owns`),
whether this process has its settings (`configured`) and how to build its transport for the
schedule (`sender`, which imports the platform's SDK only when called). A new platform is
its package and one entry here (see docs/architecture.md).

`RoutingSender` sends each recipient's messages through its own platform's transport, laid
out by it. A platform whose settings this process lacks leaves its sends pending (not
failed), for a process that has them: a Slack-only `serve` beside a `styrbot teams` on one
store never marks a Teams subscription's digest as refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.clock import Clock
from bot.config import Settings
from bot.schedule.document import Document
from bot.schedule.transport import Keep, Message, SendError, Transport, plain_messages
from bot.teams.ids import is_teams
from store.db import Store


@dataclass(frozen=True)
class Platform:
    name: str
    owns: Callable[[str], bool]  # a recipient (a channel, conversation or person) of this platform
    configured: Callable[[Settings], bool]
    sender: Callable[..., Transport]  # (settings, store, clock, **options) -> its transport


def _slack_sender(settings: Settings, store: Store, clock: Clock, **options: Any) -> Transport:
    from bot.slack.sender import SlackSender

    return SlackSender(settings.slack_bot_token, settings.slack_api_url, **options)


def _teams_sender(settings: Settings, store: Store, clock: Clock, **options: Any) -> Transport:
    from bot.teams.sender import TeamsSender

    return TeamsSender.from_settings(settings, store, clock)


# in the order a recipient is matched: the first platform that owns it sends to it. Slack is
# last and owns the rest (its IDs, U…, C…, D…, were the only ones before Teams came).
PLATFORMS: tuple[Platform, ...] = (
    Platform("Teams", is_teams, lambda s: s.teams, _teams_sender),
    Platform("Slack", lambda recipient: True, lambda s: bool(s.slack_bot_token), _slack_sender),
)


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
    """Each recipient to its own platform: ``routes`` pairs a platform's `owns` with its
    transport (None: not set up in this process, its sends wait)."""

    def __init__(self, routes: Sequence[tuple[Platform, Transport | None]]) -> None:
        self.routes = [(p.owns, transport or Absent(p.name)) for p, transport in routes]
        self.dry_run = False

    def route(self, recipient: str) -> Transport:
        for owns, transport in self.routes:
            if owns(recipient):
                return transport
        raise SendError(f"{recipient} hör inte till någon plattform Styrbot talar",
                        permanent=True)

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


def routing(transports: Mapping[str, Transport | None]) -> RoutingSender:
    """A router over every platform, with the transports given by name (the rest absent)."""
    return RoutingSender([(p, transports.get(p.name)) for p in PLATFORMS])


def platform_sender(settings: Settings, store: Store, clock: Clock, **options: Any) -> Transport:
    """The schedule's transport for the platforms set up here; sends to the others wait for a
    process that has them. With none set up, Slack's sender says what is missing."""
    ready = {p.name: p.sender(settings, store, clock, **options)
             for p in PLATFORMS if p.configured(settings)}
    if not ready:
        return _slack_sender(settings, store, clock, **options)
    return routing(ready)
