"""The request guards one by one, in process: the WSGI guard (bot.slack.guard.RequestGuard, as bot.slack.app.wsgi_app serves it) in
front of Bolt, and the Bolt middleware behind it (SignedRequests), which also guards any
way into the app that does not pass the WSGI guard. Each refusal has its status and nothing
reaches a listener; Socket Mode requests (Slack's own authenticated connection) pass."""

from __future__ import annotations

import io
import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from mock_slack import MockSlack
from slack_bolt import BoltRequest
from slack_harness import NOW, SECRET, app_settings
from slack_sdk.signature import SignatureVerifier

from bot.clock import Clock
from bot.slack.app import build_app, web_client, wsgi_app
from bot.slack.guard import MAX_BODY, SignedRequests
from store.db import Store

CHALLENGE = json.dumps({"token": "x", "challenge": "utmaning", "type": "url_verification"})


def signed(body: str, secret: str = SECRET, age: int = 0) -> dict[str, str]:
    ts = str(int(Clock.real().epoch()) - age)  # Slack's signature is checked against the real clock
    sig = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"x-slack-request-timestamp": ts, "x-slack-signature": sig or ""}


@pytest.fixture(scope="module")
def app(mock_slack: MockSlack, demo_template: Path,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    db = tmp_path_factory.mktemp("guards") / "s.db"
    shutil.copy(demo_template, db)
    settings = app_settings(mock_slack, db)
    store = Store(db)
    yield build_app(settings, store, Clock.fixed(NOW), web_client(settings, timeout=2),
                    recover=False)
    store.close()


def dispatch(app: Any, body: str, headers: dict[str, str], mode: str = "http") -> tuple[int, str]:
    resp = app.dispatch(BoltRequest(body=body, headers=headers, mode=mode))
    return resp.status, resp.body


UNSIGNED = '{"error": "unsigned request"}'
MALFORMED = '{"error": "malformed signature headers"}'


@pytest.mark.parametrize("headers, status, says", [
    ({}, 401, UNSIGNED),
    ({"x-slack-request-timestamp": "1"}, 401, UNSIGNED),
    ({"x-slack-signature": "v0=00"}, 401, UNSIGNED),
    ({"x-slack-request-timestamp": "12a", "x-slack-signature": "v0=00"}, 400, MALFORMED),
    ({"x-slack-request-timestamp": "1" * 13, "x-slack-signature": "v0=00"}, 400, MALFORMED),
    ({"x-slack-request-timestamp": "١٢٣", "x-slack-signature": "v0=00"}, 400, MALFORMED),
    ({"x-slack-request-timestamp": "123", "x-slack-signature": "v0=ü"}, 400, MALFORMED),
    ({"x-slack-request-timestamp": "1" * 12, "x-slack-signature": "v0=00"}, 401,
     '{"error": "invalid request"}'),
], ids=["none", "no-signature", "no-timestamp", "letters", "too-long", "arabic-digits",
        "non-ascii-signature", "twelve-digits-is-a-time"])
def test_the_bolt_guard_refuses_unsigned_and_malformed(app: Any, headers: dict[str, str],
                                                       status: int, says: str) -> None:
    assert dispatch(app, CHALLENGE, headers) == (status, says)


def test_the_bolt_guard_refuses_a_forged_a_tampered_and_a_stale_signature_and_logs_it(
        app: Any, caplog: pytest.LogCaptureFixture) -> None:
    for headers, body in ((signed(CHALLENGE, secret="fel"), CHALLENGE),
                          (signed(CHALLENGE), CHALLENGE.replace("utmaning", "annat")),
                          (signed(CHALLENGE, age=301), CHALLENGE)):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="styrbot.slack"):
            assert dispatch(app, body, headers) == (401, '{"error": "invalid request"}')
        ts = headers["x-slack-request-timestamp"]
        assert caplog.messages == [
            f"refused a request with a bad or stale signature (timestamp {ts})"]


def test_the_bolt_guard_lets_a_signed_request_and_socket_mode_through(app: Any) -> None:
    status, body = dispatch(app, CHALLENGE, signed(CHALLENGE))
    assert status == 200 and json.loads(body)["challenge"] == "utmaning"
    status, body = dispatch(app, CHALLENGE, {}, mode="socket_mode")
    assert status == 200 and json.loads(body)["challenge"] == "utmaning"
    assert SignedRequests(None).verifier is None  # no secret: nothing over HTTP is trusted
    assert dispatch_with(SignedRequests(None), CHALLENGE, signed(CHALLENGE)) == 401


def dispatch_with(guard: SignedRequests, body: str, headers: dict[str, str]) -> int:
    reached = []
    resp = guard.process(req=BoltRequest(body=body, headers=headers), resp=None,  # type: ignore[arg-type]
                         next=lambda: reached.append(1))  # type: ignore[arg-type, return-value]
    assert not reached
    return int(resp.status)


def call(app: Any, body: bytes, headers: dict[str, str], method: str = "POST",
         length: str | None = None) -> tuple[str, bytes]:
    environ = {"REQUEST_METHOD": method, "PATH_INFO": "/slack/events", "QUERY_STRING": "",
               "CONTENT_TYPE": "application/json", "wsgi.input": io.BytesIO(body),
               "CONTENT_LENGTH": str(len(body)) if length is None else length,
               "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "0", "wsgi.url_scheme": "http",
               **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}}
    setup_testing_defaults(environ)
    got: list[tuple[str, list[tuple[str, str]]]] = []
    out = b"".join(wsgi_app(app)(environ, lambda status, headers: got.append((status, headers))))
    status, answered = got[0]
    if out == status.encode():
        # the guard's refusal announces its own length (wsgiref would add it, gunicorn chunk)
        assert ("Content-Length", str(len(out))) in answered, answered
    return status, out


def test_the_wsgi_guard_answers_each_refusal_with_its_status(app: Any) -> None:
    body = CHALLENGE.encode()
    assert call(app, body, {}) == ("401 Unauthorized", b"401 Unauthorized")
    assert call(app, body, {"x-slack-signature": "v0=00"})[0] == "401 Unauthorized"
    assert call(app, body, signed(CHALLENGE, secret="fel"))[0] == "401 Unauthorized"
    assert call(app, body, {**signed(CHALLENGE), "x-slack-request-timestamp": "1x"})[0] == (
        "400 Bad Request")
    assert call(app, body, signed(CHALLENGE), length="lång")[0] == "400 Bad Request"
    assert call(app, b"x", signed("x"), length=str(MAX_BODY + 1)) == (
        "413 Payload Too Large", b"413 Payload Too Large")
    raw = b'{"type": "url_verification", "challenge": "\xff"}'
    assert call(app, raw, {"x-slack-request-timestamp": str(int(Clock.real().epoch())),
                           "x-slack-signature": "v0=00"})[0] == "400 Bad Request"
    status, out = call(app, body, signed(CHALLENGE))
    assert status.startswith("200") and json.loads(out)["challenge"] == "utmaning"
    # a signed empty body passes the guard and is Bolt's to answer (nothing to handle)
    assert call(app, b"", signed("")) == ("404 Not Found", b'{"error": "unhandled request"}')
