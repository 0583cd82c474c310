"""store/outbox.py on a real store file, function by function (tests/schedule/test_outbox.py
proves the schedule over it): how a group is keyed and numbered, that an item is covered
once across chunks of the query, that only the owner of a live claim renews it, and what
confirm, fail and release leave."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from store import outbox
from store.db import Store

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 23)


@pytest.fixture
def box(tmp_path: Path) -> Store:
    return Store(tmp_path / "s.db")


def claim(store: Store, items: list[str], parts: int = 1, what: str = "nudge",
          owner: str = "w1", lease_until: float = 100.0) -> list[str] | None:
    return outbox.claim(store, what=what, recipient="U0ANNA", local_date=DAY, items=items,
                        parts=[outbox.Part({"text": f"del {n}"}, b"png" if n == 2 else None)
                               for n in range(1, parts + 1)],
                        as_of=NOW, owner=owner, lease_until=lease_until, epoch=50.0)


def test_a_group_is_keyed_by_what_whom_and_date_and_its_parts_numbered(box: Store) -> None:
    assert claim(box, ["a"]) == ["nudge|U0ANNA|2026-11-23"]
    keys = claim(box, ["b"], parts=3)
    assert keys == [f"nudge|U0ANNA|2026-11-23/2#{n}" for n in (1, 2, 3)]
    rows = outbox.group(box, "nudge|U0ANNA|2026-11-23/2")
    assert [(r["key"], r["part"], outbox.payload(r), r["attachment"]) for r in rows] == [
        (keys[0], 1, {"text": "del 1"}, None), (keys[1], 2, {"text": "del 2"}, b"png"),
        (keys[2], 3, {"text": "del 3"}, None)]
    assert claim(box, ["c"]) == ["nudge|U0ANNA|2026-11-23/3"]
    assert [(i["item"], i["key"]) for i in outbox.items(box)] == [
        ("a", "nudge|U0ANNA|2026-11-23"), ("b", keys[0]), ("c", "nudge|U0ANNA|2026-11-23/3")]
    first = outbox.get(box, keys[0])
    assert first is not None and (first["state"], first["owner"], first["lease_until"],
                                  first["claimed_epoch"], first["as_of"]) == (
        "claimed", "w1", 100.0, 50.0, "2026-11-23T09:00:00+00:00")


def test_an_item_is_covered_once_even_among_many(box: Store) -> None:
    many = [f"item{n}" for n in range(1200)]
    taken = {"item0", "item3", "item500", "item700", "item1001", "item1199"}  # chunk edges too
    assert claim(box, sorted(taken)) is not None
    assert outbox.covered(box, many) == taken
    assert outbox.covered(box, []) == set()
    assert claim(box, ["ny", "item700"]) is None  # one covered item: nothing is claimed
    assert outbox.covered(box, ["ny"]) == set() and len(outbox.all_sends(box)) == 1


def test_only_the_owner_of_a_live_claim_renews_it(box: Store) -> None:
    keys = claim(box, ["a"], parts=2)
    assert keys is not None
    assert not outbox.renew(box, "saknas", "w1", 200.0)
    assert not outbox.renew(box, keys[0], "w2", 200.0)  # not ours
    assert outbox.renew(box, keys[0], "w1", 200.0, channel="D0ANNA")
    rows = {r["key"]: r for r in outbox.group(box, "nudge|U0ANNA|2026-11-23")}
    assert [r["lease_until"] for r in rows.values()] == [200.0, 200.0]  # the whole group
    assert (rows[keys[0]]["channel"], rows[keys[1]]["channel"]) == ("D0ANNA", None)
    assert outbox.renew(box, keys[1], "w1", 300.0)  # no channel given: none noted
    assert outbox.get(box, keys[1])["channel"] is None  # type: ignore[index]
    outbox.confirm(box, keys[0], channel="D0ANNA", ts="1.2", now=NOW)
    assert not outbox.renew(box, keys[0], "w1", 400.0)  # sent: no longer a claim
    assert outbox.get(box, keys[0])["lease_until"] is None  # type: ignore[index]
    assert outbox.get(box, keys[1])["lease_until"] == 300.0  # nor the rest of its group


def test_confirm_fail_and_release(box: Store) -> None:
    a, b, c = (claim(box, [x], what=x) for x in ("a", "b", "c"))
    assert a and b and c
    outbox.confirm(box, a[0], channel="C0X", ts="17.5", now=NOW)
    outbox.fail(box, b[0], "x" * 600, NOW)
    outbox.release(box, c[0], "y" * 600)
    sent, failed, released = (outbox.get(box, k[0]) for k in (a, b, c))
    assert sent and (sent["state"], sent["channel"], sent["ts"], sent["sent_at"],
                     sent["lease_until"]) == ("sent", "C0X", "17.5", "2026-11-23T09:00:00+00:00", None)
    assert failed and (failed["state"], failed["error"], failed["lease_until"]) == (
        "failed", "x" * 500, None)
    assert released and (released["state"], released["error"], released["lease_until"]) == (
        "claimed", "y" * 500, 0)
    outbox.release(box, a[0], "late")  # a sent one is not released
    assert outbox.get(box, a[0])["error"] is None  # type: ignore[index]
    assert outbox.last_sent(box, "a", "U0ANNA")["key"] == a[0]  # type: ignore[index]
    assert outbox.last_sent(box, "b", "U0ANNA") is None
    assert [r["key"] for r in outbox.expired(box, 0.0)] == [c[0]]  # released: free at once


def test_a_claim_renewed_only_while_it_is_claimed(box: Store) -> None:
    keys = claim(box, ["a"])
    assert keys
    outbox.fail(box, keys[0], "borta", NOW)
    assert not outbox.renew(box, keys[0], "w1", 500.0)
    assert outbox.get(box, keys[0])["lease_until"] is None  # type: ignore[index]


def test_a_take_over_wins_once_and_only_after_the_lease(box: Store) -> None:
    keys = claim(box, ["a"], lease_until=100.0)
    assert keys
    assert outbox.expired(box, 99.0) == []
    assert not outbox.take_over(box, keys[0], "w2", 99.0, 200.0)
    assert [r["key"] for r in outbox.expired(box, 100.0)] == keys
    assert outbox.take_over(box, keys[0], "w2", 100.0, 200.0)
    assert not outbox.take_over(box, keys[0], "w3", 100.0, 300.0)  # w2 holds it now
    row = outbox.get(box, keys[0])
    assert row and (row["owner"], row["lease_until"], row["attempts"]) == ("w2", 200.0, 2)
    [send] = outbox.all_sends(box)
    assert (send["key"], send["state"], send["attempts"], send["has_file"]) == (
        keys[0], "claimed", 2, 0)
