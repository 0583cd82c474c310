"""Health: the store opens, and the schedule's last run is recent.

`check` is the one test, used by /healthz (any WSGI app, through `with_healthz`: the Slack
server now, the Teams server later) and by `styrbot health` (the container's HEALTHCHECK).
The schedule writes its heartbeat into the store after every run (`bot.ops.schedule`), at
least every five minutes, whether it runs beside the chat or apart (`styrbot worker`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.clock import Clock
from store import ops_status
from store.db import Store, StoreError

PATH = "/healthz"
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass
class Health:
    ok: bool
    checks: dict[str, str] = field(default_factory=dict)  # what → "ok" or why not (Swedish)

    def text(self) -> str:
        head = "Styrbot mår bra." if self.ok else "Styrbot mår inte bra."
        return head + "".join(f"\n  {k}: {v}" for k, v in self.checks.items())

    def json(self) -> bytes:
        return json.dumps({"ok": self.ok, "checks": self.checks}, ensure_ascii=False).encode()


def check(db: str, clock: Clock, max_age: dt.timedelta, *, schedule: bool = True) -> Health:
    """The store ``db`` opens and answers; unless ``schedule`` is False, its last scheduled
    run is at most ``max_age`` old."""
    checks: dict[str, str] = {}
    try:
        store = Store(db, create=False)
    except StoreError as exc:
        return Health(False, {"databas": str(exc)})
    try:
        store.one("SELECT 1 AS x FROM documents LIMIT 1")
        checks["databas"] = "ok"
        if schedule:
            checks["schema"] = _schedule(store, clock, max_age)
    except Exception as exc:  # noqa: BLE001  (a health check answers, whatever the store does)
        checks.setdefault("databas", f"kan inte läsas: {exc}")
    finally:
        store.close()
    return Health(all(v == "ok" for v in checks.values()), checks)


def _schedule(store: Store, clock: Clock, max_age: dt.timedelta) -> str:
    row = ops_status.last(store, ops_status.SCHEDULE)
    if row is None:
        return "har inte körts än (startas med styrbot start, serve, socket eller worker)"
    age = clock.now().timestamp() - float(row["epoch"])
    if age > max_age.total_seconds():
        return (f"senaste körningen var {row['at']}, för {int(age // 60)} minuter sedan "
                f"(högst {int(max_age.total_seconds() // 60)} minuter är friskt)")
    return "ok"


def with_healthz(app: WSGIApp, probe: Callable[[], Health]) -> WSGIApp:
    """``app`` answering GET /healthz itself: 200 and JSON when healthy, else 503."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return app(environ, start_response)
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"),
                                                      ("Content-Type", "text/plain; charset=utf-8")])
            return [b"GET /healthz"]
        health = probe()
        body = health.json()
        start_response("200 OK" if health.ok else "503 Service Unavailable",
                       [("Content-Type", "application/json; charset=utf-8"),
                        ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    return application
