"""The workbook: template, import (through the plan-file validation), export, round trip,
fills, and hostile files. Real store files; workbooks read back with openpyxl."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.importing import import_files
from bot.documents import layout as L
from bot.documents.excel_export import export_workbook, write_template
from bot.documents.excel_import import read_workbook
from bot.documents.safezip import MAX_FILE
from bot.domain.planfile import PlanFileError
from store.db import Store
from tests.conftest import NOW

LATER = Clock.fixed("2026-11-24T09:00")


def content(store: Store) -> dict[str, set[tuple[object, ...]]]:
    """Every table's rows, as sets; row ids left out where an import rewrites the rows
    (deadlines) and the time and checksum of the import left out of documents."""
    out = {}
    for (t,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                   "AND name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_%' ESCAPE '\\'"):
        rows = [dict(r) for r in store.conn.execute(f"SELECT * FROM {t}")]
        for r in rows:
            if t == "deadlines":
                r.pop("id")
            if t == "documents":
                r.pop("imported_at"), r.pop("file_sha256")
        out[t] = {tuple(sorted(r.items())) for r in rows}
    return out


def sheet_rows(path: Path, name: str) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb[name].iter_rows(values_only=True))
    wb.close()
    head = [str(h) for h in rows[0]]
    return [dict(zip(head, r)) for r in rows[1:]]


def test_template_has_every_sheet_headed_in_swedish_with_notes_and_imports(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "mall.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[: len(L.SHEETS)] == [s.name for s in L.SHEETS]
    for s in L.SHEETS:
        ws = wb[s.name]
        assert [c.value for c in ws[1]][: len(s.columns)] == [c.header for c in s.columns]
        assert all(c.comment is not None and c.comment.text for c in ws[1][: len(s.columns)])
        assert ws.max_row >= 2, f"{s.name} has no example row"
    store = Store(tmp_path / "ny.db")
    [summary] = import_files(store, [path], clock)
    assert summary.counts["uppdrag"] == 1 and summary.counts["aktiviteter"] == 1
    up = store.one("SELECT * FROM uppdrag WHERE key = '3.2'")
    assert up and up["budgetpaverkan"] == 1 and up["plan_colour"] == "grön"
    assert store.one("SELECT key, ansvar FROM aktiviteter") == {
        "key": "3.2.1", "ansvar": "Samhällsbyggnadsavdelningen"}


def test_export_then_import_changes_nothing(store: Store, tmp_path: Path) -> None:
    bot = Bot(store, Clock.fixed(NOW), admins=("UADMIN",))
    assert not bot.handle("uppdatera 3.2: Tre investerare i dialog, pågår 60 %", user="UADMIN").error
    assert not bot.handle("värde arbetsställen 1 740 2026-11-15", user="UADMIN").error
    before = content(store)
    path = tmp_path / "plan.xlsx"
    export_workbook(store, path, Clock.fixed(NOW).now())
    import_files(store, [path], LATER)
    assert content(store) == before
    # and a second time, from the workbook exported after the first round trip
    export_workbook(store, tmp_path / "igen.xlsx", LATER.now())
    import_files(store, [tmp_path / "igen.xlsx"], LATER)
    assert content(store) == before


def test_export_shows_the_latest_status_and_values_of_the_store(store: Store, tmp_path: Path) -> None:
    bot = Bot(store, Clock.fixed(NOW), admins=("UADMIN",))
    bot.handle("uppdatera 3.2: Tre investerare i dialog, pågår 60 %", user="UADMIN")
    bot.handle("värde arbetsställen 1 740 2026-11-15", user="UADMIN")
    path = tmp_path / "plan.xlsx"
    export_workbook(store, path, Clock.fixed(NOW).now())
    ups = {r["Nr"]: r for r in sheet_rows(path, "Uppdrag")}
    assert len(ups) == store.one("SELECT COUNT(*) AS n FROM uppdrag")["n"]  # type: ignore[index]
    assert ups["3.2"]["Aktuell status"] == "pågår" and ups["3.2"]["Procent"] == 60
    assert ups["3.2"]["Senaste uppdatering"] == "Tre investerare i dialog"
    # at NOW the deadlines of 3.2.1 (5 maj) and 3.2.2 (3 november) have passed; 3.2.3's (1 december) not
    assert ups["3.2"]["Aktiviteter"] == "0 av 3 klara, 2 försenade, 1 tyst"
    inds = {r["Id"]: r for r in sheet_rows(path, "Indikatorer")}
    assert inds["arbetsstallen"]["Senaste värde"] == 1740
    meas = [r for r in sheet_rows(path, "Mätvärden") if r["Indikator"] == "arbetsstallen"]
    assert [r["Ursprung"] for r in meas] == ["import"] * 4 + ["chatt"]
    budget = sheet_rows(path, "Budget")
    stored = store.one("SELECT v.amount FROM budget_values v JOIN budget_rows r ON r.id = v.row_id "
                       "JOIN budget_tables t ON t.id = r.table_id JOIN documents d ON d.id = t.doc_id "
                       "WHERE r.code = '45' AND v.measure = 'budget' AND v.year = 2026 "
                       "AND d.kind = 'uppdragsplan'")
    row45 = next(r for r in budget if r["Kod"] == "45" and r["budget 2026"] is not None)
    assert stored and row45["budget 2026"] == stored["amount"]


def _edit(src: Path, dst: Path, edits: dict[tuple[str, str], object]) -> None:
    wb = openpyxl.load_workbook(src)
    for (sheet, cell), value in edits.items():
        if isinstance(value, PatternFill):
            wb[sheet][cell].fill = value
            wb[sheet][cell].value = None
        else:
            wb[sheet][cell] = value
    wb.save(dst)


def test_every_problem_with_sheet_row_and_column_and_nothing_written(tmp_path: Path, clock: Clock) -> None:
    write_template(tmp_path / "mall.xlsx")
    bad = tmp_path / "fel.xlsx"
    _edit(tmp_path / "mall.xlsx", bad, {
        ("Uppdrag", "I2"): "befolkning, finnsinte",  # an unknown indicator
        ("Indikatorer", "L2"): "mycket",          # Utgångsläge: no number
        ("Aktiviteter", "B2"): "9.9.1",           # answers no uppdrag
        ("Mätvärden", "B2"): "igår",              # Datum
        ("Budget", "Z1"): "kostnad 2026",         # an unknown column
    })
    store = Store(tmp_path / "ny.db")
    with pytest.raises(PlanFileError) as exc:
        import_files(store, [bad], clock)
    text = [str(p) for p in exc.value.problems]
    joined = "\n".join(text)
    assert "blad Uppdrag, rad 2, kolumn I (Indikatorer): okänd indikator 'finnsinte'" in joined
    assert "blad Indikatorer, rad 2, kolumn L (Utgångsläge): ska vara ett tal" in joined
    assert "blad Aktiviteter, rad 2, kolumn B (Nr): aktivitet 9.9.1 svarar mot uppdrag 9.9" in joined
    assert "blad Mätvärden, rad 2, kolumn B (Datum): ska vara ett datum" in joined
    assert "blad Budget, rad 1, kolumn Z (kostnad 2026): okänd kolumn" in joined
    assert store.is_empty()


def test_problems_are_found_after_cell_problems_are_fixed(tmp_path: Path, clock: Clock) -> None:
    """The model's own checks (an unknown status, a duplicate key) point at their cells."""
    write_template(tmp_path / "mall.xlsx")
    bad = tmp_path / "fel.xlsx"
    _edit(tmp_path / "mall.xlsx", bad, {("Uppdrag", "K2"): "halvklar", ("Planer", "I2"): 2026.5,
                                        ("Aktiviteter", "B2"): "tre.två.ett"})
    with pytest.raises(PlanFileError) as exc:
        import_files(Store(tmp_path / "ny.db"), [bad], clock)
    joined = "\n".join(str(p) for p in exc.value.problems)
    assert "blad Planer, rad 2, kolumn I (År): ska vara ett heltal" in joined
    assert "blad Aktiviteter, rad 2, kolumn B (Nr): fel form (står 'tre.två.ett')" in joined
    assert joined.count("Mätvärden") == 0
    _edit(tmp_path / "mall.xlsx", bad, {("Uppdrag", "K2"): "halvklar"})
    with pytest.raises(PlanFileError) as exc:
        import_files(Store(tmp_path / "ny2.db"), [bad], clock)
    joined = "\n".join(str(p) for p in exc.value.problems)
    assert "blad Uppdrag, rad 2, kolumn K (Status): otillåtet värde 'halvklar'" in joined


@pytest.mark.parametrize(("rgb", "colour"), [("FF00B050", "grön"), ("FFFFC000", "gul"),
                                             ("FFFF0000", "röd"), ("FFC6EFCE", "grön")])
def test_a_status_colour_given_as_a_cell_fill_is_read(tmp_path: Path, clock: Clock, rgb: str,
                                                      colour: str) -> None:
    write_template(tmp_path / "mall.xlsx")
    path = tmp_path / "färg.xlsx"
    _edit(tmp_path / "mall.xlsx", path, {("Uppdrag", "M2"): PatternFill("solid", fgColor=rgb)})
    store = Store(tmp_path / "ny.db")
    import_files(store, [path], clock)
    assert store.one("SELECT plan_colour FROM uppdrag") == {"plan_colour": colour}


def test_a_fill_that_is_no_status_colour_is_refused(tmp_path: Path, clock: Clock) -> None:
    write_template(tmp_path / "mall.xlsx")
    path = tmp_path / "blå.xlsx"
    _edit(tmp_path / "mall.xlsx", path, {("Uppdrag", "M2"): PatternFill("solid", fgColor="FF0070C0")})
    with pytest.raises(PlanFileError) as exc:
        import_files(Store(tmp_path / "ny.db"), [path], clock)
    assert "kolumn M (Färg): cellens färg är varken grön, gul eller röd" in str(exc.value)


# --- hostile workbooks ---------------------------------------------------------------------------


def _rezip(src: Path, dst: Path, replace: dict[str, bytes], compress: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compress) as zout:
        for item in zin.infolist():
            data = replace.pop(item.filename, None)
            zout.writestr(item.filename, zin.read(item.filename) if data is None else data)
        for name, data in replace.items():
            zout.writestr(name, data)


BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                  b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
                  b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                  b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
                  b'</sheetData></worksheet>')
XXE = (b'<?xml version="1.0"?><!-- harmless --> <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
       b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
       b'<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>')


@pytest.mark.parametrize(("name", "make", "message"), [
    ("entities", lambda t, d: _rezip(t, d, {"xl/worksheets/sheet1.xml": BILLION_LAUGHS}), "DOCTYPE"),
    ("xxe", lambda t, d: _rezip(t, d, {"xl/worksheets/sheet2.xml": XXE}), "DOCTYPE"),
    ("bomb", lambda t, d: _rezip(t, d, {"xl/media/bomb.xml": b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>"}),
     "zip-bomb"),
    ("text", lambda t, d: d.write_text("indikator,datum\n", encoding="utf-8"), "ingen Excel-arbetsbok"),
    ("xls", lambda t, d: d.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), ".xls"),
    ("no content types", lambda t, d: zipfile.ZipFile(d, "w").close(), "ingen Excel-arbetsbok"),
    ("huge", lambda t, d: d.open("wb").truncate(MAX_FILE + 1), "för stor"),
])
def test_hostile_workbooks_are_refused_clearly(tmp_path: Path, clock: Clock, name: str, make, message: str) -> None:  # type: ignore[no-untyped-def]
    write_template(tmp_path / "mall.xlsx")
    path = tmp_path / "ond.xlsx"
    make(tmp_path / "mall.xlsx", path)
    store = Store(tmp_path / "ny.db")
    with pytest.raises(PlanFileError) as exc:
        import_files(store, [path], clock)
    assert message in str(exc.value), str(exc.value)
    assert store.is_empty()


def test_a_sheet_with_too_many_columns_is_refused(tmp_path: Path) -> None:
    write_template(tmp_path / "mall.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "mall.xlsx")
    wb["Budget"].cell(row=1, column=1200, value="budget 2030")
    wb.save(tmp_path / "bred.xlsx")
    with pytest.raises(PlanFileError) as exc:
        read_workbook(tmp_path / "bred.xlsx")
    assert "blad Budget, rad 1: för många kolumner" in str(exc.value)


def test_a_verksamhetsplan_on_its_own_answers_the_stored_uppdrag(store: Store, tmp_path: Path,
                                                                  clock: Clock) -> None:
    """The demo's verksamhetsplan (its own document) is linked to the uppdragsplan's uppdrag."""
    rows = store.query("SELECT a.key, u.key AS uppdrag FROM aktiviteter a JOIN uppdrag u "
                       "ON u.id = a.uppdrag_id ORDER BY a.id")
    assert [(r["key"], r["uppdrag"]) for r in rows] == [
        ("3.2.1", "3.2"), ("3.2.2", "3.2"), ("3.2.3", "3.2"), ("4.2.1", "4.2"), ("5.3.1", "5.3")]
    assert store.one("SELECT demo, forvaltning FROM verksamhetsplaner") == {
        "demo": 1, "forvaltning": "Kommunledningsförvaltningen"}
    # a verksamhetsplan answering an uppdrag that is not there is refused, with its line
    src = Path(__file__).resolve().parents[2] / "data" / "askersund" / "verksamhetsplan-2026-demo.yaml"
    bad = tmp_path / "vp.yaml"
    bad.write_text(src.read_text(encoding="utf-8").replace('key: "3.2.3"', 'key: "3.9.1"'), encoding="utf-8")
    with pytest.raises(PlanFileError) as exc:
        import_files(store, [bad], clock)
    [p] = exc.value.problems
    assert p.field == "aktiviteter[2].key" and "uppdrag 3.9" in p.message and p.line == 30


def test_workbook_bytes_are_not_needed_on_disk_twice(tmp_path: Path) -> None:
    """The template is a real zip whose every part passes the checks (what import reads)."""
    from bot.documents.safezip import check

    write_template(tmp_path / "mall.xlsx")
    data = (tmp_path / "mall.xlsx").read_bytes()
    check(data)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    shutil.copy(tmp_path / "mall.xlsx", tmp_path / "kopia.xlsx")
    assert read_workbook(tmp_path / "kopia.xlsx")[0].plan.aktiviteter[0].key == "3.2.1"
