"""In a channel a mention notifies the person: answers there name owners instead (users.info,
kept an hour). In a direct message owners stay mentions."""

from __future__ import annotations

import json
import uuid

from mock_slack import Call, at, to
from slack_harness import NOW, Running

from bot.clock import Clock
from store.writes import add_role_event


def owner_of(slack: Running, key: str, name: str | None) -> str:
    """A new owner of ``key`` (a user ID no other test uses), called ``name`` in Slack."""
    user = "U0N" + uuid.uuid4().hex[:8].upper()
    if name is not None:
        slack.mock.names[user] = name
    add_role_event(slack.store, role="owner", subject=f"ks/2026/{key}", user=user, action="add",
                   author="test-setup", now=Clock.fixed(NOW).now())
    return user


def everything(call: Call) -> str:
    return json.dumps({"text": call.body.get("text"), "blocks": call.body.get("blocks")},
                      ensure_ascii=False)


def test_in_a_channel_owners_are_named_not_pinged_and_names_are_kept(slack: Running) -> None:
    user = owner_of(slack, "3.3", "Nina Namnsson")
    for n in range(2):
        payload = slack.send.mention("status uppdrag 3.3")
        assert slack.send.send(payload).status == 200
        [call] = slack.mock.wait_for("chat.postMessage", where=to(payload["event"]["channel"]))
        assert "@Nina Namnsson" in call.body["text"], n
        assert f"<@{user}>" not in everything(call), n
    asked = [c for c in slack.mock.calls_to("users.info") if c.body.get("user") == user]
    assert len(asked) == 1  # the second answer used the name it already had


def test_in_a_direct_message_owners_stay_mentions(slack: Running) -> None:
    user = owner_of(slack, "3.4", "Dan Direkt")
    payload = slack.send.dm("status uppdrag 3.4")
    assert slack.send.send(payload).status == 200
    [call] = slack.mock.wait_for("chat.postMessage", where=to(payload["event"]["channel"]))
    assert f"<@{user}>" in call.body["text"] and "Dan Direkt" not in everything(call)


def test_the_slash_command_names_owners_in_channels_only(slack: Running) -> None:
    user = owner_of(slack, "3.5", "Sara Snedstreck")
    for channel, named in (("C0LEDNING", True), ("D0ANNA", False)):
        url = slack.mock.response_url()
        form = slack.send.command_form("status uppdrag 3.5", channel=channel, response_url=url)
        assert slack.send.send(form).status == 200
        [call] = slack.mock.wait_for("response_url", where=at(url))
        assert call.body["response_type"] == "in_channel"
        assert ("@Sara Snedstreck" in call.body["text"]) is named, channel
        assert (f"<@{user}>" in everything(call)) is not named, channel


def test_a_name_cannot_make_the_bot_post_a_mention_or_a_broadcast(slack: Running) -> None:
    owner_of(slack, "2.2", "<!channel> & <@U0BOSS>")
    payload = slack.send.mention("status uppdrag 2.2")
    assert slack.send.send(payload).status == 200
    [call] = slack.mock.wait_for("chat.postMessage", where=to(payload["event"]["channel"]))
    assert "@&lt;!channel&gt; &amp; &lt;@U0BOSS&gt;" in call.body["text"]
    assert "<!channel>" not in everything(call) and "<@U0BOSS>" not in everything(call)


def test_without_a_name_from_slack_the_mention_stays_and_the_answer_goes_out(
        slack: Running) -> None:
    user = owner_of(slack, "2.1", None)
    slack.mock.fail_next(status=200, error="missing_scope", method="users.info")
    payload = slack.send.mention("status uppdrag 2.1")
    assert slack.send.send(payload).status == 200
    [call] = slack.mock.wait_for("chat.postMessage", where=to(payload["event"]["channel"]))
    assert f"<@{user}>" in call.body["text"]
