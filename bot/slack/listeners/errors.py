"""The one error handler: the user gets a kind Swedish word, the log gets the details."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.bot import APOLOGY
from bot.slack.blocks import reply_messages
from bot.slack.listeners.common import Deps, post, respond

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


def handle_error(deps: Deps, error: Exception, body: dict[str, Any],
                 client: WebClient | None) -> None:
    """Log the details, then apologise to the user if Slack lets us (once the delivery is
    kept: `Deps.kept`)."""
    log.error("could not handle Slack request (%s): %r", where(body), error, exc_info=error)
    deps.kept()
    try:
        apologise(deps, client, body)
    except Exception as exc:  # noqa: BLE001  (Slack itself is failing; the log is all we have)
        log.error("could not apologise either (%s): %r", where(body), exc)


@contextlib.contextmanager
def after_ack(deps: Deps, body: dict[str, Any], client: WebClient | None) -> Iterator[None]:
    """For listeners that call ack() themselves: an error after the ack goes to
    `handle_error` here, not back to Bolt, which would withdraw the ack it has not yet
    sent (Slack would then see a 404 after 3 s and tell the user "dispatch_failed")."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001  (handled: logged, and the user is told)
        handle_error(deps, exc, body, client)


def register(app: App, deps: Deps) -> None:
    @app.error
    def on_error(error: Exception, body: dict[str, Any], client: WebClient | None = None) -> None:
        handle_error(deps, error, body, client)
