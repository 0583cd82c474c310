"""The one error handler: the user gets a kind Swedish word, the log gets the details."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from bot.blocks import reply_messages
from handlers.common import APOLOGY, Deps, post, respond

from slack_bolt import App

log = logging.getLogger("styrbot.slack")


def where(body: dict[str, Any]) -> str:
    """A short description of a request for the log (no tokens, no message text)."""
    event = body.get("event") or {}
    kind = body.get("type") or ("command" if body.get("command") else "?")
    user = event.get("user") or body.get("user_id") or (body.get("user") or {}).get("id")
    return (f"type={kind} event={event.get('type')} event_id={body.get('event_id')} "
            f"channel={event.get('channel') or body.get('channel_id')} user={user}")


def apologise(deps: Deps, client: WebClient | None, body: dict[str, Any]) -> None:
    """Tell the user, where the request came from, that something went wrong."""
    msg = reply_messages(APOLOGY)
    if body.get("response_url"):
        respond(deps, body["response_url"], msg, ephemeral=True)
        return
    event = body.get("event") or {}
    if client is None or event.get("type") not in ("message", "app_mention"):
        return
    thread = event.get("thread_ts") or (event.get("ts") if event["type"] == "app_mention" else None)
    post(client, event["channel"], msg, thread_ts=thread)


def register(app: App, deps: Deps) -> None:
    @app.error
    def on_error(error: Exception, body: dict[str, Any], client: WebClient | None = None) -> None:
        log.error("could not handle Slack request (%s): %r", where(body), error, exc_info=error)
        try:
            apologise(deps, client, body)
        except Exception as exc:  # Slack itself is failing; the log is all we have
            log.error("could not apologise either (%s): %r", where(body), exc)
