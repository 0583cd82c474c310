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
import functools
import io
import posixpath
import re
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
        """The sheet's rows, each a list of cells by column (empty cells None-valued).

        Rows in the plain form that spreadsheet programs write (and our export does) are read
        by `_plain_rows`, several times faster; from the first row that is not, lxml reads
        the rest (`_xml_rows`). Both give the same cells (tests/documents/test_xlsxread.py)."""
        raw = self.zf.read(self.sheets[name])
        done = 0
        for r, cells in _plain_rows(raw, self.strings, self.dates, self.fills):
            if r is None:  # not the plain form from here on
                break
            while done + 1 < r:  # rows left out of the file are empty
                yield []
                done += 1
            yield cells
            done = r
        else:
            return
        yield from self._xml_rows(raw, after=done)

    def _xml_rows(self, raw: bytes, after: int = 0) -> Iterator[list[Cell]]:
        """The sheet's rows after row ``after``, read by lxml."""
        src = io.BytesIO(raw)
        expect = 1
        for _, row in etree.iterparse(src, tag=f"{NS}row", resolve_entities=False, no_network=True,
                                      huge_tree=False):
            r = int(row.get("r") or expect)
            if r <= after:  # read already, in the plain form
                expect = r + 1
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
                continue
            expect = max(expect, after + 1)
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

# --- the plain form, read without building elements ----------------------------------------
#
# A row `<row r="N" …>` holding only cells `<c r="B7" s="4" t="n"><v>42855</v></c>`,
# `<c r="A6" t="inlineStr"><is><t>text</t></is></c>` or empty `<c r="C7" s="2"/>`, attributes
# in that order, text without markup. Anything else (a formula, rich text, a prefix, another
# encoding, a comment) ends the plain reading at that row: `_plain_rows` says so with a None.

_SHEET_DATA = re.compile(rb"<sheetData>")
_MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_ROW_HEAD = re.compile(rb'\s*<row r="(\d+)"[^>]*?(/?)>')
_CELL = (rb'\s*<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="([a-zA-Z]+)")?'
         rb'(?:/>|>(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?(>[^<]*)</t></is>)?</c>)')
# a plain cell, or else (the last group) any other character that is not white space: a row
# is plain when its cells leave none (an inline string's group starts at its ">": never empty)
_PLAIN_CELL = re.compile(_CELL + rb"|(\S)")
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_COLUMNS: dict[bytes, int] = {}
_EMPTY = Cell(None)  # a cell left out of a plain row (never changed by a reader)


def _unescape(text: str) -> str | None:
    """XML text with its character references replaced; None for any other "&" (not plain)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # as an XML parser reads it
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        if m.group(1):
            return _NAMED[m.group(1)]
        code = int(m.group(2)) if m.group(2) else int(m.group(3), 16)
        return chr(code) if 0 < code < 0x110000 else "\ufffd"

    out = _ENTITY.sub(one, text)
    return None if "&" in _ENTITY.sub("", text) else out


def _plain_rows(raw: bytes, strings: list[str], dates: list[bool],
                fills: list[Fill | None]) -> Iterator[tuple[int | None, list[Cell]]]:
    """(row number, cells) of each row in the plain form; (None, []) where it stops."""
    head = raw[:200]
    if head.startswith(b"<?xml") and b"encoding" in head.split(b"?>", 1)[0] \
            and not re.search(rb'encoding=["\'](?i:utf-8)["\']', head.split(b"?>", 1)[0]):
        yield None, []
        return
    m = _SHEET_DATA.search(raw)
    if m is None or _MAIN not in raw[:m.start()] or b"<!--" in raw or b"<![CDATA[" in raw:
        yield None, []
        return
    pos = m.end()
    end = raw.find(b"</sheetData>", pos)
    if end < 0:
        yield None, []
        return
    last = 0
    row_match, find = _ROW_HEAD.match, raw.find
    while pos < end:
        row = row_match(raw, pos)
        if row is None and not raw[pos:end].strip():
            return  # only white space before </sheetData>
        if row is None or row.end() > end:
            yield None, []
            return
        if row.group(2):  # <row r="N" …/>
            body, row_end = b"", row.end()
        else:
            close = find(b"</row>", row.end(), end)
            if close < 0:
                yield None, []
                return
            body, row_end = raw[row.end():close], close + 6
        r = int(row.group(1))
        if r <= last:
            yield None, []
            return
        cells = _plain_cells(body, strings, dates, fills)
        if cells is None:
            yield None, []
            return
        last, pos = r, row_end
        yield r, cells


def _plain_cells(body: bytes, strings: list[str], dates: list[bool],
                 fills: list[Fill | None]) -> list[Cell] | None:
    """A plain row's cells, or None where the row is not in the plain form."""
    cells: list[Cell] = []
    columns, n_dates, n_strings = _COLUMNS, len(dates), len(strings)
    for letters, st, t, v, inline, other in _PLAIN_CELL.findall(body):
        if other:
            return None  # markup the plain form does not know
        col = columns.get(letters)
        if col is None:
            col = columns.setdefault(letters, _column(letters.decode()))
        have = len(cells)
        if col != have:
            if col < have:
                return None  # out of order: leave it to the parser
            cells.extend([_EMPTY] * (col - have))
        s = int(st) if st else 0
        value: Any = None
        if inline:
            if t != b"inlineStr":
                return None
            value = inline[1:].decode()
            if "&" in value or "\r" in value:
                value = _unescape(value)
                if value is None:
                    return None
        elif v:
            text = v.decode()
            if "&" in text or "\r" in text:
                text = _unescape(text)
                if text is None:
                    return None
            if not t or t == b"n":
                try:
                    value = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
                except ValueError:
                    return None
                if s and s < n_dates and dates[s]:
                    value = _from_excel(float(value))
            elif t == b"s":
                i = int(text) if text.isdigit() else -1
                value = strings[i] if 0 <= i < n_strings else None
            elif t == b"str":
                value = text
            elif t == b"b":
                value = text == "1"
            else:
                return None
        elif t == b"inlineStr":
            return None
        cells.append(Cell(value, s, fills))
    return cells


def _column(ref: str) -> int:
    n = 0
    for ch in ref.rstrip(_DIGITS):
        n = n * 26 + ord(ch) - 64
    return n - 1


_BASE = dt.datetime(1899, 12, 30)


@functools.lru_cache(maxsize=4096)  # a sheet's dates repeat (monthly values of many indicators)
def _from_excel(serial: float) -> dt.datetime | None:
    if not 0 <= serial < 2958466:
        return None
    return _BASE + dt.timedelta(days=serial)
