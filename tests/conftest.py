"""Shared fixtures: a real SQLite file with the demo plan, a frozen clock, the bot."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.importing import import_demo
from store.db import Store
from tests.support import clean_env

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-23T09:00"
# The console script installed beside the interpreter running the tests.
STYRBOT = str(Path(sys.executable).parent / "styrbot")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plan imported once per session; tests copy the file."""
    path = tmp_path_factory.mktemp("demo") / "template.db"
    store = Store(path)
    import_demo(store, Clock.fixed(NOW))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture(scope="session")
def corpus_bots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Bot]]:
    """The stores the corpus (tests/corpus.yaml) is asked of, built once per session: "demo"
    (the demo plan and the corpus's chat history) and "orsa". No admins: nothing writes."""
    from tests.test_corpus import CORPUS_DATA, build_store

    base = tmp_path_factory.mktemp("corpus")
    stores = {w: build_store(base / f"{w}.db", w, CORPUS_DATA) for w in ("demo", "orsa")}
    clock = Clock.fixed(CORPUS_DATA.now)
    yield {w: Bot(s, clock) for w, s in stores.items()}
    for s in stores.values():
        s.close()


@pytest.fixture
def clock() -> Clock:
    return Clock.fixed(NOW)


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Path:
    """This test's own copy of the demo store (``demo_template``), to write in freely."""
    path = tmp_path / "styrbot.db"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def store(demo_db: Path) -> Store:
    s = Store(demo_db)
    yield s
    s.close()


@pytest.fixture
def bot(store: Store, clock: Clock) -> Bot:
    return Bot(store, clock, admins=("UADMIN",), leaders=("ULEAD",))


@pytest.fixture
def cli_env(demo_db: Path) -> dict[str, str]:
    """Environment for running the real `styrbot` console script on the demo store."""
    return clean_env(STYRBOT_DB=str(demo_db), STYRBOT_NOW=NOW, STYRBOT_TZ="Europe/Stockholm")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from today's replies (tests/test_golden.py)")
