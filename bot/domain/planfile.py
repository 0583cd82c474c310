"""Read and validate a plan file, reporting every problem with file, line and field."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.domain import fmt
from bot.domain.plan import parse_number, value_range
from bot.domain.schema import PlanFile
from bot.domain.tidplan import Tidplan, parse_tidplan

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One problem of a plan file: where (file and line; in a workbook its sheet, row and
    column) and what, in Swedish."""

    file: str
    line: int | None
    field: str
    message: str
    sheet: str | None = None  # a workbook's sheet ("Uppdrag"); ``line`` is then its row
    column: str | None = None  # a workbook's column: "C (Titel)"

    def __str__(self) -> str:
        if self.sheet is not None:
            where = f"{self.file}: blad {self.sheet}"
            if self.line:
                where += f", rad {self.line}"
            if self.column:
                where += f", kolumn {self.column}"
            return f"{where}: {self.message}"
        where = f"{self.file}:{self.line}" if self.line else self.file
        fld = f" [{self.field}]" if self.field else ""
        return f"{where}:{fld} {self.message}"


class PlanFileError(Exception):
    """A plan file has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class LoadedPlan:
    plan: PlanFile
    tidplaner: dict[str, Tidplan]
    measurements: list[tuple[str, dt.date, float, str | None]] = field(default_factory=list)
    sha256: str = ""
    path: str = ""


# --- YAML with line numbers ---------------------------------------------------

# libyaml's loader when PyYAML has it (it does in its wheels): ten times faster
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for line numbers) and the data built from it."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _refuse_aliases(node)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


class AliasError(yaml.YAMLError):
    """A plan file used an anchor and alias (&x … *x): plan files need none, and a few hundred
    bytes of nested aliases would expand to gigabytes (or, pointing at itself, never end)."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.problem_mark = mark
        self.problem = ("ankare och alias (&namn … *namn) används inte i planfiler; "
                        "skriv ut värdet på varje ställe")


def _refuse_aliases(root: yaml.Node) -> None:
    """Raise AliasError at the first node reached twice: an alias. Linear in the file's size,
    since no node is entered twice (so neither a billion laughs nor a loop gets further)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise AliasError(node.start_mark)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                stack += [v, k]
        elif isinstance(node, yaml.SequenceNode):
            stack += reversed(node.value)


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], dupes: list[tuple[Path_, int]]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dupes.append((path + (key,), key_node.start_mark.line + 1))
            seen.add(key)
            _walk(value_node, path + (key,), lines, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, dupes)
    return None


def _line_for(lines: dict[Path_, int], loc: Path_) -> int | None:
    p = tuple(loc)
    while p:
        if p in lines:
            return lines[p]
        p = p[:-1]
    return lines.get((), None)


def _fieldname(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_MSG = {
    "missing": "fältet saknas",
    "extra_forbidden": "okänt fält (stavfel?)",
    "int_parsing": "ska vara ett heltal",
    "int_type": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "float_parsing": "ska vara ett tal",
    "float_type": "ska vara ett tal",
    "string_type": "ska vara text",
    "bool_parsing": "ska vara true eller false",
    "bool_type": "ska vara true eller false",
    "list_type": "ska vara en lista",
    "dict_type": "ska vara ett avsnitt (nycklar och värden)",
    "model_type": "ska vara ett avsnitt (nycklar och värden)",
    "literal_error": "otillåtet värde",
    "enum": "otillåtet värde",
    "date_from_datetime_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "date_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "date_type": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "datetime_parsing": "ska vara en tidpunkt ÅÅÅÅ-MM-DDTtt:mm",
    "datetime_from_date_parsing": "ska vara en tidpunkt ÅÅÅÅ-MM-DDTtt:mm",
    "datetime_type": "ska vara en tidpunkt ÅÅÅÅ-MM-DDTtt:mm",
    "string_pattern_mismatch": "fel form",
    "greater_than_equal": "för litet",
    "less_than_equal": "för stort",
}


def _message(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    base = _MSG.get(kind)
    if kind == "value_error":
        return str(err.get("msg", "")).removeprefix("Value error, ")
    if kind in ("literal_error", "enum"):
        expected = str(err.get("ctx", {}).get("expected", "")).replace(" or ", " eller ")
        return f"otillåtet värde {err.get('input')!r}; tillåtet: {expected}"
    if base:
        inp = err.get("input")
        if kind != "missing" and not isinstance(inp, (dict, list)):
            return f"{base} (står {inp!r})"
        return base
    return str(err.get("msg", kind))


# --- loading -------------------------------------------------------------------


# uppdrag keys already in the store, per (nämnd id, plan year): what aktiviteter may answer
KnownUppdrag = Mapping[tuple[str, int], set[str] | frozenset[str]]
# indicator id -> the nämnd whose plan holds it: an id belongs to one nämnd in a store (its
# measurements, owners and Kolada link are the indicator's), so another nämnd may not reuse it
HeldIndicators = Mapping[str, str]
# where a location in the plan data is in its file: the problem to report there
Locate = Callable[[Path_, str], Problem]


def validate(data: dict[str, Any], locate: Locate,
             known_uppdrag: KnownUppdrag | None = None,
             held_indicators: HeldIndicators | None = None) -> tuple[PlanFile | None, list[Problem]]:
    """Validate plan data (from YAML or a workbook): the model, then the references.
    ``locate`` turns a location in the data and a message into a problem in the file;
    ``held_indicators``: the indicator ids other plans already hold, and whose they are."""
    problems: list[Problem] = []
    plan: PlanFile | None = None
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(locate(tuple(err["loc"]), _message(dict(err))))
    if plan is not None:
        problems.extend(_check_references(plan, locate, known_uppdrag or {}, held_indicators or {}))
    return plan, problems


def tidplaner_of(plan: PlanFile) -> dict[str, Tidplan]:
    """The parsed tidplan of every uppdrag and aktivitet, by key."""
    year = plan.document.year
    out = {u.key: parse_tidplan(u.tidplan, year) for u in plan.uppdrag}
    out.update({a.key: parse_tidplan(a.tidplan, year) for a in plan.aktiviteter})
    return out


def read_plan(path: str | Path, known_indicators: set[str] | frozenset[str] = frozenset(),
              known_uppdrag: KnownUppdrag | None = None,
              held_indicators: HeldIndicators | None = None) -> LoadedPlan:
    """Read, parse and validate a plan file (and its CSVs). Raises PlanFileError."""
    p = Path(path)
    name = str(p)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise PlanFileError([Problem(name, None, "", f"kan inte läsa filen: {exc.strerror}")]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise PlanFileError([Problem(
            name, bad_line, "", f"filen är inte UTF-8 (byte 0x{raw[exc.start]:02x} på rad {bad_line}); "
            "spara den som UTF-8")]) from exc
    text = text.removeprefix("\ufeff")
    problems: list[Problem] = []
    try:
        node, data = _load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        ctx = getattr(exc, "context_mark", None)
        line: int | None = mark.line + 1 if mark else None
        what = getattr(exc, "problem", None) or str(exc)
        if ctx is not None and line is not None and 0 < line - (ctx.line + 1) <= 5:
            what += f" (det som började på rad {ctx.line + 1} avslutas inte)"
        raise PlanFileError([Problem(name, line, "", f"ogiltig YAML: {what}")]) from exc
    if node is None or not isinstance(data, dict):
        raise PlanFileError([Problem(name, 1, "", "filen är tom eller inte ett YAML-avsnitt")])
    lines: dict[Path_, int] = {}
    dupes: list[tuple[Path_, int]] = []
    _walk(node, (), lines, dupes)
    for loc, line in dupes:
        problems.append(Problem(name, line, _fieldname(loc), "nyckeln finns två gånger i samma avsnitt"))

    def locate(loc: Path_, message: str) -> Problem:
        return Problem(name, _line_for(lines, loc), _fieldname(loc), message)

    plan, found = validate(data, locate, known_uppdrag, held_indicators)
    problems.extend(found)
    measurements: list[tuple[str, dt.date, float, str | None]] = []
    if plan is not None:
        known = {i.id for i in plan.indikatorer} | set(known_indicators)
        ranges = {i.id: (str(i.unit), value_range(i.unit, i.name, i.baseline))
                  for i in plan.indikatorer}
        for i, csv_name in enumerate(plan.measurements_csv):
            measurements.extend(_read_csv(p.parent / csv_name, known, problems,
                                          lines.get(("measurements_csv", i)), ranges))
    if problems:
        problems.sort(key=lambda pr: (pr.file != name, pr.file, pr.line or 0))
        raise PlanFileError(problems)
    assert plan is not None
    return LoadedPlan(plan=plan, tidplaner=tidplaner_of(plan), measurements=measurements,
                      sha256=hashlib.sha256(raw).hexdigest(), path=name)


def _check_references(plan: PlanFile, locate: Locate, known_uppdrag: KnownUppdrag,
                      held: HeldIndicators) -> list[Problem]:
    out: list[Problem] = []

    def where(loc: Path_) -> str:
        p = locate(loc, "")
        return f"rad {p.line}" if p.line else _fieldname(loc)

    def dup(section: str, keyfield: str, keys: list[str]) -> None:
        first: dict[str, int] = {}
        for idx, k in enumerate(keys):
            if k in first:
                out.append(locate((section, idx, keyfield),
                                  f"{k} finns redan ({where((section, first[k]))})"))
            else:
                first[k] = idx

    dup("malomraden", "number", [str(m.number) for m in plan.malomraden])
    dup("indikatorer", "id", [i.id for i in plan.indikatorer])
    dup("uppdrag", "key", [u.key for u in plan.uppdrag])
    dup("aktiviteter", "key", [a.key for a in plan.aktiviteter])
    dup("budget", "id", [b.id for b in plan.budget])
    dup("investeringsprojekt", "name", [f"{p.name} {p.year}" for p in plan.investeringsprojekt])
    known = {i.id for i in plan.indikatorer}
    numbers = {m.number for m in plan.malomraden}
    for idx, u in enumerate(plan.uppdrag):
        for j, ref in enumerate(u.indicators):
            if ref not in known:
                out.append(locate(("uppdrag", idx, "indicators", j), f"okänd indikator {ref!r}"))
        if numbers and u.malomrade not in numbers:
            out.append(locate(("uppdrag", idx, "key"), f"målområde {u.malomrade} finns inte i filen"))
    keys = {u.key for u in plan.uppdrag}
    year = plan.document.year
    stored = known_uppdrag.get((plan.namnd.id, year), frozenset()) if plan.namnd and year else frozenset()
    for idx, a in enumerate(plan.aktiviteter):
        if a.uppdrag not in keys and a.uppdrag not in stored:
            nm = f" för {plan.namnd.name} {year}" if plan.namnd and year else ""
            out.append(locate(("aktiviteter", idx, "key"),
                              f"aktivitet {a.key} svarar mot uppdrag {a.uppdrag}, som varken finns "
                              f"i filen eller i den inlästa uppdragsplanen{nm}"))
    act_keys = {a.key for a in plan.aktiviteter}
    for idx, h in enumerate(plan.history):
        if h.uppdrag.count(".") == 2:
            if h.uppdrag not in act_keys:
                out.append(locate(("history", idx, "uppdrag"),
                                  f"aktivitet {h.uppdrag} finns inte i filen"))
        elif h.uppdrag not in keys:
            out.append(locate(("history", idx, "uppdrag"), f"uppdrag {h.uppdrag} finns inte i filen"))
    for idx, i in enumerate(plan.indikatorer):
        other = held.get(i.id)
        if plan.namnd is not None and other is not None and other != plan.namnd.id:
            out.append(locate(("indikatorer", idx, "id"),
                              f"id {i.id!r} används redan av en annan nämnds indikator (nämnden {other!r}); "
                              "en indikator hör till en nämnd (dess mätvärden, ansvariga och "
                              f"Kolada-koppling), så ge den här ett eget id, t.ex. {plan.namnd.id}-{i.id}"))
        if numbers and i.malomrade not in numbers:
            out.append(locate(("indikatorer", idx, "malomrade"),
                              f"målområde {i.malomrade} finns inte i filen"))
    if (plan.malomraden or plan.uppdrag or plan.indikatorer or plan.budget
            or plan.aktiviteter) and plan.namnd is None:
        out.append(locate(("namnd",), "fältet saknas: mål, indikatorer, uppdrag, aktiviteter och "
                                      "budget hör till en nämnd"))
    if (plan.uppdrag or plan.aktiviteter) and plan.document.year is None:
        out.append(locate(("document", "year"),
                          "fältet saknas: uppdragens tidplan behöver planens år"))
    if plan.aktiviteter and plan.verksamhetsplan is None:
        out.append(locate(("verksamhetsplan",), "fältet saknas: aktiviteterna hör till en "
                                                "verksamhetsplan (ange förvaltningen)"))
    return out


def _read_csv(path: Path, known: set[str], problems: list[Problem], ref_line: int | None,
              ranges: dict[str, tuple[str, tuple[float, float]]] | None = None
              ) -> list[tuple[str, dt.date, float, str | None]]:
    """The measurements of a plan's CSV file; each row's problem in ``problems`` (an unknown
    indicator, a date or value that is none, a value its unit cannot hold: ``ranges``, by the
    plan's indicators)."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError:
        problems.append(Problem(name, ref_line, "measurements_csv", "CSV-filen finns inte"))
        return []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, "", "filen är inte UTF-8; spara den som UTF-8"))
        return []
    reader = csv.DictReader(io.StringIO(text))
    need = {"indikator", "datum", "värde"}
    if not reader.fieldnames or not need <= set(reader.fieldnames):
        problems.append(Problem(name, 1, "", "rubrikraden ska vara: indikator,datum,värde,källa"))
        return []
    out = []
    first_line: dict[tuple[str, dt.date], int] = {}
    for row in reader:
        line = reader.line_num
        slug = (row.get("indikator") or "").strip()
        if slug not in known:
            problems.append(Problem(name, line, "indikator", f"okänd indikator {slug!r}"))
            continue
        try:
            date = dt.date.fromisoformat((row.get("datum") or "").strip())
        except ValueError:
            problems.append(Problem(name, line, "datum", f"ska vara ett datum ÅÅÅÅ-MM-DD (står {row.get('datum')!r})"))
            continue
        try:
            value = parse_number(row.get("värde") or "")
        except ValueError:
            problems.append(Problem(name, line, "värde", f"ska vara ett tal (står {row.get('värde')!r})"))
            continue
        unit, (lo, hi) = (ranges or {}).get(slug, ("", (-float("inf"), float("inf"))))
        if not lo <= value <= hi:
            problems.append(Problem(name, line, "värde", f"{fmt.number(value)} är inget rimligt "
                                    f"värde för {slug} i {unit} (mellan {fmt.number(lo)} och "
                                    f"{fmt.number(hi)})"))
            continue
        if (slug, date) in first_line:
            problems.append(Problem(name, line, "datum", f"{slug} har redan ett värde för {date} "
                                    f"(rad {first_line[slug, date]}); ett värde per indikator och datum"))
            continue
        first_line[slug, date] = line
        out.append((slug, date, value, (row.get("källa") or "").strip() or None))
    return out
