"""bot/slack/inbox.py in process, part by part (tests/slack/test_slack_inbox.py proves the
whole across SIGKILLs of a real server, where no mutant reaches): which deliveries are kept
and by what id; a retry is acknowledged and not run, from memory or, past it, from the store;
a kept delivery no listener takes is done; what a killed process left is dispatched again,
once, as Socket Mode; the listener pool marks each delivery done when its listener has run."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from mock_slack import MockSlack, to
from slack_bolt import BoltRequest, BoltResponse
from slack_harness import NOW, TITLE_3_2, app_settings, wait_done
from test_slack_updates import is_confirmation, make_owners, texts_in_store

from bot.clock import Clock
from bot.core.bot import APOLOGY
from bot.slack.app import build_app, web_client
from bot.slack.inbox import FinishingExecutor, Keeping, SlackInbox, delivery_id
from store import conversations, inbox
from store.db import Store

CLOCK = Clock.fixed(NOW)


def event(event_id: str, text: str = "status uppdrag 3.2", channel: str = "D0INBOX") -> dict:  # type: ignore[type-arg]
    return {"type": "event_callback", "event_id": event_id, "team_id": "T0KOMMUN",
            "event": {"type": "message", "channel_type": "im", "channel": channel,
                      "user": "U0ANNA", "text": text, "ts": "1795424000.000100"}}


@pytest.mark.parametrize("body, expected", [
    (event("Ev1"), ("Ev1", "event")),
    ({"type": "event_callback"}, None),
    ({"type": "url_verification", "event_id": "Ev2"}, None),
    ({"command": "/styrbot", "trigger_id": "T1"}, ("command:T1", "command")),
    ({"command": "/styrbot"}, None),
    ({"type": "view_submission", "trigger_id": "T2"}, None),
    ({"type": "block_actions", "trigger_id": "T3", "actions": [{"action_ts": "9.1"}]},
     ("action:T3", "action")),
    ({"type": "block_actions", "actions": [{"action_ts": "9.1"}, {"action_ts": "9.2"}]},
     ("action:9.1", "action")),
    ({"type": "block_actions", "actions": []}, None),
    ({"type": "block_actions"}, None),
    ({}, None),
], ids=["event", "event-without-id", "not-an-event", "command", "command-without-trigger",
        "form", "click", "click-from-home", "click-without-actions", "click-bare", "empty"])
def test_which_deliveries_are_kept_and_by_what_id(body: dict, expected: object) -> None:  # type: ignore[type-arg]
    assert delivery_id(body) == expected


def passed() -> BoltResponse:
    return BoltResponse(status=299, body="passed on")


def through(box: SlackInbox, body: dict, listener: Callable[[], object] = lambda: None,  # type: ignore[type-arg]
            pool: ThreadPoolExecutor | None = None) -> tuple[int, str]:
    """As Bolt dispatches a request: the middleware, then, if it passes the request on, the
    listener submitted to the listener pool (which keeps the delivery), all in this thread;
    what goes back to Slack."""
    pool = FinishingExecutor(pool or ThreadPoolExecutor(1), box)  # type: ignore[assignment]

    def dispatch(req: BoltRequest) -> BoltResponse:
        resp = box.middleware(req, BoltResponse(status=200), passed)
        if resp.status == 299:
            pool.submit(listener)  # type: ignore[union-attr]
        return resp

    resp = box.dispatching(BoltRequest(body=body, mode="socket_mode"), dispatch)
    return resp.status, resp.body


def test_a_delivery_is_kept_before_it_is_acknowledged_and_a_retry_is_not_run(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    body = event("Ev1")
    go = threading.Event()
    assert through(box, body, lambda: go.wait(10)) == (299, "passed on")
    row = inbox.get(store, "slack", "Ev1")  # on the way back to Slack, the listener running
    assert row is not None and (row["kind"], row["payload"], row["state"]) == (
        "event", body, "pending")
    go.set()
    wait_done(store, "Ev1")
    with caplog.at_level(logging.INFO, logger="styrbot.slack"):
        assert through(box, body) == (200, "")
    assert "ignoring a retried delivery of Ev1" in caplog.messages
    command = {"command": "/styrbot", "trigger_id": "T9", "text": "hjälp"}
    assert through(box, command) == (299, "passed on")
    assert inbox.get(store, "slack", "command:T9")["kind"] == "command"  # type: ignore[index]
    wait_done(store, "command:T9")
    form = {"type": "view_submission", "trigger_id": "T8"}
    assert through(box, form) == (299, "passed on") == through(box, form)  # not kept
    assert inbox.counts(store) == {"done": 2}


def test_past_its_memory_the_store_still_knows_a_retry(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK, remember=2)
    for key in ("A", "B", "C"):
        assert through(box, event(key)) == (299, "passed on")
    assert list(box._seen) == ["B", "C"]  # the oldest forgotten first
    assert through(box, event("A")) == (200, "")  # the store remembers
    inbox.accept(store, platform="teams", id="T-1", kind="event", payload={}, now=CLOCK.now())
    assert list(SlackInbox(store, CLOCK)._seen) == ["A", "B", "C"]  # a restart: Slack's only


@pytest.fixture(scope="module")
def app_and_store(mock_slack: MockSlack, demo_template: Path,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Store]]:
    db = tmp_path_factory.mktemp("inbox-parts") / "s.db"
    shutil.copy(demo_template, db)
    settings = app_settings(mock_slack, db)
    store = Store(db)
    with ThreadPoolExecutor(2) as pool:
        yield build_app(settings, store, CLOCK, web_client(settings, timeout=2), executor=pool,
                        recover=False), store
    store.close()


def test_a_kept_delivery_that_no_listener_takes_is_done(app_and_store: tuple[Any, Store]) -> None:
    app, store = app_and_store
    body = {"type": "event_callback", "event_id": "EvNobody",
            "event": {"type": "reaction_added", "user": "U0ANNA", "reaction": "tada"}}
    app.dispatch(BoltRequest(body=body, mode="socket_mode"))
    row = inbox.get(store, "slack", "EvNobody")
    assert row is not None and row["state"] == "done"


def test_what_a_killed_process_left_is_redone_once(app_and_store: tuple[Any, Store],
                                                   mock_slack: MockSlack,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    app, store = app_and_store
    mock_slack.reset()
    left = event("EvLeft", channel="D0LEFT")
    inbox.accept(store, platform="slack", id="EvLeft", kind="event", payload=left, now=CLOCK.now())
    inbox.accept(store, platform="teams", id="AcLeft", kind="event", payload={}, now=CLOCK.now())
    with caplog.at_level(logging.INFO, logger="styrbot.slack"):
        assert app.inbox.recover(app) == 1  # Slack's own only
    assert "redoing delivery EvLeft (event), acknowledged before a restart" in caplog.messages
    [answer] = mock_slack.wait_for("chat.postMessage", where=to("D0LEFT"))
    assert TITLE_3_2 in answer.body["text"]
    wait_done(store, "EvLeft")
    assert app.inbox.recover(app) == 0
    assert inbox.get(store, "teams", "AcLeft")["state"] == "pending"  # type: ignore[index]
    # after recovering, a retry is again recognised as one
    fresh = event("EvAfter", channel="D0AFTER")
    app.dispatch(BoltRequest(body=fresh, mode="socket_mode"))
    app.dispatch(BoltRequest(body=fresh, mode="socket_mode"))
    wait_done(store, "EvAfter")
    mock_slack.wait_for("chat.postMessage", where=to("D0AFTER"))
    app.inbox.recover(app)
    assert len(mock_slack.calls_to("chat.postMessage", where=to("D0AFTER"), ok=None)) == 1


def test_a_redo_that_fails_is_logged_and_the_next_is_still_redone(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    for key in ("EvBad", "EvGood"):
        inbox.accept(store, platform="slack", id=key, kind="event", payload=event(key),
                     now=CLOCK.now())
    seen: list[tuple[str, str]] = []

    class App:
        def dispatch(self, req: BoltRequest) -> None:
            seen.append((req.body["event_id"], req.mode))
            if req.body["event_id"] == "EvBad":
                raise RuntimeError("kaputt")

    with caplog.at_level(logging.INFO, logger="styrbot.slack"):
        assert box.recover(App()) == 2  # type: ignore[arg-type]
    assert seen == [("EvBad", "socket_mode"), ("EvGood", "socket_mode")]
    assert "could not redo delivery EvBad" in caplog.messages
    assert box._current.recovering is False


def test_the_listener_pool_finishes_the_delivery_its_listener_ran_for(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    with ThreadPoolExecutor(1) as inner:
        pool = FinishingExecutor(inner, box)
        assert pool.submit(lambda a, b: a + b, 1, b=2).result() == 3  # no delivery: just runs
        box._current.keeping = Keeping("EvRun", "event", {})
        assert pool.submit(lambda a, b: a * b, 3, b=4).result() == 12
        assert box._current.keeping is None
        assert inbox.get(store, "slack", "EvRun")["state"] == "done"  # type: ignore[index]
    go = threading.Event()
    inner = ThreadPoolExecutor(1)
    pool = FinishingExecutor(inner, box)
    running = pool.submit(go.wait, 10)
    queued = pool.submit(lambda: "never")
    threading.Timer(0.2, go.set).start()
    pool.shutdown(wait=True, cancel_futures=True)
    assert running.done() and running.result() is True and queued.cancelled()
    with pytest.raises(RuntimeError):
        inner.submit(lambda: None)
    # by default it waits for all, queued ones too; with wait=False it returns at once
    go = threading.Event()
    pool = FinishingExecutor(ThreadPoolExecutor(1), box)
    running, queued = pool.submit(go.wait, 10), pool.submit(lambda: "ran")
    threading.Timer(0.2, go.set).start()
    pool.shutdown()
    assert running.done() and queued.result() == "ran"
    go = threading.Event()
    pool = FinishingExecutor(ThreadPoolExecutor(1), box)
    running = pool.submit(go.wait, 10)
    pool.shutdown(wait=False)
    assert not running.done()
    go.set()
    assert running.result(10) is True


def test_a_store_that_will_not_mark_it_done_is_logged(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    store.conn.execute("PRAGMA query_only = ON")  # it will not take a write
    with caplog.at_level(logging.ERROR, logger="styrbot.slack"):
        box.finish("EvClosed")  # does not raise
    assert "could not mark the delivery EvClosed done in the store" in caplog.messages


def test_a_delivery_the_store_would_not_keep_is_taken_again_on_slacks_retry(tmp_path: Path) -> None:
    """The write before the acknowledgement fails (a store that takes no writes: any failure
    will do), or the look for a retry does (the table is gone): the request fails, so Slack
    sends it again, and that retry must be kept and run, not taken for a duplicate by the
    memory. The listener, started while the entry was being written, stops where it waits
    for it."""
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    waited: list[str] = []

    def listener() -> None:
        box.wait_kept()
        waited.append("went on")

    with ThreadPoolExecutor(1) as pool:
        store.conn.execute("PRAGMA query_only = ON")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            through(box, event("EvFail"), listener, pool)
        store.conn.execute("PRAGMA query_only = OFF")
        store.conn.execute("ALTER TABLE inbox RENAME TO inbox_away")
        with pytest.raises(sqlite3.OperationalError, match="no such table: inbox"):
            through(box, event("EvFail"), listener, pool)
        store.conn.execute("ALTER TABLE inbox_away RENAME TO inbox")
        pool.submit(lambda: None).result()  # what ran in the pool has ended
        assert waited == []
        assert through(box, event("EvFail"), listener, pool) == (299, "passed on")
    assert waited == ["went on"]
    assert (inbox.get(store, "slack", "EvFail") or {}).get("state") == "done"


def thread_stacks() -> list[list[str]]:
    """The function names on each thread's stack, innermost first."""
    out = []
    for frame in sys._current_frames().values():
        names, f = [], frame
        while f is not None:  # (under mutmut's stats run not every link is a frame)
            code = getattr(f, "f_code", None)
            names.append(code.co_name if code is not None else getattr(f, "__name__", ""))
            f = getattr(f, "f_back", None)
        out.append(names)
    return out


def returns(fn: Callable[[], object]) -> bool:
    """Whether ``fn``, run in a thread of its own, returns (a hang detector, 30 s)."""
    thread = threading.Thread(target=fn)
    thread.start()
    thread.join(30)
    return not thread.is_alive()


def waiting_for_the_entry(via: str, timeout: float = 20) -> bool:
    """Whether a thread of this process is waiting for a delivery to be kept, called from
    ``via`` (a function of its stack): the listener started before the entry was committed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for names in thread_stacks():
            # by part of the name: under mutation testing a function of bot/slack/inbox.py
            # runs as "xǁ…ǁwait_kept__mutmut_orig"
            if names[0] == "wait" and any("wait_kept" in n for n in names) and \
                    any(via in n for n in names):
                return True
        time.sleep(0.01)
    return False


def test_a_question_is_answered_while_its_entry_commits_and_acknowledged_only_after(
        app_and_store: tuple[Any, Store], mock_slack: MockSlack) -> None:
    """The store's write lock is held elsewhere, so the entry cannot commit: the DM's answer
    (read-only) is posted meanwhile, but the request waits (no acknowledgement before the
    entry is on disk) and so does the conversation's subject. Released, the entry commits,
    the 200 goes back, the subject is kept and the delivery done; one answer."""
    app, store = app_and_store
    mock_slack.reset()
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # holds the write lock
    answered: list[BoltResponse] = []
    request = threading.Thread(target=lambda: answered.append(app.dispatch(BoltRequest(
        body=event("EvHeld", channel="D0HELD"), mode="socket_mode"))))
    request.start()
    try:
        [answer] = mock_slack.wait_for("chat.postMessage", where=to("D0HELD"))
        assert TITLE_3_2 in answer.body["text"]
        assert waiting_for_the_entry(via="answer_event")
        assert answered == [] and not inbox.known(store, "slack", "EvHeld")
        assert conversations.get(store, "slack:D0HELD:", now_epoch=CLOCK.epoch(),
                                 max_age=60) is None
    finally:
        other.execute("ROLLBACK")
        other.close()
    request.join(30)
    assert [r.status for r in answered] == [200]
    wait_done(store, "EvHeld")
    assert conversations.get(store, "slack:D0HELD:", now_epoch=CLOCK.epoch(),
                             max_age=60) is not None
    assert len(mock_slack.calls_to("chat.postMessage", where=to("D0HELD"), ok=None)) == 1


def test_a_follow_up_waits_for_the_subject_of_the_message_before_it(
        app_and_store: tuple[Any, Store], mock_slack: MockSlack) -> None:
    """The subject is written after the answer is posted; a follow-up in the same DM,
    dispatched at once, still reads it (one message at a time per conversation)."""
    app, _ = app_and_store
    mock_slack.reset()
    held = mock_slack.hold("chat.postMessage")  # the first answer stays on its way
    first = event("EvFirst", text="budget färdtjänst 2026", channel="D0FOLLOW")
    second = event("EvSecond", text="och 2027?", channel="D0FOLLOW")
    second["event"]["ts"] = "1795424001.000100"
    for body in (first, second):
        assert app.dispatch(BoltRequest(body=body, mode="socket_mode")).status == 200

    def stacks() -> list[list[str]]:
        out = []
        for names in thread_stacks():
            if "answer_event" in names:
                out.append(names)
        return out

    deadline = time.monotonic() + 20  # both listeners: posting, or waiting for their turn
    while time.monotonic() < deadline and sum(
            "chat_postMessage" in n or n[0] == "turn" for n in stacks()) < 2:
        time.sleep(0.01)
    held.set()
    mock_slack.wait_for("chat.postMessage", 2, where=to("D0FOLLOW"))
    texts = [c.body["text"] for c in mock_slack.calls_to("chat.postMessage",
                                                         where=to("D0FOLLOW"))]
    assert texts[1].startswith("Färdtjänst, budget 2027")


def test_an_update_whose_entry_the_store_refuses_writes_and_posts_nothing_and_its_retry_once(
        app_and_store: tuple[Any, Store], mock_slack: MockSlack) -> None:
    """The request's thread cannot write the entry (its connection takes no writes): the
    request fails (Slack will retry; the user is told something went wrong, as for any
    failed request), and the update's listener, already running, neither stores the update
    nor posts its answer; Slack's retry is kept, stored once and confirmed once."""
    app, store = app_and_store
    mock_slack.reset()
    make_owners(store, ["U0ANNA"])
    body = event("EvRefused", text="uppdatera 3.2: inte förrän inkorgen har den",
                 channel="D0REFUSED")
    store.conn.execute("PRAGMA query_only = ON")  # this thread's connection: the request's
    try:
        assert app.dispatch(BoltRequest(body=body, mode="socket_mode")).status == 500
    finally:
        store.conn.execute("PRAGMA query_only = OFF")
    settle(app)
    assert not inbox.known(store, "slack", "EvRefused")
    assert "inte förrän inkorgen har den" not in texts_in_store(store)
    posted = [c.body["text"] for c in mock_slack.calls_to("chat.postMessage",
                                                           where=to("D0REFUSED"), ok=None)]
    assert posted == [APOLOGY]
    mock_slack.reset()
    assert app.dispatch(BoltRequest(body=body, mode="socket_mode")).status == 200
    [answer] = mock_slack.wait_for("chat.postMessage", where=to("D0REFUSED"))
    assert is_confirmation(answer)
    wait_done(store, "EvRefused")
    assert texts_in_store(store).count("inte förrän inkorgen har den") == 1
    settle(app)
    assert len(mock_slack.calls_to("chat.postMessage", where=to("D0REFUSED"), ok=None)) == 1


def settle(app: Any) -> None:
    """Every listener the app's pool has started has ended (the pool has two threads)."""
    barrier = threading.Barrier(2)
    pool = app.listener_runner.listener_executor
    for f in [pool.submit(barrier.wait, 20) for _ in range(2)]:
        f.result(20)


def test_a_delivery_another_process_stored_between_the_look_and_the_write_is_not_kept_twice(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The memory and the store said new, then another process wrote the same delivery: our
    write takes nothing, the delivery is not ours to run, and the log says why; a delivery
    that was new is kept without that line."""
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    theirs, ours = Keeping("Ev9", "event", event("Ev9")), Keeping("Ev10", "event", event("Ev10"))
    inbox.accept(store, platform="slack", id="Ev9", kind="event", payload={}, now=CLOCK.now())
    with caplog.at_level(logging.INFO, logger="styrbot.slack"):
        box.keep(theirs)
        box.keep(ours)
    assert (theirs.kept, ours.kept) == (False, True)
    assert caplog.messages == ["ignoring a retried delivery of Ev9 (the store had it)"]


def test_a_delivery_another_process_took_is_not_marked_done_by_us(tmp_path: Path) -> None:
    """Our listener stops where it waits (NotKept), and the other process's entry stays
    pending for it to finish: our pool marks done only what it kept."""
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    inbox.accept(store, platform="slack", id="Ev11", kind="event", payload={}, now=CLOCK.now())
    ran: list[str] = []

    def listener() -> None:
        box.wait_kept()
        ran.append("ran")

    with ThreadPoolExecutor(1) as inner:
        pool = FinishingExecutor(inner, box, hand_over=3600)
        box._current.keeping = Keeping("Ev11", "event", event("Ev11"))
        pool.submit(listener).result(30)
    assert ran == [] and inbox.get(store, "slack", "Ev11")["state"] == "pending"  # type: ignore[index]


def test_a_pool_thread_that_ran_a_delivery_runs_what_is_not_kept_as_before(
        tmp_path: Path) -> None:
    """After a kept delivery, the same pool thread runs a listener of nothing kept (a form):
    waiting for its entry returns at once."""
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    with ThreadPoolExecutor(1) as inner:
        pool = FinishingExecutor(inner, box)
        box._current.keeping = Keeping("Ev12", "event", event("Ev12"))
        pool.submit(box.wait_kept).result(30)
        assert pool.submit(lambda: (box.wait_kept(), "form")[1]).result(30) == "form"


def test_a_delivery_no_listener_took_that_the_store_refuses_is_a_logged_500(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Recognised, given to no listener, and the store takes no writes: Slack gets a 500 with
    an empty body (so it retries), and the error is logged with the delivery's key."""
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)

    def dispatch(req: BoltRequest) -> BoltResponse:
        return box.middleware(req, BoltResponse(status=200), lambda: BoltResponse(status=404))

    store.conn.execute("PRAGMA query_only = ON")
    try:
        with caplog.at_level(logging.ERROR, logger="styrbot.slack"):
            resp = box.dispatching(BoltRequest(body=event("Ev5"), mode="socket_mode"), dispatch)
    finally:
        store.conn.execute("PRAGMA query_only = OFF")
    assert (resp.status, resp.body) == (500, "")
    [record] = caplog.records
    assert record.getMessage() == "could not keep the delivery Ev5 in the store"
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert not inbox.known(store, "slack", "Ev5")


def test_a_listener_whose_delivery_the_store_refused_stops_and_says_so(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The listener pool commits the entry in the submitting thread; the store refuses it:
    the error reaches the request (a 500), and the listener, waiting for its entry, runs
    nothing past that and logs that it did not answer."""
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    ran: list[str] = []
    pool = ThreadPoolExecutor(1)
    executor = FinishingExecutor(pool, box)

    def listener() -> None:
        box.wait_kept()
        ran.append("answered")

    resp = box.middleware(BoltRequest(body=event("Ev7", text="uppdatera 3.2: x"),
                                      mode="socket_mode"), BoltResponse(status=200), passed)
    assert resp.status == 299
    store.conn.execute("PRAGMA query_only = ON")
    try:
        with caplog.at_level(logging.INFO, logger="styrbot.slack"):
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                executor.submit(listener)
            pool.shutdown(wait=True)
    finally:
        store.conn.execute("PRAGMA query_only = OFF")
    assert ran == []
    assert "not answering delivery Ev7: it is not kept" in caplog.messages
    assert inbox.counts(store) == {}


def test_a_persons_message_is_answered_before_its_entry_is_committed(tmp_path: Path) -> None:
    """The listener of a DM runs (answers, posts) while the request's thread waits; the entry
    is committed when the listener hands it over (`wait_kept`: it posted, or it will write),
    and the acknowledgement comes after that."""
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    seen: list[tuple[str, bool]] = []

    def listener() -> None:
        seen.append(("before", inbox.known(store, "slack", "EvEarly")))
        box.wait_kept()
        seen.append(("after", inbox.known(store, "slack", "EvEarly")))

    with ThreadPoolExecutor(1) as inner:
        pool = FinishingExecutor(inner, box, hand_over=3600)
        box._current.keeping = Keeping("EvEarly", "event", event("EvEarly"))
        future = pool.submit(listener)
        assert inbox.known(store, "slack", "EvEarly")  # kept before submit returns (the ack)
        future.result(30)
    assert seen == [("before", False), ("after", True)]
    assert inbox.get(store, "slack", "EvEarly")["state"] == "done"  # type: ignore[index]


def test_the_commit_waits_for_a_listener_that_never_hands_over_only_so_long(tmp_path: Path) -> None:
    """A listener still busy (a slow answer, a held post) does not hold the acknowledgement:
    after ``hand_over`` the entry is committed anyway, and the delivery is done when the
    listener ends."""
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    go = threading.Event()
    with ThreadPoolExecutor(1) as inner:
        pool = FinishingExecutor(inner, box, hand_over=0.05)
        box._current.keeping = Keeping("EvSlow", "event", event("EvSlow"))
        future = pool.submit(go.wait, 60)
        assert not future.done()
        assert inbox.get(store, "slack", "EvSlow")["state"] == "pending"  # type: ignore[index]
        go.set()
        assert future.result(30) is True
    assert inbox.get(store, "slack", "EvSlow")["state"] == "done"  # type: ignore[index]


def test_a_command_is_kept_at_once_though_the_pool_is_busy(tmp_path: Path) -> None:
    """Only a person's message hands its entry over: a command (or a click) is committed at
    once, even while every listener thread is busy, and its listener starts after."""
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    go = threading.Event()
    with ThreadPoolExecutor(1) as inner:
        pool = FinishingExecutor(inner, box, hand_over=3600)
        busy = pool.submit(go.wait, 60)  # the pool's only thread, taken

        def dispatch() -> None:  # as Bolt does, in the request's thread
            box._current.keeping = Keeping("command:T9", "command", {"command": "/styrbot"})
            pool.submit(lambda: None)

        # it returns as soon as the entry is committed
        kept = returns(dispatch) and inbox.known(store, "slack", "command:T9")
        go.set()
        busy.result(30)
    assert kept


def test_a_listener_that_ends_without_handing_over_releases_the_commit(tmp_path: Path) -> None:
    """A person's message no listener answers (it only returns) is committed when its
    listener ends, not after the bound."""
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    with ThreadPoolExecutor(1) as inner:
        pool = FinishingExecutor(inner, box, hand_over=3600)

        def dispatch() -> None:
            box._current.keeping = Keeping("EvQuiet", "event", event("EvQuiet"))
            pool.submit(lambda: None)

        assert returns(dispatch)
    assert inbox.get(store, "slack", "EvQuiet")["state"] == "done"  # type: ignore[index]


def test_a_redo_after_a_restart_does_not_wait_for_its_listener(tmp_path: Path) -> None:
    """A delivery redone at start is in the store already: nothing to hand over, so the
    redoing thread goes on to the next at once, while the listener still runs."""
    store = Store(tmp_path / "s.db")
    box = SlackInbox(store, CLOCK)
    go = threading.Event()
    with ThreadPoolExecutor(1) as inner:
        pool = FinishingExecutor(inner, box, hand_over=3600)

        def redo() -> None:
            box._current.keeping = Keeping("EvRedo", "event", event("EvRedo"), kept=True)
            pool.submit(go.wait, 60)

        went_on = returns(redo)
        go.set()
    assert went_on


def test_while_the_memory_holds_the_whole_store_a_new_delivery_is_not_looked_up(
        tmp_path: Path) -> None:
    """At start the memory takes every delivery the store has, when there is room for all;
    a new delivery is then new without a look in the store (which is gone here, so a look
    would fail), until the memory first forgets one, or the store had more than it holds."""
    store = Store(tmp_path / "s.db")
    for key in ("Old1", "Old2"):
        inbox.accept(store, platform="slack", id=key, kind="event", payload=event(key),
                     now=CLOCK.now())
    whole, part = SlackInbox(store, CLOCK, remember=4), SlackInbox(store, CLOCK, remember=1)
    with store.write() as conn:
        conn.execute("ALTER TABLE inbox RENAME TO inbox_gone")

    def middleware(box: SlackInbox, key: str) -> int:
        return box.middleware(BoltRequest(body=event(key), mode="socket_mode"),
                              BoltResponse(status=200), passed).status

    assert middleware(whole, "Old1") == 200  # a retry, known from memory
    assert middleware(whole, "New1") == 299  # new: passed on, the store not asked
    with pytest.raises(sqlite3.OperationalError):
        middleware(part, "New2")  # the store had more than this memory: it is asked
    assert middleware(whole, "New3") == 299
    with pytest.raises(sqlite3.OperationalError):
        middleware(whole, "New4")  # the memory forgot Old1 for it: the store is asked again


def test_the_acknowledgement_of_a_dm_does_not_wait_for_a_reply_slack_holds(
        app_and_store: tuple[Any, Store], mock_slack: MockSlack) -> None:
    """The app's listener pool bounds the hand-over: Slack slow to take the answer (its
    chat.postMessage held) does not hold the 200; the entry is on disk before it."""
    app, store = app_and_store
    mock_slack.reset()
    gate = mock_slack.hold("chat.postMessage")
    answered: list[BoltResponse] = []
    request = threading.Thread(target=lambda: answered.append(app.dispatch(BoltRequest(
        body=event("EvSlowSlack", channel="D0SLOW"), mode="socket_mode"))))
    try:
        request.start()
        request.join(30)  # a hang detector: the bound is a tenth of a second
        acknowledged = [r.status for r in answered]
        entry = inbox.get(store, "slack", "EvSlowSlack")
    finally:
        gate.set()
        request.join(30)
    assert acknowledged == [200] and entry is not None
    [answer] = mock_slack.wait_for("chat.postMessage", where=to("D0SLOW"))
    assert TITLE_3_2 in answer.body["text"]
    wait_done(store, "EvSlowSlack")
