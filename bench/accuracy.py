"""Intent accuracy of the parser on the query corpus, and the sweep that chose the
matcher's thresholds.

    python bench/accuracy.py [--write]

For every question of tests/corpus.yaml the parsed command is compared with the expected
one (command name and key fields, as tests/test_corpus.py does). Then each threshold of
bot.matching is swept on its own, the other two held at their chosen values:

- WORD_THRESHOLD: how similar (rapidfuzz ratio) a typed word must be to a vocabulary word;
- MIN_SCORE: the score an entry needs to count as a match at all;
- ALSO_RATIO: how close a runner-up must be to be listed as "also matching".

and a coarse grid over all three checks that the chosen point is inside a region of 100 %.
The chosen values are the middle of the widest 100 % plateau of each sweep (robustness
over a single best point); bot/matching.py records them with the measured ranges.
``--write`` puts the result into bench/README.md under "Intent accuracy".
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import write_section
from bot.clock import Clock
from bot.core import matching
from bot.core.bot import Bot
from bot.core.commands import Command
from tests.test_corpus import Case, ask, build_store, command_matches, load_corpus

SWEEPS: dict[str, list[float]] = {
    "WORD_THRESHOLD": [66, 70, 72, 74, 76, 78, 80, 82, 84, 86, 88, 90, 92, 94, 96, 100],
    "MIN_SCORE": [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.8, 1.0],
    "ALSO_RATIO": [0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0],
}


@contextmanager
def thresholds(**values: float) -> Iterator[None]:
    old = {k: getattr(matching, k) for k in values}
    for k, v in values.items():
        setattr(matching, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(matching, k, v)


def evaluate(bots: dict[str, Bot], cases: list[Case]) -> tuple[float, list[str]]:
    wrong = []
    run = f":{next(_RUNS)}"  # each evaluation's chains in conversations of their own
    for case in cases:
        cmd = _command(bots, case, run)
        if command_matches(cmd, case.expect):
            wrong.append(f"{case.q!r} -> {cmd!r}")
    return 1 - len(wrong) / len(cases), wrong


_RUNS = itertools.count()


def _command(bots: dict[str, Bot], case: Case, run: str = "") -> Command | None:
    """The command a case's question parses to (after its chain, in its conversation)."""
    if case.chain:
        return ask(bots[case.store], case, run).command
    return bots[case.store].parse(case.q)


HONEST = frozenset({"okänd", "hjälp"})


def confident_wrong(bots: dict[str, Bot], cases: list[Case]) -> list[str]:
    """Questions answered with the wrong thing as if it were right: the command is not the
    expected one and is no "I'm not sure" (okänd) either. The worst failure there is."""
    out = []
    run = f":{next(_RUNS)}"
    for case in cases:
        cmd = _command(bots, case, run)
        if command_matches(cmd, case.expect) and type(cmd).name not in HONEST:
            out.append(f"{case.q!r} -> {cmd!r}")
    return out


def sweep(bots: dict[str, Bot], cases: list[Case]) -> dict[str, list[tuple[float, float, list[str]]]]:
    out: dict[str, list[tuple[float, float, list[str]]]] = {}
    for name, values in SWEEPS.items():
        rows = []
        for v in values:
            with thresholds(**{name: v}):
                acc, wrong = evaluate(bots, cases)
            rows.append((v, acc, wrong))
        out[name] = rows
    return out


def plateau(rows: list[tuple[float, float, list[str]]]) -> tuple[float, float] | None:
    """The widest run of consecutive values at 100 %."""
    best: tuple[float, float] | None = None
    run: list[float] = []
    for v, acc, _ in rows + [(float("nan"), 0.0, [])]:
        if acc == 1.0:
            run.append(v)
            continue
        if run and (best is None or len(run) > len([x for x, _, _ in rows if best[0] <= x <= best[1]])):
            best = (run[0], run[-1])
        run = []
    return best


def grid(bots: dict[str, Bot], cases: list[Case]) -> tuple[int, int]:
    """How many points of a coarse 3-D grid around the chosen values give 100 %."""
    w0, m0, a0 = matching.WORD_THRESHOLD, matching.MIN_SCORE, matching.ALSO_RATIO
    points = list(itertools.product((w0 - 2, w0, w0 + 2), (m0 * 0.67, m0, m0 * 1.33),
                                    (a0 - 0.05, a0, a0 + 0.05)))
    perfect = 0
    for w, m, a in points:
        with thresholds(WORD_THRESHOLD=w, MIN_SCORE=m, ALSO_RATIO=a):
            perfect += evaluate(bots, cases)[0] == 1.0
    return perfect, len(points)


def report(acc: float, n: int, kinds: dict[str, tuple[int, int]],
           sweeps: dict[str, list[tuple[float, float, list[str]]]], grid_ok: tuple[int, int],
           wrong_confident: int = 0, honest: int = 0) -> str:
    lines = [
        (f"`python bench/accuracy.py`: the parser on the {n} questions of tests/corpus.yaml "
         "(expected command and key fields; tests/test_corpus.py also checks the facts of "
         "every reply)."),
        "",
        (f"**Intent accuracy: {acc:.1%}** with WORD_THRESHOLD = {matching.WORD_THRESHOLD}, "
         f"MIN_SCORE = {matching.MIN_SCORE}, ALSO_RATIO = {matching.ALSO_RATIO}."),
        "",
        (f"**Confident wrong answers: {wrong_confident}** (a command other than the expected "
         "one that is not \"I'm not sure\"); questions the data cannot answer, each answered "
         f"honestly (\"Det finns inte i planen\", \"menade du …?\"): {honest}."),
        "",
        "| kind of question | questions | right |",
        "|---|---:|---:|",
    ]
    for kind, (right, total) in kinds.items():
        lines.append(f"| {kind} | {total} | {right / total:.1%} |")
    lines += ["", "Threshold sweeps (one at a time, the others at their chosen values):", ""]
    for name, rows in sweeps.items():
        lines.append(f"- {name}: " + ", ".join(f"{v:g} → {a:.1%}" for v, a, _ in rows))
        pl = plateau(rows)
        if pl:
            lines.append(f"  100 % from {pl[0]:g} to {pl[1]:g}; chosen {getattr(matching, name):g}.")
    lines.append("")
    lines.append(f"Grid of 27 points (±2, ±33 %, ±0.05 around the chosen values): "
                 f"{grid_ok[0]} of {grid_ok[1]} at 100 %.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="intent accuracy and threshold sweeps")
    ap.add_argument("--write", action="store_true", help="update bench/README.md")
    ap.add_argument("--verbose", action="store_true", help="list the misparsed questions")
    a = ap.parse_args(argv)
    corpus = load_corpus()
    clock = Clock.fixed(corpus.now)
    with tempfile.TemporaryDirectory() as tmp:
        bots = {w: Bot(build_store(Path(tmp) / f"{w}.db", w, corpus), clock)
                for w in ("demo", "orsa")}
        acc, wrong = evaluate(bots, corpus.cases)
        kinds: dict[str, tuple[int, int]] = {}
        for case in corpus.cases:
            ok = not command_matches(_command(bots, case), case.expect)
            right, total = kinds.get(case.kind, (0, 0))
            kinds[case.kind] = (right + ok, total + 1)
        cw = confident_wrong(bots, corpus.cases)
        honest = sum(1 for c in corpus.cases if c.kind.startswith("finns inte i planen"))
        sweeps = sweep(bots, corpus.cases)
        grid_ok = grid(bots, corpus.cases)
    text = report(acc, len(corpus.cases), kinds, sweeps, grid_ok, len(cw), honest)
    print(text)
    for w in cw:
        print("  confident wrong:", w)
    if a.verbose:
        for w in wrong:
            print("  wrong:", w)
        for name, rows in sweeps.items():
            for v, acc_v, wr in rows:
                if wr:
                    print(f"  {name}={v:g}: " + "; ".join(wr[:4]))
    if a.write:
        write_section("Intent accuracy", text)
    return 0 if acc == 1.0 and not cw else 1


if __name__ == "__main__":
    sys.exit(main())
