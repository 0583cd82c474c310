"""The demo plan with its strategic goals linked to SYNTHETIC TEST KPIs (ids "T…", titles
marked testdata), for the Kolada tests and the benchmark. Kolada has no such KPIs: the
values come from tests/kolada_stand_in.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.clock import Clock
from bot.core.importing import data_dir, import_file
from store.db import Store

# målområde.goal → (kpi, title, better)
GOAL_KPIS: dict[str, tuple[str, str, str]] = {
    "1.1": ("T10001", "Testnyckeltal: invånarnas bedömning av skolan (testdata)", "higher"),
    "1.2": ("T10002", "Testnyckeltal: vård och omsorg (testdata)", "higher"),
    "2.1": ("T20001", "Testnyckeltal: företagsklimat (testdata)", "higher"),
    "3.2": ("T30002", "Testnyckeltal: otrygghet, lägre är bättre (testdata)", "lower"),
    "5.1": ("T50001", "Testnyckeltal: HME (testdata)", "higher"),
}
POPULATION = ("N01951", "Invånare totalt, antal")


def fixture_kpis() -> dict[str, str]:
    out = {k: t for k, t, _b in GOAL_KPIS.values()}
    out[POPULATION[0]] = POPULATION[1]
    return out


def linked_plan(tmp: Path, goals: dict[str, tuple[str, str, str]] | None = None,
                extra_goal_kpis: dict[str, list[str]] | None = None) -> Path:
    """A copy of the demo uppdragsplan whose goals name the test KPIs."""
    goals = GOAL_KPIS if goals is None else goals
    src = data_dir() / "askersund" / "uppdragsplan-2026.yaml"
    plan: dict[str, Any] = yaml.safe_load(src.read_text(encoding="utf-8"))
    for mo in plan["malomraden"]:
        for n, g in enumerate(mo["strategic_goals"], 1):
            key = f"{mo['number']}.{n}"
            if key in goals and isinstance(g, dict):
                kpi, title, better = goals[key]
                g["kolada"].update(kpis=[kpi], titles=[title], better=better, note=None)
                for more in (extra_goal_kpis or {}).get(key, []):
                    g["kolada"]["kpis"].append(more)
                    g["kolada"]["titles"].append(f"Testnyckeltal {more} (testdata)")
    path = tmp / "uppdragsplan-kolada-test.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def import_linked(store: Store, clock: Clock, tmp: Path, **kw: Any) -> None:
    import_file(store, linked_plan(tmp, **kw), clock)
