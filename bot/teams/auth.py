"""Who may talk to the bot: the Bot Framework's JWT on every incoming activity.

The Agents SDK's own `JwtTokenValidator` takes its keys from a fixed URL per issuer and checks
the service URL by host only, so this module does the check instead, on the real code path in
tests too (see docs/teams-setup.md):

- RS256, signed by a key from the `jwks_uri` of the OpenID metadata at TEAMS_OPENID_URL. Keys
  are cached for a day (a key withdrawn from the set stops counting then); a token with an
  unknown key id fetches the keys again (at most every ``refresh_interval`` seconds, so a
  flood of made-up key ids cannot make us fetch per request).
- the key's `endorsements` include the activity's `channelId`;
- issuer `https://api.botframework.com`, audience TEAMS_APP_ID;
- `exp` and `nbf` present and valid, with five minutes' leeway;
- the `serviceurl` claim equal to the activity's `serviceUrl`.

Anything else raises `AuthError`; the server answers 401 and runs nothing.

The channel sends the same token with every activity for about an hour, so a token that passed
is remembered (the newest `REMEMBER_TOKENS`) with its claims and the key that verified it: the
same token again is not parsed and its signature not verified again while that key, the very
object, is still the set's key of its id (a fetched set makes new ones: verified afresh; a key
gone from the set: refused). Expiry and not-before are checked every time, and the activity's
channel and service URL against it, as for a new token. A token that failed is not
remembered.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import jwt
from jwt.algorithms import RSAAlgorithm

from bot.clock import Clock

log = logging.getLogger("styrbot.teams")

ISSUER = "https://api.botframework.com"
LEEWAY = 300  # seconds: the Bot Framework's documented clock skew
MAX_AGE = 24 * 3600.0  # seconds a fetched key set is trusted before it is fetched again
FETCH_TIMEOUT = 10
REMEMBER_TOKENS = 256  # verified tokens kept (the channel reuses one for about an hour)


class AuthError(Exception):
    """The request is not from the Bot Framework for this bot (the reason is for the log)."""


@dataclass(frozen=True)
class _Key:
    key: Any  # an RSA public key
    endorsements: frozenset[str]


@dataclass(frozen=True)
class Verified:
    """A token that passed every check but the activity's own (channel and service URL)."""

    claims: dict[str, Any]
    endorsements: frozenset[str]

    def check_activity(self, activity: dict[str, Any]) -> str:
        """The activity's service URL, once it is the token's and its channel is endorsed."""
        channel = activity.get("channelId")
        if not isinstance(channel, str) or channel not in self.endorsements:
            raise AuthError(f"channel {channel!r} is not endorsed by the signing key")
        url = activity.get("serviceUrl")
        if not isinstance(url, str) or url != self.claims.get("serviceurl"):
            raise AuthError("the activity's serviceUrl is not the token's serviceurl claim")
        return url


class TokenValidator:
    def __init__(self, openid_url: str, app_id: str, *, refresh_interval: float = 60.0,
                 max_age: float = MAX_AGE, clock: Clock | None = None) -> None:
        self.max_age = max_age
        self.openid_url = openid_url
        self.clock = clock or Clock.real()  # a token's time is real time, even in a demo
        self.app_id = app_id
        self.refresh_interval = refresh_interval
        self._keys: dict[str, _Key] = {}
        self._fetched_at: float | None = None  # time.monotonic() of the last fetch
        self._lock = threading.Lock()
        # token -> (key id, the key that verified it, its claims), oldest first
        self._passed: OrderedDict[str, tuple[str, _Key, dict[str, Any]]] = OrderedDict()
        self._passed_lock = threading.Lock()

    def verify_cached(self, authorization: str | None) -> Verified:
        """As `verify`, but raise LookupError instead of fetching keys (for an event loop)."""
        return self.verify(authorization, fetch=False)

    def verify(self, authorization: str | None, *, fetch: bool = True) -> Verified:
        """Check the Authorization header's bearer token (everything but the activity)."""
        token = _bearer(authorization)
        with self._passed_lock:
            passed = self._passed.get(token)
        if passed is not None:
            known, verified_by, passed_claims = passed
            if not fetch and (known not in self._keys or self._stale()):
                raise LookupError(known)
            if self.key(known) is verified_by:  # the set's key of that id still, unchanged
                self._check_times(passed_claims)
                return Verified(dict(passed_claims), verified_by.endorsements)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError(f"not a JWT: {exc}") from None
        if header.get("alg") != "RS256":
            raise AuthError(f"algorithm {header.get('alg')!r} is not RS256")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthError("no key id")
        if not fetch and (kid not in self._keys or self._stale()):
            raise LookupError(kid)
        key = self.key(kid)
        try:
            claims = jwt.decode(
                token, key.key, algorithms=["RS256"], audience=self.app_id, issuer=ISSUER,
                options={"require": ["exp", "nbf", "iss", "aud"], "verify_exp": False,
                         "verify_nbf": False, "verify_iat": False},
            )
        except jwt.PyJWTError as exc:
            raise AuthError(f"token refused: {exc}") from None
        self._check_times(claims)
        with self._passed_lock:
            self._passed[token] = (kid, key, dict(claims))
            self._passed.move_to_end(token)
            while len(self._passed) > REMEMBER_TOKENS:
                self._passed.popitem(last=False)
        return Verified(claims, key.endorsements)

    def _check_times(self, claims: dict[str, Any]) -> None:
        """exp and nbf against our clock (PyJWT would read the wall clock itself)."""
        exp, nbf = claims.get("exp"), claims.get("nbf")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (exp, nbf)):
            raise AuthError("exp and nbf must be numbers")
        now = self.clock.epoch()
        if now > float(exp) + LEEWAY:  # type: ignore[arg-type]
            raise AuthError("token expired")
        if now < float(nbf) - LEEWAY:  # type: ignore[arg-type]
            raise AuthError("token not valid yet")

    def key(self, kid: str) -> _Key:
        """The signing key ``kid``: from the cache, else from a fresh fetch of the key set."""
        key = self._keys.get(kid)
        if key is not None and not self._stale():
            return key
        with self._lock:
            stale, key = self._stale(), self._keys.get(kid)
            if stale or (key is None and self._may_fetch()):
                try:
                    self._keys = self._fetch()
                    self._fetched_at = time.monotonic()
                except AuthError:
                    if not stale or key is None:
                        raise
                    # the set cannot be had now: the keys we have still count; again soon
                    assert self._fetched_at is not None
                    self._fetched_at = time.monotonic() - self.max_age + self.refresh_interval
                key = self._keys.get(kid)
        if key is None:
            raise AuthError(f"unknown key id {kid!r}")
        return key

    def _stale(self) -> bool:
        return self._fetched_at is not None and time.monotonic() - self._fetched_at > self.max_age

    def _may_fetch(self) -> bool:
        return (self._fetched_at is None
                or time.monotonic() - self._fetched_at >= self.refresh_interval)

    def _fetch(self) -> dict[str, _Key]:
        try:
            meta = _get_json(self.openid_url)
            jwks = _get_json(str(meta["jwks_uri"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:  # no keys: nothing is trusted
            log.warning("Teams: could not fetch the signing keys from %s: %s", self.openid_url, exc)
            raise AuthError("signing keys unavailable") from None
        keys: dict[str, _Key] = {}
        for jwk in jwks.get("keys", []):
            kid = jwk.get("kid")
            if not kid or jwk.get("kty") != "RSA":
                continue
            try:
                pub = RSAAlgorithm.from_jwk(json.dumps(jwk))
            except (jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
                log.warning("Teams: signing key %r is not usable: %s", kid, exc)
                continue
            keys[kid] = _Key(pub, frozenset(e for e in jwk.get("endorsements", [])
                                            if isinstance(e, str)))
        return keys


def _bearer(authorization: str | None) -> str:
    if not authorization:
        raise AuthError("no Authorization header")
    parts = authorization.split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        raise AuthError("not a bearer token")
    return parts[1]


def _get_json(url: str) -> dict[str, Any]:
    req = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=FETCH_TIMEOUT) as resp:
        data = json.loads(resp.read(1_000_000))
    if not isinstance(data, dict):
        raise TypeError("not a JSON object")
    return data
