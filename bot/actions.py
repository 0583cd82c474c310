"""Write commands: progress updates, corrections, history, owners, admins and measurements.

`parse_action` is consulted before the read-only parser and returns None when the message
is not a write command. Answers check who may write, write append-only through
`store.writes` (one transaction each, de-duplicated by Slack event_id) and return a typed
result that quotes what was stored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

from bot import results as r
from bot.answers import Context, UserError, _update_info, indikator_info, plan_updates
from bot.commands import Command, register
from bot.mentions import MENTION, mentions
from bot.models import Status, parse_number
from bot.snapshot import Snapshot
from bot.state import holders, holders_by_subject, uppdrag_state
from bot.subscriptions import parse_subscription
from bot.text import fold
from store import queries as q
from store import writes as w

UNDO_MINUTES = 15


@dataclass(frozen=True, kw_only=True)
class Action(Command):
    """A command that writes; its answer gets the delivery's event_id."""

    name: ClassVar[str] = ""


@dataclass(frozen=True, kw_only=True)
class Update(Action):
    name: ClassVar[str] = "uppdatera"
    key: str
    text: str
    status: Status | None = None
    percent: int | None = None
    correction: bool = False


@dataclass(frozen=True, kw_only=True)
class Undo(Action):
    name: ClassVar[str] = "ångra"


@dataclass(frozen=True, kw_only=True)
class History(Action):
    name: ClassVar[str] = "historik"
    key: str


@dataclass(frozen=True, kw_only=True)
class SetOwner(Action):
    name: ClassVar[str] = "ansvarig"
    key: str
    users: tuple[str, ...]
    remove: bool = False


@dataclass(frozen=True, kw_only=True)
class ListOwners(Action):
    name: ClassVar[str] = "ansvariga"


@dataclass(frozen=True, kw_only=True)
class SetAdmin(Action):
    name: ClassVar[str] = "admin"
    users: tuple[str, ...]
    remove: bool = False


@dataclass(frozen=True, kw_only=True)
class ListAdmins(Action):
    name: ClassVar[str] = "admins"


@dataclass(frozen=True, kw_only=True)
class AddMeasurement(Action):
    name: ClassVar[str] = "värde"
    query: str
    value: float
    unit: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class SetIndicatorOwner(Action):
    name: ClassVar[str] = "indikatoransvarig"
    query: str
    users: tuple[str, ...]
    remove: bool = False


# --- parsing ----------------------------------------------------------------------------

# an uppdrag key, optionally after the short name of another nämnd: "3.2", "BUN 3.2"
_KEY = r"(?:(?P<nm>[^\W\d_]{2,8})\s+)?(?P<a>\d{1,2})\s?[.,]\s?(?P<b>\d{1,2})"
_PERCENT = re.compile(r"(?<![\d,.])(\d{1,3})\s?(?:%|procent\b)")
_STATUS_WORDS = [
    (Status.EJ_PABORJAD, r"ej\s+påbörjad\w*|inte\s+påbörjad\w*"),
    (Status.AVBRUTEN, r"avbrut\w+"),
    (Status.FORSENAD, r"försena[dt]\w*"),
    (Status.KLAR, r"klar[at]?|färdig[at]?"),
    (Status.PAGAR, r"pågår|pågående"),
]
_UPDATE = re.compile(rf"^\s*(?P<verb>uppdatera|uppdatering|rapport(?:era)?|rätta|rättelse)\s+(?:uppdrag\s+)?{_KEY}\s*[:\-–]?\s*(?P<body>.*)$",
                     re.IGNORECASE | re.DOTALL)
_HISTORY = re.compile(rf"^\s*(?:historik|historiken|visa historik|logg)\s+(?:för\s+)?(?:uppdrag\s+)?{_KEY}\s*\??\s*$",
                      re.IGNORECASE)
_OWNER = re.compile(rf"^\s*(?P<remove>ta bort\s+)?(?:ansvarig|ägare)\s+(?:för\s+)?(?:uppdrag\s+)?{_KEY}\s+(?P<rest>.+)$",
                    re.IGNORECASE | re.DOTALL)
_ADMIN = re.compile(r"^\s*(ta bort\s+)?admin\s+(.+)$", re.IGNORECASE | re.DOTALL)
_VALUE = re.compile(r"^\s*(?:värde|nytt värde|mätvärde)\s+(.+)$", re.IGNORECASE | re.DOTALL)
_IND_OWNER = re.compile(r"^\s*(ta bort\s+)?indikatoransvarig\s+(.+)$", re.IGNORECASE | re.DOTALL)


def pick_status(text: str) -> tuple[Status | None, str]:
    """The status word in an update, and the text with a status-only segment removed."""
    for status, pattern in _STATUS_WORDS:
        m = re.search(rf"(?<!\w)(?:status\s*:?\s*)?({pattern})(?!\w)", text, re.IGNORECASE)
        if m:
            return status, _drop_segment(text, m.start(), m.end())
    return None, text


def pick_percent(text: str) -> tuple[int | None, str]:
    m = _PERCENT.search(text)
    if not m or int(m.group(1)) > 100:
        return None, text
    return int(m.group(1)), _drop_segment(text, m.start(), m.end())


_STATUS_ANY = "|".join(p for _, p in _STATUS_WORDS)
# a segment that only reports status and progress: "pågår 40 %", "60 % klart", "status: klar"
_REPORT = (rf"(?:status\s*:?\s*)?(?:(?:{_STATUS_ANY})\s*)?(?:\d{{1,3}}\s?(?:%|procent)\s*)?"
           rf"(?:(?:{_STATUS_ANY})\s*)?")
_REPORT_TAIL = re.compile(rf"(?:^|[,;.:]\s*)(?=\S){_REPORT}$", re.IGNORECASE)
_REPORT_HEAD = re.compile(rf"^\s*(?=\S){_REPORT}[,;.:]\s*", re.IGNORECASE)


def split_report(text: str) -> tuple[Status | None, int | None, str]:
    """Status, percentage and the update's own words: a status word anywhere, a
    percentage anywhere; a leading or trailing segment that only reports them is removed."""
    status, _ = pick_status(text)
    percent, _ = pick_percent(text)
    rest = text.strip()
    for pattern in (_REPORT_TAIL, _REPORT_TAIL, _REPORT_HEAD):  # "…, pågår, 60 %": two tails
        m = pattern.search(rest)
        if m and m.group(0).strip(" ,;.:"):
            rest = (rest[: m.start()] + rest[m.end():]).strip(" ,;:")
    if rest == text.strip():  # nothing stood apart: drop lone words inside, keep the text
        _, rest = pick_status(rest)
        _, rest = pick_percent(rest)
    return status, percent, rest


def _drop_segment(text: str, start: int, end: int) -> str:
    """Remove text[start:end] when it stands alone between separators; else keep the text."""
    before, after = text[:start], text[end:]
    if re.search(r"(^|[,;.:\n(])\s*$", before) and re.match(r"\s*([,;.\n)]|$)", after):
        head, tail = before.rstrip(" ,;("), after.lstrip(" ,;)")
        if head and tail and not tail.startswith("."):
            return f"{head}, {tail}".strip()
        return (head + tail).strip() if head else tail.lstrip(". ").strip()
    return text


def _ref(snap: Snapshot, m: re.Match[str]) -> str:
    """The uppdrag reference a matched key stands for ("bun 3.2" → "BUN 3.2")."""
    return snap.qualify(f"{int(m.group('a'))}.{int(m.group('b'))}", [m.group("nm") or ""])


def parse_action(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    """A write command, or None. Pure."""
    t = text.strip()
    sub = parse_subscription(t)
    if sub is not None:
        return sub
    low = fold(t)
    if low in ("angra", "angra senaste", "angra det", "undo"):
        return Undo()
    if low in ("ansvariga", "vilka ar ansvariga", "visa ansvariga", "agare"):
        return ListOwners()
    if low in ("admins", "administratorer", "vilka ar admins", "admin"):
        return ListAdmins()
    m = _HISTORY.match(t)
    if m:
        return History(key=_ref(snap, m))
    m = _UPDATE.match(t)
    if m:
        verb, key = m.group("verb").lower(), _ref(snap, m)
        body = m.group("body").strip()
        status, percent, rest = split_report(body)
        return Update(key=key, text=rest or body, status=status, percent=percent,
                      correction=verb.startswith("rätt"))
    m = _OWNER.match(t)
    if m:
        return SetOwner(key=_ref(snap, m), users=mentions(m.group("rest")),
                        remove=bool(m.group("remove")))
    m = _IND_OWNER.match(t)
    if m:
        users = mentions(m.group(2))
        query = MENTION.sub("", m.group(2)).strip()
        return SetIndicatorOwner(query=query, users=users, remove=bool(m.group(1)))
    m = _ADMIN.match(t)
    if m and mentions(m.group(2)):
        return SetAdmin(users=mentions(m.group(2)), remove=bool(m.group(1)))
    m = _VALUE.match(t)
    if m:
        return _parse_value(m.group(1))
    return None


_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_NUM = re.compile(r"(?<![\w-])(−|-)?(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,](\d+))?\s*(%|procent|tkr|mnkr|mkr|kr|st|antal|tim)?(?!\w)")


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


# --- permissions ----------------------------------------------------------------------


def admins(ctx: Context) -> list[str]:
    events = q.role_events(ctx.store, "admin")
    return list(dict.fromkeys([*ctx.admins, *holders(events, "admin")]))


def is_admin(ctx: Context) -> bool:
    return ctx.user is not None and ctx.user in admins(ctx)


def _who(users: list[str]) -> str:
    return ", ".join(f"@{u}" for u in users) if users else "ingen"


def _plan(ctx: Context) -> dict:  # type: ignore[type-arg]
    if ctx.snap.plan is None:
        raise UserError("Det finns ingen plan inläst ännu.")
    return ctx.snap.plan


def _uppdrag(ctx: Context, key: str) -> dict:  # type: ignore[type-arg]
    row = ctx.snap.uppdrag_by_key.get(key)
    if row is None:
        keys = ", ".join(u["key"] for u in ctx.snap.uppdrag)
        raise UserError(f"Det finns inget uppdrag {key}. Uppdragen i planen: {keys}.")
    return row


# --- results --------------------------------------------------------------------------


@dataclass(kw_only=True)
class UpdateStoredResult(r.Result):
    template: ClassVar[str] = "update_stored.j2"
    key: str
    title: str
    update: r.UpdateInfo
    duplicate: bool
    correction: bool


@dataclass(kw_only=True)
class UndoneResult(r.Result):
    template: ClassVar[str] = "undone.j2"
    key: str
    undone: r.UpdateInfo
    status: str | None
    percent: int | None


@dataclass(kw_only=True)
class HistoryResult(r.Result):
    template: ClassVar[str] = "history.j2"
    key: str
    title: str
    entries: list[r.UpdateInfo]
    roles: list[dict[str, str]]
    status: str | None
    percent: int | None


@dataclass(kw_only=True)
class RolesResult(r.Result):
    template: ClassVar[str] = "roles.j2"
    heading: str
    lines: list[str]
    note: str | None = None


@dataclass(kw_only=True)
class MeasurementStoredResult(r.Result):
    template: ClassVar[str] = "measurement_stored.j2"
    indikator: r.IndikatorInfo
    value: float
    date: dt.date
    duplicate: bool


# --- answers -----------------------------------------------------------------------------


@register(Update, title="Uppdatera ett uppdrag",
          help="Rapportera framsteg (ansvariga och admins). Statusord (ej påbörjad, pågår, klar, "
               "försenad, avbruten) och procent plockas ut; resten är texten. 'rätta' lägger en rättelse.",
          examples=("uppdatera 3.2: Tre investerare i dialog, markanvisning förbereds, pågår 60 %",
                    "rätta 3.2: Två investerare, inte tre"),
          template="update_stored.j2")
def answer_update(cmd: Update, ctx: Context, event_id: str | None = None) -> r.Result:
    _plan(ctx)
    row = _uppdrag(ctx, cmd.key)
    owners = holders(q.role_events(ctx.store, "owner"), "owner", cmd.key)
    if not (ctx.user and (ctx.user in owners or is_admin(ctx))):
        raise UserError(
            f"Du kan inte uppdatera uppdrag {cmd.key}: bara dess ansvariga ({_who(owners)}) och "
            f"administratörer ({_who(admins(ctx))}) får göra det. Inget har sparats. "
            f"En administratör kan lägga till dig med \"ansvarig {cmd.key} @du\".")
    if not cmd.text.strip() and cmd.status is None and cmd.percent is None:
        raise UserError(f"Skriv vad som har hänt, t.ex. \"uppdatera {cmd.key}: Tre investerare i dialog, pågår 60 %\".")
    saved, new = w.add_update(ctx.store, doc_id=row["doc_id"], key=row["plan_key"], author=ctx.user,
                              text=cmd.text, status=cmd.status.value if cmd.status else None,
                              percent=cmd.percent, now=ctx.now,
                              kind="correction" if cmd.correction else "update", event_id=event_id)
    return UpdateStoredResult(key=cmd.key, title=row["title"], update=_update_info(saved, set()),
                              duplicate=not new, correction=cmd.correction)


@register(Undo, title="Ångra", help=f"Ångrar din senaste uppdatering inom {UNDO_MINUTES} minuter (sparas som en ny rad; inget raderas).",
          examples=("ångra",), template="undone.j2")
def answer_undo(cmd: Undo, ctx: Context, event_id: str | None = None) -> r.Result:
    _plan(ctx)
    entries = plan_updates(ctx)
    undone = {e["ref_id"] for e in entries if e["kind"] == "undo"}
    limit = ctx.now - dt.timedelta(minutes=UNDO_MINUTES)
    mine = [e for e in entries if e["author"] == ctx.user and e["kind"] != "undo"
            and e["id"] not in undone and dt.datetime.fromisoformat(e["created_at"]) >= limit]
    if not mine:
        raise UserError(f"Det finns ingen uppdatering av dig från de senaste {UNDO_MINUTES} minuterna att ångra. "
                        "Skriv \"rätta 3.2: …\" för att rätta en äldre.")
    target = mine[-1]
    row = ctx.snap.uppdrag_by_key[target["key"]]
    w.add_update(ctx.store, doc_id=row["doc_id"], key=row["plan_key"], author=ctx.user or "?",
                 text=f"Ångrade uppdateringen från {target['created_at']}", status=None,
                 percent=None, now=ctx.now, kind="undo", ref_id=target["id"], event_id=event_id)
    st = uppdrag_state(plan_updates(ctx, target["key"]), row["initial_status"])
    return UndoneResult(key=target["key"], undone=_update_info(target, set()),
                        status=st.status.value if st.status else None, percent=st.percent)


@register(History, title="Historik", help="Varje uppdatering av ett uppdrag med vem, när, status och text, och ändringar av ansvariga.",
          examples=("historik 3.2",), template="history.j2")
def answer_history(cmd: History, ctx: Context, event_id: str | None = None) -> r.Result:
    _plan(ctx)
    row = _uppdrag(ctx, cmd.key)
    entries = plan_updates(ctx, cmd.key)
    undone = {e["ref_id"] for e in entries if e["kind"] == "undo" and e["ref_id"]}
    st = uppdrag_state(entries, row["initial_status"])
    roles = [e for e in q.role_events(ctx.store, "owner") if e["subject"] == cmd.key]
    return HistoryResult(key=cmd.key, title=row["title"],
                         entries=[_update_info(e, undone) for e in entries],
                         roles=[{"user": e["user"], "action": e["action"], "author": e["author"],
                                 "at": e["created_at"]} for e in roles],
                         status=st.status.value if st.status else None, percent=st.percent)


def _require_admin(ctx: Context, what: str) -> None:
    if not is_admin(ctx):
        raise UserError(f"Bara administratörer får {what} ({_who(admins(ctx))}). Inget har ändrats.")


@register(SetOwner, title="Ansvarig för ett uppdrag",
          help="Admins sätter ansvariga (flera går bra) eller tar bort dem; ändringen loggas.",
          examples=("ansvarig 3.2 @anna", "ta bort ansvarig 3.2 @anna"), template="roles.j2")
def answer_set_owner(cmd: SetOwner, ctx: Context, event_id: str | None = None) -> r.Result:
    _require_admin(ctx, "ändra ansvariga")
    _uppdrag(ctx, cmd.key)
    if not cmd.users:
        raise UserError(f"Nämn vem, t.ex. \"ansvarig {cmd.key} @anna\".")
    for u in cmd.users:
        w.add_role_event(ctx.store, role="owner", subject=cmd.key, user=u,
                         action="remove" if cmd.remove else "add", author=ctx.user or "?", now=ctx.now)
    owners = holders(q.role_events(ctx.store, "owner"), "owner", cmd.key)
    verb = "tog bort" if cmd.remove else "lade till"
    return RolesResult(heading=f"Uppdrag {cmd.key}: {verb} {_who(list(cmd.users))} som ansvarig",
                       lines=[f"Ansvariga nu: {_who(owners)}"])


@register(ListOwners, title="Alla ansvariga", help="Vem som är ansvarig för vilket uppdrag.",
          examples=("ansvariga",), template="roles.j2")
def answer_list_owners(cmd: ListOwners, ctx: Context, event_id: str | None = None) -> r.Result:
    by_key = holders_by_subject(q.role_events(ctx.store, "owner"), "owner")
    lines = [f"{u['key']} {u['title']}: {_who(by_key.get(u['key'], []))}" for u in ctx.snap.uppdrag]
    return RolesResult(heading="Ansvariga per uppdrag", lines=lines)


@register(SetAdmin, title="Administratörer", help="Admins lägger till eller tar bort admins; ändringen loggas.",
          examples=("admin @anna", "ta bort admin @anna"), template="roles.j2")
def answer_set_admin(cmd: SetAdmin, ctx: Context, event_id: str | None = None) -> r.Result:
    _require_admin(ctx, "ändra administratörer")
    for u in cmd.users:
        if cmd.remove and u in ctx.admins:
            raise UserError(f"@{u} är administratör genom STYRBOT_ADMINS och kan bara tas bort där.")
        w.add_role_event(ctx.store, role="admin", subject="", user=u,
                         action="remove" if cmd.remove else "add", author=ctx.user or "?", now=ctx.now)
    verb = "tog bort" if cmd.remove else "lade till"
    return RolesResult(heading=f"{verb.capitalize()} {_who(list(cmd.users))} som administratör",
                       lines=[f"Administratörer nu: {_who(admins(ctx))}"])


@register(ListAdmins, title="Vilka är admins", help="Listar administratörerna.",
          examples=("admins",), template="roles.j2")
def answer_list_admins(cmd: ListAdmins, ctx: Context, event_id: str | None = None) -> r.Result:
    return RolesResult(heading="Administratörer", lines=[_who(admins(ctx))],
                       note="Från STYRBOT_ADMINS och de som lagts till i chatten.")


def _indikator(ctx: Context, query: str) -> dict:  # type: ignore[type-arg]
    snap = ctx.snap
    if query in snap.ind_by_slug:
        return snap.ind_by_slug[query]
    wanted = fold(query)
    exact = [i for i in snap.indikatorer
             if wanted in {fold(i["name"]), fold(i["slug"]), *(fold(a) for a in i["aliases"])}]
    if len(exact) == 1:
        return exact[0]
    hits = snap.index.search(query, kinds={"indikator"}, limit=6)
    if not hits:
        raise UserError(f"Hittar ingen indikator som heter \"{query}\".")
    best = hits[0]
    close = [h for h in hits[1:] if h.score >= best.score * 0.9]
    if close:
        names = "\n".join(f"  • {h.entry.label} (skriv: {h.entry.key})" for h in [best, *close])
        raise UserError(f"\"{query}\" kan vara flera indikatorer. Vilken menar du?\n{names}")
    return snap.ind_by_slug[best.entry.key]


_UNIT_OK = {"procent": {"procent"}, "antal": {"antal"}, "tkr": {"tkr"}, "mnkr": {"mnkr", "mkr"},
            "mkr": {"mkr", "mnkr"}, "kronor": {"kronor"}, "tim": {"tim"}}


@register(AddMeasurement, title="Nytt mätvärde",
          help="Lägger till ett värde för en indikator (admins och indikatorns ansvariga). Enheten kontrolleras.",
          examples=("värde sjukfrånvaro total 8,1 % 2026-06-30",), template="measurement_stored.j2")
def answer_measurement(cmd: AddMeasurement, ctx: Context, event_id: str | None = None) -> r.Result:
    row = _indikator(ctx, cmd.query)
    owners = holders(q.role_events(ctx.store, "indikator_owner"), "indikator_owner", row["slug"])
    if not (ctx.user and (ctx.user in owners or is_admin(ctx))):
        raise UserError(f"Bara administratörer och indikatorns ansvariga ({_who(owners)}) får lägga in värden "
                        f"för {row['name']}. Inget har sparats.")
    if cmd.unit and cmd.unit not in _UNIT_OK.get(row["unit"], {row["unit"]}):
        raise UserError(f"{row['name']} mäts i {row['unit']}, inte {cmd.unit}. Inget har sparats.")
    date = cmd.date or ctx.today
    _saved, new = w.add_measurement(ctx.store, slug=row["slug"], date=date, value=cmd.value,
                                   author=ctx.user or "?", now=ctx.now, source="chatt",
                                   event_id=event_id)
    return MeasurementStoredResult(indikator=indikator_info(ctx, row), value=cmd.value, date=date,
                                   duplicate=not new)


@register(SetIndicatorOwner, title="Ansvarig för en indikator",
          help="Admins utser vem som får lägga in värden för en indikator.",
          examples=("indikatoransvarig sjukfrånvaro total @anna",), template="roles.j2")
def answer_indicator_owner(cmd: SetIndicatorOwner, ctx: Context, event_id: str | None = None) -> r.Result:
    _require_admin(ctx, "utse indikatoransvariga")
    row = _indikator(ctx, cmd.query)
    if not cmd.users:
        raise UserError("Nämn vem, t.ex. \"indikatoransvarig sjukfrånvaro @anna\".")
    for u in cmd.users:
        w.add_role_event(ctx.store, role="indikator_owner", subject=row["slug"], user=u,
                         action="remove" if cmd.remove else "add", author=ctx.user or "?", now=ctx.now)
    owners = holders(q.role_events(ctx.store, "indikator_owner"), "indikator_owner", row["slug"])
    return RolesResult(heading=f"{row['name']}: ansvariga för värden", lines=[_who(owners)])
