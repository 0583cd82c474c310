"""Line charts of an indicator's values, for the report and the digest.

Swedish numbers on the axes (8,40, not 8.40; 1 715; −3), Swedish month names on the time
axis, the unit on the value axis, the target and the baseline as labelled lines, and the
whole title (wrapped, never cut). No pyplot: no global state and no window.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from bot.domain.fmt import MONTH_NAMES, UNIT_SUFFIX, number
from bot.domain.plan import Target

COLOURS = {"grön": "#2e7d32", "gul": "#f9a825", "röd": "#c62828"}
NEUTRAL = "#546e7a"
UNIT_LABEL = {"procent": "procent (%)", "tkr": "tkr", "mnkr": "mnkr", "mkr": "mkr",
              "kronor": "kronor", "tim": "timmar", "antal": "antal", "index": "index",
              "medelvärde": "medelvärde"}


@dataclass
class Panel:
    """One indicator's chart: its whole name, the series, unit, baseline, target, colour."""

    title: str
    series: Sequence[tuple[dt.date, float]]
    unit: str = ""
    baseline: float | None = None
    target: str | None = None
    colour: str | None = None


def _matplotlib() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    return matplotlib


def swedish(value: float, decimals: int) -> str:
    """A tick label: 8,40; 1 715; −3."""
    return number(value, decimals)


def tick_decimals(locs: Sequence[float]) -> int:
    """The decimals that tell the ticks apart, the same for all of them (8,40 8,45 8,50)."""
    finite = sorted(v for v in locs if math.isfinite(v))
    if len(finite) < 2:
        return 0 if all(float(v).is_integer() for v in finite) else 2
    step = min(b - a for a, b in pairwise(finite) if b > a) if len(set(finite)) > 1 else 1.0
    return max(0, min(4, -math.floor(math.log10(step) + 1e-9)))


def date_tick(d: dt.date, span_days: int) -> str:
    """A date tick in Swedish: "5 okt" within a few months, else "okt 26"."""
    month = MONTH_NAMES[d.month - 1][:3]
    return f"{d.day} {month}" if span_days <= 120 else f"{month} {d:%y}"


def wrap_title(title: str, width: int) -> str:
    """The whole title, over as many lines as it needs."""
    return "\n".join(textwrap.wrap(title, width=width, break_long_words=False)) or title


def draw(ax: Any, panel: Panel, *, fontsize: float = 8, title_width: int = 60) -> None:
    """Draw one panel on the axes ``ax``."""
    from matplotlib import dates as mdates
    from matplotlib.ticker import FixedLocator, Formatter, MaxNLocator

    class SwedishFormatter(Formatter):  # type: ignore[misc]
        decimals = 0

        def set_locs(self, locs: Sequence[float]) -> None:
            self.decimals = tick_decimals(list(locs))

        def __call__(self, x: float, pos: int | None = None) -> str:
            return swedish(x, self.decimals)

    xs = [float(mdates.date2num(d)) for d, _ in panel.series]
    ys = [v for _, v in panel.series]
    colour = COLOURS.get(panel.colour or "", NEUTRAL)
    suffix = UNIT_SUFFIX.get(panel.unit, "")
    ax.plot(xs, ys, marker="o", markersize=3, color=colour, linewidth=1.8, label="Mätvärde")
    if panel.baseline is not None:
        ax.axhline(panel.baseline, color="#757575", linestyle=":", linewidth=1.2,
                   label=f"Utgångsläge {number(panel.baseline)}{suffix}")
    target = Target.parse(panel.target) if panel.target else None
    if target is not None and target.kind in ("value", "comparison") and target.value is not None:
        ax.axhline(target.value, color="#1565c0", linestyle="--", linewidth=1.2,
                   label=f"Mål {target.text}")
    ax.set_title(wrap_title(panel.title, title_width), fontsize=fontsize + 1, loc="left")
    if panel.unit:
        ax.set_ylabel(UNIT_LABEL.get(panel.unit, panel.unit), fontsize=fontsize)
    if len(xs) == 1:
        ax.set_xlim(xs[0] - 45, xs[0] + 45)  # date numbers count days
    span = int(max(xs) - min(xs)) if len(xs) > 1 else 90
    locator = mdates.AutoDateLocator(minticks=2, maxticks=5)
    ax.xaxis.set_major_locator(locator)
    with warnings.catch_warnings():  # AutoDateLocator warns, harmlessly, on some short ranges
        warnings.filterwarnings("ignore", message="AutoDateLocator was unable")
        lo, hi = ax.get_xlim()
        ticks = [t for t in locator.tick_values(mdates.num2date(lo), mdates.num2date(hi)) if lo <= t <= hi]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticks(ticks, [date_tick(mdates.num2date(t).date(), span) for t in ticks])
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_formatter(SwedishFormatter())
    ax.tick_params(labelsize=fontsize - 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=fontsize - 1, loc="best", frameon=False)


def png(panels: Sequence[Panel], *, columns: int = 1, width_in: float = 6.0,
        height_in: float = 2.4, dpi: int = 100, title_width: int = 70) -> bytes:
    """One PNG of the panels, ``columns`` a row."""
    _matplotlib()
    from matplotlib.figure import Figure

    cols = max(1, min(columns, len(panels)))
    rows = (len(panels) + cols - 1) // cols
    fig = Figure(figsize=(width_in * cols, height_in * rows), dpi=dpi)
    lines = max(1, max(len(wrap_title(p.title, title_width).split("\n")) for p in panels))
    top = 1 - (0.16 + 0.07 * lines) / rows  # room for the wrapped title
    fig.subplots_adjust(left=0.11 / cols, right=0.98, top=top, bottom=0.13 / rows,
                        hspace=0.55 + 0.1 * lines, wspace=0.25)
    for n, panel in enumerate(panels):
        draw(fig.add_subplot(rows, cols, n + 1), panel, title_width=title_width)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
