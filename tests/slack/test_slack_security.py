"""Only Slack gets in: forged, tampered, stale and malformed requests reach no listener;
and nothing a user or the data says can make the bot post a mention."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import http.client
import json
import logging
import re
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from mock_slack import Call, MockSlack, post
from slack_harness import NOW, Running, app_settings, serving

from bot.clock import Clock
from bot.slack.app import build_app, web_client
from bot.slack.blocks import HISTORY_ACTION
from bot.slack.guard import MAX_BODY
from store.db import Store
from store.inbox import get as inbox_get

MENTIONS = re.compile(r"<[!@#]")  # <!channel>, <!here>, <!everyone>, <@U…>, <#C…>


def assert_nothing_reached(slack: Running, payload: dict) -> None:
    slack.settle()
    assert slack.mock.calls == []
    assert inbox_get(slack.store, "slack", payload["event_id"]) is None


def exchange(url: str, body: bytes, headers: dict[str, str], length: bool = True
             ) -> tuple[int, dict[str, str], bytes]:
    """One POST over HTTP (without a Content-Length header unless ``length``): the status,
    the response's headers (by lower-case name) and its body."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.putrequest("POST", parts.path)
        for k, v in {**headers, **({"Content-Length": str(len(body))} if length else {})}.items():
            conn.putheader(k, v)
        conn.endheaders(body or None)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def test_a_forged_signature_is_refused_and_logged(slack: Running,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    payload = slack.send.dm("status uppdrag 3.2")
    body = json.dumps(payload)
    headers = slack.send.headers(body, secret="not-the-secret")
    with caplog.at_level(logging.INFO, logger="styrbot.slack"):
        sent = post(slack.url, body.encode(), {"Content-Type": "application/json", **headers})
    assert sent.status == 401
    assert_nothing_reached(slack, payload)
    ts = headers["X-Slack-Request-Timestamp"]
    assert f"refused a request with a bad or stale signature (timestamp {ts})" in caplog.messages


def test_each_refusal_is_its_status_line_as_plain_text_of_its_length(slack: Running) -> None:
    """What a client (and Slack's delivery log) is shown: the status, said in the body too,
    as text/plain of the length announced; for each way of being refused."""
    payload = json.dumps(slack.send.dm("status uppdrag 3.2"))
    signed = slack.send.headers(payload)
    cases = [
        ({}, "401 Unauthorized"),
        (slack.send.headers(payload, secret="fel"), "401 Unauthorized"),
        ({**signed, "X-Slack-Request-Timestamp": "1x"}, "400 Bad Request"),
        ({**signed, "Content-Length": str(MAX_BODY + 1)}, "413 Payload Too Large"),
    ]
    for headers, status in cases:
        big = "Content-Length" in headers  # announced, and not sent: refused on the header
        got, answer, body = exchange(slack.url, b"" if big else payload.encode(),
                                     {"Content-Type": "application/json", **headers},
                                     length=not big)
        assert (got, body) == (int(status[:3]), status.encode()), headers
        assert answer["content-type"] == "text/plain; charset=utf-8"
        assert answer["content-length"] == str(len(status))


def test_a_body_of_exactly_max_body_is_read_whole(slack: Running) -> None:
    """The cap is on more than MAX_BODY: a signed body of exactly MAX_BODY bytes is Slack's
    to have sent, and answered (here a url_verification, padded with spaces)."""
    head = json.dumps({"token": "x", "challenge": "utmaning", "type": "url_verification"})
    body = head[:-1] + " " * (MAX_BODY - len(head)) + "}"
    assert len(body.encode()) == MAX_BODY
    status, _, out = exchange(slack.url, body.encode(),
                              {"Content-Type": "application/json", **slack.send.headers(body)})
    assert status == 200 and json.loads(out)["challenge"] == "utmaning"


def test_a_twelve_digit_timestamp_is_checked_a_thirteen_digit_one_is_malformed(
        slack: Running, caplog: pytest.LogCaptureFixture) -> None:
    """Twelve digits are a time (far ahead, so stale: 401 from the signature check); a
    thirteenth makes the header one Slack never sends (400, the signature not looked at)."""
    payload = slack.send.dm("status uppdrag 3.2")
    body = json.dumps(payload)
    twelve = slack.send.headers(body, timestamp=999_999_999_999)
    thirteen = slack.send.headers(body, timestamp=9_999_999_999_999)
    with caplog.at_level(logging.INFO, logger="styrbot.slack"):
        assert slack.send.send(payload, headers=twelve).status == 401
        assert slack.send.send(payload, headers=thirteen).status == 400
    refused = [m for m in caplog.messages if m.startswith("refused a request with a bad")]
    assert refused == ["refused a request with a bad or stale signature (timestamp 999999999999)"]
    assert_nothing_reached(slack, payload)


def test_a_post_without_content_length_is_an_empty_body(slack: Running) -> None:
    """No Content-Length is no body (CGI's rule), not an error and not a wait for a body:
    signed as empty, it passes the guard and is Bolt's (nothing to handle)."""
    status, _, out = exchange(slack.url, b"", {"Content-Type": "application/json",
                                               **slack.send.headers("")}, length=False)
    assert (status, json.loads(out)) == (404, {"error": "unhandled request"})


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


def test_a_signed_body_bolt_cannot_parse_is_a_logged_400(slack: Running,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """Signed, so past the guard, but not a form Slack sends: Bolt's parsing raises, and the
    answer is the guard's plain 400 (not wsgiref's 500), the reason in the log."""
    body = "payload=%7Bbroken"
    with caplog.at_level(logging.INFO, logger="styrbot.slack"):
        status, headers, out = exchange(slack.url, body.encode(), {
            "Content-Type": "application/x-www-form-urlencoded", **slack.send.headers(body)})
    assert (status, out) == (400, b"400 Bad Request")
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert headers["content-length"] == "15"
    [why] = [m for m in caplog.messages if m.startswith("refused a malformed request: ")]
    assert "JSONDecodeError" in why
    slack.settle()
    assert slack.mock.calls == []


@pytest.fixture
def unsigned_app(mock_slack: MockSlack, demo_template: Path,
                 tmp_path: Path) -> Iterator[tuple[str, Store]]:
    """The app as `styrbot serve` would build it without SLACK_SIGNING_SECRET, over HTTP."""
    db = tmp_path / "s.db"
    shutil.copy(demo_template, db)
    settings = dataclasses.replace(app_settings(mock_slack, db), slack_signing_secret=None)
    store = Store(db)
    app = build_app(settings, store, Clock.fixed(NOW), web_client(settings, timeout=2),
                    recover=False)
    with serving(app) as url:
        yield url, store
    store.close()


def test_without_a_signing_secret_nothing_over_http_is_trusted(
        unsigned_app: tuple[str, Store], mock_slack: MockSlack) -> None:
    """No secret is not the empty secret: a request signed with "" (which anyone can make)
    is refused like an unsigned one, before the body is looked at, and never a 500."""
    url, store = unsigned_app
    mock_slack.reset()
    body = json.dumps({"type": "event_callback", "event_id": "EvNoSecret",
                       "event": {"type": "message", "channel_type": "im", "channel": "D0NS",
                                 "user": "U0ANNA", "text": "status uppdrag 3.2", "ts": "1.0"}})
    ts = str(int(Clock.real().epoch()))
    sig = "v0=" + hmac.new(b"", f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    for headers in ({"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig},
                    {"X-Slack-Signature": sig}, {}):
        status, _, out = exchange(url, body.encode(), {"Content-Type": "application/json",
                                                       **headers})
        assert (status, out) == (401, b"401 Unauthorized"), headers
    assert inbox_get(store, "slack", "EvNoSecret") is None
    assert mock_slack.calls == []


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
