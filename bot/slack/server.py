"""Running the Slack app: HTTP behind gunicorn (`styrbot serve`) or Socket Mode
(`styrbot socket`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.config import Settings
from bot.ops import running, serving
from bot.slack.app import WSGIApp, build_app, web_client
from store.db import Store

HTTP_THREADS = 16


class StartError(Exception):
    """The app cannot start; the message (Swedish) says why."""


def check_slack(settings: Settings) -> None:
    """Ask Slack who we are (auth.test), so a bad token fails at start, not at first use."""
    try:
        web_client(settings).auth_test()
    except SlackApiError as exc:
        raise StartError(f"Slack godtog inte SLACK_BOT_TOKEN ({exc.response.get('error')}).") from exc
    except Exception as exc:
        raise StartError(f"Kunde inte nå Slack på {settings.slack_api_url}: {exc}") from exc


class Server(BaseApplication):  # type: ignore[misc]
    """gunicorn in-process: one worker process (SQLite), threads for concurrency.

    ``factory`` builds the WSGI app inside the worker, after the fork, so the worker
    opens its own database connections.
    """

    def __init__(self, factory: Callable[[], WSGIApp], port: int, host: str = "0.0.0.0",
                 threads: int = HTTP_THREADS) -> None:
        self.factory = factory
        self.options: dict[str, Any] = {
            "bind": f"{host}:{port}", "workers": 1, "worker_class": "gthread",
            "threads": threads, "timeout": 30, "graceful_timeout": 10, "keepalive": 5,
            "control_socket_disable": True, "proc_name": "styrbot",
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIApp:
        return self.factory()


def serve(settings: Settings, clock: Clock) -> None:
    """Serve /slack/events (and /healthz) on $PORT until stopped, with the schedule beside
    it unless STYRBOT_SCHEDULE=off."""
    Store(settings.db, create=False).close()  # fails here, with a clear message, if missing
    _hold(settings)
    check_slack(settings)

    def factory() -> WSGIApp:
        app = build_app(settings, Store(settings.db, create=False), clock)
        return serving.http_app(settings, clock, app)

    Server(factory, settings.port).run()


# How often the Socket Mode connection is pinged. A lost connection is given up after five
# failed pings (or four intervals without a pong) and a new one opened: with Bolt's default
# of 10 s that left Styrbot deaf for about 50 s; 5 s (slack_sdk's own default) halves it.
SOCKET_PING_SECONDS = 5


def socket(settings: Settings, clock: Clock) -> None:
    """Connect to Slack over Socket Mode (SLACK_APP_TOKEN) until stopped."""
    store = Store(settings.db, create=False)
    _hold(settings)
    check_slack(settings)
    app = serving.socket_app(settings, clock, build_app(settings, store, clock), store)
    SocketModeHandler(app, settings.slack_app_token, ping_interval=SOCKET_PING_SECONDS).start()


def _hold(settings: Settings) -> None:
    try:
        running.hold(settings.db)
    except running.InUse as exc:
        raise StartError(str(exc)) from exc
