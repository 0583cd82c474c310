"""The workbook reader's plain-form path (regular expressions over the sheet's bytes) gives
exactly the cells lxml's parser gives, and hands over to the parser from the first row that
is not in the plain form."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import PatternFill

from bot.clock import Clock
from bot.documents import xlsxread as X
from bot.documents.excel_export import export_workbook
from store.db import Store


def _both(wb: X.Workbook, name: str) -> tuple[list[list[tuple]], list[list[tuple]]]:  # type: ignore[type-arg]
    raw = wb.zf.read(wb.sheets[name])
    fast = [[(c.value, c.fill) for c in row] for row in wb.rows(name)]
    parsed = [[(c.value, c.fill) for c in row] for row in wb._xml_rows(raw)]
    return fast, parsed


def _plain(wb: X.Workbook, name: str) -> list[int | None]:
    raw = wb.zf.read(wb.sheets[name])
    return [r for r, _ in X._plain_rows(raw, wb.strings, wb.dates, wb.fills)]


MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _one_sheet(sheet: str) -> X.Workbook:
    """A workbook of the one sheet "S" whose XML is ``sheet``, written by hand."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", f'<workbook {MAIN} xmlns:r="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
                   '</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Target="worksheets/s.xml"/>'
                   '</Relationships>')
        z.writestr("xl/worksheets/s.xml", sheet)
    return X.Workbook(buf.getvalue())


def test_an_exported_workbook_is_read_plainly_and_alike(store: Store, tmp_path: Path,
                                                        clock: Clock) -> None:
    path = tmp_path / "plan.xlsx"
    export_workbook(store, path, clock.now())
    wb = X.Workbook(path.read_bytes())
    for name in wb.sheetnames:
        fast, parsed = _both(wb, name)
        assert fast == parsed, name
    marks = _plain(wb, "Mätvärden")
    assert None not in marks and len(marks) == len(_both(wb, "Mätvärden")[0]) > 10


def test_from_a_row_not_in_the_plain_form_the_parser_reads_on(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Blad"
    ws.append(["Rubrik", "Tal", "Datum"])
    ws.append(["a & b <c>", 1.5, None])
    ws["C2"].number_format = "yyyy-mm-dd"
    ws["C2"] = 46000
    ws.append(["formel", "=1+1", True])  # a formula: not the plain form
    ws.append(["efter", 3, "röd"])
    ws["C4"].fill = PatternFill("solid", fgColor="FFFF0000")
    ws.append([])
    ws.append(["sist", None, "x"])
    path = tmp_path / "blad.xlsx"
    book.save(path)
    wb = X.Workbook(path.read_bytes())
    marks = _plain(wb, "Blad")
    assert marks[:2] == [1, 2] and marks[-1] is None  # plain until the formula's row
    fast, parsed = _both(wb, "Blad")
    assert fast == parsed
    assert fast[1][0][0] == "a & b <c>" and fast[1][1][0] == 1.5
    assert fast[1][2][0].date().isoformat() == "2025-12-09"
    assert fast[3][2][1] is not None and fast[3][2][1].fgColor.rgb == "FFFF0000"
    assert fast[4] == [] and fast[5][0][0] == "sist"


def test_markup_the_plain_form_does_not_know_goes_to_the_parser(tmp_path: Path) -> None:
    """Character references are read; a comment, a prefix or rich text ends the plain form."""
    main = MAIN
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>x &amp; &#246;&#x2014;y</t></is></c></row>'
            '<row r="3"><c r="B3" t="inlineStr"><is><r><t>rik</t></r><r><t>text</t></r></is></c></row>')
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {main}><sheetData>{rows}</sheetData></worksheet>'
    wb = _one_sheet(sheet)
    assert _plain(wb, "S") == [1, None]
    fast, parsed = _both(wb, "S")
    assert fast == parsed and fast[0][0][0] == "x & ö—y" and fast[1] == []
    assert fast[2][1][0] == "riktext"
    for other in (sheet.replace("<sheetData>", "<!-- c --><sheetData>"),
                  sheet.replace(main, 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')):
        assert X._plain_rows(other.encode(), [], [], []).__next__()[0] is None


def test_empty_strings_empty_values_and_empty_rows_read_as_the_parser_reads_them() -> None:
    """An empty inline string is "" and stays in the plain form; an empty <v> is no value; a
    row written as <row …/> has no cells; rows follow each other with white space between."""
    main = MAIN
    rows = ('<row r="1" spans="1:4"><c r="A1" t="inlineStr"><is><t></t></is></c>'
            '<c r="B1" t="inlineStr"><is><t xml:space="preserve"> a </t></is></c>'
            '<c r="C1" t="str"><v></v></c> <c r="D1" s="0" t="n"><v>7</v></c></row>\n'
            '<row r="2"/>  <row r="4"><c r="C4"/></row>')
    sheet = f'<worksheet {main}><sheetData>{rows}</sheetData></worksheet>'
    wb = _one_sheet(sheet)
    assert _plain(wb, "S") == [1, 2, 4]
    fast, parsed = _both(wb, "S")
    assert fast == parsed
    assert [c[0] for c in fast[0]] == ["", " a ", None, 7]
    assert fast[1] == [] and fast[2] == [] and [c[0] for c in fast[3]] == [None, None, None]


def test_anything_between_plain_cells_hands_the_row_to_the_parser() -> None:
    """A row is read plainly only when its cells leave nothing over: an element or text
    between them (or a formula inside one) ends the plain form there."""
    for between in ('<x:y xmlns:x="urn:x"/>', "text", '<c r="B1"><f>1+1</f><v>2</v></c>'):
        rows = (f'<row r="1"><c r="A1" t="n"><v>1</v></c></row>'
                f'<row r="2"><c r="A2" t="n"><v>2</v></c>{between}<c r="C2" t="n"><v>3</v></c></row>')
        wb = _one_sheet(f'<worksheet {MAIN}><sheetData>{rows}</sheetData></worksheet>')
        assert _plain(wb, "S") == [1, None], between
        fast, parsed = _both(wb, "S")
        assert fast == parsed and fast[1][0][0] == 2 and fast[1][-1][0] == 3, between
