"""Kolada: the client against a local stand-in over real HTTP, the append-only store, the
ranking and the CLI. The stand-in serves SYNTHETIC TEST DATA (tests/kolada_stand_in.py)."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import urllib.request
from pathlib import Path

import pytest

from bot.clock import Clock
from bot.kolada import service
from bot.kolada.client import KoladaClient, KoladaError
from bot.kolada.rank import is_municipality, rank, standing, top_places
from store import kolada as ks
from store import queries as q
from store.db import Store
from tests.conftest import STYRBOT
from tests.kolada_plan import GOAL_KPIS, POPULATION, fixture_kpis, import_linked
from tests.kolada_stand_in import ASKERSUND, Fixtures, KoladaStandIn, municipality_ids

YEARS = list(range(2015, 2025))


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, s: float) -> None:
        self.waits.append(s)


@pytest.fixture
def stand_in():
    with KoladaStandIn(Fixtures(kpis=fixture_kpis()), per_page=1000) as s:
        yield s


@pytest.fixture
def linked(store: Store, clock: Clock, tmp_path: Path) -> Store:
    import_linked(store, clock, tmp_path)
    return store


def client(s: KoladaStandIn, sleeps: Sleeps | None = None, **kw) -> KoladaClient:  # type: ignore[no-untyped-def]
    return KoladaClient(s.url, timeout=5, backoff=0.01, sleep=sleeps or Sleeps(), **kw)


def count(store: Store, table: str) -> int:
    row = store.one(f"SELECT COUNT(*) AS n FROM {table}")
    assert row is not None
    return int(row["n"])


# --- fetch -------------------------------------------------------------------------------------


def test_fetch_stores_every_value_and_the_municipalitys_measurements(
        linked: Store, clock: Clock, stand_in: KoladaStandIn) -> None:
    s = service.fetch(linked, client(stand_in), clock, YEARS)
    goal_kpis = sorted(k for k, _t, _b in GOAL_KPIS.values())
    # all municipalities (290 + the country + a region) × 10 years × 3 genders per goal KPI,
    # and Askersund's own rows of the population KPI
    assert s.read == len(goal_kpis) * 292 * 10 * 3 + 10 * 3
    assert s.written.added == s.read and s.written.revised == 0
    assert count(linked, "kolada_values") == s.read
    # paging: 1000 rows a page, so each goal KPI's data came in several pages
    paths = stand_in.paths()
    assert "/v3/municipality" in paths
    assert f"/v3/kpi/{','.join(sorted(fixture_kpis()))}" in paths
    assert f"/v3/data/kpi/{','.join(goal_kpis)}/year/{','.join(map(str, YEARS))}" in paths
    assert (f"/v3/data/kpi/{POPULATION[0]}/municipality/{ASKERSUND}/year/"
            f"{','.join(map(str, YEARS))}") in paths
    assert s.pages > len(paths) / 2 and len(stand_in.calls) == s.requests
    # the population indicator got ten measurements, source Kolada, 31 December each year
    ind = next(i for i in q.indikatorer(linked) if i["slug"] == "befolkning")
    rows = ks.kolada_measurements(linked, ind["id"])
    assert [r["date"] for r in rows] == [f"{y}-12-31" for y in YEARS]
    assert {r["source"] for r in rows} == {"Kolada"}
    assert s.written.measurements_added == 10
    assert "Källa: Kolada" in s.lines()


def test_a_second_fetch_adds_nothing(linked: Store, clock: Clock, stand_in: KoladaStandIn) -> None:
    service.fetch(linked, client(stand_in), clock, YEARS)
    before = (count(linked, "kolada_values"), count(linked, "measurements"))
    s = service.fetch(linked, client(stand_in), clock, YEARS)
    assert s.written.added == 0 and s.written.revised == 0 and s.written.unchanged == s.read
    assert s.written.measurements_added == 0 and s.written.measurements_revised == 0
    assert (count(linked, "kolada_values"), count(linked, "measurements")) == before


def test_a_revised_value_is_recorded_as_a_revision(linked: Store, clock: Clock,
                                                   stand_in: KoladaStandIn) -> None:
    service.fetch(linked, client(stand_in), clock, YEARS)
    kpi = POPULATION[0]
    old = stand_in.fixtures.value(kpi, ASKERSUND, 2023, "T")
    assert old is not None
    stand_in.fixtures.overrides[(kpi, ASKERSUND, 2023, "T")] = old + 12.5
    s = service.fetch(linked, client(stand_in), clock, YEARS)
    assert s.written.revised == 1 and s.written.added == 0
    assert s.written.measurements_revised == 1
    assert any("2023" in r for r in s.written.revisions)
    revs = ks.revisions(linked, kpi, ASKERSUND, "T")
    assert [(r["year"], r["was"], r["value"]) for r in revs] == [(2023, old, old + 12.5)]
    # both rows are kept; the newest is the value in force, for the indicator too
    cur = {r["year"]: r["value"] for r in ks.current_values(linked, kpi, "T")
           if r["municipality"] == ASKERSUND}
    assert cur[2023] == old + 12.5
    ind = next(i for i in q.indikatorer(linked) if i["slug"] == "befolkning")
    rows = [r for r in ks.kolada_measurements(linked, ind["id"]) if r["date"] == "2023-12-31"]
    assert [r["value"] for r in rows] == [old, old + 12.5]
    assert "reviderat" in rows[-1]["note"]
    # the latest measurements are one per date: the revised value, not both
    newest = q.latest_measurements_for(linked, ind["id"], 50)
    assert len({r["date"] for r in newest}) == len(newest)
    assert [r["value"] for r in newest if r["date"] == "2023-12-31"] == [old + 12.5]
    every = q.latest_measurements(linked, 50)[ind["id"]]
    assert [r["id"] for r in every] == [r["id"] for r in newest]


def test_the_values_are_append_only(linked: Store, clock: Clock, stand_in: KoladaStandIn) -> None:
    service.fetch(linked, client(stand_in), clock, [2024])
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        linked.conn.execute("UPDATE kolada_values SET value = 0")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        linked.conn.execute("DELETE FROM kolada_values")


def test_default_years_are_the_ten_before_this_one(linked: Store, stand_in: KoladaStandIn) -> None:
    s = service.fetch(linked, client(stand_in), Clock.fixed("2025-03-01T10:00"))
    assert s.years == YEARS


def test_v2_pages_and_relative_next_links_are_followed(linked: Store, clock: Clock,
                                                        stand_in: KoladaStandIn) -> None:
    stand_in.style, stand_in.relative = "v2", True
    s = service.fetch(linked, client(stand_in), clock, YEARS)
    assert s.written.added == len(GOAL_KPIS) * 292 * 30 + 30
    assert any("page=2" in c for c in stand_in.calls)


def test_a_next_link_to_another_host_is_not_followed(stand_in: KoladaStandIn) -> None:
    c = client(stand_in)
    with pytest.raises(KoladaError, match="annan server"):
        c._next({"next_url": "http://example.invalid/v3/municipality?page=2"}, stand_in.url)


# --- faults ---------------------------------------------------------------------------------


def test_429_is_retried_after_the_wait_it_asks_for(linked: Store, clock: Clock,
                                                    stand_in: KoladaStandIn) -> None:
    stand_in.fail["/v3/data"] = [429, 429]
    stand_in.retry_after = "3"
    sleeps = Sleeps()
    s = service.fetch(linked, client(stand_in, sleeps), clock, YEARS)
    assert sleeps.waits == [3.0, 3.0] and s.retries == 2
    assert s.written.added > 0


def test_5xx_is_retried_with_backoff(linked: Store, clock: Clock, stand_in: KoladaStandIn) -> None:
    stand_in.fail["/v3/kpi"] = [500, 503]
    sleeps = Sleeps()
    service.fetch(linked, client(stand_in, sleeps), clock, YEARS)
    assert sleeps.waits == [0.01, 0.02]


def test_5xx_that_persists_writes_nothing(linked: Store, clock: Clock,
                                           stand_in: KoladaStandIn) -> None:
    stand_in.fail["/v3/data"] = [500] * 10
    with pytest.raises(KoladaError, match="svarade 500 efter 3 försök"):
        service.fetch(linked, client(stand_in, retries=2), clock, YEARS)
    assert count(linked, "kolada_values") == 0 and count(linked, "kolada_municipalities") == 0


def test_a_wait_longer_than_allowed_is_not_waited(linked: Store, clock: Clock,
                                                   stand_in: KoladaStandIn) -> None:
    stand_in.fail["/v3/municipality"] = [429]
    stand_in.retry_after = "3600"
    sleeps = Sleeps()
    with pytest.raises(KoladaError, match="vänta 3600 s"):
        service.fetch(linked, client(stand_in, sleeps, max_wait=30), clock, YEARS)
    assert sleeps.waits == [] and count(linked, "kolada_values") == 0


def test_a_malformed_page_is_fetched_again(linked: Store, clock: Clock,
                                           stand_in: KoladaStandIn) -> None:
    stand_in.malformed.add("/v3/data")
    sleeps = Sleeps()
    s = service.fetch(linked, client(stand_in, sleeps), clock, YEARS)
    assert len(sleeps.waits) == 1 and s.written.added == s.read > 0


def test_a_malformed_page_that_stays_so_writes_nothing(linked: Store, clock: Clock,
                                                       stand_in: KoladaStandIn) -> None:
    stand_in.malformed.add("/v3/data")
    with pytest.raises(KoladaError, match="inte är JSON"):
        service.fetch(linked, client(stand_in, retries=0), clock, YEARS)
    assert count(linked, "kolada_values") == 0


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return int(port)


def test_no_network_is_a_clear_swedish_message(linked: Store, clock: Clock) -> None:
    c = KoladaClient(f"http://127.0.0.1:{_closed_port()}/v3/", timeout=2, retries=1,
                     backoff=0.01, sleep=Sleeps())
    with pytest.raises(KoladaError, match="Har datorn nätverk") as exc:
        service.fetch(linked, c, clock, YEARS)
    assert "styrbot kolada import" in str(exc.value)


def test_a_plan_without_links_says_so(store: Store, clock: Clock, stand_in: KoladaStandIn) -> None:
    # the demo plan links only the population indicator; drop the organisation's id
    store.conn.execute("UPDATE organisations SET kolada_id = NULL")
    with pytest.raises(KoladaError, match="kolada_id"):
        service.fetch(store, client(stand_in), clock, YEARS)


def test_a_kpi_title_other_than_the_plans_is_a_warning(linked: Store, clock: Clock,
                                                       stand_in: KoladaStandIn) -> None:
    stand_in.fixtures.kpis["T20001"] = "Något helt annat (testdata)"
    s = service.fetch(linked, client(stand_in), clock, [2024])
    assert any("T20001" in w and "Något helt annat" in w for w in s.warnings)


# --- import ---------------------------------------------------------------------------------


def _save_pages(stand_in: KoladaStandIn, directory: Path) -> None:
    """Save the API's answers as files, as a person would with a browser or curl."""
    directory.mkdir()
    goal_kpis = ",".join(sorted(k for k, _t, _b in GOAL_KPIS.values()))
    urls = [stand_in.url + "municipality", stand_in.url + f"kpi/{','.join(fixture_kpis())}",
            stand_in.url + f"data/kpi/{goal_kpis}/year/2023,2024?per_page=5000",
            stand_in.url + f"data/kpi/{POPULATION[0]}/municipality/{ASKERSUND}/year/2023,2024"]
    n = 0
    for u in urls:
        url: str | None = u
        while url:  # every page, each in its own file
            with urllib.request.urlopen(url, timeout=5) as resp:
                body = resp.read()
            (directory / f"sida-{n}.json").write_bytes(body)
            n += 1
            url = json.loads(body).get("next_url")


def test_import_from_saved_files_equals_a_fetch(linked: Store, clock: Clock, tmp_path: Path,
                                                stand_in: KoladaStandIn) -> None:
    _save_pages(stand_in, tmp_path / "sparat")
    s = service.import_paths(linked, [tmp_path / "sparat"], clock)
    assert s.files == 6 and s.written.added == len(GOAL_KPIS) * 292 * 2 * 3 + 2 * 3
    assert s.written.measurements_added == 2
    again = service.import_paths(linked, [tmp_path / "sparat" / "sida-3.json"], clock)
    assert again.written.added == 0 and again.written.unchanged == again.read
    # a fetch of the same years after the import adds nothing either
    fetched = service.fetch(linked, client(stand_in), clock, [2023, 2024])
    assert fetched.written.added == 0


def test_import_of_a_bad_file_writes_nothing(linked: Store, clock: Clock, tmp_path: Path,
                                             stand_in: KoladaStandIn) -> None:
    _save_pages(stand_in, tmp_path / "sparat")
    (tmp_path / "sparat" / "trasig.json").write_text('{"values": [', encoding="utf-8")
    with pytest.raises(KoladaError, match="trasig.json: inte JSON"):
        service.import_paths(linked, [tmp_path / "sparat"], clock)
    assert count(linked, "kolada_values") == 0
    with pytest.raises(KoladaError, match="finns inte"):
        service.import_paths(linked, [tmp_path / "saknas.json"], clock)


# --- ranking --------------------------------------------------------------------------------


def test_ties_share_a_place_and_the_next_place_is_skipped() -> None:
    vals = {"0101": 90.0, "0102": 80.0, "0103": 80.0, "0104": 70.0, "0105": 60.0}
    assert standing(2024, vals, "0103", "higher", 25).place == 2
    assert standing(2024, vals, "0103", "higher", 25).tied == 1
    assert standing(2024, vals, "0104", "higher", 25).place == 4
    low = standing(2024, vals, "0105", "lower", 25)
    assert low.place == 1 and low.in_top and low.threshold == 60.0


def test_the_top_quarter_and_the_value_needed() -> None:
    assert top_places(290, 25) == 72 and top_places(4, 25) == 1 and top_places(3, 25) == 1
    vals = {f"{1000 + i}": float(i) for i in range(1, 101)}  # 1 … 100, higher is better
    s = standing(2024, vals, "1050", "higher", 25)
    assert s.top_n == 25 and s.threshold == 76.0 and s.place == 51 and not s.in_top
    assert s.gap == 26.0
    inside = standing(2024, vals, "1076", "higher", 25)
    assert inside.in_top and inside.gap == 0
    # a tie at the boundary is inside: both share place 25
    vals["1075"] = 76.0
    assert standing(2024, vals, "1075", "higher", 25).in_top


def test_the_country_regions_and_missing_values_do_not_count() -> None:
    assert not is_municipality("0000") and not is_municipality("0018")
    assert is_municipality("1882") and not is_municipality("G12345")
    rows = [("0000", 2024, 100.0), ("0018", 2024, 99.0), ("1882", 2024, 50.0),
            ("0114", 2024, None), ("0115", 2024, 60.0)]
    r = rank("T10001", "T", rows, "1882", "higher", 25)
    assert r.latest is not None and r.latest.n == 2 and r.latest.place == 2


def test_ranking_of_the_stand_ins_values_matches_a_direct_count(
        linked: Store, clock: Clock, stand_in: KoladaStandIn) -> None:
    service.fetch(linked, client(stand_in), clock, YEARS)
    kpi = GOAL_KPIS["1.1"][0]
    rows = [(r["municipality"], r["year"], r["value"]) for r in ks.current_values(linked, kpi, "T")]
    r = rank(kpi, "T", rows, ASKERSUND, "higher", 25)
    ids = set(municipality_ids())
    for st in r.standings:
        vals = [stand_in.fixtures.value(kpi, m, st.year, "T") for m in ids]
        have = [v for v in vals if v is not None]
        mine = stand_in.fixtures.value(kpi, ASKERSUND, st.year, "T")
        assert st.n == len(have) and st.value == mine
        assert st.place == 1 + sum(v > mine for v in have)  # type: ignore[operator]
        assert st.threshold == sorted(have, reverse=True)[len(have) * 25 // 100 - 1]
    assert len(r.standings) == 10 and r.trend in ("bättre", "sämre", "oförändrad")


# --- the plan file ------------------------------------------------------------------------


def test_a_goal_without_kpis_needs_a_note(tmp_path: Path) -> None:
    from bot.domain.schema import KoladaGoal

    with pytest.raises(ValueError, match="note"):
        KoladaGoal(kpis=[])
    with pytest.raises(ValueError):
        KoladaGoal(kpis=["nonsense"])
    with pytest.raises(ValueError, match="titel per nyckeltal"):
        KoladaGoal(kpis=["T10001"], titles=["a", "b"])


def test_the_bundled_plan_links_only_what_was_verified(store: Store) -> None:
    assert ks.municipality_id(store) == ASKERSUND
    inds = ks.indicator_links(store)
    assert [(i["subject"], i["kpis"], i["titles"]) for i in inds] == [
        ("befolkning", ["N01951"], ["Invånare totalt, antal"])]
    goals = ks.goal_links(store)
    assert len(goals) == 10 and all(g["kpis"] == [] and g["note"] for g in goals)


# --- the CLI -----------------------------------------------------------------------------------


def test_cli_fetch_and_import(cli_env: dict[str, str], tmp_path: Path,
                              stand_in: KoladaStandIn) -> None:
    env = {**cli_env, "KOLADA_API_URL": stand_in.url}
    store = Store(cli_env["STYRBOT_DB"])
    import_linked(store, Clock.fixed("2026-11-23T09:00"), tmp_path)
    store.close()
    out = subprocess.run([STYRBOT, "kolada", "fetch", "--year", "2023", "--year", "2024"],
                         env=env, capture_output=True, text=True, check=False, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Nya värden: " in out.stdout and "Källa: Kolada" in out.stdout
    assert "mätvärden" in out.stdout.lower()
    again = subprocess.run([STYRBOT, "kolada", "fetch", "--year", "2023", "--year", "2024"],
                           env=env, capture_output=True, text=True, check=False, timeout=120)
    assert "Nya värden: 0, reviderade: 0" in again.stdout
    saved = tmp_path / "sparat"
    _save_pages(stand_in, saved)
    imp = subprocess.run([STYRBOT, "kolada", "import", str(saved)], env=env,
                         capture_output=True, text=True, check=False, timeout=120)
    assert imp.returncode == 0, imp.stderr
    assert "6 filer" in imp.stdout


def test_cli_without_network(cli_env: dict[str, str]) -> None:
    env = {**cli_env, "KOLADA_API_URL": f"http://127.0.0.1:{_closed_port()}/v3/"}
    out = subprocess.run([STYRBOT, "kolada", "fetch", "--year", "2024"], env=env,
                         capture_output=True, text=True, check=False, timeout=300)
    assert out.returncode == 1
    assert "Har datorn nätverk" in out.stderr and "Inget har sparats" in out.stderr
    assert "Traceback" not in out.stderr
    bad = subprocess.run([STYRBOT, "kolada", "import", "/nonexistent/x.json"], env=env,
                         capture_output=True, text=True, check=False, timeout=60)
    assert bad.returncode == 1 and "finns inte" in bad.stderr


def test_the_setting_defaults_to_kolada_v3() -> None:
    from bot.config import Settings

    assert Settings.from_env({}).kolada_api_url == "https://api.kolada.se/v3/"
    assert json.dumps(Settings.from_env({"KOLADA_API_URL": "http://x/"}).kolada_api_url)
