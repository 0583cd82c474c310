"""Replies kept until the store changes or the day does (bot/core/memo.py): the uppdrag card,
registered ``daily``, is answered from what was kept only while nothing it shows can have
changed: any write in chat, a new plan, or a new day gives a fresh card."""

from __future__ import annotations

from collections.abc import Callable

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
