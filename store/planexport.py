"""What the workbook export and the report read of a plan, document by document."""

from __future__ import annotations

import json

from store.db import Row, Store


def documents(store: Store, ids: list[int]) -> list[Row]:
    """The documents ``ids`` with their organisation and nämnd, in the order given."""
    out = []
    for doc_id in ids:
        row = store.one(
            "SELECT d.*, o.name AS org_name, o.vision AS org_vision, o.words_json, "
            "n.slug AS namnd_slug, n.name AS namnd_name, n.short AS namnd_short "
            "FROM documents d JOIN organisations o ON o.id = d.org_id "
            "LEFT JOIN namnder n ON n.id = d.namnd_id WHERE d.id = ?", (doc_id,))
        if row:
            row["sources"] = json.loads(row.pop("sources_json") or "[]")
            row["words"] = json.loads(row.pop("words_json") or "{}")
            out.append(row)
    return out


def verksamhetsplan_docs(store: Store, namnd_id: int | None, year: int | None) -> list[Row]:
    """The documents holding a verksamhetsplan for the nämnd and year."""
    return store.query(
        "SELECT d.id FROM documents d JOIN verksamhetsplaner v ON v.doc_id = d.id "
        "WHERE d.namnd_id IS ? AND d.year IS ? ORDER BY d.id", (namnd_id, year))


def verksamhetsplan(store: Store, doc_id: int) -> Row | None:
    return store.one("SELECT * FROM verksamhetsplaner WHERE doc_id = ?", (doc_id,))


def budget_tables(store: Store, doc_id: int) -> list[Row]:
    """The document's budget tables in order, each with its rows (in order) and each row's
    amounts as {(measure, year, period): amount}."""
    tables = store.query("SELECT * FROM budget_tables WHERE doc_id = ? ORDER BY position", (doc_id,))
    for t in tables:
        t["columns"] = json.loads(t.pop("columns_json"))
        t["rows"] = store.query("SELECT * FROM budget_rows WHERE table_id = ? ORDER BY position",
                                (t["id"],))
        values: dict[int, dict[tuple[str, int, str], int | None]] = {}
        for v in store.query(
                "SELECT v.* FROM budget_values v JOIN budget_rows r ON r.id = v.row_id "
                "WHERE r.table_id = ?", (t["id"],)):
            values.setdefault(v["row_id"], {})[(v["measure"], v["year"], v["period"])] = v["amount"]
        for r in t["rows"]:
            r["amounts"] = values.get(r["id"], {})
    return tables


def indikatorer(store: Store, doc_id: int) -> list[Row]:
    """The document's indicators, in the plan's order (store.queries.indikatorer's)."""
    from store.queries import indikatorer as all_indikatorer

    return [i for i in all_indikatorer(store) if i["doc_id"] == doc_id]


def measurements(store: Store, doc_id: int) -> list[Row]:
    """Every measurement of the document's indicators, oldest first (per date, by id)."""
    return store.query(
        "SELECT m.*, i.slug FROM measurements m JOIN indikatorer i ON i.id = m.indikator_id "
        "WHERE i.doc_id = ? ORDER BY i.id, m.date, m.id", (doc_id,))
