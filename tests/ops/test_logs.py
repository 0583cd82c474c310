"""The log of the real `styrbot serve` (with its schedule): at INFO one line per request and
per send and no message text, in JSON lines when asked; the text only at DEBUG."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import NOW
from tests.mock_slack import MockSlack, Process, SlackSender
from tests.ops.conftest import clean_env

SECRET = "logs-signing-secret"
SECRET_WORD = "hemligtord4711"
TITLE_3_2 = "Främja investeringar och hållbar bostadsutveckling"


def serve_and_talk(demo_db: Path, tmp_path: Path, local_slack: MockSlack,
                   **settings: str) -> list[str]:
    env = clean_env(STYRBOT_DB=str(demo_db), STYRBOT_NOW=NOW, SLACK_BOT_TOKEN="xoxb-logs",
                    SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=local_slack.api_url, PORT="0",
                    **settings)
    bot = Process([str(Path(sys.executable).with_name("styrbot")), "serve"], env, tmp_path)
    try:
        slack = SlackSender(bot.serving_url(), SECRET, local_slack)
        bot.wait_for_line(r"send .* sent")  # the schedule's nudges went out
        payload = slack.dm(f"status uppdrag 3.2 {SECRET_WORD}")
        assert slack.send(payload).status == 200
        local_slack.wait_for("chat.postMessage",
                             where=lambda c: c.body.get("channel") == payload["event"]["channel"])
        url = local_slack.response_url()
        assert slack.send(slack.command_form(f"budget 2026 {SECRET_WORD}", response_url=url)).status == 200
        local_slack.wait_for("response_url", where=lambda c: url.endswith(c.path))
        bot.wait_for_line(r"/slack/events 200")
    finally:
        bot.stop()
    return bot.lines


def test_info_has_a_line_per_request_and_send_and_no_message_text(
        demo_db: Path, tmp_path: Path, local_slack: MockSlack) -> None:
    lines = serve_and_talk(demo_db, tmp_path, local_slack, STYRBOT_LOG="INFO",
                           STYRBOT_LOG_FORMAT="json")
    ours = [json.loads(line) for line in lines if line.startswith("{")]
    requests = [r for r in ours if r["logger"] == "styrbot.requests"]
    assert len([r for r in requests if r["path"] == "/slack/events"]) >= 2
    assert all(r["status"] == "200" and r["method"] == "POST" and r["ms"] >= 0 for r in requests)
    sends = [r for r in ours if r["logger"] == "styrbot.sender" and r["message"].startswith("send ")]
    assert sends and all(r["level"] == "INFO" for r in sends)
    text = "".join(lines)
    assert SECRET_WORD not in text, "no message text at INFO"
    assert TITLE_3_2 not in text and "Tre investerare" not in text, "no answer or nudge text either"
    others = [line for line in lines if line.strip() and not line.startswith("{")]
    assert all(line.startswith("[") for line in others), others  # gunicorn's own: "[time] [pid] …"


@pytest.mark.parametrize("level", ["DEBUG"])
def test_message_text_only_at_debug(demo_db: Path, tmp_path: Path, local_slack: MockSlack,
                                    level: str) -> None:
    lines = serve_and_talk(demo_db, tmp_path, local_slack, STYRBOT_LOG=level)
    assert any(SECRET_WORD in line and " DEBUG " in line for line in lines)
    assert not any(SECRET_WORD in line and " DEBUG " not in line for line in lines)
