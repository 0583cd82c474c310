"""Restore: put a backup (`styrbot backup FILE`) back as the store, safely.

The backup is checked before anything is touched: it must be a SQLite file that passes
PRAGMA integrity_check, be a Styrbot store, and not be newer than this code. The store must
not be in use by a running bot (`bot.ops.running`). The backup is copied next to the store
with SQLite's backup API and checked again, the current store is kept beside it as
"<store>.before-restore-<time>", and only then is the copy renamed into place (one
rename: the store is either the old one or the restored one, never half of each).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.ops.running import Exclusive
from store.db import Store, StoreError


class RestoreError(Exception):
    """The restore was refused or failed; nothing was changed. The message is Swedish."""


@dataclass(frozen=True)
class Restored:
    db: str
    kept: str | None  # where the store that was replaced now is


def verify(path: str | Path) -> None:
    """Raise RestoreError unless ``path`` is a whole, readable Styrbot store."""
    p = Path(path)
    if not p.is_file():
        raise RestoreError(f"Säkerhetskopian {p} finns inte (eller är ingen fil).")
    try:
        conn = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise RestoreError(f"{p} är ingen hel SQLite-databas ({exc}); inget är ändrat.") from exc
    if result != ["ok"]:
        raise RestoreError(f"{p} är skadad (integrity_check: {'; '.join(result[:3])}); inget är ändrat.")
    if not {"_sqlite_migrations", "documents", "updates"} <= tables:
        raise RestoreError(f"{p} är ingen Styrbot-databas; inget är ändrat.")


def restore(backup: str | Path, db: str, now: dt.datetime) -> Restored:
    """Replace the store ``db`` by ``backup``; refused (nothing changed) if the backup is not
    whole or the store is in use."""
    verify(backup)
    target = Path(db)
    if not target.parent.is_dir():
        raise RestoreError(f"Katalogen {target.parent} finns inte.")
    if target.exists() and os.path.samefile(target, backup):
        raise RestoreError("Säkerhetskopian är databasen själv; inget att återställa.")
    stamp = now.strftime("%Y%m%dT%H%M%S")
    tmp = target.with_name(f"{target.name}.restoring")
    with Exclusive(db):
        _remove(tmp)
        src = sqlite3.connect(f"file:{Path(backup)}?mode=ro", uri=True)
        dest = sqlite3.connect(tmp)
        try:
            src.backup(dest)
        finally:
            dest.close()
            src.close()
        try:
            Store(tmp, create=False).close()  # migrations of an older backup run now; newer: refused
        except StoreError as exc:
            _remove(tmp)
            raise RestoreError(f"{exc} Inget är ändrat.") from exc
        kept = None
        if target.exists():
            _checkpoint(target)
            kept_path = target.with_name(f"{target.name}.before-restore-{stamp}")
            os.replace(target, kept_path)
            kept = str(kept_path)
        for suffix in ("-wal", "-shm"):
            _remove(Path(f"{target}{suffix}"))
        os.replace(tmp, target)
        for suffix in ("-wal", "-shm"):
            _remove(Path(f"{tmp}{suffix}"))
    return Restored(str(target), kept)


def _checkpoint(path: Path) -> None:
    """Fold the store's WAL into the file, so the kept copy is whole on its own."""
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass  # a broken store is kept as it is; the restore is what is wanted


def _remove(p: Path) -> None:
    try:
        p.unlink()
    except FileNotFoundError:
        pass
