"""Swedish formatting of numbers, amounts, dates and relative time (via Babel).

1 715; 8,38 %; −12 508 tkr; 5 maj 2026; "om 8 dagar", "för 20 dagar sedan".
Group separator is a plain space and the minus sign is U+2212, as in the documents.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

MINUS = "\u2212"
UNIT_SUFFIX = {"procent": " %", "tkr": " tkr", "mnkr": " mnkr", "mkr": " mkr", "kronor": " kr",
               "tim": " tim"}


def number(value: float | None, decimals: int | None = None) -> str:
    """1 715; 8,38; −12 508. ``decimals`` fixes the number of decimals (else at most two).

    Written out by hand (the same result as Babel's sv_SE pattern "#,##0.##", half-even
    rounding); Babel's formatter was the largest cost of rendering long lists.
    """
    if value is None:
        return "–"
    if type(value) is int and not decimals:  # the common case (days, counts): no rounding
        s = f"{abs(value):,}".replace(",", " ")
        return MINUS + s if value < 0 else s
    try:
        d = Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
        places = 2 if decimals is None else decimals
        q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    except (InvalidOperation, ValueError, OverflowError):
        return _babel_number(value, decimals)
    negative = q < 0
    whole, _, frac = f"{abs(q):f}".partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    s = f"{int(whole):,}".replace(",", " ") + ("," + frac if frac else "")
    if negative and s.strip("0, ") != "":
        s = MINUS + s
    return s


def _babel_number(value: float, decimals: int | None = None) -> str:
    from babel.numbers import format_decimal  # only for what number() cannot read (cold start)

    if decimals is None:
        pattern = "#,##0.##"
    elif decimals == 0:
        pattern = "#,##0"
    else:
        pattern = "#,##0." + "0" * decimals
    s = format_decimal(value, format=pattern, locale="sv_SE")
    s = s.replace("\u00a0", " ").replace("\u202f", " ")
    if s.startswith("-"):
        s = MINUS + s[1:]
    if s == MINUS + "0":
        s = "0"
    return s


def percent(value: float | None, decimals: int | None = None) -> str:
    """8,38 % (a space before the sign, as Swedish typography has it)."""
    return "–" if value is None else f"{number(value, decimals)} %"


def amount(value: float | None, unit: str = "tkr") -> str:
    """−12 508 tkr; amounts keep the documents' sign (costs negative)."""
    return "–" if value is None else f"{number(value, 0 if unit == 'tkr' else None)} {unit}"


def signed(value: float | None, unit: str = "tkr") -> str:
    """+366 tkr / −12 508 tkr: a deviation, with its sign always shown."""
    if value is None:
        return "–"
    s = amount(value, unit)
    return s if value <= 0 else "+" + s


def with_unit(value: float | None, unit: str, decimals: int | None = None) -> str:
    """A measured value with its unit: 8,38 %; 1 123 000 kr; −9,2 mnkr; 1 731."""
    if value is None:
        return "–"
    return number(value, decimals) + UNIT_SUFFIX.get(unit, "")


def change(value: float | None, unit: str) -> str:
    """A change of a measured value, its sign always shown: +13; −0,43 procentenheter (a
    percentage's change is in points); +0,6 mnkr."""
    if value is None:
        return "–"
    v = round(value, 6)
    s = number(v) + (" procentenheter" if unit == "procent" else UNIT_SUFFIX.get(unit, ""))
    return "+" + s if v > 0 else s if v < 0 else "±" + s


def date(d: dt.date | str | None, year: bool = True) -> str:
    """5 maj 2026 (or "5 maj" without the year)."""
    if d is None:
        return "–"
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    # the same as Babel's format_date(d, "d MMMM y", locale="sv"), without its cost
    return f"{d.day} {MONTH_NAMES[d.month - 1]}" + (f" {d.year}" if year else "")


def measured_on(d: dt.date | str | None, source: str | None = None) -> str:
    """The date of a measurement: "5 maj 2026", or the year alone for a year's value (its
    source says "årsvärde": a survey's result, dated 31 December in the store)."""
    if d is not None and source and "årsvärde" in source:
        return str(d.year if isinstance(d, dt.date) else d[:4])
    return date(d)


def datetime(t: dt.datetime | str) -> str:
    """5 maj 2026 kl. 14.05"""
    if isinstance(t, str):
        t = dt.datetime.fromisoformat(t)
    return f"{date(t.date())} kl. {t:%H.%M}"


def relative(d: dt.date | str, today: dt.date) -> str:
    """"i dag", "i morgon", "om 8 dagar", "i går", "för 20 dagar sedan"."""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    days = (d - today).days
    if days == 0:
        return "i dag"
    if days == 1:
        return "i morgon"
    if days == -1:
        return "i går"
    if days > 0:
        return f"om {number(days)} dagar"
    return f"för {number(-days)} dagar sedan"


MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")


def month(m: int) -> str:
    return MONTH_NAMES[m - 1]


def plural(noun: str) -> str:
    """The plural of a level's word as Swedish writes it: "Målområde" → "Målområden",
    "Indikator" → "Indikatorer"; "Övergripande mål", "Verksamhetsmål", "Uppdrag" unchanged
    (Orsa's level words: "Övergripande måln" was written)."""
    if noun.endswith("e"):
        return noun + "n"
    if noun.endswith("or"):
        return noun + "er"
    return noun
