"""Who may do what: administrators (STYRBOT_ADMINS and those added in chat), the
leadership (STYRBOT_LEADERS and those added in chat), the one refusal for non-admins, and
who may write what someone owns (an uppdrag's updates, an indicator's values): its owners
and the administrators. Each refusal in words stays with what it refuses (handlers/)."""

from __future__ import annotations

from bot.core.context import Context, UserError
from bot.domain.state import holders
from store import queries as q


def admins(ctx: Context) -> list[str]:
    events = q.role_events(ctx.store, "admin")
    return list(dict.fromkeys([*ctx.admins, *holders(events, "admin")]))


def is_admin(ctx: Context) -> bool:
    return ctx.user is not None and ctx.user in admins(ctx)


def owners_of(ctx: Context, role: str, subject: str) -> list[str]:
    """Who holds ``role`` ("owner" of an uppdrag, "indikator_owner" …) on ``subject``."""
    return holders(q.role_events(ctx.store, role), role, subject)


def writer(ctx: Context, owners: list[str]) -> str | None:
    """The one who asks, if they may write what ``owners`` own (as one of them, or as an
    administrator); else None."""
    return ctx.user if ctx.user and (ctx.user in owners or is_admin(ctx)) else None


def people(users: list[str]) -> str:
    """"@anna, @bo", or "ingen"."""
    return ", ".join(f"@{u}" for u in users) if users else "ingen"


def require_admin(ctx: Context, what: str) -> None:
    """Refuse, in words, unless the one who asks is an administrator."""
    if not is_admin(ctx):
        raise UserError(f"Bara administratörer får {what} ({people(admins(ctx))}). Inget har ändrats.")


def leaders(ctx: Context) -> list[str]:
    """Leadership: STYRBOT_LEADERS and those added in chat (users or channels)."""
    chat = holders(q.role_events(ctx.store, "leader"), "leader")
    return list(dict.fromkeys([*ctx.leaders, *chat]))
