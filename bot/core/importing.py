"""Import plan files into the store (the library API under `styrbot import` and `init`)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from bot.clock import Clock
from bot.domain.planfile import LoadedPlan, PlanFileError, read_plan
from bot.search.index import section_rows
from store import queries as q
from store.db import Store
from store.importer import ImportSummary, Progress, import_plan

DEMO_FILES = (
    "askersund/uppdragsplan-2026.yaml",
    "askersund/verksamhetsberattelse-2024.yaml",
    "askersund/malstruktur.yaml",
    "askersund/handslaget-2030.yaml",
    "askersund/demo.yaml",
)


def data_dir() -> Path:
    return Path(str(resources.files("data")))


def demo_files() -> list[Path]:
    return [data_dir() / f for f in DEMO_FILES]


def import_file(store: Store, path: str | Path, clock: Clock,
                progress: Progress | None = None) -> ImportSummary:
    """Validate a plan file completely, then write it in one transaction.

    Raises PlanFileError (every problem, nothing written) or the error of the write
    (rolled back, nothing written).
    """
    known = {i["slug"] for i in q.indikatorer(store)}
    return _import(store, read_plan(path, known_indicators=known), clock, progress)


def _import(store: Store, p: LoadedPlan, clock: Clock, progress: Progress | None) -> ImportSummary:
    return import_plan(store, p.plan, tidplaner=p.tidplaner, extra_measurements=p.measurements,
                       now=clock.now(), sha256=p.sha256, progress=progress,
                       sections=section_rows(p.plan.sections))


def import_files(store: Store, paths: list[str | Path] | list[Path], clock: Clock,
                 progress: Progress | None = None) -> list[ImportSummary]:
    """Validate every file first (all problems of all files reported together), then
    import them all in one transaction: all of them, or none."""
    known = {i["slug"] for i in q.indikatorer(store)}
    problems = []
    loaded = []
    for path in paths:
        try:
            plan = read_plan(path, known_indicators=known)
        except PlanFileError as exc:
            problems.extend(exc.problems)
            continue
        known |= {i.id for i in plan.plan.indikatorer}
        loaded.append(plan)
    if problems:
        raise PlanFileError(problems)
    with store.write():
        return [_import(store, p, clock, progress) for p in loaded]


def import_demo(store: Store, clock: Clock) -> list[ImportSummary]:
    return [import_file(store, f, clock) for f in demo_files()]
