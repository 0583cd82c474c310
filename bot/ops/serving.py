"""What `styrbot serve` and `socket` run besides the Slack app: /healthz, the request log,
the schedule beside the chat, and the mark that the store is in use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.clock import Clock
from bot.config import Settings
from bot.ops import health, logs
from bot.ops.schedule import start_beside
from store.db import Store


def probe(settings: Settings, clock: Clock) -> health.Health:
    return health.check(settings.db, clock, dt.timedelta(minutes=settings.health_max_age))


def http_app(settings: Settings, clock: Clock, app: Any) -> logs.WSGIApp:
    """The Bolt ``app`` over HTTP with /healthz and a log line per request; the schedule
    starts beside it (in the serving process, after gunicorn's fork)."""
    from bot.slack.app import wsgi_app

    start_beside(settings, clock, Store(settings.db, create=False))
    return logs.logged(health.with_healthz(wsgi_app(app), lambda: probe(settings, clock)))


def socket_app(settings: Settings, clock: Clock, app: Any, store: Store) -> Any:
    """The Bolt ``app`` for Socket Mode: a log line per request, and the schedule beside it."""
    app.use(logs.socket_request_line)
    start_beside(settings, clock, store)
    return app


