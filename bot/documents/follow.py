"""The state of the plans at a moment: what the report, the workbook export and the
roll-ups of aktiviteter show.

For each nämnd's plan in force: its uppdrag with status, colour, owners and latest update
(and their aktiviteter, rolled up), its indicators with the latest value, colour, trend and
series, and the nämnd's budget deviations with their analyses. Only what was known at the
moment counts: updates written until then, measurements dated until then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Any

from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.core.snapshot import build as build_snapshot
from bot.core.views import owners_by_ref
from bot.domain.calendar import SILENT_DAYS
from bot.domain.plan import Status, Target
from bot.domain.state import colour, trend, uppdrag_state
from store import aktiviteter as sa
from store import planexport as pe
from store import queries as q
from store.db import Row, Store

CLOSED = (Status.KLAR.value, Status.AVBRUTEN.value)
DUE_SOON_DAYS = 30

COLOUR_RULE = (
    "Färg för uppdrag och aktiviteter: klar = grön; försenad (markerad så, eller en deadline "
    "har passerat utan att den är klar) = röd; utan uppdatering på "
    f"{SILENT_DAYS} dagar, eller ej påbörjad med en deadline inom {DUE_SOON_DAYS} dagar = gul; "
    "annars grön när arbetet pågår. Utan uppdatering gäller färgen som angavs med planen. "
    "Avbrutna får ingen färg. Indikatorer färgas mot sitt önskade läge (grön = uppnått, "
    "gul = bättre än utgångsläget, röd = inte uppnått).")


@dataclass
class ItemState:
    """An uppdrag or an aktivitet at the moment."""

    key: str  # as in the plan: "3.2", "3.2.1"
    ref: str  # as in chat: "3.2", "BUN 3.2", "BUN 3.2.1"
    title: str
    malomrade: int
    status: str | None
    percent: int | None
    latest_text: str | None
    latest_at: dt.datetime | None
    latest_author: str | None
    owners: list[str]
    plan_owner: str | None
    late: bool
    silent: bool
    colour: str | None
    deadlines: list[tuple[dt.date | None, str | None, str]]
    budgetpaverkan: bool = False
    row: Row = field(default_factory=dict, repr=False)
    aktiviteter: list[ItemState] = field(default_factory=list)

    def rollup(self) -> dict[str, int]:
        """How many of its aktiviteter are done, late and silent (and in all)."""
        a = self.aktiviteter
        return {"antal": len(a), "klara": sum(x.status == Status.KLAR.value for x in a),
                "försenade": sum(x.late for x in a),
                "tysta": sum(x.silent and not x.late for x in a)}


def rollup_text(ru: dict[str, int]) -> str:
    """3 av 5 klara, 1 försenad, 1 tyst: the roll-up of an uppdrag's aktiviteter (the card,
    the workbook, the report)."""
    late = f"{ru['försenade']} försenad" + ("e" if ru["försenade"] != 1 else "")
    silent = f"{ru['tysta']} tyst" + ("a" if ru["tysta"] != 1 else "")
    return f"{ru['klara']} av {ru['antal']} klara, {late}, {silent}"


@dataclass
class IndState:
    row: Row
    latest: float | None
    latest_date: dt.date | None
    previous: float | None
    colour: str | None
    trend: str | None
    series: list[tuple[dt.date, float]]

    @property
    def slug(self) -> str:
        return str(self.row["slug"])


@dataclass
class Deviation:
    code: str | None
    name: str
    table: str
    year: int
    utfall: int | None
    budget: int | None
    avvikelse: int
    analysis: str | None
    unit: str


@dataclass
class PlanState:
    doc: Row
    prefix: str
    malomraden: list[Row]
    uppdrag: list[ItemState]
    indikatorer: list[IndState]
    deviations: list[Deviation]
    deviation_year: int | None
    forvaltning: str | None = None
    demo: bool = False

    @property
    def namnd(self) -> str:
        return str(self.doc.get("namnd_name") or self.doc.get("title"))


def _at(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp)


def item_colour(status: str | None, late: bool, silent: bool, due_soon: bool,
                updated: bool, plan_colour: str | None) -> str | None:
    """The colour of an uppdrag or aktivitet (COLOUR_RULE)."""
    if status == Status.AVBRUTEN.value:
        return None
    if status == Status.KLAR.value:
        return "grön"
    if late:
        return "röd"
    if not updated and plan_colour:
        return plan_colour
    if silent or (status in (None, Status.EJ_PABORJAD.value) and due_soon):
        return "gul"
    if status == Status.PAGAR.value:
        return "grön"
    return plan_colour


def item_state(row: Row, ref: str, entries: list[Row], owners: list[str],
               deadlines: list[tuple[dt.date | None, str | None, str]], at: dt.datetime) -> ItemState:
    """One uppdrag or aktivitet from its history (only entries written until ``at``)."""
    st = uppdrag_state(entries, row.get("initial_status"))
    status = st.status.value if st.status else None
    today = at.date()
    passed = [d for d, _, _ in deadlines if d is not None and d < today]
    late = (bool(passed) and status not in CLOSED) or status == Status.FORSENAD.value
    last = _at(st.last_update_at) if st.last_update_at else None
    silent = status not in CLOSED and (last is None or (today - last.date()).days >= SILENT_DAYS)
    due_soon = any(d is not None and 0 <= (d - today).days <= DUE_SOON_DAYS for d, _, _ in deadlines)
    return ItemState(
        key=row["key"], ref=ref, title=row["title"], malomrade=row["malomrade"], status=status,
        percent=st.percent, latest_text=st.latest["text"] if st.latest else None,
        latest_at=last, latest_author=st.latest["author"] if st.latest else None,
        owners=owners, plan_owner=row.get("plan_owner") or row.get("ansvar"), late=late,
        silent=silent,
        colour=item_colour(status, late, silent, due_soon, st.latest is not None,
                           row.get("plan_colour")),
        deadlines=deadlines, budgetpaverkan=bool(row.get("budgetpaverkan")), row=row)


def plan_states(store: Store, at: dt.datetime, namnd: str | None = None,
                with_series: bool = True) -> list[PlanState]:
    """The plans in force (every nämnd's, or the one whose id or short name is ``namnd``)
    as they stood at ``at``."""
    snap = build_snapshot(store)
    plans = snap.plans
    if namnd is not None:
        want = namnd.strip().lower()
        plans = [p for p in plans if want in (str(p["namnd_slug"]).lower(),
                                              str(p["namnd_short"] or "").lower())]

    def stamp_ok(r: Row) -> bool:
        return _at(r["created_at"]) <= at

    # who is responsible now (a role is stamped when it was imported, not when it began)
    owners = owners_by_ref(snap, q.role_events(store, "owner"))
    akt_rows = sa.aktiviteter(store)
    akt_updates: dict[int, list[Row]] = {}
    for e in sa.updates(store):
        if stamp_ok(e):
            akt_updates.setdefault(e["aktivitet_id"], []).append(e)
    vps = {v["doc_id"]: v for v in sa.verksamhetsplaner(store)}
    budget = q.budget_rows(store)
    docs = {d["id"]: d for d in q.documents(store)}
    out = []
    for p in plans:
        prefix = snap.prefixes.get(p["id"], "")
        updates: dict[str, list[Row]] = {}
        for e in q.updates(store, p["id"]):
            if stamp_ok(e):
                updates.setdefault(e["key"], []).append(e)
        by_key: dict[str, ItemState] = {}
        items = []
        dls: dict[str, list[tuple[dt.date | None, str | None, str]]] = {}
        for d in q.deadlines(store, p["id"]):
            dls.setdefault(d["key"], []).append(
                (dt.date.fromisoformat(d["date"]) if d["date"] else None, d["body"], d["label"]))
        for u in q.uppdrag(store, p["id"]):
            ref = prefix + u["key"]
            it = item_state(u, ref, updates.get(u["key"], []), owners.get(ref, []),
                            dls.get(u["key"], []), at)
            by_key[u["key"]] = it
            items.append(it)
        forvaltning, demo = None, False
        for a in akt_rows:
            if a["uppdrag_doc_id"] != p["id"]:
                continue
            parent = by_key.get(a["uppdrag_key"])
            if parent is None:
                continue
            ref = prefix + a["key"]
            deadlines = [(dt.date.fromisoformat(d["date"]) if d["date"] else None, d["body"], d["label"])
                         for d in a["deadlines"]]
            own = owners.get(ref, []) or parent.owners
            parent.aktiviteter.append(item_state(a, ref, akt_updates.get(a["id"], []), own,
                                                 deadlines, at))
            forvaltning, demo = a["forvaltning"], demo or bool(a["demo"])
        if p["id"] in vps:
            forvaltning = forvaltning or vps[p["id"]]["forvaltning"]
        inds = _indicators(store, p["id"], at, with_series)
        mine = {i for i, d in docs.items() if d["namnd_id"] == p["namnd_id"]}
        devs, dev_year = deviations([r for r in budget if r["doc_id"] in mine], p["year"])
        doc = pe.documents(store, [p["id"]])[0]
        out.append(PlanState(doc=doc, prefix=prefix, malomraden=q.malomraden(store, p["id"]),
                             uppdrag=items, indikatorer=inds, deviations=devs,
                             deviation_year=dev_year, forvaltning=forvaltning, demo=demo))
    return out


def _indicators(store: Store, doc_id: int, at: dt.datetime, with_series: bool) -> list[IndState]:
    rows = pe.indikatorer(store, doc_id)
    series: dict[int, dict[dt.date, float]] = {}
    day = at.date()
    for m in pe.measurements(store, doc_id):  # per date, the newest entry wins
        d = dt.date.fromisoformat(m["date"][:10])
        if d <= day:  # a value counts by its date (an import is stamped when it ran)
            series.setdefault(m["indikator_id"], {})[d] = m["value"]
    out = []
    for r in rows:
        pts = sorted(series.get(r["id"], {}).items())
        cur = pts[-1] if pts else None
        prev = pts[-2][1] if len(pts) > 1 else (r["baseline"] if cur else None)
        value = cur[1] if cur else r["baseline"]
        col = colour(Target.parse(r["target"]), value, r["baseline"], measured=cur is not None,
                     unit=r["unit"])
        out.append(IndState(row=r, latest=cur[1] if cur else None, latest_date=cur[0] if cur else None,
                            previous=prev, colour=col, trend=trend(cur[1] if cur else None, prev),
                            series=pts if with_series else []))
    return out


def deviations(rows: list[Row], year: int | None) -> tuple[list[Deviation], int | None]:
    """The budget rows' deviations of the latest year (until ``year``) that has any, largest
    first; sums and sub-items left out."""
    found: list[tuple[int, Row, dict[str, Any]]] = []
    for r in rows:
        if r["total"] or r["sub"]:
            continue
        by_year: dict[int, dict[str, Any]] = {}
        for v in r["values"]:
            if v["period"] == "" and v["amount"] is not None:
                by_year.setdefault(v["year"], {})[v["measure"]] = v["amount"]
        for y, vals in by_year.items():
            if "avvikelse" in vals and (year is None or y <= year):
                found.append((y, r, vals))
    if not found:
        return [], None
    latest = max(y for y, _, _ in found)
    out = [Deviation(code=r["code"], name=r["name"], table=r["table_title"], year=y,
                     utfall=vals.get("utfall"), budget=vals.get("budget"),
                     avvikelse=vals["avvikelse"], analysis=r["analysis"], unit=r["unit"])
           for y, r, vals in found if y == latest]
    out.sort(key=lambda d: (-abs(d.avvikelse), d.name))
    return out, latest
