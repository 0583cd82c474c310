"""What the benchmark scripts share: the results file and the machine line."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"
for p in (str(ROOT), str(ROOT / "tests")):  # the project, and tests/ for the Slack stand-in
    if p not in sys.path:
        sys.path.insert(0, p)


def write_section(heading: str, body: str, path: Path = README) -> None:
    """Replace (or add) the section ``## heading`` of bench/README.md, leaving the others."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.rstrip("\n").split("\n")
    start = next((i for i, ln in enumerate(lines) if ln.strip() == f"## {heading}"), None)
    block = [f"## {heading}", "", *body.rstrip("\n").split("\n")]
    if start is None:
        lines += ["", *block]
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
                   len(lines))
        lines[start:end] = block + ([""] if end < len(lines) else [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def machine() -> str:
    """The machine and date a result was measured on."""
    return (f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}.")


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0–100) of ``values``, nearest rank."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values)


def interleaved(apps: dict[str, Callable[[], float | None]], n: int, *, block: int,
                warmup: int = 20, after: Callable[[], None] = lambda: None
                ) -> tuple[dict[str, list[float]], dict[str, int], list[float]]:
    """``n`` timed calls of each app (after ``warmup`` each), in alternating order so both see
    the same conditions. The samples, the lost (None) per app, and the median ratio of the
    first app to the second per block of ``block`` calls (how much the machine's load moves
    it)."""
    names = list(apps)
    samples: dict[str, list[float]] = {k: [] for k in names}
    lost = {k: 0 for k in names}
    ratios: list[float] = []
    for i in range(n + warmup):
        for name in (names if i % 2 else names[::-1]):
            t = apps[name]()
            if i >= warmup:
                if t is None:
                    lost[name] += 1
                else:
                    samples[name].append(t)
        after()
        if i >= warmup and (i - warmup + 1) % block == 0:
            ratios.append(statistics.median(samples[names[0]][-block:])
                          / statistics.median(samples[names[1]][-block:]))
    return samples, lost, ratios


def at_once(call: Callable[[], float | None], users: int) -> tuple[int, list[float]]:
    """``users`` calls at the same moment; how many were lost, and the times of the others."""
    gate = threading.Barrier(users)

    def one(_: int) -> float | None:
        gate.wait()
        return call()

    with ThreadPoolExecutor(users) as pool:
        results = list(pool.map(one, range(users)))
    done = [r for r in results if r is not None]
    return users - len(done), done
