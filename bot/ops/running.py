"""Who is using a store right now: a running bot holds a shared lock on "<store>.lock".

`styrbot serve`, `socket`, `start` and `worker` hold it for as long as they run (the kernel
lets go when the process ends, however it ends); `styrbot restore` takes it exclusively, so
it refuses while a bot runs, and no bot can start while a restore is under way. On systems
without fcntl (Windows) there is no lock and restore trusts the operator.
"""

from __future__ import annotations

from typing import IO, Self

try:
    import fcntl
except ImportError:  # pragma: no cover  (Windows)
    fcntl = None  # type: ignore[assignment]


class InUse(Exception):
    """The store is held by a running bot (or a restore); the message is Swedish."""


_held: dict[str, IO[str]] = {}


def lock_path(db: str) -> str:
    return f"{db}.lock"


def _open(db: str) -> IO[str]:
    return open(lock_path(db), "a", encoding="utf-8")


def hold(db: str) -> None:
    """Mark ``db`` as used by this process until it ends (a shared lock; idempotent)."""
    if fcntl is None or db == ":memory:" or db in _held:
        return
    f = _open(db)
    try:
        fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        f.close()
        raise InUse(f"Databasen {db} återställs just nu (styrbot restore); starta när den är klar.") from None
    _held[db] = f


def release(db: str) -> None:
    f = _held.pop(db, None)
    if f is not None:
        f.close()


class Exclusive:
    """``with Exclusive(db):`` nobody else uses ``db`` inside, or InUse is raised."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.f: IO[str] | None = None

    def __enter__(self) -> Self:
        if fcntl is None:
            return self
        self.f = _open(self.db)
        try:
            fcntl.flock(self.f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.f.close()
            raise InUse(
                f"Databasen {self.db} används av en Styrbot som kör (serve, socket, start eller "
                "worker). Stoppa den först, t.ex. 'docker compose stop styrbot' eller "
                "'systemctl stop styrbot', och försök igen.") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.f is not None:
            self.f.close()


