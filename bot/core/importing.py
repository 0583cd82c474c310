"""Import plan files into the store (the library API under `styrbot import` and `init`)."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from bot.clock import Clock
from bot.domain.planfile import HeldIndicators, KnownUppdrag, LoadedPlan, PlanFileError, read_plan
from bot.search.index import section_rows
from store import aktiviteter as sa
from store import queries as q
from store.db import Store
from store.importer import ImportSummary, Progress, import_plan

DEMO_FILES = (
    "askersund/uppdragsplan-2026.yaml",
    "askersund/verksamhetsberattelse-2024.yaml",
    "askersund/malstruktur.yaml",
    "askersund/handslaget-2030.yaml",
    "askersund/demo.yaml",
    "askersund/verksamhetsplan-2026-demo.yaml",
)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def data_dir() -> Path:
    return Path(str(resources.files("data")))


def demo_files() -> list[Path]:
    return [data_dir() / f for f in DEMO_FILES]


def _read(store: Store, path: str | Path, known: set[str], known_uppdrag: KnownUppdrag,
          held: HeldIndicators) -> list[LoadedPlan]:
    """A YAML plan file, or a workbook (one or more plans), read and validated."""
    if str(path).lower().endswith(WORKBOOK_SUFFIXES):
        from bot.documents.excel_import import read_workbook

        chat = {(s, dt.date.fromisoformat(d), v) for s, d, v in sa.chat_values(store)}
        return read_workbook(path, known, known_uppdrag, chat, held_indicators=held)
    return [read_plan(path, known_indicators=known, known_uppdrag=known_uppdrag,
                      held_indicators=held)]


def import_file(store: Store, path: str | Path, clock: Clock,
                progress: Progress | None = None) -> ImportSummary:
    """Validate a plan file completely, then write it in one transaction.

    Raises PlanFileError (every problem, nothing written) or the error of the write
    (rolled back, nothing written).
    """
    return import_files(store, [path], clock, progress)[-1]


def import_files(store: Store, paths: list[str | Path] | list[Path], clock: Clock,
                 progress: Progress | None = None) -> list[ImportSummary]:
    """Validate every file first (all problems of all files reported together), then
    import them all in one transaction: all of them, or none. A workbook (.xlsx) is read
    through the same validation as a YAML plan file."""
    known = {i["slug"] for i in q.indikatorer(store)}
    known_uppdrag = sa.uppdrag_keys(store)
    # an indicator id belongs to one nämnd: a second nämnd's plan reusing it is refused (it
    # would take the indicator over, with its measurements and owners), so ids are unique
    # in a store and the role log may name an indicator by its id
    held = dict(q.indicator_namnder(store))
    problems = []
    loaded: list[LoadedPlan] = []
    for path in paths:
        try:
            plans = _read(store, path, known, known_uppdrag, held)
        except PlanFileError as exc:
            problems.extend(exc.problems)
            continue
        for plan in plans:
            known |= {i.id for i in plan.plan.indikatorer}
            if plan.plan.namnd is not None:
                for i in plan.plan.indikatorer:
                    held.setdefault(i.id, plan.plan.namnd.id)
            if plan.plan.namnd and plan.plan.document.year:
                known_uppdrag.setdefault((plan.plan.namnd.id, plan.plan.document.year), set()).update(
                    u.key for u in plan.plan.uppdrag)
            loaded.append(plan)
    if problems:
        raise PlanFileError(problems)
    with store.write():
        return [import_plan(store, p.plan, tidplaner=p.tidplaner,
                            extra_measurements=p.measurements, now=clock.now(),
                            sha256=p.sha256, progress=progress,
                            keep_absent=_workbook(p),
                            sections=None if _workbook(p) else section_rows(p.plan.sections))
                for p in loaded]


def _workbook(p: LoadedPlan) -> bool:
    """A workbook holds no document text (nor måluppfyllelse, årshjul): what the store has
    of those stays."""
    return p.path.lower().endswith(WORKBOOK_SUFFIXES)


def import_demo(store: Store, clock: Clock) -> list[ImportSummary]:
    return [import_file(store, f, clock) for f in demo_files()]
