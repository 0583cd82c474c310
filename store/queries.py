"""Read queries. Return plain rows (dicts); the answer layer turns them into results."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from store.db import Row, Store


def organisation(store: Store) -> Row | None:
    row = store.one("SELECT * FROM organisations ORDER BY rowid LIMIT 1")
    if row:
        row["words"] = json.loads(row.pop("words_json") or "{}")
    return row


def current_plans(store: Store) -> list[Row]:
    """The uppdragsplan in force for every nämnd: its latest year's. Kommunstyrelsen (or
    else the first nämnd imported) comes first: its uppdrag keys need no prefix."""
    rows = store.query(
        "SELECT d.*, n.name AS namnd_name, n.short AS namnd_short, n.slug AS namnd_slug "
        "FROM documents d LEFT JOIN namnder n ON n.id = d.namnd_id "
        "WHERE d.kind IN ('uppdragsplan', 'kommunplan') ORDER BY d.year DESC, d.id DESC"
    )
    latest: dict[Any, Row] = {}
    for r in rows:
        latest.setdefault(r["namnd_id"], r)
    return sorted(latest.values(), key=lambda r: (r["namnd_slug"] != "ks", r["namnd_id"] or 0))


def plan_prefixes(plans: list[Row]) -> dict[int, str]:
    """How the plans in force (current_plans, in order) prefix their uppdrag keys in chat:
    the first nämnd's not at all ("3.2"), the others' by the nämnd's short name ("BUN 3.2")."""
    return {p["id"]: "" if n == 0 else f"{p['namnd_short'] or p['namnd_slug'].upper()} "
            for n, p in enumerate(plans)}


def indicator_namnder(store: Store) -> dict[str, str]:
    """Each indicator id held by a nämnd's plan, and that nämnd's id (its slug): an id
    belongs to one nämnd (bot.core.importing refuses another's reuse of it)."""
    return {r["slug"]: r["namnd"] for r in store.query(
        "SELECT i.slug, n.slug AS namnd FROM indikatorer i JOIN documents d ON d.id = i.doc_id "
        "JOIN namnder n ON n.id = d.namnd_id")}


def uppdrag_subject(namnd_slug: str | None, year: int | None, plan_key: str) -> str:
    """An uppdrag's own identity in the role log: its nämnd, its plan's year and its key in
    the plan ("bun/2026/1.1"). Never the key users see ("1.1", "BUN 1.1"), which depends on
    which nämnder are imported."""
    return f"{namnd_slug or '-'}/{year or '-'}/{plan_key}"


def current_plan(store: Store) -> Row | None:
    """The first nämnd's plan in force (Kommunstyrelsen's, when there is one)."""
    plans = current_plans(store)
    return plans[0] if plans else None


def documents(store: Store) -> list[Row]:
    return store.query("SELECT * FROM documents ORDER BY year, id")


def data_summary(store: Store) -> Row:
    """How much the store holds besides the plans' text: live measurements by where they came
    from (import, chat, Kolada), how many of those imported are made-up demo values, the
    latest measurement's date, and the progress updates of uppdrag with the latest's time."""
    live = store.query(f"SELECT origin, count(*) AS n, max(date) AS last, "
                       f"sum(CASE WHEN source LIKE '%demo%' THEN 1 ELSE 0 END) AS demo "
                       f"FROM measurements WHERE {LIVE} GROUP BY origin")
    ups = store.one("SELECT count(*) AS n, max(created_at) AS last FROM updates") or {}
    return {"measurements": {r["origin"]: r for r in live}, "updates": ups.get("n") or 0,
            "updates_last": ups.get("last")}


# --- målområden ----------------------------------------------------------------


def malomraden(store: Store, doc_id: int) -> list[Row]:
    rows = store.query("SELECT * FROM malomraden WHERE doc_id = ? ORDER BY number", (doc_id,))
    for r in rows:
        r["goals"] = json.loads(r.pop("goals_json") or "[]")
    return rows


# --- uppdrag -------------------------------------------------------------------


def uppdrag(store: Store, doc_id: int) -> list[Row]:
    rows = store.query(
        "SELECT * FROM uppdrag WHERE doc_id = ? "
        "ORDER BY malomrade, CAST(substr(key, instr(key, '.') + 1) AS INTEGER)",
        (doc_id,),
    )
    for r in rows:
        r["insatser"] = json.loads(r.pop("insatser_json") or "[]")
    return rows


def deadlines(store: Store, doc_id: int) -> list[Row]:
    return store.query(
        "SELECT d.*, u.key FROM deadlines d JOIN uppdrag u ON u.id = d.uppdrag_id "
        "WHERE u.doc_id = ? ORDER BY d.date IS NULL, d.date, u.malomrade, u.key",
        (doc_id,),
    )


def uppdrag_indikatorer(store: Store, doc_id: int) -> list[Row]:
    return store.query(
        "SELECT u.key, i.slug FROM uppdrag_indikatorer ui JOIN uppdrag u ON u.id = ui.uppdrag_id "
        "JOIN indikatorer i ON i.id = ui.indikator_id WHERE u.doc_id = ?",
        (doc_id,),
    )


def updates(store: Store, doc_id: int, key: str | None = None) -> list[Row]:
    """All progress updates of the plan (or of one uppdrag), oldest first."""
    sql = (
        "SELECT up.*, u.key FROM updates up JOIN uppdrag u ON u.id = up.uppdrag_id "
        "WHERE u.doc_id = ?"
    )
    params: tuple[Any, ...] = (doc_id,)
    if key is not None:
        sql += " AND u.key = ?"
        params = (doc_id, key)
    return store.query(sql + " ORDER BY up.created_at, up.id", params)


def role_events(store: Store, role: str | None = None) -> list[Row]:
    if role is None:
        return store.query("SELECT * FROM role_events ORDER BY id")
    return store.query("SELECT * FROM role_events WHERE role = ? ORDER BY id", (role,))


# --- indikatorer ---------------------------------------------------------------


def indikatorer(store: Store) -> list[Row]:
    rows = store.query("SELECT * FROM indikatorer ORDER BY malomrade, tbl, number")
    for r in rows:
        r["aliases"] = json.loads(r.pop("aliases_json") or "[]")
    return rows


LIVE = "id NOT IN (SELECT measurement_id FROM measurement_withdrawals)"  # a measurement not withdrawn


def measurements(store: Store, indikator_id: int | None = None) -> list[Row]:
    """Measurements oldest first; for one date the newest entry wins (chat corrections)."""
    if indikator_id is None:
        return store.query(f"SELECT * FROM measurements WHERE {LIVE} "
                           "ORDER BY indikator_id, date, id")
    return store.query(
        f"SELECT * FROM measurements WHERE indikator_id = ? AND {LIVE} ORDER BY date, id",
        (indikator_id,))


# the newest entry of its date only: a correction or a revised value (Kolada) replaces the
# entry before it for that date, so the two are not taken for a value and its previous one
# (a withdrawn entry replaces nothing)
_NEWEST_OF_DATE = ("AND NOT EXISTS (SELECT 1 FROM measurements y WHERE y.indikator_id = "
                   "x.indikator_id AND y.date = x.date AND y.id > x.id AND y." + LIVE + ") ")


def latest_measurements(store: Store, per: int = 2) -> dict[int, list[Row]]:
    """The ``per`` latest measurements of every indicator (newest first), one per date."""
    rows = store.query(  # per indicator, an index seek (measurements_latest)
        "SELECT m.* FROM indikatorer i JOIN measurements m ON m.id IN ("
        f"SELECT id FROM measurements x WHERE indikator_id = i.id AND {LIVE} " + _NEWEST_OF_DATE +
        "ORDER BY date DESC, id DESC LIMIT ?)",
        (per,),
    )
    out: dict[int, list[Row]] = {}
    for r in rows:
        out.setdefault(r["indikator_id"], []).append(r)
    for v in out.values():
        v.sort(key=lambda r: (r["date"], r["id"]), reverse=True)
    return out


# --- budget --------------------------------------------------------------------


def budget_rows(store: Store) -> list[Row]:
    """Every budget row with its table and values (values as {column: amount})."""
    rows = store.query(
        "SELECT r.*, t.slug AS table_slug, t.title AS table_title, t.kind AS table_kind, "
        "t.section, t.unit, t.doc_id, d.year AS doc_year, d.title AS doc_title "
        "FROM budget_rows r JOIN budget_tables t ON t.id = r.table_id "
        "JOIN documents d ON d.id = t.doc_id ORDER BY d.year, t.position, r.position"
    )
    values = store.query("SELECT * FROM budget_values")
    by_row: dict[int, list[Row]] = {}
    for v in values:
        by_row.setdefault(v["row_id"], []).append(v)
    for r in rows:
        r["values"] = by_row.get(r["id"], [])
    return rows


def projects(store: Store) -> list[Row]:
    return store.query("SELECT * FROM projects ORDER BY year, id")


def budget_frame(store: Store) -> list[Row]:
    return store.query(
        "SELECT year, title, budget_frame_tkr FROM documents WHERE budget_frame_tkr IS NOT NULL"
    )


# --- annual report and calendar ------------------------------------------------


def maluppfyllelse(store: Store, year: int | None = None) -> list[Row]:
    if year is None:
        rows = store.query("SELECT * FROM maluppfyllelse ORDER BY year, doc_id, position")
    else:
        rows = store.query(
            "SELECT * FROM maluppfyllelse WHERE year = ? ORDER BY doc_id, position", (year,))
    for r in rows:
        r["aliases"] = json.loads(r.pop("aliases_json") or "[]")
    return rows


def arshjul(store: Store) -> list[Row]:
    return store.query(
        "SELECT a.*, d.org_id FROM arshjul a JOIN documents d ON d.id = a.doc_id "
        "ORDER BY a.doc_id, a.position"
    )


def latest_measurements_for(store: Store, indikator_id: int, n: int = 2) -> list[Row]:
    """The ``n`` newest measurements of one indicator, newest first, one per date."""
    return store.query(
        f"SELECT * FROM measurements x WHERE indikator_id = ? AND {LIVE} " + _NEWEST_OF_DATE +
        "ORDER BY date DESC, id DESC LIMIT ?", (indikator_id, n),
    )


class Marks(NamedTuple):
    """The change marks: the newest row id of each append-only table chat writes to."""

    measurements: Any
    updates: Any
    roles: Any
    withdrawals: Any
    aktivitet_updates: Any


def versions(store: Store) -> tuple[tuple[Any, ...], Marks]:
    """The plan's version, which changes when a plan is (re-)imported, and the change
    marks: the newest row ids of what chat appends to (measurements, updates, role
    events, withdrawals, aktiviteter's updates), which change whenever chat writes, so
    derived data can be cached until then. One query: what a question reads first."""
    row = store.one(
        "SELECT (SELECT COUNT(*) FROM documents) AS n, (SELECT MAX(imported_at) FROM documents) AS t, "
        "(SELECT MAX(id) FROM measurements) AS m, (SELECT MAX(id) FROM updates) AS u, "
        "(SELECT MAX(id) FROM role_events) AS r, (SELECT MAX(id) FROM measurement_withdrawals) AS w, "
        "(SELECT MAX(id) FROM aktivitet_updates) AS a"
    )
    assert row is not None
    return (row["n"], row["t"]), Marks(row["m"], row["u"], row["r"], row["w"], row["a"])


def data_version(store: Store) -> tuple[Any, ...]:
    """The plan's version (`versions`)."""
    return versions(store)[0]


def change_marks(store: Store) -> Marks:
    """The change marks (`versions`)."""
    return versions(store)[1]
