"""Who is responsible for the uppdrag, and who the administrators are (admins change them)."""

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

_OWNER = re.compile(rf"^\s*(?P<remove>ta bort\s+)?(?:ansvarig|ägare)\s+(?:för\s+)?(?:uppdrag\s+)?{_KEY}\s+(?P<rest>.+)$",
                    re.IGNORECASE | re.DOTALL)
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
    return SetOwner(key=uppdrag_ref(snap, m), users=mentions(m.group("rest")),
                    remove=bool(m.group("remove")))


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

@register(SetOwner, title="Ansvarig för ett uppdrag",
          help="Admins sätter ansvariga (flera går bra) eller tar bort dem; ändringen loggas.",
          examples=("ansvarig 3.2 @anna", "ta bort ansvarig 3.2 @anna"))
def answer_set_owner(cmd: SetOwner, ctx: Context, event_id: str | None = None) -> r.Result:
    require_admin(ctx, "ändra ansvariga")
    row = require_uppdrag(ctx, cmd.key)
    if not cmd.users:
        raise UserError(f"Nämn vem, t.ex. \"ansvarig {cmd.key} @anna\".")
    for u in cmd.users:
        w.add_role_event(ctx.store, role="owner", subject=row["subject"], user=u,
                         action="remove" if cmd.remove else "add", author=ctx.user or "?", now=ctx.now)
    owners = holders(q.role_events(ctx.store, "owner"), "owner", row["subject"])
    verb = "tog bort" if cmd.remove else "lade till"
    return RolesResult(heading=f"Uppdrag {cmd.key}: {verb} {people(list(cmd.users))} som ansvarig",
                       lines=[f"Ansvariga nu: {people(owners)}"])


@register(ListOwners, title="Alla ansvariga", help="Vem som är ansvarig för vilket uppdrag.",
          examples=("ansvariga",))
def answer_list_owners(cmd: ListOwners, ctx: Context) -> r.Result:
    by_key = owners_by_key(ctx)
    lines = [f"{u['key']} {u['title']}: {people(by_key.get(u['key'], []))}" for u in ctx.snap.uppdrag]
    return RolesResult(heading="Ansvariga per uppdrag", lines=lines)


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


