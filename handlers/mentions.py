"""Mentions in channels: "@Styrbot status uppdrag 3.2", answered in a thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from handlers.common import Deps, inbound, post


def is_person(event: dict[str, Any]) -> bool:
    return not event.get("subtype") and not event.get("bot_id") and bool(event.get("user"))


def register(app: App, deps: Deps) -> None:
    @app.event("app_mention", matchers=[is_person])
    def answer_mention(body: dict[str, Any], event: dict[str, Any], client: WebClient,
                       context: BoltContext) -> None:
        with deps.first_delivery(body) as new:
            if not new:
                return
            reply = deps.answer(inbound(event.get("text") or "", context.bot_user_id),
                                event["user"], body.get("event_id"), channel=event.get("channel"))
            post(client, event["channel"], deps.names.in_channel(client, reply),
                 thread_ts=event.get("thread_ts") or event["ts"])

    @app.event("app_mention")
    def ignore_bot_mentions() -> None:
        """Mentions by bots: acknowledged, never answered."""
