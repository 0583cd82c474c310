"""handlers.common.Deliveries on a real store: retries recognised, and a store that will not
take the record loses no answer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.clock import Clock
from bot.slack.listeners.common import Deliveries
from store.db import Store
from store.events import was_seen

NOW = Clock.fixed("2026-11-23T09:00")


def test_each_event_once_and_recorded_after_its_work(demo_db: Path, tmp_path: Path) -> None:
    shutil.copy(demo_db, tmp_path / "s.db")
    store = Store(tmp_path / "s.db")
    deliveries = Deliveries(store, NOW)
    with deliveries.handling("Ev1") as new:
        assert new and not was_seen(store, "Ev1")  # recorded when the work is done
        with deliveries.handling("Ev1") as racing:
            assert not racing
    assert was_seen(store, "Ev1")
    with deliveries.handling("Ev1") as again:
        assert not again
    with Deliveries(store, NOW).handling("Ev1") as after_restart:  # memory filled from the store
        assert not after_restart


def test_a_store_that_will_not_take_the_record_loses_no_answer(
        demo_db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    shutil.copy(demo_db, tmp_path / "s.db")
    store = Store(tmp_path / "s.db")
    deliveries = Deliveries(store, NOW)
    with store.write() as conn:
        conn.execute("DROP TABLE seen_events")  # any failure of the write will do
    answered = False
    with deliveries.handling("Ev2") as new:
        answered = new
    assert answered
    assert "could not record the handled event Ev2" in caplog.text
    with deliveries.handling("Ev2") as again:  # memory still knows it
        assert not again
