"""Golden replies: every corpus question's answer (text, and the Slack payload) and the
digest's and nudges' messages, byte for byte as recorded in tests/golden/.

These pin behaviour while code moves: a change here is a change users see. The files are
written only on request:

    .venv/bin/python -m pytest -q -p no:xdist tests/test_golden.py --update-golden

then `git diff tests/golden/` shows what changed, to be read before it is committed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.clock import Clock
from tests.golden_capture import (
    Store,
    capture_corpus,
    capture_schedule,
    capture_writes,
    import_demo,
)
from tests.test_corpus import CORPUS_DATA, build_store

GOLDEN = Path(__file__).resolve().parent / "golden"


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _check(request: pytest.FixtureRequest, name: str, data: Any) -> None:
    path = GOLDEN / name
    text = _dump(data)
    if request.config.getoption("--update-golden"):
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: write it with --update-golden"
    want = json.loads(path.read_text(encoding="utf-8"))
    got = json.loads(text)
    if got != want:
        keys = [k for k in {*want, *got} if want.get(k) != got.get(k)]
        pytest.fail(f"{len(keys)} golden entries differ in {name}, e.g. {sorted(keys)[:5]}:\n"
                    + _dump({k: {"want": want.get(k), "got": got.get(k)} for k in sorted(keys)[:2]}))


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Fresh stores for each test, so each test's replies depend on nothing another wrote."""
    base = tmp_path
    stores = {w: build_store(base / f"{w}.db", w, CORPUS_DATA) for w in ("demo", "orsa")}
    yield stores
    for s in stores.values():
        s.close()


def test_every_corpus_reply_is_as_recorded(stores: dict[str, Any],
                                           request: pytest.FixtureRequest) -> None:
    clock = Clock.fixed(CORPUS_DATA.now)
    data = capture_corpus(stores, clock, [(c.store, c.q, c.chain) for c in CORPUS_DATA.cases])
    assert len(data) == len(CORPUS_DATA.cases)
    _check(request, "corpus.json", data)


def test_digest_and_nudge_messages_are_as_recorded(tmp_path: Path,
                                                   request: pytest.FixtureRequest) -> None:
    clock = Clock.fixed(CORPUS_DATA.now)
    store = Store(tmp_path / "plain.db")  # the demo plan alone, as the schedule's tests use it
    import_demo(store, clock)
    try:
        data = capture_schedule(store, clock)
    finally:
        store.close()
    _check(request, "schedule.json", data)


def test_write_command_replies_are_as_recorded(tmp_path: Path,
                                               request: pytest.FixtureRequest) -> None:
    clock = Clock.fixed(CORPUS_DATA.now)
    stores = [build_store(tmp_path / f"{n}.db", "demo", CORPUS_DATA) for n in (1, 2)]
    try:
        data = capture_writes(stores[0], stores[1], clock)
    finally:
        for s in stores:
            s.close()
    _check(request, "writes.json", data)
