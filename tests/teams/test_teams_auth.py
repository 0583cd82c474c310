"""Every request's JWT is checked on the real path: anything but the channel's valid token for
this bot and this service URL is a 401, and nothing runs (no reply, nothing stored)."""

from __future__ import annotations

from typing import Any

import pytest

from store import inbox
from tests.teams.conftest import Teams, post
from tests.teams.stand_in import APP_ID, StandIn, activity, new_key, session_key


def _nothing_ran(teams: Teams) -> None:
    assert teams.ms.received() == []
    assert inbox.counts(teams.store) == {}


def test_a_valid_token_is_answered_in_its_conversation(teams: Teams) -> None:
    resp, act = teams.send("status uppdrag 3.2")
    assert resp.status == 200
    [sent] = teams.ms.received()
    assert sent.conversation == act["conversation"]["id"]
    assert sent.reply_to == act["id"]
    assert sent.path.startswith("/emea/v3/conversations/")  # the service URL's path is kept
    assert sent.authorization == "Bearer bot-token-1"
    assert sent.card is not None and "3.2" in sent.text
    form = teams.ms.token_forms[0]
    assert form["grant_type"] == "client_credentials"
    assert form["scope"] == "https://api.botframework.com/.default"


BAD_TOKENS: dict[str, dict[str, Any]] = {
    "forged (another key, same kid)": {"key": new_key()},
    "expired beyond the leeway": {"expires_in": -360},  # a minute past the 5 minutes:
    "not valid yet beyond the leeway": {"not_before": 360},  # a slow machine stays beyond
    "wrong audience": {"audience": "00000000-0000-0000-0000-000000000000"},
    "wrong issuer": {"issuer": "https://sts.windows.net/evil/"},
    "unknown key id": {"kid": "nobody"},
    "HS256 with a made-up secret": {"algorithm": "HS256"},
}


@pytest.mark.parametrize("name", list(BAD_TOKENS))
def test_a_bad_token_is_401_and_nothing_runs(teams: Teams, name: str) -> None:
    resp, _ = teams.send("uppdatera 3.2: pågår 50 % farligt", token=teams.ms.token(**BAD_TOKENS[name]))
    assert resp.status == 401
    _nothing_ran(teams)


def test_within_the_leeway_is_accepted(teams: Teams) -> None:
    resp, _ = teams.send(token=teams.ms.token(expires_in=-200, not_before=200))
    assert resp.status == 200


def test_a_serviceurl_claim_that_is_not_the_activitys_is_401(teams: Teams) -> None:
    """The sender cannot make the bot post its token to an address of its choosing."""
    evil = "http://127.0.0.1:9/steal/"
    act = activity("status uppdrag 3.2", service_url=evil)
    resp = post(teams.served.url, act, teams.ms.token())  # token says the real service URL
    assert resp.status == 401
    same_host = activity("status uppdrag 3.2", service_url=teams.ms.service_url + "other/")
    assert post(teams.served.url, same_host, teams.ms.token()).status == 401  # host alone is not enough
    _nothing_ran(teams)


def test_a_channel_the_key_does_not_endorse_is_401(teams: Teams) -> None:
    act = activity(service_url=teams.ms.service_url, channel="webchat")
    assert teams.deliver(act).status == 401
    _nothing_ran(teams)


@pytest.mark.parametrize("header", [None, "", "Bearer", "Basic dXNlcjpwdw==", "Bearer a.b.c",
                                    "Bearer x y"])
def test_no_or_malformed_authorization_is_401(teams: Teams, header: str | None) -> None:
    act = activity(service_url=teams.ms.service_url)
    headers = {"Authorization": header} if header is not None else {}
    assert post(teams.served.url, act, None, headers=headers).status == 401
    _nothing_ran(teams)


def test_an_unsigned_body_is_not_read(teams: Teams) -> None:
    """401 on the header alone: a large body without a token costs nothing."""
    resp = post(teams.served.url, None, None, raw=b"{" * 900_000)
    assert resp.status == 401


def test_a_new_signing_key_is_fetched_once_on_an_unknown_kid(teams: Teams) -> None:
    assert teams.send()[0].status == 200
    fetched = teams.ms.key_fetches
    teams.ms.rotate("k2")
    assert teams.send(token=teams.ms.token(kid="k2"))[0].status == 200
    assert teams.ms.key_fetches == fetched + 1
    assert teams.send(token=teams.ms.token(kid="k2"))[0].status == 200
    assert teams.ms.key_fetches == fetched + 1  # cached


def test_an_authenticated_body_that_is_no_activity_is_400_not_500(teams: Teams) -> None:
    tok = teams.ms.token()
    assert post(teams.served.url, None, tok, raw=b"not json").status in (400, 401)
    assert post(teams.served.url, [1, 2], tok).status == 400
    act = activity(service_url=teams.ms.service_url)
    del act["conversation"]
    assert post(teams.served.url, act, tok).status == 400


def test_a_key_withdrawn_from_the_set_stops_counting_when_the_set_is_fetched_again(
        ms: StandIn) -> None:
    from bot.teams.auth import AuthError, TokenValidator

    validator = TokenValidator(ms.openid_url, APP_ID, refresh_interval=0, max_age=0)
    assert validator.verify(f"Bearer {ms.token()}").claims["aud"] == APP_ID
    ms.rotate("k2")
    del ms.keys["k1"]  # the channel withdrew k1
    with pytest.raises(AuthError):
        validator.verify(f"Bearer {ms.token(kid='k1', key=session_key())}")
    assert validator.verify(f"Bearer {ms.token(kid='k2')}").claims["aud"] == APP_ID


def test_a_key_set_that_cannot_be_fetched_again_keeps_the_keys_it_had(ms: StandIn) -> None:
    from bot.teams.auth import TokenValidator

    validator = TokenValidator(ms.openid_url, APP_ID, refresh_interval=0, max_age=0)
    token = ms.token()
    validator.verify(f"Bearer {token}")
    validator.openid_url = ms.base + "/gone"  # the metadata is not reachable now
    assert validator.verify(f"Bearer {token}").claims["aud"] == APP_ID


def test_an_activity_from_another_tenant_is_refused_and_nothing_runs(teams: Teams) -> None:
    """A valid channel token, but another organisation's Teams: the plan stays the
    municipality's own."""
    act = activity(service_url=teams.ms.service_url)
    act["conversation"]["tenantId"] = act["channelData"]["tenant"]["id"] = "another-tenant"
    assert teams.deliver(act).status == 403
    del act["conversation"]["tenantId"], act["channelData"]["tenant"]
    assert teams.deliver(act).status == 403
    _nothing_ran(teams)


def test_a_token_that_passed_is_not_verified_again_but_still_checked_every_time(
        ms: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    """The channel reuses its token: the second time it is neither parsed nor its signature
    verified (PyJWT's decode is not called), yet its expiry is checked, a token differing in
    its signature is verified as new (and refused), and once its key is gone from a fetched
    set, or another key has its id, it is refused."""
    import datetime as dt

    import jwt

    from bot.clock import Clock
    from bot.teams.auth import AuthError, TokenValidator

    decoded: list[str] = []
    decode = jwt.decode
    monkeypatch.setattr(jwt, "decode", lambda token, *a, **k: decoded.append(token) or decode(
        token, *a, **k))
    validator = TokenValidator(ms.openid_url, APP_ID, refresh_interval=0)
    token = ms.token()
    for _ in range(3):
        assert validator.verify(f"Bearer {token}").claims["aud"] == APP_ID
    assert decoded == [token]
    claims = validator.verify(f"Bearer {token}").claims
    claims["aud"] = "changed by a caller"  # each caller gets its own copy
    assert validator.verify(f"Bearer {token}").claims["aud"] == APP_ID

    head, payload, signature = token.split(".")
    forged = f"{head}.{payload}.{signature[:-6]}AAAAAA"
    with pytest.raises(AuthError, match="refused"):
        validator.verify(f"Bearer {forged}")

    later = dt.datetime.fromtimestamp(ms.clock.epoch() + 4 * 3600, dt.UTC)  # past exp (1 h)
    validator.clock = Clock.fixed(later.strftime("%Y-%m-%dT%H:%M:%S"))
    with pytest.raises(AuthError, match="expired"):
        validator.verify(f"Bearer {token}")

    validator.clock = Clock.real()
    validator.max_age = 0  # the set is fetched again at each use from now on
    assert validator.verify(f"Bearer {token}").claims["aud"] == APP_ID  # new key objects
    ms.keys["k1"] = new_key()  # another key under the same id: the token's is gone
    with pytest.raises(AuthError, match="refused"):
        validator.verify(f"Bearer {token}")
    ms.rotate("k2")
    del ms.keys["k1"]  # the channel withdrew k1
    with pytest.raises(AuthError, match="unknown key id"):
        validator.verify(f"Bearer {token}")
