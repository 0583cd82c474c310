"""The manifest asks for exactly what the app uses; the Procfile and the guide match."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import yaml
from slack_harness import Running
from slack_sdk import WebClient

from bot.slack.app import EVENTS_PATH
from bot.slack.listeners.commands import COMMAND

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))


# The bot-token scopes each Web API method needs (Slack's method reference). A method the
# code calls that is missing here fails the test below: look it up and add it.
METHOD_SCOPES: dict[str, set[str]] = {
    "chat.postMessage": {"chat:write"},
    "conversations.open": {"im:write"},
    # the history of where the worker posts: public and private channels, DMs
    "conversations.history": {"channels:history", "groups:history", "im:history"},
    "users.info": {"users:read"},
    "auth.test": set(),  # who we are (at start)
    "views.publish": set(),
    "views.open": set(),
    "files.getUploadURLExternal": {"files:write"},
    "files.completeUploadExternal": {"files:write"},
}
# WebClient methods that call several Web API methods
COMPOSITE = {"files_upload_v2": ("files.getUploadURLExternal", "files.completeUploadExternal")}
# What receiving needs: the events subscribed and the slash command.
EVENT_SCOPES = {"app_mention": {"app_mentions:read"}, "message.im": {"im:history"},
                "app_home_opened": set()}


def web_api_methods_called() -> dict[str, list[str]]:
    """Every Web API method the app's code calls through a slack_sdk WebClient, with where:
    each call ``x.chat_postMessage(…)`` whose name is a WebClient method."""
    client_methods = {n for n in dir(WebClient) if not n.startswith("_") and "_" in n
                      and n not in ("api_call",)}
    found: dict[str, list[str]] = {}
    for path in sorted([*(ROOT / "bot").rglob("*.py"), *(ROOT / "handlers").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in client_methods):
                name = node.func.attr
                for method in COMPOSITE.get(name, (name.replace("_", ".", 1),)):
                    found.setdefault(method, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_code_calls_the_web_api_methods_we_know_the_scopes_of() -> None:
    called = web_api_methods_called()
    assert {"chat.postMessage", "views.publish", "conversations.history"} <= set(called)
    unknown = {m: where for m, where in called.items() if m not in METHOD_SCOPES}
    assert not unknown, f"add the scopes of {unknown} to METHOD_SCOPES (and the manifest)"


def test_manifest_has_exactly_the_scopes_events_and_command_used() -> None:
    events = MANIFEST["settings"]["event_subscriptions"]
    needed = set().union(*(METHOD_SCOPES.get(m, set()) for m in web_api_methods_called()),
                         *(EVENT_SCOPES[e] for e in events["bot_events"]))
    if MANIFEST["features"].get("slash_commands"):
        needed.add("commands")
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == sorted(needed)
    assert "user" not in MANIFEST["oauth_config"]["scopes"]
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
