"""Data that looks like Slack markup is shown as text: escaped exactly once, everywhere."""

from __future__ import annotations

import re
from pathlib import Path

from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.importing import import_file
from bot.slack.blocks import slack_text
from store.db import Store

PLAN = """\
format: styrbot-plan/1
organisation: {id: testkommun, name: Testkommun}
namnd: {id: ks, name: Kommunstyrelsen, short: KS}
document: {kind: uppdragsplan, year: 2026, title: Uppdragsplan 2026}
malomraden:
  - {number: 1, name: "Välfärd <!channel>", strategic_goals: ["Bäst & störst <@U999>"]}
indikatorer:
  - {id: tecken, malomrade: 1, table: nämndens, number: 1, name: "Kvalitet < 5 & > 2 <!here>",
     unit: antal, baseline: 3, target: Öka}
uppdrag:
  - {key: "1.1", title: "Från <A> & <B> till <!everyone>", tidplan: Kommunstyrelsen den 1 december,
     indicators: [tecken]}
"""
MARKUP = re.compile(r"<[!#]|<@U999|<[AB]>")  # our own <@author> mentions are fine


def marked_up(tmp_path: Path) -> Bot:
    """A store with PLAN, whose every name looks like Slack markup; UADMIN is an admin."""
    path = tmp_path / "p.yaml"
    path.write_text(PLAN, encoding="utf-8")
    store = Store(tmp_path / "s.db")
    clock = Clock.fixed("2026-11-23T09:00")
    import_file(store, path, clock)
    return Bot(store, clock, admins=("UADMIN",))


def test_every_answer_escapes_data_once(tmp_path: Path) -> None:
    bot = marked_up(tmp_path)
    bot.handle("uppdatera 1.1: Klart <!channel> & mer", user="UADMIN")
    for question in ("status uppdrag 1.1", "vilka uppdrag finns?", "målområde 1",
                     "vad ska till KS i december?", "kvalitet", "indikatorer", "historik 1.1",
                     "vad har hänt"):
        text = slack_text(bot.handle(question, strict=True))
        assert not MARKUP.search(text), (question, text)
        assert "&amp;lt;" not in text and "&amp;amp;" not in text, (question, text)
        assert "&lt;" in text, (question, text)
    listing = slack_text(bot.handle("vilka uppdrag finns?"))
    assert "Från &lt;A&gt; &amp; &lt;B&gt; till &lt;!everyone&gt;" in listing
    assert "Från <A> & <B> till <!everyone>" in bot.handle("vilka uppdrag finns?").text


def test_a_refusal_quoting_the_users_words_is_escaped_too(tmp_path: Path) -> None:
    """Error replies repeat what was typed; in Slack that text is data like any other, so
    anyone's "värde <!channel> 8 %" must not come back as a live <!channel>."""
    bot = marked_up(tmp_path)
    for user, question in (("USTRANGER", "värde <!channel> 8 %"),
                           ("UADMIN", "värde <!channel> 8 %"),
                           ("UADMIN", "värde blåbär <B> & <!here> 8 %")):
        reply = bot.handle(question, user=user)
        text = slack_text(reply)
        assert reply.error, (question, reply.text)
        assert not MARKUP.search(text), (question, text)
        assert "&lt;" in text and "&amp;lt;" not in text, (question, text)
        assert "<" in reply.text  # the terminal shows it as typed
