"""The core: parse → answer → render, shared by the terminal, Slack and later Teams.

`Bot.handle(text, user=...)` is the whole bot: adapters only translate to and from it. A
reply is neutral markup (bot.core.markup) with the command and result behind it; each
platform's adapter turns it into its own form.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import field, replace

import handlers
from bot.clock import Clock
from bot.core import markup, typed
from bot.core.commands import Command, spec_for
from bot.core.context import Context, UserError
from bot.core.markup import Action
from bot.core.memo import Replies
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.render import render
from bot.core.results import Attachment, Result
from bot.core.snapshot import Snapshot, SnapshotCache
from bot.domain import fmt
from store import conversations
from store.db import Store

log = logging.getLogger("styrbot")

MAX_INPUT = 40_000  # what Slack takes in one message; a longer one is refused, never cut
CONVERSATION_MINUTES = 30  # how long a conversation keeps the subject of its last answer
KEPT_TEXT = 300  # the longest message whose reading is kept (`Bot.kept`)
Refuse = Callable[[str, "Command | None"], "str | None"]
APOLOGY = ("Förlåt, något gick fel när jag skulle svara. Felet är loggat; "
           "försök igen om en stund.")


@dataclass
class Reply:
    """What the bot says: neutral markup, the command it understood, the result behind the
    words and what the reply offers to do next (buttons, where a platform has them)."""

    markup: str
    command: Command | None = None
    result: Result | None = None
    error: bool = False  # a UserError: the user's request was refused or not understood
    actions: list[Action] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)  # files to send with it
    understood: str | None = None  # a follow-up read against the conversation: what it meant

    @property
    def text(self) -> str:
        """The reply as plain text (the terminal, logs, tests)."""
        return markup.plain(self.markup)

    def layout_key(self) -> tuple[object, ...]:
        """What an adapter lays the reply out from (its markup and actions): the key under
        which it may keep what it made of it (a reply with files is laid out each time)."""
        return (self.markup, tuple((a.label, repr(a.command), a.primary, a.form)
                                   for a in self.actions))


class Bot:
    """Answers messages from the store, with the clock passed in."""

    def __init__(self, store: Store, clock: Clock, *, admins: tuple[str, ...] = (),
                 leaders: tuple[str, ...] = ()) -> None:
        self.store = store
        self.clock = clock
        self.admins = tuple(admins)
        self.leaders = tuple(leaders)
        self.snapshots = SnapshotCache(store)
        self.replies: Replies[Reply] = Replies()  # of the commands registered daily (bot.core.memo)
        # how a daily command was asked: its words → the command (`kept`), per plan and day
        self.readings: Replies[Command] = Replies(1024, copy=lambda cmd: cmd)

    def context(self, user: str | None = None, channel: str | None = None) -> Context:
        snap, marks = self.snapshots.get_with_marks()
        return Context(store=self.store, snap=snap, now=self.clock.now(), user=user,
                       admins=self.admins, leaders=self.leaders, channel=channel, marks=marks)

    def parse(self, text: str) -> Command:
        return _parse(text[:MAX_INPUT], self.snapshots.get(), self.clock.today())

    def handle(self, text: str, user: str | None = None, strict: bool = False,
               event_id: str | None = None, channel: str | None = None,
               refuse: Refuse | None = None, conversation: str | None = None,
               ready: Callable[[], None] | None = None,
               later: list[Callable[[], None]] | None = None) -> Reply:
        """Parse, answer and render one message.

        A UserError becomes the reply. Any other error is logged and answered with a short
        apology, unless ``strict`` (tests), where it propagates. ``refuse`` is the adapter's
        rule for a message it cannot take as written (Slack: a person typed by hand as
        "@anna"): given the text and the command (None when it did not parse), a refusal
        in Swedish, or None. ``conversation``: the adapter's key of the conversation (Slack:
        channel and thread; the terminal: its session; Teams: its own): a follow-up ("och
        2027?") is read against the subject of its last answer (handlers.conversation).
        ``ready``: called before the message's first write to the store (its command's, or
        its conversation's subject), and may raise to stop it: an adapter still keeping the
        delivery (bot/slack/inbox.py) waits there until it is kept. ``later``: if given, the
        write that serves only the messages after this one (the conversation's subject) is
        not made but appended there, for the adapter to run once its reply is out; it must
        then keep the conversation's next message waiting until it has run.
        """
        try:
            return self._handle(text, user, event_id, channel, refuse, conversation, ready,
                                later)
        except Exception:
            if strict:
                raise
            log.exception("could not answer a message of %d characters", len(text or ""))
            log.debug("the message that could not be answered: %r", (text or "")[:200])
            return Reply(APOLOGY)

    def _handle(self, text: str, user: str | None, event_id: str | None,
                channel: str | None = None, refuse: Refuse | None = None,
                conversation: str | None = None,
                ready: Callable[[], None] | None = None,
                later: list[Callable[[], None]] | None = None) -> Reply:
        text = text or ""
        if len(text) > MAX_INPUT:
            return self._user_error(UserError(
                f"Meddelandet är {fmt.number(len(text))} tecken; högst {fmt.number(MAX_INPUT)} "
                "får plats. Korta det eller dela upp det. Inget har sparats."), None)
        log.debug("message from %s: %r", user, text[:200])  # message text only at DEBUG
        ctx = self.context(user, channel)
        try:
            cmd = _parse(text, ctx.snap, ctx.today)
        except UserError as exc:
            hint = refuse(text, None) if refuse is not None else None
            return self._user_error(UserError(hint) if hint else exc, None)
        if refuse is not None and (hint := refuse(text, cmd)):
            return self._user_error(UserError(hint), cmd)
        if spec_for(cmd).daily and len(text) <= KEPT_TEXT:
            self.readings.get((text, ctx.snap.version, ctx.today), lambda: cmd)
        if conversation is None:
            return self._run(cmd, ctx, event_id, ready)
        understood = None
        last, earlier = self._subjects(conversation)
        if last is not None and not cmd.writes:
            merged = handlers.follow_up(text, cmd, last, ctx.snap, ctx.today, earlier=earlier)
            if merged is not None:
                cmd, understood = merged
        reply = self._run(cmd, ctx, event_id, ready)
        if understood is not None:
            reply = replace(reply, markup=f"{markup.clean(understood)}:\n{reply.markup}",
                            understood=understood)
        if not reply.error and (subject := handlers.subject_of(cmd, reply.result)) is not None:
            keep_subject = self._subject_keeper(conversation, subject)
            if later is not None:
                later.append(keep_subject)
            else:
                if ready is not None:
                    ready()
                keep_subject()
        return reply

    def kept(self, text: str, user: str | None = None, channel: str | None = None,
             refuse: Refuse | None = None, conversation: str | None = None,
             later: list[Callable[[], None]] | None = None) -> Reply | None:
        """The reply to ``text`` if it is kept: a daily command asked in these very words
        before (`readings`), nothing it shows changed since, the adapter's ``refuse`` has
        nothing to say, and not a follow-up in ``conversation``; else None, and the message
        is for `handle`. Nothing is parsed, answered or written: what it does is bounded (a
        look-up of the store's version and of the conversation's subject), so an adapter
        may ask it where a slow answer must not run (an event loop); the subject is
        appended to ``later`` (required with a conversation), as `handle` does."""
        if not text or len(text) > KEPT_TEXT:
            return None
        ctx = self.context(user, channel)
        cmd = self.readings.peek((text, ctx.snap.version, ctx.today))
        if cmd is None or (refuse is not None and refuse(text, cmd)):
            return None
        if conversation is not None and later is None:
            raise ValueError("Bot.kept with a conversation needs later (for its subject)")
        if conversation is not None:
            last, earlier = self._subjects(conversation)
            if last is not None and handlers.follow_up(text, cmd, last, ctx.snap, ctx.today,
                                                       earlier=earlier):
                return None
        reply = self.replies.peek(self._kept_key(cmd, ctx))
        if reply is not None and later is not None and conversation is not None \
                and handlers.is_subject(cmd):
            later.append(self._subject_keeper(conversation, cmd))
        return reply

    def _subject_keeper(self, conversation: str, cmd: Command) -> Callable[[], None]:
        """The write of ``cmd`` as the conversation's subject, stamped now."""
        now, epoch = self.clock.now(), self.clock.epoch()

        def keep_subject() -> None:
            conversations.put(self.store, conversation, typed.encode(cmd), now=now,
                              now_epoch=epoch, max_age=CONVERSATION_MINUTES * 60)

        return keep_subject

    @staticmethod
    def _kept_key(cmd: Command, ctx: Context) -> tuple[object, ...]:
        """What a daily command's reply is kept under (bot.core.memo)."""
        return (repr(cmd), ctx.snap.version, ctx.change_marks(), ctx.today)

    def _subjects(self, conversation: str) -> tuple[Command | None, Command | None]:
        """The subject of the conversation's last answer and the one before it, if they are
        recent enough."""
        raw, before = conversations.subjects(self.store, conversation,
                                             now_epoch=self.clock.epoch(),
                                             max_age=CONVERSATION_MINUTES * 60)
        return typed.decode(raw), typed.decode(before)

    def run(self, cmd: Command, user: str | None = None, event_id: str | None = None,
            channel: str | None = None, ready: Callable[[], None] | None = None) -> Reply:
        """Answer and render an already typed command (a form, a button): no parsing."""
        return self._run(cmd, self.context(user, channel), event_id, ready)

    def _run(self, cmd: Command, ctx: Context, event_id: str | None,
             ready: Callable[[], None] | None = None) -> Reply:
        if cmd.writes and ready is not None:
            ready()
        if spec_for(cmd).daily and not cmd.writes:
            return self.replies.get(self._kept_key(cmd, ctx),
                                    lambda: self._fresh(cmd, ctx, event_id),
                                    keep=lambda reply: not reply.error)
        return self._fresh(cmd, ctx, event_id)

    def _fresh(self, cmd: Command, ctx: Context, event_id: str | None) -> Reply:
        try:
            result = self.answer(cmd, ctx, event_id)
        except UserError as exc:
            return self._user_error(exc, cmd)
        return Reply(self.render(result, ctx), cmd, result, actions=result.actions(),
                     attachments=result.attachments())

    @staticmethod
    def _user_error(exc: UserError, cmd: Command | None) -> Reply:
        return Reply(markup.clean(str(exc)), cmd, None, error=True)

    def answer(self, cmd: Command, ctx: Context, event_id: str | None = None) -> Result:
        spec = spec_for(cmd)
        if cmd.writes:  # what it reads after writing, it reads afresh
            return spec.answer(cmd, replace(ctx, marks=None), event_id=event_id)  # type: ignore[no-any-return]
        return spec.answer(cmd, ctx)  # type: ignore[no-any-return]

    def render(self, result: Result, ctx: Context) -> str:
        return render(result, today=ctx.today, has_arshjul=bool(ctx.snap.arshjul))


def _parse(text: str, snap: Snapshot, today: dt.date) -> Command:
    """The first of the handlers' matchers that knows the message (handlers.MATCHERS)."""
    return handlers.parse(text, snap, today)
