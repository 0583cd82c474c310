"""2,000 generated forged or malformed requests: none reaches a listener, none gets a 5xx.

The real app over real HTTP, with a counting middleware added (app.use) that sees every
request that got past the signature check; the local Slack must see no call at all.
"""

from __future__ import annotations

import json
import shutil
import threading
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from wsgiref.simple_server import make_server

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mock_slack import MockSlack, SlackSender, post
from slack_harness import NOW, SECRET, QuietHandler, ThreadedServer

from bot.clock import Clock
from bot.config import Settings
from bot.slack.app import EVENTS_PATH, build_app, web_client, wsgi_app
from store.db import Store


class Counter:
    def __init__(self) -> None:
        self.n = 0
        self.lock = threading.Lock()

    def __call__(self, next: Any) -> Any:
        with self.lock:
            self.n += 1
        return next()


@pytest.fixture(scope="module")
def app_url(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Counter, MockSlack]]:
    mock = MockSlack()
    db = tmp_path_factory.mktemp("fuzz") / "styrbot.db"
    shutil.copy(demo_template, db)
    cfg = Settings(slack_bot_token="xoxb-fuzz", slack_signing_secret=SECRET,
                   slack_api_url=mock.api_url, db=str(db))
    executor = ThreadPoolExecutor(4)
    app = build_app(cfg, Store(db), Clock.fixed(NOW), web_client(cfg, timeout=2), executor=executor)
    counter = Counter()
    app.use(counter)
    server = make_server("127.0.0.1", 0, wsgi_app(app), server_class=ThreadedServer,
                         handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{EVENTS_PATH}", counter, mock
    server.shutdown()
    executor.shutdown(wait=True)
    mock.close()


text = st.text(max_size=300)
header_value = st.one_of(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80),
                         st.from_regex(r"v0=[0-9a-f]{64}", fullmatch=True),
                         st.integers(-10**12, 10**13).map(str))


@st.composite
def bad_request(draw: st.DrawFn) -> tuple[bytes, dict[str, str], str]:
    """A request Slack would never send, or one signed by someone else."""
    sender = SlackSender("", SECRET, None)  # type: ignore[arg-type]
    kind = draw(st.sampled_from(["forged", "tampered", "stale", "headers", "garbage", "unsigned"]))
    shape = draw(st.sampled_from(["dm", "command", "garbage-json"]))
    if shape == "dm":
        payload: Any = sender.event({"type": "message", "channel_type": "im", "user": "U0X",
                                     "channel": "D0X", "text": draw(text), "ts": "1.0"})
        body, ctype = json.dumps(payload), "application/json"
    elif shape == "command":
        body = urllib.parse.urlencode({"command": "/styrbot", "text": draw(text), "user_id": "U0X",
                                       "response_url": "http://127.0.0.1:9/x", "team_id": "T0"})
        ctype = "application/x-www-form-urlencoded"
    else:
        body, ctype = draw(text), draw(st.sampled_from(
            ["application/json", "application/x-www-form-urlencoded", "text/plain"]))
    now = int(Clock.real().epoch())  # what Bolt checks the signature against
    headers = {"Content-Type": ctype}
    if kind == "forged":
        headers.update(sender.headers(body, secret=draw(st.text(
            alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=30).filter(
            lambda s: s != SECRET))))
    elif kind == "tampered":
        headers.update(sender.headers(body))
        body = body + draw(st.text(min_size=1, max_size=20))
    elif kind == "stale":
        # a minute past the 5-minute window either way, so a slow machine cannot bring it back in
        age = draw(st.one_of(st.integers(360, 10**7), st.integers(-10**7, -360)))
        headers.update(sender.headers(body, timestamp=now - age))
    elif kind == "headers":
        headers["X-Slack-Request-Timestamp"] = draw(header_value)
        headers["X-Slack-Signature"] = draw(header_value)
    elif kind == "garbage":  # correctly signed, but not a payload Slack sends
        body = draw(st.one_of(st.text(max_size=200), st.just("payload=%7Bnot-json"),
                              st.just("{\"type\": \"event_callback\"}"), st.just("payload=null")))
        headers.update(sender.headers(body))
    return body.encode("utf-8", "surrogatepass"), headers, kind


@settings(max_examples=2000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(req=bad_request())
def test_no_forged_or_malformed_request_reaches_a_listener(
        app_url: tuple[str, Counter, MockSlack], req: tuple[bytes, dict[str, str], str]) -> None:
    url, counter, mock = app_url
    body, headers, kind = req
    before = counter.n
    try:
        sent = post(url, body, headers)
    except UnicodeEncodeError:
        return  # the HTTP client itself cannot send such a header
    assert sent.status < 500, (kind, sent.status, sent.body[:200])
    if kind != "garbage":
        assert sent.status in (400, 401), (kind, sent.status)
        assert counter.n == before  # refused before anything of the app ran
    # auth.test is Bolt asking who it is (once), not a listener answering
    assert [c.method for c in mock.calls if c.method != "auth.test"] == []
