"""Cold start: `styrbot ask "status uppdrag 3.2"` against a bare `python -c pass`, side by
side, interleaved (the machine's load moves both alike). Target: the ask within 8× the bare
interpreter start. Writes the "Cold start" section of bench/README.md.

The project's bytecode is compiled first, as `pip install .` (the Dockerfile) does: an
editable checkout under PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module of
ours from source on every start (about 70 ms here), which no installed styrbot does.

    .venv/bin/python bench/coldstart.py [--runs 40]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, median, percentile, write_section

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
STYRBOT = str(Path(PY).parent / "styrbot")
QUESTION = "status uppdrag 3.2"
PACKAGES = ("bot", "handlers", "store")


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=40)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "STYRBOT_"))}
        env.update(STYRBOT_DB=str(Path(tmp) / "styrbot.db"), STYRBOT_NOW="2026-11-23T09:00",
                   STYRBOT_TZ="Europe/Stockholm")
        subprocess.run([STYRBOT, "init", "--demo"], env=env, check=True, capture_output=True)
        subprocess.run([PY, "-m", "compileall", "-q", *(str(ROOT / p) for p in PACKAGES)],
                       env=env, check=True, stdout=subprocess.DEVNULL)
        bare_cmd, ask_cmd = [PY, "-c", "pass"], [STYRBOT, "ask", QUESTION]
        for _ in range(3):  # warm the page cache
            timed(bare_cmd, env)
            timed(ask_cmd, env)
        bare, ask = [], []
        for _ in range(args.runs):
            bare.append(timed(bare_cmd, env))
            ask.append(timed(ask_cmd, env))
    ratio = median(ask) / median(bare)
    ms = lambda s: f"{s * 1000:.0f} ms"
    body = f"""`styrbot ask "{QUESTION}"` (the console script, the demo store, a frozen clock) and a bare `python -c pass`, {args.runs} runs each, interleaved, after 3 warm-up runs, the project's bytecode compiled first (as `pip install .` does).

| command | median | p90 |
|---|---|---|
| `python -c pass` | {ms(median(bare))} | {ms(percentile(bare, 90))} |
| `styrbot ask "{QUESTION}"` | {ms(median(ask))} | {ms(percentile(ask, 90))} |

Median ratio: **{ratio:.1f}×** (target ≤ 8×: {"met" if ratio <= 8 else "NOT met"}). A question imports the core, the handlers, jinja2, rapidfuzz and click; not sqlite_utils/numpy (a store whose migrations are all applied is opened without them), pydantic and the plan-file schema (only importing a plan needs them; the uppdrag card's roll-up lives in bot/documents/follow.py, not the workbook export), openpyxl, urllib.request (only `styrbot health URL`), Babel (only numbers fmt cannot write by hand), holidays (only the schedule's calendar), slack_bolt/slack_sdk (only bot/slack): tests/test_coldstart.py holds the list. The handlers' dataclasses share their generated methods (bot/core/records.py) and the long matcher patterns compile when first used (bot/core/patterns.py). Without the compiled bytecode (an editable checkout under PYTHONDONTWRITEBYTECODE=1) every module of ours is compiled from source on every start: about 80 ms more here.

{machine()} Rerun: `.venv/bin/python bench/coldstart.py`."""
    write_section("Cold start", body)
    print(body)


if __name__ == "__main__":
    main()
