"""The documents' running text and the figures stated in it: write on import, search, read.

Search is SQLite FTS5 with BM25 ranking over stems: the caller (bot/search) stems the text
it stores and the words it looks for, so this module knows no Swedish.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from store.db import Row, Store

# BM25 weights of the columns: a word in the heading counts three times one in the text
HEADING_WEIGHT = 3.0
BODY_WEIGHT = 1.0


@dataclass(frozen=True)
class SectionRow:
    heading: str
    level: int
    parent: str | None
    text: str
    page: int | None
    passages: tuple[tuple[str, str], ...]  # (text, its stems) per paragraph or list item
    heading_stems: str


def replace_sections(conn: sqlite3.Connection, doc_id: int, sections: Iterable[SectionRow]) -> int:
    """The document's sections, replacing what a former import wrote (the text has no
    history of its own). Returns the number of passages indexed."""
    old = [r[0] for r in conn.execute(
        "SELECT p.id FROM passages p JOIN sections s ON s.id = p.section_id WHERE s.doc_id = ?",
        (doc_id,))]
    conn.executemany("DELETE FROM passages_fts WHERE rowid = ?", [(i,) for i in old])
    conn.execute("DELETE FROM passages WHERE section_id IN "
                 "(SELECT id FROM sections WHERE doc_id = ?)", (doc_id,))
    conn.execute("DELETE FROM sections WHERE doc_id = ?", (doc_id,))
    n = 0
    for pos, s in enumerate(sections):
        cur = conn.execute(
            "INSERT INTO sections (doc_id, position, heading, level, parent, text, page) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (doc_id, pos, s.heading, s.level, s.parent, s.text,
                                             s.page))
        sid = cur.lastrowid
        for ppos, (text, stems) in enumerate(s.passages):
            pid = conn.execute("INSERT INTO passages (section_id, position, text) VALUES (?, ?, ?)",
                               (sid, ppos, text)).lastrowid
            conn.execute("INSERT INTO passages_fts (rowid, heading, body) VALUES (?, ?, ?)",
                         (pid, s.heading_stems, stems))
            n += 1
    return n


def _replace(conn: sqlite3.Connection, table: str, doc_id: int, columns: tuple[str, ...],
             rows: Iterable[dict[str, object]],
             values: Callable[[dict[str, object]], tuple[object, ...]]) -> int:
    """A document's rows of ``table`` replaced by ``rows`` (each stored as ``values`` of it,
    after its document and position); how many."""
    conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
    sql = (f"INSERT INTO {table} (doc_id, position, {', '.join(columns)}) "
           f"VALUES ({', '.join('?' * (len(columns) + 2))})")
    n = 0
    for pos, r in enumerate(rows):
        conn.execute(sql, (doc_id, pos, *values(r)))
        n += 1
    return n


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def replace_nyckeltal(conn: sqlite3.Connection, doc_id: int, rows: Iterable[dict[str, object]]
                      ) -> int:
    return _replace(conn, "nyckeltal", doc_id, (
        "slug", "name", "grp", "unit", "values_json", "text", "section", "aliases_json"), rows,
        lambda r: (r["id"], r["name"], r.get("group"), r["unit"], _json(r.get("values", [])),
                   r.get("text"), r.get("section"), _json(r.get("aliases", []))))


def replace_initiativ(conn: sqlite3.Connection, doc_id: int, rows: Iterable[dict[str, object]]
                      ) -> int:
    return _replace(conn, "initiativ", doc_id, (
        "slug", "name", "section", "description", "uppfoljning", "progress", "owner",
        "tidplan", "items_json", "items_name", "items_note", "related_json", "related_derived",
        "aliases_json"), rows,
        lambda r: (r["id"], r["name"], r.get("section"), r.get("description"),
                   r.get("uppfoljning"), r.get("progress"), r.get("owner"), r.get("tidplan"),
                   _json(r.get("items", [])), r.get("items_name", "uppdrag"), r.get("items_note"),
                   _json(r.get("related", [])), int(bool(r.get("related_derived"))),
                   _json(r.get("aliases", []))))


def initiativ(store: Store) -> list[Row]:
    """The initiatives of every document, with their document and the page of their section."""
    rows = store.query(
        "SELECT i.*, d.title AS doc_title, (SELECT s.page FROM sections s WHERE s.doc_id = "
        "i.doc_id AND s.heading = i.section ORDER BY s.position LIMIT 1) AS page, "
        "(SELECT s.parent FROM sections s WHERE s.doc_id = i.doc_id AND s.heading = i.section "
        "ORDER BY s.position LIMIT 1) AS parent FROM initiativ i "
        "JOIN documents d ON d.id = i.doc_id ORDER BY d.id, i.position")
    return _decoded(rows, "items", "related", "aliases")


def _decoded(rows: list[Row], *fields: str) -> list[Row]:
    """``rows`` with each ``<field>_json`` column read into ``<field>``."""
    for r in rows:
        for f in fields:
            r[f] = json.loads(r.pop(f"{f}_json") or "[]")
    return rows


def search(store: Store, match: str, limit: int = 5) -> list[Row]:
    """Passages matching an FTS5 query (over stems), best first by BM25, each with its
    section, its document and its stems (``stems``, ``heading_stems``). ``match`` is built
    by the caller from stems, quoted. The ranking runs on the index alone; only the best
    ``limit`` rows are joined to their text."""
    if not match:
        return []
    return store.query(
        "SELECT p.id, p.text, p.position, s.heading, s.parent, s.level, s.page, s.id AS section_id, "
        "d.title AS doc_title, d.kind AS doc_kind, d.year AS doc_year, d.id AS doc_id, "
        "hit.rank, f.heading AS heading_stems, f.body AS stems FROM ("
        "SELECT rowid, bm25(passages_fts, ?, ?) AS rank "
        "FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank LIMIT ?) AS hit "
        "JOIN passages_fts f ON f.rowid = hit.rowid "
        "JOIN passages p ON p.id = hit.rowid JOIN sections s ON s.id = p.section_id "
        "JOIN documents d ON d.id = s.doc_id ORDER BY hit.rank",
        (HEADING_WEIGHT, BODY_WEIGHT, match, limit))


def first_matches(store: Store, match: str, limit: int = 5) -> list[Row]:
    """Like `search`, but the first matches in the index's order, unranked: for a question
    made only of words nearly every passage holds, where ranking them all would tell
    nothing and cost the most."""
    return store.query(
        "SELECT p.id, p.text, p.position, s.heading, s.parent, s.level, s.page, s.id AS section_id, "
        "d.title AS doc_title, d.kind AS doc_kind, d.year AS doc_year, d.id AS doc_id, "
        "0.0 AS rank, f.heading AS heading_stems, f.body AS stems "
        "FROM (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? LIMIT ?) AS hit "
        "JOIN passages_fts f ON f.rowid = hit.rowid "
        "JOIN passages p ON p.id = hit.rowid JOIN sections s ON s.id = p.section_id "
        "JOIN documents d ON d.id = s.doc_id", (match, limit))


def passages_holding(store: Store, stems: list[str], prefix_from: int = 4) -> tuple[int, list[int]]:
    """How many passages there are, and how many hold each stem (a stem of ``prefix_from``
    letters or more also as the start of a longer word; then a passage may count twice,
    which only makes a common word look commoner)."""
    total = store.one("SELECT COUNT(*) AS n FROM passages")
    out = []
    for s in stems:
        if len(s) >= prefix_from:
            row = store.one("SELECT COALESCE(SUM(doc), 0) AS n FROM passages_vocab "
                            "WHERE term >= ? AND term < ?", (s, s + "\U0010ffff"))
        else:
            row = store.one("SELECT COALESCE(SUM(doc), 0) AS n FROM passages_vocab WHERE term = ?",
                            (s,))
        out.append(int(row["n"]) if row else 0)
    return (int(total["n"]) if total else 0), out


def terms_from(store: Store, prefix: str, limit: int = 500) -> list[tuple[str, int]]:
    """The index's terms starting with ``prefix`` and how many passages hold each (at most
    ``limit``, in order)."""
    return [(r["term"], int(r["doc"])) for r in store.query(
        "SELECT term, doc FROM passages_vocab WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
        (prefix, prefix + "\U0010ffff", limit))]


def has_text(store: Store) -> bool:
    return store.one("SELECT 1 AS x FROM passages LIMIT 1") is not None


def passage_before(store: Store, section_id: int, position: int) -> str | None:
    """The text of the passage before this one in its section, if there is one."""
    row = store.one("SELECT text FROM passages WHERE section_id = ? AND position = ?",
                    (section_id, position - 1))
    return row["text"] if row is not None else None


def passages_from(store: Store, start: str, after: int = 3) -> list[str]:
    """The first passage whose text begins with ``start`` and the ``after`` passages after it
    in its section, in order (an annual report's goal and the lines on how it is measured)."""
    row = store.one("SELECT section_id, position FROM passages WHERE substr(text, 1, ?) = ? "
                    "ORDER BY id LIMIT 1", (len(start), start))
    if row is None:
        return []
    return [p["text"] for p in store.query(
        "SELECT text FROM passages WHERE section_id = ? AND position BETWEEN ? AND ? "
        "ORDER BY position", (row["section_id"], row["position"], row["position"] + after))]


def section_passages(store: Store, section_id: int) -> list[str]:
    """The texts of a section's passages, in order."""
    return [p["text"] for p in store.query(
        "SELECT text FROM passages WHERE section_id = ? ORDER BY position", (section_id,))]


def with_heading(store: Store, heading: str) -> list[Row]:
    """The sections of every document with this heading, with their passages (in order)."""
    rows = store.query(
        "SELECT s.*, d.title AS doc_title, d.kind AS doc_kind FROM sections s "
        "JOIN documents d ON d.id = s.doc_id WHERE s.heading = ? ORDER BY d.id, s.position",
        (heading,))
    for r in rows:
        r["passages"] = [p["text"] for p in store.query(
            "SELECT text FROM passages WHERE section_id = ? ORDER BY position", (r["id"],))]
    return rows


def nyckeltal(store: Store) -> list[Row]:
    rows = store.query(
        "SELECT n.*, d.title AS doc_title, d.year AS doc_year FROM nyckeltal n "
        "JOIN documents d ON d.id = n.doc_id ORDER BY d.id, n.position")
    return _decoded(rows, "values", "aliases")


def counts(store: Store) -> Row:
    row = store.one("SELECT (SELECT COUNT(*) FROM sections) AS sections, "
                    "(SELECT COUNT(*) FROM passages) AS passages, "
                    "(SELECT COUNT(*) FROM nyckeltal) AS nyckeltal")
    assert row is not None
    return row
