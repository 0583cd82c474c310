"""Verksamhetsplaner and their aktiviteter: written with a plan file's import, read for the
uppdrag card, the digest and the report; progress updates of an aktivitet appended from chat.

Plain rows in, plain rows out (only this package speaks SQL). An aktivitet belongs to one
uppdrag: of the same file when the file has it, else of the nämnd's plan of the same year
already in the store.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from store.db import Row, Store


class UnknownUppdrag(Exception):
    """An aktivitet answers an uppdrag that the store does not have."""


def _stamp(now: dt.datetime) -> str:
    return now.isoformat(timespec="seconds")


def write_plan(conn: sqlite3.Connection, *, doc_id: int, org_id: str, namnd_id: int | None,
               year: int | None, plan: dict[str, Any], aktiviteter: list[dict[str, Any]]) -> int:
    """Upsert the verksamhetsplan of document ``doc_id`` and its aktiviteter (by key), inside
    the caller's transaction. ``aktiviteter``: dicts of the table's columns, with
    ``deadlines`` (dicts of date, body, label) in place of deadlines_json. Returns the count."""
    found = conn.execute("SELECT id FROM verksamhetsplaner WHERE doc_id = ?", (doc_id,)).fetchone()
    vals = (plan["forvaltning"], plan.get("title"), int(bool(plan.get("demo"))))
    if found:
        vp_id = int(found[0])
        conn.execute("UPDATE verksamhetsplaner SET forvaltning = ?, title = ?, demo = ? WHERE id = ?",
                     (*vals, vp_id))
    else:
        cur = conn.execute("INSERT INTO verksamhetsplaner (doc_id, forvaltning, title, demo) "
                           "VALUES (?, ?, ?, ?)", (doc_id, *vals))
        vp_id = int(cur.lastrowid or 0)
    for a in aktiviteter:
        uppdrag_key = a["key"].rsplit(".", 1)[0]
        u = conn.execute(
            "SELECT u.id FROM uppdrag u JOIN documents d ON d.id = u.doc_id "
            "WHERE u.key = ? AND (d.id = ? OR (d.org_id = ? AND d.namnd_id IS ? AND d.year IS ? "
            "AND d.kind IN ('uppdragsplan', 'kommunplan'))) ORDER BY d.id = ? DESC, d.id DESC LIMIT 1",
            (uppdrag_key, doc_id, org_id, namnd_id, year, doc_id)).fetchone()
        if u is None:
            raise UnknownUppdrag(f"aktivitet {a['key']}: uppdrag {uppdrag_key} finns inte")
        cols = {k: v for k, v in a.items() if k not in ("key", "deadlines")}
        cols["uppdrag_id"] = int(u[0])
        cols["deadlines_json"] = json.dumps(a.get("deadlines", []), ensure_ascii=False)
        row = conn.execute("SELECT id FROM aktiviteter WHERE vp_id = ? AND key = ?",
                           (vp_id, a["key"])).fetchone()
        if row:
            sets = ", ".join(f"{k} = ?" for k in cols)
            conn.execute(f"UPDATE aktiviteter SET {sets} WHERE id = ?", (*cols.values(), row[0]))
        else:
            names = ["vp_id", "key", *cols]
            marks = ", ".join("?" for _ in names)
            conn.execute(f"INSERT INTO aktiviteter ({', '.join(names)}) VALUES ({marks})",
                         (vp_id, a["key"], *cols.values()))
    return len(aktiviteter)


def import_history(conn: sqlite3.Connection, *, doc_id: int, key: str, author: str, at: str,
                   text: str, status: str | None, percent: int | None, event_id: str) -> int:
    """An aktivitet's progress update carried over with a plan file (once per event_id)."""
    a = conn.execute(
        "SELECT a.id FROM aktiviteter a JOIN verksamhetsplaner v ON v.id = a.vp_id "
        "WHERE v.doc_id = ? AND a.key = ?", (doc_id, key)).fetchone()
    if a is None:
        raise ValueError(f"historiken nämner aktivitet {key}, som inte finns i planen")
    cur = conn.execute(
        "INSERT OR IGNORE INTO aktivitet_updates (aktivitet_id, author, created_at, text, status, "
        "percent, kind, event_id) VALUES (?, ?, ?, ?, ?, ?, 'update', ?)",
        (a[0], author, at, text, status, percent, event_id))
    return cur.rowcount


# --- reading ------------------------------------------------------------------------------


def uppdrag_keys(store: Store) -> dict[tuple[str, int], set[str]]:
    """The uppdrag keys of every nämnd's plans, per (nämnd id, plan year): what a
    verksamhetsplan imported on its own may answer."""
    out: dict[tuple[str, int], set[str]] = {}
    for r in store.query(
            "SELECT n.slug, d.year, u.key FROM uppdrag u JOIN documents d ON d.id = u.doc_id "
            "JOIN namnder n ON n.id = d.namnd_id WHERE d.year IS NOT NULL "
            "AND d.kind IN ('uppdragsplan', 'kommunplan')"):
        out.setdefault((r["slug"], r["year"]), set()).add(r["key"])
    return out


def chat_values(store: Store) -> set[tuple[str, str, float]]:
    """(indikator, date, value) of every measurement from chat."""
    return {(r["slug"], r["date"][:10], r["value"]) for r in store.query(
        "SELECT i.slug, m.date, m.value FROM measurements m JOIN indikatorer i "
        "ON i.id = m.indikator_id WHERE m.origin = 'chat'")}


def aktiviteter(store: Store) -> list[Row]:
    """Every aktivitet with its uppdrag (``uppdrag_key``, ``uppdrag_doc_id``) and its
    verksamhetsplan (``forvaltning``, ``vp_title``, ``demo``), in key order per plan."""
    rows = store.query(
        "SELECT a.*, u.key AS uppdrag_key, u.doc_id AS uppdrag_doc_id, v.forvaltning, "
        "v.title AS vp_title, v.demo, v.doc_id AS vp_doc_id FROM aktiviteter a "
        "JOIN uppdrag u ON u.id = a.uppdrag_id JOIN verksamhetsplaner v ON v.id = a.vp_id "
        "ORDER BY u.doc_id, a.malomrade, a.id")
    for r in rows:
        r["deadlines"] = json.loads(r.pop("deadlines_json") or "[]")
    rows.sort(key=lambda r: (r["uppdrag_doc_id"], tuple(int(p) for p in r["key"].split("."))))
    return rows


def verksamhetsplaner(store: Store) -> list[Row]:
    return store.query(
        "SELECT v.*, d.year, d.title AS doc_title, d.namnd_id FROM verksamhetsplaner v "
        "JOIN documents d ON d.id = v.doc_id ORDER BY v.id")


def updates(store: Store, aktivitet_id: int | None = None) -> list[Row]:
    """Progress updates of every aktivitet (or one), oldest first."""
    if aktivitet_id is None:
        return store.query("SELECT * FROM aktivitet_updates ORDER BY created_at, id")
    return store.query("SELECT * FROM aktivitet_updates WHERE aktivitet_id = ? "
                       "ORDER BY created_at, id", (aktivitet_id,))


def updates_by_aktivitet(store: Store, ids: Sequence[int] | None = None) -> dict[int, list[Row]]:
    """Progress updates, oldest first, by aktivitet id: of every aktivitet, or of ``ids``
    (one query, for a card or a digest showing several)."""
    if ids is None:
        rows = updates(store)
    else:
        marks = ", ".join("?" * len(ids))
        rows = store.query(f"SELECT * FROM aktivitet_updates WHERE aktivitet_id IN ({marks}) "
                           "ORDER BY created_at, id", tuple(ids)) if ids else []
    out: dict[int, list[Row]] = {}
    for r in rows:
        out.setdefault(r["aktivitet_id"], []).append(r)
    return out


# --- writing from chat ----------------------------------------------------------------------


def add_update(store: Store, *, aktivitet_id: int, author: str, text: str, status: str | None,
               percent: int | None, now: dt.datetime, kind: str = "update",
               ref_id: int | None = None, event_id: str | None = None) -> tuple[Row, bool]:
    """Append a progress update of an aktivitet. Returns (the row, whether it is new)."""
    with store.write() as conn:
        if event_id:
            seen = conn.execute("SELECT * FROM aktivitet_updates WHERE event_id = ?",
                                (event_id,)).fetchone()
            if seen:
                return dict(seen), False
        cur = conn.execute(
            "INSERT INTO aktivitet_updates (aktivitet_id, author, created_at, text, status, "
            "percent, kind, ref_id, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (aktivitet_id, author, _stamp(now), text, status, percent, kind, ref_id, event_id))
        row = conn.execute("SELECT * FROM aktivitet_updates WHERE id = ?",
                           (cur.lastrowid,)).fetchone()
        return dict(row), True
