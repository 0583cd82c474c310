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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


# --- round trips against a bare app of the same SDK (bench/slack_roundtrip.py, teams_roundtrip.py)


def served(name: str, args: list[str], env: dict[str, str], cwd: Path, path: str
           ) -> tuple[Any, str]:
    """A server subprocess (gunicorn) and its URL at ``path``, once its worker is up."""
    from mock_slack import Process

    proc = Process(args, env, cwd)
    try:
        port = proc.wait_for_line(r"Listening at: http://[\d.]+:(\d+)", 60).group(1)
        proc.wait_for_line(r"Booting worker", 60)
    except AssertionError as exc:
        proc.stop()
        raise SystemExit(f"{name} did not start: {exc}") from exc
    return proc, f"http://127.0.0.1:{port}{path}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


@dataclass
class RoundTrips:
    """What a round-trip benchmark measured: per app, the interleaved samples and the lost,
    the ratio per block, and the bursts (lost, times)."""

    n: int
    samples: dict[str, list[float]]
    lost: dict[str, int]
    ratios: list[float]
    bursts: dict[str, tuple[int, list[float]]]
    fresh: dict[str, list[float]] | None = None  # each question after a write (`round_trips`)

    def ratio(self, ours: str = "styrbot", bare: str = "bare") -> float:
        return median(self.samples[ours]) / median(self.samples[bare])

    def app_table(self, labels: dict[str, str]) -> list[str]:
        """The apps' medians, p99s and losses, one row per app in ``labels``' order."""
        rows = ["| app | median | p99 | lost |", "|---|---|---|---|"]
        for name, label in labels.items():
            s = self.samples[name]
            rows.append(f"| {label} | {ms(median(s))} | {ms(percentile(s, 99))} | "
                        f"{self.lost[name]} |")
        return rows

    def ratio_line(self, against: str, target: float, block: int) -> str:
        ratio = self.ratio()
        spread = (f"{min(self.ratios):.2f}–{max(self.ratios):.2f} over {len(self.ratios)} "
                  "blocks" if self.ratios else "not measured (fewer round trips than one block)")
        return (f"Median ratio Styrbot / {against}: **{ratio:.2f}** (target ≤ {target}: "
                f"{'met' if ratio <= target else 'NOT met'}). The ratio moves with the "
                f"machine's load: per block of {block} round trips it was {spread}.")

    def fresh_line(self, labels: dict[str, str], target: float) -> str:
        """The round trips of the phase where a write came before each question."""
        if not self.fresh:
            return ""
        ours, bare = (median(self.fresh[k]) for k in labels)
        ratio = ours / bare
        names = list(labels.values())
        return (f"After a write (an update of another uppdrag before each question, not timed, "
                f"so the card is made afresh: its store changed), {len(self.fresh['styrbot'])} "
                f"each: {names[0]} {ms(ours)}, {names[1]} {ms(bare)}, ratio **{ratio:.2f}** "
                f"(target ≤ {target}: {'met' if ratio <= target else 'NOT met'}).")

    def burst_table(self, labels: dict[str, str], users: int, bursts: int) -> list[str]:
        rows = ["| app | sent | answered | lost | median | p99 |", "|---|---|---|---|---|---|"]
        for name, label in labels.items():
            gone, times = self.bursts[name]
            med = ms(median(times)) if times else "–"
            p99 = ms(percentile(times, 99)) if times else "–"
            rows.append(f"| {label} | {users * bursts} | {len(times)} | {gone} | {med} | {p99} |")
        return rows


def round_trips(apps: dict[str, Callable[[], float | None]], n: int, *, block: int,
                users: int, bursts: int, after: Callable[[], None],
                fresh: dict[str, Callable[[], float | None]] | None = None) -> RoundTrips:
    """``n`` interleaved round trips of each app, then ``bursts`` bursts of ``users`` at once
    per app (interleaved too), ``after`` each round and burst (the stand-in's reset); then,
    if ``fresh`` is given, ``n // 2`` interleaved round trips of those (each question after a
    write, which the answer cannot have kept)."""
    samples, lost, ratios = interleaved(apps, n, block=block, after=after)
    per: dict[str, tuple[int, list[float]]] = {k: (0, []) for k in apps}
    for _ in range(bursts):
        for name, call in apps.items():
            gone, times = at_once(call, users)
            per[name] = (per[name][0] + gone, per[name][1] + times)
            after()
    again = interleaved(fresh, n // 2, block=n, after=after)[0] if fresh else None
    return RoundTrips(n, samples, lost, ratios, per, again)


def compared(trip: Callable[[str, str, str], float | None], ours: str, bare: str, *,
             question: str, expect: str, write: str, written: str, n: int, block: int,
             users: int, bursts: int, after: Callable[[], None]) -> RoundTrips:
    """`round_trips` of Styrbot at ``ours`` and the bare app at ``bare``, ``trip(url, text,
    expect)`` being one timed message (None if lost): the ``question`` (Styrbot's reply shows
    ``expect``, the bare app echoes it), then in the fresh phase each question after
    ``write``, not timed (Styrbot's reply shows ``written``, the bare app's echoes it)."""

    def app(url: str, shows: str, first: tuple[str, str] | None = None
            ) -> Callable[[], float | None]:
        def one() -> float | None:
            if first is not None:
                trip(url, *first)
            return trip(url, question, shows)

        return one

    return round_trips({"styrbot": app(ours, expect), "bare": app(bare, question)}, n,
                       block=block, users=users, bursts=bursts, after=after,
                       fresh={"styrbot": app(ours, expect, (write, written)),
                              "bare": app(bare, question, (write, write))})


def load() -> str:
    """The machine's load average (1, 5, 15 minutes) as it is now, for the record."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def round_trip_main(doc: str | None, heading: str, default_n: int, bare_args: list[str],
                    run_bare: Callable[..., None], measure: Callable[[int], dict[str, object]],
                    table: Callable[[dict[str, object]], str]) -> None:
    """A round-trip bench's command line: ``--n``, ``--no-write``, and the hidden ``--bare
    ARGS…`` with which the bench starts its bare app in a process of its own."""
    import argparse

    parser = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    parser.add_argument("--n", type=int, default=default_n, help="round trips per app")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/README.md")
    parser.add_argument("--bare", nargs=len(bare_args), metavar=tuple(bare_args),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        run_bare(*args.bare)
        return
    text = table(measure(args.n))
    print(text)
    if not args.no_write:
        write_section(heading, text)
        print("\nwritten to bench/README.md")
