"""The "Visa historik" button on the uppdrag card ("Uppdatera" opens a modal: bot/slack/modal.py).
The button's value is the uppdrag's key; the listener types the command again (History)
and runs it, with no text to parse."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core import typed
from bot.core.bot import Reply
from bot.schedule.transport import Message
from bot.slack.blocks import ASK_ACTION, HISTORY_ACTION
from bot.slack.listeners.common import Deps, post, respond
from bot.slack.listeners.errors import after_ack
from handlers.updates import History


def history(deps: Deps, key: str, user: str | None) -> Reply:
    """The History command's answer, for the uppdrag the button was on."""
    return deps.bot.run(History(key=key), user=user)


def ask(deps: Deps, value: str, user: str | None, channel: str | None = None) -> Reply:
    """A "menade du …?" button: the typed command it stands for (read-only), answered."""
    cmd = typed.decode(value)
    if cmd is None or cmd.writes:
        return Reply("Den knappen är för gammal för att jag ska förstå den. Fråga igen med egna ord.",
                     error=True)
    return deps.bot.run(cmd, user=user, channel=channel)


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

    @app.action(ASK_ACTION)
    def ask_suggestion(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                       client: WebClient) -> None:
        ack()
        with after_ack(deps, body, client):
            value = str(action.get("value") or "")[:2000]
            reply_to_action(deps, client, body, ask(deps, value, body["user"]["id"]))
