"""Replies kept until the store changes or the day does (bot/core/memo.py): the uppdrag card,
registered ``daily``, is answered from what was kept only while nothing it shows can have
changed: any write in chat, a new plan, or a new day gives a fresh card."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.clock import Clock
from bot.core.bot import Bot, Reply
from bot.core.commands import REGISTRY
from bot.core.importing import import_demo
from bot.core.memo import Replies
from store.db import Store

CARD = "status uppdrag 3.2"
ADMIN, OWNER = "UADMIN", "U0KEEPOWNER"


def test_the_card_is_kept_and_the_same_answer_until_chat_writes(store: Store, clock: Clock) -> None:
    bot = Bot(store, clock, admins=(ADMIN,))
    first = bot.handle(CARD, user="U0ANNA", strict=True)
    assert len(bot.replies) == 1
    again = bot.handle(CARD, user="U0BERIT", strict=True)  # another person: the same card
    assert again.markup == first.markup and len(bot.replies) == 1
    assert bot.handle(f"ansvarig 3.2 @{OWNER}", user=ADMIN, strict=True)
    owned = bot.handle(CARD, user="U0ANNA", strict=True)
    assert OWNER in owned.text and OWNER not in first.text  # a role in chat: a fresh card
    bot.handle("uppdatera 3.2: Markanvisning klar för etapp 2, pågår 65 %", user=OWNER,
               strict=True)
    updated = bot.handle(CARD, user="U0ANNA", strict=True)
    assert "Markanvisning klar för etapp 2" in updated.text and "65 %" in updated.text
    bot.handle("ångra", user=OWNER, strict=True)
    undone = bot.handle(CARD, user="U0ANNA", strict=True)
    assert "Markanvisning klar för etapp 2" not in undone.text.split("Senaste uppdatering")[-1]


def test_the_card_is_fresh_on_a_new_day(store: Store) -> None:
    bot = Bot(store, Clock.fixed("2026-11-23T09:00"))
    monday = bot.handle(CARD, strict=True).text
    bot.clock = Clock.fixed("2026-11-23T16:00")  # later the same day: kept
    assert bot.handle(CARD, strict=True).text == monday
    bot.clock = Clock.fixed("2026-11-24T08:00")
    tuesday = bot.handle(CARD, strict=True).text
    assert tuesday != monday  # "om N dagar" counts from the new day
    assert len(bot.replies) == 2


def test_the_card_is_fresh_after_a_plan_is_imported(store: Store, clock: Clock) -> None:
    bot = Bot(store, clock)
    before = bot.handle(CARD, strict=True)
    import_demo(store, Clock.fixed("2026-11-23T10:00"))  # a re-import stamps the plan anew
    assert bot.handle(CARD, strict=True).markup == before.markup  # the same plan, answered anew
    assert len(bot.replies) == 2


def test_what_is_handed_out_is_a_copy(store: Store, clock: Clock) -> None:
    bot = Bot(store, clock)
    first = bot.handle(CARD, strict=True)
    first.actions.clear()
    first.markup = "ändrad"
    second = bot.handle(CARD, strict=True)
    assert second.actions and second.markup != "ändrad"
    assert second is not bot.handle(CARD, strict=True)


def test_only_daily_commands_are_kept(store: Store, clock: Clock) -> None:
    bot = Bot(store, clock)
    bot.handle("försenade uppdrag", strict=True)
    bot.handle("vilka uppdrag har jag?", user="U0ANNA", strict=True)  # depends on who asks
    assert len(bot.replies) == 0
    assert [name for name, spec in REGISTRY.items() if spec.daily] == ["uppdrag"]


def test_the_kept_replies_are_bounded_and_refusals_are_not_kept() -> None:
    replies = Replies(size=2)
    made: list[str] = []

    def make(key: str, error: bool = False) -> Callable[[], Reply]:
        def run() -> Reply:
            made.append(key)
            return Reply(key, error=error)
        return run

    for key in ("a", "b", "a", "c", "a", "b"):
        replies.get(key, make(key), keep=lambda r: not r.error)
    assert made == ["a", "b", "c", "b"]  # "b" was the least recently asked when "c" came
    assert len(replies) == 2
    replies.get("x", make("x", error=True), keep=lambda r: not r.error)
    replies.get("x", make("x", error=True), keep=lambda r: not r.error)
    assert made[-2:] == ["x", "x"] and len(replies) == 2


def test_kept_answers_a_card_asked_in_the_same_words_without_parsing_or_writing(
        store: Store, clock: Clock) -> None:
    """Bot.kept: the reply a daily command asked in these words got, while nothing changed,
    or None (then handle it): never for a first asking, a changed store, other words, or a
    follow-up of the conversation; the subject goes to ``later``."""
    bot = Bot(store, clock, admins=(ADMIN,))
    later: list[Callable[[], None]] = []
    assert bot.kept(CARD, conversation="t:1", later=later) is None  # never asked
    first = bot.handle(CARD, conversation="t:1", strict=True)
    again = bot.kept(CARD, conversation="t:2", later=later)
    assert again is not None and again.markup == first.markup
    assert len(later) == 1  # the subject of t:2, for after the reply
    later[0]()
    assert "Ansvarig för uppdrag 3.2" in bot.handle("vem äger det?", conversation="t:2",
                                                     strict=True).text
    assert bot.kept("status uppdrag 3.2 ", conversation="t:3", later=[]) is None  # other words
    assert bot.kept(CARD) is not None  # no conversation: nothing to keep for later
    with pytest.raises(ValueError, match="needs later"):
        bot.kept(CARD, conversation="t:4")
    bot.handle(f"ansvarig 3.2 @{OWNER}", user=ADMIN, strict=True)
    assert bot.kept(CARD) is None  # the store changed: handle answers it afresh
    bot.handle(CARD, strict=True)
    assert bot.kept(CARD) is not None
    bot.clock = Clock.fixed("2026-11-24T08:00")
    assert bot.kept(CARD) is None  # a new day


def test_kept_leaves_a_follow_up_to_handle(store: Store, clock: Clock) -> None:
    bot = Bot(store, clock)
    bot.handle("uppdrag 4.3", strict=True)  # a daily command, read from these words
    bot.handle("budget färdtjänst 2026", conversation="k", strict=True)
    # "uppdrag 4.3" is its own question here too, but "och 2027?" never is a kept reading
    assert bot.kept("och 2027?", conversation="k", later=[]) is None
    assert bot.handle("och 2027?", conversation="k", strict=True).understood
