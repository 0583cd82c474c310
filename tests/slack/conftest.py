"""Fixtures for the Slack tests: a local Slack (tests/mock_slack.py), the demo plan in a
temp SQLite file, and the real app served over real HTTP in this process."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from slack_harness import (
    LISTENERS,
    NOW,
    SECRET,
    MockSlack,
    Running,
    SlackSender,
    app_settings,
    serving,
)

from bot.clock import Clock
from bot.slack.app import build_app, web_client
from store.db import Store


@pytest.fixture(scope="session")
def mock_slack() -> Iterator[MockSlack]:
    mock = MockSlack()
    yield mock
    mock.close()


@pytest.fixture(scope="session")
def running(mock_slack: MockSlack, demo_template: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """`styrbot serve`'s WSGI app, served by a threaded HTTP server on 127.0.0.1:0."""
    db = tmp_path_factory.mktemp("app") / "styrbot.db"
    shutil.copy(demo_template, db)
    settings = app_settings(mock_slack, db)
    store = Store(db)
    executor = ThreadPoolExecutor(LISTENERS, "test-listener")
    client = web_client(settings, timeout=2)  # the production client, with a short timeout
    app = build_app(settings, store, Clock.fixed(NOW), client, executor=executor)
    with serving(app) as url:
        yield Running(url, SlackSender(url, SECRET, mock_slack), mock_slack, store, executor)
    executor.shutdown(wait=True)


@pytest.fixture
def slack(running: Running) -> Iterator[Running]:
    """The running app with a fresh record of calls; settled again after the test."""
    running.settle()
    running.mock.reset()
    yield running
    running.settle()
