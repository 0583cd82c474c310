"""The docs name only commands, options and settings that exist; and `styrbot init` / `start`
behave as drift.md says about the demo."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

import click
import pytest

from bot.cli.main import cli
from bot.config import SETTINGS
from tests.conftest import NOW, ROOT, STYRBOT
from tests.ops.conftest import clean_env

DOCS = ["docs/drift.md", "docs/dataskydd.md", "docs/slack-setup.md", "docs/schedule.md",
        "docs/teams-setup.md",
        "README.md", "Dockerfile", "compose.yaml", "Procfile", "deploy/systemd/styrbot.service",
        "deploy/systemd/styrbot-backup.service"]
COMMAND = re.compile(r"(?<![\w/.-])styrbot ([a-zåäö]+)(?![\w.-])((?: --[a-z][\w-]*)*)")
SETTING = re.compile(r"\b((?:STYRBOT|SLACK|TEAMS)_[A-Z_]+)\b")


def named(path: str) -> tuple[set[tuple[str, str]], set[str]]:
    text = (ROOT / path).read_text(encoding="utf-8")
    text = text.replace('["styrbot", "', "styrbot ").replace('"CMD", "styrbot", "', "styrbot ")
    commands = {(m.group(1), m.group(2)) for m in COMMAND.finditer(text)}
    return commands, set(SETTING.findall(text))


@pytest.mark.parametrize("path", DOCS)
def test_the_docs_name_only_commands_options_and_settings_that_exist(path: str) -> None:
    commands, settings = named(path)
    known = {name for name, _default, _help in SETTINGS}
    assert settings <= known, settings - known
    for name, options in commands:
        if name in ("styrbot",):  # "exec styrbot styrbot backup": a service, then the command
            continue
        command = cli.commands.get(name)
        assert isinstance(command, click.Command), f"{path}: styrbot {name}"
        opts = {o for p in command.params for o in getattr(p, "opts", [])}
        for option in options.split():
            assert option in opts, f"{path}: styrbot {name} {option}"


def test_the_two_docs_name_every_new_setting_and_command() -> None:
    drift, dataskydd = (named(p) for p in ("docs/drift.md", "docs/dataskydd.md"))
    both = {n for n, _ in drift[0] | dataskydd[0]}
    assert {"backup", "restore", "health", "gallra", "anonymisera", "init", "import",
            "start", "worker", "export"} <= both
    settings = drift[1] | dataskydd[1]
    assert {"STYRBOT_LOG", "STYRBOT_LOG_FORMAT", "STYRBOT_SCHEDULE", "STYRBOT_HEALTH_MAX_AGE",
            "STYRBOT_KEEP_OUTBOX_DAYS", "STYRBOT_KEEP_EVENTS_DAYS", "STYRBOT_DB"} <= settings
    text = (ROOT / "docs" / "dataskydd.md").read_text(encoding="utf-8")
    for name, default, _help in SETTINGS:
        if name.startswith("STYRBOT_KEEP_"):  # each keep with its default, as the code has it
            assert re.search(rf"`{name}`[^|\n]*\(standard {default}\b", text), name


def run(args: list[str], db: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(STYRBOT_DB=str(db), STYRBOT_NOW=NOW, **settings)
    return subprocess.run([STYRBOT, *args], env=env, capture_output=True, text=True, timeout=120,
                          check=False, cwd=db.parent, stdin=subprocess.DEVNULL)


def test_init_without_demo_is_an_empty_store(tmp_path: Path) -> None:
    db = tmp_path / "styrbot.db"
    out = run(["init"], db)
    assert out.returncode == 0 and "Databasen är tom" in out.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM role_events").fetchone()[0] == 0
    conn.close()


def test_start_with_tokens_never_loads_the_demo_and_warns_when_it_is_there(
        tmp_path: Path, demo_db: Path) -> None:
    empty = tmp_path / "empty.db"
    out = run(["start"], empty, SLACK_BOT_TOKEN="xoxb-real", SLACK_APP_TOKEN="xapp-real")
    assert out.returncode == 1 and "är tom" in out.stderr and "styrbot import" in out.stderr
    assert "läser in demoplanen" not in out.stdout
    demo = run(["start"], demo_db, SLACK_BOT_TOKEN="xoxb-real")  # no signing secret: stops there
    assert "demoplanen med påhittade Slack-ID:n" in demo.stderr
    assert "saknar inställningar: SLACK_SIGNING_SECRET" in demo.stderr
