"""A whole municipality: import, answers, digest and the served app's memory.

    .venv/bin/python bench/municipality.py [--rounds 3] [--no-write]

1. Generates the synthetic municipality (bench/synthetic.py --municipality, seed 1:
   12 nämnder, 480 uppdrag, 1,500 indicators with 10 years of monthly values = 180,000
   measurements, 60 verksamheter with 10 years of monthly outcomes, 2,000 updates).
2. Imports it with the real `styrbot import` (one process, all files): wall time and the
   process's peak resident memory (targets: under 10 s and 300 MB).
3. In-process parse + answer + render for 50 kinds of question about it (median, p99;
   targets: median under 5 ms, p99 under 25 ms).
4. The weekly digest for it (target: under 1 s).
5. `styrbot serve` on it, after answering each kind of question once over HTTP: resident
   memory of the worker process that holds the plan (target: under 150 MB).

Writes the table into bench/README.md under "Municipality".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, median, percentile, write_section

from bench.synthetic import Sizes, generate
from bot.clock import Clock
from bot.core.bot import Bot
from bot.domain.calendar import Calendar
from store.db import Store

NOW = "2026-11-23T09:00"
STYRBOT = str(Path(sys.executable).with_name("styrbot"))
TARGETS = {"import_s": 10.0, "import_mb": 300.0, "median_ms": 5.0, "p99_ms": 25.0,
           "digest_s": 1.0, "serve_mb": 150.0, "search_p99_ms": 10.0}


def text_questions(bot: Bot) -> list[str]:
    """Twenty questions about the documents' text: explicit searches, words the tables do
    not hold (answered from the text, or not at all), a definition."""
    from bench.synthetic import SUBJECTS

    out = []
    for i, subject in enumerate(SUBJECTS[:16]):
        out.append(f"vad säger planen om {subject}?" if i % 2 == 0 else
                   f"var står det om {subject} och {SUBJECTS[-1 - i]}")
    return out + ["vad är en indikator?", "var står det om tkr ärenden platser",
                  "sök efter förvaltningen", "vad säger planen om månbasen?"]


def search_answers(db: Path, rounds: int) -> tuple[float, float, str]:
    """Parse, search, shorten and render: per question, the whole answer."""
    bot = Bot(Store(db), Clock.fixed(NOW))
    return timed(bot, text_questions(bot), rounds * 3)


def questions(bot: Bot) -> list[str]:
    """Fifty kinds of question, about things the synthetic municipality has."""
    snap = bot.snapshots.get()
    first = next(u for u in snap.uppdrag if u["key"][0].isdigit())
    other = next(u for u in snap.uppdrag if not u["key"][0].isdigit())
    a, b = first["key"].split(".")
    ind = snap.indikatorer[37]
    verks_code, verks = sorted(snap.verksamheter.items())[7]
    project = snap.projects[3]["name"].split(",")[0].lower()
    title_word = first["title"].split(" inom ")[-1].split(" i ")[-1]
    return [
        f"status uppdrag {first['key']}", f"{first['key']}?", f"uppdrag {a},{b}",
        f"status uppdrag {other['key']}", f"hur går det med {title_word}?",
        f"staus uppdarg {first['key']}", "vilka uppdrag finns?", "uppdrag målområde 3",
        "pågående uppdrag", "försenade uppdrag", "uppdrag utan uppdatering",
        "uppdrag utan ansvarig", "vad ska till KS i december?", "deadlines närmaste 30 dagarna",
        "nästa vecka", "klara uppdrag", f"{ind['name'].split(',')[0].lower()}?",
        f"hur ser det ut med {ind['name'].split(',')[0].lower()}", "indikatorer målområde 2",
        "röda indikatorer", "gröna indikatorer", "målområde 2", "strategiska mål målområde 5",
        "målområden", f"budget {verks.lower()}", f"avvikelse {verks.lower()} 2024",
        "budget 2026", "budgetavvikelser 2024", "största avvikelserna 2024",
        f"investering {project}", "investeringar 2024", "måluppfyllelse 2024",
        "vad händer i april?", "hjälp", "uppdrag 9.99", "indikator för glass",
        f"historik {first['key']}", "ansvariga", "admins", "vad har hänt", "kvar i år",
        "prenumerationer", "ledning", f"uppdrag {other['key'].lower()}", "tack!", "hej",
        f"budget {verks_code}", "investeringsbudget 2026",
        "försenade uppdrag i målområde 2", "när är delårsrapporten?",
    ]


def import_run(files: list[Path], db: Path) -> tuple[float, float]:
    """`styrbot import` of every file: seconds and peak resident MB of that process."""
    env = {**os.environ, "STYRBOT_DB": str(db), "STYRBOT_NOW": NOW}
    start = time.monotonic()
    proc = subprocess.Popen([STYRBOT, "import", *map(str, files)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return seconds, usage.ru_maxrss / 1024


def answers(db: Path, rounds: int) -> tuple[float, float, str]:
    bot = Bot(Store(db), Clock.fixed(NOW), admins=("UADMIN",))
    qs = questions(bot)
    assert len(qs) == 50
    return timed(bot, qs, rounds)


def timed(bot: Bot, qs: list[str], rounds: int) -> tuple[float, float, str]:
    """Each question answered once to warm up (the snapshot, the vocabulary), then
    ``rounds`` times timed: median and p99 in ms, and the slowest question."""
    for q in qs:
        assert bot.handle(q, strict=True).text
    samples: list[tuple[float, str]] = []
    for _ in range(rounds):
        for q in qs:
            t0 = time.perf_counter()
            bot.handle(q, strict=True)
            samples.append(((time.perf_counter() - t0) * 1000, q))
    ms = [s for s, _ in samples]
    return median(ms), percentile(ms, 99), max(samples)[1]


def digest(db: Path) -> float:
    from bench.digest import measure

    now = dt.datetime(2026, 11, 23, 8, 0, tzinfo=Calendar().tz)
    result = measure(Store(db), now, now - dt.timedelta(days=7), rounds=3)
    return float(result["median"]["total"])


def serve_memory(db: Path, qs: list[str]) -> tuple[float, float]:
    """Resident MB of `styrbot serve`'s worker and master after answering ``qs``."""
    from mock_slack import MockSlack, SlackSender, serve_styrbot

    mock = MockSlack()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "STYRBOT_"))}
    env.update(STYRBOT_DB=str(db), STYRBOT_NOW=NOW, SLACK_BOT_TOKEN="xoxb-bench",
               SLACK_SIGNING_SECRET="bench-secret", SLACK_API_URL=mock.api_url, PORT="0")
    proc, url = serve_styrbot(env, db.parent)
    try:
        sender = SlackSender(url, "bench-secret", mock)
        for q in qs:
            sender.send(sender.dm(q))
        mock.wait_for("chat.postMessage", n=len(qs), timeout=120)
        worker = next(int(p) for p in os.listdir("/proc") if p.isdigit() and _ppid(int(p)) == proc.pid)
        return _rss_mb(worker), _rss_mb(proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
        mock.close()


def _ppid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(rounds: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.monotonic()
        files = generate(Path(tmp) / "syn", Sizes.municipality(), seed=1)
        generated = time.monotonic() - t0
        db = Path(tmp) / "muni.db"
        import_s, import_mb = import_run(files, db)
        store = Store(db)
        counts = {name: store.one(f"SELECT COUNT(*) AS n FROM {name}")["n"]  # type: ignore[index]
                  for name in ("uppdrag", "indikatorer", "measurements", "budget_values", "updates",
                               "sections", "passages")}
        med, p99, slowest = answers(db, rounds)
        search_med, search_p99, search_slowest = search_answers(db, rounds)
        digest_s = digest(db)
        worker_mb, master_mb = serve_memory(db, questions(Bot(store, Clock.fixed(NOW))))
    return {"generated_s": generated, "import_s": import_s, "import_mb": import_mb,
            "counts": counts, "median_ms": med, "p99_ms": p99, "slowest": slowest,
            "digest_s": digest_s, "serve_mb": worker_mb, "master_mb": master_mb,
            "rounds": rounds, "search_median_ms": search_med, "search_p99_ms": search_p99,
            "search_slowest": search_slowest}


def table(r: dict[str, object]) -> str:
    def ok(key: str) -> str:
        return "met" if float(r[key]) < TARGETS[key] else "**NOT met**"  # type: ignore[arg-type]

    c: dict[str, int] = r["counts"]  # type: ignore[assignment]

    def n(key: str) -> str:
        return f"{c[key]:,}".replace(",", " ")

    return "\n".join([
        ("The synthetic municipality (`python bench/synthetic.py OUT --municipality`, seed 1): "
         f"{n('uppdrag')} uppdrag in 12 nämnder, {n('indikatorer')} indicators, "
         f"{n('measurements')} measurements, {n('budget_values')} budget values, "
         f"{n('updates')} progress updates, {n('sections')} sections of text in "
         f"{n('passages')} indexed passages (generated in {r['generated_s']:.1f} s)."),
        "",
        "| figure | result | target | |",
        "|---|---|---|---|",
        f"| `styrbot import` of all 12 plan files: time | {r['import_s']:.1f} s | < 10 s | {ok('import_s')} |",
        f"| `styrbot import`: peak resident memory | {r['import_mb']:.0f} MB | < 300 MB | {ok('import_mb')} |",
        (f"| in-process answer, 50 kinds of question × {r['rounds']}: median | {r['median_ms']:.2f} ms "
         f"| < 5 ms | {ok('median_ms')} |"),
        f"| in-process answer: p99 | {r['p99_ms']:.2f} ms | < 25 ms | {ok('p99_ms')} |",
        (f"| text search answer, 20 questions × {3 * int(r['rounds'])}: median | "  # type: ignore[call-overload]
         f"{r['search_median_ms']:.2f} ms | | |"),
        (f"| text search answer: p99 | {r['search_p99_ms']:.2f} ms | < 10 ms | "
         f"{ok('search_p99_ms')} |"),
        f"| weekly digest built (median of 3) | {float(r['digest_s']) * 1000:.0f} ms | < 1 s | {ok('digest_s')} |",  # type: ignore[arg-type]
        (f"| `styrbot serve` worker, resident, after each question once over HTTP | "
         f"{r['serve_mb']:.0f} MB | < 150 MB | {ok('serve_mb')} |"),
        "",
        (f"Slowest question: \"{r['slowest']}\"; slowest text question: "
         f"\"{r['search_slowest']}\". The gunicorn master process (which holds no "
         f"plan) adds {r['master_mb']:.0f} MB."),
        "",
        machine() + " Rerun: `.venv/bin/python bench/municipality.py`.",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    text = table(run(args.rounds))
    print(text)
    if not args.no_write:
        write_section("Municipality", text)


if __name__ == "__main__":
    main()
