"""Running the Teams app: aiohttp behind gunicorn (`styrbot teams`), as `styrbot serve` runs
Slack: one worker process (SQLite), gunicorn's aiohttp worker, the app built after the fork,
/healthz beside /api/messages, and the schedule in the same process unless
STYRBOT_SCHEDULE=off (its sends go to each recipient's platform: bot.ops.platforms)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web
from gunicorn.app.base import BaseApplication

from bot.clock import Clock
from bot.config import Settings
from bot.ops import running
from store.db import Store, StoreError


class StartError(Exception):
    """The app cannot start; the message (Swedish) says why."""


class TeamsServer(BaseApplication):  # type: ignore[misc]
    """gunicorn in-process with its aiohttp worker; ``factory`` builds the app after the fork
    (so the worker opens its own database connections)."""

    def __init__(self, port: int, factory: Callable[[], web.Application],
                 host: str = "0.0.0.0") -> None:
        self.factory = factory
        self.options: dict[str, Any] = {
            "bind": f"{host}:{port}", "workers": 1,
            "worker_class": "aiohttp.GunicornWebWorker", "timeout": 30, "graceful_timeout": 10,
            "keepalive": 5, "control_socket_disable": True, "proc_name": "styrbot-teams",
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> web.Application:
        return self.factory()


def build(settings: Settings, clock: Clock) -> web.Application:
    """The served app: /api/messages, /healthz and (unless off) the schedule beside it."""
    from bot.ops import health
    from bot.ops.schedule import start_beside
    from bot.ops.serving import probe
    from bot.teams.app import TeamsApp

    store = Store(settings.db, create=False)
    app = TeamsApp(settings, store, clock).web_app()
    app.middlewares.append(request_line)

    async def healthz(request: web.Request) -> web.Response:
        h = await asyncio.to_thread(probe, settings, clock)
        return web.Response(body=h.json(), status=200 if h.ok else 503,
                            content_type="application/json", headers={"Cache-Control": "no-store"})

    app.router.add_get(health.PATH, healthz)
    start_beside(settings, clock, Store(settings.db, create=False))  # unless STYRBOT_SCHEDULE=off
    return app


@web.middleware
async def request_line(request: web.Request, handler: Any) -> web.StreamResponse:
    """One INFO line per request, as `serve` writes for Slack: method, path, status and
    milliseconds (no body: it holds what people wrote)."""
    from bot.ops.logs import requests_log

    start = time.monotonic()
    status = "-"
    try:
        response = await handler(request)
        status = str(response.status)
        return response
    except web.HTTPException as exc:
        status = str(exc.status)
        raise
    finally:
        ms = round((time.monotonic() - start) * 1000, 1)
        requests_log.info("%s %s %s %.1f ms", request.method, request.path, status, ms,
                          extra={"method": request.method, "path": request.path,
                                 "status": status, "ms": ms})


def serve(settings: Settings, clock: Clock) -> None:
    """Serve POST /api/messages on $PORT until stopped."""
    try:
        Store(settings.db, create=False).close()
        running.hold(settings.db)
    except (StoreError, running.InUse) as exc:
        raise StartError(str(exc)) from exc
    check_token(settings)
    TeamsServer(settings.port, lambda: build(settings, clock)).run()


def check_token(settings: Settings) -> None:
    """Get the bot's own token once, so a wrong secret or tenant fails at start, not at the
    first reply."""
    from bot.teams.connector import ClientCredentials, TokenError

    assert settings.teams_app_id and settings.teams_app_password
    try:
        ClientCredentials(settings.teams_token_endpoint, settings.teams_app_id,
                          settings.teams_app_password, settings.teams_tenant_id).token()
    except TokenError as exc:
        raise StartError(f"{exc}. Stämmer TEAMS_APP_ID, TEAMS_APP_PASSWORD och "
                         "TEAMS_TENANT_ID (docs/teams-setup.md)?") from exc
