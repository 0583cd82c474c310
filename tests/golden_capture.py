"""What the golden tests record (tests/test_golden.py): the replies and messages as data.

This is the one file of the golden tests that follows the code when modules move; the
recorded files in tests/golden/ do not change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.importing import import_demo
from bot.domain.calendar import Calendar
from bot.schedule.digest import DigestFilter, build_digest, digest, digest_document, render_digest
from bot.schedule.nudges import plan_nudges
from bot.schedule.outbox import Outgoing
from bot.schedule.transport import Message
from bot.slack.blocks import document_messages, messages, slack_text
from bot.slack.inbound import neutral as slack_inbound
from bot.slack.mrkdwn import mrkdwn
from bot.terminal.inbound import neutral as terminal_text
from store.db import Store

TZ = ZoneInfo("Europe/Stockholm")
__all__ = ["Store", "capture_corpus", "capture_schedule", "capture_writes", "import_demo"]


def _chat(m: Message) -> dict[str, Any]:
    return {"text": m.text, "blocks": m.blocks}


def _message(m: Message) -> dict[str, Any]:
    out: dict[str, Any] = {"text": m.text, "blocks": m.blocks}
    if m.file is not None:  # the chart's bytes depend on matplotlib's version: its metadata
        out["file"] = {"filename": m.file.filename, "title": m.file.title, "alt": m.file.alt,
                       "png": m.file.data[:8] == b"\x89PNG\r\n\x1a\n"}
    return out


def capture_corpus(stores: dict[str, Store], clock: Clock,
                   questions: list[tuple[str, str]] | list[tuple[str, str, tuple[str, ...]]]
                   ) -> dict[str, Any]:
    """Each question's reply: the plain text, the Slack text and the Slack messages. A
    question with a chain (messages before it) is asked after them, in one conversation."""
    bots = {w: Bot(s, clock) for w, s in stores.items()}
    out: dict[str, Any] = {}
    for which, q, *rest in questions:
        bot = bots[which]
        chain: tuple[str, ...] = tuple(rest[0]) if rest else ()
        key = f"{which}:{' → '.join((*chain, q))}"
        for earlier in chain:
            bot.handle(earlier, strict=True, conversation=key)
        reply = bot.handle(q, strict=True, conversation=key if chain else None)
        out[key] = {
            "command": repr(reply.command),
            "text": reply.text,
            "slack_text": slack_text(reply),
            "slack": [_chat(m) for m in messages(reply)],
        }
    return out


def _outgoing(o: Outgoing) -> dict[str, Any]:
    return {"what": o.what, "recipient": o.recipient, "local_date": o.local_date.isoformat(),
            "as_of": o.as_of.isoformat(), "items": o.items,
            "messages": [_message(m) for m in document_messages(o.document)]}


def capture_schedule(store: Store, clock: Clock) -> dict[str, Any]:
    """The digest (whole, per filter, a quiet week) and the nudges on a few days."""
    bot = Bot(store, clock, admins=("UADMIN",), leaders=("ULEAD", "C0KSLEDNING"))
    cal = Calendar(TZ)

    def ctx_at(when: str) -> Any:
        ctx = bot.context()
        return dataclasses.replace(ctx, now=dt.datetime.fromisoformat(when).replace(tzinfo=TZ))

    out: dict[str, Any] = {}
    first = ctx_at("2026-11-23T09:00")
    for name, filt in (("full", DigestFilter()), ("ekonomi", DigestFilter(kind="ekonomi")),
                       ("areas-2-5", DigestFilter(areas=(2, 5)))):
        result = build_digest(first, None, filt)
        _, doc = digest(first, None, filt)
        slack = "\n\n".join(mrkdwn(s.markup) for s in digest_document(result).sections)
        out[f"digest:{name}"] = {"text": render_digest(result), "slack_text": slack,
                                 "messages": [_message(m) for m in document_messages(doc)]}
    for when in ("2026-11-24T08:00", "2026-12-02T08:00"):
        result, doc = digest(ctx_at(when), first.now, chart=False)
        out[f"digest:since:{when}"] = {"nothing_new": result.nothing_new,
                                       "messages": [_message(m) for m in document_messages(doc)]}
    for when in ("2026-11-23T09:00", "2026-11-24T08:00", "2026-11-30T10:00",
                 "2026-12-01T08:00", "2026-12-02T08:00"):
        ctx = ctx_at(when)
        sends = plan_nudges(ctx, cal, ctx.now, manual=True)
        out[f"nudges:{when}"] = [_outgoing(o) for o in sends]
    return out


# written in order, as UADMIN in channel C0GOLDEN: each reply depends on those before it
WRITES = (
    "uppdatera 3.2: Tre investerare i dialog, pågår 60 %", "historik 3.2", "rätta 3.2: Två investerare",
    "ansvariga", "admins", "ansvarig 3.2 <@U0NYAGARE>", "ta bort ansvarig 3.2 <@U0NYAGARE>",
    "admin <@U0NYADMIN>", "prenumerera veckobrev måndag 08:00", "prenumerera veckobrev fredag 13:00 målområde 2 och 5 <#C0ANDRA>",
    "prenumerationer", "avsluta prenumeration 2", "ledning", "ledning <@U0LEDARE>", "ledning <#C0LEDNING>",
    "värde sjukfrånvaro 7,9 % 2026-11-01", "indikatoransvarig sjukfrånvaro <@U0MATARE>", "ångra",
    "uppdatera 9.9: finns inte", "prenumerera veckobrev lördag 08:00", "status uppdrag 3.2",
    "mina uppdrag", "uppdrag <@U0SAMHBYGG>",
)


def capture_writes(text_store: Store, slack_store: Store, clock: Clock) -> dict[str, Any]:
    """The write commands' replies, in text (one store) and for Slack (another store), each
    message read as its adapter reads it (the terminal's, Slack's: their mentions made the
    core's tokens)."""
    out: dict[str, Any] = {}
    bots = (Bot(text_store, clock, admins=("UADMIN",)), Bot(slack_store, clock, admins=("UADMIN",)))
    for n, q in enumerate(WRITES):
        text = bots[0].handle(terminal_text(q), user="UADMIN", channel="C0GOLDEN", strict=True)
        slack = bots[1].handle(slack_inbound(q), user="UADMIN", channel="C0GOLDEN", strict=True,
                               event_id=f"Ev{n}")
        out[f"{n:02d}:{q}"] = {"command": repr(text.command), "text": text.text,
                               "slack_text": slack_text(slack),
                               "slack": [_chat(m) for m in messages(slack)]}
    return out
