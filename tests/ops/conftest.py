"""Fixtures for running it for real: the local Slack, and environments for the real console
script on a store file in a temporary "volume"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import NOW
from tests.mock_slack import MockSlack
from tests.support import clean_env


@pytest.fixture(scope="module")
def local_slack() -> Iterator[MockSlack]:
    mock = MockSlack()
    yield mock
    mock.close()


@pytest.fixture
def volume(tmp_path: Path) -> Path:
    """A directory standing in for the container's /data volume."""
    path = tmp_path / "data"
    path.mkdir()
    return path


__all__ = ["NOW", "clean_env"]
