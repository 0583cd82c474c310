"""Where the seed documents are: ../shared/seeds beside the checkout (as in CI), or beside
the directory of worktrees. Without them the fidelity tests skip, except in CI (CI=true),
where a missing seed is a failure: the data must be checked against its sources there."""

from __future__ import annotations

import os
import re
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


# A page number a seed prints on a line of its own (or "Sida 8 av 11") between blank lines:
# the page's foot. The text before it, back to the foot of the page before, is on that page.
PAGE_MARK = re.compile(r"(?:^[ \t]*\n){3,}[ \t]*(?:Sida )?(\d{1,3})(?: av \d+)?[ \t]*\n(?:[ \t]*\n){2,}",
                       re.MULTILINE)


def without_page_feet(text: str) -> str:
    """The seed's text with its page feet taken out (a paragraph runs on across them)."""
    return PAGE_MARK.sub("\n\n", text)
