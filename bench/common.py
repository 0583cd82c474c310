"""What the benchmark scripts share: the results file and the machine line."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
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
