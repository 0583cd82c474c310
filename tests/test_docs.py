"""The README is generated from the registry and the settings list, and stays in sync."""

from __future__ import annotations

from pathlib import Path

from bot.cli import docs
from bot.config import SETTINGS
from bot.core.commands import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_tables_are_generated_from_the_registry() -> None:
    assert docs.render(README) == README, "run: python -m bot.cli.docs"


def test_every_command_has_help_and_examples_in_the_readme() -> None:
    for spec in REGISTRY.values():
        if spec.name == "okänd":
            continue
        assert spec.title and spec.help and spec.examples, spec.name
        assert spec.help in README
        for e in spec.examples:
            assert f"`{e}`" in README


def test_every_setting_is_documented() -> None:
    for name, _default, help_ in SETTINGS:
        assert f"`{name}`" in README and help_ in README


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1].strip() == "./check"
    assert "```sh\n./check\n```" in README and "```sh\n./start\n```" in README
    assert README.index("./start") < README.index("./check") < README.index("## Asking")
