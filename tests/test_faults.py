"""Faults the store meets in production: concurrent writers, a full disk, live backups."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.importing import import_file
from store import queries as q
from store.db import Store
from tests.conftest import NOW, ROOT

PLAN = ROOT / "data/askersund/uppdragsplan-2026.yaml"


def _writer(db: str, user: str, n: int, errors: mp.Queue[str]) -> None:
    store = Store(db)
    bot = Bot(store, Clock.fixed(NOW), admins=(user,))
    for i in range(n):
        reply = bot.handle(f"uppdatera 3.2: {user} nr {i}, pågår", user=user, event_id=f"{user}-{i}")
        if "Uppdatering sparad" not in reply.text:
            errors.put(reply.text)


def test_two_processes_writing_at_once_never_surface_locked(demo_db: Path) -> None:
    """The web server and the worker write at once: every write lands, nobody sees 'locked'."""
    ctx = mp.get_context("spawn")
    errors: mp.Queue[str] = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(str(demo_db), f"U{p}", 60, errors)) for p in range(3)]
    for p in procs:
        p.start()
    store = Store(demo_db)
    bot = Bot(store, Clock.fixed(NOW), admins=("UMAIN",))
    for i in range(60):  # and an import and reads in this process meanwhile
        if i == 30:
            import_file(store, PLAN, Clock.fixed(NOW))
        assert "Främja investeringar" in bot.handle("status uppdrag 3.2").text
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert errors.empty(), errors.get()
    plan = q.current_plan(store)
    assert plan and len(q.updates(store, plan["id"], "3.2")) == 180
    assert store.integrity_check() == "ok"


def test_a_full_disk_during_import_leaves_the_store_as_it_was(demo_db: Path) -> None:
    """SQLITE_FULL (what a full disk gives) in the middle of an import rolls it all back."""
    store = Store(demo_db)
    before = "\n".join(store.conn.iterdump())
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = PLAN.read_text(encoding="utf-8").replace(
        "title: Främja investeringar och hållbar bostadsutveckling",
        "title: Främja investeringar och hållbar bostadsutveckling " + "x" * 200_000)
    path = demo_db.parent / "big.yaml"
    path.write_text(big, encoding="utf-8")
    with pytest.raises(sqlite3.OperationalError, match="full"):
        import_file(store, path, Clock.fixed(NOW))
    store.conn.execute(f"PRAGMA max_page_count = {2**30}")
    assert "\n".join(store.conn.iterdump()) == before
    assert store.integrity_check() == "ok"


def test_live_backup_during_writes_restores_to_a_consistent_store(demo_db: Path, tmp_path: Path) -> None:
    """Each backup is taken while updates are being written, after at least 5 more have
    landed: it holds a prefix of them (none half-written, none out of order), never none."""
    store = Store(demo_db)
    bot = Bot(store, Clock.fixed(NOW), admins=("U1",))
    stop = threading.Event()
    written = threading.Condition()
    done = [0]

    def write() -> None:
        i = 0
        while not stop.is_set():
            bot.handle(f"uppdatera 3.2: nr {i}", user="U1")
            i += 1
            with written:
                done[0] = i
                written.notify_all()

    t = threading.Thread(target=write)
    t.start()
    at_least = []
    try:
        for n in range(3):
            with written:
                want = 5 * (n + 1)
                assert written.wait_for(lambda: done[0] >= want, timeout=60), done  # noqa: B023
                at_least.append(done[0])
            Store(demo_db).backup(str(tmp_path / f"backup{n}.db"))
    finally:
        stop.set()
        t.join()
    counts = []
    for n in range(3):
        copy = Store(tmp_path / f"backup{n}.db", create=False)
        assert copy.integrity_check() == "ok"
        plan = q.current_plan(copy)
        assert plan and len(q.uppdrag(copy, plan["id"])) == 23
        ups = q.updates(copy, plan["id"], "3.2")
        assert len(ups) >= at_least[n] > 0
        assert [u["text"] for u in ups] == [f"nr {i}" for i in range(len(ups))]  # a prefix
        counts.append(len(ups))
    assert counts == sorted(counts)
