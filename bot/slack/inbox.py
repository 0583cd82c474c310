"""Slack deliveries through the durable inbox (store/inbox.py): nothing acknowledged is lost.

Slack does not resend an event, command or click it got a 200 for, and Styrbot acknowledges
at once and answers after, in a thread pool. So before the acknowledgement (a Bolt
middleware, `SlackInbox.middleware`) each delivery is written to the store; the thread that
runs its listener marks it done when the listener has finished (`FinishingExecutor`),
whatever the listener did (an answer, an apology, nothing at all). At start, what a killed
process had acknowledged and not finished is dispatched again (`recover`), once: writes carry
the delivery's id, so what was already written is not written twice, and the reply still
reaches its conversation.

A retry of a delivery (same id) is recognised in memory (filled from the store at start)
or by the store itself, acknowledged and not run. Form submissions (view_submission) are not
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


class _Current(threading.local):
    """The delivery being dispatched in this thread: set by the middleware, taken by the
    listener pool's submit (Bolt runs its middleware, then submits the listener, in the
    thread that dispatches; its next() only marks that the chain goes on)."""

    id: str | None = None
    recovering: bool = False


class SlackInbox:
    def __init__(self, store: Store, clock: Clock, remember: int = REMEMBER) -> None:
        self.store = store
        self.clock = clock
        self.remember = remember
        self._seen: OrderedDict[str, None] = OrderedDict.fromkeys(
            inbox.recent_ids(store, PLATFORM, remember))
        self._lock = threading.Lock()
        self._current = _Current()

    # --- on the way in -------------------------------------------------------------------

    def middleware(self, req: BoltRequest, resp: BoltResponse,
                   next: Callable[[], BoltResponse]) -> BoltResponse:
        """Keep the delivery before it is acknowledged; a retry is acknowledged, not run.
        (A Bolt global middleware: it runs after the signature check.)"""
        found = delivery_id(req.body) if isinstance(req.body, dict) else None
        if found is None:
            return next()
        key, kind = found
        if not self._current.recovering and not (self._claim(key) and self._accept(key, kind, req.body)):
            log.info("ignoring a retried delivery of %s", key)
            return BoltResponse(status=200, body="")
        self._current.id = key
        return next()

    def _accept(self, key: str, kind: str, body: dict[str, Any]) -> bool:
        """Into the store; if the store will not take it, the claim in memory is given up too
        (the request fails, and Slack's retry must not then be taken for a duplicate)."""
        try:
            return inbox.accept(self.store, platform=PLATFORM, id=key, kind=kind, payload=body,
                                now=self.clock.now())
        except BaseException:
            with self._lock:
                self._seen.pop(key, None)
            raise

    def dispatching(self, req: BoltRequest, dispatch: Callable[[BoltRequest], BoltResponse]
                    ) -> BoltResponse:
        """Around Bolt's dispatch: a delivery kept but given to no listener (none matched,
        or one refused it) is done when the dispatch returns."""
        cur = self._current
        cur.id = None
        try:
            return dispatch(req)
        finally:
            left, cur.id = cur.id, None
            if left is not None:
                self.finish(left)

    def _claim(self, key: str) -> bool:
        with self._lock:
            if key in self._seen:
                return False
            self._seen[key] = None
            if len(self._seen) > self.remember:
                self._seen.popitem(last=False)
        return True

    # --- on the way out ------------------------------------------------------------------

    def finish(self, key: str) -> None:
        """Mark done; a store that will not take it is logged (the delivery is then redone
        after a restart, and its writes are idempotent)."""
        try:
            inbox.finish(self.store, platform=PLATFORM, id=key, now=self.clock.now(),
                         durable=False)
        except Exception:
            log.exception("could not mark the delivery %s done in the store", key)

    def executor(self, inner: Executor) -> Executor:
        """The listener pool, finishing each delivery when its listener has run."""
        return FinishingExecutor(inner, self)

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
    """Runs Bolt's listener functions in ``inner``; marks the delivery the submitting thread
    was handling done once the function has returned (Bolt has handled any error by then)."""

    def __init__(self, inner: Executor, box: SlackInbox) -> None:
        self.inner = inner
        self.box = box

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        cur = self.box._current
        key, cur.id = cur.id, None
        if key is None:
            return self.inner.submit(fn, *args, **kwargs)

        def run() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                self.box.finish(key)

        return self.inner.submit(run)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)
