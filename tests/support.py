"""Helpers shared by tests of every kind (no fixtures: those are in the conftest files)."""

from __future__ import annotations

import os

from store import queries as q
from store.db import Row, Store


def clean_env(**settings: str) -> dict[str, str]:
    """This process's environment without any Styrbot or Slack setting (nor PORT), plus
    ``settings``: what a console script run by a test sees."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "STYRBOT_")) and k != "PORT"}
    return {**env, **settings}


def updates_of(store: Store, key: str = "3.2") -> list[Row]:
    """The progress updates of uppdrag ``key`` of the current plan, oldest first."""
    plan = q.current_plan(store)
    assert plan, "no plan in the store"
    return q.updates(store, plan["id"], key)
