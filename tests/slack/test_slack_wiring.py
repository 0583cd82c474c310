"""build_app's wiring, by what the app it builds does: each test builds its own app, as
`styrbot serve` does, and talks to it over HTTP (the session's app is built once, before
any test, so it cannot show what a change in the wiring breaks).

From the settings alone: its own Web API client at SLACK_API_URL, the administrators and the
leadership, both signature guards on (Bolt's own check off: ours answers), the inbox kept and finished, 16 listener threads, a
recovery of what a killed process left that runs beside the start; and the retry policy:
429 three times, 5xx twice, a lost connection or a timeout once, for response_url too."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mock_slack import MockSlack, SlackSender, at, to
from slack_bolt import BoltRequest
from slack_harness import NOW, SECRET, TITLE_3_2, app_settings, serving, wait_done

from bot.clock import Clock
from bot.config import Settings
from bot.slack.app import build_app, web_client
from store import inbox
from store.db import Store

CLOCK = Clock.fixed(NOW)


@dataclasses.dataclass
class Built:
    app: Any
    url: str
    send: SlackSender
    store: Store


Make = Callable[..., Built]


@pytest.fixture
def settings(mock_slack: MockSlack, demo_template: Path, tmp_path: Path) -> Settings:
    db = tmp_path / "s.db"
    shutil.copy(demo_template, db)
    mock_slack.reset()
    return app_settings(mock_slack, db)


@pytest.fixture
def make(settings: Settings, mock_slack: MockSlack) -> Iterator[Make]:
    """Build an app with build_app(settings, store, clock, **kwargs) and serve it."""
    done: list[Callable[[], None]] = []

    def build(settings: Settings = settings, before: Callable[[Store], None] | None = None,
              **kwargs: Any) -> Built:
        store = Store(settings.db)
        done.append(store.close)
        if before is not None:
            before(store)
        app = build_app(settings, store, CLOCK, **kwargs)
        done.append(lambda: app.listener_runner.listener_executor.shutdown(wait=True))
        served = serving(app)
        url = served.__enter__()
        done.append(lambda: served.__exit__(None, None, None))
        return Built(app, url, SlackSender(url, SECRET, mock_slack), store)

    yield build
    for undo in reversed(done):
        undo()


def test_an_app_from_the_settings_alone_answers_over_http_and_keeps_the_inbox(
        make: Make, mock_slack: MockSlack) -> None:
    """No client and no pool given: the app's own client posts to SLACK_API_URL, a signed
    request passes both guards, and the delivery is kept and then marked done."""
    built = make()
    payload = built.send.dm("status uppdrag 3.2")
    assert built.send.send(payload).status == 200
    [answer] = mock_slack.wait_for("chat.postMessage", where=to(payload["event"]["channel"]))
    assert TITLE_3_2 in answer.body["text"]
    assert answer.headers["Authorization"] == "Bearer xoxb-test-token"
    wait_done(built.store, payload["event_id"])
    unsigned = built.send.dm("status uppdrag 3.2")
    assert built.send.send(unsigned, sign=False).status == 401


def test_a_request_that_bypasses_the_http_guard_meets_the_bolt_guard(
        make: Make, mock_slack: MockSlack) -> None:
    """Given to the app by any other way than the WSGI guard (another adapter, a test), an
    unsigned HTTP request is refused by our middleware itself, first (its own words, not
    Bolt's), and reaches no listener; a signed one is answered."""
    built = make()
    payload = built.send.dm("status uppdrag 3.2")
    body = json.dumps(payload)
    resp = built.app.dispatch(BoltRequest(body=body, headers={}))
    assert (resp.status, resp.body) == (401, '{"error": "unsigned request"}')
    assert inbox.get(built.store, "slack", payload["event_id"]) is None
    headers = {k.lower(): v for k, v in built.send.headers(body).items()}
    assert built.app.dispatch(BoltRequest(body=body, headers=headers)).status == 200
    [answer] = mock_slack.wait_for("chat.postMessage", where=to(payload["event"]["channel"]))
    assert TITLE_3_2 in answer.body["text"]


def test_the_administrators_and_the_leadership_come_from_the_settings(
        make: Make, settings: Settings, mock_slack: MockSlack) -> None:
    built = make(dataclasses.replace(settings, admins=["U0BOSS"], leaders=["U0LEAD"]))
    for question, who in (("admins", "@U0BOSS"), ("ledning", "@U0LEAD")):
        payload = built.send.dm(question)
        built.send.send(payload)
        [answer] = mock_slack.wait_for("chat.postMessage", where=to(payload["event"]["channel"]))
        assert who in answer.text(), question


def listener_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("styrbot-listener")}


def test_sixteen_people_are_answered_at_once(make: Make, mock_slack: MockSlack) -> None:
    """While Slack holds every answer, 20 questions are acknowledged and 16 of them are
    being answered, each in a listener thread of its own; the rest wait their turn."""
    before = listener_threads()
    built = make()
    gate = mock_slack.hold("chat.postMessage")
    try:
        payloads = [built.send.dm("status uppdrag 3.2") for _ in range(20)]
        assert {built.send.send(p).status for p in payloads} == {200}
        # each acknowledgement came after its listener was handed to the pool
        assert len(listener_threads() - before) == 16
    finally:
        gate.set()
    mock_slack.wait_for("chat.postMessage", n=20)


def test_what_a_killed_process_left_is_redone_beside_the_start(
        make: Make, mock_slack: MockSlack) -> None:
    """A delivery acknowledged and not finished is redone when the app is built, in a
    daemon thread of its own: the start does not wait for Slack, nor an exit for it."""
    left = SlackSender("http://unused", SECRET, mock_slack).dm("status uppdrag 3.2",
                                                               channel="D0LEFT")

    def killed_process_left(store: Store) -> None:
        inbox.accept(store, platform="slack", id=left["event_id"], kind="event", payload=left,
                     now=CLOCK.now())

    gate = mock_slack.hold("chat.postMessage")
    started: list[threading.Thread] = []

    def note_thread(*_: Any) -> None:  # the first call in each thread started from here
        started.append(threading.current_thread())
        sys.setprofile(None)  # and only that: the thread runs on unobserved

    # every thread the build starts is seen at its start, however soon it ends (the recovery
    # hands the redo to the listeners' pool and may be gone before any look at the threads)
    threading.setprofile(note_thread)
    try:
        built = make(before=killed_process_left)  # returned with Slack holding the answer
    finally:
        threading.setprofile(None)
        gate.set()
    assert [t.daemon for t in started if t.name == "styrbot-recover"] == [True]
    [answer] = mock_slack.wait_for("chat.postMessage", where=to("D0LEFT"))
    assert TITLE_3_2 in answer.body["text"]
    wait_done(built.store, left["event_id"])


def attempts_to(mock: MockSlack, channel: str) -> list[tuple[int, str]]:
    """Each post to ``channel``: its status (0: the connection dropped) and what it was."""
    def what(text: str) -> str:
        return "svar" if TITLE_3_2 in text else "förlåt" if text.startswith("Förlåt") else text
    return [(c.status, what(c.body.get("text", "")))
            for c in mock.calls_to("chat.postMessage", where=to(channel), ok=None)]


def answered(built: Built, mock: MockSlack) -> list[tuple[int, str]]:
    """Ask a question; what reached Slack's chat.postMessage for it (attempts_to)."""
    payload = built.send.dm("status uppdrag 3.2")
    channel = payload["event"]["channel"]
    built.send.send(payload)
    mock.wait_for("chat.postMessage", where=to(channel))
    wait_done(built.store, payload["event_id"])
    return attempts_to(mock, channel)


def test_a_rate_limit_is_waited_out_three_times_then_the_user_gets_an_apology(
        make: Make, mock_slack: MockSlack) -> None:
    built = make()
    mock_slack.fail_next(4, status=429, retry_after=0, method="chat.postMessage")
    assert answered(built, mock_slack) == [(429, "svar")] * 4 + [(200, "förlåt")]


def test_a_server_error_is_retried_twice_then_the_user_gets_an_apology(
        make: Make, mock_slack: MockSlack) -> None:
    built = make()
    mock_slack.fail_next(3, status=500, method="chat.postMessage")
    assert answered(built, mock_slack) == [(500, "svar")] * 3 + [(200, "förlåt")]


def test_a_lost_connection_is_retried_once_then_the_user_gets_an_apology(
        make: Make, mock_slack: MockSlack) -> None:
    built = make()
    mock_slack.fail_next(2, drop=True, method="chat.postMessage")
    assert answered(built, mock_slack) == [(0, "svar"), (0, "svar"), (200, "förlåt")]


def test_a_timeout_is_retried_and_the_answer_is_not_what_slack_said_too_late(
        make: Make, settings: Settings, mock_slack: MockSlack) -> None:
    """Slack answers the first post with an error after the client's 3 s: the client has
    stopped waiting (a TimeoutError, retried), so the user gets the answer, not an apology
    for an error no one waited for."""
    built = make(client=web_client(settings, timeout=3))
    mock_slack.fail_next(1, status=200, error="fatal_error", delay=8, method="chat.postMessage")
    assert answered(built, mock_slack) == [(200, "svar"), (200, "svar")]


def test_a_response_url_that_fails_once_is_retried(make: Make, mock_slack: MockSlack) -> None:
    built = make()
    url = mock_slack.response_url()
    mock_slack.fail_next(1, status=500, method="response_url")
    built.send.send(built.send.command_form("status uppdrag 3.2", response_url=url))
    [reply] = mock_slack.wait_for("response_url", where=at(url))
    assert TITLE_3_2 in reply.text()
    assert [c.status for c in mock_slack.calls_to("response_url", where=at(url), ok=None)] == [
        500, 200]
