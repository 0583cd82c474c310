"""Every send is claimed before it is posted and confirmed after: a restart, a crash mid-send,
a lost answer, Slack's 429 and 5xx, or a second worker never send anything twice."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from bot.domain.calendar import Calendar
from bot.schedule.outbox import Outbox, Outgoing
from bot.schedule.transport import Message
from bot.schedule.worker import Schedule
from bot.slack.sender import SlackSender
from store import outbox
from store.db import Store
from tests.schedule.conftest import TZ, MakeSchedule, MovingClock
from tests.schedule.stand_in import Dropped, StandIn, dm_channel


def one(text: str, what: str = "test", whom: str = "C0TEST", items: list[str] | None = None) -> Outgoing:
    block = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    return Outgoing(what, whom, dt.date(2026, 11, 23), [Message(text, [block])],
                    dt.datetime(2026, 11, 23, 9, tzinfo=TZ), items=items or [])


def box(store: Store, stand_in: StandIn, clock: MovingClock, **kw: object) -> Outbox:
    sender = SlackSender("xoxb-test", stand_in.api_url, sleep=lambda s: None)
    return Outbox(store, sender, clock, **kw)  # type: ignore[arg-type]


def test_claimed_then_confirmed_and_never_twice(store: Store, stand_in: StandIn,
                                                moving_clock: MovingClock) -> None:
    ob = box(store, stand_in, moving_clock)
    assert ob.send(one("hej")).sent == 1
    assert ob.send(one("hej igen")).skipped == 1  # same (what, whom, date)
    row = outbox.get(store, "test|C0TEST|2026-11-23")
    assert row is not None and row["state"] == "sent" and row["ts"] == stand_in.posted()[0].ts
    assert [p.key for p in stand_in.posted()] == ["test|C0TEST|2026-11-23"]


def test_a_dm_goes_through_conversations_open(store: Store, stand_in: StandIn,
                                              moving_clock: MovingClock) -> None:
    box(store, stand_in, moving_clock).send(one("hej", whom="U0ANNA"))
    assert stand_in.calls_to("conversations.open")[0].body["users"] == "U0ANNA"
    assert stand_in.posted()[0].channel == dm_channel("U0ANNA")


def test_a_post_whose_answer_is_lost_is_found_not_repeated(store: Store, stand_in: StandIn,
                                                           moving_clock: MovingClock) -> None:
    lost: list[dict] = []

    def drop_answer(method: str, body: dict) -> None:
        if method == "chat.postMessage" and not lost:
            lost.append(body)
            raise Dropped("the answer never reaches the client")

    stand_in.after = drop_answer
    report = box(store, stand_in, moving_clock).send(one("hej"))
    assert lost and report.sent == 1
    assert len(stand_in.posted()) == 1  # arrived once, looked up, not posted again
    assert stand_in.calls_to("conversations.history")


def test_5xx_and_dropped_requests_are_retried_once_landed(store: Store, stand_in: StandIn,
                                                          moving_clock: MovingClock) -> None:
    stand_in.fail_next(1, status=500, method="chat.postMessage")
    dropped: list[int] = []

    def drop(method: str, body: dict) -> None:
        if method == "chat.postMessage" and len(dropped) < 1:
            dropped.append(1)
            raise Dropped("connection lost before Slack handled it")

    ob = box(store, stand_in, moving_clock)
    assert ob.send(one("a", what="a")).sent == 1
    stand_in.before = drop
    assert ob.send(one("b", what="b")).sent == 1
    assert sorted(p.text for p in stand_in.posted()) == ["a", "b"]


def test_429_waits_for_retry_after(store: Store, stand_in: StandIn, moving_clock: MovingClock) -> None:
    stand_in.fail_next(1, status=429, retry_after=1, method="chat.postMessage")
    waits: list[float] = []
    sender = SlackSender("xoxb-test", stand_in.api_url, sleep=waits.append)
    assert Outbox(store, sender, moving_clock).send(one("hej")).sent == 1
    assert waits == [1.0]
    assert len(stand_in.posted()) == 1


def test_one_run_waits_for_429_at_most_its_budget_and_leaves_the_rest(
        store: Store, stand_in: StandIn, make_schedule: MakeSchedule) -> None:
    """429 with Retry-After 1 on every call: the run waits 5 s in all, not 1 s per call."""
    stand_in.fail_next(10_000, status=429, retry_after=1)
    waits: list[float] = []
    sched = make_schedule()
    sched.sender = sched.outbox.sender = SlackSender("xoxb-test", stand_in.api_url,
                                                     sleep=waits.append, wait_budget=5.0)
    report = sched.nudges_now()
    assert sum(waits) <= 5.0 and waits, waits
    assert report.sent == 0 and report.pending >= 6
    stand_in.reset()
    sched.sender = sched.outbox.sender = SlackSender("xoxb-test", stand_in.api_url, sleep=waits.append)
    again = sched.nudges_now()
    assert again.sent + again.found >= 6 and not again.pending


def test_a_permanent_refusal_is_recorded_and_not_retried(store: Store, stand_in: StandIn,
                                                         moving_clock: MovingClock) -> None:
    stand_in.fail_next(1, status=200, error="channel_not_found", method="chat.postMessage")
    ob = box(store, stand_in, moving_clock, lease=0.0)
    report = ob.send(one("hej"))
    assert report.failed == 1 and "channel_not_found" in report.errors[0]
    assert (outbox.get(store, "test|C0TEST|2026-11-23") or {}).get("state") == "failed"
    assert ob.recover().sent == 0 and ob.send(one("hej")).skipped == 1
    assert stand_in.posted() == []


def test_a_bad_token_is_not_a_refusal_of_the_message(store: Store, stand_in: StandIn,
                                                     moving_clock: MovingClock) -> None:
    """invalid_auth is the app's setup: the send waits for a later run, it is not dropped."""
    stand_in.fail_next(3, status=200, error="invalid_auth", method="chat.postMessage")
    ob = box(store, stand_in, moving_clock, lease=0.0)
    assert ob.send(one("hej")).pending == 1
    assert ob.recover().sent == 1 and len(stand_in.posted()) == 1


def test_slack_down_leaves_the_claim_for_a_later_run(store: Store, stand_in: StandIn,
                                                     moving_clock: MovingClock) -> None:
    stand_in.fail_next(20, status=503, method="chat.postMessage")
    ob = box(store, stand_in, moving_clock, lease=0.0)
    report = ob.send(one("hej"))
    assert report.pending == 1 and report.sent == 0
    stand_in.reset()
    assert ob.recover().sent == 1
    assert len(stand_in.posted()) == 1
    assert (outbox.get(store, "test|C0TEST|2026-11-23") or {}).get("state") == "sent"


def test_recovery_after_a_crash_before_and_after_posting(store: Store, stand_in: StandIn,
                                                         moving_clock: MovingClock) -> None:
    """A claim left by a dead worker: looked up in Slack; posted only if it is not there."""
    sender = SlackSender("xoxb-test", stand_in.api_url)
    now = moving_clock.epoch()
    for what in ("before", "after"):
        keys = outbox.claim(store, what=what, recipient="C0TEST", local_date=dt.date(2026, 11, 23),
                            items=[what], parts=[outbox.Part({"text": what, "blocks": []})],
                            as_of=moving_clock.now(), owner="dead", lease_until=now + 60, epoch=now)
        assert keys
    sender.post("C0TEST", Message("after"), "after|C0TEST|2026-11-23", now)  # died before confirming
    ob = box(store, stand_in, moving_clock)
    assert ob.recover().sent == 0  # the dead worker's lease still runs: hands off
    moving_clock.advance(seconds=61)
    report = ob.recover()
    assert (report.sent, report.found) == (1, 1)
    assert sorted(p.text for p in stand_in.posted()) == ["after", "before"]
    assert {r["state"] for r in outbox.all_sends(store)} == {"sent"}


def test_two_workers_at_once_send_each_message_once(demo_db: Path, stand_in: StandIn,
                                                    moving_clock: MovingClock) -> None:
    """Two schedules (own connections) on one store file, running the same due work at once."""
    from store import subscriptions as subs

    first = Store(demo_db)
    for ch in ("C0A", "C0B", "C0C"):
        subs.add(first, channel=ch, weekday=0, at="08:00", areas=(), kind="ekonomi", author="t",
                 now=moving_clock.now())
    stores = [first, Store(demo_db)]
    barrier = threading.Barrier(2)
    reports = []

    def run(st: Store) -> None:
        sched = Schedule(st, SlackSender("xoxb-test", stand_in.api_url), Calendar(TZ), moving_clock,
                         charts=False)
        barrier.wait()
        reports.append(sched.run_due(moving_clock.now()))

    threads = [threading.Thread(target=run, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    keys = stand_in.keys()
    assert len(keys) == len(set(keys)) > 3
    assert sum(r.sent for r in reports) == len(keys)
    assert {r["state"] for r in outbox.all_sends(first)} == {"sent"}


def test_items_already_covered_are_not_sent_again_in_a_new_group(store: Store, stand_in: StandIn,
                                                                  moving_clock: MovingClock) -> None:
    ob = box(store, stand_in, moving_clock)
    assert ob.send(one("a", what="nudges", whom="U0A", items=["x|U0A", "y|U0A"])).sent == 1
    assert ob.send(one("b", what="nudges", whom="U0A", items=["y|U0A", "z|U0A"])).skipped == 1
    assert ob.send(one("c", what="nudges", whom="U0A", items=["z|U0A"])).sent == 1  # same day: /2
    assert [r["key"] for r in outbox.all_sends(store)] == ["nudges|U0A|2026-11-23",
                                                           "nudges|U0A|2026-11-23/2"]


@pytest.mark.parametrize("dry", [True])
def test_dry_run_records_nothing(store: Store, stand_in: StandIn, make_schedule: MakeSchedule,
                                 dry: bool) -> None:
    from bot.schedule.transport import DryRunTransport
    from bot.slack.blocks import document_messages

    printed: list[str] = []
    sched = make_schedule()
    sched.sender = DryRunTransport(printed.append, layout=document_messages)
    sched.outbox.sender = sched.sender
    report = sched.nudges_now()
    assert report.sent >= 6 and any("Uppdrag 3.1" in p for p in printed)
    assert outbox.all_sends(store) == [] and stand_in.calls == []


@pytest.mark.parametrize("skew", [-90.0, 90.0])
def test_a_crash_look_up_finds_the_message_though_slacks_clock_differs(
        store: Store, stand_in: StandIn, moving_clock: MovingClock, skew: float) -> None:
    """In production Slack stamps with its own clock: seconds (here 90 s) off ours, either way."""
    stand_in.clock = MovingClock(moving_clock.t + dt.timedelta(seconds=skew))
    sender = SlackSender("xoxb-test", stand_in.api_url)
    now = moving_clock.epoch()
    keys = outbox.claim(store, what="x", recipient="C0TEST", local_date=dt.date(2026, 11, 23),
                        items=["x"], parts=[outbox.Part({"text": "x", "blocks": []})],
                        as_of=moving_clock.now(), owner="dead", lease_until=now + 60, epoch=now)
    assert keys == ["x|C0TEST|2026-11-23"]
    sender.post("C0TEST", Message("x"), keys[0], now)  # arrived; the worker died before confirming
    moving_clock.advance(seconds=61)
    report = box(store, stand_in, moving_clock).recover()
    assert (report.sent, report.found) == (0, 1)
    assert len(stand_in.posted()) == 1
