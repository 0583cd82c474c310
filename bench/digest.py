"""Benchmark: the weekly digest for the synthetic large plan.

    python bench/digest.py [--scale 25] [--rounds 5] [--write]

Builds the synthetic plan (bench/synthetic.py, seed 1, ``--scale`` times the demo plan),
imports it into a temporary SQLite store and times, per round, on a fresh context:

- the first digest (everything in the store is new: the largest possible digest),
- a typical week (new values for 5 % of the indicators since the last digest),
- each split in building (answer: the store into a DigestResult), rendering (template and
  Block Kit messages) and the trend chart (PNG), and the nudge plan for the same moment.

Target: a digest built (answer + render + chart) in under 1 s. ``--write`` replaces the
"Digest" section of bench/README.md (and only that section).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import write_section
from bench.synthetic import Sizes, generate
from bot.clock import Clock
from bot.core.context import Context
from bot.core.importing import import_file
from bot.core.snapshot import SnapshotCache
from bot.domain.calendar import Calendar
from bot.schedule.digest import build_digest, digest_document, trend_chart
from bot.schedule.nudges import plan_nudges
from bot.slack.blocks import document_messages
from store import queries as q
from store import writes
from store.db import Store

HEADING = "Digest"
TARGET_S = 1.0


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def context(store: Store, cache: SnapshotCache, now: dt.datetime) -> Context:
    return Context(store=store, snap=cache.get(), now=now)


def measure(store: Store, now: dt.datetime, since: dt.datetime | None, rounds: int) -> dict[str, Any]:
    cache = SnapshotCache(store)
    cache.get()  # the worker keeps its snapshot between runs; the plan only changes on import
    rows: dict[str, list[float]] = {"build": [], "render": [], "chart": [], "total": []}
    shape: dict[str, Any] = {}
    for _ in range(rounds):
        ctx = context(store, cache, now)
        t_build, result = timed(lambda: build_digest(ctx, since))  # noqa: B023
        t_chart, png = timed(lambda: trend_chart(result))  # noqa: B023
        t_render, messages = timed(lambda: document_messages(digest_document(result, png)))  # noqa: B023
        rows["build"].append(t_build)
        rows["chart"].append(t_chart)
        rows["render"].append(t_render)
        rows["total"].append(t_build + t_chart + t_render)
        shape = {"new": len(result.new_values), "off": len(result.off_target), "due": len(result.due),
                 "late": len(result.late), "silent": len(result.silent),
                 "messages": len(messages), "blocks": sum(len(m.blocks) for m in messages),
                 "png_kb": round(len(png or b"") / 1024)}
    return {"median": {k: statistics.median(v) for k, v in rows.items()},
            "max": {k: max(v) for k, v in rows.items()}, **shape}


def run(scale: float, rounds: int) -> tuple[str, bool]:
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp) / "syn", Sizes.scaled(scale), seed=1)
        imported = dt.datetime(2026, 11, 9, 9, 0, tzinfo=Calendar().tz)
        store = Store(Path(tmp) / "syn.db")
        for f in files:
            import_file(store, f, Clock(Calendar().tz, imported))
        snap = SnapshotCache(store).get()
        size = (f"{len(snap.uppdrag)} uppdrag, {len(snap.indikatorer)} indikatorer, "
                f"{len(q.measurements(store))} mätvärden, {len(snap.budget)} budgetrader")
        now = dt.datetime(2026, 11, 23, 8, 0, tzinfo=Calendar().tz)
        first = measure(store, now, imported - dt.timedelta(days=1), rounds)
        # a typical week: 5 % of the indicators got a value since last Monday's digest
        last = now - dt.timedelta(days=7)
        for i in snap.indikatorer[:: 20]:
            writes.add_measurement(store, slug=i["slug"], date=dt.date(2026, 11, 20), value=1.0,
                                   author="bench", now=now - dt.timedelta(days=2))
        week = measure(store, now, last, rounds)
        cache = SnapshotCache(store)
        t_nudges = statistics.median(
            timed(lambda: plan_nudges(context(store, cache, now), Calendar(), now, manual=True))[0]
            for _ in range(rounds))
        store.close()
    ok = first["median"]["total"] < TARGET_S and week["median"]["total"] < TARGET_S
    lines = [
        (f"`python bench/digest.py --scale {scale:g} --rounds {rounds}`: the weekly digest for the "
         f"synthetic plan (bench/synthetic.py, seed 1, {scale:g}× the demo plan: {size}), built on "
         f"a fresh context each round with the plan snapshot warm (as in the worker). Median "
         f"(max) of {rounds} rounds:"),
        "",
        ("| digest | answer | chart | render | **total** | new values | due / late / silent | "
         "messages (blocks) | chart |"),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, m in (("first (everything new)", first), ("a typical week (5 % new)", week)):
        med, mx = m["median"], m["max"]
        lines.append(
            f"| {label} | {med['build'] * 1000:.0f} ms | {med['chart'] * 1000:.0f} ms | "
            f"{med['render'] * 1000:.0f} ms | **{med['total'] * 1000:.0f} ms** "
            f"({mx['total'] * 1000:.0f}) | {m['new']} | {m['due']} / {m['late']} / {m['silent']} | "
            f"{m['messages']} ({m['blocks']}) | {m['png_kb']} kB |")
    lines += [
        "",
        (f"Target: a digest built in under {TARGET_S:g} s: **{'met' if ok else 'NOT met'}** (on the "
         f"medians; the max is the first round, where matplotlib loads its fonts once per "
         f"process). Planning every nudge for the same plan and moment (`plan_nudges`): "
         f"{t_nudges * 1000:.0f} ms. Lists in a digest are capped (12 per list, 4 chart panels) with a "
         "pointer to the full question, so its size stays bounded however large the plan."),
        "",
        (f"Machine: {platform.machine()}, {_cpus()} CPUs, Python {platform.python_version()}, "
         f"{Clock.real().today().isoformat()}. Rerun: `.venv/bin/python bench/digest.py --write`."),
    ]
    return "\n".join(lines), ok


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="the weekly digest for the synthetic large plan")
    ap.add_argument("--scale", type=float, default=25.0)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="update bench/README.md")
    a = ap.parse_args(argv)
    out, ok = run(a.scale, a.rounds)
    print(out)
    if a.write:
        write_section("Digest", out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
