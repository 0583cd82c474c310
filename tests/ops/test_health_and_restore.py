"""/healthz over real HTTP (healthy, a stale schedule, no store), and `styrbot restore`:
a whole backup is put back with the old store kept; a corrupt file, a file that is no store,
a store from a newer Styrbot and a store in use are refused with nothing changed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from wsgiref.simple_server import make_server

import pytest

from bot.clock import Clock
from bot.ops import health, running
from store import ops_status
from store.db import Store
from tests.conftest import NOW, STYRBOT
from tests.ops.conftest import clean_env
from tests.slack.slack_harness import QuietHandler, ThreadedServer


def hello(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"the app"]


def serve(app: Any) -> tuple[str, Callable[[], None]]:
    server = make_server("127.0.0.1", 0, app, server_class=ThreadedServer, handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_port}", stop


def get(url: str, method: str = "GET") -> tuple[int, bytes]:
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_healthz_over_http(demo_db: Path) -> None:
    clock = Clock.fixed(NOW)
    max_age = dt.timedelta(minutes=15)
    app = health.with_healthz(hello, lambda: health.check(str(demo_db), clock, max_age))
    url, stop = serve(app)
    try:
        status, body = get(url + "/healthz")
        assert status == 503
        assert "har inte körts" in json.loads(body)["checks"]["schema"]
        store = Store(demo_db)
        ops_status.mark(store, ops_status.SCHEDULE, clock.now() - dt.timedelta(minutes=10))
        status, body = get(url + "/healthz")
        assert status == 200 and json.loads(body) == {"ok": True, "checks": {"databas": "ok", "schema": "ok"}}
        ops_status.mark(store, ops_status.SCHEDULE, clock.now() - dt.timedelta(minutes=16))
        status, body = get(url + "/healthz")
        assert status == 503 and "16 minuter sedan" in json.loads(body)["checks"]["schema"]
        assert get(url + "/healthz", "POST")[0] == 405
        assert get(url + "/slack/events") == (200, b"the app")  # everything else is the app's
        demo_db.rename(demo_db.with_name("moved.db"))
        status, body = get(url + "/healthz")
        assert status == 503 and "finns inte" in json.loads(body)["checks"]["databas"]
    finally:
        stop()


def run(args: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    env = clean_env(STYRBOT_DB=str(db), STYRBOT_NOW=NOW)
    return subprocess.run([STYRBOT, *args], env=env, capture_output=True, text=True, timeout=120,
                          check=False, cwd=db.parent)


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_restore_puts_a_backup_back_and_keeps_the_old_store(demo_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.db"
    assert run(["backup", str(backup)], demo_db).returncode == 0
    out = run(["ask", "uppdatera 3.2: efter säkerhetskopian"], demo_db)  # the terminal's user is admin
    assert out.returncode == 0
    after = "SELECT COUNT(*) FROM updates WHERE text = 'efter säkerhetskopian'"
    assert count(demo_db, after) == 1
    store = Store(demo_db)
    store.conn.execute("CREATE TABLE marker (x)")  # something only the current store has
    store.close()

    done = run(["restore", str(backup)], demo_db)
    assert done.returncode == 0, done.stderr
    assert "Återställde" in done.stdout
    [kept] = tmp_path.glob("styrbot.db.before-restore-*")
    assert count(kept, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'marker'") == 1
    assert count(demo_db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'marker'") == 0
    assert count(demo_db, after) == 0 and count(kept, after) == 1
    assert count(demo_db, "SELECT COUNT(*) FROM documents") == count(backup, "SELECT COUNT(*) FROM documents")
    assert run(["ask", "status uppdrag 3.2"], demo_db).returncode == 0


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000), "ingen hel SQLite-databas"),
    (lambda p: p.write_text("inte en databas"), "ingen hel SQLite-databas"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(), "ingen Styrbot-databas"),
    (lambda p: None, "finns inte"),
])
def test_restore_refuses_a_broken_or_foreign_file(demo_db: Path, tmp_path: Path,
                                                  make: Callable[[Path], object], message: str) -> None:
    bad = tmp_path / "bad.db"
    make(bad)
    before = demo_db.read_bytes()
    out = run(["restore", str(bad)], demo_db)
    assert out.returncode == 1 and message in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert demo_db.read_bytes() == before
    assert not list(tmp_path.glob("*.before-restore-*")) and not list(tmp_path.glob("*.restoring"))


def test_restore_refuses_a_truncated_backup(demo_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.db"
    assert run(["backup", str(backup)], demo_db).returncode == 0
    data = backup.read_bytes()
    backup.write_bytes(data[: len(data) // 2])
    out = run(["restore", str(backup)], demo_db)
    assert out.returncode == 1 and ("skadad" in out.stderr or "ingen hel" in out.stderr), out.stderr


def test_restore_refuses_a_store_from_a_newer_styrbot(demo_db: Path, tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    shutil.copy(demo_db, newer)
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('styrbot', '9999_future', 'x')")
    conn.commit()
    conn.close()
    out = run(["restore", str(newer)], demo_db)
    assert out.returncode == 1 and "nyare version av Styrbot" in out.stderr
    assert not list(tmp_path.glob("*.restoring"))
    # and opening such a store is refused the same way
    opened = run(["ask", "hjälp"], newer)
    assert opened.returncode == 1 and "nyare version av Styrbot" in opened.stderr
    assert "Traceback" not in opened.stderr


def test_restore_refuses_while_the_store_is_held(demo_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.db"
    assert run(["backup", str(backup)], demo_db).returncode == 0
    running.hold(str(demo_db))  # as serve, socket, start and worker do
    try:
        out = run(["restore", str(backup)], demo_db)
        assert out.returncode == 1 and "Stoppa den först" in out.stderr
    finally:
        running.release(str(demo_db))
    assert run(["restore", str(backup)], demo_db).returncode == 0
