"""slack_sdk builds its debug messages (whole payloads) whenever its logger's own level is
unset; our clients get a logger whose level follows the logging set up (bot.sdk)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from mock_slack import MockSlack

from bot.config import Settings
from bot.slack.app import web_client
from bot.slack.sender import web_client as sender_client


@pytest.fixture
def root_level() -> Iterator[None]:
    root = logging.getLogger()
    before = root.level
    yield
    root.setLevel(before)


def clients(api_url: str) -> list:  # type: ignore[type-arg]
    return [web_client(Settings(slack_bot_token="xoxb-test", slack_api_url=api_url)),
            sender_client("xoxb-test", api_url)]


def test_payloads_are_not_formatted_for_debug_messages_nobody_reads(
        mock_slack: MockSlack, root_level: None) -> None:
    logging.getLogger().setLevel(logging.WARNING)
    for client in clients(mock_slack.api_url):
        # slack_sdk formats each payload when `logger.level <= DEBUG`; NOTSET (0) would be
        assert client.logger.level == logging.WARNING


def test_with_debug_logging_on_the_requests_are_logged(
        mock_slack: MockSlack, root_level: None, caplog: pytest.LogCaptureFixture) -> None:
    logging.getLogger().setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    for client in clients(mock_slack.api_url):
        assert client.logger.level == logging.DEBUG
        client.chat_postMessage(channel="D0X", text="synligt innehåll")
    assert caplog.text.count("synligt innehåll") >= 2
