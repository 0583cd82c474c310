"""Slack deliveries through the durable inbox (store/inbox.py): nothing acknowledged is lost.

Slack does not resend an event, command or click it got a 200 for, and Styrbot acknowledges
at once and answers after, in a thread pool. So each delivery is written to the store (one
transaction, synchronous=FULL) before its acknowledgement leaves: the middleware
(`SlackInbox.middleware`) recognises it, and the listener pool (`FinishingExecutor.submit`,
which Bolt calls in the request's thread before it returns the acknowledgement) starts the
listener and then commits the entry, in that thread; Bolt's 200 goes back only after the
commit. The thread that runs the listener marks the delivery done when the listener has
finished, whatever it did (an answer, an apology, nothing at all). At start, what a killed
process had acknowledged and not finished is dispatched again (`recover`), once: writes carry
the delivery's id, so what was already written is not written twice, and the reply still
reaches its conversation.

The listener of a person's message (a DM, a mention) starts before the entry is committed,
and the commit waits for it to hand the entry over (`Keeping.handed`): when it has posted a
read-only answer, when it is about to write (the core's ``ready``: `wait_kept`, an event, no
polling), or when it has finished, and at most HAND_OVER. So the answer is computed and
posted without the commit beside it: two threads of one process share one interpreter lock,
and a commit run beside the answer took turns with it at every step (its fsync, 0.2-4 ms on
this disk, is the slowest step of a delivery, but it was the turns that made the reply late:
bench/README.md, "Slack round trip"). A command that writes has its entry on disk before its
first write, so its write and its reply come after, and it is never written twice. A
read-only answer is posted before its entry is on disk; its conversation's subject is
written after, once the entry is kept. The crash windows:

- killed after a read-only answer was posted, before its entry was on disk: Slack got no 200
  and sends the delivery again, and that retry is answered again: the same answer twice.
  Accepted for read-only answers (nothing is stored, the second answer is the same);
- killed before the entry was on disk, with a write: nothing was written or posted, Slack's
  retry is run once;
- killed after the entry, before the reply or the done mark: the entry is pending and run at
  start (writes carry the delivery's id, so nothing is stored twice); Slack's retry, if its
  200 did not get out, is recognised and not run;
- the store refuses the entry (a full disk): the request fails (the user is told), a write
  stops where it waits (`NotKept`), a read-only answer has been posted, and Slack's retry
  is run.

docs/drift.md has the same, with which writes wait for the disk. Every other listener
(commands, clicks, the App Home) starts only once the entry is kept.

A retry of a delivery (same id) is recognised in memory (filled from the store at start)
or by the store itself, acknowledged and not run; while the memory holds all the store has
(the store's only server claims every new delivery there), a new one is not looked up. Form submissions (view_submission) are not
in the inbox: Slack waits for their answer, and a crash before it is shown to the user.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from bot.clock import Clock
from store import inbox
from store.db import Store

log = logging.getLogger("styrbot.slack")

PLATFORM = "slack"
REMEMBER = 100_000  # delivery ids kept in memory; Slack retries within minutes
EARLY = ("message", "app_mention")  # events whose listeners wait for the entry themselves
# How long the request's thread waits for such a listener to hand its entry over (it has
# posted its answer, or is about to write, or has finished) before committing it anyway. An
# answer is made in about a millisecond; past 0.1 s the listener is waiting for Slack (its
# post's round trip, ~0.1-0.3 s), which leaves the interpreter lock free for the commit, and
# the HTTP thread is not held longer than that (well inside Slack's 3 s for the 200).
HAND_OVER = 0.1


def delivery_id(body: dict[str, Any]) -> tuple[str, str] | None:
    """The delivery's id and kind: events by event_id, commands and clicks by trigger_id
    (new for each invocation); None for what is not kept (form submissions, the rest)."""
    kind = body.get("type")
    if kind == "event_callback" and body.get("event_id"):
        return str(body["event_id"]), "event"
    if body.get("command") and body.get("trigger_id"):
        return "command:" + str(body["trigger_id"]), "command"
    if kind == "block_actions":
        actions = body.get("actions") or [{}]
        stamp = body.get("trigger_id") or actions[0].get("action_ts")
        if stamp:
            return f"action:{stamp}", "action"
    return None


class NotKept(BaseException):
    """The delivery is not in the store (it would not take it, or another process had it):
    its listener stops, writing and posting nothing. A BaseException, so that no handler of
    ours or Bolt's takes it for an error to apologise for."""


class Keeping:
    """One delivery on its way into the store: set once its entry is committed, or not."""

    def __init__(self, key: str, kind: str, body: dict[str, Any], *, kept: bool = False) -> None:
        self.key, self.kind, self.body = key, kind, body
        self.early = kind == "event" and (body.get("event") or {}).get("type") in EARLY
        self.kept = kept
        self.settled = threading.Event()
        self.handed = threading.Event()  # the listener wants it committed now (`wait`)
        if kept:  # already in the store (a redo after a restart)
            self.settled.set()

    def wait(self) -> None:
        """Return once the entry is committed; NotKept if it never will be."""
        self.handed.set()
        self.settled.wait()
        if not self.kept:
            raise NotKept(self.key)


class _Current(threading.local):
    """The delivery being dispatched in this thread: set by the middleware, taken by the
    listener pool's submit (Bolt runs its middleware, then submits the listener, in the
    thread that dispatches; its next() only marks that the chain goes on)."""

    keeping: Keeping | None = None
    recovering: bool = False


class _Running(threading.local):
    """The delivery whose listener this pool thread runs."""

    keeping: Keeping | None = None


class SlackInbox:
    def __init__(self, store: Store, clock: Clock, remember: int = REMEMBER) -> None:
        self.store = store
        self.clock = clock
        self.remember = remember
        self._seen: OrderedDict[str, None] = OrderedDict.fromkeys(
            inbox.recent_ids(store, PLATFORM, remember))
        # the memory holds every delivery the store has (the store had fewer than it holds,
        # and this process, the store's only server (bot.ops.running), claims every new
        # one), until it first forgets one: then a delivery it does not know is asked of
        # the store
        self._whole = len(self._seen) < remember
        self._lock = threading.Lock()
        self._current = _Current()
        self._running = _Running()

    # --- on the way in -------------------------------------------------------------------

    def middleware(self, req: BoltRequest, resp: BoltResponse,
                   next: Callable[[], BoltResponse]) -> BoltResponse:
        """Recognise the delivery, to be kept before it is acknowledged; a retry is
        acknowledged, not run. (A Bolt global middleware: it runs after the signature check.)"""
        found = delivery_id(req.body) if isinstance(req.body, dict) else None
        if found is None:
            return next()
        key, kind = found
        if self._current.recovering:
            self._current.keeping = Keeping(key, kind, req.body, kept=True)
            return next()
        if not self._claim(key) or self._known(key):
            log.info("ignoring a retried delivery of %s", key)
            return BoltResponse(status=200, body="")
        self._current.keeping = Keeping(key, kind, req.body)
        return next()

    def keep(self, keeping: Keeping) -> None:
        """Commit the entry (in the request's thread, before its acknowledgement). If the store
        will not take it, the claim in memory is given up too (the request fails, and Slack's
        retry must not then be taken for a duplicate), and the listener stops where it waits."""
        if keeping.settled.is_set():
            return
        try:
            keeping.kept = inbox.accept(self.store, platform=PLATFORM, id=keeping.key,
                                        kind=keeping.kind, payload=keeping.body,
                                        now=self.clock.now())
        except BaseException:
            self._forget(keeping.key)
            raise
        finally:
            keeping.settled.set()
        if not keeping.kept:  # another process took it between our look and our write
            log.info("ignoring a retried delivery of %s (the store had it)", keeping.key)

    def wait_kept(self) -> None:
        """In a listener: wait until the delivery it runs for is kept (NotKept if it is not).
        Returns at once outside a kept delivery (a form, a test calling the core)."""
        keeping = self._running.keeping
        if keeping is not None:
            keeping.wait()

    def dispatching(self, req: BoltRequest, dispatch: Callable[[BoltRequest], BoltResponse]
                    ) -> BoltResponse:
        """Around Bolt's dispatch: a delivery recognised but given to no listener (none
        matched, or one refused it) is kept and done when the dispatch returns."""
        cur = self._current
        cur.keeping = None
        try:
            resp = dispatch(req)
        finally:
            left, cur.keeping = cur.keeping, None
        if left is not None:
            try:
                self.keep(left)
            except Exception:
                log.exception("could not keep the delivery %s in the store", left.key)
                return BoltResponse(status=500, body="")
            if left.kept:
                self.finish(left.key)
        return resp

    def _known(self, key: str) -> bool:
        """Whether the store has the delivery (past the memory: not asked while the memory
        holds all the store has); if the store cannot say, the claim is given up and the
        request fails (Slack's retry is then run)."""
        if self._whole:
            return False
        try:
            return inbox.known(self.store, PLATFORM, key)
        except BaseException:
            self._forget(key)
            raise

    def _forget(self, key: str) -> None:
        with self._lock:
            self._seen.pop(key, None)

    def _claim(self, key: str) -> bool:
        with self._lock:
            if key in self._seen:
                return False
            self._seen[key] = None
            if len(self._seen) > self.remember:
                self._seen.popitem(last=False)
                self._whole = False
        return True

    # --- on the way out ------------------------------------------------------------------

    def finish(self, key: str) -> None:
        """Mark done, not waiting for the disk (store.inbox.finish); a store that will not
        take it is logged (the delivery is then redone after a restart, and its writes are
        idempotent)."""
        try:
            inbox.finish(self.store, platform=PLATFORM, id=key, now=self.clock.now(),
                         durable=False)
        except Exception:
            log.exception("could not mark the delivery %s done in the store", key)

    def executor(self, inner: Executor, hand_over: float = HAND_OVER) -> Executor:
        """The listener pool, keeping each delivery and finishing it when its listener has run."""
        return FinishingExecutor(inner, self, hand_over)

    # --- after a crash -------------------------------------------------------------------

    def recover(self, app: App) -> int:
        """Dispatch again what was acknowledged and not finished; the number dispatched."""
        rows = inbox.unfinished(self.store, PLATFORM)
        for row in rows:
            log.info("redoing delivery %s (%s), acknowledged before a restart", row["id"], row["kind"])
            self._current.recovering = True
            try:
                # Socket Mode's form: the body as Slack sent it, the signature long checked
                app.dispatch(BoltRequest(body=row["payload"], mode="socket_mode"))
            except Exception:
                log.exception("could not redo delivery %s", row["id"])
            finally:
                self._current.recovering = False
        return len(rows)


class InboxApp(App):
    """Bolt's App, dispatching through the inbox (`SlackInbox.dispatching`)."""

    inbox: SlackInbox

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        return self.inbox.dispatching(req, super().dispatch)


class FinishingExecutor(Executor):
    """Runs Bolt's listener functions in ``inner``. For the delivery the submitting thread is
    dispatching: starts the function (at once for a person's message, else once the entry is
    kept), commits the entry in the submitting thread (for a person's message once its
    function hands it over, or ``hand_over`` seconds have passed), and marks the delivery done
    once the function has returned (Bolt has handled any error by then)."""

    def __init__(self, inner: Executor, box: SlackInbox, hand_over: float = HAND_OVER) -> None:
        self.inner = inner
        self.box = box
        self.hand_over = hand_over

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        cur = self.box._current
        keeping, cur.keeping = cur.keeping, None
        if keeping is None:
            return self.inner.submit(fn, *args, **kwargs)
        running = self.box._running

        def run() -> Any:
            running.keeping = keeping
            try:
                if not keeping.early:
                    keeping.wait()
                return fn(*args, **kwargs)
            except NotKept:
                log.info("not answering delivery %s: it is not kept", keeping.key)
                return None
            finally:
                running.keeping = None
                keeping.handed.set()
                if keeping.settled.wait() and keeping.kept:
                    self.box.finish(keeping.key)

        future = self.inner.submit(run)
        if keeping.early and not keeping.settled.is_set():  # the listener hands it over
            keeping.handed.wait(self.hand_over)
        self.box.keep(keeping)  # before Bolt sends the acknowledgement
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)
