"""Render a result with its jinja2 template into neutral markup (bot.core.markup).

Templates render chat text, so HTML autoescape is off. Every value a template prints passes
one `finalize` hook, which takes the markup's marks out of data strings: data can never
forge emphasis, a mention or a channel. Values made by our own filters (numbers, dates,
bold, a person) are marked safe. Each platform's adapter then turns the markup into its
own form (and escapes what its own syntax needs: Slack's &, < and >).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from bot.core import markup as m
from bot.core.results import Result
from bot.domain import fmt


class Safe(str):
    """A string our own code produced (markup included); not cleaned again."""


COLOUR_ICON = {"grön": "🟢", "gul": "🟡", "röd": "🔴", None: "⚪"}
TREND_ICON = {"upp": "↑", "ned": "↓", "oförändrad": "→", None: ""}
STATUS_ICON = {"klar": "✅", "pågår": "🔄", "försenad": "⏰", "avbruten": "⛔",
               "ej påbörjad": "⏳", None: "⏳"}


def _data(value: Any) -> str:
    return value if isinstance(value, Safe) else m.clean(str(value))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Safe):
        return value
    if isinstance(value, str):
        return m.clean(value)
    return value


def _wrap(marks: tuple[str, str], clean: bool = True) -> Any:
    """A filter putting its value in a span, its outer spaces outside it (Slack reads no
    "*Budget: *4" as bold: a closing mark must follow a letter); ``clean=False`` for a
    `{% filter %}` block, whose content the template has rendered (and finalized) already."""
    def wrap(text: str) -> Safe:
        inner = text.strip(" ")
        if not inner or inner == text:
            return Safe(m.span(marks, text))
        start = text.index(inner)
        return Safe(text[:start] + m.span(marks, inner) + text[start + len(inner):])
    if clean:
        return lambda value: wrap(_data(value))
    return lambda value: wrap(str(value))


def _safe(f: Any) -> Any:
    return lambda *a, **k: Safe(f(*a, **k))


def fingerprint(paths: Iterable[Path]) -> str:
    """A short digest of the files' contents (and jinja2's version)."""
    h = hashlib.sha256(jinja2.__version__.encode())
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


# The code a compiled template depends on besides its source: jinja2 folds a filter applied
# to a constant ("Flest: "|b) into the compiled code, so a changed filter (this module, the
# markup's marks, the formats) must not find the old compiled template in the cache.
_FILTER_CODE = (Path(__file__), Path(m.__file__), Path(fmt.__file__))


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("templates", "."),
        auto_reload=False,  # templates ship with the code: no stat() of files on every render
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
        # compiled templates kept between processes (in the temp directory, per user, checked
        # against the template's source, named by the filters' code): a cold `styrbot ask`
        # does not compile its template
        bytecode_cache=jinja2.FileSystemBytecodeCache(
            pattern=f"__styrbot_{fingerprint(_FILTER_CODE)}_%s.cache"),
    )
    env.filters.update(
        b=_wrap(m.BOLD), i=_wrap(m.ITALIC), h=_wrap(m.HEADING),
        person=_wrap(m.PERSON), channel=_wrap(m.CHANNEL), placeholder=_wrap(m.PLACEHOLDER),
        # blocks: {% filter em %}…{% endfilter %}, {% filter typed %}…{% endfilter %}
        em=_wrap(m.ITALIC, clean=False), typed=_wrap(m.TYPED, clean=False),
        num=_safe(fmt.number), pct=_safe(fmt.percent), tkr=_safe(fmt.amount),
        signed=_safe(fmt.signed), date=_safe(fmt.date), mdate=_safe(fmt.measured_on), rel=_safe(fmt.relative),
        dt=_safe(fmt.datetime), unit=_safe(fmt.with_unit), month=_safe(fmt.month),
        change=_safe(fmt.change), plural=fmt.plural,
        # a distance, no sign: "0,55 procentenheter" from the target
        apart=_safe(lambda v, unit: fmt.change(abs(v), unit).lstrip("+±")), month_of=_safe(lambda d: f"{fmt.month(d.month)} {d.year}"),
        short=lambda s, n=220: (s if len(s) <= n else s[: n - 1].rsplit(" ", 1)[0] + " …"),
        colour_icon=lambda c: Safe(COLOUR_ICON.get(c, "⚪")),
        trend_icon=lambda t: Safe(TREND_ICON.get(t, "")),
        status_icon=lambda s: Safe(STATUS_ICON.get(s, "⏳")),
        esc=lambda s: Safe(_data(s)),
        # a macro's output: already finalized inside the macro, not to be cleaned again
        raw=lambda s: Safe(s),
    )
    env.globals["quote"] = Safe(m.QUOTE)
    return env


@lru_cache(maxsize=1)
def env() -> jinja2.Environment:
    return _env()


def render(result: Result, **extra: Any) -> str:
    """The result in neutral markup, by its template."""
    tpl = env().get_template(result.template)
    text = tpl.render(r=result, **extra)
    while "\n\n\n" in text:  # at most one blank line in a row (cheaper than a regex)
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
