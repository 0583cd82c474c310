"""What the App Home tab shows a user: their uppdrag, the plan's next deadlines, examples."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.core.bot import Bot
from bot.core.results import DeadlineInfo, UppdragInfo
from bot.core.views import all_uppdrag, live_examples

DEFAULT_EXAMPLES = ("status uppdrag 3.2", "vad ska till KS i december?", "försenade uppdrag",
                    "hjälp")


@dataclass
class Home:
    user: str
    today: dt.date
    mine: list[UppdragInfo] = field(default_factory=list)
    upcoming: list[tuple[DeadlineInfo, UppdragInfo]] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    plan_title: str | None = None
    organisation: str | None = None


def home_for(bot: Bot, user: str, deadlines: int = 8) -> Home:
    """The App Home of ``user``: owners come from the role log (there may be none yet)."""
    ctx = bot.context(user)
    items = all_uppdrag(ctx)
    upcoming = sorted(((d, u) for u in items for d in u.deadlines
                       if d.date is not None and d.days is not None and d.days >= 0),
                      key=lambda p: (p[0].date, p[1].malomrade, p[1].key))
    examples = [*live_examples("uppdrag", ctx.snap)[:1], *live_examples("uppdragslista", ctx.snap)[:3]]
    return Home(
        user=user, today=ctx.today, mine=[u for u in items if user in u.owners],
        upcoming=upcoming[:deadlines], examples=(examples or list(DEFAULT_EXAMPLES[:3])) + ["hjälp"],
        plan_title=(ctx.snap.plan or {}).get("title"), organisation=(ctx.snap.org or {}).get("name"),
    )
