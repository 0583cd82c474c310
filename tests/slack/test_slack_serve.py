"""The real `styrbot serve` (gunicorn) in a subprocess, and the start-up checks."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from mock_slack import MockSlack, Process, SlackSender
from slack_harness import SECRET, TITLE_3_2, clean_env, styrbot


@pytest.fixture(scope="module")
def served(mock_slack: MockSlack, demo_template: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackSender]:
    """`styrbot serve` on a free port, talking to the local Slack."""
    home = tmp_path_factory.mktemp("serve")
    shutil.copy(demo_template, home / "styrbot.db")
    env = clean_env(STYRBOT_DB=str(home / "styrbot.db"), SLACK_BOT_TOKEN="xoxb-serve-token",
                    SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=mock_slack.api_url, PORT="0")
    proc = Process([*styrbot(), "serve"], env, home)
    try:
        yield SlackSender(proc.serving_url(), SECRET, mock_slack)
    finally:
        proc.stop()


def test_styrbot_serve_answers_a_signed_dm(served: SlackSender) -> None:
    payload = served.dm("status uppdrag 3.2")
    channel = payload["event"]["channel"]

    assert served.send(payload).status == 200

    [call] = served.mock.wait_for("chat.postMessage", where=lambda c: c.body["channel"] == channel)
    assert TITLE_3_2 in call.body["text"]
    assert call.headers["Authorization"] == "Bearer xoxb-serve-token"


def test_styrbot_serve_answers_the_slash_command_and_refuses_forgeries(
        served: SlackSender) -> None:
    url = served.mock.response_url()
    assert served.send(served.command_form("status uppdrag 3.2", response_url=url)).status == 200
    [call] = served.mock.wait_for("response_url", where=lambda c: url.endswith(c.path))
    assert call.body["response_type"] == "in_channel"

    forged = SlackSender(served.url, "not-the-secret", served.mock)
    assert forged.send(forged.dm("status uppdrag 3.2")).status == 401
    assert served.send(served.dm("x"), headers={"X-Slack-Request-Timestamp": "x"}).status == 400


@pytest.mark.parametrize("command, given, missing", [
    ("serve", {}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]),
    ("serve", {"SLACK_BOT_TOKEN": "xoxb-1"}, ["SLACK_SIGNING_SECRET"]),
    ("socket", {}, ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]),
    ("socket", {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, ["SLACK_APP_TOKEN"]),
])
def test_a_missing_setting_fails_at_start_naming_every_missing_one(
        tmp_path: Path, command: str, given: dict[str, str], missing: list[str]) -> None:
    env = clean_env(STYRBOT_DB=str(tmp_path / "none.db"), **given)
    done = subprocess.run([*styrbot(), command], check=False, env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=30)
    assert done.returncode != 0
    lines = [ln for ln in done.stderr.splitlines() if "saknar" in ln]
    assert len(lines) == 1 and all(name in lines[0] for name in missing), done.stderr
    assert not any(name in lines[0] for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET",
                                                  "SLACK_APP_TOKEN") if name not in missing)


def test_a_token_slack_refuses_fails_at_start(mock_slack: MockSlack, demo_template: Path,
                                              tmp_path: Path) -> None:
    shutil.copy(demo_template, tmp_path / "styrbot.db")
    mock_slack.fail_next(1, status=200, error="invalid_auth", method="auth.test")
    env = clean_env(STYRBOT_DB=str(tmp_path / "styrbot.db"), SLACK_BOT_TOKEN="xoxb-revoked",
                    SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=mock_slack.api_url, PORT="0")
    done = subprocess.run([*styrbot(), "serve"], check=False, env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=30)
    assert done.returncode != 0
    assert "invalid_auth" in done.stderr and "Listening" not in done.stderr
