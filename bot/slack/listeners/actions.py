"""The "Visa historik" button on the uppdrag card ("Uppdatera" opens a modal: bot/slack/modal.py).
The button's value is the uppdrag's key; the listener types the command again (History)
and runs it, with no text to parse."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core.bot import Reply
from bot.schedule.transport import Message
from bot.slack.blocks import HISTORY_ACTION
from bot.slack.listeners.common import Deps, post, respond
from bot.slack.listeners.errors import after_ack
from handlers.updates import History


def history(deps: Deps, key: str, user: str | None) -> Reply:
    """The History command's answer, for the uppdrag the button was on."""
    return deps.bot.run(History(key=key), user=user)


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
