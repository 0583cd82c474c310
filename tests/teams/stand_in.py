"""A local Microsoft for the Teams tests: what the Bot Framework and Entra would be.

One HTTP server on 127.0.0.1 (port 0) serving
- OpenID metadata (`openid_url`) whose `jwks_uri` lists the RSA keys generated here, each
  endorsed for `msteams`;
- a token endpoint (`token_url`) that records every client-credentials form and answers a
  token;
- a connector under a path prefix (`service_url`, like Teams' `…/emea/`) that records every
  activity sent to `v3/conversations/…` with its bearer token, and answers a member's
  `aadObjectId` for `GET v3/conversations/{id}/members/{member}`.

`token(...)` signs what the channel would send; its arguments make it wrong in one way each.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from bot.clock import Clock

ISSUER = "https://api.botframework.com"
APP_ID = "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"
TENANT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
PREFIX = "/emea/"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


_SESSION_KEY: list[rsa.RSAPrivateKey] = []


def session_key() -> rsa.RSAPrivateKey:
    """One key for every stand-in of a test run (making one takes a while)."""
    if not _SESSION_KEY:
        _SESSION_KEY.append(new_key())
    return _SESSION_KEY[0]


@dataclass
class Sent:
    """An activity as the connector received it."""

    path: str
    conversation: str
    reply_to: str | None
    authorization: str | None
    activity: dict[str, Any]
    at: float = 0.0  # time.monotonic() of its arrival

    @property
    def text(self) -> str:
        """What a person sees first: the text, or a card's summary."""
        return str(self.activity.get("text") or self.activity.get("summary") or "")

    @property
    def card(self) -> dict[str, Any] | None:
        for a in self.activity.get("attachments") or []:
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return dict(a["content"])
        return None


@dataclass
class StandIn:
    keys: dict[str, rsa.RSAPrivateKey] = field(default_factory=lambda: {"k1": session_key()})
    endorsements: list[str] = field(default_factory=lambda: ["msteams"])
    sent: list[Sent] = field(default_factory=list)
    token_forms: list[dict[str, str]] = field(default_factory=list)
    key_fetches: int = 0
    members: dict[str, str] = field(default_factory=dict)  # Teams user id -> aadObjectId
    fail_sends: int = 0  # answer this many sends with 500 first
    hold_sends: threading.Event | None = None  # if set: each send is recorded, then answered once it is set
    keys_body: bytes | None = None  # served as the key set instead of the keys, if set
    lock: threading.Lock = field(default_factory=threading.Lock)
    clock: Clock = field(default_factory=Clock.real)
    arrived: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.arrived = threading.Condition(self.lock)

    def start(self) -> StandIn:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                stand_in.get(self)

            def do_POST(self) -> None:
                stand_in.post(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def openid_url(self) -> str:
        return f"{self.base}/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return f"{self.base}/{TENANT}/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        return f"{self.base}{PREFIX}"

    def env(self, db: str) -> dict[str, str]:
        return {"TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": "hemligt", "TEAMS_TENANT_ID": TENANT,
                "TEAMS_OPENID_URL": self.openid_url, "TEAMS_TOKEN_URL": self.token_url,
                "STYRBOT_DB": db}

    # --- what the channel sends ---------------------------------------------------------

    def token(self, *, service_url: str | None = None, kid: str = "k1",
              key: rsa.RSAPrivateKey | None = None, audience: str = APP_ID,
              issuer: str = ISSUER, expires_in: float = 3600, not_before: float = -10,
              algorithm: str = "RS256", **claims: Any) -> str:
        now = self.clock.epoch()
        body = {"iss": issuer, "aud": audience, "exp": int(now + expires_in),
                "nbf": int(now + not_before), "serviceurl": service_url or self.service_url,
                **claims}
        signing: Any = key or self.keys.get(kid) or self.keys["k1"]
        if algorithm.startswith("HS"):
            signing = "a shared secret that is not a key"
        return jwt.encode(body, signing, algorithm=algorithm, headers={"kid": kid})

    def rotate(self, kid: str) -> None:
        """A new signing key appears in the key set (the channel rolls its keys)."""
        with self.lock:
            self.keys[kid] = new_key()

    def wait_for(self, conversation: str, timeout: float = 30.0) -> Sent | None:
        """The first activity sent to ``conversation``, waiting up to ``timeout`` for it."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while True:
                for s in self.sent:
                    if s.conversation == conversation:
                        return s
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.arrived.wait(left)

    def reset(self) -> None:
        with self.lock:
            self.sent.clear()

    def received(self, conversation: str | None = None) -> list[Sent]:
        with self.lock:
            return [s for s in self.sent if conversation in (None, s.conversation)]

    # --- HTTP ---------------------------------------------------------------------------

    def get(self, h: BaseHTTPRequestHandler) -> None:
        path = urllib.parse.urlparse(h.path).path
        if path == urllib.parse.urlparse(self.openid_url).path:
            return _json(h, 200, {"issuer": ISSUER, "jwks_uri": f"{self.base}/v1/keys",
                                  "id_token_signing_alg_values_supported": ["RS256"]})
        if path == "/v1/keys":
            with self.lock:
                self.key_fetches += 1
                if self.keys_body is not None:
                    h.send_response(200)
                    h.send_header("Content-Type", "application/json")
                    h.send_header("Content-Length", str(len(self.keys_body)))
                    h.end_headers()
                    h.wfile.write(self.keys_body)
                    return None
                keys = []
                for kid, k in self.keys.items():
                    jwk = json.loads(RSAAlgorithm.to_jwk(k.public_key()))
                    keys.append({**jwk, "kid": kid, "use": "sig",
                                 "endorsements": list(self.endorsements)})
            return _json(h, 200, {"keys": keys})
        parts = _connector_parts(path)
        if parts and len(parts) == 4 and parts[2] == "members":
            aad = self.members.get(urllib.parse.unquote(parts[3]))
            if aad is None:
                return _json(h, 404, {"error": {"code": "MemberNotFound"}})
            return _json(h, 200, {"id": parts[3], "aadObjectId": aad, "name": "Någon"})
        return _json(h, 404, {"error": "not found"})

    def post(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length)
        path = urllib.parse.urlparse(h.path).path
        if path == urllib.parse.urlparse(self.token_url).path:
            form = dict(urllib.parse.parse_qsl(raw.decode()))
            with self.lock:
                self.token_forms.append(form)
            if form.get("client_secret") != "hemligt":
                return _json(h, 401, {"error": "invalid_client"})
            return _json(h, 200, {"token_type": "Bearer", "expires_in": 3599,
                                  "access_token": f"bot-token-{len(self.token_forms)}"})
        parts = _connector_parts(path)
        if parts and parts[2] == "activities":
            with self.lock:
                if self.fail_sends > 0:
                    self.fail_sends -= 1
                    return _json(h, 500, {"error": {"code": "ServiceError"}})
                self.sent.append(Sent(path, urllib.parse.unquote(parts[1]),
                                      urllib.parse.unquote(parts[3]) if len(parts) > 3 else None,
                                      h.headers.get("Authorization"), json.loads(raw or b"{}"),
                                      time.monotonic()))
                self.arrived.notify_all()
                gate = self.hold_sends
            if gate is not None:
                gate.wait(60)
            return _json(h, 200, {"id": f"act-{uuid.uuid4().hex[:12]}"})
        return _json(h, 404, {"error": "not found"})


def _connector_parts(path: str) -> list[str] | None:
    """['v3','conversations', id, 'activities'|'members', …] under the prefix, else None."""
    if not path.startswith(PREFIX + "v3/conversations/"):
        return None
    rest = path[len(PREFIX):].split("/")
    return [rest[0], rest[2], *rest[3:]] if len(rest) >= 4 else None


def _json(h: BaseHTTPRequestHandler, status: int, body: Any) -> None:
    data = json.dumps(body).encode()
    h.send_response(status)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data)


ANNA = "5d8f3c2a-1b4e-4c6d-9a7f-2e1b3c4d5e6f"  # Entra object ids
BERTIL = "7a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d"


def activity(text: str = "status uppdrag 3.2", *, user: str = ANNA, conversation: str =
             "a:personal-anna", id: str | None = None, service_url: str, channel: str = "msteams",
             kind: str = "personal", **extra: Any) -> dict[str, Any]:
    """A message activity as Teams sends it."""
    return {
        "type": "message", "id": id or uuid.uuid4().hex[:16], "channelId": channel,
        "serviceUrl": service_url, "text": text, "textFormat": "plain",
        "timestamp": "2026-11-23T08:00:00.000Z", "locale": "sv-SE",
        "from": {"id": f"29:{user}", "name": "Anna", "aadObjectId": user},
        "recipient": {"id": f"28:{APP_ID}", "name": "Styrbot"},
        "conversation": {"id": conversation, "conversationType": kind, "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}}, **extra,
    }
