"""The Teams token check (bot/teams/auth.py) case by case: the reason each refusal gives the
log, the edges of the five minutes' leeway, what is taken from the key set and what is
skipped, and when the set is fetched again. The keys come over HTTP from the stand-in."""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

import jwt
import pytest

from bot.clock import Clock
from bot.teams.auth import AuthError, TokenValidator
from tests.teams.conftest import Teams, post
from tests.teams.stand_in import APP_ID, ISSUER, StandIn, activity, session_key


def unkeyed(ms: StandIn, **claims: Any) -> str:
    """A token signed with k1's key, with no key id in its header and exactly ``claims``."""
    return jwt.encode(claims, session_key(), algorithm="RS256")


def by_hand(header: dict[str, Any], claims: dict[str, Any]) -> str:
    """A token signed with k1's key whose header PyJWT would not write (a key id that is
    not a string)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    signed = f"{part(header)}.{part(claims)}"
    sig = session_key().sign(signed.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signed + "." + base64.urlsafe_b64encode(sig).rstrip(b"=").decode()


def now_claims(ms: StandIn) -> dict[str, Any]:
    t = int(ms.clock.epoch())
    return {"iss": ISSUER, "aud": APP_ID, "exp": t + 3600, "nbf": t - 10,
            "serviceurl": ms.service_url}


REFUSALS: dict[str, tuple[Any, str]] = {
    # name: (what to send as the Authorization header, given the stand-in; the logged reason)
    "no header": (lambda ms: None, "no Authorization header"),
    "basic": (lambda ms: "Basic dXNlcjpwdw==", "not a bearer token"),
    "three words": (lambda ms: "Bearer x y", "not a bearer token"),
    "not a JWT": (lambda ms: "Bearer a.b.c", "not a JWT: "),
    "HS256": (lambda ms: "Bearer " + ms.token(algorithm="HS256"), "algorithm 'HS256' is not RS256"),
    "no key id": (lambda ms: "Bearer " + unkeyed(ms, **now_claims(ms)), "no key id"),
    "an empty key id": (lambda ms: "Bearer " + by_hand({"alg": "RS256", "kid": ""},
                                                       now_claims(ms)), "no key id"),
    "unknown key id": (lambda ms: "Bearer " + ms.token(kid="nobody"), "unknown key id 'nobody'"),
    "expired": (lambda ms: "Bearer " + ms.token(expires_in=-301), "token expired"),
    "not yet": (lambda ms: "Bearer " + ms.token(not_before=301), "token not valid yet"),
    "exp as text": (lambda ms: "Bearer " + ms.token(exp="9999999999"), "exp and nbf must be numbers"),
    "exp as true": (lambda ms: "Bearer " + ms.token(exp=True), "exp and nbf must be numbers"),
    "no nbf": (lambda ms: "Bearer " + jwt.encode(
        {k: v for k, v in now_claims(ms).items() if k != "nbf"}, session_key(), "RS256",
        headers={"kid": "k1"}), 'token refused: Token is missing the "nbf" claim'),
    "wrong audience": (lambda ms: "Bearer " + ms.token(audience="someone-else"),
                       "token refused: "),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_each_refused_token_is_401_with_its_reason_in_the_log(
        teams: Teams, caplog: pytest.LogCaptureFixture, name: str) -> None:
    header, reason = REFUSALS[name]
    value = header(teams.ms)
    act = activity(service_url=teams.ms.service_url)
    with caplog.at_level(logging.INFO, logger="styrbot.teams"):
        got = post(teams.served.url, act, None,
                   headers={} if value is None else {"Authorization": value})
    assert got.status == 401
    said = [m for m in caplog.messages if m.startswith("Teams: 401 (")]
    assert len(said) == 1, said
    if reason.endswith(": "):  # PyJWT's own words follow
        assert said[0].startswith(f"Teams: 401 ({reason}") and not said[0].endswith(": None)")
    else:
        assert said[0] == f"Teams: 401 ({reason})"


def test_an_activity_the_token_does_not_cover_is_401_with_its_reason(
        teams: Teams, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="styrbot.teams"):
        other = activity(service_url=teams.ms.service_url + "other/")
        assert post(teams.served.url, other, teams.ms.token()).status == 401
        assert teams.deliver(activity(service_url=teams.ms.service_url,
                                      channel="webchat")).status == 401
    assert [m for m in caplog.messages if m.startswith("Teams: 401")] == [
        "Teams: 401 (the activity's serviceUrl is not the token's serviceurl claim)",
        "Teams: 401 (channel 'webchat' is not endorsed by the signing key)"]


def test_the_leeway_is_five_minutes_to_the_second(ms: StandIn) -> None:
    clock = Clock.fixed("2026-11-23T09:00:00")
    t = int(clock.epoch())
    validator = TokenValidator(ms.openid_url, APP_ID, clock=clock)

    def check(exp: int, nbf: int) -> None:
        validator.verify(f"Bearer {ms.token(exp=exp, nbf=nbf)}")

    check(exp=t - 300, nbf=t - 3600)  # expired exactly five minutes ago
    check(exp=t + 3600, nbf=t + 300)  # valid in exactly five minutes
    with pytest.raises(AuthError, match="^token expired$"):
        check(exp=t - 301, nbf=t - 3600)
    with pytest.raises(AuthError, match="^token not valid yet$"):
        check(exp=t + 3600, nbf=t + 301)


def test_an_issued_at_a_little_ahead_of_our_clock_is_accepted(ms: StandIn) -> None:
    """Clocks differ: iat is not checked (exp and nbf are, with the leeway)."""
    validator = TokenValidator(ms.openid_url, APP_ID)
    token = ms.token(iat=int(ms.clock.epoch()) + 200)
    assert validator.verify(f"Bearer {token}").claims["aud"] == APP_ID


def test_the_event_loops_check_never_fetches_keys(ms: StandIn) -> None:
    """verify_cached answers from the keys it has, or says it cannot (LookupError): the
    fetch is left to a thread."""
    validator = TokenValidator(ms.openid_url, APP_ID, refresh_interval=0)
    k1 = f"Bearer {ms.token()}"
    with pytest.raises(LookupError):
        validator.verify_cached(k1)  # no keys yet
    assert ms.key_fetches == 0
    validator.verify(k1)
    assert validator.verify_cached(k1).claims["aud"] == APP_ID  # a known key, a fresh set
    ms.rotate("k2")
    with pytest.raises(LookupError):
        validator.verify_cached(f"Bearer {ms.token(kid='k2')}")
    assert ms.key_fetches == 1


def test_made_up_key_ids_fetch_the_set_at_most_once_per_interval(ms: StandIn) -> None:
    validator = TokenValidator(ms.openid_url, APP_ID, refresh_interval=3600)
    k1 = f"Bearer {ms.token()}"
    validator.verify(k1)
    validator.verify(k1)
    for kid in ("a", "b", "c"):
        with pytest.raises(AuthError, match=f"^unknown key id '{kid}'$"):
            validator.verify(f"Bearer {ms.token(kid=kid)}")
    assert ms.key_fetches == 1


def test_a_set_that_cannot_be_fetched_is_logged_and_the_old_keys_count_until_it_can(
        ms: StandIn, caplog: pytest.LogCaptureFixture) -> None:
    validator = TokenValidator(ms.openid_url, APP_ID, refresh_interval=0, max_age=0)
    k1 = f"Bearer {ms.token()}"
    validator.verify(k1)
    gone = ms.base + "/gone"
    validator.openid_url = gone
    with caplog.at_level(logging.WARNING, logger="styrbot.teams"):
        with pytest.raises(AuthError, match="^signing keys unavailable$"):
            validator.verify(f"Bearer {ms.token(kid='k9')}")  # a key it never had
        assert validator.verify(k1).claims["aud"] == APP_ID  # the keys it has still count
    assert caplog.messages[0] == (
        f"Teams: could not fetch the signing keys from {gone}: HTTP Error 404: Not Found")
    # reachable again, and k1 withdrawn: the set is fetched again and k1 no longer counts
    validator.openid_url = ms.openid_url
    ms.rotate("k2")
    del ms.keys["k1"]
    with pytest.raises(AuthError, match="^unknown key id 'k1'$"):
        validator.verify(k1)


def key_set(*keys: dict[str, Any]) -> bytes:
    return json.dumps({"keys": list(keys)}).encode()


def k1_jwk(ms: StandIn, **extra: Any) -> dict[str, Any]:
    from jwt.algorithms import RSAAlgorithm

    jwk = json.loads(RSAAlgorithm.to_jwk(ms.keys["k1"].public_key()))
    return {**jwk, "kid": "k1", "use": "sig", "endorsements": ["msteams"], **extra}


def test_keys_that_are_not_rsa_are_skipped_quietly_and_unusable_ones_with_a_warning(
        ms: StandIn, caplog: pytest.LogCaptureFixture) -> None:
    ec = {"kty": "EC", "kid": "e1", "crv": "P-256", "x": "AA", "y": "AA"}
    broken = {"kty": "RSA", "kid": "bad"}
    ms.keys_body = key_set(ec, broken, {"kty": "RSA"}, k1_jwk(ms))
    validator = TokenValidator(ms.openid_url, APP_ID)
    with caplog.at_level(logging.WARNING, logger="styrbot.teams"):
        assert validator.verify(f"Bearer {ms.token()}").claims["aud"] == APP_ID
    [warning] = caplog.records
    assert warning.getMessage().startswith("Teams: signing key 'bad' is not usable: ")
    assert not warning.getMessage().endswith(": None")


def test_a_key_without_endorsements_endorses_no_channel(ms: StandIn) -> None:
    ms.keys_body = key_set({k: v for k, v in k1_jwk(ms).items() if k != "endorsements"})
    verified = TokenValidator(ms.openid_url, APP_ID).verify(f"Bearer {ms.token()}")
    with pytest.raises(AuthError, match="^channel 'msteams' is not endorsed by the signing key$"):
        verified.check_activity(activity(service_url=ms.service_url))


def test_a_set_without_keys_has_no_keys(ms: StandIn) -> None:
    ms.keys_body = b"{}"
    with pytest.raises(AuthError, match="^unknown key id 'k1'$"):
        TokenValidator(ms.openid_url, APP_ID).verify(f"Bearer {ms.token()}")


def test_a_set_that_is_no_json_object_is_logged_as_such(
        ms: StandIn, caplog: pytest.LogCaptureFixture) -> None:
    ms.keys_body = b"[]"
    with (caplog.at_level(logging.WARNING, logger="styrbot.teams"),
          pytest.raises(AuthError, match="^signing keys unavailable$")):
        TokenValidator(ms.openid_url, APP_ID).verify(f"Bearer {ms.token()}")
    # the Teams logger's records only: asyncio may log an earlier test's task collected now
    assert [r.getMessage() for r in caplog.records if r.name.startswith("styrbot.teams")] == [
        f"Teams: could not fetch the signing keys from {ms.openid_url}: not a JSON object"]


def test_a_key_set_is_read_up_to_a_million_bytes(ms: StandIn) -> None:
    """A million bytes is plenty for a key set; a longer answer is cut there (and is then
    no JSON): nothing unbounded is read from the network."""
    body = key_set(k1_jwk(ms))
    token = f"Bearer {ms.token()}"
    ms.keys_body = body[:-1] + b" " * (1_000_000 - len(body)) + b"}"
    assert TokenValidator(ms.openid_url, APP_ID).verify(token).claims["aud"] == APP_ID
    ms.keys_body = body[:-1] + b" " * (1_000_001 - len(body)) + b"}"
    with pytest.raises(AuthError, match="^signing keys unavailable$"):
        TokenValidator(ms.openid_url, APP_ID).verify(token)
