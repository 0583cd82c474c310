"""Fixtures for running it for real: the local Slack, and environments for the real console
script on a store file in a temporary "volume"."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import NOW
from tests.mock_slack import MockSlack


@pytest.fixture(scope="module")
def local_slack() -> Iterator[MockSlack]:
    mock = MockSlack()
    yield mock
    mock.close()


def clean_env(**settings: str) -> dict[str, str]:
    """The environment without any Styrbot or Slack setting, plus ``settings``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "STYRBOT_")) and k != "PORT"}
    return {**env, **settings}


@pytest.fixture
def volume(tmp_path: Path) -> Path:
    """A directory standing in for the container's /data volume."""
    path = tmp_path / "data"
    path.mkdir()
    return path


__all__ = ["NOW", "clean_env"]
