"""A målområde (its goals, indicators and uppdrag) and the list of målområden."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Any, ClassVar

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.core.views import (
    all_indikatorer,
    all_uppdrag,
    by_colour,
    by_status,
    level_word,
)
from bot.domain.plan import Status
from bot.kolada.standing import area_lines


@dataclass(frozen=True, kw_only=True)
class MalomradeView(Command):
    name: ClassVar[str] = "målområde"
    number: int
    goals_only: bool = False


@dataclass(frozen=True, kw_only=True)
class MalomradeList(Command):
    name: ClassVar[str] = "målområden"
    goals: bool = False  # the strategic goals asked ("vilka strategiska mål finns?"): each's
    # the indicators counted ("vilket målområde har flest indikatorer?"), of a colour if given
    indicators: bool = False
    colour: str | None = None
    # the area with the most uppdrag asked ("vilket målområde har flest uppdrag?"): named first
    most: bool = False
    least: bool = False  # "… minst uppdrag?": the fewest named first
    # the late uppdrag counted ("vilket målområde har flest försenade uppdrag?"): each area's
    # late, the most (or least) named by them, not by all its uppdrag
    late: bool = False
    # the uppdrag of a status counted ("vilket målområde har flest klara uppdrag?"), as late is
    status: Status | None = None
    # the uppdrag due in a window counted ("… flest uppdrag till KS i maj?"), to a body if named
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    period: str | None = None
    body: str | None = None
    no_owner: bool = False  # the uppdrag without an owner counted ("… som saknar ansvarig?")
    undated: bool = False  # the uppdrag whose tidplan gives no date counted ("… utan deadline?")
    kf: bool = False  # with indicators: only those reported to KF counted


@dataclass(kw_only=True)
class MalomradeResult(r.Result):
    template: ClassVar[str] = "malomrade.j2"
    number: int
    name: str
    short: str | None
    intro: str | None
    goals: list[str]
    indikatorer: list[r.IndikatorInfo]
    uppdrag: list[r.UppdragInfo]
    goals_only: bool
    word: str
    namnd: str | None = None
    kolada: list[str | None] = field(default_factory=list)  # per goal: its Kolada standing
    # the headline before the lists: uppdrag by status and the late, indicators by colour
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_colour: list[tuple[str | None, int]] = field(default_factory=list)
    late: int = 0


@dataclass(kw_only=True)
class MalomradeListResult(r.Result):
    template: ClassVar[str] = "malomrade_list.j2"
    items: list[dict[str, Any]]
    word: str
    goals: bool = False
    indicators: bool = False  # each area's indicators counted (of the colour, if any)
    colour: str | None = None
    most: bool = False  # the area(s) with the most uppdrag named first
    least: bool = False  # the area(s) with the fewest named first
    late: bool = False  # each area's late uppdrag counted, and ranked by them
    status: str | None = None  # each area's uppdrag of this status counted, and ranked by them
    due: str | None = None  # each area's uppdrag due then counted ("till KS i maj 2026")
    kf: bool = False  # the indicators counted are those reported to KF


@register(MalomradeView, title="Målområde",
          help="Namn, strategiska mål, indikatorer med färg och uppdrag med status.",
          examples=("målområde 2", "företagsklimat", "strategiska mål målområde 5"),
          needs=("malomraden", "målområden"), live=lambda snap: _examples(snap))
def answer_malomrade(cmd: MalomradeView, ctx: Context) -> r.Result:
    snap = ctx.snap
    mo = next((m for m in snap.malomraden if m["number"] == cmd.number), None)
    word = level_word(ctx, "malomrade", "Målområde")
    if mo is None:
        have = ", ".join(f"{m['number']} {m['short'] or m['name']}" for m in snap.malomraden)
        raise UserError(f"{word} {cmd.number} finns inte. Det finns: {have}." if have else
                        f"Det finns inget {word.lower()} inlagt.")
    inds = [i for i in all_indikatorer(ctx) if i.malomrade == cmd.number]
    ups = [u for u in all_uppdrag(ctx) if u.malomrade == cmd.number]
    return MalomradeResult(number=mo["number"], name=mo["name"], short=mo["short"],
                             intro=mo["intro"], goals=mo["goals"], indikatorer=inds, uppdrag=ups,
                             goals_only=cmd.goals_only, word=word,
                             namnd=(snap.plan or {}).get("namnd_name"),
                             kolada=area_lines(ctx, mo["number"], mo["goals"]),
                             by_status=by_status(ups), by_colour=by_colour(inds),
                             late=sum(1 for u in ups if u.late))


@register(MalomradeList, title="Alla målområden", help="Målområdena med kortnamn och antal uppdrag.",
          examples=("målområden",), needs=("malomraden", "målområden"))
def answer_malomrade_list(cmd: MalomradeList, ctx: Context) -> r.Result:
    from handlers.uppdrag import period_words

    word = level_word(ctx, "malomrade", "Målområde")
    if not ctx.snap.malomraden:  # Orsa's styrmodell names the level but holds none
        raise UserError(f"Det finns inget {word.lower()} inlagt.")
    counts: dict[int, int] = {}
    for u in ctx.snap.uppdrag:
        counts[u["malomrade"]] = counts.get(u["malomrade"], 0) + 1
    late: dict[int, list[str]] = {}
    lo, hi = cmd.due_from, cmd.due_to
    dated = lo is not None and hi is not None
    if cmd.late or cmd.status is not None or dated or cmd.no_owner or cmd.undated:
        for v in all_uppdrag(ctx):
            if (not any(d.date for d in v.deadlines) if cmd.undated else
                    not v.owners if cmd.no_owner else v.late if cmd.late else
                    cmd.status is not None
                    and (v.status or Status.EJ_PABORJAD.value) == cmd.status.value
                    if not dated else any(d.date and lo <= d.date <= hi  # type: ignore[operator]
                                          and (cmd.body is None or d.body == cmd.body)
                                          for d in v.deadlines)):
                late.setdefault(v.malomrade, []).append(v.key)
    inds: dict[int, int] = {}
    if cmd.indicators:
        for i in all_indikatorer(ctx):
            if (cmd.colour is None or i.colour == cmd.colour) and (not cmd.kf or i.reported_to_kf):
                inds[i.malomrade] = inds.get(i.malomrade, 0) + 1
    items = [{"number": m["number"], "name": m["name"], "short": m["short"],
              "uppdrag": counts.get(m["number"], 0), "goals": m["goals"] or [],
              "indikatorer": inds.get(m["number"], 0), "late": len(late.get(m["number"], [])),
              "late_keys": late.get(m["number"], [])}
             for m in ctx.snap.malomraden]
    return MalomradeListResult(items=items, word=word,
                               goals=cmd.goals, indicators=cmd.indicators, colour=cmd.colour,
                               most=cmd.most, least=cmd.least,
                               late=cmd.late or cmd.status is not None or dated or cmd.no_owner
                               or cmd.undated,
                               status="utan ansvarig" if cmd.no_owner else "utan datum i tidplanen"
                               if cmd.undated else None
                               if cmd.late or cmd.status is None or dated else cmd.status.value,
                               kf=cmd.kf,
                               due=(("till " + cmd.body + " " if cmd.body else "") +
                                    period_words(cmd.period)).strip() if dated else None)


def _examples(snap: Snapshot) -> list[str]:
    if not snap.malomraden:
        return []
    m = snap.malomraden[min(1, len(snap.malomraden) - 1)]
    return [f"målområde {m['number']}"] + ([m["short"].lower()] if m["short"] else [])
