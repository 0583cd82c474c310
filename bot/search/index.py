"""A plan file's sections as the rows the store indexes: one passage per paragraph or list
item, each with its stems, and the heading of the section above (for "Driftredovisning ·
…")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.search.stemming import index_text
from store.sections import SectionRow

if TYPE_CHECKING:  # the plan-file schema (pydantic) is loaded only by importing
    from bot.domain.schema import Section


def split_passages(text: str) -> list[str]:
    """Paragraphs (blank line between) and list items ("- ") of a section's text. A short
    line without a full stop ("Indikator/källa", "Uppdrag från nämnden") is a sub-heading:
    it goes with the paragraph after it."""
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n(?=- )", text) if p.strip()]
    out: list[str] = []
    lead = ""
    for p in parts:
        if len(p) < 60 and not p.endswith((".", "!", "?")) and not p.startswith("- "):
            lead = f"{lead} {p}".strip()
            continue
        out.append(f"{lead} {p}".strip() if lead else p)
        lead = ""
    if lead:
        out.append(lead)
    return out


def section_rows(sections: list[Section]) -> list[SectionRow]:
    rows: list[SectionRow] = []
    above: dict[int, str] = {}
    for s in sections:
        above[s.level] = s.heading
        parent = next((above[lv] for lv in range(s.level - 1, 0, -1) if lv in above), None)
        for lv in [lv for lv in above if lv > s.level]:
            del above[lv]
        passages = split_passages(s.text)
        rows.append(SectionRow(
            heading=s.heading, level=s.level, parent=parent, text=s.text, page=s.page,
            passages=tuple((p, index_text(p)) for p in passages),
            heading_stems=index_text(f"{parent or ''} {s.heading}")))
    return rows
