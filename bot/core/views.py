"""The building blocks of answers: an uppdrag or an indicator as shown, with its state
relative to today; the plan's progress history; what is cached until chat writes; the
look-ups that answer "no such uppdrag" in words. Handlers (handlers/) and the schedule
(bot/schedule/) build their results from these."""

from __future__ import annotations

import datetime as dt
import re

from bot.core import results as r
from bot.core.commands import REGISTRY
from bot.core.context import Context, UserError
from bot.core.snapshot import Snapshot
from bot.domain.plan import Status, Target, key_order
from bot.domain.state import (
    colour,
    colour_reason,
    holders,
    holders_by_subject,
    trend,
    uppdrag_state,
)
from bot.domain.text import fold
from store import queries as q
from store.db import Row


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s[:10]) if s else None


def _decimals(text: str | None) -> int | None:
    """The number of decimals a figure is printed with in the plan ("8,38%" → 2)."""
    if not text:
        return None
    m = re.search(r"[.,](\d+)", text)
    return len(m.group(1)) if m else 0


def indikator_info(ctx: Context, row: Row, latest: list[Row] | None = None,
                   reason: bool = False) -> r.IndikatorInfo:
    """An indicator with its latest value, colour and trend (``latest``: newest first);
    ``reason`` adds the colour rule applied, in words (for the card)."""
    if latest is None:
        latest = q.latest_measurements_for(ctx.store, row["id"], 2)
    cur = latest[0] if latest else None
    prev = latest[1] if len(latest) > 1 else None
    value = cur["value"] if cur else row["baseline"]
    previous = prev["value"] if prev else (row["baseline"] if cur else None)
    target = Target.parse(row["target"])
    links = [k for k, slugs in ctx.snap.uppdrag_ind.items() if row["slug"] in slugs]
    measured = cur is not None
    col = colour(target, value, row["baseline"], measured=measured, unit=row["unit"])
    return r.IndikatorInfo(
        slug=row["slug"], name=row["name"], malomrade=row["malomrade"], table=row["tbl"],
        number=row["number"], description=row["description"], source=row["source"],
        frequency=row["frequency"], unit=row["unit"], reported_to_kf=bool(row["reported_to_kf"]),
        baseline=row["baseline"], baseline_text=row["baseline_text"], target=row["target"],
        latest=cur["value"] if cur else None, latest_date=_date(cur["date"]) if cur else None,
        previous=previous, previous_date=_date(prev["date"]) if prev else None,
        colour=col, trend=trend(cur["value"] if cur else None, previous),
        uppdrag=sorted(links, key=key_order),
        uppdrag_derived=any(ctx.snap.uppdrag_by_key.get(k, {}).get("indicators_derived")
                            for k in links),
        decimals=_decimals(row["baseline_text"]),
        colour_reason=colour_reason(target, value, row["baseline"], measured=measured,
                                    unit=row["unit"]) if reason else None,
        latest_source=cur["source"] if cur else None,
        previous_source=prev["source"] if prev else None,
    )


def all_indikatorer(ctx: Context) -> list[r.IndikatorInfo]:
    """Every indicator with its latest value and colour, cached until chat writes."""
    return list(ctx.snap.memoised(
        "indikatorer", ctx.change_marks(),
        lambda: [indikator_info(ctx, i, latest_measurements(ctx).get(i["id"], []))
                 for i in ctx.snap.indikatorer]))


def latest_measurements(ctx: Context) -> dict[int, list[Row]]:
    """The two newest measurements of every indicator, cached until chat writes or
    withdraws one, or a person is anonymised (logged as a role event: it rewrites authors)."""
    marks = ctx.change_marks()
    token = (marks.measurements, marks.withdrawals, marks.roles)
    return ctx.snap.memoised("latest", token,  # type: ignore[no-any-return]
                             lambda: q.latest_measurements(ctx.store, 2))


def update_info(e: Row, undone: set[int]) -> r.UpdateInfo:
    return r.UpdateInfo(
        id=e["id"], author=e["author"], at=dt.datetime.fromisoformat(e["created_at"]),
        text=e["text"], status=e["status"], percent=e["percent"], kind=e["kind"],
        ref_id=e["ref_id"], undone=e["id"] in undone)


def uppdrag_info(ctx: Context, row: Row, updates: list[Row], roles: list[Row],
                 with_indicators: bool = True,
                 latest: dict[int, list[Row]] | None = None,
                 owners: list[str] | None = None) -> r.UppdragInfo:
    """An uppdrag with its deadlines relative to today, owners, status and latest update
    (``owners``: already replayed from ``roles``, when the caller has them)."""
    snap = ctx.snap
    st = uppdrag_state(updates, row["initial_status"])
    undone = {e["ref_id"] for e in updates if e["kind"] == "undo" and e["ref_id"]}
    dls = []
    for d in snap.deadlines.get(row["key"], []):
        date = _date(d["date"])
        dls.append(r.DeadlineInfo(date=date, body=d["body"], label=d["label"],
                                  days=(date - ctx.today).days if date else None))
    mo = snap.malomrade_of(row)
    status = st.status.value if st.status else None
    passed = [d for d in dls if d.days is not None and d.days < 0]
    finished = status in (Status.KLAR.value, Status.AVBRUTEN.value)
    late = (bool(passed) and not finished) or status == Status.FORSENAD.value
    coming = [d for d in dls if d.days is not None and d.days >= 0]
    inds = []
    if with_indicators:
        for slug in snap.uppdrag_ind.get(row["key"], []):
            if slug in snap.ind_by_slug:
                ind = snap.ind_by_slug[slug]
                inds.append(indikator_info(ctx, ind, latest.get(ind["id"], []) if latest is not None
                                           else None))
    last = st.last_update_at
    return r.UppdragInfo(
        key=row["key"], title=row["title"], malomrade=row["malomrade"],
        malomrade_name=mo["name"] if mo else None, description=row["description"],
        scope=row["scope"], uppfoljning=row["uppfoljning"], tidplan=row["tidplan"],
        tidplan_flags=[f for f in (row["tidplan_flags"] or "").split(",") if f],
        deadlines=dls, insatser=row["insatser"], insatser_source=row["insatser_source"],
        owners=holders(roles, "owner", row["subject"]) if owners is None else owners,
        plan_owner=row["plan_owner"],
        status=status, percent=st.percent,
        latest=update_info(st.latest, undone) if st.latest else None,
        last_update_days=(ctx.today - _date(last)).days if last else None,  # type: ignore[operator]
        indicators=inds, indicators_derived=bool(row.get("indicators_derived")),
        next_deadline=coming[0] if coming else None, late=late,
        last_passed=passed[-1] if passed else None,
    )


def owners_by_ref(snap: Snapshot, events: list[Row]) -> dict[str, list[str]]:
    """Owners by the key users see, though the role log names each by its identity: an
    uppdrag in force by its reference ("3.2", "BUN 3.2"; logged "ks/2026/3.2"), an aktivitet
    of one by its uppdrag's reference and its own number ("BUN 3.2.1"; logged "bun/2026/3.2.1");
    anything else as the log names it."""
    shown = {u["subject"]: u["key"] for u in snap.uppdrag}
    out: dict[str, list[str]] = {}
    for subject, users in holders_by_subject(events, "owner").items():
        head, _, last = subject.rpartition(".")
        if subject in shown:
            out[shown[subject]] = users
        elif head in shown and last.isdigit():
            out[f"{shown[head]}.{last}"] = users
        else:
            out[subject] = users
    return out


def owners_by_key(ctx: Context) -> dict[str, list[str]]:
    """The owners of every uppdrag in force by the key users see (`owners_by_ref`), cached
    until chat writes a role (an update or a measurement leaves them as they were)."""
    return ctx.snap.memoised(  # type: ignore[no-any-return]
        "owners", ctx.change_marks().roles,
        lambda: owners_by_ref(ctx.snap, q.role_events(ctx.store, "owner")))


def plan_updates(ctx: Context, ref: str | None = None) -> list[Row]:
    """The progress history of every uppdrag in force (or of one), oldest first, each row's
    ``key`` the uppdrag's reference in chat ("3.2", "BUN 3.2")."""
    snap = ctx.snap
    if ref is not None:
        row = snap.uppdrag_by_key.get(ref)
        if row is None:
            return []
        rows = q.updates(ctx.store, row["doc_id"], row["plan_key"])
        for e in rows:
            e["key"] = ref
        return rows
    out: list[Row] = []
    for p in snap.plans:
        for e in q.updates(ctx.store, p["id"]):
            e["key"] = snap.ref(p["id"], e["key"])
            out.append(e)
    if len(snap.plans) > 1:
        out.sort(key=lambda e: (e["created_at"], e["id"]))
    return out


def all_uppdrag(ctx: Context, with_indicators: bool = False) -> list[r.UppdragInfo]:
    """Every uppdrag of the plan in force, in plan order."""
    plan = ctx.snap.plan
    if plan is None:
        return []
    token = (ctx.change_marks(), ctx.today, with_indicators)

    def make() -> list[r.UppdragInfo]:
        assert plan is not None
        ups: dict[str, list[Row]] = {}
        for e in plan_updates(ctx):
            ups.setdefault(e["key"], []).append(e)
        owners = owners_by_key(ctx)
        latest = latest_measurements(ctx) if with_indicators else None
        return [uppdrag_info(ctx, u, ups.get(u["key"], []), [], with_indicators, latest,
                             owners.get(u["key"], []))
                for u in ctx.snap.uppdrag]

    # a copy: callers filter and sort the list they get
    return list(ctx.snap.memoised(f"uppdrag{with_indicators}", token, make))


def due_within(ups: list[r.UppdragInfo], start: dt.date, end: dt.date) -> list[r.UppdragInfo]:
    """The uppdrag with a deadline from ``start`` to ``end``, the soonest first (the digest's
    and the state of the plan's "what is due the next 30 days")."""
    due = [u for u in ups if any(d.date and start <= d.date <= end for d in u.deadlines)]
    due.sort(key=lambda u: min(d.date for d in u.deadlines if d.date and start <= d.date <= end))
    return due


def off_target(infos: list[r.IndikatorInfo]) -> list[r.IndikatorInfo]:
    """The indicators that miss their target, red first, then by målområde and number."""
    return sorted((i for i in infos if i.colour in ("röd", "gul")),
                  key=lambda i: (i.colour != "röd", i.malomrade, i.number))


STATUSES = ("ej påbörjad", "pågår", "försenad", "klar", "avbruten")
COLOURS: tuple[str | None, ...] = ("grön", "gul", "röd", None)


def by_status(ups: list[r.UppdragInfo]) -> list[tuple[str, int]]:
    """How many uppdrag have each status, in the plan's order of status, those with none out."""
    counts = {s: sum(1 for u in ups if (u.status or "ej påbörjad") == s) for s in STATUSES}
    return [(s, n) for s, n in counts.items() if n]


def by_colour(infos: list[r.IndikatorInfo]) -> list[tuple[str | None, int]]:
    """How many indicators have each colour (None: no colour yet), those with none out."""
    counts = {c: sum(1 for i in infos if i.colour == c) for c in COLOURS}
    return [(c, n) for c, n in counts.items() if n]


def level_word(ctx: Context, level: str, default: str) -> str:
    return ctx.snap.word(level, default)


def org_name(ctx: Context) -> str:
    return (ctx.snap.org or {}).get("name") or "Organisationen"


def live_examples(name: str, snap: Snapshot) -> list[str]:
    """Examples drawn from the live data (so `hjälp` shows things that exist): the command's
    own `live` function (its handler), kept with the snapshot."""
    spec = REGISTRY.get(name)
    live = spec.live if spec is not None else None
    if live is None:
        return []
    return list(snap.memoised(f"examples:{name}", None, lambda: live(snap)))


def require_plan(ctx: Context) -> dict:  # type: ignore[type-arg]
    if ctx.snap.plan is None:
        raise UserError("Det finns ingen plan inläst ännu.")
    return ctx.snap.plan


def require_uppdrag(ctx: Context, key: str) -> dict:  # type: ignore[type-arg]
    row = ctx.snap.uppdrag_by_key.get(key)
    if row is None:
        keys = ", ".join(u["key"] for u in ctx.snap.uppdrag)
        raise UserError(f"Det finns inget uppdrag {key}. Uppdragen i planen: {keys}.")
    return row


def find_indikator(ctx: Context, query: str) -> dict:  # type: ignore[type-arg]
    snap = ctx.snap
    if query in snap.ind_by_slug:
        return snap.ind_by_slug[query]
    wanted = fold(query)
    exact = [i for i in snap.indikatorer
             if wanted in {fold(i["name"]), fold(i["slug"]), *(fold(a) for a in i["aliases"])}]
    if len(exact) == 1:
        return exact[0]
    hits = snap.index.search(query, kinds={"indikator"}, limit=6)
    if not hits:
        raise UserError(f"Hittar ingen indikator som heter \"{query}\".")
    best = hits[0]
    close = [h for h in hits[1:] if h.score >= best.score * 0.9]
    if close:
        names = "\n".join(f"  • {h.entry.label} (skriv: {h.entry.key})" for h in [best, *close])
        raise UserError(f"\"{query}\" kan vara flera indikatorer. Vilken menar du?\n{names}")
    return snap.ind_by_slug[best.entry.key]


def forecast_indicator(snap: Snapshot) -> Row | None:
    """The indicator of the year's forecast deviation against the budget ("Avvikelse för
    prognosticerat helårsutfall mot årsbudget"), where the plan has one: the nearest a
    question about this year's money comes to an answer before the year's outcome."""
    return next((i for i in snap.indikatorer if "prognos" in fold(i["name"])
                 and "budget" in fold(i["name"])), None)
