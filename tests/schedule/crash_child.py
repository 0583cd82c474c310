"""The real sending code, run in a child process that tests/schedule/test_kill.py SIGKILLs at
random moments: one worker step (recover what was left, then send what is due)."""

from __future__ import annotations

import logging

from bot.clock import Clock
from bot.domain.calendar import Calendar
from bot.schedule.worker import Schedule
from bot.slack.sender import SlackSender
from store.db import Store

LEADERS = ("C0KSLEDNING",)


def run(db: str, api_url: str, now: str, charts: bool = True) -> None:
    logging.disable(logging.CRITICAL)
    store = Store(db)
    clock = Clock.fixed(now)
    # lease 0: the runs are sequential, so the next run may take over at once what a killed
    # one left unconfirmed (with two live workers the lease keeps them apart; see test_outbox)
    sched = Schedule(store, SlackSender("xoxb-test", api_url, sleep=lambda s: None), Calendar(clock.tz),
                     clock, leaders=LEADERS, lease=0.0, charts=charts)
    sched.run_due(clock.now())
    store.close()
    logging.disable(logging.NOTSET)


def warm_up() -> None:
    """Run once in the fork server before it forks, so every child starts warm: the heavy
    imports, the compiled templates, Babel's Swedish locale data, the holiday calendar and
    matplotlib's fonts (what a long-running worker has loaded after its first minute)."""
    import datetime as dt
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from bot.core.render import env
    from bot.domain import fmt
    from bot.domain.calendar import Calendar as Cal

    for name in ("digest.j2", "nudge.j2", "leaders.j2", "subscriptions.j2"):
        env().get_template(name)
    fmt.date(dt.date(2026, 11, 23))
    fmt.number(-1234.5)
    cal = Cal("Europe/Stockholm")
    for year in (2026, 2027):
        cal.is_working_day(dt.date(year, 6, 1))
    fig = Figure(figsize=(2, 1), dpi=40)
    fig.add_subplot(1, 1, 1).plot([20454.0, 20485.0], [1, 2])
    fig.savefig(io.BytesIO(), format="png")


warm_up()
