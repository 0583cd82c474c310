"""What keeps everyone but Slack out: the request guards in front of the Bolt app.

Two guards, the same checks: `RequestGuard` wraps the WSGI app (`bot.slack.app.wsgi_app`)
and runs before Bolt reads anything; `SignedRequests` is the Bolt middleware behind it, for
any way into the app that does not pass the WSGI guard. A request must carry Slack's
signature (v0, HMAC-SHA256 of the body with the signing secret, at most 5 minutes old):
forged, tampered, stale or unsigned requests get 401, malformed signature headers 400, and
neither reaches a listener. Without a signing secret nothing over HTTP is trusted. Socket
Mode requests come over Slack's own authenticated connection and pass the middleware.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger("styrbot.slack")

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
MAX_BODY = 1 << 20  # 1 MiB: Slack's largest payloads (a view submission) are far smaller
MAX_TIMESTAMP_DIGITS = 12  # seconds since 1970 for the next 30 000 years; more is not Slack


def well_formed(timestamp: str, signature: str) -> bool:
    """Signature headers as Slack sends them: ASCII digits for the time, ASCII signature."""
    return (timestamp.isascii() and timestamp.isdigit()
            and len(timestamp) <= MAX_TIMESTAMP_DIGITS and signature.isascii())


def verifier(secret: str | None) -> SignatureVerifier | None:
    """The signature check for ``secret``; None (nothing passes) without one."""
    return SignatureVerifier(secret) if secret else None


class SignedRequests(Middleware):
    """The Bolt middleware: Slack's signature checked first (see the module's doc)."""

    def __init__(self, signing_secret: str | None) -> None:
        self.verifier = verifier(signing_secret)

    def process(self, *, req: BoltRequest, resp: BoltResponse,
                next: Callable[[], BoltResponse]) -> BoltResponse:
        if req.mode == "socket_mode":
            return next()
        timestamp = _header(req, "x-slack-request-timestamp")
        signature = _header(req, "x-slack-signature")
        if timestamp is None or signature is None or self.verifier is None:
            return BoltResponse(status=401, body={"error": "unsigned request"})
        if not well_formed(timestamp, signature):
            return BoltResponse(status=400, body={"error": "malformed signature headers"})
        if not self.verifier.is_valid(req.raw_body, timestamp, signature):
            log.info("refused a request with a bad or stale signature (timestamp %s)", timestamp)
            return BoltResponse(status=401, body={"error": "invalid request"})
        return next()


def _header(req: BoltRequest, name: str) -> str | None:
    values = req.headers.get(name)
    return values[0] if values else None


class RequestGuard:
    """The WSGI guard: before ``inner`` (Bolt's handler) reads anything, a body over
    MAX_BODY is a 413, and a request without a valid signature a 401, without parsing the
    body (eight unsigned 40 MB bodies cost 12 s and 700 MB when Bolt parsed them first).
    A body Slack would never send (not UTF-8, not parseable) is a 400, not a 500."""

    def __init__(self, inner: WSGIApp, signing_secret: str | None) -> None:
        self.inner = inner
        self.verifier = verifier(signing_secret)

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST":
            refused, environ = self.check(environ)
            if refused:
                return refuse(start_response, refused)
        try:
            return self.inner(environ, start_response)
        except Exception as exc:  # noqa: BLE001  (raised while parsing, before Bolt's handling)
            log.info("refused a malformed request: %r", exc)
            return refuse(start_response, "400 Bad Request")

    def check(self, environ: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
        """The refusal's status line, or None and the environ with the body read once."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or "0")
        except ValueError:
            return "400 Bad Request", environ
        if length > MAX_BODY:
            return "413 Payload Too Large", environ
        ts = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
        sig = environ.get("HTTP_X_SLACK_SIGNATURE")
        if not ts or not sig or self.verifier is None:
            return "401 Unauthorized", environ
        body = environ["wsgi.input"].read(length)
        if not well_formed(ts, sig):
            return "400 Bad Request", environ
        try:
            valid = self.verifier.is_valid(body, ts, sig)
        except UnicodeDecodeError:  # Slack signs UTF-8 text
            return "400 Bad Request", environ
        if not valid:
            log.info("refused a request with a bad or stale signature (timestamp %s)", ts)
            return "401 Unauthorized", environ
        return None, {**environ, "wsgi.input": io.BytesIO(body)}


def refuse(start_response: Callable[..., Any], status: str) -> Iterable[bytes]:
    """A refusal: its status line, also as the (plain text) body."""
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(status)))])
    return [status.encode()]
