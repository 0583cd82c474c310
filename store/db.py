"""The SQLite store. Only this package speaks SQL, always parameterised."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

SCHEMA = Path(__file__).with_name("schema.py")
_MIGRATION = re.compile(r'^@migrations\((?:name="([^"]+)")?\)\s*\ndef (\w+)\(', re.MULTILINE)


def _migration_names() -> frozenset[str] | None:
    """The migrations store/schema.py defines, by name, read from its text: opening a store
    that has them all then needs neither sqlite_utils (and numpy) nor the schema module.
    None when the text holds a migration this does not read (then the migrations decide)."""
    text = SCHEMA.read_text(encoding="utf-8")
    found = [name or fn for name, fn in _MIGRATION.findall(text)]
    return frozenset(found) if len(found) == text.count("@migrations(") else None


def _applied(conn: sqlite3.Connection) -> set[str] | None:
    """The migrations the store records (reads the schema: a file that is no store fails
    here); None for a store without any yet."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
        return None
    return {r[0] for r in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'styrbot'")}


class StoreError(Exception):
    """The store cannot be opened or used; the message is for the user (Swedish)."""


Row = dict[str, Any]


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Store:
    """A SQLite store file: migrations applied on open, WAL, foreign keys on.

    Each thread gets its own connection. Writes go through :meth:`write`, which
    holds one ``BEGIN IMMEDIATE`` transaction for all rows it writes.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            p = Path(self.path)
            if not create and not p.exists():
                raise StoreError(
                    f"Databasen {self.path} finns inte. Skapa den med 'styrbot init --demo' "
                    "eller 'styrbot import FIL'."
                )
            if p.exists() and p.is_dir():
                raise StoreError(f"{self.path} är en katalog, inte en databasfil.")
            if not p.parent.exists():
                raise StoreError(f"Katalogen {p.parent} finns inte.")
        self._local = threading.local()
        try:
            conn = self.conn
            conn.execute("PRAGMA journal_mode = WAL")
            names, applied = _migration_names(), _applied(conn)
            if names is not None and applied is not None and names <= applied:
                if applied - names:
                    raise self._newer(sorted(applied - names))
            else:  # something to migrate, or not sure: sqlite_utils decides
                from sqlite_utils import Database

                from store.schema import migrations, unknown_applied

                newer = unknown_applied(Database(conn))
                if newer:
                    raise self._newer(newer)
                migrations.apply(Database(conn))
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"Kan inte öppna databasen {self.path}: {exc}. Är filen en Styrbot-databas, "
                "och får den läsas och skrivas?"
            ) from exc

    def _newer(self, newer: list[str]) -> StoreError:
        return StoreError(
            f"Databasen {self.path} är skapad av en nyare version av Styrbot (den har "
            f"migreringen {', '.join(newer)}, som den här versionen inte känner till). "
            "Uppgradera Styrbot, eller återställ en säkerhetskopia från före uppgraderingen "
            "med 'styrbot restore FIL'."
        )

    # --- connections and transactions ---------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = _connect(self.path)
            self._local.conn = conn
        return conn

    @property
    def db(self) -> Database:
        from sqlite_utils import Database

        return Database(self.conn)

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextlib.contextmanager
    def write(self, *, durable: bool | None = None) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE): all or nothing.

        ``durable`` sets how this one commit meets the disk (the connection is restored
        after): True waits until it is on disk (synchronous=FULL, the default of every
        connection); False does not wait (NORMAL: WAL keeps it across a crash of the
        process, and a power cut can lose only the last such commits, never leave half of
        one; the next FULL commit syncs it along, the log being one sequence). Inside an
        enclosing transaction it is the outer commit's level that counts."""
        if durable is not None and not self.conn.in_transaction:
            with _synchronous(self.conn, FULL if durable else NORMAL), self.write() as conn:
                yield conn
            return
        conn = self.conn
        if conn.in_transaction:
            name = f"sp{id(object())}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:  # SQLite itself may have rolled it all back (SQLITE_FULL)
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def one(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Row | None:
        r = self.conn.execute(sql, params).fetchone()
        return dict(r) if r else None

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def is_empty(self) -> bool:
        return self.one("SELECT 1 AS x FROM documents LIMIT 1") is None

    def backup(self, target: str) -> None:
        """An online backup (SQLite's backup API) to the file ``target``: a new file, or an
        earlier backup it replaces. Raises StoreError for a missing folder, a file that is not
        a SQLite database (it is left as it was) or a disk that will not take it."""
        path = Path(target)
        if not path.parent.is_dir():
            raise StoreError(f"Mappen {path.parent} finns inte; skapa den först.")
        if path.is_dir():
            raise StoreError(f"{path} är en mapp; ange ett filnamn.")
        if path.exists() and path.stat().st_size and not _is_sqlite(path):
            raise StoreError(f"{path} finns redan och är ingen SQLite-databas; den skrivs inte över.")
        try:
            dest = sqlite3.connect(target)
            try:
                self.conn.backup(dest)
            finally:
                dest.close()
        except sqlite3.Error as exc:
            raise StoreError(f"Säkerhetskopian kunde inte skrivas till {path}: {exc}") from exc


FULL, NORMAL = 2, 1  # PRAGMA synchronous levels


@contextlib.contextmanager
def _synchronous(conn: sqlite3.Connection, level: int) -> Iterator[None]:
    """Commit with the given synchronous level, then restore the connection's own."""
    before = int(conn.execute("PRAGMA synchronous").fetchone()[0])
    if before != level:
        conn.execute(f"PRAGMA synchronous = {int(level)}")
    try:
        yield
    finally:
        if before != level:
            conn.execute(f"PRAGMA synchronous = {int(before)}")


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(16) == b"SQLite format 3\x00"


def loads(s: str | None, default: Any = None) -> Any:
    if s is None:
        return default
    return json.loads(s)
