"""An in-memory view of the imported plan (what changes only on import).

Rebuilt when the store's data version changes. Progress updates, owners and
measurements are read per request, since chat changes them.
"""

from __future__ import annotations

import threading
from dataclasses import field
from typing import Any

from bot.core.matching import Entry, Index, content_words
from bot.core.records import dataclass  # cheaper to define (cold start)
from bot.domain.text import fold
from store import aktiviteter as aktiviteter_sql
from store import kolada as kolada_sql
from store import queries as q
from store import sections as sections_sql
from store.db import Row, Store


@dataclass
class Snapshot:
    """The plans in force: one per nämnd. The first nämnd's uppdrag keep their plan keys
    ("3.2"); the others' are prefixed with the nämnd's short name ("BUN 3.2"). In the
    uppdrag rows, ``key`` is that reference, ``plan_key`` the key in the plan, ``doc_id``
    the plan the uppdrag belongs to and ``subject`` its identity in the role log
    (store.queries.uppdrag_subject)."""

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
    initiativ: list[Row] = field(default_factory=list)  # initiatives the documents' text describes
    nyckeltal: list[Row] = field(default_factory=list)  # figures stated in the documents' text
    # each aktivitet of the plans in force by its reference in chat ("3.2.1"): its title
    aktivitet_titles: dict[str, str] = field(default_factory=dict)
    # … and the unit responsible for it ("Planenheten", "HR-avdelningen"), where the plan says
    aktivitet_ansvar: dict[str, str] = field(default_factory=dict)
    # the strategic goals' own aliases (the Kolada link's: "gator", "parker"), by goal text
    goal_aliases: dict[str, list[str]] = field(default_factory=dict)
    plans: list[Row] = field(default_factory=list)
    malomraden_by_doc: dict[int, list[Row]] = field(default_factory=dict)  # each plan's own
    prefixes: dict[int, str] = field(default_factory=dict)  # doc_id -> "" or "BUN "
    built_index: Index | None = field(repr=False, default=None)
    # derived data that also depends on what chat writes, keyed by store.queries.change_marks
    memo: dict[str, tuple[Any, Any]] = field(repr=False, default_factory=dict)

    @property
    def index(self) -> Index:
        """The vocabulary index, built on first use: a question asked by its exact form
        ("status uppdrag 3.2") is answered without it."""
        if self.built_index is None:
            self.built_index = _index(self)
        return self.built_index

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

    def malomrade_of(self, row: Row) -> Row | None:
        """The målområde an uppdrag or indicator row belongs to, in its own plan (BUN's 1 is
        not KS's 1); the first plan's when its plan names none of its own."""
        own = self.malomraden_by_doc.get(row.get("doc_id"), []) or self.malomraden  # type: ignore[arg-type]
        return next((m for m in own if m["number"] == row["malomrade"]), None)

    def ref(self, doc_id: int, plan_key: str) -> str:
        """How an uppdrag is named in chat: "3.2", or "BUN 3.2" in another nämnd's plan."""
        return self.prefixes.get(doc_id, "") + plan_key

    def namnd_names(self) -> dict[str, str]:
        """Each plan's nämnd as a user may name it (its short name, its slug; folded) and the
        prefix its uppdrag keys carry in chat ("" for the first nämnd's)."""
        names: dict[str, str] = {}
        for p in self.plans:
            prefix = self.prefixes.get(p["id"], "")
            for name in (p["namnd_short"], p["namnd_slug"]):
                if name:
                    names.setdefault(fold(str(name)), prefix)
        return names

    def qualify(self, key: str, words: list[str] | tuple[str, ...]) -> str:
        """The reference for a key a user wrote: with the prefix of a nämnd they named
        ("bun 3.2"), else the first nämnd's, else the only other nämnd that has it."""
        shorts = {fold(prefix.strip()): prefix for prefix in self.prefixes.values() if prefix}
        for w in words:
            if fold(w) in shorts:
                return shorts[fold(w)] + key
        if key in self.uppdrag_by_key or not shorts:
            return key
        others = [u["key"] for u in self.uppdrag if u["plan_key"] == key]
        return others[0] if len(others) == 1 else key


def build(store: Store) -> Snapshot:
    version = q.data_version(store)
    org = q.organisation(store)
    plans = q.current_plans(store)
    plan = plans[0] if plans else None
    prefixes = q.plan_prefixes(plans)
    mos = q.malomraden(store, plan["id"]) if plan else []
    upp: list[Row] = []
    dls: dict[str, list[Row]] = {}
    links: dict[str, list[str]] = {}
    by_doc = {p["id"]: (mos if plan and p["id"] == plan["id"] else q.malomraden(store, p["id"]))
              for p in plans}
    for p in plans:
        prefix = prefixes[p["id"]]
        for u in q.uppdrag(store, p["id"]):
            u["plan_key"], u["key"] = u["key"], prefix + u["key"]
            u["subject"] = q.uppdrag_subject(p["namnd_slug"], p["year"], u["plan_key"])
            u["namnd"] = p["namnd_short"] or p["namnd_name"]
            upp.append(u)
        for d in q.deadlines(store, p["id"]):
            dls.setdefault(prefix + d["key"], []).append(d)
        for r in q.uppdrag_indikatorer(store, p["id"]):
            links.setdefault(prefix + r["key"], []).append(r["slug"])
    inds = q.indikatorer(store)
    budget = q.budget_rows(store)
    verks: dict[str, str] = {}
    for r in budget:
        if r["code"] and r["table_kind"] == "drift":
            name = r["name"]
            if len(name) > len(verks.get(r["code"], "")):
                verks[r["code"]] = name
    projects = q.projects(store)
    akts = [a for a in aktiviteter_sql.aktiviteter(store) if a["uppdrag_doc_id"] in prefixes]
    snap = Snapshot(
        version=version, org=org, plan=plan, words=(org or {}).get("words", {}),
        malomraden=mos, uppdrag=upp, uppdrag_by_key={u["key"]: u for u in upp},
        deadlines=dls, uppdrag_ind=links, indikatorer=inds,
        ind_by_slug={i["slug"]: i for i in inds}, budget=budget, verksamheter=verks,
        projects=projects, frames=q.budget_frame(store), maluppfyllelse=q.maluppfyllelse(store),
        arshjul=q.arshjul(store), initiativ=sections_sql.initiativ(store),
        nyckeltal=sections_sql.nyckeltal(store), plans=plans, prefixes=prefixes, malomraden_by_doc=by_doc,
        aktivitet_titles={prefixes[a["uppdrag_doc_id"]] + a["key"]: a["title"] for a in akts},
        aktivitet_ansvar={prefixes[a["uppdrag_doc_id"]] + a["key"]: a["ansvar"] for a in akts
                          if a["ansvar"]},
        goal_aliases={g["goal_text"]: g["aliases"]
                      for g in (kolada_sql.goal_links(store, plan["id"]) if plan else [])
                      if g["goal_text"] and g["aliases"]},
    )
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
    # a row of the investment budget that no project follow-up has ("Nytt ekonomisystem",
    # −2 500 tkr 2025) is an investment too, asked by its name; not a group of the budget
    # (a section's name) nor a row of a followed project ("Hammars skola, förskola")
    # (a row "<place>, <work>" is a followed project's when its place and its work are that
    # project's: "Hammars skola, förskola"; "Åsbro skola, nytt golv i gymnastiksal" is not
    # Åsbro förskola's; a row without a place, when its first word is a project's first word)
    sections = {fold(b["section"] or "") for b in s.budget if b["table_kind"] == "investering"}
    heads = {(content_words(n) or [""])[0] for n in seen_projects}
    places: dict[tuple[str, ...], list[list[str]]] = {}
    for proj in seen_projects:
        place, _, rest = proj.partition(",")
        places.setdefault(tuple(content_words(place)), []).append(content_words(rest))

    def of_a_project(name: str) -> bool:
        if "," in name:
            # the same place and the same work ("Hammars skola, förskola" of "… förskola,
            # om/tillbyggnad"; not "Rådhuset, lyftremmar hiss" beside "Rådhuset, inventarier")
            place, _, rest = name.partition(",")
            works = places.get(tuple(content_words(place)))
            return works is not None and any(
                any(a.startswith(b) or b.startswith(a) for a in content_words(rest) for b in work)
                for work in works)
        return (content_words(name) or [""])[0] in heads

    for b in s.budget:
        if b["table_kind"] != "investering" or b["total"] or b["code"] or \
                b["name"] in seen_projects or fold(b["name"]) in sections or \
                of_a_project(b["name"]) or \
                not any(v["amount"] for v in b["values"]):
            continue
        seen_projects.add(b["name"])
        entries.append(Index.entry("projekt", b["name"], b["name"], b["name"]))
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
        return self.get_with_marks()[0]

    def get_with_marks(self) -> tuple[Snapshot, q.Marks]:
        """The snapshot and the store's change marks, read in one query
        (`store.queries.versions`)."""
        version, marks = q.versions(self.store)
        snap = self._snap
        if snap is not None and snap.version == version:
            return snap, marks
        with self._lock:
            if self._snap is None or self._snap.version != version:
                self._snap = build(self.store)
            return self._snap, marks
