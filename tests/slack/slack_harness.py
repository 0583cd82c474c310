"""The Slack test harness: the real app served over real HTTP in this process."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for mock_slack

from mock_slack import MockSlack, SlackSender
from slack_bolt import App

from bot.config import Settings
from bot.slack.app import EVENTS_PATH, wsgi_app
from store import inbox
from store.db import Store
from tests import support

SECRET = "test-signing-secret-4711"
NOW = "2026-11-23T09:00"
TITLE_3_2 = "Främja investeringar och hållbar bostadsutveckling"
LISTENERS = 8


@dataclass
class Running:
    """The app as Slack sees it, plus what a test may look at afterwards."""

    url: str
    send: SlackSender
    mock: MockSlack
    store: Store
    executor: ThreadPoolExecutor

    def settle(self, timeout: float = 20) -> None:
        """Wait until every listener started so far has finished (nothing in flight).

        All listener threads meet at a barrier: that happens only once each has finished
        what it was doing, and the queue (FIFO) holds nothing older.
        """
        barrier = threading.Barrier(LISTENERS)
        futures = [self.executor.submit(barrier.wait, timeout) for _ in range(LISTENERS)]
        for f in futures:
            f.result(timeout)


class ThreadedServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128  # Slack opens many connections at once; 5 (the default) resets some


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(app: App) -> Iterator[str]:
    """``app`` (its WSGI app) served over HTTP on 127.0.0.1:0; yields the /slack/events URL."""
    server = make_server("127.0.0.1", 0, wsgi_app(app), server_class=ThreadedServer,
                         handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="test-http")
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{EVENTS_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def wait_done(store: Store, key: str) -> None:
    """Wait until the inbox has marked Slack's delivery ``key`` done (a generous wait: it
    only stops a hung test)."""
    for _ in range(200):
        row = inbox.get(store, "slack", key)
        if row is not None and row["state"] == "done":
            return
        threading.Event().wait(0.05)
    raise AssertionError(f"{key} not done: {inbox.get(store, 'slack', key)}")


def app_settings(mock: MockSlack, db: str | Path) -> Settings:
    """The settings of an app under test: the stand-in's Web API, our signing secret."""
    return Settings(slack_bot_token="xoxb-test-token", slack_signing_secret=SECRET,
                    slack_api_url=mock.api_url, db=str(db))


def styrbot() -> list[str]:
    script = Path(sys.executable).with_name("styrbot")
    return [str(script)] if script.exists() else [sys.executable, "-c",
                                                  "from bot.cli import main; main()"]


def clean_env(**settings: str) -> dict[str, str]:
    """tests/support.py's clean environment, on the tests' frozen clock."""
    return support.clean_env(STYRBOT_NOW=NOW, **settings)
