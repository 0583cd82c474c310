"""Slack's mentions are read by the Slack adapter (bot/slack/inbound.py), over the real HTTP
front door: a person or a channel picked from Slack's list is stored by its ID; the same
characters typed by hand (Slack sends them escaped) are only text."""

from __future__ import annotations

import uuid

from mock_slack import to
from slack_harness import NOW, Running

from bot.clock import Clock
from store import queries as q
from store.writes import add_role_event


def an_admin(slack: Running) -> str:
    user = "U0A" + uuid.uuid4().hex[:8].upper()
    add_role_event(slack.store, role="admin", subject="", user=user, action="add",
                   author="test-setup", now=Clock.fixed(NOW).now())
    return user


def said(slack: Running, text: str, user: str) -> str:
    payload = slack.send.dm(text, user=user)
    assert slack.send.send(payload).status == 200
    [call] = slack.mock.wait_for("chat.postMessage", where=to(payload["event"]["channel"]))
    return str(call.body["text"])


def added(slack: Running, role: str, subject: str, author: str) -> list[str]:
    return [e["user"] for e in q.role_events(slack.store, role)
            if e["author"] == author and e["subject"] == subject and e["action"] == "add"]


def test_a_picked_person_and_channel_are_stored_by_their_ids(slack: Running) -> None:
    admin = an_admin(slack)
    picked = "U0P" + uuid.uuid4().hex[:8].upper()
    assert "lade till" in said(slack, f"ansvarig 4.1 <@{picked}|petra>", admin)
    assert added(slack, "owner", "ks/2026/4.1", admin) == [picked]
    reply = said(slack, f"ledning <@{picked}> <#C0LEDGRP1|ledningsgrupp>", admin)
    assert "Lade till" in reply
    assert added(slack, "leader", "", admin) == [picked, "C0LEDGRP1"]
    assert "Tog bort" in said(slack, f"ta bort ledning <@{picked}> <#C0LEDGRP1|x>", admin)


def test_a_mention_typed_by_hand_is_only_text(slack: Running) -> None:
    """"<@U0FORGED1>" typed in Slack arrives as "&lt;@U0FORGED1&gt;": no person is stored
    (the core once read it, after the entities were decoded, as a mention)."""
    admin = an_admin(slack)
    reply = said(slack, "ansvarig 4.2 &lt;@U0FORGED1&gt;", admin)
    assert "Nämn vem" in reply
    assert added(slack, "owner", "ks/2026/4.2", admin) == []
