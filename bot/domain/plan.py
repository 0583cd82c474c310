"""The plan's own small words: statuses, an indicator's önskat läge, Swedish numbers, months.

Plain Python (no pydantic), so that answering a question does not load the plan-file
schema (bot.domain.schema), which only importing a plan file needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from bot.domain.text import fold


class Direction(str, Enum):
    OKA = "Öka"
    MINSKA = "Minska"
    BEVAKA = "Bevaka"


@dataclass(frozen=True)
class Target:
    """An indicator's önskat läge: a number, a comparison or a direction.

    Parsed from the text as written in the plan ("7,4%", "< 5,0%", "> 75 % bästa",
    "Öka"); the text is kept.
    """

    text: str
    kind: Literal["value", "comparison", "direction", "none"]
    op: Literal["<", ">", "<=", ">=", "="] | None = None
    value: float | None = None
    direction: Direction | None = None
    qualifier: str | None = None  # "bästa" in "> 75 % bästa"

    @classmethod
    def parse(cls, text: str | float | None) -> Target:
        if text is None or str(text).strip() in ("", "-", "–"):
            return cls(text=str(text or "").strip(), kind="none")
        raw = str(text).strip()
        low = raw.lower()
        for d in Direction:
            if low == d.value.lower():
                return cls(text=raw, kind="direction", direction=d)
        m = re.match(r"^(<=|>=|<|>|=)?\s*(-?[\d\s\u00a0]*[\d](?:[.,]\d+)?)\s*(%?)\s*(.*)$", raw)
        if not m:
            raise ValueError(f"okänt önskat läge: {raw!r} (ett tal, en jämförelse som '< 5,0 %' eller Öka/Minska/Bevaka)")
        op, num, _pct, rest = m.groups()
        value = parse_number(num)
        if op:
            # the regex admits only the five operators
            return cls(text=raw, kind="comparison", op=op,  # type: ignore[arg-type]
                       value=value, qualifier=rest or None)
        if rest:
            raise ValueError(f"okänt önskat läge: {raw!r}")
        return cls(text=raw, kind="value", value=value)


def parse_number(text: str | float) -> float:
    """Parse a number written the Swedish way: '1 715', '8,38', '-16', '−12 508'."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    s = str(text).strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    s = s.rstrip("%").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", s):
        raise ValueError(f"inte ett tal: {text!r}")
    return float(s)


class Status(str, Enum):
    EJ_PABORJAD = "ej påbörjad"
    PAGAR = "pågår"
    KLAR = "klar"
    FORSENAD = "försenad"
    AVBRUTEN = "avbruten"


MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)


def key_order(key: str) -> tuple[int, ...]:
    """An uppdrag key's place in plan order: "3.10" after "3.2"."""
    return tuple(int(p) for p in key.split(".") if p.isdigit())


# The main groups of the municipal operations classification (the kommunala
# verksamhetsindelningen of SCB's räkenskapssammandrag): a budget line's code begins with its
# group's digit (10–13 Politisk verksamhet, 44–45 Pedagogisk verksamhet). A question naming
# the group, not a line ("vad kostar politiken?"), asks its lines together. Only the groups
# whose name is no line's own name ("Affärsverksamhet" is line 80), with the words that name
# them (folded).
AREAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "1": ("Politisk verksamhet", ("politik", "politiken", "politisk", "politiska", "politikerna",
                                  "politikers")),
    "2": ("Infrastruktur, skydd m.m.", ("infrastruktur", "infrastrukturen")),
    "4": ("Pedagogisk verksamhet", ("pedagogisk", "pedagogiska", "utbildning", "utbildningen",
                                    "utbildningar")),
}


# what each unit can hold; past it a value is a typo, not a measurement
_RANGE = {"procent": (-1_000.0, 1_000.0), "antal": (0.0, 1e10), "kronor": (-1e13, 1e13),
          "tkr": (-1e10, 1e10), "mnkr": (-1e7, 1e7), "mkr": (-1e7, 1e7), "tim": (0.0, 1e9)}
_ANY = (-1e12, 1e12)
# a per cent that is a share of a whole (of the working time, of the staff, of the labour
# force) lies between 0 and 100: "sjukfrånvaro 180 %" is a typo (Skuldsättningsgrad is 414 %)
_SHARES = ("andel", "sjukfranvaro", "sjukskrivning", "frisknarvaro", "arbetsloshet",
           "personalomsattning")
# a count that is a net change is signed: Folkökning −64, Födelseöverskott −49
_NET = ("okning", "overskott", "forandring", "netto")


def value_range(unit: str, name: str = "", baseline: float | None = None) -> tuple[float, float]:
    """The values an indicator in ``unit`` can hold, by its name and baseline; past them a
    value is a typo, in chat or in a plan's measurements."""
    folded = fold(name)
    if unit == "procent" and any(w in folded for w in _SHARES):
        return (0.0, 100.0)
    if unit == "antal" and (any(w in folded for w in _NET) or (baseline or 0) < 0):
        return (-1e10, 1e10)
    return _RANGE.get(unit, _ANY)
