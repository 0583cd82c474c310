"""Logging: STYRBOT_LOG sets the level, STYRBOT_LOG_FORMAT the form (text or JSON lines).

What is logged at which level (docs/drift.md says the same):
- INFO: one line per HTTP request (method, path, status, milliseconds, Slack's kind of
  request), one per Slack request over Socket Mode, and one per scheduled send (its key,
  the conversation, the outcome). Never the text of a message.
- DEBUG: also the text of messages received (shortened), for finding a bug with a user.
- WARNING and ERROR: what went wrong, with tracebacks; still no message text.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

requests_log = logging.getLogger("styrbot.requests")


class JsonLines(logging.Formatter):
    """One JSON object a line: time, level, logger, message (and the traceback, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("method", "path", "status", "ms", "kind"):
            if hasattr(record, key):
                out[key] = getattr(record, key)
        if record.exc_info:
            out["traceback"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def setup(level: str = "WARNING", fmt: str = "text") -> None:
    """Configure the root logger once (a second call replaces the handler)."""
    level = (level or "WARNING").upper()
    if level not in LEVELS:
        raise ValueError(f"STYRBOT_LOG ska vara en av {', '.join(LEVELS)}, inte {level!r}")
    fmt = (fmt or "text").lower()
    if fmt not in FORMATS:
        raise ValueError(f"STYRBOT_LOG_FORMAT ska vara text eller json, inte {fmt!r}")
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_styrbot", False):
            root.removeHandler(old)
    handler._styrbot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def logged(app: WSGIApp) -> WSGIApp:
    """``app`` with one INFO line per request: method, path, status and milliseconds (no
    body, no query string: neither is needed to follow the traffic, and both may hold text)."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start = time.monotonic()
        status: list[str] = []

        def recording(code: str, headers: list[Any], exc_info: Any = None) -> Any:
            status.append(code.split(" ", 1)[0])
            return start_response(code, headers, exc_info) if exc_info else start_response(code, headers)

        try:
            return app(environ, recording)
        finally:
            method, path = environ.get("REQUEST_METHOD", "?"), environ.get("PATH_INFO", "?")
            code = status[0] if status else "-"
            ms = round((time.monotonic() - start) * 1000, 1)
            retry = environ.get("HTTP_X_SLACK_RETRY_NUM")
            requests_log.info("%s %s %s %.1f ms%s", method, path, code, ms,
                              f" (Slack retry {retry})" if retry else "",
                              extra={"method": method, "path": path, "status": code, "ms": ms})

    return application


def slack_kind(body: dict[str, Any]) -> str:
    """What a Slack request is, in a word or two (never its text): "event message",
    "command /styrbot", "block_actions" …"""
    if body.get("command"):
        return f"command {body['command']}"
    event = body.get("event") or {}
    if event:
        return f"event {event.get('type')}"
    return str(body.get("type") or "?")


def socket_request_line(req: Any, next: Callable[[], Any]) -> Any:
    """A Bolt middleware: the same INFO line for a request that came over Socket Mode."""
    start = time.monotonic()
    resp = next()
    ms = round((time.monotonic() - start) * 1000, 1)
    kind = slack_kind(req.body if isinstance(req.body, dict) else {})
    status = getattr(resp, "status", "-")
    requests_log.info("socket %s %s %.1f ms", kind, status, ms,
                      extra={"method": "socket", "kind": kind, "status": status, "ms": ms})
    return resp
