"""The weekly digest's content, its Slack shape (limits, fallback, escaping) and the one-line
week with nothing new."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from bot.core.bot import Bot
from bot.core.context import Context
from bot.schedule.digest import DigestFilter, build_digest, digest, render_digest
from bot.slack.blocks import block_text, document_messages
from store import writes
from store.db import Store
from tests.schedule.conftest import TZ


def ctx_at(bot: Bot, when: str = "2026-11-23T09:00") -> Context:
    ctx = bot.context()
    ctx.now = dt.datetime.fromisoformat(when).replace(tzinfo=TZ)
    return ctx


def test_the_demo_digest(bot: Bot) -> None:
    result = build_digest(ctx_at(bot), None)
    text = render_digest(result)
    assert result.title == "Veckobrev vecka 48 – Askersunds kommun"
    new = {v.info.slug: v for v in result.new_values}
    assert {"arbetsstallen", "sjukfranvaro-total"} <= set(new)
    assert new["arbetsstallen"].change == 2 and new["arbetsstallen"].info.colour == "grön"
    assert "Arbetsställen: 1 731 (31 oktober 2026), +2 från förra värdet · grön" in text
    assert "Total sjukfrånvaro" in text and "−0,43 procentenheter" in text
    assert [u.key for u in result.due] == ["3.1", "3.3", "5.2"]
    assert "1 december 2026 till KS (om 8 dagar)" in text
    assert "45 Gymnasieskola: −12 508 tkr – Medfinansiering av underskott SUF 2024." in text
    assert {u.key for u in result.late} >= {"3.2", "3.3"} and len(result.silent) == 23
    assert "sjukfrånvaro" in text.lower() and 'Fråga mig' in text


def test_slack_messages_keep_the_limits_and_a_faithful_fallback(bot: Bot) -> None:
    _, doc = digest(ctx_at(bot), None)
    messages = document_messages(doc)
    assert messages[-1].file is not None and messages[-1].file.data.startswith(b"\x89PNG")
    for m in messages[:-1]:
        assert len(m.blocks) <= 50
        assert m.blocks[0]["type"] == "header"
        for b in m.blocks:
            assert len(block_text(b)) <= 3000
        assert m.text == "\n\n".join(t for t in (block_text(b) for b in m.blocks) if t)


def test_a_long_digest_is_split(bot: Bot, store: Store) -> None:
    """Hundreds of uppdrag due: every message within 50 blocks, no section over 3,000."""
    ctx = ctx_at(bot)
    result = build_digest(ctx, None)
    many = [replace(result.due[0], key=f"9.{n}", title="Ett långt uppdrag " * 8)
            for n in range(400)]
    result = replace(result, due=many, list_max=400, late=many, silent=many)
    from bot.schedule.digest import digest_document

    messages = document_messages(digest_document(result))
    assert len(messages) > 1
    assert all(len(m.blocks) <= 50 and all(len(block_text(b)) <= 3000 for b in m.blocks) for m in messages)
    shown = "".join(m.text for m in messages)
    assert shown.count("*9.399*") == 3  # nothing lost in the split


def test_data_cannot_ping_anyone(bot: Bot, store: Store) -> None:
    with store.write() as conn:
        conn.execute("UPDATE uppdrag SET title = '<!channel> och <@U0BOSS> & co' WHERE key = '3.1'")
    bot.snapshots._snap = None
    _, doc = digest(ctx_at(bot), None, chart=False)
    messages = document_messages(doc)
    raw = json.dumps([{"text": m.text, "blocks": m.blocks} for m in messages], ensure_ascii=False)
    assert "<!channel>" not in raw and "<@U0BOSS>" not in raw
    assert "&lt;!channel&gt; och &lt;@U0BOSS&gt; &amp; co" in raw


def test_nothing_new_is_one_line(bot: Bot, store: Store) -> None:
    first = ctx_at(bot)
    result, messages = digest(ctx_at(bot, "2026-12-02T08:00"), first.now, chart=False)
    assert not result.nothing_new  # the KS deadline of 1 december has passed since: news
    quiet, doc = digest(ctx_at(bot, "2026-11-24T08:00"), first.now, chart=False)
    messages = document_messages(doc)
    assert quiet.nothing_new and len(messages) == 1 and len(messages[0].blocks) == 1
    assert "inget nytt sedan förra veckobrevet (23 november 2026)" in messages[0].text
    writes.add_measurement(store, slug="arbetsstallen", date=dt.date(2026, 11, 20), value=1735,
                           author="U0HR", now=dt.datetime(2026, 11, 23, 12, tzinfo=TZ))
    fresh = build_digest(ctx_at(bot, "2026-11-24T08:00"), first.now)
    assert not fresh.nothing_new and [v.info.slug for v in fresh.new_values] == ["arbetsstallen"]


def test_filters(bot: Bot) -> None:
    eco = build_digest(ctx_at(bot), None, DigestFilter(kind="ekonomi"))
    text = render_digest(eco)
    assert "(ekonomi)" in eco.title and "Gymnasieskola" in text
    assert not eco.new_values and not eco.due and "Når inte målet" not in text
    areas = build_digest(ctx_at(bot), None, DigestFilter(areas=(2, 5)))
    assert [u.key for u in areas.due] == ["5.2"] and not areas.deviations
    assert {v.info.malomrade for v in areas.new_values} <= {2, 5}
    assert "(målområde 2 och 5)" in areas.title
