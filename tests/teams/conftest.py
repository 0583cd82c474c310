"""The Teams app served over real HTTP on 127.0.0.1 (aiohttp in a thread), against the local
Microsoft stand-in; requests signed as the channel would sign them."""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.clock import Clock
from bot.config import Settings
from bot.teams.app import TeamsApp
from store.db import Store
from tests.conftest import NOW
from tests.teams.stand_in import ANNA, StandIn, activity


@dataclass
class Response:
    status: int
    body: bytes


class Served:
    """A TeamsApp on its own event loop in a thread, on a free port."""

    def __init__(self, app: TeamsApp) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self.ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.runner = web.AppRunner(self.app.web_app(), shutdown_timeout=2.0)
        self.loop.run_until_complete(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.ready.set()
        self.loop.run_forever()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/messages"

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def post(url: str, body: Any, token: str | None, raw: bytes | None = None,
         headers: dict[str, str] | None = None) -> Response:
    data = raw if raw is not None else json.dumps(body).encode()
    h = {"Content-Type": "application/json", **(headers or {})}
    if token is not None:
        h["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, method="POST", headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return Response(resp.status, resp.read())
    except urllib.error.HTTPError as exc:
        return Response(exc.code, exc.read())


class Teams:
    """The stand-in and the served app, and a way to send as the channel."""

    def __init__(self, stand_in: StandIn, served: Served, store: Store) -> None:
        self.ms = stand_in
        self.served = served
        self.store = store

    def send(self, text: str = "status uppdrag 3.2", *, token: str | None = None,
             **kw: Any) -> tuple[Response, dict[str, Any]]:
        act = activity(text, service_url=self.ms.service_url, **kw)
        return self.deliver(act, token=token), act

    def deliver(self, act: dict[str, Any], *, token: str | None = None) -> Response:
        tok = token if token is not None else self.ms.token(service_url=act["serviceUrl"])
        return post(self.served.url, act, tok)


def settings_for(ms: StandIn, db: Path, **extra: str) -> Settings:
    return Settings.from_env({**ms.env(str(db)), "STYRBOT_ADMINS": ANNA, **extra}, dotenv=False)


@pytest.fixture
def ms() -> Iterator[StandIn]:
    s = StandIn().start()
    yield s
    s.stop()


@pytest.fixture
def teams(ms: StandIn, demo_db: Path) -> Iterator[Teams]:
    store = Store(demo_db)
    app = TeamsApp(settings_for(ms, demo_db), store, Clock.fixed(NOW), refresh_interval=0)
    served = Served(app)
    yield Teams(ms, served, store)
    served.stop()
    store.close()
