"""Måluppfyllelse: the annual report's goal attainment for a year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context


@dataclass(frozen=True, kw_only=True)
class MaluppfyllelseView(Command):
    name: ClassVar[str] = "måluppfyllelse"
    year: int | None = None


@dataclass(kw_only=True)
class MaluppfyllelseResult(r.Result):
    template: ClassVar[str] = "maluppfyllelse.j2"
    year: int | None
    rows: list[dict[str, Any]]
    years: list[int]


@register(MaluppfyllelseView, title="Måluppfyllelse",
          help="Årsredovisningens måluppfyllelse: mål, målvärde, utfall, färg och kommentar.",
          examples=("måluppfyllelse 2024",), needs=("maluppfyllelse", "måluppfyllelse"),
          live=lambda snap: ([f"måluppfyllelse {max(m['year'] for m in snap.maluppfyllelse)}"]
                             if snap.maluppfyllelse else []))
def answer_maluppfyllelse(cmd: MaluppfyllelseView, ctx: Context) -> r.Result:
    rows = ctx.snap.maluppfyllelse
    years = sorted({m["year"] for m in rows})
    year = cmd.year if cmd.year is not None else (years[-1] if years else None)
    return MaluppfyllelseResult(year=year, rows=[m for m in rows if m["year"] == year],
                                  years=years)
