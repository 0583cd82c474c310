"""Two simulated years of the worker on a frozen clock that the worker's own sleep advances,
across all four daylight-saving changes of 2026–2027: exactly one digest per subscribed week at
its local time, every nudge exactly once at 08:00 on its day, nothing at night or on a holiday.

The expectations are computed here from the calendar (the holidays library) and the plan's
deadlines, not from the schedule's code."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

import holidays
import pytest

from bot.clock import Clock
from bot.core.importing import import_demo
from bot.domain.calendar import Calendar
from bot.schedule.worker import Schedule, run_worker
from bot.slack.sender import SlackSender
from store import outbox, writes
from store import subscriptions as subs
from store.db import Store
from tests.schedule.conftest import TZ, MovingClock
from tests.schedule.stand_in import StandIn

START = dt.datetime(2026, 1, 5, 0, 0, tzinfo=TZ)  # a Monday: no earlier slot still to catch up
END = dt.datetime(2028, 1, 3, 0, 0, tzinfo=TZ)
SUBSCRIPTIONS = [("C0LEDNING", 0, "08:00", (), "full"), ("C0EKONOMI", 4, "15:30", (), "ekonomi"),
                 ("C0NARING", 2, "07:30", (2, 5), "full")]
HOL = holidays.country_holidays("SE", years=[2025, 2026, 2027, 2028], categories=("public", "de_facto"))
DST_CHANGES = [dt.date(2026, 3, 29), dt.date(2026, 10, 25), dt.date(2027, 3, 28), dt.date(2027, 10, 31)]


def working(d: dt.date) -> dt.date:
    while d.weekday() >= 5 or d in HOL:
        d += dt.timedelta(days=1)
    return d


def local(d: dt.date, hhmm: str) -> dt.datetime:
    h, m = map(int, hhmm.split(":"))
    return dt.datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)


def updates_plan() -> list[tuple[dt.datetime, str, str | None]]:
    """(when, uppdrag, status): progress reported during the two years."""
    out = [(local(dt.date(2026, 10, 1), "10:00"), "3.2", "klar"),
           (local(dt.date(2026, 6, 15), "10:00"), "1.1", "pågår")]
    d = dt.date(2026, 1, 15)
    while d < END.date():
        out.append((local(d, "11:00"), "5.2", "pågår"))  # 5.2 reports every 45 days: never silent
        d += dt.timedelta(days=45)
    return sorted(out)


def measurement_days() -> list[dt.datetime]:
    return [local(dt.date(y, m, 10), "10:00") for y in (2026, 2027) for m in (2, 5, 8, 11)]


@pytest.fixture
def world(tmp_path: Path) -> tuple[Store, MovingClock]:
    store = Store(tmp_path / "sim.db")
    import_demo(store, Clock(TZ, START))
    for ch, wd, at, areas, kind in SUBSCRIPTIONS:
        subs.add(store, channel=ch, weekday=wd, at=at, areas=areas, kind=kind, author="UADMIN", now=START)
    return store, MovingClock(START)


def test_two_years_on_a_frozen_clock(world: tuple[Store, MovingClock], stand_in: StandIn) -> None:
    store, clock = world
    stand_in.clock = clock
    plan = store.one("SELECT id FROM documents WHERE kind = 'uppdragsplan'")
    assert plan is not None
    events: list[tuple[dt.datetime, str, object]] = [(t, "update", (k, st)) for t, k, st in updates_plan()]
    events += [(t, "value", 1700 + n) for n, t in enumerate(measurement_days())]
    events.sort(key=lambda e: e[0])

    def apply(event: tuple[dt.datetime, str, object]) -> None:
        t, kind, data = event
        if kind == "update":
            assert isinstance(data, tuple)
            key, status = str(data[0]), data[1]
            writes.add_update(store, doc_id=plan["id"], key=key, author="U0OWNER", text="Läget",
                              status=status, percent=None, now=t)
        else:
            writes.add_measurement(store, slug="nyaktiverade-arbetsstallen", date=t.date() - dt.timedelta(days=10),
                                   value=float(data), author="U0HR", now=t)  # type: ignore[arg-type]

    wakeups: list[dt.datetime] = []

    def sleep_until(t: dt.datetime) -> None:
        assert t.astimezone(dt.UTC) > clock.t.astimezone(dt.UTC)
        while events and events[0][0] <= t:
            clock.t = events[0][0]
            apply(events.pop(0))
        clock.t = t
        wakeups.append(t)

    sched = Schedule(store, SlackSender("xoxb-test", stand_in.api_url), Calendar(TZ), clock,
                     leaders=("C0KSLEDNING",))
    run_worker(sched, sleep_until, stop=lambda: clock.t >= END, max_sleep=None)

    sends = outbox.all_sends(store)
    sent_at = {r["key"]: dt.datetime.fromisoformat(r["sent_at"]) for r in sends}
    groups = {r["group_key"]: r for r in sends if r["part"] == 1}

    # nothing twice, nothing lost, nothing at night or on a holiday
    keys = stand_in.keys()
    assert len(keys) == len(set(keys))
    assert {r["state"] for r in sends} == {"sent"}
    assert len([k for k in keys if not k.startswith("file:")]) == sum(1 for r in sends if not r["has_file"])
    for r in sends:
        t = sent_at[r["key"]].astimezone(TZ)
        assert t.weekday() < 5 and t.date() not in HOL and dt.time(7) <= t.time() < dt.time(20), r["key"]

    # exactly one digest per subscribed week, at its local time (holidays: next working day)
    for n, (ch, wd, at, _areas, _kind) in enumerate(SUBSCRIPTIONS, start=1):
        got = {g: sent_at[r["key"]] for g, r in groups.items() if r["what"] == f"digest:{n}"}
        expected = []
        monday = START.date() - dt.timedelta(days=START.weekday())
        while monday < END.date():
            due = local(working(monday + dt.timedelta(days=wd)), at)
            if START <= due < END:
                expected.append(due)
            monday += dt.timedelta(weeks=1)
        assert sorted(got.values()) == expected, ch
        assert all(g == f"digest:{n}|{ch}|{t.date().isoformat()}" for g, t in got.items())
    charts = [r for r in sends if r["has_file"]]
    # a trend chart with each digest that has new values: the first ones, and 8 new values
    # of nyaktiverade arbetsställen (målområde 2) in the two subscriptions that show indicators
    assert len(charts) == 2 + 2 * len(measurement_days())

    # every nudge exactly once, at 08:00 on its day
    expected_items = nudge_oracle(store)
    items = outbox.items(store)
    got_items = Counter(i["item"] for i in items if i["item"].startswith(("deadline:", "tyst:")))
    assert max(got_items.values()) == 1
    assert set(got_items) == set(expected_items), (
        sorted(set(expected_items) - set(got_items))[:5], sorted(set(got_items) - set(expected_items))[:5])
    for i in items:
        if i["item"] in expected_items:
            assert sent_at[i["key"]] == expected_items[i["item"]], i["item"]

    # the leadership: one summary a week, one reminder before each KS date, at 08:00
    mondays = [local(working(START.date() + dt.timedelta(weeks=w)), "08:00") for w in range(105)]
    ks = sorted(dt.date.fromisoformat(x["date"]) for x in store.query(
        "SELECT DISTINCT date FROM deadlines WHERE body = 'KS' AND date IS NOT NULL"))
    leaders = {"C0KSLEDNING", "U0KOMMUNDIR", "U0KSORDF"}  # STYRBOT_LEADERS and the plan's
    assert {r["recipient"] for r in groups.values() if r["what"] == "ledning-vecka"} == leaders
    for who in leaders:
        weekly = sorted(sent_at[r["key"]] for r in groups.values()
                        if r["what"] == "ledning-vecka" and r["recipient"] == who)
        assert weekly == [m for m in mondays if m < END]
        meetings = sorted(sent_at[r["key"]] for r in groups.values()
                          if r["what"].startswith("ledning-KS") and r["recipient"] == who)
        assert meetings == [local(working(d - dt.timedelta(days=7)), "08:00") for d in ks]

    # the worker woke at local wall-clock times across every DST change
    for change in DST_CHANGES:
        around = [w for w in wakeups if abs((w.date() - change).days) <= 2]
        assert around and all(w.minute in (0, 30) and w.hour in (7, 8, 15) for w in around)


def nudge_oracle(store: Store) -> dict[str, dt.datetime]:
    """Every owner nudge the two years should hold, with its local send time."""
    owners: dict[str, list[str]] = defaultdict(list)
    for e in store.query("SELECT subject, user FROM role_events WHERE role = 'owner' AND action = 'add'"):
        owners[e["subject"].rsplit("/", 1)[-1]].append(e["user"])  # "ks/2026/3.2": KS's 3.2
    ups = updates_plan()
    closed = {k: t for t, k, s in ups if s == "klar"}
    out: dict[str, dt.datetime] = {}
    rows = store.query("SELECT u.key, d.date FROM deadlines d JOIN uppdrag u ON u.id = d.uppdrag_id "
                       "WHERE d.date IS NOT NULL")
    for row in rows:
        key, deadline = row["key"], dt.date.fromisoformat(row["date"])
        stages = [(name, local(working(deadline + dt.timedelta(days=off)), "08:00"))
                  for name, off in (("14", -14), ("3", -3), ("0", 0), ("passerad", 1))]
        for n, (name, when) in enumerate(stages):
            if n + 1 < len(stages) and stages[n + 1][1] <= when:
                continue  # moved onto the next stage: collapsed
            if key in closed and closed[key] <= when:
                continue
            for o in owners[key]:
                out[f"deadline:{key}:{deadline.isoformat()}:{name}|{o}"] = when
    for key, people in owners.items():
        updates = sorted(t for t, k, _ in ups if k == key)
        marks = [START, *updates]
        for i, since in enumerate(marks):
            nxt = marks[i + 1] if i + 1 < len(marks) else END
            n = 1
            while True:
                when = local(working(since.date() + dt.timedelta(days=60 * n)), "08:00")
                if when >= nxt or when >= END or (key in closed and closed[key] <= when):
                    break
                for o in people:
                    out[f"tyst:{key}:{since.date().isoformat()}:{60 * n}|{o}"] = when
                n += 1
    return out
