"""When Slack's Web API fails: 429 waits for Retry-After, 5xx is retried a bounded number
of times, other errors give the user a short apology and the log the details."""

from __future__ import annotations

import logging

import pytest
from mock_slack import to
from slack_harness import TITLE_3_2, Running


def test_rate_limited_then_sent_once_after_retry_after(slack: Running) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    channel = payload["event"]["channel"]
    slack.mock.fail_next(1, status=429, retry_after=1, method="chat.postMessage")

    assert slack.send.send(payload).status == 200

    [ok] = slack.mock.wait_for("chat.postMessage", where=to(channel))
    assert TITLE_3_2 in ok.body["text"]
    slack.settle()
    attempts = slack.mock.calls_to("chat.postMessage", where=to(channel), ok=None)
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # waited for Retry-After


def test_a_server_error_is_retried(slack: Running) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    channel = payload["event"]["channel"]
    slack.mock.fail_next(1, status=500, method="chat.postMessage")

    slack.send.send(payload)

    slack.mock.wait_for("chat.postMessage", where=to(channel))
    slack.settle()
    attempts = slack.mock.calls_to("chat.postMessage", where=to(channel), ok=None)
    assert [c.status for c in attempts] == [500, 200]


def test_a_timeout_is_retried_once(slack: Running) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    channel = payload["event"]["channel"]
    slack.mock.fail_next(1, status=500, delay=3, method="chat.postMessage")  # client waits 2 s

    slack.send.send(payload)

    slack.mock.wait_for("chat.postMessage", where=to(channel))
    slack.settle()
    attempts = slack.mock.calls_to("chat.postMessage", where=to(channel), ok=None)
    assert sorted(c.status for c in attempts) == [200, 500]
    [answer] = [c for c in attempts if c.status == 200]
    assert TITLE_3_2 in answer.body["text"]  # the answer itself, not the apology


def test_a_lost_connection_is_retried_and_the_answer_arrives(slack: Running) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    channel = payload["event"]["channel"]
    slack.mock.fail_next(1, drop=True, method="chat.postMessage")  # closed without an answer

    slack.send.send(payload)

    slack.mock.wait_for("chat.postMessage", where=to(channel))
    slack.settle()
    attempts = slack.mock.calls_to("chat.postMessage", where=to(channel), ok=None)
    assert [c.status for c in attempts] == [0, 200]
    assert TITLE_3_2 in attempts[1].body["text"] and "Förlåt" not in attempts[1].body["text"]


def test_an_api_error_gives_the_user_an_apology_and_the_log_the_details(
        slack: Running, caplog: pytest.LogCaptureFixture) -> None:
    payload = slack.send.mention("status uppdrag 3.2")
    event = payload["event"]
    slack.mock.fail_next(1, status=200, error="msg_too_long", method="chat.postMessage")

    with caplog.at_level(logging.ERROR, logger="styrbot.slack"):
        slack.send.send(payload)
        [apology] = slack.mock.wait_for("chat.postMessage", where=to(event["channel"]))
        slack.settle()

    assert apology.body["text"].startswith("Förlåt")
    assert apology.body["thread_ts"] == event["ts"]
    assert any("msg_too_long" in r.getMessage() and payload["event_id"] in r.getMessage()
               for r in caplog.records)


def test_when_slack_keeps_failing_the_error_is_logged_and_nothing_breaks(
        slack: Running, caplog: pytest.LogCaptureFixture) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    slack.mock.fail_next(3 + 3, status=500)  # the answer and the apology, each with retries

    with caplog.at_level(logging.ERROR, logger="styrbot.slack"):
        assert slack.send.send(payload).status == 200
        slack.settle()

    assert slack.mock.calls_to("chat.postMessage") == []
    assert any("could not apologise" in r.getMessage() for r in caplog.records)
    # and the app still answers the next person
    nxt = slack.send.dm("status uppdrag 3.2")
    slack.send.send(nxt)
    slack.mock.wait_for("chat.postMessage", where=to(nxt["event"]["channel"]))


def test_a_failing_response_url_gives_an_ephemeral_apology(slack: Running) -> None:
    url = slack.mock.response_url()
    slack.mock.fail_next(1, status=404, method="response_url")
    reached = slack.mock.hold("response_url")

    sent = slack.send.send(slack.send.command_form("status uppdrag 3.2", response_url=url))

    assert sent.status == 200  # acknowledged before the response_url was even answered
    assert slack.mock.calls_to("response_url", ok=None) == []
    reached.set()  # and the failure after the ack changes nothing
    [apology] = slack.mock.wait_for("response_url", where=lambda c: url.endswith(c.path))
    assert apology.body["response_type"] == "ephemeral"
    assert apology.body["text"].startswith("Förlåt")

