"""Nudges: reminders to owners before deadlines and when an uppdrag goes quiet, and the
leadership's weekly summary and reminder before each meeting (KS) with items due.

`plan_nudges` decides, for a local time, which reminders are due and not yet covered by an
earlier send (see bot/schedule.py for the stages and windows) and renders them with
templates/nudge.j2 and templates/leaders.j2 into `Outgoing` documents: one DM per owner per
run, each uppdrag with an "Uppdatera" action (a button where the platform has them), and one
message per leader (a user's DM or a channel).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from bot.core import results as r
from bot.core.context import Context
from bot.core.markup import Action, plain
from bot.core.permissions import leaders as leaders_of
from bot.core.render import render
from bot.core.views import all_uppdrag
from bot.domain.calendar import (
    NUDGE_AT,
    SILENT_DAYS,
    Calendar,
    Slot,
    current_stage,
    current_weekly,
    deadline_stages,
    meeting_slot,
    silent_stage,
)
from bot.schedule.document import Document, Section
from bot.schedule.outbox import Outgoing
from handlers.updates import Update
from store import outbox
from store import queries as q

SEPARATOR = "\x1e"
CLOSED = ("klar", "avbruten")
WINDOW_DAYS = 30

Stage = Literal["14", "3", "0", "passerad", "tyst"]


@dataclass(kw_only=True)
class NudgeItem(r.Result):
    """One reminder to one owner: a deadline stage, or silence."""

    template: ClassVar[str] = ""
    item: str  # the outbox item it covers
    stage: Stage
    uppdrag: r.UppdragInfo
    deadline: r.DeadlineInfo | None = None
    quiet_since: dt.date | None = None
    quiet_days: int | None = None


@dataclass(kw_only=True)
class NudgeResult(r.Result):
    template: ClassVar[str] = "nudge.j2"
    today: dt.date
    items: list[NudgeItem]


@dataclass(kw_only=True)
class MeetingInfo(r.Result):
    template: ClassVar[str] = ""
    date: dt.date
    body: str
    uppdrag: list[r.UppdragInfo]


@dataclass(kw_only=True)
class LeadersSummary(r.Result):
    template: ClassVar[str] = "leaders.j2"
    kind: Literal["vecka", "möte"]
    today: dt.date
    week: int
    meetings: list[MeetingInfo]  # meetings within the window (weekly) or the one coming (möte)
    late: list[r.UppdragInfo]
    silent: list[r.UppdragInfo]
    no_owner: list[r.UppdragInfo]
    window_days: int = WINDOW_DAYS
    silent_days: int = SILENT_DAYS


# --- planning ----------------------------------------------------------------------------------


def quiet_since(u: r.UppdragInfo, today: dt.date, first_owner: dict[str, dt.date]) -> dt.date | None:
    """Silence is counted from the last update, or (never updated) from when the uppdrag got
    its first owner: nobody is nudged about silence from before they could have reported."""
    if u.last_update_days is not None:
        return today - dt.timedelta(days=u.last_update_days)
    return first_owner.get(u.key)


def _first_owner(ctx: Context) -> dict[str, dt.date]:
    """When each uppdrag in force (by the key users see) first got an owner."""
    keys = {u["subject"]: u["key"] for u in ctx.snap.uppdrag}
    out: dict[str, dt.date] = {}
    for e in q.role_events(ctx.store, "owner"):
        key = keys.get(e["subject"])
        if e["action"] == "add" and key is not None and key not in out:
            out[key] = dt.datetime.fromisoformat(e["created_at"]).date()
    return out


def owner_items(ctx: Context, cal: Calendar, now: dt.datetime, manual: bool = False,
                ups: list[r.UppdragInfo] | None = None) -> dict[str, list[NudgeItem]]:
    """The reminders due now per owner (before filtering out those already sent)."""
    today = cal.local(now).date()
    ups = all_uppdrag(ctx) if ups is None else ups
    first = _first_owner(ctx)
    out: dict[str, list[NudgeItem]] = {}
    for u in ups:
        if u.status in CLOSED or not u.owners:
            continue
        found: list[tuple[str, Stage, r.DeadlineInfo | None, dt.date | None]] = []
        for d in u.deadlines:
            if d.date is None:
                continue
            slot = current_stage(deadline_stages(cal, d.date), now, manual)
            if slot is not None:
                found.append((f"deadline:{u.key}:{d.date.isoformat()}:{slot.name}",
                              slot.name, d, None))  # type: ignore[arg-type]  # a deadline stage's name
        since = quiet_since(u, today, first)
        if since is not None:
            s = silent_stage(cal, since, now, manual)
            if s is not None:
                found.append((f"tyst:{u.key}:{since.isoformat()}:{s.name.split()[-1]}", "tyst", None, since))
        for item, stage, dl, q_since in found:
            for owner in u.owners:
                out.setdefault(owner, []).append(NudgeItem(
                    item=f"{item}|{owner}", stage=stage, uppdrag=u,
                    deadline=replace(dl, days=(dl.date - today).days) if dl and dl.date else None,
                    quiet_since=q_since, quiet_days=(today - q_since).days if q_since else None))
    return out


def plan_nudges(ctx: Context, cal: Calendar, now: dt.datetime, manual: bool = False) -> list[Outgoing]:
    """Every nudge due at ``now`` and not sent before: owners' DMs, then the leadership's."""
    now = cal.local(now)
    today = now.date()
    ups = all_uppdrag(ctx)
    sends: list[Outgoing] = []
    for owner, items in owner_items(ctx, cal, now, manual, ups).items():
        done = outbox.covered(ctx.store, [i.item for i in items])
        fresh = [i for i in items if i.item not in done]
        if fresh:
            result = NudgeResult(today=today, items=fresh)
            sends.append(Outgoing("nudges", owner, today, nudge_document(result), now,
                                  items=[i.item for i in fresh]))
    sends += _leader_sends(ctx, cal, now, manual, ups)
    return sends


def meetings(ups: list[r.UppdragInfo]) -> dict[tuple[dt.date, str], list[r.UppdragInfo]]:
    """Meeting dates (a deadline with a body, e.g. KS) and the uppdrag due at each."""
    out: dict[tuple[dt.date, str], list[r.UppdragInfo]] = {}
    for u in ups:
        for d in u.deadlines:
            if d.date and d.body:
                lst = out.setdefault((d.date, d.body), [])
                if u not in lst:
                    lst.append(u)
    return dict(sorted(out.items()))


def _leader_sends(ctx: Context, cal: Calendar, now: dt.datetime, manual: bool,
                  ups: list[r.UppdragInfo]) -> list[Outgoing]:
    people = leaders_of(ctx)
    if not people:
        return []
    today = now.date()
    by_meeting = meetings(ups)
    sends: list[Outgoing] = []
    week = current_weekly(cal, now, 0, NUDGE_AT, manual, name="ledning")
    if week is not None:
        end = today + dt.timedelta(days=WINDOW_DAYS)
        coming = [MeetingInfo(date=d, body=b, uppdrag=us) for (d, b), us in by_meeting.items()
                  if today <= d <= end]
        summary = LeadersSummary(kind="vecka", today=today, week=today.isocalendar().week,
                                 meetings=coming, late=[u for u in ups if u.late],
                                 silent=_silent(ups), no_owner=[u for u in ups if not u.owners])
        sends += _to_leaders(ctx, people, "ledning-vecka", week, summary, now)
    for (d, body), us in by_meeting.items():
        slot = meeting_slot(cal, d)
        if not slot.valid(now, manual):
            continue
        summary = LeadersSummary(kind="möte", today=today, week=today.isocalendar().week,
                                 meetings=[MeetingInfo(date=d, body=body, uppdrag=us)],
                                 late=[], silent=[u for u in _silent(ups) if u in us], no_owner=[])
        sends += _to_leaders(ctx, people, f"ledning-{body}-{d.isoformat()}", slot, summary, now)
    return sends


def _silent(ups: list[r.UppdragInfo]) -> list[r.UppdragInfo]:
    return [u for u in ups if u.status not in CLOSED and
            (u.last_update_days is None or u.last_update_days >= SILENT_DAYS)]


def _to_leaders(ctx: Context, people: list[str], what: str, slot: Slot, summary: LeadersSummary,
                now: dt.datetime) -> list[Outgoing]:
    due = slot.due.date()
    items = {p: f"{what}|{p}|{due.isoformat()}" for p in people}
    done = outbox.covered(ctx.store, list(items.values()))
    document = leader_document(summary)
    return [Outgoing(what, p, due, document, now, items=[items[p]]) for p in people
            if items[p] not in done]


# --- rendering ---------------------------------------------------------------------------------------


def _update(key: str) -> Action:
    return Action("Uppdatera", Update(key=key, text=""), primary=True, form=True)


def nudge_document(result: NudgeResult) -> Document:
    """An owner's DM: an intro, one section per reminder with an "Uppdatera" button, how to
    write an update."""
    parts = _parts(render(result, sep=SEPARATOR))
    sections = []
    items = iter(result.items)
    for n, part in enumerate(parts):
        if 0 < n <= len(result.items):
            key = next(items).uppdrag.key
            sections.append(Section(part, action=_update(key), ref=f"nudge:{n}:{key}"))
        elif n == len(parts) - 1 and n > len(result.items):
            sections.append(Section(part, note=True))
        else:
            sections.append(Section(part))
    return Document(sections)


def leader_document(summary: LeadersSummary) -> Document:
    """The leadership's summary; before a meeting each uppdrag gets an "Uppdatera" button."""
    parts = _parts(render(summary, sep=SEPARATOR))
    ups = summary.meetings[0].uppdrag if summary.kind == "möte" and summary.meetings else []
    sections = []
    for n, part in enumerate(parts):
        if n == len(parts) - 1 and n > 0:
            sections.append(Section(part, note=True))
        elif 0 < n <= len(ups):
            key = ups[n - 1].key
            sections.append(Section(part, action=_update(key), ref=f"ledning:{n}:{key}"))
        else:
            sections.append(Section(part))
    return Document(sections)


def _parts(text: str) -> list[str]:
    return [p.strip("\n") for p in text.split(SEPARATOR) if p.strip()]


def render_nudge(result: NudgeResult | LeadersSummary) -> str:
    """As plain text (tests, terminal)."""
    return "\n\n".join(plain(p) for p in _parts(render(result, sep=SEPARATOR)))
