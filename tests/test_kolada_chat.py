"""Chat answers from Kolada values: the real Bot on a real store, the values fetched over
HTTP from the local stand-in (SYNTHETIC TEST DATA, tests/kolada_stand_in.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.clock import Clock
from bot.core.bot import Bot
from bot.domain import fmt
from bot.kolada import service
from bot.kolada.client import KoladaClient
from bot.schedule.digest import DigestFilter, build_digest, render_digest
from bot.slack.mrkdwn import mrkdwn
from handlers.kolada import KoladaGoals, KoladaRank, parse_kolada
from store.db import Store
from tests.kolada_plan import GOAL_KPIS, fixture_kpis, import_linked
from tests.kolada_stand_in import ASKERSUND, Fixtures, KoladaStandIn, municipality_ids

YEARS = list(range(2015, 2025))


@pytest.fixture
def fetched(store: Store, clock: Clock, tmp_path: Path) -> tuple[Store, KoladaStandIn]:
    import_linked(store, clock, tmp_path)
    with KoladaStandIn(Fixtures(kpis=fixture_kpis())) as s:
        service.fetch(store, KoladaClient(s.url, sleep=lambda _s: None), clock, YEARS)
        yield store, s


def expected(fx: Fixtures, kpi: str, year: int, better: str = "higher") -> dict[str, float]:
    """Our place, the count and the value needed, counted directly from the fixtures."""
    vals = [v for m in municipality_ids() if (v := fx.value(kpi, m, year, "T")) is not None]
    mine = fx.value(kpi, ASKERSUND, year, "T")
    assert mine is not None
    sign = 1 if better == "higher" else -1
    ordered = sorted(vals, key=lambda v: -sign * v)
    k = len(vals) * 25 // 100
    return {"place": 1 + sum(sign * v > sign * mine for v in vals), "n": len(vals),
            "needed": ordered[k - 1], "value": mine, "top": k}


def test_the_rank_answer_has_value_place_needed_distance_trend_and_source(
        fetched: tuple[Store, KoladaStandIn], clock: Clock) -> None:
    store, s = fetched
    bot = Bot(store, clock)
    reply = bot.handle("hur ligger vi till mot 25 %-målet för skolan?", strict=True)
    assert isinstance(reply.command, KoladaRank)
    kpi = GOAL_KPIS["1.1"][0]
    e = expected(s.fixtures, kpi, 2024)
    text = reply.text
    assert "Strategiskt mål 1.1 (Välfärd)" in text and "samlade skolverksamhet" in text
    assert f"Askersund 2024: {fmt.number(e['value'])}, plats {e['place']} av {e['n']}" in text
    assert f"Topp 25 % är plats 1–{e['top']}: det krävs {fmt.number(e['needed'])}" in text
    gap = e["needed"] - e["value"]
    if gap > 0:
        assert f"{fmt.number(gap)} högre än i dag" in text
    else:
        assert "Askersund är inom" in text
    prev = expected(s.fixtures, kpi, 2023)
    assert f"2023 {fmt.number(prev['value'])} (plats {prev['place']})" in text
    assert text.rstrip().endswith("Källa: Kolada")


def test_lower_is_better_ranks_from_the_bottom(fetched: tuple[Store, KoladaStandIn],
                                               clock: Clock) -> None:
    store, s = fetched
    text = Bot(store, clock).handle("hur rankas vi i trygghet?", strict=True).text
    e = expected(s.fixtures, GOAL_KPIS["3.2"][0], 2024, "lower")
    assert "lägre värde är bättre" in text
    assert f"plats {e['place']} av {e['n']}" in text
    assert f"det krävs {fmt.number(e['needed'])}" in text


def test_ties_are_said(fetched: tuple[Store, KoladaStandIn], clock: Clock) -> None:
    store, s = fetched
    kpi = GOAL_KPIS["2.1"][0]
    mine = s.fixtures.value(kpi, ASKERSUND, 2024, "T")
    others = [m for m in municipality_ids()
              if m != ASKERSUND and s.fixtures.value(kpi, m, 2024, "T") == mine]
    text = Bot(store, clock).handle("hur rankas vi i företagsklimat?", strict=True).text
    assert others, "the synthetic values have ties by construction"
    word = "kommun" if len(others) == 1 else "kommuner"
    assert f"(delad med {len(others)} {word} till)" in text


def test_a_year_we_lack_uses_our_latest_and_says_so(
        store: Store, clock: Clock, tmp_path: Path) -> None:
    import_linked(store, clock, tmp_path)
    fx = Fixtures(kpis=fixture_kpis())
    kpi = GOAL_KPIS["1.1"][0]
    fx.overrides[(kpi, ASKERSUND, 2024, "T")] = None  # Kolada has no 2024 value for us
    with KoladaStandIn(fx) as s:
        service.fetch(store, KoladaClient(s.url), clock, YEARS)
    text = Bot(store, clock).handle("hur ligger vi till mot 25 %-målet för skolan?",
                                    strict=True).text
    assert "Askersund 2023:" in text
    assert "För 2024 saknar Askersund värde; placeringen gäller 2023." in text


def test_which_goals_we_reach(fetched: tuple[Store, KoladaStandIn], clock: Clock) -> None:
    store, s = fetched
    reply = Bot(store, clock).handle("vilka strategiska mål når vi?", strict=True)
    assert isinstance(reply.command, KoladaGoals)
    reached = 0
    for key, (kpi, _title, better) in GOAL_KPIS.items():
        e = expected(s.fixtures, kpi, 2024, better)
        inside = e["place"] <= e["top"]
        reached += inside
        line = next(x for x in reply.text.splitlines() if f" {key} " in x)
        assert line.startswith("✅" if inside else "❌"), line
        assert f"plats {e['place']} av {e['n']} (2024" in reply.text
    assert f"Når målet i dag: {reached} av {len(GOAL_KPIS)} mål som mäts i Kolada." in reply.text
    assert "Inte kopplade till nyckeltal i Kolada (5)" in reply.text
    assert "Källa: Kolada" in reply.text


def test_the_malomrade_card_and_the_digest_show_the_standing(
        fetched: tuple[Store, KoladaStandIn], clock: Clock) -> None:
    store, s = fetched
    bot = Bot(store, clock)
    card = bot.handle("målområde 2", strict=True).text
    e = expected(s.fixtures, GOAL_KPIS["2.1"][0], 2024)
    assert f"Kolada: plats {e['place']} av {e['n']} (2024" in card and "(Källa: Kolada)" in card
    ctx = bot.context()
    digest = build_digest(ctx, None, DigestFilter())
    assert any(line.startswith(("✅ 2.1", "❌ 2.1")) for line in digest.kolada)
    text = render_digest(digest)
    assert "Strategiska mål mot landets kommuner" in text and "Källa: Kolada" in text
    only_5 = build_digest(ctx, None, DigestFilter(areas=(5,)))
    assert [x[:5] for x in only_5.kolada] in (["✅ 5.1"], ["❌ 5.1"])
    assert build_digest(ctx, None, DigestFilter(kind="ekonomi")).kolada == []


def test_without_values_the_digest_has_no_kolada_section(bot: Bot) -> None:
    assert build_digest(bot.context(), None, DigestFilter()).kolada == []


def test_slack_mode_escapes_kolada_titles(store: Store, clock: Clock, tmp_path: Path) -> None:
    import_linked(store, clock, tmp_path)
    fx = Fixtures(kpis={**fixture_kpis(), GOAL_KPIS["1.1"][0]: "<!channel> & co (testdata)"})
    with KoladaStandIn(fx) as s:
        service.fetch(store, KoladaClient(s.url), clock, [2024])
    text = mrkdwn(Bot(store, clock).handle("hur rankas vi i skolan", strict=True).markup)
    assert "<!channel>" not in text and "&lt;!channel&gt; &amp; co" in text


def test_the_rank_answer_is_cached_until_kolada_data_changes(
        fetched: tuple[Store, KoladaStandIn], clock: Clock) -> None:
    store, s = fetched
    bot = Bot(store, clock)
    first = bot.handle("hur rankas vi i företagsklimat?", strict=True).text
    kpi = GOAL_KPIS["2.1"][0]
    s.fixtures.overrides[(kpi, ASKERSUND, 2024, "T")] = 99.5  # the best of all
    service.fetch(store, KoladaClient(s.url), clock, [2024])
    second = bot.handle("hur rankas vi i företagsklimat?", strict=True).text
    assert first != second and "Askersund 2024: 99,5, plats 1 av" in second
    assert "Kolada har reviderat 1 värde" in second


@pytest.mark.parametrize("text", ["svenskt näringslivs ranking", "strategiska mål målområde 5",
                                  "befolkning", "status uppdrag 3.2", "vilka kommuner ingår?"])
def test_other_questions_are_not_taken_for_rankings(text: str) -> None:
    # "vilka kommuner ingår?" names no comparison: not a ranking question
    assert parse_kolada(text) is None
