"""An in-memory view of the imported plan (what changes only on import).

Rebuilt when the store's data version changes. Progress updates, owners and
measurements are read per request, since chat changes them.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

from bot.matching import Entry, Index
from store import queries as q
from store.db import Row, Store


@dataclass
class Snapshot:
    version: tuple[Any, ...]
    org: Row | None
    plan: Row | None
    words: dict[str, str]
    malomraden: list[Row]
    uppdrag: list[Row]
    uppdrag_by_key: dict[str, Row]
    deadlines: dict[str, list[Row]]
    uppdrag_ind: dict[str, list[str]]
    indikatorer: list[Row]
    ind_by_slug: dict[str, Row]
    budget: list[Row]
    verksamheter: dict[str, str]  # code -> name (longest name seen)
    projects: list[Row]
    frames: list[Row]
    maluppfyllelse: list[Row]
    arshjul: list[Row]
    index: Index = field(repr=False, default_factory=lambda: Index([]))
    # derived data that also depends on what chat writes, keyed by store.queries.change_marks
    memo: dict[str, tuple[Any, Any]] = field(repr=False, default_factory=dict)

    def memoised(self, name: str, token: Any, make: Any) -> Any:
        """``make()`` once per ``token`` (e.g. the store's change marks and today)."""
        hit = self.memo.get(name)
        if hit is not None and hit[0] == token:
            return hit[1]
        value = make()
        self.memo[name] = (token, value)
        return value

    @property
    def plan_year(self) -> int | None:
        return self.plan["year"] if self.plan else None

    def word(self, level: str, default: str) -> str:
        return self.words.get(level) or default

    def deadline_dates(self, key: str) -> list[dt.date]:
        return [dt.date.fromisoformat(d["date"]) for d in self.deadlines.get(key, []) if d["date"]]


def build(store: Store) -> Snapshot:
    version = q.data_version(store)
    org = q.organisation(store)
    plan = q.current_plan(store)
    doc_id = plan["id"] if plan else -1
    mos = q.malomraden(store, doc_id)
    upp = q.uppdrag(store, doc_id)
    dls: dict[str, list[Row]] = {}
    for d in q.deadlines(store, doc_id):
        dls.setdefault(d["key"], []).append(d)
    links: dict[str, list[str]] = {}
    for r in q.uppdrag_indikatorer(store, doc_id):
        links.setdefault(r["key"], []).append(r["slug"])
    inds = q.indikatorer(store)
    budget = q.budget_rows(store)
    verks: dict[str, str] = {}
    for r in budget:
        if r["code"] and r["table_kind"] == "drift":
            name = r["name"]
            if len(name) > len(verks.get(r["code"], "")):
                verks[r["code"]] = name
    projects = q.projects(store)
    snap = Snapshot(
        version=version, org=org, plan=plan, words=(org or {}).get("words", {}),
        malomraden=mos, uppdrag=upp, uppdrag_by_key={u["key"]: u for u in upp},
        deadlines=dls, uppdrag_ind=links, indikatorer=inds,
        ind_by_slug={i["slug"]: i for i in inds}, budget=budget, verksamheter=verks,
        projects=projects, frames=q.budget_frame(store), maluppfyllelse=q.maluppfyllelse(store),
        arshjul=q.arshjul(store),
    )
    snap.index = _index(snap)
    return snap


def _index(s: Snapshot) -> Index:
    entries: list[Entry] = []
    for i in s.indikatorer:
        entries.append(Index.entry("indikator", i["slug"], i["name"], i["name"], *i["aliases"],
                                   extra=i["description"]))
    for u in s.uppdrag:
        # the title, and the programme its insatser come from ("Handslaget 2030")
        extra = [f"{u['insatser_source']} insatser"] if u["insatser_source"] else []
        # the description, uppföljning and tidplan are weaker clues ("omvärldsdagen")
        about = " ".join(t for t in (u["description"], u["uppfoljning"], u["tidplan"]) if t)
        entries.append(Index.entry("uppdrag", u["key"], f"{u['key']} {u['title']}", u["title"],
                                   *extra, extra=about))
    for m in s.malomraden:
        entries.append(Index.entry("malomrade", str(m["number"]), m["name"], m["name"], m["short"] or ""))
    names_by_code: dict[str, set[str]] = {}
    notes_by_code: dict[str, list[str]] = {}
    for r in s.budget:
        if r["code"] and r["table_kind"] == "drift":
            names_by_code.setdefault(r["code"], set()).add(r["name"])
            if r["analysis"]:
                notes_by_code.setdefault(r["code"], []).append(r["analysis"])
    for code, names in names_by_code.items():
        # the analysis notes match too, weakly: "personalkaffe" is in 92's note
        entries.append(Index.entry("verksamhet", code, s.verksamheter[code], *sorted(names),
                                   extra=" ".join(notes_by_code.get(code, []))))
    seen_projects: set[str] = set()
    for p in s.projects:
        if p["name"] not in seen_projects:
            seen_projects.add(p["name"])
            entries.append(Index.entry("projekt", p["name"], p["name"], p["name"],
                                       extra=p["analysis"]))
    for n, a in enumerate(s.arshjul):
        entries.append(Index.entry("arshjul", str(n), a["what"], a["what"],
                                   extra=a["description"]))
    return Index(entries)


class SnapshotCache:
    """Keeps one snapshot per store, rebuilt when the data version changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._snap: Snapshot | None = None
        self._lock = threading.Lock()

    def get(self) -> Snapshot:
        version = q.data_version(self.store)
        snap = self._snap
        if snap is not None and snap.version == version:
            return snap
        with self._lock:
            if self._snap is None or self._snap.version != version:
                self._snap = build(self.store)
            return self._snap
