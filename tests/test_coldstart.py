"""A question loads only what it needs (docs/architecture.md, "Cold start"; the figure is
bench/coldstart.py's, since no test may hold a wall-clock bound): the real console script
answers, and Python's own list of what it imported (PYTHONPROFILEIMPORTTIME, on stderr)
names none of the heavy libraries that only other commands use.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

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


def test_compiled_templates_are_cached_under_the_filters_code(cli_env: dict[str, str],
                                                              tmp_path: Path) -> None:
    """The templates' compiled code, kept between processes, is named by the code of the
    filters: jinja2 folds a filter of a constant ("Flest: "|b) into the compiled template,
    so a changed filter found the old compiled template (checked only against the template's
    source) and served the old text."""
    from bot.core import render

    env = {**cli_env, "TMPDIR": str(tmp_path)}
    out = subprocess.run([STYRBOT, "ask", "antal uppdrag per ansvarig"], env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    cached = [p.name for p in tmp_path.rglob("*.cache")]
    assert cached, "no compiled template was kept"
    own = f"__styrbot_{render.fingerprint(render._FILTER_CODE)}_"
    assert all(name.startswith(own) for name in cached), cached
    # the name changes with the filters' code
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("x = 1\n")
    b.write_text("y = 2\n")
    before = render.fingerprint((a, b))
    b.write_text("y = 3\n")
    assert render.fingerprint((a, b)) != before
