"""The Bolt app: wiring only. Listeners live in `handlers/`, answers in the core.

`build_app` gives the same app to HTTP (`wsgi_app`, served by `bot.server`) and to
Socket Mode. Requests over HTTP must carry Slack's signature (checked before anything
else); listeners run after the acknowledgement, in a thread pool.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.signature import SignatureVerifier

from bot.clock import Clock
from bot.config import Settings
from bot.core.bot import Bot
from bot.slack import modal, sdk
from bot.slack.inbox import InboxApp, SlackInbox
from bot.slack.listeners import actions, commands, errors, home, mentions, messages
from bot.slack.listeners.common import Deps
from store.db import Store

log = logging.getLogger("styrbot.slack")

EVENTS_PATH = "/slack/events"
LISTENER_THREADS = 16
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


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


class SignedRequests(Middleware):
    """Slack's request signature, checked first: forged, tampered or stale (over 5
    minutes) requests get 401 and malformed headers 400; neither reaches a listener.
    Socket Mode requests come over Slack's own authenticated connection and pass.
    """

    def __init__(self, signing_secret: str | None) -> None:
        self.verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def process(self, *, req: BoltRequest, resp: BoltResponse,
                next: Callable[[], BoltResponse]) -> BoltResponse:
        if req.mode == "socket_mode":
            return next()
        timestamp = _header(req, "x-slack-request-timestamp")
        signature = _header(req, "x-slack-signature")
        if timestamp is None or signature is None or self.verifier is None:
            return BoltResponse(status=401, body={"error": "unsigned request"})
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12
                and signature.isascii()):
            return BoltResponse(status=400, body={"error": "malformed signature headers"})
        if not self.verifier.is_valid(req.raw_body, timestamp, signature):
            log.info("refused a request with a bad or stale signature (timestamp %s)", timestamp)
            return BoltResponse(status=401, body={"error": "invalid request"})
        return next()


def _header(req: BoltRequest, name: str) -> str | None:
    values = req.headers.get(name)
    return values[0] if values else None


def build_app(settings: Settings, store: Store, clock: Clock, client: WebClient | None = None,
              *, executor: Executor | None = None, recover: bool = True) -> App:
    """The Bolt app over the shared core. Calls auth.test once (who are we?)."""
    client = client or web_client(settings)
    bot = Bot(store, clock, admins=tuple(settings.admins), leaders=tuple(settings.leaders))
    box = SlackInbox(store, clock)
    deps = Deps(bot=bot, clock=clock, retries=retry_handlers(), kept=box.wait_kept)
    app = InboxApp(
        client=client,
        signing_secret=settings.slack_signing_secret or "",
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


MAX_BODY = 1 << 20  # 1 MiB: Slack's largest payloads (a view submission) are far smaller


def wsgi_app(app: App) -> WSGIApp:
    """One path, /slack/events, for events, commands and interactivity.

    Before Bolt reads anything: a body over MAX_BODY is a 413, and a request without a valid
    signature a 401, without parsing the body (eight unsigned 40 MB bodies cost 12 s and
    700 MB when Bolt parsed them first). A body Slack would never send (not UTF-8, not
    parseable) is a 400, not a 500.
    """
    handler = SlackRequestHandler(app, path=EVENTS_PATH)
    secret = getattr(app, "_signing_secret", "")  # as given to App(signing_secret=…)
    verifier = SignatureVerifier(secret) if secret else None

    def refuse(start_response: Callable[..., Any], status: str) -> Iterable[bytes]:
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                                ("Content-Length", str(len(status)))])
        return [status.encode()]

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return refuse(start_response, "400 Bad Request")
            if length > MAX_BODY:
                return refuse(start_response, "413 Payload Too Large")
            ts = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
            sig = environ.get("HTTP_X_SLACK_SIGNATURE")
            if not ts or not sig or verifier is None:
                return refuse(start_response, "401 Unauthorized")
            body = environ["wsgi.input"].read(length) if length else b""
            if not (ts.isascii() and ts.isdigit() and len(ts) <= 12 and sig.isascii()):
                return refuse(start_response, "400 Bad Request")
            try:
                valid = verifier.is_valid(body, ts, sig)
            except UnicodeDecodeError:  # Slack signs UTF-8 text
                return refuse(start_response, "400 Bad Request")
            if not valid:
                log.info("refused a request with a bad or stale signature (timestamp %s)", ts)
                return refuse(start_response, "401 Unauthorized")
            environ = {**environ, "wsgi.input": io.BytesIO(body)}
        try:
            return handler(environ, start_response)  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001  (raised while parsing, before Bolt's handling)
            log.info("refused a malformed request: %r", exc)
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Bad Request"]

    return application
