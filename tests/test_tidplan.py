"""Tidplan texts from the plan become dates in the plan year; odd text never crashes."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.tidplan import parse_tidplan

D = dt.date

CASES = [
    ("Kommunstyrelsen den 5 maj samt 3 november", [(D(2026, 5, 5), "KS"), (D(2026, 11, 3), "KS")], []),
    ("Kommunstyrelsen den 6oktober", [(D(2026, 10, 6), "KS")], []),
    ("Kommunstyrelsen den 1 december", [(D(2026, 12, 1), "KS")], []),
    ("Kommunstyrelsen den 1 september samt på kommunens omvärldsdag",
     [(D(2026, 9, 1), "KS"), (None, None)], []),
    ("Kommunstyrelsen den 7 april samt i ordinarie rapporteringsstruktur",
     [(D(2026, 4, 7), "KS")], ["rapporteringsstruktur"]),
    ("I enlighet med ordinarie rapporteringsstruktur", [], ["rapporteringsstruktur"]),
    ("I enlighet med projektplan", [], ["projektplan"]),
    ("I enlighet projektplan", [], ["projektplan"]),
    ("Kommunstyrelsen den 5 maj samt i kommunens ordinarie rapporteringsstruktur",
     [(D(2026, 5, 5), "KS")], ["rapporteringsstruktur"]),
    ("Kommunfullmäktige 2026-06-15", [(D(2026, 6, 15), "KF")], []),
    ("Kommunstyrelsen den 31 februari", [], ["oläst"]),
    ("när det passar", [], ["oläst"]),
    ("", [], []),
]


@pytest.mark.parametrize("text,expected,flags", CASES)
def test_tidplan(text: str, expected: list[tuple[dt.date | None, str | None]], flags: list[str]) -> None:
    tp = parse_tidplan(text, 2026)
    assert [(d.date, d.body) for d in tp.deadlines] == expected
    assert tp.flags == flags
    assert tp.text == " ".join(text.split())


def test_occasion_is_kept_in_words() -> None:
    tp = parse_tidplan("Kommunstyrelsen den 1 september samt på kommunens omvärldsdag", 2026)
    assert tp.deadlines[-1].label == "kommunens omvärldsdag"


def test_dates_without_a_plan_year_are_flagged_not_guessed() -> None:
    tp = parse_tidplan("Kommunstyrelsen den 5 maj", None)
    assert tp.deadlines == [] and tp.unparsed
