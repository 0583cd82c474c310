"""The state of the plan in one answer: "hur går det?", "läget?", "ge mig en sammanfattning".

A question that names nothing gets the follow-up's headlines, the figures first: the uppdrag
by status with the late ones, what is due to be reported the next 30 days, the indicators by
colour with those that miss their target, and the last year's budget outcome with its
largest deviation. (In a conversation, "hur går det?" after an uppdrag is that uppdrag's
card: handlers/conversation.py reads it against the subject first.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import ClassVar

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.patterns import lazy  # compiled when first used (cold start)
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.core.views import (
    all_indikatorer,
    all_uppdrag,
    by_colour,
    by_status,
    due_within,
    level_word,
    off_target,
    org_name,
)
from bot.domain import fmt
from bot.domain.text import fold
from handlers.budget import BudgetOverview, BudgetOverviewResult, answer_budget_overview

DUE_DAYS = 30  # "the next 30 days", as the list of what is due says it
SHOWN = 3  # late uppdrag and off-target indicators named, the rest counted


@dataclass(frozen=True, kw_only=True)
class Lage(Command):
    name: ClassVar[str] = "läget"


@dataclass(kw_only=True)
class LageResult(r.Result):
    template: ClassVar[str] = "lage.j2"
    today: dt.date
    plan_title: str | None
    uppdrag: int  # how many in the plan
    by_status: list[tuple[str, int]]  # ("ej påbörjad", 17) … in the plan's order of status
    late: list[r.UppdragInfo]
    due: list[r.UppdragInfo]
    due_until: dt.date
    indicators: int
    by_colour: list[tuple[str | None, int]]  # ("grön", 5) … None: no colour yet
    off_target: list[r.IndikatorInfo] = field(default_factory=list)  # röd, then gul
    budget_year: int | None = None
    budget_total: r.BudgetLine | None = None  # the year's total deviation
    largest: r.BudgetLine | None = None  # its largest deviation


@register(Lage, title="Läget",
          help="En sammanfattning av uppföljningen: uppdragen per status och de försenade, vad "
               "som ska redovisas de närmaste 30 dagarna, indikatorerna per färg och årets "
               "budgetutfall.",
          examples=("läget?", "hur går det?", "ge mig en sammanfattning"),
          needs=("uppdrag", "uppdrag"))
def answer_lage(cmd: Lage, ctx: Context) -> r.Result:
    today = ctx.today
    ups = all_uppdrag(ctx)
    if not ups and not ctx.snap.indikatorer and not ctx.snap.budget:
        # Orsa's styrmodell: an årshjul and no plan to sum up (it was "Jag förstod inte")
        things = (f"{fmt.plural(level_word(ctx, 'uppdrag', 'Uppdrag')).lower()}, "
                  f"{fmt.plural(level_word(ctx, 'indikator', 'Indikator')).lower()} eller budget")
        hint = (f" Årshjulet finns: fråga t.ex. \"vad händer i {fmt.month(today.month)}?\""
                if ctx.snap.arshjul else "")
        raise UserError(f"{org_name(ctx)} har inga {things} inlagda att sammanfatta.{hint}")
    end = today + dt.timedelta(days=DUE_DAYS)
    due = due_within(ups, today, end)
    inds = all_indikatorer(ctx)
    off = off_target(inds)
    year = total = largest = None
    if ctx.snap.budget:
        budget = answer_budget_overview(BudgetOverview(focus="avvikelse"), ctx)
        assert isinstance(budget, BudgetOverviewResult)
        year, total = budget.year, budget.total
        largest = budget.deviations[0] if budget.deviations else None
    return LageResult(
        today=today, plan_title=(ctx.snap.plan or {}).get("title"), uppdrag=len(ups),
        by_status=by_status(ups), late=[u for u in ups if u.late],
        due=due, due_until=end, indicators=len(inds),
        by_colour=by_colour(inds), off_target=off,
        budget_year=year, budget_total=total, largest=largest)


# the whole message asks how things stand, and names nothing ("hur går det?", "läget just
# nu?", "ge mig en sammanfattning", "status på allt"), folded
_ASKS = lazy(
    r"(?:hej\W+)?(?:"
    r"hur\s+(?:gar|ser)\s+det(?:\s+ut)?(?:\s+(?:for|med)\s+(?:oss|kommunen|planen|uppfoljningen))?"
    r"|(?:(?:hur|vad)\s+ar\s+)?(?:dagens\s+)?(?:laget|lage)|lagesbild(?:en)?|sammanfattning(?:en)?"
    r"|oversikt(?:en)?"
    r"|status\s+(?:pa|for)\s+(?:allt|alla|planen|helheten|uppfoljningen)"
    r"|(?:ge\s+mig|visa|kan\s+du\s+ge\s+mig|kan\s+du\s+visa|presentera|skriv|gor|ta\s+fram)"
    r"\s+(?:en\s+)?(?:sammanfattning|oversikt|lagesbild|summering|laget)"
    r"|vad\s+borde\s+jag\s+veta|vad\s+behover\s+jag\s+veta|summera(?:\s+laget)?"
    r"|(?:sammanfatta|sammanstall|sammanstalla|summera)\s+(?:uppfoljningen|laget|planen|allt)"
    r"|hanger\s+vi\s+med(?:\s+i\s+planen)?|(?:ar|ligger)\s+vi\s+i\s+fas(?:\s+med\s+planen)?"
    r"|hur\s+ligger\s+vi\s+till|hur\s+gar\s+arbetet\s+med\s+planen"
    # what to put first: "vad ska jag prioritera?", "vad är viktigast just nu?"
    r"|vad\s+(?:ska|skall|bor|borde|maste)\s+(?:jag|vi)\s+(?:prioritera|fokusera\s+pa|ta\s+tag\s+i)"
    r"(?:\s+forst)?(?:\s+da)?"
    r"|vad\s+ar\s+(?:viktigast|mest\s+akut|mest\s+bradskande)"
    r")(?:\s+(?:nu|just\s+nu|i\s+stort|overlag|totalt|idag|i\s+dag))?"
    # before the meeting: "läget inför KS?", "sammanfattning inför mötet"
    r"(?:\s+(?:infor|till|pa)\s+(?:ks|kf|kommunstyrelsen|kommunfullmaktige|motet|sammantradet"
    r"|ks\s+motet|ksmotet|dagens\s+(?:ks|kf|mote|sammantrade)))?(?:\s+(?:nu|just\s+nu|i\s+stort|overlag|totalt|idag|i\s+dag))?(?:\W+tack)?\W*")


def match_lage(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """"hur går det?", "läget?": the state of the plan, when a plan is there."""
    if snap.plan is None and not snap.arshjul or len(text) > 80 or _ASKS.fullmatch(fold(text).strip()) is None:
        return None
    return Lage()
