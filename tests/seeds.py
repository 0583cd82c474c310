"""Where the seed documents are: ../shared/seeds beside the checkout (as in CI), or beside
the directory of worktrees. Without them the fidelity tests skip, except in CI (CI=true),
where a missing seed is a failure: the data must be checked against its sources there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def seeds_dir() -> Path | None:
    for base in (ROOT.parent, ROOT.parent.parent):
        d = base / "shared" / "seeds"
        if d.is_dir():
            return d
    return None


def require_seeds() -> Path:
    """The seeds directory; skips the test without it, or fails it in CI."""
    d = seeds_dir()
    if d is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("the seed documents are missing (../shared/seeds); CI checks the data "
                        "against them")
        pytest.skip("the seed documents are not beside the checkout (../shared/seeds)")
    return d
