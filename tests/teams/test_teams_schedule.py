"""Proactive messages in Teams: a digest subscribed in a Teams channel reaches it through the
schedule's transport port (the same outbox as Slack's), once and only once; Slack and Teams
at once on one store."""

from __future__ import annotations

import base64
import datetime as dt
import html

import pytest

from bot.clock import Clock
from bot.config import Settings
from bot.domain.calendar import Calendar
from bot.ops.platforms import routing
from bot.schedule.worker import Schedule
from bot.slack.sender import SlackSender
from bot.teams.ids import is_teams
from bot.teams.sender import TeamsSender
from store import outbox
from store import subscriptions as subs
from store.outbox import Part
from tests.schedule.conftest import TZ, MovingClock
from tests.schedule.stand_in import StandIn as SlackStandIn
from tests.teams.conftest import Teams
from tests.teams.stand_in import BERTIL, activity

CHANNEL = "19:ledning@thread.tacv2"
WHEN = Clock.fixed("2026-11-23T09:00")


def _subscribe_in_teams(teams: Teams) -> None:
    act = activity("prenumerera på veckobrev", conversation=f"{CHANNEL};messageid=17000001",
                   kind="channel", id="17000001", service_url=teams.ms.service_url)
    assert teams.deliver(act).status == 200
    assert "prenumer" in html.unescape(teams.ms.received()[-1].text).lower()
    assert [r["channel"] for r in subs.active(teams.store)] == [CHANNEL]


def _teams_sender(teams: Teams) -> TeamsSender:
    s = Settings.from_env(teams.ms.env(teams.store.path), dotenv=False)
    return TeamsSender.from_settings(s, teams.store, WHEN)


def test_a_digest_subscribed_in_a_teams_channel_is_sent_there_once(teams: Teams) -> None:
    _subscribe_in_teams(teams)
    before = len(teams.ms.received())
    schedule = Schedule(teams.store, _teams_sender(teams), Calendar(TZ), WHEN)
    first = schedule.digest_now(CHANNEL)
    assert first.sent >= 1 and not first.failed and not first.pending, first
    posted = teams.ms.received()[before:]
    assert len(posted) == first.sent
    assert {p.conversation for p in posted} == {CHANNEL}  # the channel, a new thread
    assert all(p.reply_to is None for p in posted)
    assert all(p.authorization and p.authorization.startswith("Bearer bot-token") for p in posted)
    text = html.unescape(posted[0].text)
    assert "Veckobrev vecka 48" in text
    images = [a for p in posted for a in p.activity.get("attachments") or []]
    assert len(images) == 1, posted  # the trend chart, as an inline image
    assert images[0]["contentType"] == "image/png"
    assert base64.b64decode(images[0]["contentUrl"].split(",", 1)[1])[:4] == b"\x89PNG"
    again = schedule.digest_now(CHANNEL)
    assert again.sent == 0
    assert schedule.recover().sent == 0
    sunday_next = dt.datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
    assert schedule.run_due(sunday_next).sent == 0  # today's slot is the one already sent
    assert len(teams.ms.received()) == before + first.sent


def test_a_person_without_a_personal_chat_is_refused_for_good_not_retried(teams: Teams) -> None:
    sender = _teams_sender(teams)
    from bot.schedule.transport import SendError

    try:
        sender.conversation("00000000-0000-4000-8000-000000000000")
    except SendError as exc:
        assert exc.permanent
    else:
        raise AssertionError("no personal chat, yet a conversation")


def test_slack_and_teams_at_once_on_one_store(teams: Teams) -> None:
    """One municipality, two platforms: a Slack channel and a Teams channel subscribe to the
    same store; one schedule run sends each its digest on its own platform, once."""
    slack = SlackStandIn()
    try:
        _subscribe_in_teams(teams)
        subs.add(teams.store, channel="C0LEDNING", weekday=0, at="08:00", areas=(), kind="full",
                 author="U0ADMIN", now=WHEN.now() - dt.timedelta(days=1))
        sender = routing({"Slack": SlackSender("xoxb-test", slack.api_url, sleep=lambda s: None),
                          "Teams": _teams_sender(teams)})
        schedule = Schedule(teams.store, sender, Calendar(TZ), WHEN)
        before = len(teams.ms.received())
        report = schedule.run_due(dt.datetime(2026, 11, 30, 10, 0, tzinfo=TZ))  # next Monday
        assert not report.failed and not report.pending, report
        assert {p.conversation for p in teams.ms.received()[before:]} == {CHANNEL}
        assert [p.key for p in slack.posted("C0LEDNING")] == ["digest:2|C0LEDNING|2026-11-30"]
        assert not any(is_teams(p.channel) for p in slack.posted())  # nudges to Slack owners
        assert schedule.run_due(dt.datetime(2026, 11, 30, 11, 0, tzinfo=TZ)).sent == 0
        # a question in Slack's terms and one in Teams' terms, answered from the same plan
        resp, _ = teams.send("status uppdrag 3.2")
        assert resp.status == 200 and teams.ms.received()[-1].card is not None
    finally:
        slack.close()


def test_routing_and_markup() -> None:
    """Who is where, and the neutral markup in Teams' xml: data escaped, marks as tags,
    people by their names."""
    from bot.core import markup as m
    from bot.teams.markup import resolved, runs, xml

    assert is_teams("19:x@thread.tacv2") and is_teams("a:1abc") and is_teams(
        "5d8f3c2a-1b4e-4c6d-9a7f-2e1b3c4d5e6f")
    assert not is_teams("C0LEDNING") and not is_teams("U0ANNA")
    text = (m.span(m.BOLD, "Veckobrev") + " <at>x</at> 3 & 4 **a** "
            + m.span(m.PERSON, BERTIL) + "\n" + m.QUOTE + "citat")
    names = lambda ids: {BERTIL: "Bertil <B>"}
    assert xml(text, names) == ("<b>Veckobrev</b> &lt;at&gt;x&lt;/at&gt; 3 &amp; 4 **a** "
                                "Bertil &lt;B&gt;<br><blockquote>citat</blockquote>")
    assert runs(resolved(text, names)) == [
        {"type": "TextRun", "text": "Veckobrev", "weight": "bolder"},
        {"type": "TextRun", "text": " <at>x</at> 3 & 4 **a** Bertil <B>\n> citat"}]


def test_a_nudge_reaches_a_teams_owner_in_their_personal_chat(teams: Teams) -> None:
    """Bertil (an Entra object id) owns 3.1, due 1 December; he has written to Styrbot once,
    so his personal chat is known: the nudge goes there, once."""
    teams.ms.members["29:bertil"] = BERTIL
    act = activity("ansvarig 3.1 <at>Bertil</at>", id="own-1", service_url=teams.ms.service_url)
    act["entities"] = [{"type": "mention", "text": "<at>Bertil</at>",
                        "mentioned": {"id": "29:bertil", "name": "Bertil"}}]
    assert teams.deliver(act).status == 200
    teams.send("hjälp", user=BERTIL, conversation="a:personal-bertil", id="own-2")
    sender = routing({"Teams": _teams_sender(teams)})  # this process: Teams only
    schedule = Schedule(teams.store, sender, Calendar(TZ), WHEN)
    report = schedule.nudges_now()
    to_bertil = teams.ms.received("a:personal-bertil")[1:]  # after his "hjälp" answer
    assert len(to_bertil) == 1 and "3.1" in html.unescape(to_bertil[0].text)
    assert report.failed == 0  # Slack owners' nudges wait for a process with Slack
    assert schedule.nudges_now().sent == 0
    assert len(teams.ms.received("a:personal-bertil")) == 2


def test_a_send_posted_but_not_confirmed_is_found_not_sent_again(teams: Teams) -> None:
    """The worker died after Teams took the digest and before the outbox heard: recovery finds
    it in what the sender recorded, and posts nothing more."""
    _subscribe_in_teams(teams)
    clock = MovingClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=TZ))
    sender = _teams_sender(teams)
    [out] = list(Schedule(teams.store, sender, Calendar(TZ), clock).due_digests(
        clock.now(), manual=True, channel=CHANNEL))
    keys = outbox.claim(teams.store, what=out.what, recipient=out.recipient,
                        local_date=out.local_date, items=out.covers(),
                        parts=[Part({"text": m.text, "blocks": m.blocks}, None)
                               for m in sender.layout(out.document)[:1]],
                        as_of=out.as_of, owner="dead", lease_until=clock.epoch() + 120,
                        epoch=clock.epoch())
    assert keys
    before = len(teams.ms.received())
    sender.post(CHANNEL, sender.layout(out.document)[0], keys[0], clock.epoch())  # then: died
    assert len(teams.ms.received()) == before + 1
    clock.advance(minutes=5)  # the dead worker's lease runs out
    report = Schedule(teams.store, sender, Calendar(TZ), clock).recover()
    assert report.found == 1 and report.sent == 0
    assert len(teams.ms.received()) == before + 1
    assert outbox.get(teams.store, keys[0])["state"] == "sent"


def test_slack_and_teams_chat_on_one_store_see_each_others_updates(teams: Teams) -> None:
    """The live Slack app and the live Teams app on one store file: an update written in
    Slack is in Teams' history, and one written in Teams in Slack's."""
    from concurrent.futures import ThreadPoolExecutor

    from bot.slack.app import build_app, web_client
    from store.db import Store
    from tests.mock_slack import MockSlack, SlackSender
    from tests.slack.slack_harness import SECRET, serving

    mock = MockSlack()
    executor = ThreadPoolExecutor(4, "test-listener")
    slack_store = Store(teams.store.path)  # its own connection to the same file
    try:
        settings = Settings(slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                            slack_api_url=mock.api_url, db=teams.store.path,
                            admins=["U0ANNA"])
        app = build_app(settings, slack_store, WHEN, web_client(settings, timeout=5),
                        executor=executor)
        with serving(app) as url:
            sender = SlackSender(url, SECRET, mock)
            assert sender.send(sender.dm("uppdatera 3.2: pågår 55 % Skrivet i Slack")).status == 200
            mock.wait_for("chat.postMessage")
            teams.send("uppdatera 3.2: pågår 60 % Skrivet i Teams", id="both-1")
            teams.send("historik 3.2", id="both-2")
            history = html.unescape(teams.ms.received()[-1].text)
            assert "Skrivet i Slack" in history and "Skrivet i Teams" in history
            mock.reset()
            assert sender.send(sender.dm("historik 3.2")).status == 200
            [call] = mock.wait_for("chat.postMessage")
            assert "Skrivet i Teams" in str(call.body) and "Skrivet i Slack" in str(call.body)
    finally:
        executor.shutdown(wait=True)
        slack_store.close()
        mock.close()


@pytest.mark.parametrize("where", ["start", "after-dashes", "end"])
def test_a_bare_teams_id_is_shown_by_name_wherever_it_stands(where: str) -> None:
    """A person the core wrote as a bare id ("@5d8f…", a role change) is named, found from
    the dashes of the text, however many other dashes come first; a near-id is left alone."""
    from bot.teams.markup import resolved

    names = lambda ids: {BERTIL: "Bertil"} if ids == [BERTIL] else {}
    text = {"start": f"{BERTIL} äger 3.2", "after-dashes": f"a-b 12345678-x -- äger: @{BERTIL}",
            "end": f"Ansvarig @{BERTIL}"}[where]
    assert BERTIL not in resolved(text, names) and "Bertil" in resolved(text, names)
    near = "abcdefg-" + BERTIL[9:]  # seven hex digits before the first dash: no id
    assert resolved(near, names) == near
