"""The weekly digest: what changed and what is coming, for a channel.

`build_digest` answers from the store into a typed `DigestResult` (reusing the answers'
building blocks); `digest_document` renders it with templates/digest.j2 into a neutral
document (bot.schedule.document), plus a trend chart (PNG) for the indicators that changed;
the transport lays it out for its platform.
A week with nothing new renders as one line.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from bot.core import results as r
from bot.core import views
from bot.core.context import Context
from bot.core.markup import ITALIC, leading_heading, plain
from bot.core.render import render
from bot.core.views import all_uppdrag, indikator_info, plan_updates
from bot.domain.calendar import SILENT_DAYS
from bot.kolada.standing import digest_lines as kolada_digest_lines
from bot.schedule.document import Document, File, Section
from handlers import aktiviteter
from handlers.budget import BudgetOverview, BudgetOverviewResult, answer_budget_overview
from store import queries as q
from store.db import Row

DUE_WINDOW_DAYS = 30
TOP_DEVIATIONS = 5
CHART_MAX = 4  # panels in the trend chart: readable in Slack, and cheap to draw
LIST_MAX = 12
RANK = {"röd": 0, "gul": 1, "grön": 2}
SEPARATOR = "\x1e"  # between the template's sections
CLOSED = ("klar", "avbruten")


@dataclass(frozen=True)
class DigestFilter:
    """What a subscription wants: målområden (empty = all), or only the economy."""

    areas: tuple[int, ...] = ()
    kind: Literal["full", "ekonomi"] = "full"

    @classmethod
    def from_row(cls, row: dict[str, Any] | None) -> DigestFilter:
        if row is None:
            return cls()
        areas = tuple(int(a) for a in str(row["areas"] or "").split(",") if a)
        return cls(areas=areas, kind="ekonomi" if row["kind"] == "ekonomi" else "full")

    def label(self) -> str | None:
        if self.kind == "ekonomi":
            return "ekonomi"
        if self.areas:
            a = [str(x) for x in self.areas]
            return "målområde " + (" och ".join([", ".join(a[:-1]), a[-1]]) if len(a) > 1 else a[0])
        return None


@dataclass(kw_only=True)
class NewValue(r.Result):
    """An indicator with a value recorded since the last digest."""

    template: ClassVar[str] = ""
    info: r.IndikatorInfo
    change: float | None  # latest − previous (or − baseline)
    series: list[tuple[dt.date, float]]


@dataclass(kw_only=True)
class DigestResult(r.Result):
    template: ClassVar[str] = "digest.j2"
    title: str
    week: int
    today: dt.date
    since: dt.datetime | None  # the last digest; None for the first
    filter_label: str | None
    economy: bool  # the budget section is in this digest
    indicators: bool  # the indicator and uppdrag sections are in this digest
    nothing_new: bool
    new_values: list[NewValue]
    off_target: list[r.IndikatorInfo]
    deviation_year: int | None
    deviations: list[r.BudgetLine]
    due: list[r.UppdragInfo]
    late: list[r.UppdragInfo]
    silent: list[r.UppdragInfo]
    window_days: int = DUE_WINDOW_DAYS
    silent_days: int = SILENT_DAYS
    list_max: int = LIST_MAX
    examples: list[str] = field(default_factory=list)
    # the förvaltning's aktiviteter (verksamhetsplan): their roll-up, and the late ones listed
    aktiviteter: list[r.AktivitetInfo] = field(default_factory=list)
    aktiviteter_summary: str | None = None

    @property
    def late_aktiviteter(self) -> list[r.AktivitetInfo]:
        return [a for a in self.aktiviteter if a.late]
    kolada: list[str] = field(default_factory=list)  # strategic goals against all municipalities


# --- building ---------------------------------------------------------------------------------


def _when(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp)


def _new_value(m: Row, since: dt.datetime) -> bool:
    """A value recorded since ``since`` that is news: not one of an earlier year filled in
    (a document's survey of 2024 or Kolada's back years, imported today, are not this
    week's news)."""
    return _after(m["created_at"], since) and str(m["date"])[:10] >= \
        (since.date() - dt.timedelta(days=366)).isoformat()


def _after(stamp: str | None, since: dt.datetime) -> bool:
    return bool(stamp) and _when(stamp) > since  # type: ignore[arg-type]


def build_digest(ctx: Context, since: dt.datetime | None, filt: DigestFilter = DigestFilter(),
                 organisation: str | None = None) -> DigestResult:
    """The digest for ``ctx.now``: news since ``since`` (the last digest; the past week when
    there was none) and the state of the plan."""
    snap, today = ctx.snap, ctx.today
    window_from = since or (ctx.now - dt.timedelta(days=7))
    indicators = filt.kind == "full"
    economy = filt.kind == "ekonomi" or not filt.areas

    in_scope = [i for i in snap.indikatorer if not filt.areas or i["malomrade"] in filt.areas]
    new_values: list[NewValue] = []
    infos: list[r.IndikatorInfo] = []
    off_target: list[r.IndikatorInfo] = []
    if indicators:
        latest = q.latest_measurements(ctx.store, 2)
        for row in in_scope:
            rows = latest.get(row["id"], [])
            info = indikator_info(ctx, row, rows)
            if info.latest is not None and any(_new_value(m, window_from) for m in rows):
                base = info.previous if info.previous is not None else info.baseline
                new_values.append(NewValue(info=info, change=None if base is None else info.latest - base,
                                           series=[]))
            infos.append(info)
        off_target = views.off_target(infos)
        # the chart shows the changed indicators that need attention first (röd, gul, …)
        for v in sorted(new_values, key=lambda v: RANK.get(v.info.colour or "", 3))[:CHART_MAX]:
            v.series = _series(ctx, snap.ind_by_slug[v.info.slug]["id"])

    deviations: list[r.BudgetLine] = []
    year = None
    if economy:
        budget = answer_budget_overview(BudgetOverview(focus="avvikelse"), ctx)
        assert isinstance(budget, BudgetOverviewResult)
        year = budget.year
        deviations = budget.deviations[:TOP_DEVIATIONS]

    due: list[r.UppdragInfo] = []
    late: list[r.UppdragInfo] = []
    silent: list[r.UppdragInfo] = []
    ups: list[r.UppdragInfo] = []
    if indicators:
        ups = [u for u in all_uppdrag(ctx) if not filt.areas or u.malomrade in filt.areas]
        due = views.due_within(ups, today, today + dt.timedelta(days=DUE_WINDOW_DAYS))
        late = [u for u in ups if u.late]
        silent = [u for u in ups if u.status not in CLOSED and
                  (u.last_update_days is None or u.last_update_days >= SILENT_DAYS)]

    akt = aktiviteter.all_infos(ctx, filt.areas) if indicators else []
    nothing_new = (since is not None and not new_values and not _news(ctx, since, ups, economy)
                   and not _aktivitet_news(ctx, since, akt))
    week = today.isocalendar().week
    org = organisation or (snap.org or {}).get("name")
    label = filt.label()
    title = f"Veckobrev vecka {week}" + (f" – {org}" if org else "") + (f" ({label})" if label else "")
    return DigestResult(
        title=title, week=week, today=today, since=since, filter_label=label, economy=economy,
        indicators=indicators, nothing_new=nothing_new, new_values=new_values,
        off_target=off_target, deviation_year=year, deviations=deviations, due=due, late=late,
        silent=silent, examples=_examples(ctx, new_values, due, year, not indicators),
        aktiviteter=akt, aktiviteter_summary=aktiviteter.summary(akt) if akt else None,
        kolada=kolada_digest_lines(ctx, filt.areas) if indicators else [])


def _aktivitet_news(ctx: Context, since: dt.datetime, akt: list[r.AktivitetInfo]) -> bool:
    """An aktivitet updated since the last digest, or one whose deadline passed since."""
    then, today = since.date(), ctx.today
    for a in akt:
        if a.latest is not None and a.latest.at > since:
            return True
        if any(d is not None and then <= d < today for d, _, _ in a.deadlines):
            return True
    return False


def _series(ctx: Context, indikator_id: int) -> list[tuple[dt.date, float]]:
    """An indicator's values over time, one per date (the newest entry wins, as in answers)."""
    by_date: dict[dt.date, float] = {}
    for m in q.measurements(ctx.store, indikator_id):
        by_date[dt.date.fromisoformat(m["date"][:10])] = m["value"]
    return sorted(by_date.items())


def _news(ctx: Context, since: dt.datetime, ups: list[r.UppdragInfo], economy: bool) -> bool:
    """Anything new since the last digest besides new values: a progress update, a (re)import
    of the plan, a deadline that came within the window or passed, an uppdrag that went quiet."""
    if any(_after(d["imported_at"], since) for d in q.documents(ctx.store)):
        return True
    if not ups:
        return False
    keys = {u.key for u in ups}
    if any(e["key"] in keys and _after(e["created_at"], since) for e in plan_updates(ctx)):
        return True
    then, today = since.date(), ctx.today
    w = dt.timedelta(days=DUE_WINDOW_DAYS)
    for u in ups:
        for d in u.deadlines:
            if d.date and (then + w < d.date <= today + w or then <= d.date < today):
                return True
        if u.last_update_days is not None and u.status not in CLOSED:
            quiet_since = today - dt.timedelta(days=u.last_update_days - SILENT_DAYS)
            if then < quiet_since <= today:
                return True
    return False


def _examples(ctx: Context, new: list[NewValue], due: list[r.UppdragInfo], year: int | None,
              economy_only: bool = False) -> list[str]:
    if economy_only:
        return [f"budgetavvikelser {year}", f"investeringar {year}"] if year else ["budget"]
    out = []
    if new:
        out.append(f"{new[0].info.name.split(',')[0].lower()}?")
    if due:
        out.append(f"status uppdrag {due[0].key}")
    out.append("deadlines närmaste 30 dagarna")
    if year:
        out.append(f"budgetavvikelser {year}")
    return out[:4]


# --- rendering -------------------------------------------------------------------------------------


def _parts(result: DigestResult) -> list[str]:
    text = render(result, sep=SEPARATOR)
    return [p.strip("\n") for p in text.split(SEPARATOR) if p.strip()]


def render_digest(result: DigestResult) -> str:
    """The digest as plain text (terminal, tests), sections joined."""
    return "\n\n".join(plain(p) for p in _parts(result))


def digest_document(result: DigestResult, chart: bytes | None = None) -> Document:
    """The digest as a document: the title, its sections (a divider between them; the last,
    how to ask more, a note), then the chart as a file, if any."""
    parts = _parts(result)
    if parts and leading_heading(parts[0])[0] is not None and "\n" not in parts[0]:
        parts = parts[1:]  # the title: the document's own
    sections = []
    for i, part in enumerate(parts):
        if i == len(parts) - 1 and part.startswith(ITALIC[0]):
            sections.append(Section(part, note=True))
            continue
        sections.append(Section(part, divider=i > 0))
    doc = Document(sections, title=result.title)
    if chart:
        shown = [v.info.name for v in result.new_values if v.series][:CHART_MAX]
        doc.files.append(File(f"veckobrev-v{result.week}.png", f"Trender vecka {result.week}", chart,
                              alt="Linjediagram över " + ", ".join(shown),
                              comment=f"Trender vecka {result.week}: {len(shown)} indikatorer med nya värden"))
    return doc


def trend_chart(result: DigestResult) -> bytes | None:
    """A PNG of small line charts for the changed indicators (röd and gul first, at most
    four), or None."""
    series = sorted((v for v in result.new_values if v.series),
                    key=lambda v: RANK.get(v.info.colour or "", 3))[:CHART_MAX]
    if not series:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # no pyplot: no global state, nothing opens a window

    cols = 2 if len(series) > 1 else 1
    rows = (len(series) + cols - 1) // cols
    fig = Figure(figsize=(4.4 * cols, 2.5 * rows), dpi=80)
    fig.subplots_adjust(left=0.1, right=0.97, top=1 - 0.5 / rows, bottom=0.25 / rows,
                        hspace=1.0, wspace=0.3)
    from bot.documents.charts import Panel, draw

    for n, v in enumerate(series):
        # Swedish axis numbers, the unit, target and baseline as labelled lines, the whole title
        draw(fig.add_subplot(rows, cols, n + 1),
             Panel(v.info.name, v.series, v.info.unit, v.info.baseline, v.info.target, v.info.colour),
             fontsize=7, title_width=48)
    buf = io.BytesIO()
    with warnings.catch_warnings():  # AutoDateLocator warns, harmlessly, on some short ranges
        warnings.filterwarnings("ignore", message="AutoDateLocator was unable")
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def digest(ctx: Context, since: dt.datetime | None, filt: DigestFilter = DigestFilter(), *,
           chart: bool = True) -> tuple[DigestResult, Document]:
    """Build and render a digest: the result and its document (chart included)."""
    result = build_digest(ctx, since, filt)
    if result.nothing_new:
        return result, _one_line(result)
    png = trend_chart(result) if chart else None
    return result, digest_document(result, png)


def _one_line(result: DigestResult) -> Document:
    text = render(result, sep=SEPARATOR).replace(SEPARATOR, "").strip()
    return Document([Section(text, whole=True)])
