"""A local Kolada (API v3) for tests and the benchmark: http.server on 127.0.0.1, port 0,
recording every call, serving SYNTHETIC TEST DATA in the API's exact shape.

TEST DATA, NOT KOLADA'S: every value here is made up, generated deterministically from the
KPI id, the municipality and the year (no randomness), for 290 municipalities ("1882" is
Askersund's id, "2034" Orsa's, the others are made-up four-digit ids), the country "0000"
and two regions. Shapes follow Kolada's documentation: ``{"values": [...], "count": n,
"next_url": ...}`` with ``per_page`` rows a page; data objects ``{"kpi", "municipality",
"period", "values": [{"gender", "value", "count", "status"}]}``; a missing value has
``value: null, status: "Missing"``.

Faults on demand: ``fail`` maps a path prefix to a list of status codes answered before the
real page (429 with Retry-After, 500, 503), ``malformed`` a path prefix whose first answer is
not JSON, ``style`` "v3" (next_url) or "v2" (next_page), ``relative`` next links without host.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

ASKERSUND = "1882"
ORSA = "2034"
N_MUNICIPALITIES = 290


def municipality_ids() -> list[str]:
    """290 kommun ids: Askersund, Orsa and 288 made-up ones (four digits, not "00…")."""
    ids = [ASKERSUND, ORSA]
    n = 100
    while len(ids) < N_MUNICIPALITIES:
        mid = f"{n:04d}"
        if mid not in ids:
            ids.append(mid)
        n += 7
    return ids


def municipality_list() -> list[dict[str, Any]]:
    out = [{"id": "0000", "title": "Riket (testdata)", "type": "L"},
           {"id": "0018", "title": "Region Testlän (testdata)", "type": "L"},
           {"id": "0020", "title": "Region Provlän (testdata)", "type": "L"}]
    for mid in municipality_ids():
        title = {ASKERSUND: "Askersund", ORSA: "Orsa"}.get(mid, f"Testkommun {mid}")
        out.append({"id": mid, "title": title, "type": "K"})
    return out


def _h(*parts: str) -> int:
    """A deterministic hash (not Python's salted hash())."""
    h = 2166136261
    for ch in "|".join(parts):
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h


def synthetic_value(kpi: str, mid: str, year: int, gender: str = "T") -> float | None:
    """TEST DATA. Missing for about 3 % of (municipality, year); values on a coarse grid of
    0,5 so that ties happen; a small trend by year; K and M around T."""
    if mid != ASKERSUND and _h(kpi, mid, str(year), "missing") % 33 == 0:
        return None
    base = 40 + (_h(kpi, mid) % 80) / 2  # 40.0 … 79.5
    trend = ((_h(kpi, mid, "trend") % 5) - 2) * 0.5 * (year - 2015)
    wobble = ((_h(kpi, mid, str(year)) % 5) - 2) * 0.5
    t = base + trend + wobble
    if gender == "K":
        return t + 1.5
    if gender == "M":
        return t - 1.5
    return t


@dataclass
class Fixtures:
    """What the stand-in serves. ``overrides`` pins values: (kpi, municipality, year, gender)
    → value (None = missing)."""

    kpis: dict[str, str] = field(default_factory=dict)  # id → title
    years: tuple[int, ...] = tuple(range(2015, 2025))
    divided_by_gender: bool = True
    overrides: dict[tuple[str, str, int, str], float | None] = field(default_factory=dict)

    def value(self, kpi: str, mid: str, year: int, gender: str) -> float | None:
        key = (kpi, mid, year, gender)
        if key in self.overrides:
            return self.overrides[key]
        return synthetic_value(kpi, mid, year, gender)

    def data_object(self, kpi: str, mid: str, year: int) -> dict[str, Any]:
        genders = ("T", "K", "M") if self.divided_by_gender else ("T",)
        values = []
        for g in genders:
            v = self.value(kpi, mid, year, g)
            values.append({"gender": g, "value": v, "count": 1,
                           "status": "Missing" if v is None else ""})
        return {"kpi": kpi, "municipality": mid, "period": year, "values": values}


class KoladaStandIn:
    def __init__(self, fixtures: Fixtures, per_page: int = 5000) -> None:
        self.fixtures = fixtures
        self.per_page_max = per_page
        self.calls: list[str] = []
        self.fail: dict[str, list[int]] = {}  # path prefix → statuses to answer first
        self.retry_after = "0"
        self.malformed: set[str] = set()
        self.style = "v3"
        self.relative = False
        self._lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                stand_in._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v3/"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def paths(self) -> list[str]:
        with self._lock:
            return [urllib.parse.urlsplit(u).path for u in self.calls]

    # --- answering ----------------------------------------------------------------------

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: bytes,
              headers: dict[str, str] | None = None) -> None:
        h.send_response(status)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.calls.append(h.path)
        parts = urllib.parse.urlsplit(h.path)
        path = parts.path
        query = urllib.parse.parse_qs(parts.query)
        with self._lock:
            for prefix, statuses in self.fail.items():
                if path.startswith(prefix) and statuses:
                    status = statuses.pop(0)
                    break
            else:
                status = 0
            bad = next((p for p in self.malformed if path.startswith(p)), None)
            if bad is not None:
                self.malformed.discard(bad)
        if status:
            headers = {"Retry-After": self.retry_after} if status == 429 else {}
            self._send(h, status, b'{"error": "stand-in fault"}', headers)
            return
        if bad is not None:
            self._send(h, 200, b'{"values": [{"kpi": "N0')  # cut off: not JSON
            return
        f = self.fixtures
        key = (path, tuple(sorted(f.overrides.items())), tuple(sorted(f.kpis.items())))
        try:
            with self._lock:
                items = self._cache.get(key)  # pages of one list share its items
            if items is None:
                items = self._items(path)
                with self._lock:
                    self._cache[key] = items
        except KeyError:
            self._send(h, 404, b'{"error": "not found"}')
            return
        per_page = min(int(query.get("per_page", ["5000"])[0]), self.per_page_max)
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * per_page: page * per_page]
        body: dict[str, Any] = {"values": chunk, "count": len(chunk)}
        if page * per_page < len(items):
            q = dict(query)
            q["page"] = [str(page + 1)]
            nxt = path + "?" + urllib.parse.urlencode(q, doseq=True)
            host = f"http://127.0.0.1:{self.server.server_address[1]}"
            body["next_url" if self.style == "v3" else "next_page"] = (
                nxt if self.relative else host + nxt)
        self._send(h, 200, json.dumps(body).encode())

    def _items(self, path: str) -> list[dict[str, Any]]:
        f = self.fixtures
        seg = [urllib.parse.unquote(s) for s in path.split("/") if s]
        if not seg or seg[0] != "v3":
            raise KeyError(path)
        seg = seg[1:]
        if seg == ["municipality"]:
            return municipality_list()
        if len(seg) == 2 and seg[0] == "kpi":
            return [{"id": k, "title": f.kpis[k], "description": "Testdata, inte Kolada:s.",
                     "is_divided_by_gender": int(f.divided_by_gender), "municipality_type": "K"}
                    for k in seg[1].split(",") if k in f.kpis]
        if seg[:2] == ["data", "kpi"] and len(seg) in (5, 7):
            kpis = [k for k in seg[2].split(",") if k in f.kpis]
            if len(seg) == 7 and seg[3] == "municipality" and seg[5] == "year":
                munis = seg[4].split(",")
                years = seg[6].split(",")
            elif seg[3] == "year":
                munis = ["0000", "0018"] + municipality_ids()
                years = seg[4].split(",")
            else:
                raise KeyError(path)
            out = []
            for k in kpis:
                for y in years:
                    if not y.isdigit() or int(y) not in f.years:
                        continue
                    for m in munis:
                        out.append(f.data_object(k, m, int(y)))
            return out
        raise KeyError(path)
