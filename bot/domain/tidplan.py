"""Turn a plan's free-text tidplan into dates in the plan year, keeping the text.

Examples (plan year 2026)::

    "Kommunstyrelsen den 5 maj samt 3 november"  -> 2026-05-05 KS, 2026-11-03 KS
    "Kommunstyrelsen den 6oktober"               -> 2026-10-06 KS
    "Kommunstyrelsen den 1 september samt på kommunens omvärldsdag"
                                                 -> 2026-09-01 KS + undated "kommunens omvärldsdag"
    "I enlighet med ordinarie rapporteringsstruktur" -> follows the årshjul (reporting points)
    "I enlighet med projektplan"                 -> no fixed date

Nothing here raises on odd text: what cannot be read is kept and flagged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.domain.plan import MONTHS

BODIES = {
    "kommunstyrelsen": "KS",
    "kommunfullmäktige": "KF",
    "ks": "KS",
    "kf": "KF",
}


@dataclass(frozen=True)
class Deadline:
    date: dt.date | None  # None: an occasion without a fixed date
    body: str | None  # "KS", "KF" or None
    label: str  # what it is, in words: "Kommunstyrelsen", "kommunens omvärldsdag"


@dataclass
class Tidplan:
    text: str
    deadlines: list[Deadline] = field(default_factory=list)
    regular_reporting: bool = False  # "ordinarie rapporteringsstruktur": follows the årshjul
    project_plan: bool = False  # "i enlighet med projektplan": dates set elsewhere
    unparsed: bool = False  # text we could not read; kept, flagged

    @property
    def flags(self) -> list[str]:
        out = []
        if self.regular_reporting:
            out.append("rapporteringsstruktur")
        if self.project_plan:
            out.append("projektplan")
        if self.unparsed:
            out.append("oläst")
        return out


_MONTH_RE = "|".join(MONTHS)
_DATE = re.compile(rf"(\d{{1,2}})\s*({_MONTH_RE})\b", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_tidplan(text: str | None, year: int | None) -> Tidplan:
    """Parse a tidplan text; never raises."""
    raw = " ".join((text or "").split())
    result = Tidplan(text=raw)
    if not raw:
        return result
    low = raw.lower()
    if "rapporteringsstruktur" in low:
        result.regular_reporting = True
    if "projektplan" in low:
        result.project_plan = True

    body = None
    label = None
    for word, short in BODIES.items():
        if re.search(rf"\b{word}\b", low):
            body, label = short, {"KS": "Kommunstyrelsen", "KF": "Kommunfullmäktige"}[short]
            break

    found_dates = False
    for m in _ISO.finditer(raw):
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            result.unparsed = True
            continue
        result.deadlines.append(Deadline(d, body, label or raw))
        found_dates = True
    if year is not None:
        for m in _DATE.finditer(raw):
            day, month = int(m.group(1)), MONTHS.index(m.group(2).lower()) + 1
            try:
                d = dt.date(year, month, day)
            except ValueError:
                result.unparsed = True
                continue
            result.deadlines.append(Deadline(d, body, label or "Redovisning"))
            found_dates = True
    elif _DATE.search(raw):
        result.unparsed = True  # a date without a plan year to put it in

    # "samt på kommunens omvärldsdag": an occasion without a date
    for m in re.finditer(r"\bpå\s+([^,.;]+?)(?=\s+samt\b|[,.;]|$)", raw, re.IGNORECASE):
        occasion = m.group(1).strip()
        if "rapporteringsstruktur" in occasion.lower() or _DATE.search(occasion):
            continue
        result.deadlines.append(Deadline(None, None, occasion))

    undated = any(d.date is None for d in result.deadlines)
    if not (found_dates or undated or result.regular_reporting or result.project_plan):
        result.unparsed = True
    result.deadlines.sort(key=lambda d: (d.date is None, d.date or dt.date.max))
    return result
