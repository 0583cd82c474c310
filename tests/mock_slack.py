"""A local stand-in for Slack: the Web API, response_urls, Socket Mode, and signed requests.

`MockSlack` is an `http.server` on 127.0.0.1, port 0, in a thread. It answers every Web
API method with ok:true JSON (auth.test, chat.postMessage, views.publish, …), accepts
replies on response_urls (`response_url()`), records every call, and can be told to fail
the next calls (429 with Retry-After, 500, or an API error). apps.connections.open hands
out a ws:// URL to itself, where a minimal WebSocket server plays Socket Mode
(`socket_send`). Used by tests/slack and by bench/slack_roundtrip.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

from slack_sdk.signature import SignatureVerifier

from bot.clock import Clock

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
BOT_USER_ID = "U0STYRBOT"
BOT_ID = "B0STYRBOT"
TEAM_ID = "T0KOMMUN"


@dataclass
class Call:
    """One request that reached the stand-in."""

    method: str  # "chat.postMessage", or "response_url" for replies to a response_url
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    status: int
    at: float = field(default_factory=time.monotonic)

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.body.get("_failed") is None

    def text(self) -> str:
        """Everything the call would show: its text and the text of its blocks or view."""
        return json.dumps({k: v for k, v in self.body.items() if k != "token"}, ensure_ascii=False)


def to(channel: str) -> Callable[[Call], bool]:
    """Calls posting to ``channel``."""
    return lambda c: c.body.get("channel") == channel


def at(url: str) -> Callable[[Call], bool]:
    """Calls to the response_url ``url``."""
    return lambda c: url.endswith(c.path)


@dataclass
class Failure:
    status: int
    retry_after: int | None
    error: str | None
    method: str | None
    delay: float = 0.0
    drop: bool = False  # close the connection without answering (a lost connection)


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # 50 users at once must not overflow the listen queue
    daemon_threads = True


class WebSocket:
    """The server side of one WebSocket connection (RFC 6455, text frames, no extensions)."""

    def __init__(self, sock: socket.socket, rfile: Any) -> None:
        self.sock = sock
        self.rfile = rfile
        self.lock = threading.Lock()

    def send(self, payload: bytes, opcode: int = 0x1) -> None:
        n = len(payload)
        head = bytes([0x80 | opcode]) + (bytes([n]) if n < 126 else
                                         struct.pack("!BH", 126, n) if n < 65536 else
                                         struct.pack("!BQ", 127, n))
        with self.lock:
            self.sock.sendall(head + payload)

    def send_json(self, obj: dict[str, Any]) -> None:
        self.send(json.dumps(obj).encode())

    def read(self) -> tuple[int, bytes] | None:
        """The next frame (opcode, payload); None when the connection is gone."""
        head = self.rfile.read(2)
        if len(head) < 2:
            return None
        n = head[1] & 0x7F
        if n == 126:
            n = struct.unpack("!H", self.rfile.read(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self.rfile.read(8))[0]
        mask = self.rfile.read(4) if head[1] & 0x80 else b"\0\0\0\0"
        data = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(n)))
        return head[0] & 0x0F, data


class EpochClock(Protocol):
    def epoch(self) -> float: ...


class MockSlack:
    """Slack's Web API on 127.0.0.1:<free port>; see the module docstring."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        self._lock = threading.Condition()
        self._ts_lock = threading.Lock()
        self._last_us = 0
        # Slack stamps messages with its own clock; the stand-in stamps with the clock of the
        # code under test (a test with a frozen or moving clock sets it), so a frozen date is
        # frozen everywhere and a real date is real everywhere.
        self.clock: EpochClock = Clock.real()
        self.sockets: list[WebSocket] = []
        self.sockets_opened = 0  # Socket Mode connections ever made (a reconnect adds one)
        self.holds: dict[str, threading.Event] = {}  # method -> gate its calls wait at
        self.names: dict[str, str] = {}  # users.info: user ID -> name ("Person <ID>" if unset)
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True,
                                       name="mock-slack")
        self.thread.start()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/commands/{TEAM_ID}/{uuid.uuid4().hex}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- control ---------------------------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.failures.clear()
            for gate in self.holds.values():
                gate.set()
            self.holds.clear()

    def hold(self, method: str) -> threading.Event:
        """Calls to ``method`` wait (unanswered, not yet recorded) until the returned event
        is set: a test shows that something happens before Slack has answered, without
        timing it."""
        gate = self.holds[method] = threading.Event()
        return gate

    def fail_next(self, n: int = 1, status: int = 429, retry_after: int | None = None,
                  error: str | None = None, method: str | None = None,
                  delay: float = 0.0, drop: bool = False) -> None:
        """Fail the next ``n`` calls (to ``method`` only, if given): an HTTP ``status``
        (429 with ``retry_after``, 500 …), or status 200 with ok:false and ``error``;
        after ``delay`` seconds (longer than the client's timeout: a timeout); with
        ``drop``, the connection is closed without an answer (recorded with status 0)."""
        with self._lock:
            self.failures.extend(Failure(0 if drop else status, retry_after, error, method,
                                         delay, drop) for _ in range(n))

    def calls_to(self, method: str, where: Callable[[Call], bool] = lambda c: True,
                 ok: bool | None = True) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and where(c)
                    and (ok is None or c.ok == ok)]

    def wait_for(self, method: str, n: int = 1, where: Callable[[Call], bool] = lambda c: True,
                 timeout: float = 10.0) -> list[Call]:
        """Wait until ``n`` successful calls to ``method`` matching ``where`` have arrived."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method == method and c.ok and where(c)]
                if len(found) >= n:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"waited {timeout} s for {n} × {method}, got {len(found)}; all calls: "
                        + ", ".join(f"{c.method}:{c.status}" for c in self.calls))
                self._lock.wait(left)

    # --- Socket Mode -----------------------------------------------------------------------------

    def socket_send(self, kind: str, payload: dict[str, Any], retry_attempt: int = 0,
                    timeout: float = 20) -> str:
        """Deliver an envelope ("events_api", "slash_commands", "interactive") over the
        newest Socket Mode connection; returns its envelope_id (the app acks with it)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not self.sockets:
                if not self._lock.wait(max(0.0, deadline - time.monotonic())):
                    raise AssertionError("no Socket Mode connection")
            ws = self.sockets[-1]
        envelope_id = str(uuid.uuid4())
        ws.send_json({"envelope_id": envelope_id, "type": kind, "payload": payload,
                      "accepts_response_payload": kind != "events_api",
                      "retry_attempt": retry_attempt,
                      "retry_reason": "timeout" if retry_attempt else ""})
        return envelope_id

    def drop_sockets(self) -> int:
        """Cut every Socket Mode connection as a lost network would: no close frame, the TCP
        connection just ends (what the app sends next is refused). Returns how many."""
        with self._lock:
            cut = list(self.sockets)
        for ws in cut:
            try:
                ws.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        return len(cut)

    def wait_for_socket(self, opened: int, timeout: float = 60) -> None:
        """Wait until ``opened`` Socket Mode connections have been made in all and the newest
        is live (its hello sent)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self.sockets_opened < opened or not self.sockets:
                if not self._lock.wait(max(0.0, deadline - time.monotonic())):
                    raise AssertionError(f"waited {timeout} s for Socket Mode connection "
                                         f"{opened}, {self.sockets_opened} made")

    def _serve_socket(self, ws: WebSocket) -> None:
        ws.send_json({"type": "hello", "num_connections": 1,
                      "connection_info": {"app_id": "A0STYRBOT"}})
        with self._lock:
            self.sockets.append(ws)
            self.sockets_opened += 1
            self._lock.notify_all()
        try:
            while (frame := ws.read()) is not None:
                opcode, data = frame
                if opcode == 0x8:  # close
                    ws.send(data[:2], 0x8)
                    break
                if opcode == 0x9:  # ping
                    ws.send(data, 0xA)
                elif opcode == 0x1:
                    with self._lock:
                        self.calls.append(Call("socket_ack", "/link", json.loads(data), {}, 200))
                        self._lock.notify_all()
        except OSError:
            pass
        finally:
            with self._lock:
                self.sockets.remove(ws)
                self._lock.notify_all()

    # --- serving -----------------------------------------------------------------------------

    def _take_failure(self, method: str) -> Failure | None:
        for i, f in enumerate(self.failures):
            if f.method is None or f.method == method:
                return self.failures.pop(i)
        return None

    def _next_ts(self) -> str:
        with self._ts_lock:
            us = max(round(self.clock.epoch() * 1_000_000), self._last_us + 1)  # unique, rising
            self._last_us = us
        return f"{us // 1_000_000}.{us % 1_000_000:06d}"

    def stamp(self) -> str:
        """A Slack timestamp ("1795424400.000123") from the clock, as for a new message."""
        return self._next_ts()

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://askersund.slack.com/", "team": "Askersund",
                    "user": "styrbot", "team_id": TEAM_ID, "user_id": BOT_USER_ID,
                    "bot_id": BOT_ID, "is_enterprise_install": False}
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            ts = self._next_ts()
            return {"ok": True, "channel": body.get("channel"), "ts": ts, "message_ts": ts,
                    "message": {"text": body.get("text"), "ts": ts, "bot_id": BOT_ID}}
        if method in ("views.publish", "views.open", "views.update", "views.push"):
            return {"ok": True, "view": {"id": "V0" + uuid.uuid4().hex[:8].upper(),
                                         **(body.get("view") or {})}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D0" + str(body.get("users", "X"))[:9]}}
        if method == "users.info":
            user = str(body.get("user"))
            name = self.names.get(user, f"Person {user}")
            return {"ok": True, "user": {"id": user, "name": user.lower(), "real_name": name,
                                         "profile": {"display_name": name, "real_name": name}}}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link"}
        return {"ok": True}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        mock = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                if path.startswith("/api/"):  # methods the SDK reads with GET (users.info)
                    self._api(path, dict(urllib.parse.parse_qsl(query)))
                    return
                if path != "/link" or self.headers.get("Upgrade", "").lower() != "websocket":
                    self._send(404, {"ok": False, "error": "unknown_path"})
                    return
                key = self.headers.get("Sec-WebSocket-Key", "")
                accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest())
                self.send_response(101, "Switching Protocols")
                self.send_header("Upgrade", "websocket")
                self.send_header("Connection", "Upgrade")
                self.send_header("Sec-WebSocket-Accept", accept.decode())
                self.end_headers()
                self.wfile.flush()
                mock._serve_socket(WebSocket(self.connection, self.rfile))
                self.close_connection = True

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._api(self.path.split("?", 1)[0],
                             _parse(raw, self.headers.get("Content-Type") or ""))

            def _api(self, path: str, body: dict[str, Any]) -> None:
                if path.startswith("/api/"):
                    method = path[len("/api/"):]
                elif path.startswith("/commands/"):
                    method = "response_url"
                else:
                    self._send(404, {"ok": False, "error": "unknown_path"})
                    return
                gate = mock.holds.get(method)
                if gate is not None:
                    gate.wait(60)
                with mock._lock:
                    failure = mock._take_failure(method)
                    if failure is not None:
                        status = failure.status
                        answer: dict[str, Any] = {"ok": False, "error": failure.error or
                                                  ("ratelimited" if status == 429 else "fatal_error")}
                        body["_failed"] = answer["error"]
                    else:
                        status, answer = 200, mock._answer(method, body)
                    mock.calls.append(Call(method, path, body, dict(self.headers), status))
                    mock._lock.notify_all()
                if failure is not None and failure.delay:
                    time.sleep(failure.delay)
                if failure is not None and failure.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                headers = {"Retry-After": str(failure.retry_after)} if (
                    failure and failure.retry_after is not None) else {}
                if method == "response_url" and status == 200:
                    self._send(200, None, headers)
                else:
                    self._send(status, answer, headers)

            def _send(self, status: int, answer: dict[str, Any] | None,
                      headers: dict[str, str] | None = None) -> None:
                data = b"ok" if answer is None else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain" if answer is None
                                 else "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    text = raw.decode("utf-8") if raw else ""
    if "json" in content_type:
        return json.loads(text or "{}")
    form = {k: v[0] for k, v in urllib.parse.parse_qs(text).items()}
    for k in ("blocks", "view", "attachments"):
        if isinstance(form.get(k), str):
            try:
                form[k] = json.loads(form[k])
            except ValueError:
                pass
    return form


# --- Slack's side of the conversation: signed requests to the app ---------------------------


@dataclass
class Sent:
    status: int
    body: str
    seconds: float


class SlackSender:
    """Sends requests to an app as Slack does: signed, shaped like Slack's payloads."""

    def __init__(self, url: str, signing_secret: str, mock: MockSlack | None) -> None:
        self.url = url
        self.secret = signing_secret
        self.mock = mock  # None: requests with no Slack behind them (forgeries, garbage)
        self._n = 0
        self._n_lock = threading.Lock()

    @property
    def clock(self) -> EpochClock:
        """The clock Slack stamps with: the stand-in's (as the test set it), else the machine's."""
        return self.mock.clock if self.mock is not None else Clock.real()

    def new_id(self, prefix: str) -> str:
        with self._n_lock:
            self._n += 1
            return f"{prefix}{self._n:06d}{uuid.uuid4().hex[:6].upper()}"

    # payloads

    def dm(self, text: str, user: str = "U0ANNA", channel: str | None = None,
           **event: Any) -> dict[str, Any]:
        """An event_callback for message.im."""
        return self.event({"type": "message", "channel": channel or self.new_id("D0"),
                           "channel_type": "im", "user": user, "text": text,
                           "ts": self.mock.stamp(), **event})

    def mention(self, text: str, user: str = "U0ANNA", channel: str | None = None,
                **event: Any) -> dict[str, Any]:
        """An event_callback for app_mention (the text starts with the bot's mention)."""
        return self.event({"type": "app_mention", "channel": channel or self.new_id("C0"),
                           "user": user, "text": f"<@{BOT_USER_ID}> {text}",
                           "ts": self.mock.stamp(), **event})

    def home_opened(self, user: str = "U0ANNA") -> dict[str, Any]:
        return self.event({"type": "app_home_opened", "user": user, "channel": self.new_id("D0"),
                           "tab": "home", "event_ts": self.mock.stamp()})

    def event(self, event: dict[str, Any]) -> dict[str, Any]:
        return {"token": "legacy-unused", "team_id": TEAM_ID, "api_app_id": "A0STYRBOT",
                "event": event, "type": "event_callback", "event_id": self.new_id("Ev"),
                "event_time": int(self.clock.epoch()), "authorizations": [
                    {"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}]}

    def command_form(self, text: str, user: str = "U0ANNA", channel: str = "C0LEDNING",
                     response_url: str | None = None) -> str:
        """The form body of `/styrbot <text>`."""
        return urllib.parse.urlencode({
            "token": "legacy-unused", "team_id": TEAM_ID, "team_domain": "askersund",
            "channel_id": channel, "channel_name": "ledningsgrupp", "user_id": user,
            "user_name": "anna", "command": "/styrbot", "text": text, "api_app_id": "A0STYRBOT",
            "response_url": response_url or self.mock.response_url(),
            "trigger_id": self.new_id("13345224609."),
        })

    def button_form(self, action_id: str, value: str, user: str = "U0ANNA",
                    channel: str = "D0ANNA", response_url: str | None = None,
                    from_home: bool = False) -> str:
        """The form body of a block_actions click on a message's button (or, with
        ``from_home``, on the App Home, where Slack sends no response_url)."""
        payload = {
            "type": "block_actions", "user": {"id": user, "username": "anna", "team_id": TEAM_ID},
            "api_app_id": "A0STYRBOT", "token": "legacy-unused", "team": {"id": TEAM_ID},
            "container": {"type": "message", "message_ts": self.mock.stamp(),
                          "channel_id": channel, "is_ephemeral": False},
            "trigger_id": self.new_id("13345224609."), "channel": {"id": channel},
            "response_url": response_url or self.mock.response_url(),
            "actions": [{"action_id": action_id, "block_id": f"uppdrag:{value}", "value": value,
                         "type": "button", "text": {"type": "plain_text", "text": "knapp"},
                         "action_ts": self.mock.stamp()}],
        }
        if from_home:
            del payload["response_url"], payload["channel"]
            payload["container"] = {"type": "view", "view_id": "V0HOME"}
            payload["view"] = {"id": "V0HOME", "type": "home", "blocks": []}
        return urllib.parse.urlencode({"payload": json.dumps(payload)})

    def view_submission_form(self, view: dict[str, Any], values: dict[str, Any],
                             user: str = "U0ANNA") -> str:
        """The form body of a modal's submission: ``view`` as opened, with ``values``
        as state ({block_id: {action_id: element state}})."""
        payload = {
            "type": "view_submission", "team": {"id": TEAM_ID},
            "user": {"id": user, "username": "anna", "team_id": TEAM_ID},
            "api_app_id": "A0STYRBOT", "token": "legacy-unused",
            "trigger_id": self.new_id("13345224609."),
            "view": {**view, "id": view.get("id") or self.new_id("V0"),
                     "hash": self.new_id("h"), "state": {"values": values}},
        }
        return urllib.parse.urlencode({"payload": json.dumps(payload)})

    # sending

    def headers(self, body: str, timestamp: int | None = None,
                secret: str | None = None) -> dict[str, str]:
        # Bolt checks the signature's timestamp against the machine's clock, not ours
        ts = str(int(Clock.real().epoch()) if timestamp is None else timestamp)
        sig = SignatureVerifier(secret or self.secret).generate_signature(timestamp=ts, body=body)
        return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig or ""}

    def send(self, payload: dict[str, Any] | str, headers: dict[str, str] | None = None,
             retry: int | None = None, sign: bool = True) -> Sent:
        """POST to the app; a dict is sent as JSON (events), a str as a form."""
        if isinstance(payload, str):
            body, ctype = payload, "application/x-www-form-urlencoded"
        else:
            body, ctype = json.dumps(payload), "application/json"
        h = {"Content-Type": ctype, "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}
        if sign:
            h.update(self.headers(body))
        if retry is not None:
            h.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
        h.update(headers or {})
        return post(self.url, body.encode(), h)


def post(url: str, data: bytes, headers: dict[str, str], timeout: float = 10) -> Sent:
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    start = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return Sent(resp.status, resp.read().decode(), time.monotonic() - start)
    except urllib.error.HTTPError as err:
        return Sent(err.code, err.read().decode(errors="replace"), time.monotonic() - start)


# --- the real `styrbot serve` in a subprocess ------------------------------------------------


class Process:
    """A subprocess whose stderr is collected line by line in a thread."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: str | os.PathLike[str],
                 new_session: bool = False) -> None:
        self.proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True,
                                     start_new_session=new_session)
        self.lines: list[str] = []
        self.ended = False
        self._cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._cond:
                self.lines.append(line)
                self._cond.notify_all()
        with self._cond:
            self.ended = True
            self._cond.notify_all()

    def wait_for_line(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for line in self.lines:
                    if m := re.search(pattern, line):
                        return m
                if self.ended or time.monotonic() > deadline:
                    raise AssertionError(f"no {pattern!r} in: {''.join(self.lines)}")
                self._cond.wait(0.2)

    def serving_url(self, timeout: float = 60) -> str:
        """Wait until gunicorn's worker is up; the app's /slack/events URL."""
        port = self.wait_for_line(r"Listening at: http://[\d.]+:(\d+)", timeout).group(1)
        self.wait_for_line(r"Booting worker", timeout)
        return f"http://127.0.0.1:{port}/slack/events"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def serve_styrbot(env: dict[str, str], cwd: str | os.PathLike[str],
                  timeout: float = 60) -> tuple[subprocess.Popen[str], str]:
    """Start `styrbot serve` (PORT=0 in ``env``) in its own session, so that master and
    worker can be signalled together (os.killpg); wait until the worker is up. Returns the
    process and the app's /slack/events URL."""
    served = Process([str(Path(sys.executable).with_name("styrbot")), "serve"], env, cwd,
                     new_session=True)
    try:
        return served.proc, served.serving_url(timeout)
    except AssertionError:
        served.proc.kill()
        raise
