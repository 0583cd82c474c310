"""The digest rolls up the förvaltning's aktiviteter (issue 18): how many are done, late and
silent, the late ones listed; within the digest's målområden; news when one is updated."""

from __future__ import annotations

import datetime as dt

from bot.core.bot import Bot
from bot.schedule.digest import DigestFilter, build_digest, render_digest
from store import aktiviteter as sa
from tests.schedule.conftest import TZ
from tests.schedule.test_digest import ctx_at


def test_the_digest_rolls_up_the_aktiviteter(bot: Bot) -> None:
    result = build_digest(ctx_at(bot), None)
    assert result.aktiviteter_summary == "1 av 5 klara, 3 försenade, 1 tyst"
    assert [a.ref for a in result.late_aktiviteter] == ["3.2.1", "3.2.2", "5.3.1"]
    text = render_digest(result)
    assert ("Aktiviteter i verksamhetsplanen (5)\n1 av 5 klara, 3 försenade, 1 tyst. Försenade:\n"
            "🔄 3.2.1 Investerardialoger med tre utvecklare – pågår 60 %, försenad "
            "(Samhällsbyggnadsavdelningen)") in text
    assert "4.2.1" not in text  # done: counted, not listed


def test_the_roll_up_keeps_to_the_digests_malomraden_and_kind(bot: Bot) -> None:
    four = build_digest(ctx_at(bot), None, DigestFilter(areas=(4,)))
    assert [a.ref for a in four.aktiviteter] == ["4.2.1"] and not four.late_aktiviteter
    assert four.aktiviteter_summary == "1 av 1 klara, 0 försenade, 0 tysta"
    assert "Försenade:" not in render_digest(four)
    one = build_digest(ctx_at(bot), None, DigestFilter(areas=(1,)))
    assert not one.aktiviteter and "Aktiviteter i verksamhetsplanen" not in render_digest(one)
    eco = build_digest(ctx_at(bot), None, DigestFilter(kind="ekonomi"))
    assert not eco.aktiviteter and "Aktiviteter" not in render_digest(eco)


def test_an_aktivitet_updated_since_the_last_digest_is_news(bot: Bot) -> None:
    since = ctx_at(bot).now
    assert build_digest(ctx_at(bot, "2026-11-24T08:00"), since).nothing_new
    row = next(a for a in sa.aktiviteter(bot.store) if a["key"] == "3.2.2")
    sa.add_update(bot.store, aktivitet_id=row["id"], author="U0SAMHBYGG", text="Remiss skickad",
                  status="pågår", percent=40, now=dt.datetime(2026, 11, 23, 12, tzinfo=TZ))
    bot.snapshots._snap = None
    fresh = build_digest(ctx_at(bot, "2026-11-24T08:00"), since)
    assert not fresh.nothing_new
    assert "3.2.2 Markanvisningspolicy tas fram – pågår 40 %, försenad" in render_digest(fresh)
