"""A question loads only what it needs (docs/architecture.md, "Cold start"; the figure is
bench/coldstart.py's, since no test may hold a wall-clock bound): the real console script
answers, and Python's own list of what it imported (PYTHONPROFILEIMPORTTIME, on stderr)
names none of the heavy libraries that only other commands use.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import STYRBOT

# what a question must not import, and who does need it
NOT_FOR_A_QUESTION = {
    "pydantic": "the plan-file schema: importing a plan",
    "openpyxl": "the workbook: import and export",
    "docx": "the Word report",
    "matplotlib": "the report's charts",
    "numpy": "sqlite_utils and matplotlib",
    "sqlite_utils": "migrating a store (one whose migrations are applied opens without it)",
    "yaml": "reading plan files",
    "holidays": "the schedule's calendar",
    "babel": "Swedish numbers that number() cannot write by hand",
    "urllib.request": "`styrbot health URL`, Kolada's client",
    "http.client": "urllib.request",
    "ssl": "urllib.request, the platforms' SDKs",
    "slack_bolt": "bot/slack",
    "slack_sdk": "bot/slack",
    "microsoft_agents": "bot/teams",
    "aiohttp": "bot/teams",
    "jwt": "bot/teams",
    "bot.slack": "the Slack adapter",
    "bot.teams.app": "the Teams adapter",
    "bot.schedule": "the digest and the nudges",
    "bot.documents.excel_export": "the workbook's export",
    "bot.domain.schema": "the plan-file schema",
}

QUESTIONS = [
    ("status uppdrag 3.2", "Uppdrag 3.2: Främja investeringar"),  # the benchmark's question
    ("aktivitet 3.2.1", "3.2.1"),
    ("hjälp", "uppdrag"),
]


def imported(stderr: str) -> set[str]:
    """The modules a process imported, from ``-X importtime``'s lines on stderr."""
    return {m.group(1) for m in re.finditer(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", stderr,
                                            re.MULTILINE)}


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
def test_a_question_imports_none_of_the_heavy_libraries(cli_env: dict[str, str], question: str,
                                                        expected: str) -> None:
    env = {**cli_env, "PYTHONPROFILEIMPORTTIME": "1"}
    out = subprocess.run([STYRBOT, "ask", question], env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert expected in out.stdout  # it answered the question (the card, not an error)
    modules = imported(out.stderr)
    assert "bot.core.bot" in modules and "handlers" in modules  # the list was read
    loaded = {name: why for name, why in NOT_FOR_A_QUESTION.items()
              if any(m == name or m.startswith(name + ".") for m in modules)}
    assert not loaded, loaded
