"""Kolada's data in the store: the plan's links to KPIs, Kolada's lists of municipalities and
KPIs, and every value fetched. Values are append-only: a fetch adds a row only for a value
not seen before or changed since (then the new row names the one it revises), so the same
fetch twice adds nothing. The municipality's own values of an indicator's KPI become
measurements (origin "kolada", source "Kolada") the same way.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from store.db import Row, Store

SOURCE = "Kolada"

# (kpi, municipality, year, gender) -> (row id, value, status)
Key = tuple[str, str, int, str]
Current = dict[Key, tuple[int, float | None, str | None]]


class Value(NamedTuple):
    """One value row of Kolada's data: a KPI, a municipality, a year and a gender."""

    kpi: str
    municipality: str
    year: int
    gender: str
    value: float | None
    status: str | None = None
    n: int | None = None  # Kolada's count: members behind a group's value


@dataclass
class WriteSummary:
    added: int = 0  # values not seen before
    revised: int = 0  # values Kolada changed since the last fetch
    unchanged: int = 0
    measurements_added: int = 0
    measurements_revised: int = 0
    revisions: list[str] = field(default_factory=list)  # "N01951 1882 2023 T: 11 416 → 11 420"


# --- links (written by the plan import, in its transaction) -------------------------------


def save_links(conn: sqlite3.Connection, *, org_id: str, doc_id: int, kolada_id: str | None,
               indicators: Iterable[dict[str, Any]], goals: Iterable[dict[str, Any]]) -> int:
    """Replace the document's Kolada links (they are the plan's settings, not history).
    ``indicators``: {slug, kpi, gender, title}; ``goals``: {malomrade, position, text, kpis,
    titles, gender, percentile, better, target_year, aliases, note}. Returns the number of
    links written."""
    if kolada_id is not None:
        conn.execute("UPDATE organisations SET kolada_id = ? WHERE id = ?", (kolada_id, org_id))
    conn.execute("DELETE FROM kolada_links WHERE doc_id = ?", (doc_id,))
    n = 0
    for i in indicators:
        conn.execute(
            "INSERT INTO kolada_links (org_id, doc_id, kind, subject, kpis_json, titles_json, "
            "gender) VALUES (?, ?, 'indikator', ?, ?, ?, ?)",
            (org_id, doc_id, i["slug"], json.dumps([i["kpi"]]),
             json.dumps([i["title"]] if i.get("title") else [], ensure_ascii=False), i["gender"]))
        n += 1
    for g in goals:
        conn.execute(
            "INSERT INTO kolada_links (org_id, doc_id, kind, subject, malomrade, goal_text, "
            "kpis_json, titles_json, gender, percentile, better, target_year, aliases_json, note) "
            "VALUES (?, ?, 'goal', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (org_id, doc_id, f"{g['malomrade']}.{g['position']}", g["malomrade"], g["text"],
             json.dumps(g["kpis"]), json.dumps(g["titles"], ensure_ascii=False), g["gender"],
             g["percentile"], g["better"], g["target_year"],
             json.dumps(g["aliases"], ensure_ascii=False), g["note"]))
        n += 1
    return n


def _link(row: Row) -> Row:
    row["kpis"] = json.loads(row.pop("kpis_json") or "[]")
    row["titles"] = json.loads(row.pop("titles_json") or "[]")
    row["aliases"] = json.loads(row.pop("aliases_json") or "[]")
    return row


def indicator_links(store: Store) -> list[Row]:
    """Every indicator linked to a KPI, with the indicator's id and unit."""
    rows = store.query(
        "SELECT l.*, i.id AS indikator_id, i.name AS indikator_name, i.unit FROM kolada_links l "
        "JOIN indikatorer i ON i.org_id = l.org_id AND i.slug = l.subject "
        "WHERE l.kind = 'indikator' ORDER BY i.malomrade, i.number, l.id")
    return [_link(r) for r in rows]


def goal_links(store: Store, doc_id: int | None = None) -> list[Row]:
    """The strategic goals of a document (or of every document) with their Kolada link,
    linked or not (a goal whose KPI could not be verified has kpis [] and a note)."""
    if doc_id is None:
        rows = store.query("SELECT * FROM kolada_links WHERE kind = 'goal' ORDER BY doc_id, id")
    else:
        rows = store.query("SELECT * FROM kolada_links WHERE kind = 'goal' AND doc_id = ? "
                           "ORDER BY malomrade, id", (doc_id,))
    return [_link(r) for r in rows]


def municipality_id(store: Store) -> str | None:
    """The organisation's Kolada municipality id (the first organisation's)."""
    row = store.one("SELECT kolada_id FROM organisations WHERE kolada_id IS NOT NULL "
                    "ORDER BY rowid LIMIT 1")
    return row["kolada_id"] if row else None


# --- reading values --------------------------------------------------------------------------


def version(store: Store) -> tuple[Any, ...]:
    """Changes whenever a value or a link is written: what ranking caches are keyed by."""
    row = store.one("SELECT (SELECT MAX(id) FROM kolada_values) AS v, "
                    "(SELECT MAX(id) FROM kolada_links) AS l, "
                    "(SELECT COUNT(*) FROM kolada_municipalities) AS m")
    assert row is not None
    return (row["v"], row["l"], row["m"])


def current_values(store: Store, kpi: str, gender: str) -> list[Row]:
    """The newest row of every (municipality, year) of one KPI and gender."""
    return store.query(
        "SELECT municipality, year, value, status, id FROM kolada_values v "
        "WHERE kpi = ? AND gender = ? AND id = (SELECT MAX(id) FROM kolada_values w "
        "WHERE w.kpi = v.kpi AND w.gender = v.gender AND w.year = v.year "
        "AND w.municipality = v.municipality) ORDER BY year, municipality", (kpi, gender))


def revisions(store: Store, kpi: str, municipality: str, gender: str) -> list[Row]:
    """The revised values of one KPI for one municipality, oldest first."""
    return store.query(
        "SELECT v.year, v.value, v.created_at, o.value AS was FROM kolada_values v "
        "JOIN kolada_values o ON o.id = v.revises WHERE v.kpi = ? AND v.municipality = ? "
        "AND v.gender = ? ORDER BY v.id", (kpi, municipality, gender))


def municipalities(store: Store) -> dict[str, Row]:
    return {r["id"]: r for r in store.query("SELECT * FROM kolada_municipalities")}


def kpis(store: Store) -> dict[str, Row]:
    return {r["id"]: r for r in store.query("SELECT * FROM kolada_kpis")}


def kolada_measurements(store: Store, indikator_id: int) -> list[Row]:
    return store.query("SELECT * FROM measurements WHERE indikator_id = ? AND origin = 'kolada' "
                       "ORDER BY date, id", (indikator_id,))


# --- writing ------------------------------------------------------------------------------


def _current(conn: sqlite3.Connection, kpis: set[str]) -> Current:
    out: Current = {}
    for kpi in sorted(kpis):
        for row in conn.execute(
                "SELECT municipality, year, gender, value, status, MAX(id) FROM kolada_values "
                "WHERE kpi = ? GROUP BY gender, year, municipality", (kpi,)):
            out[(kpi, row[0], int(row[1]), row[2])] = (int(row[5]), row[3], row[4])
    return out


def write(store: Store, *, values: Iterable[Value], origin: str, stamp: str,
          municipalities: Iterable[tuple[str, str, str | None]] = (),
          kpis: Iterable[tuple[str, str, str | None, int | None]] = (),
          measure: Iterable[tuple[int, str, str]] = (), municipality: str | None = None,
          ) -> WriteSummary:
    """Write one fetch (or import) in one transaction: all of it or nothing.

    ``municipalities``: (id, title, type); ``kpis``: (id, title, description,
    divided_by_gender); ``measure``: (indikator id, kpi, gender) whose values for
    ``municipality`` become measurements dated 31 December of their year."""
    s = WriteSummary()
    vals = list(values)
    with store.write() as conn:
        for mid, title, kind in municipalities:
            conn.execute("INSERT INTO kolada_municipalities (id, title, type) VALUES (?, ?, ?) "
                         "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                         "type = excluded.type", (mid, title, kind))
        for kid, title, desc, by_gender in kpis:
            conn.execute("INSERT INTO kolada_kpis (id, title, description, divided_by_gender, "
                         "fetched_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                         "title = excluded.title, description = excluded.description, "
                         "divided_by_gender = excluded.divided_by_gender, "
                         "fetched_at = excluded.fetched_at", (kid, title, desc, by_gender, stamp))
        current = _current(conn, {v.kpi for v in vals})
        inserts: list[tuple[Any, ...]] = []
        seen: set[Key] = set()
        for v in vals:
            key = v[:4]
            if key in seen:  # the same value twice in one fetch (overlapping pages)
                continue
            seen.add(key)
            cur = current.get(key)  # type: ignore[call-overload]
            if cur is not None and cur[1] == v.value and cur[2] == v.status:
                s.unchanged += 1
                continue
            if cur is None:
                s.added += 1
            else:
                s.revised += 1
                s.revisions.append(f"{v.kpi} {v.municipality} {v.year} {v.gender}: "
                                   f"{cur[1]} → {v.value}")
            inserts.append((*v, cur[0] if cur else None, origin, stamp))
        conn.executemany(
            "INSERT INTO kolada_values (kpi, municipality, year, gender, value, status, count, "
            "revises, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", inserts)
        if municipality is not None:
            mine = {(v.kpi, v.year, v.gender): v for v in vals if v.municipality == municipality}
            for indikator_id, kpi, gender in measure:
                _measure(conn, s, indikator_id, kpi, gender,
                         [v for (k, _y, g), v in mine.items() if k == kpi and g == gender], stamp)
    return s


def _measure(conn: sqlite3.Connection, s: WriteSummary, indikator_id: int, kpi: str,
             gender: str, vals: list[Value], stamp: str) -> None:
    have: dict[str, float] = {}
    for date, value in conn.execute(
            "SELECT date, value FROM measurements WHERE origin = 'kolada' AND indikator_id = ? "
            "ORDER BY date, id", (indikator_id,)):
        have[date] = value  # the newest entry of each date
    for v in sorted(vals, key=lambda v: v.year):
        if v.value is None:
            continue
        date = f"{v.year}-12-31"
        old = have.get(date)
        if old == v.value:
            continue
        note = f"Kolada {kpi} ({gender}), {v.year}"
        if old is None:
            s.measurements_added += 1
        else:
            s.measurements_revised += 1
            note += f"; reviderat värde, tidigare {old:g}"
        conn.execute(
            "INSERT INTO measurements (indikator_id, date, value, source, note, origin, author, "
            "created_at) VALUES (?, ?, ?, ?, ?, 'kolada', 'Kolada', ?)",
            (indikator_id, date, v.value, SOURCE, note, stamp))
