"""Buttons on the uppdrag card: "Visa historik" and "Uppdatera"."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks import (
    HISTORY_ACTION,
    UPDATE_ACTION,
    Message,
    latest_update_text,
    reply_messages,
    update_hint,
)
from bot.core import Reply
from bot.results import UppdragCardResult
from handlers.common import Deps, post, respond
from handlers.errors import after_ack

HISTORY_COMMAND = "historik"


def history(deps: Deps, key: str, user: str | None) -> Reply | list[Message]:
    """`historik <key>`; until that command exists, the card's latest update."""
    reply = deps.answer(f"{HISTORY_COMMAND} {key}", user)
    if reply.command is not None and reply.command.name == HISTORY_COMMAND:
        return reply
    card = deps.answer(f"status uppdrag {key}", user)
    if isinstance(card.result, UppdragCardResult):
        return reply_messages(latest_update_text(card.result.uppdrag, card.result.word))
    return card


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

    @app.action(UPDATE_ACTION)
    def explain_update(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                       client: WebClient) -> None:
        ack()
        with after_ack(deps, body, client):
            key = str(action.get("value") or "")[:20]
            reply_to_action(deps, client, body, reply_messages(update_hint(key)))
