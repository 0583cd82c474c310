"""Direct messages: a person writes to Styrbot, Styrbot answers in the same conversation."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.listeners.common import Deps


def is_person_in_dm(event: dict[str, Any]) -> bool:
    """A new message from a person in a DM: no bots (us included), no edits or deletions."""
    return (event.get("channel_type") == "im" and not event.get("subtype")
            and not event.get("bot_id") and bool(event.get("user")))


def register(app: App, deps: Deps) -> None:
    @app.event("message", matchers=[is_person_in_dm])
    def answer_dm(body: dict[str, Any], event: dict[str, Any], client: WebClient,
                  context: BoltContext) -> None:
        deps.answer_event(body, event, client, context.bot_user_id,
                          thread_ts=event.get("thread_ts"))

    @app.event("message")
    def ignore_other_messages() -> None:
        """Edits, deletions, bots and channel chatter: acknowledged, never answered."""
