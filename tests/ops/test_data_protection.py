"""Gallring and anonymisation on a real store with real sends (the local Slack): what is
pruned and what is kept, and a person's ID replaced by a pseudonym everywhere while the
history stays append-only."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import Clock
from bot.core.bot import Bot
from bot.domain.calendar import Calendar
from bot.ops import retention
from bot.ops.anonymise import AnonymiseError, anonymise, held_roles
from bot.schedule.nudges import owner_items
from bot.schedule.worker import Schedule
from bot.slack.sender import SlackSender
from store import inbox, outbox
from store.anonymise import occurrences
from store.db import Store
from tests.conftest import NOW, STYRBOT
from tests.ops.conftest import clean_env
from tests.schedule.stand_in import StandIn

OWNER = "U0KOMMUNDIR"  # owner of uppdrag 1.3 and 3.1 in the demo, and a leader


@pytest.fixture(scope="module")
def slack() -> Iterator[StandIn]:
    s = StandIn()
    yield s
    s.close()


def schedule(store: Store, slack: StandIn, when: str) -> Schedule:
    clock = Clock.fixed(when)
    return Schedule(store, SlackSender("xoxb-test", slack.api_url, sleep=lambda s: None),
                    Calendar("Europe/Stockholm"), clock, admins=("UADMIN",), leaders=("C0LEDNING",))


def dump(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def test_anonymise_replaces_the_id_everywhere_and_keeps_the_history(
        store: Store, demo_db: Path, slack: StandIn) -> None:
    bot = Bot(store, Clock.fixed(NOW), admins=("UADMIN",))
    assert not bot.handle("uppdatera 1.3: Klart med kartläggningen, pågår 40 %", user=OWNER).error
    assert OWNER in bot.handle("status uppdrag 1.3").text  # the card, kept (bot/core/memo.py)
    assert not bot.handle(f"uppdatera 1.1: Samordnat med <@{OWNER}>", user="UADMIN").error
    inbox.accept(store, platform="slack", id="Ev1", kind="event",
                 payload={"user": OWNER, "text": f"<@{OWNER}> status 1.3"}, now=Clock.fixed(NOW).now())
    report = schedule(store, slack, NOW).nudges_now()
    assert report.sent > 0 and any(r["recipient"] == OWNER for r in outbox.all_sends(store))
    before = store.query("SELECT id, created_at, kind, status, percent FROM updates ORDER BY id")
    texts = store.query("SELECT id, text FROM updates ORDER BY id")
    assert held_roles(store, OWNER)
    assert OWNER in dump(demo_db)

    done = anonymise(store, OWNER, Clock.fixed(NOW).now(), admins=(OWNER,))

    assert done.pseudonym.startswith("anonym-") and done.rows > 0
    assert OWNER not in dump(demo_db), "the ID is nowhere in the store"
    assert occurrences(store, OWNER) == {}
    # the history: same rows, order, times and statuses; texts differ only by the pseudonym
    assert store.query("SELECT id, created_at, kind, status, percent FROM updates ORDER BY id") == before
    for old, new in zip(texts, store.query("SELECT id, text FROM updates ORDER BY id"), strict=True):
        assert new["text"] == old["text"].replace(OWNER, done.pseudonym)
    authors = {r["author"] for r in store.query("SELECT author FROM updates")}
    assert done.pseudonym in authors
    # still append-only
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("UPDATE updates SET text = 'x' WHERE id = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("DELETE FROM updates WHERE id = 1")
    # the roles ended, logged as an event naming only the pseudonym; nothing goes to it
    assert held_roles(store, done.pseudonym) == []
    [event] = store.query("SELECT * FROM role_events WHERE role = 'anonymiserad'")
    assert event["user"] == done.pseudonym and event["action"] == "anonymise"
    ctx = bot.context()
    assert done.pseudonym not in owner_items(ctx, Calendar("Europe/Stockholm"), ctx.now, manual=True)
    assert any("STYRBOT_ADMINS" in w for w in done.warnings)
    assert store.integrity_check() == "ok"
    assert store.one("PRAGMA foreign_key_check") is None
    # the bot still answers about the uppdrag, with the pseudonym as author
    card = bot.handle("historik 1.3", user="UADMIN").text
    assert done.pseudonym in card and OWNER not in card
    # what the serving process kept is not shown again: the anonymisation is a role event
    card = bot.handle("status uppdrag 1.3").text
    assert done.pseudonym in card and OWNER not in card


def test_anonymise_refuses_a_name_and_an_unknown_id(store: Store) -> None:
    now = Clock.fixed(NOW).now()
    with pytest.raises(AnonymiseError, match="användar-ID"):
        anonymise(store, "anna", now)
    with pytest.raises(AnonymiseError, match="finns inte"):
        anonymise(store, "U0NOBODY99", now)


def test_styrbot_anonymisera_on_the_command_line(demo_db: Path) -> None:
    env = clean_env(STYRBOT_DB=str(demo_db), STYRBOT_NOW=NOW)
    out = subprocess.run([STYRBOT, "anonymisera", "--yes", OWNER], env=env, capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert "ersatt med anonym-" in out.stdout and "roller avslutade" in out.stdout
    assert OWNER not in dump(demo_db)
    again = subprocess.run([STYRBOT, "anonymisera", "--yes", OWNER], env=env, capture_output=True,
                           text=True, timeout=120, check=False)
    assert again.returncode == 1 and "finns inte" in again.stderr


def test_gallring_prunes_old_sends_and_events_and_keeps_the_record(
        store: Store, slack: StandIn) -> None:
    old_day = "2026-08-24T09:00"  # a Monday, 91 days before NOW
    bot = Bot(store, Clock.fixed(NOW), admins=("UADMIN",))
    assert not bot.handle("prenumerera veckobrev måndag 08:00 #C0DIGEST1", user="UADMIN",
                          channel="C0DIGEST1").error
    sent_old = schedule(store, slack, old_day).nudges_now()
    assert sent_old.sent > 0
    assert schedule(store, slack, old_day).digest_now("C0OLDCHAN").sent > 0  # its last digest
    # claims are stamped with real time; make them as old as their day (a store 91 days on)
    store.conn.execute("UPDATE outbox SET claimed_epoch = ?",
                       (dt.datetime.fromisoformat(old_day + "+02:00").timestamp(),))
    schedule(store, slack, NOW).nudges_now()
    schedule(store, slack, NOW).digest_now("C0DIGEST1")
    seen_event(store, "Ev-new", Clock.fixed(NOW).now())
    for ev, when in (("Ev-in-old", old_day), ("Ev-in-new", NOW)):
        inbox.accept(store, platform="slack", id=ev, kind="event",
                     payload={"text": "hemligt", "user": OWNER}, now=Clock.fixed(when).now())
        inbox.finish(store, platform="slack", id=ev, now=Clock.fixed(when).now(), reply={"text": "svar"})
    inbox.accept(store, platform="slack", id="Ev-in-pending", kind="event", payload={"text": "x"},
                 now=Clock.fixed(old_day).now())
    seen_event(store, "Ev-old", Clock.fixed(old_day).now())
    updates = store.query("SELECT * FROM updates")
    sends = outbox.all_sends(store)
    old_keys = {r["key"] for r in sends if r["local_date"] == "2026-08-24"}
    assert old_keys and len(sends) > len(old_keys)
    now = Clock.fixed(NOW).now()

    counted = retention.gallra(store, now, outbox_days=90, events_days=2, dry_run=True)
    assert outbox.all_sends(store) == sends, "a dry run changes nothing"
    pruned = retention.gallra(store, now, outbox_days=90, events_days=2)

    assert pruned == counted and pruned.sends > 0 and pruned.events == 1 and pruned.emptied >= 1
    assert pruned.inbox == 1 and [r["id"] for r in store.query("SELECT id FROM inbox ORDER BY seq")] == [
        "Ev-in-new", "Ev-in-pending"], "finished old deliveries go; unfinished ones stay"
    kept_digest = [k for k in old_keys if k.startswith("digest|C0OLDCHAN|")]
    assert kept_digest and set(kept_digest) <= {r["key"] for r in outbox.all_sends(store)}, \
        "every part of the last digest to a channel is kept"
    left = {r["key"]: r for r in outbox.all_sends(store)}
    assert set(left) == {r["key"] for r in sends} - old_keys | (set(left) & old_keys)
    for key in set(left) & old_keys:  # the newest send of its kind to its recipient: emptied
        row = outbox.get(store, key)
        assert row is not None and outbox.payload(row).get("gallrad") and row["attachment"] is None
    assert all(outbox.payload(outbox.get(store, k) or {}).get("text") for k in set(left) - old_keys)
    assert store.query("SELECT * FROM updates") == updates, "updates are the record"
    assert store.query("SELECT event_id FROM seen_events WHERE event_id LIKE 'Ev-%'") == [
        {"event_id": "Ev-new"}]
    assert store.one("PRAGMA foreign_key_check") is None
    # and nothing of today's is sent again after the pruning
    assert schedule(store, slack, NOW).nudges_now().sent == 0
    assert not retention.due(store, now)


def test_gallring_refuses_a_keep_too_short_to_be_safe(store: Store) -> None:
    with pytest.raises(ValueError, match="minst 70"):
        retention.gallra(store, Clock.fixed(NOW).now(), outbox_days=30, events_days=2)
    env = clean_env(STYRBOT_DB=str(store.path), STYRBOT_NOW=NOW, STYRBOT_KEEP_OUTBOX_DAYS="30")
    out = subprocess.run([STYRBOT, "gallra"], env=env, capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode == 1 and "minst 70" in out.stderr and "Traceback" not in out.stderr
    env["STYRBOT_KEEP_OUTBOX_DAYS"] = "90"
    out = subprocess.run([STYRBOT, "gallra", "--dry-run"], env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    assert out.returncode == 0 and out.stdout.startswith("Torrkörning")


def seen_event(store: Store, event_id: str, at: dt.datetime) -> None:
    """A handled event as Styrbot recorded it before the inbox (seen_events, kept for gallring)."""
    with store.write() as conn:
        conn.execute("INSERT INTO seen_events (event_id, seen_at) VALUES (?, ?)",
                     (event_id, at.isoformat()))
