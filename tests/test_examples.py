"""Every example of every command in the registry, write commands included, runs as the help
documents it: as an admin, in a channel, on the demo plan (Orsa's for the årshjul). Each is
understood as the command it illustrates, is not refused, and a write command changes the
store while a question leaves it as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.commands import REGISTRY
from bot.core.importing import data_dir, import_file
from store.db import Store
from tests.conftest import NOW

CHANNEL = "C0LEDNING"
ADMIN = "UADMIN"

# What a command needs done first to run as its example shows (a removal needs what it
# removes; "ångra" an update of one's own; a subscription ended by the channel alone needs
# exactly one, and one ended by its number needs that number to exist).
BEFORE: dict[str, tuple[str, ...]] = {
    "ångra": ("uppdatera 3.2: Två investerare, pågår",),
    "avsluta prenumeration": ("prenumerera veckobrev måndag 08:00",),
    "avsluta prenumeration 2": ("prenumerera veckobrev måndag 08:00",
                                "prenumerera veckobrev fredag 13:00"),
}

# The commands that write (their examples must change the store; every other must not).
WRITES = {"uppdatera", "uppdatera aktivitet", "ångra", "ansvarig", "admin", "värde",
          "återkalla värde", "indikatoransvarig", "prenumerera", "avsluta prenumeration", "ledning"}

EXAMPLES = [(name, ex) for name, spec in REGISTRY.items() for ex in spec.examples]


def test_every_command_but_the_fallback_has_examples_and_all_are_run_here() -> None:
    named = {name for name, _ in EXAMPLES}
    assert named == set(REGISTRY) - {"okänd"}
    assert WRITES <= named
    # and the registry says the same of each command (Command.writes)
    assert {n for n, spec in REGISTRY.items() if spec.command.writes} == WRITES


@pytest.fixture(scope="module")
def orsa_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("orsa") / "orsa.db"
    store = Store(path)
    import_file(store, data_dir() / "orsa" / "styrmodell.yaml", Clock.fixed(NOW))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


def dump(store: Store) -> list[str]:
    return list(store.conn.iterdump())


@pytest.mark.parametrize("name, example", EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_the_example_runs_as_documented(name: str, example: str, tmp_path: Path,
                                        demo_template: Path, orsa_template: Path) -> None:
    path = tmp_path / "s.db"
    shutil.copy(orsa_template if name == "årshjul" else demo_template, path)
    store = Store(path)
    bot = Bot(store, Clock.fixed(NOW), admins=(ADMIN,), leaders=("C0KSLEDNING",))
    first = BEFORE.get(example) or BEFORE.get(name) or (
        (example.removeprefix("ta bort "),) if example.startswith("ta bort ") else ())
    for setup in first:
        assert not bot.handle(setup, user=ADMIN, channel=CHANNEL).error, setup
    before = dump(store)

    reply = bot.handle(example, user=ADMIN, channel=CHANNEL, strict=True)

    assert reply.command is not None and type(reply.command).name == name, (example, reply.command)
    assert not reply.error, (example, reply.text)
    wrote = dump(store) != before
    assert wrote == (name in WRITES), (example, "wrote" if wrote else "wrote nothing")
    store.close()
