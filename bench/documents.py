"""Documents for a whole municipality: the Word report, the workbook export and import.

    .venv/bin/python bench/documents.py [--no-write]

1. Generates the synthetic municipality (bench/synthetic.py --municipality, seed 1: 12
   nämnder, 480 uppdrag with about 960 aktiviteter, 1,500 indicators with 10 years of
   monthly values) and imports it with `styrbot import` (the YAML files).
2. `styrbot rapport 2026 --period delår --out …` as a user runs it: wall time and the
   process's peak resident memory (targets: under 10 s and 300 MB).
3. `styrbot export-excel` of the same store, then `styrbot import` of that workbook into an
   empty store (target: the import under 10 s).

Writes the table into bench/README.md under "Documents".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, write_section

from bench.synthetic import Sizes, generate

NOW = "2026-11-23T09:00"
STYRBOT = str(Path(sys.executable).with_name("styrbot"))
TARGETS = {"report_s": 10.0, "report_mb": 300.0, "import_s": 10.0}


def timed(args: list[str], db: Path) -> tuple[float, float, str, float]:
    """Run `styrbot ARGS` on ``db``: seconds, peak resident MB, its output, and the CPU
    seconds it used (user and system: what a shared machine's load does not inflate)."""
    env = {**os.environ, "STYRBOT_DB": str(db), "STYRBOT_NOW": NOW}
    start = time.monotonic()
    proc = subprocess.Popen([STYRBOT, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    out = (proc.stdout.read().decode() if proc.stdout else "")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"styrbot {args[0]} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return seconds, usage.ru_maxrss / 1024, out.strip(), usage.ru_utime + usage.ru_stime


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp) / "syn", Sizes.municipality(), seed=1)
        db = Path(tmp) / "muni.db"
        timed(["import", *map(str, files)], db)
        load_before = os.getloadavg()[0]
        report = Path(tmp) / "delar.docx"
        r_s, r_mb, r_out, r_cpu = timed(["rapport", "2026", "--period", "delår", "--out", str(report)], db)
        book = Path(tmp) / "plan.xlsx"
        e_s, e_mb, e_out, _ = timed(["export-excel", str(book)], db)
        i_s, i_mb, _, i_cpu = timed(["import", str(book)], Path(tmp) / "fresh.db")
        return {"report_s": r_s, "report_mb": r_mb, "report": r_out, "report_cpu": r_cpu,
                "report_kb": report.stat().st_size / 1024, "export_s": e_s, "export_mb": e_mb,
                "book_mb": book.stat().st_size / 1024 / 1024, "export": e_out,
                "import_s": i_s, "import_mb": i_mb, "import_cpu": i_cpu,
                "load": (load_before, os.getloadavg()[0])}


def table(r: dict[str, object]) -> str:
    def ok(key: str) -> str:
        return "met" if float(r[key]) < TARGETS[key] else "**NOT met**"  # type: ignore[arg-type]

    return "\n".join([
        ("The synthetic municipality (`python bench/synthetic.py OUT --municipality`, seed 1; "
         "12 nämnder), imported from its YAML files first. Each figure is one run of the real "
         "console script."),
        "",
        "| figure | result | target | |",
        "|---|---|---|---|",
        f"| `styrbot rapport 2026 --period delår`: time (CPU) | {r['report_s']:.1f} s ({r['report_cpu']:.1f} s) | < 10 s | {ok('report_s')} |",
        f"| `styrbot rapport`: peak resident memory | {r['report_mb']:.0f} MB | < 300 MB | {ok('report_mb')} |",
        f"| `styrbot import` of the exported workbook into an empty store: time (CPU) | {r['import_s']:.1f} s ({r['import_cpu']:.1f} s) | < 10 s | {ok('import_s')} |",
        f"| `styrbot import` of the workbook: peak resident memory | {r['import_mb']:.0f} MB | | |",
        f"| `styrbot export-excel`: time (peak memory) | {r['export_s']:.1f} s ({r['export_mb']:.0f} MB) | | |",
        "",
        f"Report: {r['report']} ({r['report_kb']:.0f} kB; charts capped at 60, red and yellow first).",
        f"Workbook: {r['book_mb']:.1f} MB; {r['export']}.",
        "",
        (f"Load average (1 minute) on the 2 CPUs when the timed runs began and ended: "
         f"{r['load'][0]:.1f} and {r['load'][1]:.1f} (`os.getloadavg`). The machine is shared: "
         "a time is inflated by the load, the CPU seconds (user and system) much less."),
        "",
        machine() + " Rerun: `.venv/bin/python bench/documents.py`.",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    text = table(run())
    print(text)
    if not args.no_write:
        write_section("Documents", text)


if __name__ == "__main__":
    main()
