"""Who is responsible for the uppdrag and their aktiviteter, and who the administrators are
(admins change them). Owners are kept in the role log under the uppdrag's or aktivitet's own
identity ("ks/2026/3.2", "ks/2026/3.2.1"), never the key users see."""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from bot.core import results as r
from bot.core.commands import Command, register
from bot.core.context import Context, UserError
from bot.core.mentions import mentions
from bot.core.permissions import admins, people, require_admin
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import Snapshot
from bot.core.views import owners_by_key, require_uppdrag
from bot.domain.state import holders
from bot.domain.text import fold
from handlers.updates import _KEY, uppdrag_ref
from store import queries as q
from store import writes as w


@dataclass(frozen=True, kw_only=True)
class SetOwner(Command):
    name: ClassVar[str] = "ansvarig"
    writes: ClassVar[bool] = True
    key: str
    users: tuple[str, ...]
    remove: bool = False


@dataclass(frozen=True, kw_only=True)
class ListOwners(Command):
    name: ClassVar[str] = "ansvariga"


@dataclass(frozen=True, kw_only=True)
class SetAdmin(Command):
    name: ClassVar[str] = "admin"
    writes: ClassVar[bool] = True
    users: tuple[str, ...]
    remove: bool = False


@dataclass(frozen=True, kw_only=True)
class ListAdmins(Command):
    name: ClassVar[str] = "admins"


# --- matching -----------------------------------------------------------------------------

_OWNER = re.compile(rf"^\s*(?P<remove>ta bort\s+)?(?:ansvarig|ägare)\s+(?:för\s+)?(?:uppdrag(?:et)?\s+|aktivitet(?:en)?\s+)?"
                    rf"{_KEY}(?:[.,](?P<c>\d{{1,2}}))?\s+(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)
_ADMIN = re.compile(r"^\s*(ta bort\s+)?admin\s+(.+)$", re.IGNORECASE | re.DOTALL)


def match_list_owners(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    low = fold(text.strip())
    return ListOwners() if low in ("ansvariga", "vilka ar ansvariga", "visa ansvariga", "agare") else None


def match_list_admins(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    low = fold(text.strip())
    return ListAdmins() if low in ("admins", "administratorer", "vilka ar admins", "admin") else None


def match_owner(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    m = _OWNER.match(text.strip())
    if not m:
        return None
    key = uppdrag_ref(snap, m)
    return SetOwner(key=f"{key}.{int(m.group('c'))}" if m.group("c") else key,
                    users=mentions(m.group("rest")), remove=bool(m.group("remove")))


def match_admin(text: str, snap: Snapshot, today: dt.date) -> Command | None:
    m = _ADMIN.match(text.strip())
    if m is None:
        return None
    return SetAdmin(users=mentions(m.group(2)), remove=bool(m.group(1)))


# --- results ------------------------------------------------------------------------------

@dataclass(kw_only=True)
class RolesResult(r.Result):
    template: ClassVar[str] = "roles.j2"
    heading: str
    lines: list[str]
    note: str | None = None


# --- answers ------------------------------------------------------------------------------

@register(SetOwner, title="Ansvarig för ett uppdrag eller en aktivitet",
          help="Admins sätter ansvariga (flera går bra) eller tar bort dem, för ett uppdrag eller "
               "en aktivitet; ändringen loggas. En aktivitets ansvariga och dess uppdrags får uppdatera den.",
          examples=("ansvarig 3.2 @anna", "ansvarig 3.2.1 @anna", "ta bort ansvarig 3.2 @anna"))
def answer_set_owner(cmd: SetOwner, ctx: Context, event_id: str | None = None) -> r.Result:
    require_admin(ctx, "ändra ansvariga")
    aktivitet = cmd.key.count(".") == 2
    if aktivitet:
        from handlers import aktiviteter as ak

        row = ak.find(ctx, cmd.key)
        subject, what = ak.subject(ctx, cmd.key), f"Aktivitet {cmd.key} {row['title']}"
    else:
        row = require_uppdrag(ctx, cmd.key)
        subject, what = row["subject"], f"Uppdrag {cmd.key}"
    if not cmd.users:
        raise UserError(f"Nämn vem, t.ex. \"ansvarig {cmd.key} @anna\".")
    for u in cmd.users:
        w.add_role_event(ctx.store, role="owner", subject=subject, user=u,
                         action="remove" if cmd.remove else "add", author=ctx.user or "?", now=ctx.now)
    owners = holders(q.role_events(ctx.store, "owner"), "owner", subject)
    verb = "tog bort" if cmd.remove else "lade till"
    lines = [f"Ansvariga nu: {people(owners)}"]
    if aktivitet:
        parent = cmd.key.rsplit(".", 1)[0]
        lines.append(f"Ansvariga för uppdrag {parent} ({people(owners_by_key(ctx).get(parent, []))}) "
                     "och administratörer får också uppdatera den.")
    return RolesResult(heading=f"{what}: {verb} {people(list(cmd.users))} som ansvarig",
                       lines=lines)


@register(ListOwners, title="Alla ansvariga",
          help="Vem som är ansvarig för vilket uppdrag, och för de aktiviteter som har egna ansvariga.",
          examples=("ansvariga",))
def answer_list_owners(cmd: ListOwners, ctx: Context) -> r.Result:
    from handlers import aktiviteter as ak

    by_key = owners_by_key(ctx)
    own: dict[str, list[str]] = {}
    for ref, a in ak.by_ref(ctx).items():
        if by_key.get(ref):
            own.setdefault(ref.rsplit(".", 1)[0], []).append(f"  {ref} {a['title']}: {people(by_key[ref])}")
    lines = []
    for u in ctx.snap.uppdrag:
        lines.append(f"{u['key']} {u['title']}: {people(by_key.get(u['key'], []))}")
        lines.extend(own.get(u["key"], []))
    note = ("Aktiviteter utan egna ansvariga uppdateras av sitt uppdrags ansvariga."
            if ak.by_ref(ctx) else None)
    return RolesResult(heading="Ansvariga per uppdrag", lines=lines, note=note)


@register(SetAdmin, title="Administratörer", help="Admins lägger till eller tar bort admins; ändringen loggas.",
          examples=("admin @anna", "ta bort admin @anna"))
def answer_set_admin(cmd: SetAdmin, ctx: Context, event_id: str | None = None) -> r.Result:
    require_admin(ctx, "ändra administratörer")
    if not cmd.users:
        raise UserError("Nämn vem, t.ex. \"admin @anna\" eller \"ta bort admin @anna\".")
    for u in cmd.users:
        if cmd.remove and u in ctx.admins:
            raise UserError(f"@{u} är administratör genom STYRBOT_ADMINS och kan bara tas bort där.")
        w.add_role_event(ctx.store, role="admin", subject="", user=u,
                         action="remove" if cmd.remove else "add", author=ctx.user or "?", now=ctx.now)
    verb = "tog bort" if cmd.remove else "lade till"
    return RolesResult(heading=f"{verb.capitalize()} {people(list(cmd.users))} som administratör",
                       lines=[f"Administratörer nu: {people(admins(ctx))}"])


@register(ListAdmins, title="Vilka är admins", help="Listar administratörerna.",
          examples=("admins",))
def answer_list_admins(cmd: ListAdmins, ctx: Context) -> r.Result:
    return RolesResult(heading="Administratörer", lines=[people(admins(ctx))],
                       note="Från STYRBOT_ADMINS och de som lagts till i chatten.")


