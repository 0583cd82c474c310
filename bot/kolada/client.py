"""A small HTTP client for Kolada's open API (v3; v2's page style is understood too).

Plain urllib, no dependency: GET only, JSON only. Every request has a timeout; 429 and 5xx
answers and dropped connections are retried with exponential backoff, honouring a
Retry-After header, within a bounded total wait. Pages are followed by ``next_url`` (v3)
or ``next_page`` (v2), only on the API's own host. Failures are `KoladaError`, whose message
is Swedish and meant for the user.

The facts relied on (Kolada's documentation, github.com/Hypergene/kolada, and v3 clients):
a response is ``{"values": [...], "count": n, "next_url"|"next_page": url}``, at most 5 000
rows a page (``per_page``); data objects are ``{kpi, municipality, period, values: [{gender,
value, count, status}]}``; lists of ids are comma-separated in each path position.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("styrbot.kolada")

PER_PAGE = 5000  # Kolada's maximum page size
MAX_PAGES = 1000  # a loop of next links stops here
LIST_CHUNK = 25  # ids per path position in one request (longer lists are refused)


class KoladaError(Exception):
    """Kolada could not be reached or answered something unusable (message in Swedish)."""


@dataclass
class Calls:
    """What the client did, for the summary (and the tests)."""

    requests: int = 0
    pages: int = 0
    retries: int = 0
    waited: float = 0.0
    urls: list[str] = field(default_factory=list)


class KoladaClient:
    def __init__(self, base_url: str, *, timeout: float = 20.0, retries: int = 4,
                 backoff: float = 1.0, max_wait: float = 60.0, per_page: int = PER_PAGE,
                 sleep: Callable[[float], None] = time.sleep,
                 epoch: Callable[[], float] | None = None) -> None:
        """``epoch`` (the clock's) reads a Retry-After given as a date; ``sleep`` waits."""
        self.base = base_url if base_url.endswith("/") else base_url + "/"
        parts = urllib.parse.urlsplit(self.base)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise KoladaError(f"KOLADA_API_URL ska vara en http(s)-adress, inte {base_url!r}.")
        self.origin = (parts.scheme, parts.netloc)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.per_page = per_page
        self.sleep = sleep
        self.epoch = epoch
        self.calls = Calls()

    # --- one request ----------------------------------------------------------------------

    def _wait_for(self, attempt: int, retry_after: str | None) -> float:
        delay = self.backoff * (2 ** attempt)
        if retry_after:
            ra = retry_after.strip()
            if ra.isdigit():
                delay = float(ra)
            elif self.epoch is not None:
                try:
                    when = email.utils.parsedate_to_datetime(ra).timestamp()
                    delay = max(0.0, when - self.epoch())
                except (TypeError, ValueError):
                    pass
        return delay

    def get_json(self, url: str) -> Any:
        """GET one URL and parse its JSON, retrying what may pass."""
        attempt = 0
        while True:
            self.calls.requests += 1
            self.calls.urls.append(url)
            retry_after: str | None = None
            try:
                req = urllib.request.Request(url, headers={
                    "Accept": "application/json", "User-Agent": "styrbot (Källa: Kolada)"})
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    body = resp.read()
                try:
                    return json.loads(body.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    problem = "svarade med något som inte är JSON"
            except urllib.error.HTTPError as exc:
                if exc.code != 429 and exc.code < 500:
                    raise KoladaError(f"Kolada svarade {exc.code} på {url}. Finns nyckeltalet "
                                      "och kommunen i Kolada?") from exc
                problem = f"svarade {exc.code}"
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                reason = getattr(exc, "reason", exc)
                problem = f"gick inte att nå ({reason})"
            if attempt >= self.retries:
                raise KoladaError(self._gave_up(url, problem, attempt + 1))
            delay = self._wait_for(attempt, retry_after)
            if self.calls.waited + delay > self.max_wait:
                raise KoladaError(
                    f"Kolada {problem} och ber oss vänta {delay:.0f} s till; det är mer än de "
                    f"{self.max_wait:.0f} s som hämtningen får vänta. Försök igen om en stund.")
            log.info("Kolada %s (%s); försöker igen om %.1f s", problem, url, delay)
            self.calls.retries += 1
            self.calls.waited += delay
            self.sleep(delay)
            attempt += 1

    @staticmethod
    def _gave_up(url: str, problem: str, tries: int) -> str:
        if "gick inte att nå" in problem:
            return (f"Kolada {problem} efter {tries} försök. Har datorn nätverk? Utan internet: "
                    "spara svaren från Kolada som JSON-filer och läs in dem med "
                    "'styrbot kolada import FIL|KATALOG'.")
        return f"Kolada {problem} efter {tries} försök ({url}). Försök igen om en stund."

    # --- pages --------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return urllib.parse.urljoin(self.base, path) + f"{sep}per_page={self.per_page}"

    def _next(self, page: dict[str, Any], current: str) -> str | None:
        nxt = page.get("next_url") or page.get("next_page")
        if not nxt:
            return None
        if not isinstance(nxt, str):
            raise KoladaError(f"Kolada gav en nästa sida som inte är en adress: {nxt!r}")
        absolute = urllib.parse.urljoin(current, nxt)
        parts = urllib.parse.urlsplit(absolute)
        if (parts.scheme, parts.netloc) != self.origin:
            raise KoladaError(f"Kolada pekade nästa sida till en annan server ({parts.netloc}); "
                              "den följs inte.")
        return absolute

    def pages(self, path: str) -> Iterator[dict[str, Any]]:
        """Every page of a list, following the next links."""
        url: str | None = self.url(path)
        seen: set[str] = set()
        while url is not None:
            if url in seen or len(seen) >= MAX_PAGES:
                raise KoladaError(f"Kolada:s sidor slutar inte (sida {len(seen) + 1}, {url}).")
            seen.add(url)
            page = self.get_json(url)
            if not isinstance(page, dict) or not isinstance(page.get("values"), list):
                raise KoladaError(f"Kolada svarade på {url} utan en lista 'values'; sidan "
                                  "kan inte läsas.")
            self.calls.pages += 1
            yield page
            url = self._next(page, url)

    def values(self, path: str) -> list[Any]:
        return [v for page in self.pages(path) for v in page["values"]]

    # --- the endpoints used -------------------------------------------------------------------

    def municipalities(self) -> list[Any]:
        return self.values("municipality")

    def kpi_meta(self, kpis: list[str]) -> list[Any]:
        return [v for chunk in _chunks(kpis) for v in self.values(f"kpi/{','.join(chunk)}")]

    def data(self, kpis: list[str], years: list[int],
             municipalities: list[str] | None = None) -> list[Any]:
        """Data objects of the KPIs and years: for the municipalities named, or for all."""
        out: list[Any] = []
        for kc in _chunks(kpis):
            for yc in _chunks([str(y) for y in years]):
                if municipalities:
                    for mc in _chunks(municipalities):
                        out += self.values(f"data/kpi/{','.join(kc)}/municipality/"
                                           f"{','.join(mc)}/year/{','.join(yc)}")
                else:
                    out += self.values(f"data/kpi/{','.join(kc)}/year/{','.join(yc)}")
        return out


def _chunks(items: list[str], n: int = LIST_CHUNK) -> list[list[str]]:
    return [items[i:i + n] for i in range(0, len(items), n)]
