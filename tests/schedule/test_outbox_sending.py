"""The sending side of the outbox (bot/schedule/outbox.py) step by step: what each send and
recovery reports and logs, a group that stops at a refusal or at Slack being down, a stalled
group that does not hold up the next, a taken-over send that no one else can take meanwhile,
and a message (with its chart) recovered exactly as it would have been sent."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
import socket
from typing import Any

import pytest

from bot.schedule.outbox import Outbox, Outgoing, Report
from bot.schedule.transport import FileSpec, MemoryTransport, Message
from store import outbox
from store.db import Store
from tests.schedule.conftest import TZ, MovingClock
from tests.schedule.stand_in import Dropped, StandIn, dm_channel
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
    assert stand_in.calls_to("conversations.history") == []  # a new claim: nothing to look up
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


def day_key(what: str, whom: str = "C0TEST") -> str:
    return f"{what}|{whom}|{DAY.isoformat()}"


def other_worker_takes(store: Store, clock: MovingClock, key: str) -> bool:
    """A second worker, with its own connection, takes ``key`` over (if its lease ran out)."""
    other = Store(store.path)
    try:
        now = clock.epoch()
        return outbox.take_over(other, key, "worker-b", now, now + 120)
    finally:
        other.close()


def lease_of(store: Store, key: str) -> tuple[float | None, str | None]:
    """The lease and conversation of ``key`` as another connection sees them."""
    other = Store(store.path)
    try:
        row = outbox.get(other, key)
        assert row is not None
        return row["lease_until"], row["channel"]
    finally:
        other.close()


def taken_when_the_dm_opens(store: Store, stand_in: StandIn, clock: MovingClock,
                            key: str) -> list[bool]:
    """Another worker tries to take ``key`` over while a DM is opened; whether it could."""
    taken: list[bool] = []

    def another_worker_takes_it(method: str, body: dict[str, Any]) -> None:
        if method == "conversations.open":
            taken.append(other_worker_takes(store, clock, key))

    stand_in.before = another_worker_takes_it
    return taken


def logged(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "styrbot.sender"]


def test_refusals_and_passing_failures_are_logged_stored_and_reported_with_why(
        store: Store, moving_clock: MovingClock, caplog: pytest.LogCaptureFixture) -> None:
    """An operator reads which send, to whom and why: an error for a refusal for good, a
    warning for a send a later run retries; the store and the report keep the same reason."""
    refused, later = day_key("a"), day_key("b")
    sender = MemoryTransport(fail={refused: True, later: False})
    ob = Outbox(store, sender, moving_clock)
    with caplog.at_level(logging.INFO, logger="styrbot.sender"):
        first = ob.send(group("C0TEST", "ett", what="a"))
        second = ob.send(group("C0TEST", "två", what="b"))
    assert first == Report(failed=1, errors=[f"{refused}: refused {refused}"])
    assert second == Report(pending=1, errors=[f"{later}: refused {later}"])
    assert logged(caplog) == [
        ("ERROR", f"the platform refused {refused} to C0TEST: refused {refused}"),
        ("WARNING", f"could not send {later} now (refused {later}); a later run retries")]
    a, b = outbox.get(store, refused), outbox.get(store, later)
    assert a is not None and (a["state"], a["error"]) == ("failed", f"refused {refused}")
    assert b is not None and (b["state"], b["error"], b["lease_until"]) == (
        "claimed", f"refused {later}", 0)
    assert sender.posts == []


def test_a_recovery_counts_every_group_it_finds_fails_leaves_and_sends(
        store: Store, moving_clock: MovingClock) -> None:
    """Seven unconfirmed sends of seven groups: two already there, two refused for good, two
    that Slack cannot take now and one sent: each counted, none as just the last one."""
    whats = ["found1", "found2", "refused1", "refused2", "later1", "later2", "sent"]
    keys = {w: dead_workers_claim(store, moving_clock, w, "C0TEST",
                                  [outbox.Part({"text": w, "blocks": []})])[0] for w in whats}
    sender = MemoryTransport(fail={keys["refused1"]: True, keys["refused2"]: True,
                                   keys["later1"]: False, keys["later2"]: False})
    sender.posts += [("C0TEST", keys["found1"], Message("found1")),
                     ("C0TEST", keys["found2"], Message("found2"))]
    moving_clock.advance(seconds=61)
    report = Outbox(store, sender, moving_clock).recover()
    errors = [f"{keys[w]}: refused {keys[w]}" for w in ("refused1", "refused2", "later1", "later2")]
    assert report == Report(sent=1, found=2, failed=2, pending=2,
                            keys=[keys["found1"], keys["found2"], keys["sent"]], errors=errors)
    assert [k for _, k, _ in sender.posts] == [keys["found1"], keys["found2"], keys["sent"]]


def test_a_send_whose_lease_is_taken_before_posting_posts_nothing_and_says_so(
        store: Store, stand_in: StandIn, moving_clock: MovingClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """Our lease ran out while the DM was opened and another worker took the send over: we
    neither post nor count it as sent; both parts are left to the worker that has them."""
    first = day_key("test", "U0ANNA") + "#1"
    taken = taken_when_the_dm_opens(store, stand_in, moving_clock, first)
    with caplog.at_level(logging.INFO, logger="styrbot.sender"):
        report = box(store, stand_in, moving_clock, lease=0.0).send(group("U0ANNA", "ett", "två"))
    assert taken == [True]
    assert report == Report(pending=2)
    assert logged(caplog) == [("WARNING", f"lost the lease on {first}; another worker has it")]
    assert stand_in.posted() == []
    row = outbox.get(store, first)
    assert row is not None and (row["state"], row["owner"]) == ("claimed", "worker-b")


def test_a_recovery_whose_lease_is_taken_before_the_look_up_stops_there_and_says_so(
        store: Store, stand_in: StandIn, moving_clock: MovingClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """The look-up renews the lease before it reads Slack's history; when the send is no
    longer ours it stops, logs why, and leaves the send pending for its new owner."""
    [key] = dead_workers_claim(store, moving_clock, "x", "U0ANNA",
                               [outbox.Part({"text": "x", "blocks": []})])
    moving_clock.advance(seconds=61)
    taken = taken_when_the_dm_opens(store, stand_in, moving_clock, key)
    with caplog.at_level(logging.WARNING, logger="styrbot.sender"):
        report = box(store, stand_in, moving_clock, lease=0.0).recover()
    assert taken == [True]
    assert report == Report(pending=1)
    assert logged(caplog) == [
        ("WARNING", f"lost the lease on {key} while looking it up; another worker has it")]
    assert stand_in.calls_to("conversations.history") == [] and stand_in.posted() == []


def test_a_post_whose_answer_is_lost_looks_up_under_our_lease_only(
        store: Store, stand_in: StandIn, moving_clock: MovingClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """The post's connection drops and meanwhile another worker takes the send over: the
    look-up before posting again finds the lease gone and does not post a second time."""
    key = day_key("test")
    taken: list[bool] = []

    def drop_and_take(method: str, body: dict[str, Any]) -> None:
        if method == "chat.postMessage" and not taken:
            taken.append(other_worker_takes(store, moving_clock, key))
            raise Dropped("connection lost before Slack handled it")

    stand_in.before = drop_and_take
    with caplog.at_level(logging.WARNING, logger="styrbot.sender"):
        report = box(store, stand_in, moving_clock, lease=0.0).send(group("C0TEST", "ett"))
    assert taken == [True]
    assert report == Report(pending=1)
    assert logged(caplog) == [
        ("WARNING", f"lost the lease on {key} while looking it up; another worker has it")]
    assert stand_in.posted() == []


@pytest.mark.parametrize(("kw", "lease"), [({}, 120.0), ({"lease": 300.0}, 300.0)])
def test_a_send_holds_its_lease_for_the_lease_s_length_from_each_step(
        store: Store, stand_in: StandIn, moving_clock: MovingClock, kw: dict[str, float],
        lease: float) -> None:
    """Claimed with a lease of ``lease`` seconds (120 unless told), renewed to as long from
    just before the post, with the DM's channel noted before the post."""
    key = day_key("test", "U0ANNA")
    start = moving_clock.epoch()
    seen: list[tuple[str, float | None, str | None]] = []

    def watch(method: str, body: dict[str, Any]) -> None:
        if method in ("conversations.open", "chat.postMessage"):
            seen.append((method, *lease_of(store, key)))
        if method == "conversations.open":
            moving_clock.advance(seconds=10)

    stand_in.before = watch
    assert box(store, stand_in, moving_clock, **kw).send(group("U0ANNA", "ett")).sent == 1
    assert seen == [("conversations.open", start + lease, None),
                    ("chat.postMessage", start + 10 + lease, dm_channel("U0ANNA"))]


def test_a_taken_over_send_holds_a_lease_of_the_lease_s_length(
        store: Store, stand_in: StandIn, moving_clock: MovingClock) -> None:
    [key] = dead_workers_claim(store, moving_clock, "x", "U0ANNA",
                               [outbox.Part({"text": "x", "blocks": []})])
    moving_clock.advance(seconds=61)
    now = moving_clock.epoch()
    seen: list[tuple[float | None, str | None]] = []

    def watch(method: str, body: dict[str, Any]) -> None:
        if method == "conversations.open":
            seen.append(lease_of(store, key))

    stand_in.before = watch
    assert box(store, stand_in, moving_clock, lease=300.0).recover().sent == 1
    assert seen == [(now + 300, None)]


def test_a_recovery_posts_to_the_conversation_noted_before_the_failed_post(
        store: Store, stand_in: StandIn, moving_clock: MovingClock) -> None:
    """The DM opened for a post that Slack could not take is noted with the send; the
    recovery posts there without opening it again."""
    stand_in.fail_next(100, status=503, method="chat.postMessage")
    assert box(store, stand_in, moving_clock).send(group("U0ANNA", "ett")).pending == 1
    row = outbox.get(store, day_key("test", "U0ANNA"))
    assert row is not None and row["channel"] == dm_channel("U0ANNA")
    stand_in.reset()
    assert box(store, stand_in, moving_clock).recover().sent == 1
    assert stand_in.calls_to("conversations.open") == []
    assert [p.channel for p in stand_in.posted()] == [dm_channel("U0ANNA")]


def test_a_recovery_goes_on_past_a_part_another_worker_took_meanwhile(
        store: Store, stand_in: StandIn, moving_clock: MovingClock) -> None:
    a1, a2 = dead_workers_claim(store, moving_clock, "a", "C0TEST",
                                [outbox.Part({"text": "a1", "blocks": []}),
                                 outbox.Part({"text": "a2", "blocks": []})])
    [b] = dead_workers_claim(store, moving_clock, "b", "C0TEST",
                             [outbox.Part({"text": "b", "blocks": []})])
    moving_clock.advance(seconds=61)
    taken: list[bool] = []

    def take_a2_while_a1_is_posted(method: str, body: dict[str, Any]) -> None:
        if method == "chat.postMessage" and body.get("text") == "a1":
            taken.append(other_worker_takes(store, moving_clock, a2))

    stand_in.before = take_a2_while_a1_is_posted
    report = box(store, stand_in, moving_clock).recover()
    assert taken == [True]
    assert report == Report(sent=2, keys=[a1, b])
    assert [p.text for p in stand_in.posted()] == ["a1", "b"]


def test_an_outbox_is_its_own_worker_unless_told(store: Store, moving_clock: MovingClock) -> None:
    """Each outbox's claims carry its worker id (host:pid:6 hex digits, new for each) so an
    operator can tell whose a stuck send is; a given owner is kept."""
    ob, other = Outbox(store, MemoryTransport(), moving_clock), Outbox(store, MemoryTransport(),
                                                                       moving_clock)
    assert re.fullmatch(rf"{re.escape(socket.gethostname())}:{os.getpid()}:[0-9a-f]{{6}}",
                        ob.owner)
    assert other.owner != ob.owner
    assert Outbox(store, MemoryTransport(), moving_clock, owner="worker-b").owner == "worker-b"
    assert ob.send(group("C0TEST", "ett")).sent == 1
    row = outbox.get(store, day_key("test"))
    assert row is not None and row["owner"] == ob.owner


def test_a_document_is_laid_out_for_the_platform_of_its_recipient(
        store: Store, moving_clock: MovingClock) -> None:
    from bot.ops.platforms import routing
    from bot.schedule.document import Document, Section

    def laid_out(platform: str) -> MemoryTransport:
        return MemoryTransport(layout=lambda d: [Message(f"{platform}: {d.title}")])

    teams, slack = laid_out("Teams"), laid_out("Slack")
    ob = Outbox(store, routing({"Teams": teams, "Slack": slack}), moving_clock)
    doc = Document([Section("hej")], title="Veckans läge")
    team = "19:abc@thread.tacv2"
    for whom in (team, "C0TEST"):
        out = Outgoing("test", whom, DAY, doc, dt.datetime(2026, 11, 23, 9, tzinfo=TZ))
        assert ob.send(out).sent == 1
    assert teams.texts(team) == ["Teams: Veckans läge"]
    assert slack.texts("C0TEST") == ["Slack: Veckans läge"]
