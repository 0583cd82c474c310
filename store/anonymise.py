"""Replacing a person's ID by a pseudonym everywhere in the store, in one transaction.

The history stays what it was otherwise: rows keep their order, times and texts; only the ID
(in its own columns, and inside texts such as a mention ``<@U123>`` or a send key) becomes the
pseudonym. Progress updates are append-only (triggers refuse UPDATE); the transaction lifts
those triggers for this one replacement and puts them back, byte for byte, before it commits.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

from store.db import Store

# (table, column): the column holds exactly a user (or conversation) ID
EXACT = (
    ("updates", "author"),
    ("aktivitet_updates", "author"),
    ("measurements", "author"),
    ("role_events", "user"),
    ("role_events", "author"),
    ("subscriptions", "created_by"),
    ("subscriptions", "ended_by"),
    ("subscriptions", "channel"),
    ("outbox", "recipient"),
)
# (table, column): a text that may contain the ID among other words
INSIDE = (
    ("updates", "text"),
    ("aktivitet_updates", "text"),
    ("outbox", "payload"),
    ("outbox", "key"),
    ("outbox", "group_key"),
    ("outbox_items", "item"),
    ("outbox_items", "key"),
    ("inbox", "payload"),
    ("inbox", "reply"),
    ("teams_sent", "key"),
)
# (table, column): rows about the person alone, deleted (Teams: their display name, and their
# personal chat's reference, which holds the name too; nothing is sent to a pseudonym)
FORGET = (
    ("teams_people", "aad"),
    ("teams_conversations", "user_aad"),
)
APPEND_ONLY = ("updates_no_update", "aktivitet_updates_no_update")


def _pattern(user: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(user)}(?![A-Za-z0-9])")


def occurrences(store: Store, user: str) -> dict[str, int]:
    """Where ``user`` occurs: "table.column" → rows (read only)."""
    out: dict[str, int] = {}
    for table, col in EXACT:
        row = store.one(f"SELECT COUNT(*) AS n FROM {table} WHERE {col} = ?", (user,))
        if row and row["n"]:
            out[f"{table}.{col}"] = int(row["n"])
    for table, col in FORGET:
        row = store.one(f"SELECT COUNT(*) AS n FROM {table} WHERE {col} = ?", (user,))
        if row and row["n"]:
            out[f"{table}.{col}"] = int(row["n"])
    pat = _pattern(user)
    for table, col in INSIDE:
        rows = store.query(f"SELECT {col} AS v FROM {table} WHERE instr({col}, ?) > 0", (user,))
        n = sum(1 for r in rows if pat.search(str(r["v"])))
        if n:
            out[f"{table}.{col}"] = n
    return out


def replace_user(store: Store, user: str, pseudonym: str, *,
                 ends: list[tuple[str, str]], author: str, now: dt.datetime) -> dict[str, int]:
    """In one transaction: end the roles ``ends`` ((role, subject) that ``user`` holds) with
    remove events, record the anonymisation as a role event (role "anonymiserad", naming
    only the pseudonym), then replace ``user`` by ``pseudonym`` everywhere. Returns the rows
    changed per "table.column"."""
    stamp = now.isoformat(timespec="seconds")
    pat = _pattern(user)
    changed: dict[str, int] = {}
    with store.write() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")  # send keys change in two tables
        conn.executemany(
            "INSERT INTO role_events (role, subject, user, action, author, created_at) "
            "VALUES (?, ?, ?, 'remove', ?, ?)",
            [(role, subject, user, author, stamp) for role, subject in ends])
        triggers = _lift(conn)
        for table, col in EXACT:
            cur = conn.execute(f"UPDATE {table} SET {col} = ? WHERE {col} = ?", (pseudonym, user))
            if cur.rowcount:
                changed[f"{table}.{col}"] = cur.rowcount
        for table, col in INSIDE:
            rows = conn.execute(f"SELECT rowid, {col} FROM {table} WHERE instr({col}, ?) > 0",
                                (user,)).fetchall()
            n = 0
            for rowid, value in rows:
                new = pat.sub(pseudonym, str(value))
                if new != value:
                    conn.execute(f"UPDATE {table} SET {col} = ? WHERE rowid = ?", (new, rowid))
                    n += 1
            if n:
                changed[f"{table}.{col}"] = n
        # the conversation a DM went to is the person's too; a claim still open keeps it
        cur = conn.execute("UPDATE outbox SET channel = NULL WHERE recipient = ? "
                           "AND state != 'claimed' AND channel IS NOT NULL", (pseudonym,))
        if cur.rowcount:
            changed["outbox.channel"] = cur.rowcount
        for table, col in FORGET:
            cur = conn.execute(f"DELETE FROM {table} WHERE {col} = ?", (user,))
            if cur.rowcount:
                changed[f"{table}.{col}"] = cur.rowcount
        for sql in triggers:
            conn.execute(sql)
        conn.execute(
            "INSERT INTO role_events (role, subject, user, action, author, created_at) "
            "VALUES ('anonymiserad', '', ?, 'anonymise', ?, ?)", (pseudonym, author, stamp))
    return changed


def _lift(conn: sqlite3.Connection) -> list[str]:
    """Drop the append-only triggers for this transaction; their SQL, to put them back."""
    out = []
    for name in APPEND_ONLY:
        row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                           (name,)).fetchone()
        if row is not None:
            out.append(str(row[0]))
            conn.execute(f"DROP TRIGGER {name}")
    return out
