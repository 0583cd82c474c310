"""The slash command `/styrbot <fråga>`.

Acknowledged at once (within Slack's 3 seconds), then answered through the response_url:
visible in the channel for answers, ephemeral (only for the asker) for help, misses and
errors, so nobody fills a channel with "I did not understand".
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core.bot import Reply
from bot.slack.listeners.common import Deps, inbound, respond
from bot.slack.listeners.errors import after_ack
from handlers.help import HelpResult, UnknownResult
from handlers.uppdrag import UppdragMissingResult

COMMAND = "/styrbot"
PRIVATE = (HelpResult, UnknownResult, UppdragMissingResult)


def is_answer(reply: Reply) -> bool:
    """A real answer (shown in the channel), not help, a miss or an error."""
    return reply.result is not None and not isinstance(reply.result, PRIVATE)


def register(app: App, deps: Deps) -> None:
    @app.command(COMMAND)
    def answer_command(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        ack()
        with after_ack(deps, command, client):
            channel = command.get("channel_id")
            # escaping on (manifest.yml): people and channels come as <@U…|name>, and &, <, >
            # as entities
            reply = deps.answer(inbound(command.get("text") or ""), command.get("user_id"),
                                channel=channel)
            visible = is_answer(reply)
            shown = deps.shown_in(client, channel, reply) if visible else reply
            respond(deps, command["response_url"], shown, ephemeral=not visible)
