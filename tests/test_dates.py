"""The bundled plan ages: the same questions read right on a clock after every deadline of the
plan, and on one before all of them (issue 11). The clock is passed in, as always."""

from __future__ import annotations

import re

import pytest

from bot.clock import Clock
from bot.core.bot import Bot
from store.db import Store
from tests.test_corpus import load_corpus

AFTER = "2027-06-07T09:00"   # every deadline of Uppdragsplan 2026 has passed
BEFORE = "2025-11-24T09:00"  # none has come yet (the first is 3 mars 2026)
QUESTIONS = [c.q for c in load_corpus().cases if c.store == "demo"] + [
    "och 2025?", "uppdrag 2025", "vad ska till KS 2025", "vad ska till KS 2027",
    "vilka deadlines är kvar i år", "nästa vecka", "deadlines närmaste 30 dagarna",
]
PAST = re.compile(r"för \d+ dagar? sedan|\bi går\b|passerad")  # ("vi går över budget" is no "i går")
FUTURE = re.compile(r"om \d+ dagar?|i morgon")


def replies(store: Store, when: str) -> dict[str, str]:
    bot = Bot(store, Clock.fixed(when), admins=("UADMIN",))
    return {q: bot.handle(q, user="UADMIN").text for q in QUESTIONS}


@pytest.fixture
def after(store: Store) -> dict[str, str]:
    return replies(store, AFTER)


@pytest.fixture
def before(store: Store) -> dict[str, str]:
    return replies(store, BEFORE)


def lines(answers: dict[str, str]) -> list[tuple[str, str]]:
    return [(q, line) for q, text in answers.items() for line in text.splitlines()]


def test_a_year_is_under_the_year_not_in_it(after: dict[str, str]) -> None:
    assert "Inga uppdrag skulle redovisas under 2025." in after["uppdrag 2025"]
    assert not [ln for _, ln in lines(after) if re.search(r"redovisas (till \w+ )?i \d{4}\b", ln)]


def test_after_every_deadline_nothing_is_next_and_everything_was(after: dict[str, str]) -> None:
    # "Nästa" is never a date in the past
    assert not [(q, ln) for q, ln in lines(after) if ln.startswith("Nästa") and PAST.search(ln)]
    assert not [(q, ln) for q, ln in lines(after) if "ska redovisas" in ln and PAST.search(ln)]
    assert "Första deadline efter det: 3 mars 2026 (för 461 dagar sedan), 5.1." in after["uppdrag 2025"]
    for q in ("vilka deadlines är kvar i år", "nästa vecka", "vad ska till KS 2027"):
        assert ("Inga deadlines i planen efter det; den sista var 1 december 2026 "
                "(för 188 dagar sedan), 3.1, 3.3, 5.2.") in after[q], after[q]
    assert "(för 188 dagar sedan)" in after["vad ska till KS i december?"]
    assert "skulle redovisas till KS i december 2026" in after["vad ska till KS i december?"]
    assert "Nästa deadline" not in after["status uppdrag 3.2"]
    assert "5 maj 2026 till KS – passerad för 398 dagar sedan" in after["status uppdrag 3.2"]


def test_before_every_deadline_nothing_has_passed(before: dict[str, str]) -> None:
    assert not [(q, ln) for q, ln in lines(before) if PAST.search(ln) and "uppdrag" in ln.lower()
                and "uppdaterat" not in ln]
    assert "Inga uppdrag är försenade." in before["försenade uppdrag"]
    assert "Nästa: 3 mars 2026 (om 99 dagar), 5.1." in before["nästa vecka"]
    assert "Nästa deadline: 5 maj 2026 till KS (om 162 dagar)" in before["status uppdrag 3.2"]
    assert ("Inga deadlines i planen efter det; den sista är 1 december 2026 (om 372 dagar)"
            in before["vad ska till KS 2027"])
    assert not [(q, ln) for q, ln in lines(before) if "skulle redovisas" in ln and FUTURE.search(ln)]


def test_before_the_summer_is_from_today_to_the_end_of_june(store: Store) -> None:
    """In the year's first half, "före sommaren" is what is left of it to 30 June (the
    summer break), said so; the corpus (November) has the whole first half."""
    bot = Bot(store, Clock.fixed("2026-04-01T09:00"))
    text = bot.handle("vilka uppdrag ska till KS före sommaren?").text
    assert "före sommaren 2026 (till och med 30 juni)" in text
    assert "7 april 2026" in text and "2 juni 2026" in text
    assert "3 mars 2026" not in text and "1 september" not in text
