"""The årshjul: what happens in a month, or when something happens."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Any, ClassVar

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.core.views import (
    all_uppdrag,
    org_name,
)
from bot.domain.plan import MONTHS
from bot.domain.text import fold


@dataclass(frozen=True, kw_only=True)
class ArshjulView(Command):
    name: ClassVar[str] = "årshjul"
    month: int | None = None
    event: int | None = None  # position in the snapshot's årshjul list
    what: str | None = None  # an event asked about that the calendar does not have


@dataclass(kw_only=True)
class ArshjulResult(r.Result):
    template: ClassVar[str] = "arshjul.j2"
    heading: str
    events: list[dict[str, Any]]
    has_calendar: bool
    organisation: str = "Organisationen"
    month: int | None = None
    due: list[r.UppdragInfo] = field(default_factory=list)  # the plan's uppdrag due in the month asked about
    due_period: str | None = None
    due_window: tuple[dt.date, dt.date] | None = None
    what: str | None = None  # an event asked about when there is no calendar
    regular: list[r.UppdragInfo] = field(default_factory=list)  # uppdrag that follow "ordinarie rapporteringsstruktur"


@register(ArshjulView, title="Årshjulet",
          help="Vad som händer en viss månad, eller när något sker, enligt organisationens årshjul.",
          examples=("vad händer i april?", "när är delårsrapporten?", "årshjulet"),
          live=lambda snap: _examples(snap))
def answer_arshjul(cmd: ArshjulView, ctx: Context) -> r.Result:
    events = ctx.snap.arshjul
    org = org_name(ctx)
    if cmd.event is not None and 0 <= cmd.event < len(events):
        ev = events[cmd.event]
        same = [e for e in events if fold(e["what"]) == fold(ev["what"])]
        return ArshjulResult(heading=ev["what"].rstrip("."), events=same, has_calendar=True,
                               organisation=org)
    if cmd.month is not None:
        m = cmd.month
        hits = [e for e in events if e["month"] is not None and (
            e["month"] == m or (e["month_end"] and (
                e["month"] <= m <= e["month_end"] if e["month"] <= e["month_end"]
                else m >= e["month"] or m <= e["month_end"])))]
        due: list[r.UppdragInfo] = []
        period = None
        window = None
        if ctx.snap.plan is not None:
            y = ctx.snap.plan_year or ctx.today.year
            period = f"{MONTHS[m - 1]} {y}"
            first = dt.date(y, m, 1)
            window = (first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))
            due = [u for u in all_uppdrag(ctx)
                   if any(d.date and d.date.year == y and d.date.month == m for d in u.deadlines)]
        return ArshjulResult(heading=f"I {MONTHS[m - 1]} enligt årshjulet", events=hits,
                               has_calendar=bool(events), organisation=org, month=m,
                               due=due, due_period=period, due_window=window)
    regular: list[r.UppdragInfo] = []
    if not events:
        regular = [u for u in all_uppdrag(ctx) if "rapporteringsstruktur" in u.tidplan_flags]
    return ArshjulResult(heading="Årshjulet", events=events, has_calendar=bool(events),
                           organisation=org, what=cmd.what, regular=regular)


def _examples(snap: Snapshot) -> list[str]:
    months = [a["month"] for a in snap.arshjul if a["month"]]
    if not months:
        return []
    return [f"vad händer i {MONTHS[max(set(months), key=months.count) - 1]}?"]  # the busiest
