"""The Bolt app: wiring only. Listeners live in `handlers/`, answers in the core.

`build_app` gives the same app to HTTP (`wsgi_app`, served by `bot.server`) and to
Socket Mode. Requests over HTTP must carry Slack's signature, checked before anything else
(bot/slack/guard.py); listeners run after the acknowledgement, in a thread pool.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Executor, ThreadPoolExecutor
from http.client import RemoteDisconnected
from urllib.error import URLError

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.clock import Clock
from bot.config import Settings
from bot.core.bot import Bot
from bot.slack import modal, sdk
from bot.slack.guard import RequestGuard, SignedRequests, WSGIApp
from bot.slack.inbox import InboxApp, SlackInbox
from bot.slack.listeners import actions, commands, errors, home, mentions, messages
from bot.slack.listeners.common import Deps
from store.db import Store

log = logging.getLogger("styrbot.slack")

EVENTS_PATH = "/slack/events"
LISTENER_THREADS = 16


def retry_handlers() -> list[RetryHandler]:
    """429: wait for Retry-After and try again; 5xx and lost connections: bounded retries."""
    return [
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
        ConnectionErrorRetryHandler(max_retry_count=1, error_types=[
            URLError, ConnectionError, RemoteDisconnected, TimeoutError]),
    ]


def web_client(settings: Settings, timeout: int = 10) -> WebClient:
    """The Web API client: SLACK_BOT_TOKEN, at SLACK_API_URL, with the retry policy."""
    return sdk.web_client(settings.slack_bot_token, settings.slack_api_url, timeout,
                          retry_handlers())


def build_app(settings: Settings, store: Store, clock: Clock, client: WebClient | None = None,
              *, executor: Executor | None = None, recover: bool = True) -> App:
    """The Bolt app over the shared core. Calls auth.test once (who are we?)."""
    client = client or web_client(settings)
    bot = Bot(store, clock, admins=tuple(settings.admins), leaders=tuple(settings.leaders))
    box = SlackInbox(store, clock)
    deps = Deps(bot=bot, clock=clock, retries=retry_handlers(), kept=box.wait_kept)
    app = InboxApp(
        client=client,
        signing_secret=settings.slack_signing_secret or "",  # not Bolt's own look in the environment
        request_verification_enabled=False,
        before_authorize=SignedRequests(settings.slack_signing_secret),
        listener_executor=box.executor(
            executor or ThreadPoolExecutor(LISTENER_THREADS, "styrbot-listener")),
    )
    app.inbox = box
    app.use(box.middleware)  # kept in the store before the acknowledgement (the pool commits it)
    for module in (errors, messages, mentions, commands, home, actions, modal):
        module.register(app, deps)
    if recover:  # what a killed process acknowledged and did not finish
        threading.Thread(target=box.recover, args=(app,), name="styrbot-recover",
                         daemon=True).start()
    return app


def wsgi_app(app: App) -> WSGIApp:
    """One path, /slack/events, for events, commands and interactivity, behind the request
    guard (bot/slack/guard.py: size, signature and malformed requests refused first)."""
    return RequestGuard(SlackRequestHandler(app, path=EVENTS_PATH), app._signing_secret)
