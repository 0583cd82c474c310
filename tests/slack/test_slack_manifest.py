"""The manifest asks for exactly what the app uses; the Procfile and the guide match."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from slack_harness import Running

from bot.slack.app import EVENTS_PATH
from bot.slack.listeners.commands import COMMAND

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))


def test_manifest_has_exactly_the_scopes_events_and_command_used() -> None:
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == [
        "app_mentions:read", "channels:history", "chat:write", "commands", "files:write",
        "groups:history", "im:history", "im:write", "users:read"]
    assert "user" not in MANIFEST["oauth_config"]["scopes"]
    events = MANIFEST["settings"]["event_subscriptions"]
    assert sorted(events["bot_events"]) == ["app_home_opened", "app_mention", "message.im"]
    [command] = MANIFEST["features"]["slash_commands"]
    assert command["command"] == COMMAND
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert MANIFEST["features"]["app_home"]["messages_tab_enabled"] is True
    for url in (command["url"], events["request_url"],
                MANIFEST["settings"]["interactivity"]["request_url"]):
        assert url.startswith("https://") and url.endswith(EVENTS_PATH)


def test_every_subscribed_event_gets_an_acknowledgement_not_a_404(slack: Running) -> None:
    for payload in (slack.send.dm("hej"), slack.send.mention("hej"), slack.send.home_opened()):
        assert slack.send.send(payload).status == 200


def test_url_verification_is_answered(slack: Running) -> None:
    sent = slack.send.send({"token": "legacy", "challenge": "utmaning-4711",
                            "type": "url_verification"})
    assert sent.status == 200 and json.loads(sent.body)["challenge"] == "utmaning-4711"


def test_procfile_runs_one_process_and_says_one_host_one_volume() -> None:
    text = (ROOT / "Procfile").read_text()
    processes = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert processes == ["web: styrbot serve"], "the schedule runs beside the chat"
    assert "One host, one persistent volume" in text


def test_the_setup_guide_names_every_slack_setting_and_both_ways() -> None:
    guide = (ROOT / "docs" / "slack-setup.md").read_text(encoding="utf-8")
    for word in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN",
                 "connections:write", "styrbot serve", "styrbot socket", "manifest.yml",
                 EVENTS_PATH, *MANIFEST["oauth_config"]["scopes"]["bot"]):
        assert word in guide, word
