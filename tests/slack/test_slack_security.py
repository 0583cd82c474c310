"""Only Slack gets in: forged, tampered, stale and malformed requests reach no listener;
and nothing a user or the data says can make the bot post a mention."""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse

import pytest
from mock_slack import Call, post
from slack_harness import Running

from bot.clock import Clock
from bot.slack.blocks import HISTORY_ACTION
from store.inbox import get as inbox_get

MENTIONS = re.compile(r"<[!@#]")  # <!channel>, <!here>, <!everyone>, <@U…>, <#C…>


def assert_nothing_reached(slack: Running, payload: dict) -> None:
    slack.settle()
    assert slack.mock.calls == []
    assert inbox_get(slack.store, "slack", payload["event_id"]) is None


def test_a_forged_signature_is_refused(slack: Running) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    body = json.dumps(payload)
    headers = slack.send.headers(body, secret="not-the-secret")
    sent = post(slack.url, body.encode(), {"Content-Type": "application/json", **headers})
    assert sent.status == 401
    assert_nothing_reached(slack, payload)


def test_a_tampered_body_is_refused(slack: Running) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    headers = slack.send.headers(json.dumps(payload))
    payload["event"]["text"] = "<!channel> budget 2026"
    sent = post(slack.url, json.dumps(payload).encode(),
                {"Content-Type": "application/json", **headers})
    assert sent.status == 401
    assert_nothing_reached(slack, payload)


@pytest.mark.parametrize("age", [301, 3600, -360])  # a future one needs margin: time passes
def test_a_stale_or_future_timestamp_is_refused(slack: Running, age: int) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    body = json.dumps(payload)
    headers = slack.send.headers(body, timestamp=int(Clock.real().epoch()) - age)
    sent = post(slack.url, body.encode(), {"Content-Type": "application/json", **headers})
    assert sent.status == 401
    assert_nothing_reached(slack, payload)


def test_an_unsigned_request_is_refused(slack: Running) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    assert slack.send.send(payload, sign=False).status == 401
    assert_nothing_reached(slack, payload)


@pytest.mark.parametrize("headers", [
    {"X-Slack-Request-Timestamp": "abc"},
    {"X-Slack-Request-Timestamp": "-1"},
    {"X-Slack-Request-Timestamp": "1e9"},
    {"X-Slack-Request-Timestamp": "9" * 40},
    {"X-Slack-Request-Timestamp": ""},
    {"X-Slack-Request-Timestamp": "¹²³"},  # digits to str.isdigit, not to int()
    {"X-Slack-Signature": ""},
    {"X-Slack-Signature": "v0="},
    {"X-Slack-Signature": "garbage"},
    {"X-Slack-Signature": "v0=" + "zz" * 32},
    {"X-Slack-Signature": "v0=åäö"},
])
def test_malformed_signature_headers_get_4xx_never_500(slack: Running,
                                                       headers: dict[str, str]) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    sent = slack.send.send(payload, headers=headers)
    assert 400 <= sent.status < 500
    assert_nothing_reached(slack, payload)


@pytest.mark.parametrize("body, ctype", [
    (b"\xff\xfe not utf-8", "application/json"),
    (b"{not json", "application/json"),
    (b"[1, 2, 3]", "application/json"),
    (b"payload=%7Bbroken", "application/x-www-form-urlencoded"),
])
def test_a_body_slack_would_never_send_gets_4xx(slack: Running, body: bytes, ctype: str) -> None:
    headers = slack.send.headers(body.decode("utf-8", errors="replace"))
    sent = post(slack.url, body, {"Content-Type": ctype, **headers})
    assert 400 <= sent.status < 500
    slack.settle()
    assert slack.mock.calls == []


def test_only_the_events_path_answers(slack: Running) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    body = json.dumps(payload)
    h = {"Content-Type": "application/json", **slack.send.headers(body)}
    assert post(slack.url.replace("/slack/events", "/other"), body.encode(), h).status == 404
    assert_nothing_reached(slack, payload)


# --- escaping ------------------------------------------------------------------------------

EVIL = "<!channel> <!here> <!everyone> <@U0BOSS> <#C0ALL> &lt;!channel&gt; hej & mer"


def assert_no_mentions(calls: list[Call], echoed: bool = True) -> None:
    """No call posts a mention; where the question is echoed, it is escaped."""
    assert calls
    for c in calls:
        text = c.text()
        assert not MENTIONS.search(text), text
        if echoed:
            assert "&lt;!channel&gt;" in text and "&lt;!here&gt;" in text, text


def test_a_question_cannot_make_the_bot_mention_anyone_in_a_dm(slack: Running) -> None:
    payload = slack.send.dm(EVIL)
    slack.send.send(payload)
    assert_no_mentions(slack.mock.wait_for("chat.postMessage"))


def test_a_mention_cannot_make_the_bot_mention_anyone(slack: Running) -> None:
    slack.send.send(slack.send.mention("vad är " + EVIL))
    assert_no_mentions(slack.mock.wait_for("chat.postMessage"))


def test_a_slash_command_cannot_make_the_bot_mention_anyone(slack: Running) -> None:
    slack.send.send(slack.send.command_form(EVIL))
    assert_no_mentions(slack.mock.wait_for("response_url"))


def test_a_button_value_cannot_make_the_bot_mention_anyone(slack: Running) -> None:
    slack.send.send(slack.send.button_form(HISTORY_ACTION, "<!channel>"))
    assert_no_mentions(slack.mock.wait_for("response_url"), echoed=False)


def test_an_unsigned_body_is_refused_before_it_is_read(slack: Running) -> None:
    """401 for an unsigned body Bolt could not even parse (it would have been a 400 after
    parsing): the body is never read. And a body past the cap is a 413, signed or not."""
    garbage = b"payload=%7Bbroken" + b"x" * 100_000
    sent = post(slack.url, garbage, {"Content-Type": "application/x-www-form-urlencoded"})
    assert sent.status == 401
    # a client announcing 40 MB: refused on the header alone, before a byte of it is read
    url = urllib.parse.urlsplit(slack.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.putrequest("POST", url.path)
    for k, v in {"Content-Type": "application/json", "Content-Length": str(40 << 20),
                 **slack.send.headers("{}")}.items():
        conn.putheader(k, v)
    conn.endheaders()
    assert conn.getresponse().status == 413
    conn.close()
    slack.settle()
    assert slack.mock.calls == []
