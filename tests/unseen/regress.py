"""Every item of the graded sets (tests/unseen/questions_*.yaml) whose grade after its fixes
is R, asked again of the real Bot on a fresh demo store: those whose facts are missing now.

    .venv/bin/python tests/unseen/regress.py [--now 2026-12-01T09:00]

A missing fact is a lead to read, not a verdict: a fact may have been written in another
format than the bot's ("7,4 %" where the plan's own target is "7,4%"), or the grade may
have been an honest answer that showed no figure. Chains are asked in one conversation each.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.importing import import_demo
from store.db import Store

_GRADE = re.compile(r"(\S+)\s+(CW|R|P|W)\b(.*)")
_AFTER = re.compile(r"→\s*(CW|R|P|W)\b")


def after_grades(path: Path) -> dict[str, str]:
    """Each item's grade after its set's fixes (the last "→ X"), or its only grade."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if (m := _GRADE.match(line)) is not None:
            later = _AFTER.findall(m.group(3))
            out[m.group(1)] = later[-1] if later else m.group(2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--now", default="2026-12-01T09:00")
    a = ap.parse_args()
    clock = Clock.fixed(a.now)
    here = ROOT / "tests" / "unseen"
    sets = sorted((int(m.group(1)), p) for p in here.glob("questions_*.yaml")
                  if (m := re.search(r"_(\d+)\.yaml$", p.name)))
    asked = missing = 0
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.db")
        import_demo(store, clock)
        bot = Bot(store, clock)
        for n, path in sets:
            grades = here / f"grades_{n}.txt"
            if not grades.exists():
                continue
            after = after_grades(grades)
            for it in yaml.safe_load(path.read_text(encoding="utf-8")):
                if after.get(str(it["id"])) != "R" or not it.get("facts"):
                    continue
                conv = f"regress:{n}:{it['id']}"
                for earlier in it.get("after", []):
                    bot.handle(earlier, strict=True, conversation=conv)
                text = bot.handle(it["q"], strict=True, conversation=conv).text
                lost = [str(f) for f in it["facts"] if str(f) not in text]
                asked += 1
                if lost:
                    missing += 1
                    print(f"{n}:{it['id']}\t{it['q']}\tmissing {lost}")
    print(f"{missing} of {asked} items graded R miss a fact now")


if __name__ == "__main__":
    main()
