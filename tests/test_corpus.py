"""The query corpus: every question in tests/corpus.yaml through the real Bot.

Each entry names the question, the command it must parse to (its registry name and key
fields) and the facts the reply text must contain. The store is a temporary SQLite file
with the demo plan (plus the corpus's small chat history, `setup`), or with Orsa's
styrmodell (`store: orsa`), and the clock is frozen at the corpus's `now`.

`pytest tests/test_corpus.py -s` prints the intent accuracy per kind of question; it must
be 100 %. The helpers here are shared with bench/accuracy.py and bench/answers.py.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.clock import Clock
from bot.core.bot import Bot, Reply
from bot.core.commands import REGISTRY, Command
from bot.core.importing import data_dir, import_demo, import_file
from bot.core.snapshot import Snapshot
from bot.core.typed import plain
from store import queries as q
from store import writes
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus.yaml"


# --- loading and running the corpus ------------------------------------------------------


@dataclass(frozen=True)
class Case:
    q: str
    expect: dict[str, Any]
    facts: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    store: str = "demo"
    kind: str = ""  # the section of the corpus, for the summary
    chain: tuple[str, ...] = ()  # messages sent before ``q`` in the same conversation

    @property
    def id(self) -> str:
        return f"{self.store}:{' → '.join((*self.chain, self.q))}"


@dataclass
class Corpus:
    now: str
    setup: dict[str, Any]
    cases: list[Case] = field(default_factory=list)


def load_corpus(path: Path = CORPUS) -> Corpus:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    corpus = Corpus(now=raw["now"], setup=raw.get("setup") or {})
    for section in raw["sections"]:
        for e in section["cases"]:
            corpus.cases.append(Case(
                q=str(e["q"]), expect=dict(e["expect"]),
                facts=tuple(str(f) for f in e.get("facts", [])),
                absent=tuple(str(f) for f in e.get("absent", [])),
                store=e.get("store", section.get("store", "demo")), kind=section["kind"],
                chain=tuple(str(m) for m in e.get("after", []))))
    return corpus


def ask(bot: Bot, case: Case, run: str = "") -> Reply:
    """The reply to a case's question; after its chain, in one conversation of its own
    (``run`` tells repeated runs of the same bot apart: a conversation asked again would
    start from the subject its last run left)."""
    if not case.chain:
        return bot.handle(case.q, strict=True)
    conversation = f"corpus:{case.id}{run}"
    for earlier in case.chain:
        bot.handle(earlier, strict=True, conversation=conversation)
    return bot.handle(case.q, strict=True, conversation=conversation)


def apply_setup(store: Store, setup: dict[str, Any]) -> None:
    """The corpus's chat history: progress updates and owner changes, as chat would write."""
    plan = q.current_plan(store)
    assert plan is not None
    for u in setup.get("updates", []):
        at = dt.datetime.fromisoformat(str(u["at"]))
        writes.add_update(store, doc_id=plan["id"], key=str(u["key"]), author=u["author"],
                          text=u["text"], status=u.get("status"), percent=u.get("percent"),
                          now=at)
    for r in setup.get("roles", []):
        role = r.get("role", "owner")
        subject = str(r["subject"])  # an uppdrag as users name it; the log keeps its identity
        if role == "owner":
            subject = q.uppdrag_subject(plan["namnd_slug"], plan["year"], subject)
        writes.add_role_event(store, role=role, subject=subject,
                              user=r["user"], action=r["action"], author=r.get("author", "UADMIN"),
                              now=dt.datetime.fromisoformat(str(r["at"])))


def build_store(path: Path, which: str, corpus: Corpus) -> Store:
    """A store file for ``which``: "demo" (the demo plan + chat history) or "orsa"."""
    clock = Clock.fixed(corpus.now)
    store = Store(path)
    if which == "demo":
        import_demo(store, clock)
        apply_setup(store, corpus.setup)
    elif which == "orsa":
        import_file(store, data_dir() / "orsa" / "styrmodell.yaml", clock)
    else:
        raise ValueError(which)
    return store


def command_matches(cmd: Command | None, expect: dict[str, Any]) -> list[str]:
    """Differences between a parsed command and the expectation (empty = match).

    ``command`` is the registry name; other keys are compared with the command's fields
    (dates as ISO text, enums by value). A list expects those items among the field's; an
    empty list expects an empty field."""
    if cmd is None:
        return ["no command"]
    problems = []
    if type(cmd).name != expect["command"]:
        problems.append(f"command {type(cmd).name!r} != {expect['command']!r}")
        return problems
    for k, want in expect.items():
        if k == "command":
            continue
        got = plain(getattr(cmd, k, "<missing>"))
        if isinstance(want, list):
            if not isinstance(got, list) or any(w not in got for w in want) or (
                    not want and got):
                problems.append(f"{k}: {got!r} lacks {want!r}" if want else
                                f"{k}: {got!r} should be empty")
        elif isinstance(want, dt.date):
            if got != want.isoformat():
                problems.append(f"{k}: {got!r} != {want.isoformat()!r}")
        elif got != want:
            problems.append(f"{k}: {got!r} != {want!r}")
    return problems


def fact_problems(text: str, case: Case) -> list[str]:
    out = [f"missing fact {f!r}" for f in case.facts if f not in text]
    out += [f"unwanted text {f!r}" for f in case.absent if f in text]
    if not text.strip():
        out.append("empty reply")
    return out


@dataclass
class Outcome:
    case: Case
    command: Command | None
    text: str
    intent_ok: bool
    problems: list[str]


def run_cases(bots: dict[str, Bot], cases: list[Case]) -> list[Outcome]:
    out = []
    for case in cases:
        reply = ask(bots[case.store], case)
        intent = command_matches(reply.command, case.expect)
        out.append(Outcome(case, reply.command, reply.text, not intent,
                           intent + fact_problems(reply.text, case)))
    return out


def summary(outcomes: list[Outcome]) -> str:
    by_kind: dict[str, Counter[str]] = {}
    for o in outcomes:
        cnt = by_kind.setdefault(o.case.kind, Counter())
        cnt["n"] += 1
        cnt["intent"] += o.intent_ok
        cnt["facts"] += not o.problems
    lines = [f"{'kind':<28} {'n':>4} {'intent':>8} {'facts':>8}"]
    tot: Counter[str] = Counter()
    for kind, cnt in by_kind.items():
        tot.update(cnt)
        lines.append(f"{kind:<28} {cnt['n']:>4} {cnt['intent'] / cnt['n']:>8.1%} "
                     f"{cnt['facts'] / cnt['n']:>8.1%}")
    lines.append(f"{'all':<28} {tot['n']:>4} {tot['intent'] / tot['n']:>8.1%} "
                 f"{tot['facts'] / tot['n']:>8.1%}")
    return "\n".join(lines)


def read_commands() -> list[str]:
    """The read-only questions (handlers/questions.py matches them); the others are tested elsewhere."""
    from handlers.questions import QUESTIONS

    return [name for name, spec in REGISTRY.items() if spec.command in QUESTIONS]


# --- fixtures ---------------------------------------------------------------------------

CORPUS_DATA = load_corpus()


@pytest.fixture(scope="module")
def outcomes(corpus_bots: dict[str, Bot]) -> list[Outcome]:
    return run_cases(corpus_bots, CORPUS_DATA.cases)


# --- tests ------------------------------------------------------------------------------


def test_corpus_is_large_and_varied() -> None:
    cases = CORPUS_DATA.cases
    assert len(cases) >= 470  # 370 before the documents' text (issue 15), then 100 about it
    assert len({c.id for c in cases}) == len(cases), "duplicate questions"
    names = {c.expect["command"] for c in cases}
    read = set(read_commands())
    assert names >= read, f"commands without a question: {read - names}"


@pytest.mark.parametrize("case", CORPUS_DATA.cases, ids=lambda c: c.id[:80])
def test_corpus_case(case: Case, outcomes: list[Outcome]) -> None:
    o = next(o for o in outcomes if o.case is case)
    assert not o.problems, (f"{case.q!r} -> {o.command!r}\n" + "\n".join(o.problems)
                            + "\n--- reply ---\n" + o.text)


def test_intent_accuracy_is_100_percent(outcomes: list[Outcome],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    table = summary(outcomes)
    with capsys.disabled():
        print("\n" + table)
    wrong = [f"{o.case.q!r} -> {o.command!r}" for o in outcomes if not o.intent_ok]
    assert not wrong, "\n".join(wrong)


# --- the registry and hjälp ---------------------------------------------------------------


def test_every_command_has_help_text_and_examples() -> None:
    for spec in REGISTRY.values():
        assert spec.title.strip(), spec.name
        assert len(spec.help.strip()) >= 20, spec.name
        if spec.name != "okänd":
            assert spec.examples, spec.name


def test_every_example_parses_to_its_own_command(corpus_bots: dict[str, Bot]) -> None:
    for name in read_commands():
        spec = REGISTRY[name]
        for example in spec.examples:
            which = "orsa" if spec.name == "årshjul" else "demo"
            cmd = corpus_bots[which].parse(example)
            assert type(cmd).name == spec.name, (example, cmd)


def test_hjalp_lists_every_command_from_the_registry(corpus_bots: dict[str, Bot]) -> None:
    text = corpus_bots["demo"].handle("hjälp", strict=True).text
    for spec in REGISTRY.values():
        if spec.name in ("okänd", "hjälp"):
            continue
        assert spec.title in text, spec.name
        assert spec.help in text, spec.name


def test_hjalp_examples_come_from_the_live_data(corpus_bots: dict[str, Bot]) -> None:
    reply = corpus_bots["demo"].handle("hjälp", strict=True)
    text = reply.text
    # names that exist only in the imported plan, not in the registry's static examples
    snap = corpus_bots["demo"].snapshots.get()
    assert any(u["key"] in text for u in snap.uppdrag)
    assert any(i["name"].split(",")[0].lower() in text.lower() for i in snap.indikatorer)
    # and every example hjälp shows for a question is itself understood as that question
    result = reply.result
    assert result is not None
    titles = {REGISTRY[n].title: n for n in read_commands()}
    shown = 0
    for item in result.commands:  # type: ignore[attr-defined]
        if item["title"] not in titles:
            continue
        for ex in item["examples"]:
            shown += 1
            assert type(corpus_bots["demo"].parse(ex)).name == titles[item["title"]], ex
    assert shown >= 15


def test_hjalp_on_an_empty_store_still_answers(tmp_path: Path) -> None:
    store = Store(tmp_path / "empty.db")
    bot = Bot(store, Clock.fixed(CORPUS_DATA.now))
    text = bot.handle("hjälp", strict=True).text
    assert "uppdrag" in text.lower()
    assert bot.handle("status uppdrag 3.2", strict=True).text.strip()
    store.close()


def test_the_exact_form_of_an_uppdrag_gives_what_the_full_parse_gives(
        corpus_bots: dict[str, Bot]) -> None:
    """`exact_uppdrag` skips the analysis for "status uppdrag 3.2" and its like; wherever it
    answers, its command is the one the full parse gives."""
    from handlers import MATCHERS
    from handlers.questions import exact_uppdrag

    def without_exact(text: str, snap: Snapshot, today: dt.date) -> object:
        return next(c for m in MATCHERS[1:] if (c := m(text, snap, today)) is not None)

    today = dt.date.fromisoformat(CORPUS_DATA.now[:10])
    forms = ["{k}", "{k}?", "uppdrag {k}", "Uppdrag {k}.", "status uppdrag {k}", "Status {k}",
             "läget för uppdrag {k}", "status på uppdraget {k}", "uppdrag {c}", "UPPDRAG {k}!"]
    keys = ["1.1", "3.2", "5.6", "9.9", "12.3", "3.0", "0.2", "2.10"]
    texts = [f.format(k=k, c=k.replace(".", ",")) for f in forms for k in keys]
    texts += [case.q for case in CORPUS_DATA.cases]
    for bot in corpus_bots.values():
        snap = bot.snapshots.get()
        fast = 0
        for text in texts:
            cmd = exact_uppdrag(text, snap)
            if cmd is not None:
                fast += 1
                assert cmd == without_exact(text, snap, today), text
        assert fast >= len(forms) * (len(keys) - 2)  # all but 3.0 and 0.2
