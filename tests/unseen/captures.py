"""Standalone questions of tests/corpus.yaml asked after a subject: those whose command is of
another kind than when asked alone (a follow-up reading that captured a question of its own).

    .venv/bin/python tests/unseen/captures.py ["subject" …]

The subjects default to an indicator, an uppdrag and a budget line. A capture is a lead to
read, not a verdict: many are follow-ups by design ("läget?" after uppdrag 3.2 is its
status; "indikatorer" after it its linked indicators). On 4 December 2026: 309 captures of
the 3 subjects, from 383 before `conversation._stands_alone`.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_corpus import build_store, load_corpus

from bot.clock import Clock
from bot.core.bot import Bot

# the commands a question of its own is read as, whose capture matters
_OWN = ("uppdragslista", "budget", "budgetöversikt", "målområde", "målområden", "läget",
        "uppdrag", "indikator", "indikatorer", "årshjul", "investering", "måluppfyllelse")


def main() -> None:
    corpus = load_corpus()
    subjects = sys.argv[1:] or ["sjukfrånvaro?", "status uppdrag 3.2", "budget gymnasieskola 2026"]
    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(Path(tmp) / "demo.db", "demo", corpus)
        bot = Bot(store, Clock.fixed(corpus.now))
        seen: set[str] = set()
        n = 0
        for case in corpus.cases:
            if case.chain or case.store != "demo" or case.expect.get("command") not in _OWN \
                    or case.q in seen:
                continue
            seen.add(case.q)
            n += 1
            alone = bot.handle(case.q, strict=True, conversation=f"alone:{n}")
            if alone.command is None:
                continue
            for subject in subjects:
                n += 1
                bot.handle(subject, strict=True, conversation=f"after:{n}")
                after = bot.handle(case.q, strict=True, conversation=f"after:{n}")
                if after.command is None or type(after.command) is not type(alone.command):
                    got = type(after.command).name if after.command else None
                    print(f"{subject!r} → {case.q!r}: alone {type(alone.command).name}, "
                          f"after {got}")


if __name__ == "__main__":
    main()
