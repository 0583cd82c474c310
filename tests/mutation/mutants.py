"""Mutation testing (mutmut) of the modules that protect people and data.

Each module is mutated alone, against only the tests that are about it, in a scratch folder
of its own (build/mutation/<name>/: links to the sources and tests, and this project's
pyproject.toml with a [tool.mutmut] section for that module), so a run stays within what two
shared cores can do. A survivor is either killed by a test that fails for the right reason
or listed in tests/mutation/equivalent.txt with why no test can tell it from the original.

    tests/mutation/run                      every module (about 40 minutes on 2 shared cores)
    tests/mutation/run outbox inbox         some of them, by name
    tests/mutation/run --changed main       the modules whose code or tests differ from main
    tests/mutation/run --list               the modules, their files and tests
    tests/mutation/run --report             score the last runs again, without running mutmut
    ... --docs                              also write the scores into docs/testing.md

Exit 1 when a module scores below TARGET (killed / (mutants - equivalent)).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.support import clean_env  # (needs ROOT on the path when run as a script)

SCRATCH = ROOT / "build" / "mutation"
EQUIVALENT = Path(__file__).with_name("equivalent.txt")
DOCS = ROOT / "docs" / "testing.md"
TARGET = 0.90
LINKED = ("bot", "store", "handlers", "templates", "data", "tests")


@dataclass(frozen=True)
class Target:
    name: str
    module: str  # the file mutated
    tests: tuple[str, ...]  # the tests run against its mutants
    why: str


TARGETS = [
    Target("permissions", "bot/core/permissions.py",
           ("tests/test_updates.py", "tests/test_namnder.py", "tests/test_examples.py",
            "tests/schedule/test_subscriptions.py"),
           "who may do what: administrators, leadership, the owners' writes, the refusal for the rest"),
    Target("writes", "store/writes.py",
           ("tests/test_updates.py", "tests/test_namnder.py", "tests/test_examples.py"),
           "the store's writes from chat: updates, roles, measurements (append-only, once)"),
    Target("inbox", "store/inbox.py", ("tests/test_inbox.py",),
           "the durable inbox: a delivery written before it is acknowledged, never twice"),
    Target("slack-inbox", "bot/slack/inbox.py",
           ("tests/slack/test_slack_inbox_parts.py", "tests/slack/test_slack_events.py"),
           "deduplication of Slack deliveries (a retried event is answered once) via the inbox"),
    Target("outbox", "store/outbox.py",
           ("tests/schedule/test_outbox_store.py", "tests/schedule/test_outbox.py",
            "tests/schedule/test_nudges.py", "tests/schedule/test_digest.py"),
           "the outbox: each digest and reminder sent exactly once, across crashes"),
    Target("planfile", "bot/domain/planfile.py",
           ("tests/test_planfile.py", "tests/test_planfile_problems.py"),
           "plan-file validation: nothing is imported from a file with a problem"),
    Target("escaping", "bot/slack/mrkdwn.py",
           ("tests/test_mrkdwn.py", "tests/test_escaping.py", "tests/slack/test_slack_blocks.py",
            "tests/test_updates.py"),
           "Slack escaping: data is shown as text, never as <!channel> or a mention"),
    Target("signatures", "bot/slack/guard.py",
           ("tests/slack/test_slack_guards.py", "tests/slack/test_slack_security.py"),
           "our request guards: Slack's signature checked first, malformed requests refused"),
    Target("teams-auth", "bot/teams/auth.py",
           ("tests/teams/test_teams_auth.py", "tests/teams/test_teams_token_checks.py"),
           "the Teams token check: RS256 from the published keys, issuer, audience, times, "
           "service URL, endorsements"),
    Target("sending", "bot/schedule/outbox.py",
           ("tests/schedule/test_outbox_sending.py", "tests/schedule/test_outbox.py",
            "tests/schedule/test_nudges.py", "tests/schedule/test_digest.py"),
           "the sending side of the outbox: claim, post, confirm; recovery sends only what is missing"),
    Target("slack-app", "bot/slack/app.py", ("tests/slack/test_slack_wiring.py",),
           "the Slack app's wiring: both guards on, the inbox, the retries, the recovery"),
]
BY_NAME = {t.name: t for t in TARGETS}


@dataclass
class Score:
    target: Target
    total: int
    killed: int
    equivalent: list[str]
    survivors: list[str]  # neither killed nor listed as equivalent
    other: dict[str, int]  # timeouts, no tests, suspicious …
    seconds: float

    @property
    def rate(self) -> float:
        counted = self.total - len(self.equivalent)
        return self.killed / counted if counted else 1.0


def equivalents() -> dict[str, str]:
    """Mutant name -> why it is equivalent (tests/mutation/equivalent.txt)."""
    out: dict[str, str] = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, why = line.partition(" ")
            out[name] = why.strip()
    return out


SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|VALUES|SET|AND|OR|ORDER BY|GROUP BY)\b"
                 r"|= \?", re.IGNORECASE)
STRING = re.compile(r'"[^"]*"')


def sql_case_only(diff: str) -> bool:
    """Whether a mutant only changes the case of SQL in string literals ("SELECT * FROM t"
    to "select * from t" or "SELECT * FROM T"), leaving the quoted values in it ('pending')
    and all code outside the strings as they were: SQLite reads keywords and names alike in
    any case, so such a mutant cannot be told from the original (counted as equivalent)."""
    lines = diff.splitlines()
    minus = [x[1:] for x in lines if x.startswith("-") and not x.startswith("---")]
    plus = [x[1:] for x in lines if x.startswith("+") and not x.startswith("+++")]
    if not minus or len(minus) != len(plus) or minus == plus:
        return False
    for a, b in zip(minus, plus):
        if STRING.sub('""', a) != STRING.sub('""', b):
            return False
        for x, y in zip(STRING.findall(a), STRING.findall(b)):
            if x != y and not (x.lower() == y.lower() and SQL.search(x)
                               and re.findall(r"'[^']*'", x) == re.findall(r"'[^']*'", y)):
                return False
    return True


def config(t: Target) -> str:
    tests = ", ".join(f'"{p}"' for p in t.tests)
    return f"""
[tool.mutmut]
source_paths = ["bot", "store", "handlers"]
only_mutate = ["{t.module}"]
also_copy = ["templates", "data"]
pytest_add_cli_args = ["-p", "no:xdist", "-p", "no:cacheprovider", "-p", "no:randomly", "-q", "-x"]
pytest_add_cli_args_test_selection = [{tests}]
use_setproctitle = false
"""


def prepare(t: Target) -> Path:
    """A fresh scratch folder for ``t``: links to the code and tests, and the config."""
    home = SCRATCH / t.name
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    for name in LINKED:
        (home / name).symlink_to(ROOT / name)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (home / "pyproject.toml").write_text(pyproject + config(t), encoding="utf-8")
    return home


def mutmut(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("mutmut")
    return subprocess.run([str(exe), *args], cwd=home, env=clean_env(), capture_output=True,
                          text=True, check=False)


def run(t: Target, jobs: int) -> Score:
    home = prepare(t)
    began = time.monotonic()
    done = mutmut(home, "run", "--max-children", str(jobs))
    seconds = time.monotonic() - began
    (home / "run.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    (home / "seconds").write_text(f"{seconds:.0f}\n", encoding="utf-8")
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-3000:]
        raise SystemExit(f"mutmut failed for {t.name} ({t.module}):\n{tail}")
    return score(t, home)


def score(t: Target, home: Path) -> Score:
    """The score of the last run of ``t`` (its scratch folder's mutmut results)."""
    results = mutmut(home, "results", "--all", "true").stdout
    status = dict(re.findall(r"^\s*(\S+): (.+?)\s*$", results, re.MULTILINE))
    if not status:
        raise SystemExit(f"no mutmut results for {t.name} in {home}")
    known = equivalents()
    for m, s in status.items():
        if s == "survived" and m not in known and sql_case_only(mutmut(home, "show", m).stdout):
            known[m] = "only the case of SQL keywords and names changed"
    killed = [m for m, s in status.items() if s == "killed"]
    equivalent = [m for m, s in status.items() if s != "killed" and m in known]
    survivors = [m for m, s in status.items() if s == "survived" and m not in known]
    other: dict[str, int] = {}
    for m, s in status.items():
        if s not in ("killed", "survived") and m not in known:
            other[s] = other.get(s, 0) + 1
    seconds = home / "seconds"
    took = float(seconds.read_text()) if seconds.exists() else 0.0
    return Score(t, len(status), len(killed), equivalent, survivors, other, took)


def changed(base: str) -> list[Target]:
    """The targets whose module or tests differ from ``base`` (committed or not)."""
    diff = subprocess.run(["git", "diff", "--name-only", base, "--"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout.split()
    touched = set(diff)
    return [t for t in TARGETS if t.module in touched or touched & set(t.tests)]


def table(scores: list[Score]) -> str:
    rows = ["| module | what it protects | mutants | killed | equivalent | score | tests run |",
            "|---|---|---|---|---|---|---|"]
    for s in scores:
        rows.append(f"| `{s.target.module}` | {s.target.why} | {s.total} | {s.killed} | "
                    f"{len(s.equivalent)} | {s.rate:.1%} | "
                    + ", ".join(f"`{p}`" for p in s.target.tests) + " |")
    return "\n".join(rows)


def write_docs(scores: list[Score]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    begin, end = "<!-- mutation scores: begin -->", "<!-- mutation scores: end -->"
    row = re.compile(r"^\| `([^`]+)` \|.*$", re.MULTILINE)
    old = {m.group(1): m.group(0) for m in row.finditer(text)}
    new = {s.target.module: line for s, line in zip(scores, table(scores).splitlines()[2:])}
    lines = table(scores).splitlines()[:2] + [new.get(t.module) or old.get(t.module)
                                                for t in TARGETS
                                                if new.get(t.module) or old.get(t.module)]
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(end)
    DOCS.write_text(f"{head}{begin}\n" + "\n".join(str(x) for x in lines) + f"\n{end}{tail}",
                    encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("names", nargs="*", help="modules by name (default: all)")
    ap.add_argument("--changed", metavar="BASE", help="only modules changed since BASE")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--dry-run", action="store_true", help="say which modules would run")
    ap.add_argument("--report", action="store_true",
                    help="score the last runs again (build/mutation/) without running mutmut")
    ap.add_argument("--docs", action="store_true", help="write the scores into docs/testing.md")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("STYRBOT_MUTANTS_JOBS", "2")))
    args = ap.parse_args()
    if args.list:
        for t in TARGETS:
            print(f"{t.name:11} {t.module:22} {' '.join(t.tests)}")
        return
    unknown = [n for n in args.names if n not in BY_NAME]
    if unknown:
        raise SystemExit(f"unknown module {unknown}; known: {', '.join(BY_NAME)}")
    targets = [BY_NAME[n] for n in args.names] or (changed(args.changed) if args.changed
                                                    else TARGETS)
    if not targets:
        print(f"mutation testing: no protected module changed since {args.changed}")
        return
    if args.dry_run:
        print(" ".join(t.name for t in targets))
        return
    scores = []
    for t in targets:
        print(f"== {t.name}: mutating {t.module} against {' '.join(t.tests)}", flush=True)
        s = score(t, SCRATCH / t.name) if args.report else run(t, args.jobs)
        scores.append(s)
        extra = "".join(f", {n} {k}" for k, n in s.other.items())
        print(f"   {s.killed}/{s.total - len(s.equivalent)} killed ({s.rate:.1%}), "
              f"{len(s.equivalent)} equivalent{extra}, {s.seconds:.0f} s", flush=True)
        for m in s.survivors:
            print(f"   survived: {m}  (see: cd {SCRATCH / t.name} && mutmut show {m})")
    print(table(scores))
    if args.docs:
        write_docs(scores)
    low = [s.target.name for s in scores if s.rate < TARGET]
    if low:
        raise SystemExit(f"below the target of {TARGET:.0%}: {', '.join(low)}")


if __name__ == "__main__":
    main()
