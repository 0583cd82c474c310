"""The "Visa historik" button on the uppdrag card ("Uppdatera" opens a modal: bot/slack/modal.py).
The button's value is the uppdrag's key; the listener types the command again (History)
and runs it, with no text to parse."""

from __future__ import annotations

from collections.abc import Callable
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
    def on_click(action_id: str, limit: int, answer: Callable[[Deps, str, str | None], Reply]
                 ) -> None:
        """A button whose value (cut at ``limit``) ``answer`` turns into the clicker's reply."""
        @app.action(action_id)
        def clicked(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                    client: WebClient) -> None:
            ack()
            with after_ack(deps, body, client):
                value = str(action.get("value") or "")[:limit]
                reply_to_action(deps, client, body, answer(deps, value, body["user"]["id"]))

    on_click(HISTORY_ACTION, 20, history)
    on_click(ASK_ACTION, 2000, ask)
