"""Where the municipality stands against its relative strategic goals in Kolada: each goal
linked to Kolada KPIs, with its ranking among all municipalities (bot.kolada.rank), and the
one-line standing the målområde card and the weekly digest show.

Goals are read from the store's Kolada links of the plan in force; rankings are computed once
per change of Kolada's data (store.kolada.version). The chat answers are handlers/kolada.py.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any

from bot.core.context import Context
from bot.core.matching import Index
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.domain import fmt
from bot.kolada.rank import Ranking, Standing, rank
from store import kolada as ks

SOURCE = "Källa: Kolada"

# --- the goals and their standing -----------------------------------------------------------


@dataclass(kw_only=True)
class KpiStanding:
    kpi: str
    title: str
    gender: str
    latest: Standing | None  # the newest year we have a value
    newest_year: int | None  # the newest year anyone has a value
    trend: str | None
    series: list[tuple[int, float, int | None]]  # (year, value, place)
    revised: int = 0  # values of ours Kolada has revised


@dataclass(kw_only=True)
class GoalInfo:
    key: str  # "1.1"
    malomrade: int
    area: str  # the målområde's short name (or name)
    text: str
    linked: bool
    note: str | None
    percentile: float
    better: str
    target_year: int | None
    kpis: list[KpiStanding] = field(default_factory=list)
    municipality: str = "kommunen"

    @property
    def has_values(self) -> bool:
        return any(k.latest is not None for k in self.kpis)

    @property
    def reached(self) -> bool | None:
        """Inside the top share on every KPI (None: no values to say)."""
        if not self.has_values:
            return None
        return all(k.latest is not None and k.latest.in_top for k in self.kpis)

    @property
    def status(self) -> str:
        return status_line(self)

    @property
    def icon(self) -> str:
        return {True: "✅", False: "❌", None: "⚪"}[self.reached]


def _links(ctx: Context) -> list[dict[str, Any]]:
    """The Kolada goal links of the plan in force, with their målområde's words; read once
    per plan version (links change only on import)."""
    snap = ctx.snap

    def make() -> list[dict[str, Any]]:
        areas = {m["number"]: m for m in snap.malomraden}
        rows = ks.goal_links(ctx.store, snap.plan["id"]) if snap.plan else []
        for g in rows:
            mo = areas.get(g["malomrade"]) or {}
            g["area"] = mo.get("short") or mo.get("name") or f"Målområde {g['malomrade']}"
            g["area_words"] = " ".join(x for x in (mo.get("name"), mo.get("short")) if x)
        return rows
    return snap.memoised("kolada-goals", snap.version, make)  # type: ignore[no-any-return]


def goal_index(ctx: Context) -> Index:
    """The goals' words: text and aliases; the målområde's names weaker."""
    def make() -> Index:
        return Index([Index.entry("goal", g["subject"], g["goal_text"], g["goal_text"],
                                  *g["aliases"], extra=g["area_words"]) for g in _links(ctx)])
    return ctx.snap.memoised("kolada-goal-index", ctx.snap.version,  # type: ignore[no-any-return]
                             make)


def org_name(ctx: Context) -> str:
    org = ctx.snap.org or {}
    name = str(org.get("name") or "kommunen")
    return re.sub(r"s kommun$", "", name) if name.endswith("s kommun") else name


def goal_infos(ctx: Context) -> list[GoalInfo]:
    """Every strategic goal with a Kolada link, with its standing; cached until Kolada's data
    or the plan changes."""
    token = (ctx.snap.version, ks.version(ctx.store))
    return ctx.snap.memoised(  # type: ignore[no-any-return]
        "kolada-standings", token, lambda: _goal_infos(ctx))


def _goal_infos(ctx: Context) -> list[GoalInfo]:
    muni = ks.municipality_id(ctx.store)
    kinds = {m: row["type"] for m, row in ks.municipalities(ctx.store).items()}
    titles = {k: row["title"] for k, row in ks.kpis(ctx.store).items()}
    who = org_name(ctx)
    out = []
    for g in _links(ctx):
        info = GoalInfo(key=g["subject"], malomrade=g["malomrade"], area=g["area"],
                        text=g["goal_text"], linked=bool(g["kpis"]), note=g["note"],
                        percentile=g["percentile"] or 25, better=g["better"] or "higher",
                        target_year=g["target_year"], municipality=who)
        for n, kpi in enumerate(g["kpis"]):
            title = titles.get(kpi) or (g["titles"][n] if n < len(g["titles"]) else kpi)
            rows = ks.current_values(ctx.store, kpi, g["gender"])
            rk: Ranking | None = None
            if muni is not None and rows:
                rk = rank(kpi, g["gender"], ((x["municipality"], x["year"], x["value"])
                                              for x in rows), muni, info.better,  # type: ignore[arg-type]
                          info.percentile, kinds)
            info.kpis.append(KpiStanding(
                kpi=kpi, title=title, gender=g["gender"],
                latest=rk.latest if rk else None, newest_year=rk.newest_year if rk else None,
                trend=rk.trend if rk else None, series=rk.series() if rk else [],
                revised=len(ks.revisions(ctx.store, kpi, muni, g["gender"])) if muni else 0))
        out.append(info)
    return out


# --- words ------------------------------------------------------------------------------------


def _n(v: float | None) -> str:
    return fmt.number(v, None)


def share(g: GoalInfo) -> str:
    return f"topp {fmt.number(g.percentile)} %"


def status_line(g: GoalInfo) -> str:
    """One line: the standing of a goal (for the list, the målområde card and the digest)."""
    if not g.linked:
        return "inte kopplat till något nyckeltal i Kolada"
    if not g.has_values:
        return "inga värden från Kolada ännu (styrbot kolada fetch)"
    parts = []
    for k in g.kpis:
        s = k.latest
        if s is None or s.place is None:
            parts.append(f"{k.title}: inget värde för {g.municipality}")
            continue
        where = f"plats {s.place} av {s.n} ({s.year}, {_n(s.value)})"
        if len(g.kpis) > 1:
            where = f"{k.title}: {where}"
        if s.in_top:
            parts.append(f"{where}, inom {share(g)}")
        else:
            parts.append(f"{where}, {_n(s.gap)} från {share(g)} ({_n(s.threshold)} krävs)")
    return "; ".join(parts)


# --- for the målområde card and the digest ---------------------------------------------------


def area_lines(ctx: Context, malomrade: int, goals: list[str]) -> list[str | None]:
    """For each strategic goal text of a målområde: its Kolada line, or None."""
    by_text = {g.text: g for g in goal_infos(ctx) if g.malomrade == malomrade}
    out: list[str | None] = []
    for text in goals:
        g = by_text.get(text)
        out.append(f"{g.icon} Kolada: {g.status}" if g is not None and g.linked else None)
    return out


def digest_lines(ctx: Context, areas: tuple[int, ...] = ()) -> list[str]:
    """The goals with values, for the weekly digest (none when nothing is fetched)."""
    return [f"{g.icon} {g.key} {g.area}: {g.status}" for g in goal_infos(ctx)
            if g.has_values and (not areas or g.malomrade in areas)]
