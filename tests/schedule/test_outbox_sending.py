"""The sending side of the outbox (bot/schedule/outbox.py) step by step: what each send and
recovery reports and logs, a group that stops at a refusal or at Slack being down, a stalled
group that does not hold up the next, a taken-over send that no one else can take meanwhile,
and a message (with its chart) recovered exactly as it would have been sent."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from typing import Any

import pytest

from bot.schedule.outbox import Outgoing, Report
from bot.schedule.transport import FileSpec, Message
from store import outbox
from store.db import Store
from tests.schedule.conftest import TZ, MovingClock
from tests.schedule.stand_in import Dropped, StandIn
from tests.schedule.test_outbox import box, one

DAY = dt.date(2026, 11, 23)


def group(whom: str, *texts: str, what: str = "test") -> Outgoing:
    return Outgoing(what, whom, DAY, [Message(t, []) for t in texts],
                    dt.datetime(2026, 11, 23, 9, tzinfo=TZ))


def test_a_send_reports_and_logs_each_part(store: Store, stand_in: StandIn,
                                           moving_clock: MovingClock,
                                           caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="styrbot.sender"):
        report = box(store, stand_in, moving_clock).send(group("C0TEST", "ett", "två"))
    got = outbox.all_sends(store)
    keys = [r["key"] for r in got]
    assert keys == ["test|C0TEST|2026-11-23#1", "test|C0TEST|2026-11-23#2"]
    assert report == Report(sent=2, keys=keys)
    assert caplog.messages == [f"send {k} to C0TEST: sent" for k in keys]
    for row, posted in zip(got, stand_in.posted(), strict=True):
        assert (row["state"], row["channel"], row["ts"]) == ("sent", "C0TEST", posted.ts)
    assert box(store, stand_in, moving_clock).send(group("C0TEST", "ett")) == Report(skipped=1)


def test_reports_add_up(store: Store) -> None:
    total = Report(sent=1, keys=["a"], errors=["x"])
    total.add(Report(sent=2, found=1, failed=1, pending=3, skipped=1, keys=["b"], errors=["y"]))
    assert total == Report(sent=3, found=1, failed=1, pending=3, skipped=1, keys=["a", "b"],
                           errors=["x", "y"])


def test_a_part_refused_for_good_fails_the_rest_of_its_group_with_why(
        store: Store, stand_in: StandIn, moving_clock: MovingClock) -> None:
    """The first of three parts sent, the second refused: the third (a chart, say) makes no
    sense alone and is failed with the reason; nothing is left pending."""
    posts = [0]

    def refuse_second(method: str, body: dict[str, Any]) -> None:
        if method == "chat.postMessage":
            posts[0] += 1
            if posts[0] == 1:
                stand_in.fail_next(1, status=200, error="channel_not_found",
                                   method="chat.postMessage")

    stand_in.after = refuse_second
    report = box(store, stand_in, moving_clock).send(group("C0TEST", "ett", "två", "tre"))
    assert (report.sent, report.failed, report.pending) == (1, 1, 0)
    first, second, third = outbox.all_sends(store)
    assert [r["state"] for r in (first, second, third)] == ["sent", "failed", "failed"]
    assert third["error"] == f"inte skickad: {second['key']} avvisades"
    assert [p.text for p in stand_in.posted()] == ["ett"]


def test_slack_down_after_the_first_part_leaves_the_rest_pending(
        store: Store, stand_in: StandIn, moving_clock: MovingClock) -> None:
    def down_after_first(method: str, body: dict[str, Any]) -> None:
        if method == "chat.postMessage":
            stand_in.fail_next(50, status=503, method="chat.postMessage")

    stand_in.after = down_after_first
    report = box(store, stand_in, moving_clock).send(group("C0TEST", "ett", "två", "tre"))
    assert (report.sent, report.pending, report.failed) == (1, 2, 0)
    assert [r["state"] for r in outbox.all_sends(store)] == ["sent", "claimed", "claimed"]


def dead_workers_claim(store: Store, clock: MovingClock, what: str, whom: str,
                       parts: list[outbox.Part]) -> list[str]:
    now = clock.epoch()
    keys = outbox.claim(store, what=what, recipient=whom, local_date=DAY, items=[what],
                        parts=parts, as_of=clock.now(), owner="dead", lease_until=now + 60,
                        epoch=now)
    assert keys
    return keys


def test_a_stalled_group_is_left_whole_and_the_next_group_is_still_recovered(
        store: Store, stand_in: StandIn, moving_clock: MovingClock,
        caplog: pytest.LogCaptureFixture) -> None:
    down = dead_workers_claim(store, moving_clock, "a", "C0DOWN",
                              [outbox.Part({"text": "a1", "blocks": []}),
                               outbox.Part({"text": "a2", "blocks": []})])
    [fine] = dead_workers_claim(store, moving_clock, "b", "C0TEST",
                                [outbox.Part({"text": "b", "blocks": []})])
    moving_clock.advance(seconds=61)

    def c0down_is_unreachable(method: str, body: dict[str, Any]) -> None:
        if body.get("channel") == "C0DOWN":
            raise Dropped("C0DOWN's server is gone")

    stand_in.before = c0down_is_unreachable
    with caplog.at_level(logging.INFO, logger="styrbot.sender"):
        report = box(store, stand_in, moving_clock).recover()
    assert (report.sent, report.found, report.pending) == (1, 0, 1)
    assert report.keys == [fine]
    recovering = [m for m in caplog.messages if m.startswith("recovering")]
    assert recovering == [f"recovering unconfirmed send {down[0]} (attempt 2)",
                          f"recovering unconfirmed send {fine} (attempt 2)"]
    assert f"send {fine} to C0TEST: sent" in caplog.messages
    a2 = outbox.get(store, down[1])
    assert a2 is not None and (a2["owner"], a2["attempts"]) == ("dead", 1)  # not touched
    assert [p.text for p in stand_in.posted()] == ["b"]


def test_a_send_found_in_slack_is_confirmed_logged_and_reported(
        store: Store, stand_in: StandIn, moving_clock: MovingClock,
        caplog: pytest.LogCaptureFixture) -> None:
    from bot.slack.sender import SlackSender

    [key] = dead_workers_claim(store, moving_clock, "x", "C0TEST",
                               [outbox.Part({"text": "x", "blocks": []})])
    ts = SlackSender("xoxb-test", stand_in.api_url).post("C0TEST", Message("x"), key,
                                                         moving_clock.epoch())
    moving_clock.advance(seconds=61)
    taken: list[bool] = []

    def another_worker_tries(method: str, body: dict[str, Any]) -> None:
        if method == "conversations.history":  # while the look-up runs, the lease is ours
            other = Store(store.path)
            now = moving_clock.epoch()
            taken.append(outbox.take_over(other, key, "worker-b", now, now + 120))
            other.close()

    stand_in.before = another_worker_tries
    with caplog.at_level(logging.INFO, logger="styrbot.sender"):
        report = box(store, stand_in, moving_clock).recover()
    assert report == Report(found=1, keys=[key])
    assert taken and not any(taken)
    assert f"send {key} to C0TEST: found, already there" in caplog.messages
    row = outbox.get(store, key)
    assert row is not None and (row["state"], row["channel"], row["ts"]) == ("sent", "C0TEST", ts)
    assert len(stand_in.posted()) == 1


def arrived(stand_in: StandIn) -> list[tuple[str, dict[str, Any]]]:
    """What reached Slack, without what differs between two sends of the same message."""
    out = []
    for c in stand_in.calls:
        if c.method in ("conversations.history", "conversations.open"):
            continue
        body = {k: v for k, v in c.body.items() if k not in ("token", "metadata")}
        out.append((c.method, body))
    return out + [("upload", {"name": u["name"], "data": u["data"]})
                  for u in stand_in.uploads.values()]


def test_a_message_and_its_chart_are_recovered_as_they_would_have_been_sent(
        store: Store, stand_in: StandIn, moving_clock: MovingClock, tmp_path: Any) -> None:
    chart = FileSpec("diagram.png", "Sjukfrånvaro", b"\x89PNG-bytes", alt="Stapeldiagram")
    block = {"type": "section", "text": {"type": "mrkdwn", "text": "*Veckans* läge"}}
    message = Message("Veckans läge", [block], file=chart)
    second = Message("Andra delen", [{"type": "section",
                                      "text": {"type": "mrkdwn", "text": "_Andra_ delen"}}])
    out = dataclasses.replace(one("x"), document=[message, second])
    assert box(Store(tmp_path / "direct.db"), stand_in, moving_clock).send(out).sent == 2
    direct = arrived(stand_in)
    stand_in.reset()
    stand_in.fail_next(100, status=503)
    assert box(store, stand_in, moving_clock, lease=0.0).send(out).pending == 2
    stand_in.reset()
    moving_clock.advance(seconds=1)
    assert box(store, stand_in, moving_clock).recover().sent == 2
    assert arrived(stand_in) == direct


def test_a_dry_run_shows_each_part_with_its_key_and_records_nothing(
        store: Store, stand_in: StandIn, moving_clock: MovingClock) -> None:
    from bot.schedule.transport import DryRunTransport

    shown: list[str] = []
    sender = DryRunTransport(shown.append)
    ob = box(store, stand_in, moving_clock)
    ob.sender = sender
    report = ob.send(group("C0TEST", "ett", "två"))
    assert report == Report(sent=2)
    assert [line for line in shown if line.startswith("──")] == [
        "── kanal C0TEST · test|C0TEST|2026-11-23"] * 2
    assert outbox.all_sends(store) == [] and ob.recover() == Report()
