"""Read a workbook (bot.documents.layout) into plan data and validate it the way a YAML plan
file is validated (bot.domain.planfile.validate): every problem with its sheet, row and column,
and nothing to write unless all of it is valid.

The file passes `safezip` first; `xlsxread` then streams its rows (lxml, no entities,
memory flat) with each cell's fill, which is how a status colour given as a coloured cell
is read.
"""

from __future__ import annotations

import colorsys
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.documents import layout as L
from bot.documents.safezip import UnsafeWorkbook, read_checked
from bot.domain.plan import parse_number
from bot.domain.planfile import (
    HeldIndicators,
    KnownUppdrag,
    LoadedPlan,
    PlanFileError,
    Problem,
    tidplaner_of,
    validate,
)
from bot.domain.schema import _COLUMN, Vocabulary
from bot.domain.text import fold

MAX_ROWS = 1_000_000  # per sheet
MAX_COLUMNS = 1_000
MAX_CELL = 32_767  # Excel's own limit on a cell's characters

ChatValues = set[tuple[str, dt.date, float]] | frozenset[tuple[str, dt.date, float]]


class _Skip(Exception):
    """A cell could not be read; its problem is recorded."""


@dataclass
class _Origin:
    sheet: L.Sheet
    row: int


@dataclass
class _PlanDraft:
    row: int
    data: dict[str, Any]
    role: str  # "plan" or "verksamhetsplan": which sheets' rows it takes
    origins: dict[tuple[Any, ...], _Origin] = field(default_factory=dict)
    budget_values: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    extra: list[tuple[str, dt.date, float, str | None]] = field(default_factory=list)


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        # per sheet: field -> "C (Titel)"
        self.labels: dict[str, dict[str, str]] = {}

    def problem(self, sheet: str | None, row: int | None, column: str | None, message: str,
                fld: str = "") -> None:
        self.problems.append(Problem(self.name, row, fld, message, sheet=sheet, column=column))


def read_workbook(path: str | Path, known_indicators: set[str] | frozenset[str] = frozenset(),
                  known_uppdrag: KnownUppdrag | None = None,
                  chat_values: ChatValues = frozenset(),
                  held_indicators: HeldIndicators | None = None) -> list[LoadedPlan]:
    """Read and validate every plan of the workbook. Raises PlanFileError with every problem.
    ``held_indicators``: whose plan holds each indicator id already (planfile.HeldIndicators);
    a plan of the workbook holds its ids for the plans after it.

    ``chat_values``: (indikator, datum, värde) the store already has from chat; rows of
    Mätvärden marked "chatt" with such a value are already there and are not read again."""
    name = str(path)
    try:
        raw = read_checked(path)
    except UnsafeWorkbook as exc:
        raise PlanFileError([Problem(name, None, "", str(exc))]) from exc
    from bot.documents.xlsxread import Workbook

    try:
        wb = Workbook(raw)
    except Exception as exc:  # any failure of a hostile or broken file
        raise PlanFileError([Problem(name, None, "", f"arbetsboken går inte att läsa: {exc}")]) from exc
    rd = _Reader(name)
    try:
        rows = _read_sheets(wb, rd)
    finally:
        wb.close()
    if any(p.sheet == L.PLANER.name and p.line is None for p in rd.problems):
        raise PlanFileError(rd.problems)
    # every problem at once: a cell that could not be read is left out, and what the
    # validation then says about that same cell is not said twice
    reported = {(p.sheet, p.line, p.field) for p in rd.problems}
    drafts = _plans(rows, rd, known_indicators, chat_values)
    sha = hashlib.sha256(raw).hexdigest()
    # aktiviteter may answer uppdrag of another plan of the same workbook
    known: dict[tuple[str, int], set[str]] = {k: set(v) for k, v in (known_uppdrag or {}).items()}
    for d in drafts:
        nm, year = (d.data.get("namnd") or {}).get("id"), (d.data.get("document") or {}).get("year")
        if nm and isinstance(year, int):
            known.setdefault((nm, year), set()).update(
                u["key"] for u in d.data.get("uppdrag", []) if isinstance(u.get("key"), str))
    loaded = []
    held = dict(held_indicators or {})
    for d in drafts:
        def locate(loc: tuple[Any, ...], msg: str, d: _PlanDraft = d) -> Problem:
            return _locate(rd, d, loc, msg)

        plan, problems = validate(d.data, locate, known, held)
        if plan is not None and plan.namnd is not None:
            for i in plan.indikatorer:
                held.setdefault(i.id, plan.namnd.id)
        rd.problems.extend(p for p in problems if (p.sheet, p.line, p.field) not in reported)
        if plan is not None and not problems:
            loaded.append(LoadedPlan(plan=plan, tidplaner=tidplaner_of(plan), measurements=d.extra,
                                     sha256=sha, path=name))
    if rd.problems:
        rd.problems.sort(key=lambda p: (_sheet_order(p.sheet), p.line or 0))
        raise PlanFileError(rd.problems)
    return loaded


def _sheet_order(name: str | None) -> int:
    for i, s in enumerate(L.SHEETS):
        if s.name == name:
            return i
    return -1


# --- the sheets -------------------------------------------------------------------------------

Cells = dict[str, Any]  # field -> value, "_row" -> row number, "_values" -> budget amounts


def _read_sheets(wb: Any, rd: _Reader) -> dict[str, list[Cells]]:
    out: dict[str, list[Cells]] = {}
    for title in wb.sheetnames:
        if fold(title) == fold(L.INSTRUCTIONS):
            continue
        sheet = next((s for s in L.SHEETS if fold(s.name) == fold(title)), None)
        if sheet is None:
            rd.problem(title, None, None, "okänt blad; bladen heter " +
                       ", ".join(s.name for s in L.SHEETS))
            continue
        if sheet.name in out:
            rd.problem(title, None, None, "bladet finns två gånger")
            continue
        try:
            out[sheet.name] = _read_sheet(wb.rows(title), sheet, rd)
        except Exception as exc:  # noqa: BLE001  (a broken sheet: said, not raised)
            rd.problem(title, None, None, f"bladet går inte att läsa: {exc}")
    if L.PLANER.name not in out and not rd.problems:
        rd.problem(L.PLANER.name, None, None, "bladet Planer saknas: det anger organisation, "
                   "nämnd och planens år")
    return out


def _letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _read_sheet(rows: Iterator[list[Any]], sheet: L.Sheet, rd: _Reader) -> list[Cells]:
    try:
        header = next(rows)
    except StopIteration:
        return []
    if len(header) > MAX_COLUMNS:
        rd.problem(sheet.name, 1, None, f"för många kolumner ({len(header)}; högst {MAX_COLUMNS})")
        return []
    by_header = {fold(c.header): c for c in sheet.columns}
    cols: list[tuple[int, L.Column | str]] = []  # position -> column, or a budget value head
    labels: dict[str, str] = {}
    seen: set[str] = set()
    for i, cell in enumerate(header):
        text = "" if cell.value is None else str(cell.value).strip()
        if not text:
            continue
        label = f"{_letter(i)} ({text})"
        col = by_header.get(fold(text))
        if col is None and sheet is L.BUDGET and _COLUMN.match(text.lower()):
            cols.append((i, text.lower()))
            labels["=" + text.lower()] = label
            continue
        if col is None:
            known = ", ".join(c.header for c in sheet.columns)
            rd.problem(sheet.name, 1, label, f"okänd kolumn; kolumnerna heter {known}")
            continue
        if col.header in seen:
            rd.problem(sheet.name, 1, label, "kolumnen finns två gånger")
            continue
        seen.add(col.header)
        cols.append((i, col))
        if col.field:
            labels[col.field] = label
    for c in sheet.columns:
        if c.required and c.header not in seen:
            rd.problem(sheet.name, 1, None, f"kolumnen {c.header} saknas")
    rd.labels[sheet.name] = labels
    # what each row is read for: a budget amount's head, or a column with a field (its fill
    # looked at only where a colour can be given by it)
    wanted = [(i, spec, isinstance(spec, L.Column) and spec.kind in ("colour", "status"))
              for i, spec in cols if isinstance(spec, str) or (not spec.shown and spec.field)]
    out: list[Cells] = []
    for n, row in enumerate(rows, start=2):
        if n > MAX_ROWS:
            rd.problem(sheet.name, n, None, f"för många rader (högst {MAX_ROWS})")
            break
        cells: Cells = {"_row": n}
        values: dict[str, Any] = {}
        empty = True
        width = len(row)
        for i, spec, by_fill in wanted:
            if i >= width:
                continue
            cell = row[i]
            v = cell.value
            if isinstance(spec, str):
                if v is not None and v != "":
                    empty = False
                values[spec] = (v, cell, labels["=" + spec])
                continue
            col = spec
            fill = _fill_colour(cell) if by_fill else None
            if (v is None or v == "") and fill is None:
                continue
            empty = False
            try:
                cells[col.field] = _convert(v, col, fill)
            except _Skip as exc:
                rd.problem(sheet.name, n, labels[col.field], str(exc), col.field)
            if col.kind == "status" and fill is not None:
                cells["_status_fill"] = fill
        if empty:
            continue
        if values:
            cells["_values"] = values
        out.append(cells)
    return out


# --- cells ------------------------------------------------------------------------------------

_TRUE = {"ja", "j", "x", "sant", "true", "1", "yes"}
_FALSE = {"nej", "n", "falskt", "false", "0", "no", "-"}
_COLOURS = {"gron": "grön", "gul": "gul", "rod": "röd", "green": "grön", "yellow": "gul",
            "red": "röd", "orange": "gul"}


def _text(v: Any) -> str:
    if type(v) is str:  # most cells: no number or date to write out first
        s = v.strip()
        if len(s) > MAX_CELL:
            raise _Skip(f"texten är för lång ({len(s)} tecken)")
        return s
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()[:10]
    s = str(v).strip()
    if len(s) > MAX_CELL:
        raise _Skip(f"texten är för lång ({len(s)} tecken)")
    return s


def _convert(v: Any, col: L.Column, fill: str | None) -> Any:  # one branch a kind
    kind = col.kind
    if kind in ("text", "status"):
        return _text(v) if v is not None and v != "" else None
    if kind == "key":
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            raise _Skip(f"numret är ett tal i Excel ({v}); skriv det som text (3.10 blir annars 3,1)")
        s = re.sub(r"\s+", "", _text(v)).replace(",", ".")
        return s
    if kind == "int":
        if isinstance(v, bool):
            raise _Skip(f"ska vara ett heltal (står {v!r})")
        if isinstance(v, int):
            return v
        if isinstance(v, float) and v.is_integer():
            return int(v)
        try:
            f = parse_number(_text(v))
        except ValueError:
            raise _Skip(f"ska vara ett heltal (står {_text(v)!r})") from None
        if not f.is_integer():
            raise _Skip(f"ska vara ett heltal (står {_text(v)!r})")
        return int(f)
    if kind == "number":
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
        s = _text(v)
        if s in ("-", "–"):
            return None
        try:
            return parse_number(s)
        except ValueError:
            raise _Skip(f"ska vara ett tal (står {s!r})") from None
    if kind == "bool":
        if isinstance(v, bool):
            return v
        s = fold(_text(v))
        if s in _TRUE:
            return True
        if s in _FALSE or s == "":
            return False
        raise _Skip(f"ska vara ja eller nej (står {_text(v)!r})")
    if kind == "date":
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        try:
            return dt.date.fromisoformat(_text(v))
        except ValueError:
            raise _Skip(f"ska vara ett datum ÅÅÅÅ-MM-DD (står {_text(v)!r})") from None
    if kind == "list":
        return [p.strip() for p in _text(v).split(",") if p.strip()]
    if kind == "lines":
        return [p.strip() for p in _text(v).splitlines() if p.strip()]
    if kind == "colour":
        if v is not None and v != "":
            c = _COLOURS.get(fold(_text(v)))
            if c is None:
                raise _Skip(f"okänd färg {_text(v)!r}; skriv grön, gul eller röd")
            return c
        if fill == "?":
            raise _Skip("cellens färg är varken grön, gul eller röd; skriv färgen som ord")
        return fill
    raise AssertionError(kind)


def _fill_colour(cell: Any) -> str | None:
    """grön, gul or röd for a cell filled in such a colour; "?" for another fill; None for
    none (or white, grey, black)."""
    fill = getattr(cell, "fill", None)
    if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
        return None
    colour = fill.fgColor if fill.fill_type == "solid" else (fill.fgColor or fill.bgColor)
    rgb = _rgb(colour)
    if rgb is None:
        return "?" if getattr(colour, "type", None) == "theme" else None
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    if s < 0.12 or v < 0.2:
        return None  # white, grey, black: no colour meant
    deg = h * 360
    if deg < 18 or deg >= 330:
        return "röd"
    if deg < 70:
        return "gul"
    if deg < 170:
        return "grön"
    return "?"


def _rgb(colour: Any) -> str | None:
    if colour is None:
        return None
    kind = getattr(colour, "type", None)
    if kind == "rgb" and isinstance(colour.rgb, str) and len(colour.rgb) in (6, 8):
        return colour.rgb[-6:]
    if kind == "indexed":
        from bot.documents.xlsxcolours import COLOR_INDEX

        idx = colour.indexed
        if isinstance(idx, int) and 0 <= idx < len(COLOR_INDEX) and idx not in (64, 65):
            return str(COLOR_INDEX[idx])[-6:]
    return None


# --- the plans --------------------------------------------------------------------------------


def _nest(flat: Cells) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in flat.items():
        if k.startswith("_"):
            continue
        head, _, tail = k.partition(".")
        if tail:
            out.setdefault(head, {})[tail] = v
        else:
            out[head] = v
    return out


def _plans(rows: dict[str, list[Cells]], rd: _Reader, known_indicators: set[str] | frozenset[str],
           chat_values: ChatValues) -> list[_PlanDraft]:
    drafts: list[_PlanDraft] = []
    P = L.PLANER.name
    for cells in rows.get(P, []):
        data = _nest(cells)
        words = data.get("organisation", {}).pop("words", None)
        if words:
            vocab: dict[str, str] = {}
            for line in words:
                k, sep, v = line.partition("=")
                if not sep or k.strip() not in Vocabulary.model_fields:
                    rd.problem(P, cells["_row"], rd.labels[P].get("organisation.words"),
                               f"okänd rad i ordlistan {line!r}; skriv t.ex. malomrade=Övergripande mål "
                               f"({', '.join(Vocabulary.model_fields)})")
                    continue
                vocab[k.strip()] = v.strip()
            data["organisation"]["words"] = vocab
        vp = data.get("verksamhetsplan")
        if vp is not None and "forvaltning" not in vp and set(vp) <= {"demo"} and not vp.get("demo"):
            data.pop("verksamhetsplan")
        data.setdefault("format", "styrbot-plan/1")
        role = "verksamhetsplan" if data.get("document", {}).get("kind") == "verksamhetsplan" else "plan"
        d = _PlanDraft(row=cells["_row"], data=data, role=role)
        for top in ("organisation", "namnd", "document", "verksamhetsplan", "format"):
            d.origins[(top,)] = _Origin(L.PLANER, cells["_row"])
        d.origins[()] = _Origin(L.PLANER, cells["_row"])
        drafts.append(d)
    if not drafts:
        if P in rows:
            rd.problem(P, 2, None, "bladet Planer har ingen plan (en rad per plan)")
        return []

    def owner(sheet: L.Sheet, cells: Cells, role: str) -> _PlanDraft | None:
        nm = cells.get("namnd")
        matches = [d for d in drafts if nm is None or (d.data.get("namnd") or {}).get("id") == nm]
        if len(matches) > 1:
            matches = [d for d in matches if d.role == role] or matches
        if len(matches) == 1:
            return matches[0]
        label = rd.labels[sheet.name].get("namnd")
        if not matches:
            rd.problem(sheet.name, cells["_row"], label,
                       f"nämnden {nm!r} finns inte i bladet Planer" if nm else
                       "ange nämnden: arbetsboken har flera planer")
        else:
            rd.problem(sheet.name, cells["_row"], label,
                       f"nämnden {nm!r} har flera planer i bladet Planer; ange en per nämnd och dokumenttyp")
        return None

    def add(sheet: L.Sheet, section: str, role: str = "plan") -> None:
        for cells in rows.get(sheet.name, []):
            d = owner(sheet, cells, role)
            if d is None:
                continue
            items = d.data.setdefault(section, [])
            d.origins[(section, len(items))] = _Origin(sheet, cells["_row"])
            item = {k: v for k, v in cells.items() if not k.startswith("_") and k != "namnd"}
            if sheet is L.UPPDRAG and "colour" not in item and cells.get("_status_fill") not in (None, "?"):
                item["colour"] = cells["_status_fill"]  # a coloured status cell
            items.append(item)

    add(L.MALOMRADEN, "malomraden")
    add(L.INDIKATORER, "indikatorer")
    add(L.UPPDRAG, "uppdrag")
    add(L.AKTIVITETER, "aktiviteter", "verksamhetsplan")
    add(L.BUDGETTABELLER, "budget")
    for d in drafts:
        for u in d.data.get("uppdrag", []):
            u.setdefault("insatser", [])
    for cells in rows.get(L.INSATSER.name, []):
        od = owner(L.INSATSER, cells, "plan")
        if od is None:
            continue
        d = od
        ups = d.data.get("uppdrag", [])
        idx = next((i for i, u in enumerate(ups) if u.get("key") == cells.get("uppdrag")), None)
        if idx is None:
            rd.problem(L.INSATSER.name, cells["_row"], rd.labels[L.INSATSER.name].get("uppdrag"),
                       f"uppdrag {cells.get('uppdrag')!r} finns inte i bladet Uppdrag")
            continue
        ins = ups[idx]["insatser"]
        d.origins[("uppdrag", idx, "insatser", len(ins))] = _Origin(L.INSATSER, cells["_row"])
        ins.append({k: v for k, v in cells.items() if k in ("number", "title", "description")})
    _budget_rows(rows, drafts, rd, owner)
    _measurements(rows, drafts, rd, known_indicators, chat_values)
    return drafts


def _budget_rows(rows: dict[str, list[Cells]], drafts: list[_PlanDraft], rd: _Reader,
                 owner: Any) -> None:
    B = L.BUDGET.name
    for cells in rows.get(B, []):
        d = owner(L.BUDGET, cells, "plan")
        if d is None:
            continue
        tables = d.data.get("budget", [])
        t_idx = next((i for i, t in enumerate(tables) if t.get("id") == cells.get("table")), None)
        if t_idx is None:
            rd.problem(B, cells["_row"], rd.labels[B].get("table"),
                       f"tabellen {cells.get('table')!r} finns inte i bladet Budgettabeller")
            continue
        table = tables[t_idx]
        columns = [c.strip().lower() for c in table.get("columns", [])]
        given: dict[str, tuple[Any, Any, str]] = cells.get("_values", {})
        values: list[int | None] = []
        labels: list[str] = []
        for col in columns:
            v, _cell, label = given.get(col, (None, None, f"({col})"))
            labels.append(label)
            if v is None or v == "":
                values.append(None)
                continue
            try:
                f = float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else parse_number(_text(v))
            except ValueError:
                rd.problem(B, cells["_row"], label, f"ska vara ett belopp i tkr (står {_text(v)!r})")
                values.append(None)
                continue
            if not f.is_integer():
                rd.problem(B, cells["_row"], label, f"ska vara ett heltal i tkr (står {_text(v)})")
            values.append(int(f))
        for col, (v, _cell, label) in given.items():
            if col not in columns and v is not None and v != "":
                rd.problem(B, cells["_row"], label,
                           f"tabellen {table.get('id')} har ingen kolumn {col!r} (se Budgettabeller)")
        trs = table.setdefault("rows", [])
        d.origins[("budget", t_idx, "rows", len(trs))] = _Origin(L.BUDGET, cells["_row"])
        d.budget_values[(t_idx, len(trs))] = labels
        item = {k: v for k, v in cells.items() if not k.startswith("_") and k not in ("namnd", "table")}
        item["values"] = values
        trs.append(item)
    for d in drafts:
        for t in d.data.get("budget", []):
            t.setdefault("rows", [])


def _measurements(rows: dict[str, list[Cells]], drafts: list[_PlanDraft], rd: _Reader,
                  known_indicators: set[str] | frozenset[str], chat_values: ChatValues) -> None:
    M = L.MATVARDEN.name
    where: dict[str, tuple[_PlanDraft, int]] = {}
    for d in drafts:
        for i, ind in enumerate(d.data.get("indikatorer", [])):
            if isinstance(ind.get("id"), str):
                where.setdefault(ind["id"], (d, i))
                ind.setdefault("measurements", [])
    origins = {"import": "import"}  # each way of writing it folded once (one a row was slow)
    for cells in rows.get(M, []):
        slug, date, value = cells.get("indikator"), cells.get("date"), cells.get("value")
        if slug is None or date is None or value is None:
            said = {p.field for p in rd.problems if p.sheet == M and p.line == cells["_row"]}
            missing = [f for f, v in (("indikator", slug), ("date", date), ("value", value))
                       if v is None and f not in said]
            for f in missing:
                rd.problem(M, cells["_row"], rd.labels[M].get(f), "fältet saknas", f)
            continue
        origin = origins.get(cells.get("origin") or "import")
        if origin is None:
            origin = origins.setdefault(cells["origin"], fold(cells["origin"]))
        if origin not in ("import", "chatt"):
            rd.problem(M, cells["_row"], rd.labels[M].get("origin"),
                       f"ursprung ska vara import eller chatt (står {cells.get('origin')!r})")
            continue
        if origin == "chatt" and (slug, date, value) in chat_values:
            continue  # already in the store, from chat
        if slug in where:
            d, i = where[slug]
            ms = d.data["indikatorer"][i]["measurements"]
            d.origins[("indikatorer", i, "measurements", len(ms))] = _Origin(L.MATVARDEN, cells["_row"])
            ms.append({k: cells[k] for k in ("date", "value", "source", "note") if k in cells})
        elif slug in known_indicators:
            drafts[0].extra.append((slug, date, value, cells.get("source")))
        else:
            rd.problem(M, cells["_row"], rd.labels[M].get("indikator"),
                       f"okänd indikator {slug!r} (varken i bladet Indikatorer eller i databasen)")


def _locate(rd: _Reader, d: _PlanDraft, loc: tuple[Any, ...], message: str) -> Problem:
    """Where in the workbook a location in a plan's data is: sheet, row and column."""
    for n in range(len(loc), -1, -1):
        origin = d.origins.get(tuple(loc[:n]))
        if origin is None:
            continue
        rest = [p for p in loc[n:]]
        sheet = origin.sheet
        labels = rd.labels.get(sheet.name, {})
        if sheet is L.PLANER:
            fld = ".".join(str(p) for p in loc if not isinstance(p, int))
            label = labels.get(fld) or next((v for k, v in labels.items() if k.startswith(fld)), None)
        else:
            fld = next((str(p) for p in rest if isinstance(p, str)), "")
            label = labels.get(fld)
            if fld == "values" and sheet is L.BUDGET:
                idx = next((p for p in rest[1:] if isinstance(p, int)), None)
                vals = d.budget_values.get((loc[1], loc[3])) if len(loc) > 3 else None
                if vals and idx is not None and idx < len(vals):
                    label = vals[idx]
            if fld == "key" and sheet is L.INSATSER:
                label = labels.get("uppdrag")
        return Problem(rd.name, origin.row, fld, message, sheet=sheet.name, column=label)
    return Problem(rd.name, None, "", message, sheet=L.PLANER.name)


def sheets_of(problems: Iterable[Problem]) -> set[str]:
    """The sheets the problems are in (for tests and summaries)."""
    return {p.sheet for p in problems if p.sheet}
