"""Running the Teams app: aiohttp behind gunicorn (`styrbot teams`), as `styrbot serve` runs
Slack: one worker process (SQLite), gunicorn's aiohttp worker, the app built after the fork."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from bot.clock import Clock
from bot.config import Settings
from store.db import Store


class StartError(Exception):
    """The app cannot start; the message (Swedish) says why."""


class TeamsServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, clock: Clock, host: str = "0.0.0.0") -> None:
        self.settings = settings
        self.clock = clock
        self.options: dict[str, Any] = {
            "bind": f"{host}:{settings.port}", "workers": 1,
            "worker_class": "aiohttp.GunicornWebWorker", "timeout": 30, "graceful_timeout": 10,
            "keepalive": 5, "control_socket_disable": True, "proc_name": "styrbot-teams",
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from bot.teams.app import TeamsApp

        store = Store(self.settings.db, create=False)
        return TeamsApp(self.settings, store, self.clock).web_app()


def serve(settings: Settings, clock: Clock) -> None:
    """Serve POST /api/messages on $PORT until stopped."""
    try:
        Store(settings.db, create=False).close()
    except Exception as exc:
        raise StartError(str(exc)) from exc
    TeamsServer(settings, clock).run()
