"""Block Kit within Slack's limits (pure: bot/blocks.py on replies from the real core)."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from slack_harness import NOW, TITLE_3_2

from bot.clock import Clock
from bot.core.bot import Bot, Reply
from bot.core.home import Home, home_for
from bot.core.results import DeadlineInfo, UppdragInfo
from bot.slack.blocks import (
    HEADER_LIMIT,
    MAX_BLOCKS,
    MAX_MESSAGES,
    MORE_HINT,
    SECTION_LIMIT,
    home_view,
    messages,
    slack_text,
)
from bot.slack.listeners.common import Deps
from handlers.uppdrag import UppdragCardResult
from store.db import Store


@pytest.fixture(scope="module")
def bot(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Bot:
    path = tmp_path_factory.mktemp("blocks") / "demo.db"
    shutil.copy(demo_template, path)
    return Bot(Store(path), Clock.fixed(NOW))


def within_limits(msgs: list) -> None:
    for m in msgs:
        assert m.text.strip()
        assert len(m.blocks) <= MAX_BLOCKS
        for b in m.blocks:
            if b["type"] == "section":
                assert len(b["text"]["text"]) <= SECTION_LIMIT
            if b["type"] == "header":
                assert len(b["text"]["text"]) <= HEADER_LIMIT


@pytest.mark.parametrize("question", ["status uppdrag 3.2", "vilka uppdrag finns?",
                                      "indikatorer", "budget 2024", "hjälp", "blåbär"])
def test_every_answer_fits_slack(bot: Bot, question: str) -> None:
    msgs = messages(bot.handle(question))
    within_limits(msgs)
    assert len(msgs) == 1


def test_the_card_gets_a_header_and_buttons_and_a_faithful_fallback(bot: Bot) -> None:
    reply = bot.handle("status uppdrag 3.2")
    [m] = messages(reply)
    assert m.blocks[0] == {"type": "header", "text": {
        "type": "plain_text", "text": f"Uppdrag 3.2: {TITLE_3_2}", "emoji": True}}
    assert m.blocks[-1]["type"] == "actions"
    assert m.text == slack_text(reply)  # the fallback is the whole answer


def test_a_huge_answer_is_split_and_then_cut_with_a_hint() -> None:
    lines = [f"• rad {n}: " + "x" * 80 for n in range(4000)]  # ~360,000 characters
    text = "\n\n".join("\n".join(lines[i:i + 20]) for i in range(0, len(lines), 20))
    msgs = messages(Reply(text))
    within_limits(msgs)
    assert len(msgs) == MAX_MESSAGES
    assert MORE_HINT in msgs[-1].text
    assert msgs[-1].blocks[-1]["type"] == "context"


def test_a_long_answer_is_split_without_losing_a_word() -> None:
    lines = [f"• rad {n}" for n in range(3000)]
    text = "\n".join(lines)
    msgs = messages(Reply(text))
    within_limits(msgs)
    assert 1 < len(msgs) <= MAX_MESSAGES
    assert MORE_HINT not in json.dumps([m.text for m in msgs] + [m.blocks for m in msgs], ensure_ascii=False)
    sent = [line for m in msgs for line in m.text.split("\n") if line.strip()]
    assert sent == lines  # every line once, whole, in order (not "• rad 1" inside "• rad 1000")
    for m in msgs:  # and the blocks show what the fallback text says
        shown = [line for b in m.blocks if b["type"] == "section"
                 for line in b["text"]["text"].split("\n") if line.strip()]
        assert shown == [line for line in m.text.split("\n") if line.strip()]


def test_a_long_title_is_cut_in_the_header(bot: Bot) -> None:
    reply = bot.handle("status uppdrag 3.2")
    assert isinstance(reply.result, UppdragCardResult)
    long = copy.deepcopy(reply.result)
    long.uppdrag.title = "Från " + "mycket " * 60 + "till lite"
    msgs = messages(Reply(bot.render(long, bot.context()), result=long))
    within_limits(msgs)
    assert msgs[0].blocks[0]["text"]["text"].endswith("…")


def test_the_app_home_escapes_data_and_fits(bot: Bot) -> None:
    home = home_for(bot, "U0NOBODY")
    evil = UppdragInfo(
        key="9.9", title="<!channel> & <@U0BOSS>", malomrade=9, malomrade_name=None,
        description=None, scope=None, uppfoljning=None, tidplan=None, tidplan_flags=[],
        deadlines=[], insatser=[], insatser_source=None, owners=["U0NOBODY"], plan_owner=None,
        status=None, percent=None, latest=None, last_update_days=None, indicators=[])
    d = DeadlineInfo(date=home.today, body="<!here>", label="x", days=0)
    home = Home(user="U0NOBODY", today=home.today, mine=[evil] * 30, upcoming=[(d, evil)] * 8,
                examples=["<!everyone>"], plan_title="<!channel>", organisation="A & B")
    view = home_view(home)
    text = json.dumps(view, ensure_ascii=False)
    assert "<!" not in text and "<@" not in text
    assert "&lt;!channel&gt; &amp; &lt;@U0BOSS&gt;" in text
    assert len(view["blocks"]) <= 100
    assert "och 10 till" in text


def test_a_reply_in_a_direct_message_is_laid_out_once_per_markup_and_actions(
        store: Store, clock: Clock) -> None:
    """Deps.shown_in keeps what it laid out for a DM (the kept uppdrag card is not laid out
    again); each caller gets its own list, and a changed reply is laid out anew."""
    deps = Deps(bot=Bot(store, clock, admins=("UADMIN",)), clock=clock)
    card = deps.bot.handle("status uppdrag 3.2", user="U0ANNA", strict=True)
    first, again = deps.shown_in(None, "D0ONE", card), deps.shown_in(None, "D0TWO", card)  # type: ignore[arg-type]
    assert first == again and first is not again and len(deps.laid_out) == 1
    first.clear()
    assert deps.shown_in(None, "D0ONE", card)  # type: ignore[arg-type]
    deps.bot.handle("uppdatera 3.2: Markanvisningen klar, pågår 55 %", user="UADMIN", strict=True)
    fresh = deps.shown_in(None, "D0ONE", deps.bot.handle("status uppdrag 3.2", strict=True))  # type: ignore[arg-type]
    assert "Markanvisningen klar" in json.dumps(fresh[0].blocks, ensure_ascii=False)
    assert len(deps.laid_out) == 2
