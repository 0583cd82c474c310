"""One clock: no wall-clock read outside bot/clock.py, and the test run's clock shift
(TEST_CLOCK_SHIFT_DAYS, see ./check) reaches the processes the tests start."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bot.clock import Clock

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {"bot/clock.py", "tests/clockshift.py"}
DATE_TYPES = {"datetime", "date"}


def wall_clock_reads(source: str) -> list[tuple[int, str]]:
    """The lines of ``source`` that read the wall clock: time.time(), time.time_ns(),
    datetime.now()/utcnow()/today(), date.today() (however datetime is imported)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            found += [(node.lineno, f"from time import {a.name}") for a in node.names
                      if a.name in ("time", "time_ns")]
        if not isinstance(node, ast.Attribute):
            continue
        base = node.value
        name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
        if node.attr in ("time", "time_ns") and name == "time":
            found.append((node.lineno, f"time.{node.attr}"))
        if node.attr in ("now", "utcnow", "today") and name in DATE_TYPES:
            found.append((node.lineno, f"{name}.{node.attr}"))
    return found


def test_the_finder_finds_every_form() -> None:
    src = ("import time, datetime as dt\nfrom datetime import date, datetime\n"
           "a = time.time()\nb = dt.datetime.now()\nc = date.today()\nd = datetime.utcnow()\n"
           "e = dt.date.today()\nf = time.time_ns()\nfrom time import time as t\n"
           "ok = time.monotonic(); ok2 = clock.now(); ok3 = dt.datetime.fromisoformat('x')\n")
    assert sorted(line for line, _ in wall_clock_reads(src)) == [3, 4, 5, 6, 7, 8, 9]


def test_no_wall_clock_read_outside_the_clock_module() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "build/")) or rel in ALLOWED:
            continue
        offenders += [f"{rel}:{line}: {what}" for line, what in wall_clock_reads(path.read_text())]
    assert offenders == [], "read the time from the injected Clock instead:\n" + "\n".join(offenders)


def kernel_time() -> float:
    """The kernel's real time, which the shift does not reach: a new file's mtime."""
    with tempfile.NamedTemporaryFile() as f:
        return os.fstat(f.fileno()).st_mtime


def test_the_clock_shift_reaches_a_subprocess() -> None:
    """A child Python's clock and ours are the kernel's real time shifted by the days asked:
    each read falls between two readings of the kernel's time taken before and after it: an
    order, however long the child takes to start. The slack is for the shifted clock itself
    (time-machine's ticking clock was seen a second behind the kernel's), not for a duration,
    and far less than the day a wrong shift would make."""
    shift = float(os.environ.get("TEST_CLOCK_SHIFT_DAYS") or 0) * 86400
    before = kernel_time()
    out = subprocess.run([sys.executable, "-c", "import time; print(time.time())"],
                         capture_output=True, text=True, check=True).stdout
    here = Clock.real().epoch()
    after = kernel_time()
    for name, read in (("child", float(out)), ("here", here)):
        assert before - 60 <= read - shift <= after + 60, (name, (read - shift - before) / 86400)


def test_a_frozen_clock_stays_frozen_under_the_shift() -> None:
    clock = Clock.fixed("2026-11-23T09:00:00")
    assert clock.today().isoformat() == "2026-11-23"
    assert clock.epoch() == 1795420800.0
