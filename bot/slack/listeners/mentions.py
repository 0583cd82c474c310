"""Mentions in channels: "@Styrbot status uppdrag 3.2", answered in a thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.listeners.common import Deps


def is_person(event: dict[str, Any]) -> bool:
    return not event.get("subtype") and not event.get("bot_id") and bool(event.get("user"))


def register(app: App, deps: Deps) -> None:
    @app.event("app_mention", matchers=[is_person])
    def answer_mention(body: dict[str, Any], event: dict[str, Any], client: WebClient,
                       context: BoltContext) -> None:
        deps.answer_event(body, event, client, context.bot_user_id,
                          thread_ts=event.get("thread_ts") or event["ts"])

    @app.event("app_mention")
    def ignore_bot_mentions() -> None:
        """Mentions by bots: acknowledged, never answered."""
