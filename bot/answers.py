"""Answer each command from the store into a typed result. One function per command,
registered with its help text and examples: the registry is the single list of commands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot import commands as c
from bot import results as r
from bot.commands import register
from bot.models import MONTHS, Status, Target
from bot.snapshot import Snapshot
from bot.state import colour, holders, trend, uppdrag_state
from bot.text import fold
from store import queries as q
from store.db import Row, Store


@dataclass
class Context:
    """What an answer may use: the store, the plan snapshot, the time and who asks."""

    store: Store
    snap: Snapshot
    now: dt.datetime
    user: str | None = None
    admins: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    channel: str | None = None  # the conversation the message came from (Slack adapters)

    @property
    def today(self) -> dt.date:
        return self.now.date()


class UserError(Exception):
    """A failure the user should read, in Swedish; rendered as the reply."""


# --- building blocks ------------------------------------------------------------------


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s[:10]) if s else None


def indikator_info(ctx: Context, row: Row, latest: list[Row] | None = None) -> r.IndikatorInfo:
    if latest is None:
        latest = q.latest_measurements_for(ctx.store, row["id"], 2)
    cur = latest[0] if latest else None
    prev = latest[1] if len(latest) > 1 else None
    value = cur["value"] if cur else row["baseline"]
    previous = prev["value"] if prev else (row["baseline"] if cur else None)
    target = Target.parse(row["target"])
    links = [k for k, slugs in ctx.snap.uppdrag_ind.items() if row["slug"] in slugs]
    return r.IndikatorInfo(
        slug=row["slug"], name=row["name"], malomrade=row["malomrade"], table=row["tbl"],
        number=row["number"], description=row["description"], source=row["source"],
        frequency=row["frequency"], unit=row["unit"], reported_to_kf=bool(row["reported_to_kf"]),
        baseline=row["baseline"], baseline_text=row["baseline_text"], target=row["target"],
        latest=cur["value"] if cur else None, latest_date=_date(cur["date"]) if cur else None,
        previous=previous, previous_date=_date(prev["date"]) if prev else None,
        colour=colour(target, value, row["baseline"], measured=cur is not None),
        trend=trend(cur["value"] if cur else None, previous), uppdrag=sorted(links),
    )


def _update_info(e: Row, undone: set[int]) -> r.UpdateInfo:
    return r.UpdateInfo(
        id=e["id"], author=e["author"], at=dt.datetime.fromisoformat(e["created_at"]),
        text=e["text"], status=e["status"], percent=e["percent"], kind=e["kind"],
        ref_id=e["ref_id"], undone=e["id"] in undone)


def uppdrag_info(ctx: Context, row: Row, updates: list[Row], roles: list[Row],
                 with_indicators: bool = True) -> r.UppdragInfo:
    snap = ctx.snap
    st = uppdrag_state(updates, row["initial_status"])
    undone = {e["ref_id"] for e in updates if e["kind"] == "undo" and e["ref_id"]}
    dls = []
    for d in snap.deadlines.get(row["key"], []):
        date = _date(d["date"])
        dls.append(r.DeadlineInfo(date=date, body=d["body"], label=d["label"],
                                  days=(date - ctx.today).days if date else None))
    mo = next((m for m in snap.malomraden if m["number"] == row["malomrade"]), None)
    status = st.status.value if st.status else None
    passed = [d for d in dls if d.days is not None and d.days < 0]
    late = bool(passed) and status not in (Status.KLAR.value, Status.AVBRUTEN.value)
    coming = [d for d in dls if d.days is not None and d.days >= 0]
    inds = []
    if with_indicators:
        for slug in snap.uppdrag_ind.get(row["key"], []):
            if slug in snap.ind_by_slug:
                inds.append(indikator_info(ctx, snap.ind_by_slug[slug]))
    last = st.last_update_at
    return r.UppdragInfo(
        key=row["key"], title=row["title"], malomrade=row["malomrade"],
        malomrade_name=mo["name"] if mo else None, description=row["description"],
        scope=row["scope"], uppfoljning=row["uppfoljning"], tidplan=row["tidplan"],
        tidplan_flags=[f for f in (row["tidplan_flags"] or "").split(",") if f],
        deadlines=dls, insatser=row["insatser"], insatser_source=row["insatser_source"],
        owners=holders(roles, "owner", row["key"]), plan_owner=row["plan_owner"],
        status=status, percent=st.percent,
        latest=_update_info(st.latest, undone) if st.latest else None,
        last_update_days=(ctx.today - _date(last)).days if last else None,  # type: ignore[operator]
        indicators=inds, next_deadline=coming[0] if coming else None, late=late,
    )


def all_uppdrag(ctx: Context, with_indicators: bool = False) -> list[r.UppdragInfo]:
    plan = ctx.snap.plan
    if plan is None:
        return []
    ups: dict[str, list[Row]] = {}
    for e in q.updates(ctx.store, plan["id"]):
        ups.setdefault(e["key"], []).append(e)
    roles = q.role_events(ctx.store)
    return [uppdrag_info(ctx, u, ups.get(u["key"], []), roles, with_indicators)
            for u in ctx.snap.uppdrag]


def _word(ctx: Context, level: str, default: str) -> str:
    return ctx.snap.word(level, default)


# --- help and misses ---------------------------------------------------------------


@register(c.Help, title="Hjälp", help="Visar vad du kan fråga om, med exempel från planen.",
          examples=("hjälp",), template="help.j2")
def answer_help(cmd: c.Help, ctx: Context) -> r.Result:
    from bot.commands import REGISTRY

    items = []
    for spec in REGISTRY.values():
        if spec.name in ("hjälp", "okänd"):
            continue
        items.append({"title": spec.title, "help": spec.help,
                      "examples": live_examples(spec.name, ctx.snap) or list(spec.examples)})
    return r.HelpResult(commands=items, organisation=(ctx.snap.org or {}).get("name"),
                        plan_title=(ctx.snap.plan or {}).get("title"))


def live_examples(name: str, snap: Snapshot) -> list[str]:
    """Examples drawn from the live data (so `hjälp` shows things that exist)."""
    if not snap.uppdrag:
        return []
    u = snap.uppdrag[min(len(snap.uppdrag) - 1, 5)]
    ind = snap.indikatorer[0]["name"].split(",")[0].lower() if snap.indikatorer else None
    verks = next(iter(snap.verksamheter.values()), None)
    year = snap.plan_year
    return {
        "uppdrag": [f"status uppdrag {u['key']}", f"{u['key']}?"],
        "uppdragslista": ["vilka uppdrag finns?", "vad ska till KS i december?",
                          "deadlines närmaste 30 dagarna", "försenade uppdrag"],
        "indikator": [f"{ind}?"] if ind else [],
        "målområde": [f"målområde {snap.malomraden[0]['number']}"] if snap.malomraden else [],
        "budget": [f"budget {verks.lower()} {year}"] if verks else [],
        "budgetöversikt": [f"budget {year}", f"budgetavvikelser {year - 2}"] if year else [],
    }.get(name, [])


@register(c.Unknown, title="Okänd fråga", help="Svarar med det närmaste som finns.",
          examples=(), template="unknown.j2")
def answer_unknown(cmd: c.Unknown, ctx: Context) -> r.Result:
    snap = ctx.snap
    if snap.plan is None and not snap.indikatorer and not snap.arshjul:
        return r.UnknownResult(text=cmd.text, suggestions=[], empty_store=True)
    suggestions: list[str] = []
    from rapidfuzz import fuzz, process

    labels = [e.label for e in snap.index.entries]
    for label, score, _ in process.extract(fold(cmd.text), labels, scorer=fuzz.WRatio,
                                           processor=fold, limit=3, score_cutoff=50):
        suggestions.append(label)
    if not suggestions and snap.uppdrag:
        suggestions = [f"{u['key']} {u['title']}" for u in snap.uppdrag[:3]]
    return r.UnknownResult(text=cmd.text, suggestions=suggestions)


# --- uppdrag ------------------------------------------------------------------------------


@register(c.UppdragCard, title="Status för ett uppdrag",
          help="Titel, målområde, beskrivning, uppföljning, deadlines, ansvarig, status och senaste uppdatering.",
          examples=("status uppdrag 3.2", "uppdrag 3,2", "3.2?", "hur går det med bostadsutvecklingen?"),
          template="uppdrag_card.j2")
def answer_uppdrag(cmd: c.UppdragCard, ctx: Context) -> r.Result:
    snap = ctx.snap
    word = _word(ctx, "uppdrag", "Uppdrag")
    row = snap.uppdrag_by_key.get(cmd.key)
    if row is None:
        mo = int(cmd.key.split(".")[0])
        neighbours = [(u["key"], u["title"]) for u in snap.uppdrag if u["malomrade"] == mo]
        return r.UppdragMissingResult(
            key=cmd.key, malomrade_exists=bool(neighbours), neighbours=neighbours,
            all_keys=[u["key"] for u in snap.uppdrag], word=word)
    plan = snap.plan
    assert plan is not None
    ups = q.updates(ctx.store, plan["id"], cmd.key)
    info = uppdrag_info(ctx, row, ups, q.role_events(ctx.store))
    return r.UppdragCardResult(uppdrag=info, word=word)


@register(c.UppdragList, title="Listor av uppdrag",
          help="Alla uppdrag, per målområde eller status, de som ska redovisas i en period, "
               "försenade, tysta (ingen uppdatering på länge) och de utan ansvarig.",
          examples=("vilka uppdrag finns?", "uppdrag målområde 4", "vad ska till KS i december?",
                    "deadlines närmaste 30 dagarna", "nästa vecka", "försenade uppdrag",
                    "uppdrag utan uppdatering", "uppdrag utan ansvarig", "pågående uppdrag"),
          template="uppdrag_list.j2")
def answer_uppdrag_list(cmd: c.UppdragList, ctx: Context) -> r.Result:
    items = all_uppdrag(ctx)
    word = _word(ctx, "uppdrag", "Uppdrag").lower()
    heading = f"Alla {word}"
    empty = f"Inga {word} finns inlagda."
    window = None
    if cmd.malomrade is not None:
        items = [u for u in items if u.malomrade == cmd.malomrade]
        heading = f"{word.capitalize()} i målområde {cmd.malomrade}"
        empty = f"Målområde {cmd.malomrade} har inga {word}."
    if cmd.status is not None:
        items = [u for u in items if (u.status or Status.EJ_PABORJAD.value) == cmd.status.value]
        heading = f"{word.capitalize()} med status {cmd.status.value}" + (
            f" i målområde {cmd.malomrade}" if cmd.malomrade is not None else "")
        empty = f"Inga {word} har status {cmd.status.value}."
    if cmd.due_from and cmd.due_to:
        lo, hi = cmd.due_from, cmd.due_to
        items = [u for u in items if any(d.date and lo <= d.date <= hi and
                                         (cmd.body is None or d.body == cmd.body)
                                         for d in u.deadlines)]
        to = f" till {cmd.body}" if cmd.body else ""
        heading = f"{word.capitalize()} som ska redovisas{to} {_period_words(cmd.period)}"
        empty = f"Inga {word} ska redovisas{to} {_period_words(cmd.period)}."
        window = (lo, hi)
    if cmd.late:
        items = [u for u in items if u.late]
        heading = f"Försenade {word} (en deadline har passerat utan status klar)"
        empty = f"Inga {word} är försenade."
    if cmd.silent_days is not None:
        n = cmd.silent_days
        items = [u for u in items if u.status not in ("klar", "avbruten") and
                 (u.last_update_days is None or u.last_update_days >= n)]
        heading = f"{word.capitalize()} utan uppdatering på {n} dagar eller mer"
        empty = f"Alla {word} har uppdaterats de senaste {n} dagarna."
    if cmd.no_owner:
        items = [u for u in items if not u.owners]
        heading = f"{word.capitalize()} utan ansvarig"
        empty = f"Alla {word} har en ansvarig."
    if window:
        items.sort(key=lambda u: min(d.date for d in u.deadlines
                                     if d.date and window[0] <= d.date <= window[1]))
    return r.UppdragListResult(heading=heading, items=items, empty_text=empty,
                               show_deadlines_in=window)


def _period_words(period: str | None) -> str:
    if not period:
        return ""
    if period[0].isdigit() or period.split()[0] in MONTHS:
        return f"i {period}"
    return period


# --- indikatorer -----------------------------------------------------------------------


@register(c.IndikatorCard, title="Indikator",
          help="Senaste värde, utgångsläge, önskat läge, färg (grön/gul/röd), trend, källa och frekvens.",
          examples=("sjukfrånvaro?", "hur många arbetsställen finns det?", "arbetslösheten", "soliditet"),
          template="indikator_card.j2")
def answer_indikator(cmd: c.IndikatorCard, ctx: Context) -> r.Result:
    snap = ctx.snap
    row = snap.ind_by_slug[cmd.slug]
    others = [indikator_info(ctx, snap.ind_by_slug[s]) for s in cmd.others if s in snap.ind_by_slug]
    return r.IndikatorCardResult(indikator=indikator_info(ctx, row), others=others,
                                 word=_word(ctx, "indikator", "Indikator"))


@register(c.IndikatorList, title="Indikatorer",
          help="Alla indikatorer med färg, per målområde, eller de som inte når målet.",
          examples=("indikatorer", "indikatorer målområde 5", "röda indikatorer"),
          template="indikator_list.j2")
def answer_indikator_list(cmd: c.IndikatorList, ctx: Context) -> r.Result:
    rows = ctx.snap.indikatorer
    if cmd.malomrade is not None:
        rows = [i for i in rows if i["malomrade"] == cmd.malomrade]
    items = [indikator_info(ctx, i) for i in rows]
    heading = "Indikatorer" + (f" i målområde {cmd.malomrade}" if cmd.malomrade else "")
    if cmd.off_target:
        items = [i for i in items if i.colour == "röd"]
        heading = "Indikatorer som inte når målet (röda)"
    return r.IndikatorListResult(heading=heading, items=items)


# --- målområden --------------------------------------------------------------------------


@register(c.MalomradeView, title="Målområde",
          help="Namn, strategiska mål, indikatorer med färg och uppdrag med status.",
          examples=("målområde 2", "företagsklimat", "strategiska mål målområde 5"),
          template="malomrade.j2")
def answer_malomrade(cmd: c.MalomradeView, ctx: Context) -> r.Result:
    snap = ctx.snap
    mo = next((m for m in snap.malomraden if m["number"] == cmd.number), None)
    word = _word(ctx, "malomrade", "Målområde")
    if mo is None:
        have = ", ".join(f"{m['number']} {m['short'] or m['name']}" for m in snap.malomraden)
        raise UserError(f"{word} {cmd.number} finns inte. Det finns: {have}." if have else
                        f"Inga {word.lower()}n finns inlagda.")
    inds = [indikator_info(ctx, i) for i in snap.indikatorer if i["malomrade"] == cmd.number]
    ups = [u for u in all_uppdrag(ctx) if u.malomrade == cmd.number]
    return r.MalomradeResult(number=mo["number"], name=mo["name"], short=mo["short"],
                             intro=mo["intro"], goals=mo["goals"], indikatorer=inds, uppdrag=ups,
                             goals_only=cmd.goals_only, word=word)


@register(c.MalomradeList, title="Alla målområden", help="De fem målområdena med kortnamn.",
          examples=("målområden",), template="malomrade_list.j2")
def answer_malomrade_list(cmd: c.MalomradeList, ctx: Context) -> r.Result:
    counts: dict[int, int] = {}
    for u in ctx.snap.uppdrag:
        counts[u["malomrade"]] = counts.get(u["malomrade"], 0) + 1
    items = [{"number": m["number"], "name": m["name"], "short": m["short"],
              "uppdrag": counts.get(m["number"], 0)} for m in ctx.snap.malomraden]
    return r.MalomradeListResult(items=items, word=_word(ctx, "malomrade", "Målområde"))


# --- budget -----------------------------------------------------------------------------


def _line(row: Row) -> r.BudgetLine:
    values: dict[str, int | None] = {}
    for v in row["values"]:
        col = f"{v['measure']} {v['year']}" + (f" {v['period']}" if v["period"] else "")
        values[col] = v["amount"]
    return r.BudgetLine(code=row["code"], name=row["name"], table=row["table_title"],
                        section=row["section"], unit=row["unit"], values=values,
                        analysis=row["analysis"], total=bool(row["total"]))


def _years(rows: list[Row], measure: str | None = None) -> list[int]:
    return sorted({v["year"] for row in rows for v in row["values"]
                   if measure is None or v["measure"] == measure})


def _pick_year(cmd_year: int | None, rows: list[Row], focus: str, today: dt.date) -> int | None:
    measure = "avvikelse" if focus == "avvikelse" else "budget"
    years = _years(rows, measure)
    if not years:
        return cmd_year
    if cmd_year is not None:
        return cmd_year
    past = [y for y in years if y <= today.year]
    return past[-1] if past else years[0]


@register(c.BudgetVerksamhet, title="Budget och avvikelse per verksamhet",
          help="Budget, bokslut, plan, utfall och avvikelse för en verksamhet, med analysen.",
          examples=("budget gymnasieskola 2026", "avvikelse gymnasieskola 2024", "skolskjutsar"),
          template="budget_verksamhet.j2")
def answer_budget_verksamhet(cmd: c.BudgetVerksamhet, ctx: Context) -> r.Result:
    rows = [b for b in ctx.snap.budget if b["code"] == cmd.code and b["table_kind"] == "drift"]
    year = _pick_year(cmd.year, rows, cmd.focus, ctx.today)
    lines = [_line(b) for b in rows]
    return r.BudgetVerksamhetResult(code=cmd.code, name=ctx.snap.verksamheter.get(cmd.code, cmd.code),
                                    year=year, focus=cmd.focus, lines=lines)


@register(c.BudgetOverview, title="Budget och avvikelser för ett år",
          help="Budgetramen och driftbudgeten, eller årets avvikelser, störst först, med summa.",
          examples=("budget 2026", "budgetavvikelser 2024", "största avvikelserna 2024",
                    "investeringsbudget 2026"),
          template="budget_overview.j2")
def answer_budget_overview(cmd: c.BudgetOverview, ctx: Context) -> r.Result:
    kind = cmd.kind
    rows = [b for b in ctx.snap.budget if b["table_kind"] == kind or
            (kind == "drift" and b["table_kind"] == "resultat")]
    year = _pick_year(cmd.year, rows, cmd.focus, ctx.today)
    frame = next((f for f in ctx.snap.frames if f["year"] == year), None)
    tables: dict[tuple[int, str], dict[str, Any]] = {}
    deviations: list[r.BudgetLine] = []
    total = None
    for b in rows:
        line = _line(b)
        cols = [k for k in line.values if k.endswith(str(year)) or f" {year} " in k]
        if not cols:
            continue
        if cmd.focus == "avvikelse" and not any(k.startswith("avvikelse") for k in cols):
            continue
        if cmd.focus == "budget" and not any(k.startswith(("budget", "plan")) for k in cols):
            continue
        t = tables.setdefault((b["table_id"], b["table_title"]),
                              {"title": b["table_title"], "section": b["section"], "columns": cols,
                               "rows": [], "kind": b["table_kind"]})
        t["rows"].append(line)
        dev = line.values.get(f"avvikelse {year}")
        if dev is not None and b["table_kind"] == kind:
            if line.total:
                total = total or line
            elif line.code or kind == "investering":
                deviations.append(line)
    deviations.sort(key=lambda ln: (ln.values.get(f"avvikelse {year}") or 0))
    deviations.sort(key=lambda ln: -abs(ln.values.get(f"avvikelse {year}") or 0))
    return r.BudgetOverviewResult(
        year=year, focus=cmd.focus, kind=kind,
        frame_tkr=frame["budget_frame_tkr"] if frame else None,
        frame_title=frame["title"] if frame else None,
        tables=list(tables.values()), deviations=deviations, total=total,
        years=_years(rows))


@register(c.Investering, title="Investeringar",
          help="Ett investeringsprojekt: årets utfall, budget och avvikelse, projektets totaler och analys.",
          examples=("investering hammars skola", "investeringar 2024"),
          template="investering.j2")
def answer_investering(cmd: c.Investering, ctx: Context) -> r.Result:
    projects = [p for p in ctx.snap.projects if cmd.project is None or p["name"] == cmd.project]
    if cmd.year is not None:
        projects = [p for p in projects if p["year"] == cmd.year] or projects
    lines = []
    if cmd.project:
        key = fold(cmd.project)
        lines = [_line(b) for b in ctx.snap.budget
                 if b["table_kind"] == "investering" and fold(b["name"]).startswith(key[:12])]
    return r.InvesteringResult(projects=projects, query=cmd.project, budget_lines=lines)


@register(c.MaluppfyllelseView, title="Måluppfyllelse",
          help="Årsredovisningens måluppfyllelse: mål, målvärde, utfall, färg och kommentar.",
          examples=("måluppfyllelse 2024",), template="maluppfyllelse.j2")
def answer_maluppfyllelse(cmd: c.MaluppfyllelseView, ctx: Context) -> r.Result:
    rows = ctx.snap.maluppfyllelse
    years = sorted({m["year"] for m in rows})
    year = cmd.year if cmd.year is not None else (years[-1] if years else None)
    return r.MaluppfyllelseResult(year=year, rows=[m for m in rows if m["year"] == year],
                                  years=years)


@register(c.ArshjulView, title="Årshjulet",
          help="Vad som händer en viss månad, eller när något sker, enligt organisationens årshjul.",
          examples=("vad händer i april?", "när är delårsrapporten?", "årshjulet"),
          template="arshjul.j2")
def answer_arshjul(cmd: c.ArshjulView, ctx: Context) -> r.Result:
    events = ctx.snap.arshjul
    if cmd.event is not None and 0 <= cmd.event < len(events):
        ev = events[cmd.event]
        return r.ArshjulResult(heading=f"När: {ev['what']}", events=[ev], has_calendar=True)
    if cmd.month is not None:
        m = cmd.month
        hits = [e for e in events if e["month"] is not None and (
            e["month"] == m or (e["month_end"] and (
                e["month"] <= m <= e["month_end"] if e["month"] <= e["month_end"]
                else m >= e["month"] or m <= e["month_end"])))]
        return r.ArshjulResult(heading=f"I {MONTHS[m - 1]} enligt årshjulet", events=hits,
                               has_calendar=bool(events))
    return r.ArshjulResult(heading="Årshjulet", events=events, has_calendar=bool(events))
