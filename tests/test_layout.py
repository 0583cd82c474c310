"""The layout holds: no import cycles, store/ is the ground floor, Slack lives in bot/slack/,
and the core and the templates speak no platform's language (docs/architecture.md).

The import graph is read from the source (ast), not by importing: a module-level import is
an edge; imports inside functions (the lazy ones, for cold start) and under TYPE_CHECKING
are listed apart.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "store")


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


MODULES = _modules()


def _target(name: str) -> str | None:
    """The module of ours an import names (its longest known prefix), or None."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def imports(module: str, *, lazy: bool = False) -> set[str]:
    """The modules of ours that ``module`` imports at module level (``lazy``: also those
    imported inside functions)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(nodes: list[ast.stmt], top: bool) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and _is_type_checking(node):
                continue
            if isinstance(node, ast.Import) and (top or lazy):
                found.update(t for a in node.names if (t := _target(a.name)))
            elif isinstance(node, ast.ImportFrom) and (top or lazy) and node.module and not node.level:
                for a in node.names:
                    t = _target(f"{node.module}.{a.name}") or _target(node.module)
                    if t:
                        found.add(t)
            for field in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.AST):
                    visit(inner, top and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))  # type: ignore[arg-type]

    visit(tree.body, True)
    found.discard(module)
    return found


def test_there_are_no_import_cycles() -> None:
    graph = {m: imports(m) for m in MODULES}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycles.append(path[path.index(n):] + [n] if n in path else [m, n])
            elif n not in state:
                walk(n, [*path, n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            walk(m, [m])
    assert not cycles, cycles


def test_the_store_imports_nothing_above_it() -> None:
    above = {m: sorted(i for i in imports(m, lazy=True) if not i.startswith("store"))
             for m in MODULES if m.startswith("store")}
    assert not {m: i for m, i in above.items() if i}, above


def test_only_the_slack_package_imports_slack() -> None:
    pattern = re.compile(r"^\s*(?:from|import)\s+slack_(?:bolt|sdk)\b", re.MULTILINE)
    outside = [str(p.relative_to(ROOT)) for m, p in MODULES.items()
               if not m.startswith("bot.slack") and pattern.search(p.read_text(encoding="utf-8"))]
    assert not outside, outside


def test_the_domain_and_the_core_import_no_adapter_and_no_schedule() -> None:
    low = [m for m in MODULES if m.startswith(("bot.domain", "bot.core", "handlers"))]
    bad = {m: sorted(i for i in imports(m, lazy=True)
                     if i.startswith(("bot.slack", "bot.terminal", "bot.cli", "bot.schedule")))
           for m in low}
    assert not {m: i for m, i in bad.items() if i}, bad


def test_the_domain_imports_nothing_but_the_domain() -> None:
    bad = {m: sorted(i for i in imports(m, lazy=True) if not i.startswith("bot.domain"))
           for m in MODULES if m.startswith("bot.domain")}
    assert not {m: i for m, i in bad.items() if i}, bad


# The platform's words that must not appear where every platform's reply is made, nor where
# a message is read: each adapter turns its platform's mentions into the core's tokens
# (bot/slack/inbound.py, bot/teams/app.py, bot/terminal/inbound.py).
PLATFORM_WORDS = re.compile(r"slack|mrkdwn|<@|<#|block ?kit", re.IGNORECASE)
# words users read that name a platform on purpose
NAMED_ON_PURPOSE = {
    "bot/domain/schema.py",  # the plan file's roles: which platforms' IDs it takes
    "handlers/uppdrag.py",  # "fråga i Slack, eller nämn personen" (Teams will want its word)
}


def _code(path: Path) -> str:
    """A module's code without its comments and docstrings (they may name platforms)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            body[0].value.value = ""
    return ast.unparse(tree)


def test_the_core_and_the_templates_speak_no_platform() -> None:
    found = []
    for m, path in MODULES.items():
        rel = str(path.relative_to(ROOT))
        if not m.startswith(("bot.core", "bot.domain", "handlers", "bot.schedule")):
            continue
        if rel in NAMED_ON_PURPOSE:
            continue
        for word in PLATFORM_WORDS.findall(_code(path)):
            found.append(f"{rel}: {word}")
    for tpl in sorted((ROOT / "templates").glob("*.j2")):
        for word in PLATFORM_WORDS.findall(tpl.read_text(encoding="utf-8")):
            found.append(f"{tpl.name}: {word}")
    assert not found, found


def test_every_package_is_in_the_distribution() -> None:
    """A package missing from pyproject's list is left out of a built wheel (an editable
    install does not notice): bot.ops was."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {p.parent.relative_to(root).as_posix().replace("/", ".")
             for top in ("bot", "handlers", "store", "templates", "data")
             for p in (root / top).rglob("__init__.py")}
    assert found - listed == set()
