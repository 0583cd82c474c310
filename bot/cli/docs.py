"""Generate the README's tables from the registry and the settings list.

`python -m bot.cli.docs` rewrites the marked sections of README.md; a test checks they are in sync.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import handlers  # noqa: F401  (registers the commands)
from bot.config import SETTINGS
from bot.core.commands import REGISTRY
from bot.domain.state import COLOUR_RULE

README = Path(__file__).resolve().parent.parent.parent / "README.md"


def commands_table() -> str:
    rows = ["| Fråga / kommando | Vad du får | Exempel |", "|---|---|---|"]
    for spec in REGISTRY.values():
        if spec.name == "okänd":
            continue
        ex = "<br>".join(f"`{e}`" for e in spec.examples)
        rows.append(f"| {spec.title} | {spec.help} | {ex} |")
    return "\n".join(rows)


def settings_table() -> str:
    rows = ["| Setting | Default | What it is |", "|---|---|---|"]
    for name, default, help_ in SETTINGS:
        rows.append(f"| `{name}` | {f'`{default}`' if default else '–'} | {help_} |")
    return "\n".join(rows)


def colour_rule() -> str:
    return "```text\n" + COLOUR_RULE.rstrip() + "\n```"


SECTIONS = {"commands": commands_table, "settings": settings_table, "colours": colour_rule}


def render(text: str) -> str:
    for name, fn in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n)(?:.*?\n)?(<!-- {name}:end -->)", re.DOTALL)
        body = fn().replace("\\", "\\\\")  # a replacement template: backslashes doubled
        text = pattern.sub(rf"\g<1>{body}\n\g<2>", text)
    return text


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
