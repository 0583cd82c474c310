"""A small streaming reader of .xlsx sheets: cell values and fills, nothing else.

Why not openpyxl's reader: it parses worksheets with Python-level XML callbacks and reads
each inline string as rich text; a municipality's 180 000 measurement rows took most of a
minute. This reader walks each sheet with lxml's C parser, one row at a time (memory stays
flat), after `safezip` has refused any part with a DOCTYPE; lxml is told not to resolve
entities, not to touch the network and to keep its limits on huge documents.

It reads what a plan workbook needs: shared and inline strings, numbers, booleans, dates
(by their number format), cached formula results, and each cell's fill colour.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DATE_FORMATS = set(range(14, 23)) | {45, 46, 47}


@dataclass(frozen=True)
class Colour:
    type: str  # rgb | indexed | theme
    rgb: str | None = None
    indexed: int | None = None


@dataclass(frozen=True)
class Fill:
    fill_type: str | None
    fgColor: Colour | None
    bgColor: Colour | None = None


class Cell:
    """A cell's value, and its fill (looked up only when asked for)."""

    __slots__ = ("_fills", "_s", "value")

    def __init__(self, value: Any, s: int = 0, fills: list[Fill | None] | None = None) -> None:
        self.value, self._s, self._fills = value, s, fills

    @property
    def fill(self) -> Fill | None:
        f = self._fills
        return f[self._s] if f is not None and self._s < len(f) else None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _xml(zf: zipfile.ZipFile, name: str) -> Any:
    return etree.fromstring(zf.read(name), parser=_parser())


def _colour(el: Any) -> Colour | None:
    if el is None:
        return None
    if el.get("rgb"):
        return Colour("rgb", rgb=el.get("rgb"))
    if el.get("indexed") is not None:
        return Colour("indexed", indexed=int(el.get("indexed")))
    if el.get("theme") is not None:
        return Colour("theme")
    return None


def _is_date(code: str) -> bool:
    s, quoted, out = code.split(";")[0], False, []
    for ch in s:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            out.append(ch)
    bare = "".join(out).lower()
    for token in ("[red]", "[black]", "[green]", "[blue]", "[$-", "\\"):
        bare = bare.replace(token, "")
    return any(ch in bare for ch in "dmyh") and "general" not in bare


class Workbook:
    """The sheets of a workbook's bytes (already checked by safezip)."""

    def __init__(self, data: bytes) -> None:
        self.zf = zipfile.ZipFile(io.BytesIO(data))
        wb = _xml(self.zf, "xl/workbook.xml")
        rels = {r.get("Id"): r.get("Target") for r in _xml(self.zf, "xl/_rels/workbook.xml.rels")
                if r.tag == f"{PKG_REL}Relationship"}
        self.sheets: dict[str, str] = {}
        for s in wb.iter(f"{NS}sheet"):
            target = rels.get(s.get(f"{REL}id")) or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            self.sheets[s.get("name")] = path
        self.strings: list[str] = []
        if "xl/sharedStrings.xml" in self.zf.namelist():
            for _, si in etree.iterparse(io.BytesIO(self.zf.read("xl/sharedStrings.xml")),
                                         tag=f"{NS}si", resolve_entities=False, no_network=True):
                self.strings.append("".join(t.text or "" for t in si.iter(f"{NS}t")
                                            if t.getparent().tag != f"{NS}rPh"))
                si.clear()
        self.dates: list[bool] = []
        self.fills: list[Fill | None] = []
        if "xl/styles.xml" in self.zf.namelist():
            st = _xml(self.zf, "xl/styles.xml")
            custom = {int(n.get("numFmtId")): n.get("formatCode") or ""
                      for n in st.iter(f"{NS}numFmt")}
            fills: list[Fill | None] = []
            fills_el = st.find(f"{NS}fills")
            for f in (fills_el if fills_el is not None else []):
                p = f.find(f"{NS}patternFill")
                fills.append(None if p is None else Fill(p.get("patternType"), _colour(p.find(f"{NS}fgColor")),
                                                         _colour(p.find(f"{NS}bgColor"))))
            xfs = st.find(f"{NS}cellXfs")
            for xf in (xfs if xfs is not None else []):
                fmt = int(xf.get("numFmtId") or 0)
                self.dates.append(fmt in DATE_FORMATS or (fmt in custom and _is_date(custom[fmt])))
                fid = int(xf.get("fillId") or 0)
                self.fills.append(fills[fid] if fid < len(fills) else None)

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def rows(self, name: str) -> Iterator[list[Cell]]:
        """The sheet's rows, each a list of cells by column (empty cells None-valued)."""
        src = io.BytesIO(self.zf.read(self.sheets[name]))
        expect = 1
        for _, row in etree.iterparse(src, tag=f"{NS}row", resolve_entities=False, no_network=True,
                                      huge_tree=False):
            r = int(row.get("r") or expect)
            while expect < r:  # rows left out of the file are empty
                yield []
                expect += 1
            expect = r + 1
            cells: list[Cell] = []
            for c in row:
                ref = c.get("r")
                col = _column(ref) if ref else len(cells)
                while len(cells) < col:
                    cells.append(Cell(None))
                cells.append(self._cell(c))
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            yield cells

    def _cell(self, c: Any) -> Cell:
        t = c.get("t")
        st = c.get("s")
        s = int(st) if st else 0
        text = None
        if t == "inlineStr":
            return Cell("".join(x.text or "" for x in c.iter(_T)), s, self.fills)
        for child in c:
            if child.tag == _V:
                text = child.text
                break
        value: Any = None
        if text is None:
            pass
        elif t is None or t == "n":
            value = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
            if s and s < len(self.dates) and self.dates[s]:
                value = _from_excel(float(value))
        elif t == "s":
            i = int(text)
            value = self.strings[i] if 0 <= i < len(self.strings) else None
        elif t == "str":
            value = text
        elif t == "b":
            value = text == "1"
        return Cell(value, s, self.fills)

    def close(self) -> None:
        self.zf.close()


_V, _T = f"{NS}v", f"{NS}t"
_DIGITS = "0123456789"


def _column(ref: str) -> int:
    n = 0
    for ch in ref.rstrip(_DIGITS):
        n = n * 26 + ord(ch) - 64
    return n - 1


def _from_excel(serial: float) -> dt.datetime | None:
    if not 0 <= serial < 2958466:
        return None
    base = dt.datetime(1899, 12, 30)
    return base + dt.timedelta(days=serial)
