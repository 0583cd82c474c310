"""Indicator ids across nämnder (issue 13, item 2): an indicator belongs to one nämnd's plan,
so its id is unique in a store; a second nämnd's plan reusing an id is refused where it stands
(it would take the indicator over, with its measurements and owners), whichever plan comes
first and whether the plans come in YAML files or one workbook. So the role log may name an
indicator owner by the indicator's id, and an owner writes only their own nämnd's."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.importing import import_file, import_files
from bot.documents.excel_export import export_workbook
from bot.domain.planfile import PlanFileError
from store import queries as q
from store.db import Store

CLOCK = Clock.fixed("2026-11-23T09:00")

PLAN = """\
format: styrbot-plan/1
organisation: {{id: testkommun, name: Testkommun}}
namnd: {{id: {nid}, name: Nämnden {short}, short: {short}}}
document: {{kind: uppdragsplan, year: {year}, title: Uppdragsplan {year} {short}}}
malomraden:
  - {{number: 5, name: Attraktiv arbetsgivare}}
indikatorer:
  - {{id: {slug}, malomrade: 5, table: nämndens, number: 1, name: "Sjukfrånvaro {short}",
     unit: procent, frequency: årligen, baseline: 8.0, target: "7,0"}}
uppdrag:
  - {{key: "5.1", title: "Uppdrag {short}", tidplan: Kommunstyrelsen den 1 december}}
roles:
  indicator_owners: {{{slug}: [U0{short}HR]}}
"""


def plan(tmp_path: Path, nid: str, slug: str, year: int = 2026) -> Path:
    path = tmp_path / f"{nid}-{year}-{slug}.yaml"
    path.write_text(PLAN.format(nid=nid, short=nid.upper(), slug=slug, year=year), encoding="utf-8")
    return path


@pytest.mark.parametrize("first,second", [("ks", "bun"), ("bun", "ks")])
def test_a_second_namnds_plan_reusing_an_indicator_id_is_refused_and_nothing_is_written(
        tmp_path: Path, first: str, second: str) -> None:
    """Fails without the refusal: the second plan took the first's indicator over (its name,
    its document), and its owner could write the first nämnd's values."""
    store = Store(tmp_path / "s.db")
    import_file(store, plan(tmp_path, first, "sjukfranvaro"), CLOCK)
    before = (q.indikatorer(store), q.role_events(store), q.documents(store))
    with pytest.raises(PlanFileError) as exc:
        import_file(store, plan(tmp_path, second, "sjukfranvaro"), CLOCK)
    [problem] = exc.value.problems
    assert (problem.line, problem.field) == (8, "indikatorer[0].id")
    assert problem.message.startswith(f"id 'sjukfranvaro' används redan av en annan nämnds "
                                      f"indikator (nämnden '{first}')")
    assert f"t.ex. {second}-sjukfranvaro" in problem.message
    assert (q.indikatorer(store), q.role_events(store), q.documents(store)) == before
    [ind] = q.indikatorer(store)
    assert ind["name"] == f"Sjukfrånvaro {first.upper()}"
    # both files at once: the same, and nothing at all is written
    empty = Store(tmp_path / "both.db")
    with pytest.raises(PlanFileError) as both:
        import_files(empty, [plan(tmp_path, first, "sjukfranvaro"),
                             plan(tmp_path, second, "sjukfranvaro")], CLOCK)
    assert [p.field for p in both.value.problems] == ["indikatorer[0].id"]
    assert q.indikatorer(empty) == [] and q.documents(empty) == []


def test_a_namnd_carries_its_indicator_on_to_the_next_years_plan(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    import_files(store, [plan(tmp_path, "ks", "sjukfranvaro", 2025),
                         plan(tmp_path, "ks", "sjukfranvaro", 2026)], CLOCK)
    assert [i["slug"] for i in q.indikatorer(store)] == ["sjukfranvaro"]


def test_one_workbook_with_two_namnder_sharing_an_id_is_refused_at_its_row(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    import_files(store, [plan(tmp_path, "ks", "sjukfranvaro"),
                         plan(tmp_path, "bun", "bun-sjukfranvaro")], CLOCK)
    book = tmp_path / "plan.xlsx"
    export_workbook(store, book, CLOCK.now())
    wb = openpyxl.load_workbook(book)
    ws = wb["Indikatorer"]
    head = [c.value for c in ws[1]]
    col = head.index("Id") + 1
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value == "bun-sjukfranvaro"]
    [row] = rows
    ws.cell(row, col).value = "sjukfranvaro"
    wb.save(book)
    with pytest.raises(PlanFileError) as exc:
        import_file(Store(tmp_path / "fresh.db"), book, CLOCK)
    clash = [p for p in exc.value.problems if "används redan" in p.message]
    assert [(p.sheet, p.line, (p.column or "").split(" ")[0]) for p in clash] == [
        ("Indikatorer", row, openpyxl.utils.get_column_letter(col))]


@pytest.mark.parametrize("order", [("ks", "bun"), ("bun", "ks")])
def test_an_indicator_owner_writes_their_own_namnds_indicator_only(
        tmp_path: Path, order: tuple[str, str]) -> None:
    store = Store(tmp_path / "s.db")
    slugs = {"ks": "sjukfranvaro", "bun": "bun-sjukfranvaro"}
    for nid in order:
        import_file(store, plan(tmp_path, nid, slugs[nid]), CLOCK)
    bot = Bot(store, CLOCK, admins=("UADMIN",))
    assert not bot.handle("indikatoransvarig bun-sjukfranvaro @U0BUNCHAT", user="UADMIN").error
    for user in ("U0BUNHR", "U0BUNCHAT"):  # from the plan file, and set in chat
        mine = bot.handle("värde bun-sjukfranvaro 7,5 % 2026-10-31", user=user)
        assert not mine.error, (order, user, mine.text)
        theirs = bot.handle("värde sjukfranvaro 7,5 % 2026-10-31", user=user)
        assert theirs.error, (order, user, theirs.text)
    assert not bot.handle("värde sjukfranvaro 7,9 % 2026-10-31", user="U0KSHR").error
    assert bot.handle("värde bun-sjukfranvaro 7,9 % 2026-10-31", user="U0KSHR").error
