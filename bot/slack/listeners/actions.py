"""The "Visa historik" button on the uppdrag card ("Uppdatera" opens a modal: handlers/modal.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core.bot import Reply
from bot.slack.blocks import HISTORY_ACTION, Message
from bot.slack.listeners.common import Deps, post, respond
from bot.slack.listeners.errors import after_ack


def history(deps: Deps, key: str, user: str | None) -> Reply:
    """The `historik <key>` answer."""
    return deps.answer(f"historik {key}", user)


def reply_to_action(deps: Deps, client: WebClient, body: dict[str, Any],
                    reply: Reply | list[Message]) -> None:
    """Only the clicker sees the answer; from the App Home it comes as a DM."""
    if body.get("response_url"):
        respond(deps, body["response_url"], reply, ephemeral=True)
    else:
        post(client, body["user"]["id"], reply)


def register(app: App, deps: Deps) -> None:
    @app.action(HISTORY_ACTION)
    def show_history(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                     client: WebClient) -> None:
        ack()
        with after_ack(deps, body, client):
            key = str(action.get("value") or "")[:20]
            reply_to_action(deps, client, body, history(deps, key, body["user"]["id"]))
