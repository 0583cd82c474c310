"""The core: parse → answer → render, shared by the terminal, Slack and later Teams.

`Bot.handle(text, user=...)` is the whole bot: adapters only translate to and from it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace

import handlers
from bot.clock import Clock
from bot.core.commands import Command, spec_for
from bot.core.context import Context, UserError
from bot.core.mentions import names_people, typed_by_hand
from bot.core.render import Mode, render_text, slack_escape
from bot.core.results import Result
from bot.core.snapshot import Snapshot, SnapshotCache
from store.db import Store

log = logging.getLogger("styrbot")

MAX_INPUT = 4000


@dataclass
class Reply:
    """What the bot says: the text (plain, or Slack mrkdwn in "slack" mode), the command it
    understood and the result behind the text. Slack's layout (Block Kit) is made from
    this by `bot.blocks.messages`."""

    text: str
    command: Command | None = None
    result: Result | None = None
    error: bool = False  # a UserError: the user's request was refused or not understood


class Bot:
    """Answers messages from the store, with the clock passed in."""

    def __init__(self, store: Store, clock: Clock, *, admins: tuple[str, ...] = (),
                 leaders: tuple[str, ...] = ()) -> None:
        self.store = store
        self.clock = clock
        self.admins = tuple(admins)
        self.leaders = tuple(leaders)
        self.snapshots = SnapshotCache(store)

    def context(self, user: str | None = None, channel: str | None = None) -> Context:
        snap, marks = self.snapshots.get_with_marks()
        return Context(store=self.store, snap=snap, now=self.clock.now(), user=user,
                       admins=self.admins, leaders=self.leaders, channel=channel, marks=marks)

    def parse(self, text: str) -> Command:
        return _parse(text[:MAX_INPUT], self.snapshots.get(), self.clock.today())

    def handle(self, text: str, user: str | None = None, mode: Mode = "text",
               strict: bool = False, event_id: str | None = None,
               channel: str | None = None) -> Reply:
        """Parse, answer and render one message.

        A UserError becomes the reply. Any other error is logged and answered with a short
        apology, unless ``strict`` (tests), where it propagates.
        """
        try:
            return self._handle(text, user, mode, event_id, channel)
        except Exception:
            if strict:
                raise
            log.exception("could not answer a message of %d characters", len(text or ""))
            log.debug("the message that could not be answered: %r", (text or "")[:200])
            msg = "Förlåt, något gick fel när jag skulle svara. Felet är loggat; försök igen om en stund."
            return Reply(msg)

    def _handle(self, text: str, user: str | None, mode: Mode, event_id: str | None,
                channel: str | None = None) -> Reply:
        text = (text or "")[:MAX_INPUT]
        log.debug("message from %s: %r", user, text[:200])  # message text only at DEBUG
        ctx = self.context(user, channel)
        try:
            cmd = _parse(text, ctx.snap, ctx.today)
        except UserError as exc:
            hint = typed_by_hand(text) if mode == "slack" else None
            return self._user_error(UserError(hint) if hint else exc, mode, None)
        if mode == "slack" and names_people(cmd) and (hint := typed_by_hand(text)):
            return self._user_error(UserError(hint), mode, cmd)
        return self._run(cmd, ctx, mode, event_id)

    def run(self, cmd: Command, user: str | None = None, mode: Mode = "text",
            event_id: str | None = None, channel: str | None = None) -> Reply:
        """Answer and render an already typed command (a form, a button): no parsing."""
        return self._run(cmd, self.context(user, channel), mode, event_id)

    def _run(self, cmd: Command, ctx: Context, mode: Mode, event_id: str | None) -> Reply:
        try:
            result = self.answer(cmd, ctx, event_id)
        except UserError as exc:
            return self._user_error(exc, mode, cmd)
        return Reply(self.render(result, mode, ctx), cmd, result)

    @staticmethod
    def _user_error(exc: UserError, mode: Mode, cmd: Command | None) -> Reply:
        msg = str(exc)
        if mode == "slack":
            msg = slack_escape(msg)
        return Reply(msg, cmd, None, error=True)

    def answer(self, cmd: Command, ctx: Context, event_id: str | None = None) -> Result:
        spec = spec_for(cmd)
        if cmd.writes:  # what it reads after writing, it reads afresh
            return spec.answer(cmd, replace(ctx, marks=None), event_id=event_id)
        return spec.answer(cmd, ctx)

    def render(self, result: Result, mode: Mode, ctx: Context) -> str:
        return render_text(result, mode, today=ctx.today, has_arshjul=bool(ctx.snap.arshjul))


def _parse(text: str, snap: Snapshot, today: dt.date) -> Command:
    """The first of the handlers' matchers that knows the message (handlers.MATCHERS)."""
    return handlers.parse(text, snap, today)
