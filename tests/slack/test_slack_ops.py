"""The Slack defects of issue 19: the slash command escapes (people and channels arrive as
IDs), a bare "@anna" or "#kanal" is refused with a hint instead of stored, and the outbox's
look-ups ask for pages of 15 and keep their lease however slowly Slack answers."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import yaml
from mock_slack import at
from slack_harness import Running

from bot.clock import Clock
from bot.core.bot import Bot
from bot.schedule.outbox import Outbox
from bot.slack.inbound import neutral, refuse
from bot.slack.sender import LOOKUP_LIMIT, SlackSender
from store import outbox
from store.db import Store
from tests.schedule.stand_in import StandIn

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T09:00"


def test_the_slash_command_escapes() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    [command] = manifest["features"]["slash_commands"]
    assert command["should_escape"] is True


def test_a_bare_name_in_slack_is_refused_with_a_hint_and_nothing_stored(slack: Running) -> None:
    roles = slack.store.query("SELECT * FROM role_events")
    subs = slack.store.query("SELECT * FROM subscriptions")
    for text, hint in (("ansvarig 3.2 @anna", "välj personen i listan"),
                       ("admin @anna", "välj personen i listan"),
                       ("ledning @anna", "välj personen i listan"),
                       ("indikatoransvarig sjukfrånvaro @anna", "välj personen i listan"),
                       ("prenumerera veckobrev måndag 08:00 #ledningsgrupp", "välj kanalen i listan")):
        url = slack.mock.response_url()
        assert slack.send.send(slack.send.command_form(text, response_url=url)).status == 200
        [call] = slack.mock.wait_for("response_url", where=at(url))
        assert call.body["response_type"] == "ephemeral", text
        assert hint in call.body["text"], (text, call.body["text"])
    payload = slack.send.dm("ansvarig 3.2 @anna")
    slack.send.send(payload)
    [call] = slack.mock.wait_for("chat.postMessage",
                                 where=lambda c: c.body["channel"] == payload["event"]["channel"])
    assert "välj personen i listan" in call.text()
    slack.settle()
    assert slack.store.query("SELECT * FROM role_events") == roles
    assert slack.store.query("SELECT * FROM subscriptions") == subs


def test_picked_people_are_stored_and_the_terminal_keeps_names(store: Store) -> None:
    bot = Bot(store, Clock.fixed(NOW), admins=("UADMIN",))
    # as the Slack adapter hands a picked person on: its mention made the core's token
    picked = bot.handle(neutral("ansvarig 3.2 <@U0ANNA12|anna>"), user="UADMIN", refuse=refuse)
    assert not picked.error, picked.text
    assert bot.handle("ansvarig 3.2 @U0BERTIL1", user="UADMIN", refuse=refuse).error is False
    typed = bot.handle("ansvarig 3.2 @anna", user="UADMIN", refuse=refuse)
    assert typed.error and "välj personen i listan" in typed.text
    assert not bot.handle("ansvarig 3.2 @anna", user="UADMIN").error  # the terminal: a name is who it is
    owners = [r["user"] for r in store.query("SELECT user FROM role_events WHERE subject = 'ks/2026/3.2' "
                                            "AND action = 'add' ORDER BY id")]
    assert owners[-3:] == ["U0ANNA12", "U0BERTIL1", "anna"]
    # a question naming someone by hand is no command that stores people: answered as usual
    assert not bot.handle("status uppdrag 3.2 @anna", user="U0X", refuse=refuse).error


def test_a_slow_look_up_keeps_its_lease_and_asks_for_pages_of_15(store: Store, tmp_path: Path) -> None:
    """Slack at 1 request a minute, scaled down: every history page waits out a 429 of one
    second, and the look-up spans many pages, longer than the lease. A second worker trying to
    take the send over on every page never gets it; the send is found, not posted again."""
    stand_in = StandIn()
    try:
        stand_in.page_size = LOOKUP_LIMIT
        channel = "C0BUSY"
        lease = 2.0
        real = Clock.real()  # the lease runs out in real seconds while Slack makes us wait
        stand_in.clock = real
        # Retry-After is waited out for real (within the run's wait budget)
        a = Outbox(store, SlackSender("xoxb", stand_in.api_url), real,
                   lease=lease, owner="worker-a")
        keys = outbox.claim(store, what="digest", recipient=channel, local_date=dt.date(2026, 11, 23),
                            items=["slow"], parts=[outbox.Part({"text": "veckobrevet", "blocks": []})],
                            as_of=real.now(), owner="worker-a", lease_until=real.epoch() + lease,
                            epoch=real.epoch())
        assert keys is not None
        [key] = keys
        # ours arrived (the crash came after Slack took it), then many more: four pages to go
        stand_in.history.append(_posted(stand_in, channel, "veckobrevet",
                                        {"event_type": "styrbot_send", "event_payload": {"key": key}}))
        for i in range(4 * LOOKUP_LIMIT):
            stand_in.history.append(_posted(stand_in, channel, f"annat {i}"))
        store.conn.execute("UPDATE outbox SET lease_until = 0, channel = ? WHERE key = ?", (channel, key))
        taken: list[bool] = []
        history_calls = [0]

        def slow(method: str, body: dict[str, Any]) -> None:
            if method != "conversations.history":
                return
            history_calls[0] += 1
            assert int(body["limit"]) == LOOKUP_LIMIT
            other = Store(store.path)
            taken.append(outbox.take_over(other, key, "worker-b", real.epoch(), real.epoch() + lease))
            other.close()
            if history_calls[0] > 1:
                stand_in.fail_next(1, status=429, retry_after=1, method="conversations.history")

        stand_in.before = slow
        began = time.monotonic()
        report = a.recover()
        spent = time.monotonic() - began
        assert report.found == 1 and report.sent == 0, report
        assert history_calls[0] >= 5 and spent > lease, "the look-up outlasted one lease"
        assert taken and not any(taken), "no other worker could take the send over meanwhile"
        row = outbox.get(store, key)
        assert row is not None and row["state"] == "sent" and row["owner"] == "worker-a"
        assert stand_in.calls_to("chat.postMessage") == []
    finally:
        stand_in.close()


def _posted(stand_in: StandIn, channel: str, text: str, meta: dict[str, Any] | None = None) -> Any:
    from tests.schedule.stand_in import Posted

    return Posted(channel, stand_in._next_ts(), text, [], meta, at=time.monotonic())

