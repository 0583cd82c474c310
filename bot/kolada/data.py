"""Kolada's JSON objects, read tolerantly into plain values.

A data object is ``{"kpi": "N01951", "municipality": "1882", "period": 2024, "values":
[{"gender": "T", "value": 11416.0, "count": 1, "status": ""}, ...]}``; a missing value has
value null (status "Missing"). A municipality is ``{"id", "title", "type"}`` (type K
kommun, L region; "0000" is the whole country); a KPI is ``{"id", "title", "description",
"is_divided_by_gender", ...}``. What does not fit is counted, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from store.kolada import Value

GENDERS = ("T", "K", "M")
_KPI = re.compile(r"^[A-Z]\d{5}$")
_MUNI = re.compile(r"^(?:\d{4}|G\d+)$")


@dataclass
class Parsed:
    values: list[Value] = field(default_factory=list)
    municipalities: list[tuple[str, str, str | None]] = field(default_factory=list)
    kpis: list[tuple[str, str, str | None, int | None]] = field(default_factory=list)
    skipped: int = 0  # objects or rows that could not be read

    def extend(self, other: Parsed) -> None:
        self.values += other.values
        self.municipalities += other.municipalities
        self.kpis += other.kpis
        self.skipped += other.skipped


def _year(period: Any) -> int | None:
    s = str(period).strip()
    return int(s) if re.fullmatch(r"(19|20)\d\d", s) else None


def _number(v: Any) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(str(v).replace(",", "."))
    except ValueError:
        return None


def read_objects(objects: list[Any]) -> Parsed:
    """Sort the objects of a page (data, municipalities or KPIs) into plain rows."""
    out = Parsed()
    for obj in objects:
        if not isinstance(obj, dict):
            out.skipped += 1
        elif "period" in obj and "kpi" in obj:
            _data(obj, out)
        elif "id" in obj and "title" in obj and "type" in obj and "kpi" not in obj:
            out.municipalities.append((str(obj["id"]), str(obj["title"]),
                                       str(obj["type"]) if obj["type"] is not None else None))
        elif "id" in obj and "title" in obj and _KPI.match(str(obj["id"])):
            g = obj.get("is_divided_by_gender")
            out.kpis.append((str(obj["id"]), str(obj["title"]), obj.get("description"),
                             int(bool(g)) if g is not None else None))
        else:
            out.skipped += 1
    return out


def _data(obj: dict[str, Any], out: Parsed) -> None:
    kpi, muni, period = obj.get("kpi"), obj.get("municipality"), obj.get("period")
    year = period if type(period) is int and 1900 <= period <= 2100 else _year(period)
    rows = obj.get("values")
    if (not isinstance(kpi, str) or not isinstance(muni, str) or not _KPI.match(kpi)
            or not _MUNI.match(muni) or year is None or not isinstance(rows, list)):
        out.skipped += 1
        return
    append = out.values.append
    for r in rows:
        if not isinstance(r, dict) or r.get("gender") not in GENDERS:
            out.skipped += 1
            continue
        raw = r.get("value")
        value = float(raw) if isinstance(raw, (float, int)) and not isinstance(raw, bool) else _number(raw)
        if raw is not None and value is None:
            out.skipped += 1
            continue
        count = r.get("count")
        append(Value(kpi, muni, year, r["gender"], value, r.get("status") or None,
                     int(count) if isinstance(count, (int, float)) else None))
