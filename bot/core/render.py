"""Render a result with its jinja2 template, as plain text (terminal) or Slack mrkdwn.

Templates render chat text, so HTML autoescape is off. Instead every value printed by a
template passes one `finalize` hook: in Slack mode it escapes &, < and > of every user- or
data-supplied string, so no data can make the bot post <!channel> or a mention. Values
made by our own filters (numbers, dates, bold) are marked safe.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

import jinja2

from bot.core.results import Result
from bot.domain import fmt

Mode = Literal["text", "slack"]


class Safe(str):
    """A string our own code produced; not escaped again."""


def slack_escape(s: str) -> str:
    """Escape a string for Slack mrkdwn: &, < and > (Slack's own rule)."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


COLOUR_ICON = {"grön": "🟢", "gul": "🟡", "röd": "🔴", None: "⚪"}
TREND_ICON = {"upp": "↑", "ned": "↓", "oförändrad": "→", None: ""}
STATUS_ICON = {"klar": "✅", "pågår": "🔄", "försenad": "⏰", "avbruten": "⛔",
               "ej påbörjad": "⏳", None: "⏳"}


def _env(mode: Mode) -> jinja2.Environment:
    esc = slack_escape if mode == "slack" else (lambda s: s)

    def finalize(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, Safe):
            return value
        if isinstance(value, str):
            return esc(value)
        return value

    def bold(value: Any) -> Safe:
        s = esc(str(value)) if not isinstance(value, Safe) else value
        return Safe(f"*{s}*" if mode == "slack" else s)

    def italic(value: Any) -> Safe:
        s = esc(str(value)) if not isinstance(value, Safe) else value
        return Safe(f"_{s}_" if mode == "slack" else s)

    def safe(f: Any) -> Any:
        return lambda *a, **k: Safe(f(*a, **k))

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("templates", "."),
        auto_reload=False,  # templates ship with the code: no stat() of files on every render
        autoescape=False,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        b=bold, i=italic, num=safe(fmt.number), pct=safe(fmt.percent), tkr=safe(fmt.amount),
        signed=safe(fmt.signed), date=safe(fmt.date), rel=safe(fmt.relative),
        dt=safe(fmt.datetime), unit=safe(fmt.with_unit), month=safe(fmt.month),
        short=lambda s, n=220: (s if len(s) <= n else s[: n - 1].rsplit(" ", 1)[0] + " …"),
        colour_icon=lambda c: Safe(COLOUR_ICON.get(c, "⚪")),
        trend_icon=lambda t: Safe(TREND_ICON.get(t, "")),
        status_icon=lambda s: Safe(STATUS_ICON.get(s, "⏳")),
        esc=lambda s: Safe(esc(str(s))),
        # a macro's output: already escaped inside the macro, not to be escaped again
        raw=lambda s: Safe(s),
    )
    env.globals["slack"] = mode == "slack"
    return env


@lru_cache(maxsize=2)
def env(mode: Mode) -> jinja2.Environment:
    return _env(mode)


def render_text(result: Result, mode: Mode = "text", **extra: Any) -> str:
    tpl = env(mode).get_template(result.template)
    text = tpl.render(r=result, **extra)
    while "\n\n\n" in text:  # at most one blank line in a row (cheaper than a regex)
        text = text.replace("\n\n\n", "\n\n")
    text = text.strip()
    return text


SECTION_LIMIT = 3000
MAX_BLOCKS = 50


def blocks_for(text: str) -> list[dict[str, Any]]:
    """Block Kit sections for a mrkdwn text: split at blank lines, each under 3,000 chars."""
    blocks: list[dict[str, Any]] = []
    chunk = ""
    for para in text.split("\n\n"):
        while len(para) > SECTION_LIMIT:
            cut = para.rfind("\n", 0, SECTION_LIMIT)
            cut = cut if cut > 0 else SECTION_LIMIT
            if chunk:
                blocks.append(_section(chunk))
                chunk = ""
            blocks.append(_section(para[:cut]))
            para = para[cut:].lstrip("\n")
        candidate = f"{chunk}\n\n{para}" if chunk else para
        if len(candidate) > SECTION_LIMIT:
            blocks.append(_section(chunk))
            chunk = para
        else:
            chunk = candidate
    if chunk:
        blocks.append(_section(chunk))
    return blocks


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
