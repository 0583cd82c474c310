"""The real `styrbot socket`: Socket Mode against the stand-in's WebSocket."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from mock_slack import MockSlack, Process, SlackSender
from slack_harness import TITLE_3_2, clean_env, styrbot


@pytest.fixture(scope="module")
def socket_app(mock_slack: MockSlack, demo_template: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackSender]:
    home = tmp_path_factory.mktemp("socket")
    shutil.copy(demo_template, home / "styrbot.db")
    env = clean_env(STYRBOT_DB=str(home / "styrbot.db"), SLACK_BOT_TOKEN="xoxb-socket-token",
                    SLACK_APP_TOKEN="xapp-1-socket-token", SLACK_API_URL=mock_slack.api_url,
                    STYRBOT_LOG="INFO")
    proc = Process([*styrbot(), "socket"], env, home)
    try:
        proc.wait_for_line(r"A new session .* has been established|Starting to receive messages")
        yield SlackSender("socket-mode", "unused", mock_slack)  # payload shapes only
    finally:
        proc.stop()


def test_socket_mode_connects_with_the_app_token(socket_app: SlackSender) -> None:
    [opened] = socket_app.mock.wait_for("apps.connections.open")
    assert opened.headers["Authorization"] == "Bearer xapp-1-socket-token"


def test_socket_mode_answers_a_dm_and_acks_the_envelope(socket_app: SlackSender) -> None:
    payload = socket_app.dm("status uppdrag 3.2")
    channel = payload["event"]["channel"]

    envelope = socket_app.mock.socket_send("events_api", payload)

    socket_app.mock.wait_for("socket_ack", where=lambda c: c.body["envelope_id"] == envelope)
    [call] = socket_app.mock.wait_for("chat.postMessage",
                                      where=lambda c: c.body["channel"] == channel)
    assert TITLE_3_2 in call.body["text"]
    assert call.headers["Authorization"] == "Bearer xoxb-socket-token"


def test_socket_mode_answers_the_slash_command(socket_app: SlackSender) -> None:
    from urllib.parse import parse_qsl

    url = socket_app.mock.response_url()
    form = dict(parse_qsl(socket_app.command_form("status uppdrag 3.2", response_url=url)))

    envelope = socket_app.mock.socket_send("slash_commands", form)

    socket_app.mock.wait_for("socket_ack", where=lambda c: c.body["envelope_id"] == envelope)
    [call] = socket_app.mock.wait_for("response_url", where=lambda c: url.endswith(c.path))
    assert call.body["response_type"] == "in_channel" and TITLE_3_2 in call.body["text"]


def test_socket_mode_reconnects_after_the_connection_is_lost(socket_app: SlackSender) -> None:
    """The stand-in cuts the WebSocket (no close frame, as a lost network does); the app opens
    a new connection with the app token and answers the next envelope over it."""
    mock = socket_app.mock
    mock.wait_for_socket(1)
    before = mock.sockets_opened
    opens = len(mock.calls_to("apps.connections.open"))
    assert mock.drop_sockets() >= 1

    mock.wait_for_socket(before + 1, timeout=90)  # five failed pings, 5 s apart
    assert len(mock.calls_to("apps.connections.open")) > opens  # asked Slack for a new URL
    payload = socket_app.dm("status uppdrag 3.2")
    channel = payload["event"]["channel"]
    envelope = mock.socket_send("events_api", payload)

    mock.wait_for("socket_ack", where=lambda c: c.body["envelope_id"] == envelope)
    [call] = mock.wait_for("chat.postMessage", where=lambda c: c.body["channel"] == channel)
    assert TITLE_3_2 in call.body["text"]
