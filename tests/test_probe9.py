"""Behaviours added after the ninth unseen probe (issue 14, tests/unseen/questions_9.yaml).

Each expectation is read from the seed (000 Uppdragsplan 2026: the driftbudget, the
investment budget) by hand, not computed by the code under test.
"""

from __future__ import annotations

import re

from bot.core.bot import Bot


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def test_lines_with_a_positive_budget_are_the_net_incomes_of_the_namnd_only(bot: Bot) -> None:
    text = bot.handle("vilka verksamheter har positiv budget 2026?", strict=True).text
    # the plan's driftbudget 2026: 80 Affärsverksamhet 40 921, 81 Kommersiell verks 46,
    # 87 Avfallshantering 26 are the only lines above zero (40 993 together)
    assert _lines(text)[0].startswith("Verksamheter med positiv budget")
    assert ": 3, sammanlagt 40 993 tkr" in _lines(text)[0]
    listed = re.findall(r"^\s*\d+\. (\d+) ", text, re.MULTILINE)
    assert listed == ["80", "81", "87"]
    assert "Skatteintäkter" not in text  # the finance's lines are not the nämnd's


def test_a_negative_budget_lists_the_net_costs_largest_first(bot: Bot) -> None:
    text = bot.handle("verksamheter med negativ budget 2027", strict=True).text
    listed = re.findall(r"^\s*\d+\. (\d+) [^:]+: (\S+ \S+) tkr", text, re.MULTILINE)
    assert listed[0] == ("45", "−77 223")  # plan 2027, the largest cost
    assert ("92", "−38 537") in listed
    assert all(code not in ("80", "81", "87") for code, _ in listed)


def test_the_bokslut_asked_comes_first_and_the_next_year_is_the_budget_again(bot: Bot) -> None:
    conv = "t:bokslut"
    bot.handle("vad är budgeten för färdtjänst 2026?", strict=True, conversation=conv)
    text = bot.handle("och bokslutet 2024?", strict=True, conversation=conv).text
    # the outcome first (2024: utfall −3 968 tkr, budget −4 100 tkr in the annual report)
    assert _lines(text)[:2] == ["Färdtjänst, utfall 2024:", "53 Färdtjänst – utfall 2024"]
    assert _lines(text)[2].startswith("Utfall 2024: −3 968 tkr")
    text = bot.handle("och 2027?", strict=True, conversation=conv).text
    assert _lines(text)[0] == "Färdtjänst, budget 2027:"
    assert "Plan 2027: −4 100 tkr" in _lines(text)[2]


def test_the_budget_frame_asked_comes_before_the_net_cost(bot: Bot) -> None:
    asked = _lines(bot.handle("hur mkt e budgetramen för ks 2026", strict=True).text)
    assert asked[1].startswith("Budgetram från KF: 117 804 tkr")
    assert asked[2] == "Nettokostnad, budget 2026: −118 771 tkr"
    plain = _lines(bot.handle("budget 2026", strict=True).text)
    assert plain[1] == "Nettokostnad, budget 2026: −118 771 tkr"  # the budget itself: as before


def test_a_range_of_years_shows_every_year_of_it(bot: Bot) -> None:
    text = bot.handle("Raddningstjansten, hur andras budgeten 2026-2028?", strict=True).text
    figures = re.findall(r"(budget|plan) (\d{4}): (\S+ \S+) tkr", text)
    assert figures == [("budget", "2026", "−7 742"), ("plan", "2027", "−7 974"),
                       ("plan", "2028", "−8 202")]


def test_a_row_of_the_investment_budget_alone_is_answered_with_its_own_figures(bot: Bot) -> None:
    text = bot.handle("hur mycket kostar nya ekonomisystemet?", strict=True).text
    assert _lines(text)[0] == "Nytt ekonomisystem, investeringsbudget: budget 2025 −2 500 tkr"
    assert "följs inte upp som ett eget investeringsprojekt" in text


def test_a_meeting_date_is_not_in_the_plan_and_what_is_due_still_is(bot: Bot) -> None:
    for q in ("när är nästa KF-sammanträde?", "när sammanträder kommunstyrelsen?"):
        text = bot.handle(q, strict=True).text
        assert text.startswith("Planen anger inga sammanträdesdatum för K"), q
        assert "Uppdrag som" not in text, q
    due = bot.handle("vad ska till KS på nästa möte?", strict=True).text
    assert due.startswith("Uppdrag som ska redovisas till KS")


def test_what_the_subject_holds_is_its_card_not_another_uppdrag(bot: Bot) -> None:
    conv = "t:content"
    bot.handle("uppdrag 1.2", strict=True, conversation=conv)
    text = bot.handle("vilka samverkar vi med?", strict=True, conversation=conv).text
    title = "Uppdrag 1.2: Från beslutad plan till hållbar brottsförebyggande struktur i praktiken"
    assert _lines(text)[:2] == ["Uppdrag 1.2:", title]
    assert "tillsammans med polis, näringsliv, föreningar" in text
    alone = bot.handle("vilka samverkar vi med?", strict=True).text
    assert "Uppdrag 4.1" not in alone  # a verb of 4.1's description names nothing
