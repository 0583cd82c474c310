"""Indicator values: new measurements written in chat, and who may write them (the
indicator's owners, set by admins)."""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.mentions import MENTION, mentions
from bot.core.permissions import is_admin, people, require_admin
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.core.views import find_indikator, indikator_info
from bot.domain import fmt
from bot.domain.plan import parse_number, value_range
from bot.domain.state import holders
from handlers.roles import RolesResult
from store import queries as q
from store import writes as w


@dataclass(frozen=True, kw_only=True)
class AddMeasurement(Command):
    name: ClassVar[str] = "värde"
    writes: ClassVar[bool] = True
    query: str
    value: float
    unit: str | None = None
    date: dt.date | None = None



@dataclass(frozen=True, kw_only=True)
class WithdrawMeasurement(Command):
    name: ClassVar[str] = "återkalla värde"
    writes: ClassVar[bool] = True
    query: str
    date: dt.date | None = None  # None: the newest value


@dataclass(frozen=True, kw_only=True)
class SetIndicatorOwner(Command):
    name: ClassVar[str] = "indikatoransvarig"
    writes: ClassVar[bool] = True
    query: str
    users: tuple[str, ...]
    remove: bool = False


# --- matching -----------------------------------------------------------------------------

_VALUE = re.compile(r"^\s*(?:värde|nytt värde|mätvärde)\s+(.+)$", re.IGNORECASE | re.DOTALL)
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_NUM = re.compile(r"(?<![\w-])(−|-)?(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,](\d+))?\s*(%|procent|tkr|mnkr|mkr|kr|st|antal|tim)?(?!\w)")
_WITHDRAW = re.compile(r"^\s*(?:ta bort|återkalla|radera|stryk)\s+(?:mät)?värdet?\s+(.+)$",
                       re.IGNORECASE | re.DOTALL)
_IND_OWNER = re.compile(r"^\s*(ta bort\s+)?indikatoransvarig\s+(.+)$", re.IGNORECASE | re.DOTALL)


def match_value(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    m = _VALUE.match(text.strip())
    return _parse_value(m.group(1)) if m else None


def _parse_value(rest: str) -> Command | None:
    date = None
    dm = _DATE.search(rest)
    if dm:
        try:
            date = dt.date.fromisoformat(dm.group(1))
        except ValueError:
            raise UserError(f"{dm.group(1)} är inget giltigt datum (skriv ÅÅÅÅ-MM-DD).") from None
        rest = rest[: dm.start()] + rest[dm.end():]
    nums = list(_NUM.finditer(rest))
    if not nums:
        return None
    m = nums[-1]
    number = (m.group(2) or "") + ("," + m.group(3) if m.group(3) else "")
    value = parse_number(("-" if m.group(1) else "") + number)
    unit = {"%": "procent", "procent": "procent", "st": "antal", "antal": "antal",
            "kr": "kronor"}.get(m.group(4) or "", m.group(4))
    query = (rest[: m.start()] + rest[m.end():]).strip(" :,")
    if not query:
        return None
    return AddMeasurement(query=query, value=value, unit=unit, date=date)


def match_withdraw(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    m = _WITHDRAW.match(text.strip())
    if not m:
        return None
    rest, date = m.group(1), None
    if dm := _DATE.search(rest):
        try:
            date = dt.date.fromisoformat(dm.group(1))
        except ValueError:
            raise UserError(f"{dm.group(1)} är inget giltigt datum (skriv ÅÅÅÅ-MM-DD).") from None
        rest = rest[: dm.start()] + rest[dm.end():]
    query = rest.strip(" :,")
    return WithdrawMeasurement(query=query, date=date) if query else None


def match_indicator_owner(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    m = _IND_OWNER.match(text.strip())
    if not m:
        return None
    users = mentions(m.group(2))
    query = MENTION.sub("", m.group(2)).strip()
    return SetIndicatorOwner(query=query, users=users, remove=bool(m.group(1)))


# --- results ------------------------------------------------------------------------------

@dataclass(kw_only=True)
class MeasurementStoredResult(r.Result):
    template: ClassVar[str] = "measurement_stored.j2"
    indikator: r.IndikatorInfo
    value: float
    date: dt.date
    duplicate: bool


# --- answers ------------------------------------------------------------------------------

FUTURE_DAYS = 31  # a value may be dated this far ahead (a month's figure entered early), no more
OLDEST = dt.date(1900, 1, 1)
def value_problem(value: float, unit: str, date: dt.date, today: dt.date, name: str = "",
                  baseline: float | None = None) -> str | None:
    """Why a measurement cannot be stored as given (None: it can)."""
    if date > today + dt.timedelta(days=FUTURE_DAYS):
        return (f"{fmt.date(date)} ligger mer än {FUTURE_DAYS} dagar fram i tiden; "
                "ett mätvärde gäller något som har hänt.")
    if date < OLDEST:
        return f"{fmt.date(date)} är för långt tillbaka."
    lo, hi = value_range(unit, name, baseline)
    if not (lo <= value <= hi):  # NaN fails too
        if (lo, hi) == (0.0, 100.0) and unit == "procent":
            return f"{fmt.number(value)} % är inget rimligt värde för en andel (mellan 0 och 100 %)."
        return (f"{fmt.number(value)} är inget rimligt värde i {unit} "
                f"(mellan {fmt.number(lo)} och {fmt.number(hi)}).")
    return None


_UNIT_OK = {"procent": {"procent"}, "antal": {"antal"}, "tkr": {"tkr"}, "mnkr": {"mnkr", "mkr"},
            "mkr": {"mkr", "mnkr"}, "kronor": {"kronor"}, "tim": {"tim"}}


def _writable_indikator(ctx: Context, query: str, what: str, nothing: str) -> dict:  # type: ignore[type-arg]
    """The indicator ``query`` names, if the asker may write its values (admins and the
    indicator's owners); else the refusal."""
    row = find_indikator(ctx, query)
    owners = holders(q.role_events(ctx.store, "indikator_owner"), "indikator_owner", row["slug"])
    if not (ctx.user and (ctx.user in owners or is_admin(ctx))):
        raise UserError(f"Bara administratörer och indikatorns ansvariga ({people(owners)}) får "
                        f"{what} {row['name']}. {nothing}")
    return row


@register(AddMeasurement, title="Nytt mätvärde",
          help="Lägger till ett värde för en indikator (admins och indikatorns ansvariga). Enheten kontrolleras.",
          examples=("värde sjukfranvaro-total 8,1 % 2026-06-30",))
def answer_measurement(cmd: AddMeasurement, ctx: Context, event_id: str | None = None) -> r.Result:
    row = _writable_indikator(ctx, cmd.query, "lägga in värden för", "Inget har sparats.")
    if cmd.unit and cmd.unit not in _UNIT_OK.get(row["unit"], {row["unit"]}):
        raise UserError(f"{row['name']} mäts i {row['unit']}, inte {cmd.unit}. Inget har sparats.")
    date = cmd.date or ctx.today
    if problem := value_problem(cmd.value, row["unit"], date, ctx.today, row["name"],
                                row.get("baseline")):
        raise UserError(f"{problem} Inget har sparats.")
    _saved, new = w.add_measurement(ctx.store, slug=row["slug"], date=date, value=cmd.value,
                                   author=ctx.user or "?", now=ctx.now, source="chatt",
                                   event_id=event_id)
    return MeasurementStoredResult(indikator=indikator_info(ctx, row), value=cmd.value, date=date,
                                   duplicate=not new)


@register(WithdrawMeasurement, title="Återkalla ett mätvärde",
          help="Admins och indikatorns ansvariga återkallar ett felaktigt värde (det senaste, "
               "eller det för ett datum). Värdet finns kvar i historiken, märkt återkallat.",
          examples=("återkalla värde sjukfranvaro-total 2026-06-30",))
def answer_withdraw(cmd: WithdrawMeasurement, ctx: Context, event_id: str | None = None) -> r.Result:
    row = _writable_indikator(ctx, cmd.query, "återkalla värden för", "Inget har ändrats.")
    live = q.measurements(ctx.store, row["id"])
    if cmd.date is not None:
        live = [m for m in live if m["date"] == cmd.date.isoformat()]
    if not live:
        when = f" för {fmt.date(cmd.date)}" if cmd.date else ""
        raise UserError(f"{row['name']} har inget värde{when} att återkalla.")
    target = live[-1]  # the newest entry (for the date): the one that is read
    w.withdraw_measurement(ctx.store, measurement_id=target["id"], author=ctx.user or "?",
                           now=ctx.now, event_id=event_id)
    return RolesResult(
        heading=f"{row['name']}: värdet {fmt.number(target['value'])}"
                f"{' %' if row['unit'] == 'procent' else ' ' + row['unit']} "
                f"({fmt.date(dt.date.fromisoformat(target['date']))}) är återkallat",
        lines=["Det finns kvar i historiken, märkt återkallat, och räknas inte längre."])


@register(SetIndicatorOwner, title="Ansvarig för en indikator",
          help="Admins utser vem som får lägga in värden för en indikator.",
          examples=("indikatoransvarig sjukfranvaro-total @anna",))
def answer_indicator_owner(cmd: SetIndicatorOwner, ctx: Context, event_id: str | None = None) -> r.Result:
    require_admin(ctx, "utse indikatoransvariga")
    row = find_indikator(ctx, cmd.query)
    if not cmd.users:
        raise UserError("Nämn vem, t.ex. \"indikatoransvarig sjukfrånvaro @anna\".")
    for u in cmd.users:
        w.add_role_event(ctx.store, role="indikator_owner", subject=row["slug"], user=u,
                         action="remove" if cmd.remove else "add", author=ctx.user or "?", now=ctx.now)
    owners = holders(q.role_events(ctx.store, "indikator_owner"), "indikator_owner", row["slug"])
    return RolesResult(heading=f"{row['name']}: ansvariga för värden", lines=[people(owners)])
