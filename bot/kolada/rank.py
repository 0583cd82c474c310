"""Where a municipality stands among all municipalities with a value: pure functions.

Ties share a place (competition ranking: two municipalities in 3rd place, the next is 5th).
"The top 25 %" of n municipalities is the best ⌊n · 25 / 100⌋ places (at least one): of 290,
the best 72. The value needed is the value of the last of those places; a municipality
with that value or better is inside, also when it shares the place with others.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Literal

from bot.core.records import dataclass  # cheaper to define (cold start)

Better = Literal["higher", "lower"]
_MUNICIPALITY = re.compile(r"^\d{4}$")


def is_municipality(mid: str, kinds: dict[str, str | None] | None = None) -> bool:
    """A kommun: of type K in Kolada's list when it is known; else by its id (four digits,
    not the country "0000" nor a region "00LL")."""
    if kinds:
        kind = kinds.get(mid)
        if kind is not None:
            return kind == "K"
    return bool(_MUNICIPALITY.match(mid)) and not mid.startswith("00")


@dataclass(frozen=True)
class Standing:
    year: int
    n: int  # municipalities with a value that year
    value: float | None  # ours; None: we have no value that year
    place: int | None = None
    tied: int = 0  # other municipalities with exactly our value
    top_n: int = 0  # how many places are the top share
    threshold: float | None = None  # the value needed to be in the top share
    in_top: bool = False
    gap: float | None = None  # how much better we must get (> 0), or our margin (≤ 0)
    best: float | None = None  # the best value that year


def top_places(n: int, percentile: float) -> int:
    return max(1, math.floor(n * percentile / 100 + 1e-9)) if n else 0


def standing(year: int, values: dict[str, float], ours: str, better: Better,
             percentile: float) -> Standing:
    """Our standing in one year among ``values`` (municipality → value, only those with a
    value, only municipalities)."""
    n = len(values)
    if n == 0:
        return Standing(year=year, n=0, value=None)
    sign = 1.0 if better == "higher" else -1.0
    ordered = sorted((sign * v for v in values.values()), reverse=True)  # best first
    k = top_places(n, percentile)
    threshold = sign * ordered[k - 1]
    best = sign * ordered[0]
    mine = values.get(ours)
    if mine is None:
        return Standing(year=year, n=n, value=None, top_n=k, threshold=threshold, best=best)
    s = sign * mine
    place = 1 + sum(1 for v in ordered if v > s)
    tied = sum(1 for v in ordered if v == s) - 1
    return Standing(year=year, n=n, value=mine, place=place, tied=tied, top_n=k,
                    threshold=threshold, in_top=place <= k, gap=sign * (threshold - mine),
                    best=best)


@dataclass(frozen=True)
class Ranking:
    """One KPI's standings over the years fetched, oldest first."""

    kpi: str
    gender: str
    better: Better
    percentile: float
    standings: tuple[Standing, ...]

    @property
    def latest(self) -> Standing | None:
        """The newest year in which we have a value."""
        mine = [s for s in self.standings if s.value is not None]
        return mine[-1] if mine else None

    @property
    def newest_year(self) -> int | None:
        return self.standings[-1].year if self.standings else None

    @property
    def previous(self) -> Standing | None:
        mine = [s for s in self.standings if s.value is not None]
        return mine[-2] if len(mine) > 1 else None

    @property
    def trend(self) -> Literal["bättre", "sämre", "oförändrad"] | None:
        """Our value against our previous value, in the better direction."""
        cur, prev = self.latest, self.previous
        if cur is None or prev is None or cur.value is None or prev.value is None:
            return None
        if cur.value == prev.value:
            return "oförändrad"
        up = cur.value > prev.value
        return "bättre" if up == (self.better == "higher") else "sämre"

    def series(self) -> list[tuple[int, float, int | None]]:
        """(year, our value, our place) for every year we have a value."""
        return [(s.year, s.value, s.place) for s in self.standings if s.value is not None]


def rank(kpi: str, gender: str, rows: Iterable[tuple[str, int, float | None]], ours: str,
         better: Better, percentile: float,
         kinds: dict[str, str | None] | None = None) -> Ranking:
    """``rows``: (municipality, year, value) of one KPI and gender; missing values (None),
    the country, regions and groups do not count."""
    by_year: dict[int, dict[str, float]] = {}
    for mid, year, value in rows:
        by_year.setdefault(year, {})
        if value is not None and is_municipality(mid, kinds):
            by_year[year][mid] = value
    standings = tuple(standing(y, vals, ours, better, percentile)
                      for y, vals in sorted(by_year.items()) if vals)
    return Ranking(kpi=kpi, gender=gender, better=better, percentile=percentile,
                   standings=standings)
