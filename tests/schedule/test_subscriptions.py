"""Subscriptions and leadership managed in chat, by admins, stored in the store."""

from __future__ import annotations

import pytest

from bot.core.bot import Bot
from bot.slack.blocks import slack_text
from bot.slack.inbound import neutral as from_slack
from handlers.subscriptions import (
    ListLeaders,
    ListSubscriptions,
    SetLeaders,
    Subscribe,
    Unsubscribe,
    match_subscription,
)
from store import queries as q
from store import subscriptions as subs
from store.db import Store


@pytest.mark.parametrize("text, expected", [
    ("prenumerera veckobrev måndag 08:00", Subscribe()),
    ("Prenumerera på veckobrevet fredagar kl 13.30", Subscribe(weekday=4, at="13:30")),
    ("prenumerera veckobrev tisdag 9 målområde 2 och 5", Subscribe(weekday=1, at="09:00", areas=(2, 5))),
    ("prenumerera veckobrev måndag 08:00 ekonomi", Subscribe(kind="ekonomi")),
    ("prenumerera veckobrev onsdag 07:30 <#C0EKONOMI|ekonomi>", Subscribe(weekday=2, at="07:30", channel="C0EKONOMI")),
    ("prenumerera veckobrev måndag 08:00 #C0LEDNING", Subscribe(channel="C0LEDNING")),
    ("prenumerationer", ListSubscriptions()),
    ("visa prenumerationer?", ListSubscriptions()),
    ("avsluta prenumeration", Unsubscribe()),
    ("avsluta prenumerationen 3", Unsubscribe(number=3)),
    ("ledning", ListLeaders()),
    ("ledningen?", ListLeaders()),
    ("ledning <@U0KOMMUNDIR> <#C0LEDNING|ledningsgrupp>", SetLeaders(ids=("U0KOMMUNDIR", "C0LEDNING"))),
    ("ta bort ledning <@U0KSORDF>", SetLeaders(ids=("U0KSORDF",), remove=True)),
    ("ledningsgrupp", None),
    ("ledning och styrning", None),
    ("status uppdrag 3.2", None),
])
def test_parse(text: str, expected: object) -> None:
    """A message as Slack sends it (its mentions made the core's tokens by the adapter)."""
    assert match_subscription(from_slack(text)) == expected


def admin(bot: Bot, text: str, channel: str | None = "C0LEDNING", user: str = "UADMIN") -> str:
    return bot.handle(from_slack(text), user=user, channel=channel, strict=True).text


def test_subscribe_list_and_end_in_a_channel(bot: Bot, store: Store) -> None:
    assert "Prenumerationen är sparad" in admin(bot, "prenumerera veckobrev måndag 08:00")
    assert "finns redan" in admin(bot, "prenumerera veckobrev måndag 8:00")
    admin(bot, "prenumerera veckobrev fredag 13:00 ekonomi", channel="C0EKONOMI")
    listing = bot.handle("prenumerationer", user="U0ANYONE", channel="C0LEDNING").text
    assert "#C0LEDNING: måndagar 08:00, hela planen (den här kanalen)" in listing
    assert "#C0EKONOMI: fredagar 13:00, budgetavvikelser (ekonomi)" in listing
    assert "avslutad" in admin(bot, "avsluta prenumeration")
    assert [s["channel"] for s in subs.active(store)] == ["C0EKONOMI"]
    ended = store.one("SELECT * FROM subscriptions WHERE channel = 'C0LEDNING'")
    assert ended is not None and ended["ended_by"] == "UADMIN" and ended["ended_at"]


def test_slack_links_the_channel(bot: Bot) -> None:
    admin(bot, "prenumerera veckobrev måndag 08:00")
    assert "<#C0LEDNING>: måndagar" in slack_text(bot.handle("prenumerationer", user="U0X", channel="C0LEDNING"))


def test_refusals(bot: Bot, store: Store) -> None:
    refused = bot.handle("prenumerera veckobrev måndag 08:00", user="U0STRANGER", channel="C0LEDNING").text
    assert "Bara administratörer" in refused and "UADMIN" in refused
    assert "kanalen" in admin(bot, "prenumerera veckobrev", channel=None)
    assert "vardagar" in admin(bot, "prenumerera veckobrev lördag 10:00")
    assert "natten" in admin(bot, "prenumerera veckobrev måndag 23:00")
    assert "Målområde 9 finns inte" in admin(bot, "prenumerera veckobrev måndag 08:00 målområde 9")
    assert "förstod inte" in admin(bot, "prenumerera veckobrev måndag 08:00 ibland")
    assert subs.active(store) == []


def test_leaders_are_changed_by_admins_and_logged(bot: Bot, store: Store) -> None:
    assert "@U0KOMMUNDIR" in admin(bot, "ledning")
    out = admin(bot, "ledning <@U0NY> <#C0LEDNING|ledningsgrupp>")
    assert "Lade till @U0NY, #C0LEDNING i ledningen" in out and "#C0LEDNING" in out
    out = admin(bot, "ta bort ledning <@U0NY>")
    assert "@U0NY" not in out.split("\n", 1)[1]
    log = [(e["user"], e["action"], e["author"]) for e in q.role_events(store, "leader")]
    assert ("U0NY", "add", "UADMIN") in log and ("U0NY", "remove", "UADMIN") in log
    assert "STYRBOT_LEADERS" in admin(bot, "ta bort ledning <@ULEAD>")  # from the settings
    assert "Bara administratörer" in bot.handle(from_slack("ledning <@U0X>"), user="U0STRANGER").text


def test_commands_are_in_help(bot: Bot) -> None:
    help_text = bot.handle("hjälp").text
    for title in ("Prenumerera på veckobrevet", "Prenumerationer", "Ledningen"):
        assert title in help_text


@pytest.mark.parametrize("add, remove", [
    ("ledning <#C0LEDGRUPP|ledningsgrupp>", "ta bort ledning <#C0LEDGRUPP|x>"),
    ("ledning #C0LEDGRUPP", "ta bort ledning #C0LEDGRUPP"),
])
def test_a_channel_can_be_leadership(bot: Bot, store: Store, add: str, remove: str) -> None:
    """docs/schedule.md: a channel can be leadership; the command with a channel adds it."""
    reply = bot.handle(from_slack(add), user="UADMIN")
    assert "Lade till" in reply.text and "C0LEDGRUPP" in reply.text
    assert "C0LEDGRUPP" in bot.handle("ledning").text
    gone = bot.handle(from_slack(remove), user="UADMIN")
    assert "Tog bort" in gone.text, gone.text
    assert "C0LEDGRUPP" not in bot.handle("ledning").text
    log = [(e["user"], e["action"]) for e in q.role_events(store, "leader")]
    assert log[-2:] == [("C0LEDGRUPP", "add"), ("C0LEDGRUPP", "remove")]
