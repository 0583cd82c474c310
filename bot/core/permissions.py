"""Who may do what: administrators (STYRBOT_ADMINS and those added in chat), the
leadership (STYRBOT_LEADERS and those added in chat), and the one refusal for non-admins.
Owners of an uppdrag or an indicator are checked where they write (handlers/)."""

from __future__ import annotations

from bot.core.context import Context, UserError
from bot.domain.state import holders
from store import queries as q


def admins(ctx: Context) -> list[str]:
    events = q.role_events(ctx.store, "admin")
    return list(dict.fromkeys([*ctx.admins, *holders(events, "admin")]))


def is_admin(ctx: Context) -> bool:
    return ctx.user is not None and ctx.user in admins(ctx)


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
