"""Write a validated plan file into the store: one transaction, upsert by natural keys.

Progress updates, chat measurements and role changes are never touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from store import aktiviteter as akt
from store import kolada, queries
from store import sections as sections_sql
from store.db import Store
from store.sections import SectionRow

# The store is the ground floor: it imports nothing from bot/. What it writes is the
# validated plan file (bot.domain.schema.PlanFile) and each uppdrag's parsed tidplan
# (bot.domain.tidplan.Tidplan), read by attribute; bot/core/importing.py passes them in.
PlanData = Any
TidplanData = Any

Progress = Callable[[str], None]


@dataclass
class ImportSummary:
    document: str
    counts: dict[str, int] = field(default_factory=dict)


def _upsert(conn, table: str, keys: dict, values: dict) -> int:  # type: ignore[no-untyped-def]
    """Insert or update one row by its natural key; returns its id."""
    where = " AND ".join(f"{k} IS ?" for k in keys)
    row = conn.execute(f"SELECT id FROM {table} WHERE {where}", tuple(keys.values())).fetchone()
    if row:
        if values:
            sets = ", ".join(f"{k} = ?" for k in values)
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values.values(), row[0]))
        return row[0]  # type: ignore[no-any-return]
    cols = {**keys, **values}
    marks = ", ".join("?" for _ in cols)
    cur = conn.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", tuple(cols.values())
    )
    return int(cur.lastrowid or 0)


def import_plan(
    store: Store,
    plan: PlanData,
    *,
    tidplaner: dict[str, TidplanData],
    extra_measurements: list[tuple[str, dt.date, float, str | None]],
    now: dt.datetime,
    sha256: str | None = None,
    progress: Progress | None = None,
    sections: list[SectionRow] | None = None,
    keep_absent: bool = False,
) -> ImportSummary:
    """Import one plan file in a single transaction. ``progress`` is told each section.
    ``sections`` are the plan's sections as indexed rows (bot.search.index), stemmed by
    the caller; without them the document's text is left as it is. ``keep_absent``: a
    section the file cannot hold (a workbook has no måluppfyllelse or årshjul) leaves what
    the store has of it."""
    step = progress or (lambda _section: None)
    stamp = now.isoformat(timespec="seconds")
    org = plan.organisation
    summary = ImportSummary(document=plan.document.title)
    c = summary.counts
    with store.write() as conn:
        _upsert(conn, "organisations", {"id": org.id},
                {"name": org.name, "vision": org.vision,
                 "words_json": json.dumps(org.words.model_dump(), ensure_ascii=False)})
        namnd_id = None
        if plan.namnd:
            namnd_id = _upsert(conn, "namnder", {"org_id": org.id, "slug": plan.namnd.id},
                               {"name": plan.namnd.name, "short": plan.namnd.short})
        d = plan.document
        doc_key = (f"{org.id}/{d.id}" if d.id else
                   f"{org.id}/{plan.namnd.id if plan.namnd else '-'}/{d.kind}/{d.year or '-'}")
        doc_id = _upsert(conn, "documents", {"doc_key": doc_key}, {
            "org_id": org.id, "namnd_id": namnd_id, "kind": d.kind, "year": d.year,
            "title": d.title, "sources_json": json.dumps(d.sources, ensure_ascii=False),
            "budget_frame_tkr": d.budget_frame_tkr, "notes": d.notes,
            "imported_at": stamp, "file_sha256": sha256,
        })
        step("dokument")

        for m in plan.malomraden:
            _upsert(conn, "malomraden", {"doc_id": doc_id, "number": m.number}, {
                "name": m.name, "short": m.short, "kind": m.kind, "intro": m.intro,
                "goals_json": json.dumps(m.goal_texts(), ensure_ascii=False)})
        c["målområden"] = len(plan.malomraden)
        step("målområden")

        ind_ids: dict[str, int] = {}
        n_meas = 0
        for i in plan.indikatorer:
            iid = _upsert(conn, "indikatorer", {"org_id": org.id, "slug": i.id}, {
                "doc_id": doc_id, "malomrade": i.malomrade, "tbl": i.table, "number": i.number,
                "name": i.name, "description": i.description, "source": i.source,
                "frequency": i.frequency, "unit": i.unit, "reported_to_kf": int(i.reported_to_kf),
                "baseline": i.baseline, "baseline_text": i.baseline_text, "target": i.target,
                "aliases_json": json.dumps(i.aliases, ensure_ascii=False)})
            ind_ids[i.id] = iid
            conn.executemany(_MEASURE, [(iid, m.date.isoformat(), m.value, m.source, m.note, stamp)
                                        for m in i.measurements])  # one call an indicator
            n_meas += len(i.measurements)
        c["indikatorer"] = len(plan.indikatorer)
        links = [{"slug": i.id, "kpi": i.kolada.kpi, "gender": i.kolada.gender,
                  "title": i.kolada.title} for i in plan.indikatorer if i.kolada]
        goal_links = [{"malomrade": m.number, "position": n, "text": g.text, **g.kolada.model_dump()}
                      for m in plan.malomraden for n, g in enumerate(m.strategic_goals, 1)
                      if not isinstance(g, str) and g.kolada is not None]
        if not (keep_absent and not links and not goal_links):  # a workbook holds no links
            c["Kolada-kopplingar"] = kolada.save_links(
                conn, org_id=org.id, doc_id=doc_id, kolada_id=org.kolada_id,
                indicators=links, goals=goal_links)
        step("indikatorer")
        for slug, date, value, source in extra_measurements:
            known_id = ind_ids.get(slug)
            if known_id is not None:
                iid = known_id
            else:
                found = conn.execute(
                    "SELECT id FROM indikatorer WHERE org_id = ? AND slug = ?", (org.id, slug)
                ).fetchone()
                if found is None:
                    raise ValueError(f"okänd indikator {slug!r} i mätvärdena")
                iid = int(found[0])
            _measure(conn, iid, date, value, source, None, stamp)
            n_meas += 1
        c["mätvärden"] = n_meas
        step("mätvärden")

        for u in plan.uppdrag:
            tp = tidplaner[u.key]
            derived = ({} if keep_absent else  # a workbook does not say which links are ours
                       {"indicators_derived": int(u.indicators_derived)})
            uid = _upsert(conn, "uppdrag", {"doc_id": doc_id, "key": u.key}, {**derived,
                "malomrade": u.malomrade, "title": u.title, "description": u.description,
                "scope": u.scope, "uppfoljning": u.uppfoljning, "tidplan": u.tidplan,
                "tidplan_flags": ",".join(tp.flags), "origin": u.origin,
                "insatser_json": json.dumps([x.model_dump() for x in u.insatser], ensure_ascii=False),
                "insatser_source": u.insatser_source, "plan_owner": u.owner,
                "initial_status": u.status.value if u.status else None,
                "budgetpaverkan": int(u.budgetpaverkan), "plan_colour": u.colour})
            conn.execute("DELETE FROM deadlines WHERE uppdrag_id = ?", (uid,))
            for dl in tp.deadlines:
                conn.execute(
                    "INSERT INTO deadlines (uppdrag_id, date, body, label) VALUES (?, ?, ?, ?)",
                    (uid, dl.date.isoformat() if dl.date else None, dl.body, dl.label))
            conn.execute("DELETE FROM uppdrag_indikatorer WHERE uppdrag_id = ?", (uid,))
            for ref in u.indicators:
                conn.execute(
                    "INSERT INTO uppdrag_indikatorer (uppdrag_id, indikator_id) VALUES (?, ?)",
                    (uid, ind_ids[ref]))
        c["uppdrag"] = len(plan.uppdrag)
        step("uppdrag")

        if plan.verksamhetsplan is not None:
            c["aktiviteter"] = akt.write_plan(
                conn, doc_id=doc_id, org_id=org.id, namnd_id=namnd_id, year=d.year,
                plan=plan.verksamhetsplan.model_dump(),
                aktiviteter=[_aktivitet(a, tidplaner[a.key]) for a in plan.aktiviteter])
            step("aktiviteter")

        n_rows = 0
        for pos, t in enumerate(plan.budget):
            tid = _upsert(conn, "budget_tables", {"doc_id": doc_id, "slug": t.id}, {
                "title": t.title, "kind": t.kind, "section": t.section, "unit": t.unit,
                "columns_json": json.dumps(t.columns, ensure_ascii=False), "position": pos})
            cols = t.parsed_columns()
            for rpos, r in enumerate(t.rows):
                rid = _upsert(conn, "budget_rows", {"table_id": tid, "position": rpos}, {
                    "code": r.code, "name": r.name, "total": int(r.total), "sub": int(r.sub),
                    "analysis": r.analysis, "analysis_ref": r.analysis_ref})
                conn.execute("DELETE FROM budget_values WHERE row_id = ?", (rid,))
                for (measure, year, period), amount in zip(cols, r.values):
                    conn.execute(
                        "INSERT INTO budget_values (row_id, measure, year, period, amount) "
                        "VALUES (?, ?, ?, ?, ?)", (rid, measure, year, period or "", amount))
                n_rows += 1
            stale = conn.execute(
                "SELECT id FROM budget_rows WHERE table_id = ? AND position >= ?",
                (tid, len(t.rows))).fetchall()
            for (rid,) in stale:
                conn.execute("DELETE FROM budget_values WHERE row_id = ?", (rid,))
                conn.execute("DELETE FROM budget_rows WHERE id = ?", (rid,))
        c["budgetrader"] = n_rows
        step("budget")

        for p in plan.investeringsprojekt:
            vals = p.model_dump(exclude={"name", "year"})
            _upsert(conn, "projects", {"doc_id": doc_id, "name": p.name, "year": p.year}, vals)
        c["investeringsprojekt"] = len(plan.investeringsprojekt)
        step("investeringar")

        for pos, mu in enumerate(plan.maluppfyllelse):
            vals = mu.model_dump(exclude={"aliases"})
            vals["aliases_json"] = json.dumps(mu.aliases, ensure_ascii=False)
            vals["colour_derived"] = int(vals["colour_derived"])
            vals["trend_derived"] = int(vals["trend_derived"])
            _upsert(conn, "maluppfyllelse", {"doc_id": doc_id, "position": pos}, vals)
        if not (keep_absent and not plan.maluppfyllelse):
            conn.execute("DELETE FROM maluppfyllelse WHERE doc_id = ? AND position >= ?",
                         (doc_id, len(plan.maluppfyllelse)))
        c["måluppfyllelse"] = len(plan.maluppfyllelse)
        step("måluppfyllelse")

        for pos, ev in enumerate(plan.arshjul):
            _upsert(conn, "arshjul", {"doc_id": doc_id, "position": pos}, {
                "month": ev.month, "month_end": ev.month_end,
                "date": ev.date.isoformat() if ev.date else None, "what": ev.what,
                "description": ev.description,
                "body": ev.body, "responsible": ev.responsible,
                "reporting_point": int(ev.reporting_point)})
        if not (keep_absent and not plan.arshjul):
            conn.execute("DELETE FROM arshjul WHERE doc_id = ? AND position >= ?",
                         (doc_id, len(plan.arshjul)))
        c["årshjul"] = len(plan.arshjul)
        step("årshjul")

        if sections is not None:
            c["textavsnitt"] = len(sections)
            c["stycken"] = sections_sql.replace_sections(conn, doc_id, sections)
        if not (keep_absent and not plan.initiativ):  # nor the initiatives of the text
            c["initiativ"] = sections_sql.replace_initiativ(
                conn, doc_id, [i.model_dump(exclude_none=True) for i in plan.initiativ])
        if not (keep_absent and not plan.nyckeltal):  # a workbook holds no figures of the text
            c["nyckeltal"] = sections_sql.replace_nyckeltal(
                conn, doc_id, [f.model_dump(exclude_none=True) for f in plan.nyckeltal])
        step("text")

        n_roles = 0
        wanted = [("owner", _owner_subject(store, plan, k), u)
                  for k, us in plan.roles.owners.items() for u in us]
        wanted += [("indikator_owner", k, u) for k, us in plan.roles.indicator_owners.items() for u in us]
        wanted += [("admin", "", u) for u in plan.roles.admins]
        wanted += [("leader", "", u) for u in plan.roles.leaders]
        for role, subject, user in wanted:
            known = conn.execute(
                "SELECT 1 FROM role_events WHERE role = ? AND subject = ? AND user = ? LIMIT 1",
                (role, subject, user)).fetchone()
            if known is None:
                conn.execute(
                    "INSERT INTO role_events (role, subject, user, action, author, created_at) "
                    "VALUES (?, ?, ?, 'add', ?, ?)", (role, subject, user, f"import:{doc_key}", stamp))
                n_roles += 1
        c["roller"] = n_roles
        step("roller")

        n_hist = 0
        for h in plan.history:
            at = h.at if h.at.tzinfo else h.at.replace(tzinfo=now.tzinfo)
            digest = hashlib.sha1(
                f"{doc_key}|{h.uppdrag}|{h.author}|{at.isoformat()}|{h.text}".encode()).hexdigest()
            if h.uppdrag.count(".") == 2:  # an aktivitet's
                n_hist += akt.import_history(
                    conn, doc_id=doc_id, key=h.uppdrag, author=h.author,
                    at=at.isoformat(timespec="seconds"), text=h.text,
                    status=h.status.value if h.status else None, percent=h.percent,
                    event_id=f"import:{digest}")
                continue
            u = conn.execute("SELECT id FROM uppdrag WHERE doc_id = ? AND key = ?",
                             (doc_id, h.uppdrag)).fetchone()
            if u is None:
                raise ValueError(f"historiken nämner uppdrag {h.uppdrag}, som inte finns i planen")
            cur = conn.execute(
                "INSERT OR IGNORE INTO updates (uppdrag_id, author, created_at, text, status, "
                "percent, kind, event_id) VALUES (?, ?, ?, ?, ?, ?, 'update', ?)",
                (u[0], h.author, at.isoformat(timespec="seconds"), h.text,
                 h.status.value if h.status else None, h.percent, f"import:{digest}"))
            n_hist += cur.rowcount
        c["uppdateringar"] = n_hist
        step("historik")
    return summary


def _aktivitet(a: PlanData, tp: TidplanData) -> dict[str, object]:
    """An aktivitet as the store's columns (store.aktiviteter.write_plan)."""
    return {
        "key": a.key, "malomrade": a.malomrade, "title": a.title, "description": a.description,
        "ansvar": a.ansvar, "origin": a.origin, "uppfoljning": a.uppfoljning, "tidplan": a.tidplan,
        "tidplan_flags": ",".join(tp.flags), "budgetpaverkan": int(a.budgetpaverkan),
        "initial_status": a.status.value if a.status else None, "plan_colour": a.colour,
        "deadlines": [{"date": dl.date.isoformat() if dl.date else None, "body": dl.body,
                       "label": dl.label} for dl in tp.deadlines],
    }


def _measure(conn, iid: int, date: dt.date, value: float, source: str | None,  # type: ignore[no-untyped-def]
             note: str | None, stamp: str) -> None:
    conn.execute(_MEASURE, (iid, date.isoformat(), value, source, note, stamp))


_MEASURE = ("INSERT INTO measurements (indikator_id, date, value, source, note, origin, created_at) "
            "VALUES (?, ?, ?, ?, ?, 'import', ?) "
            "ON CONFLICT (indikator_id, date) WHERE origin = 'import' "
            "DO UPDATE SET value = excluded.value, source = excluded.source, note = excluded.note")


def _owner_subject(store: Store, plan: Any, key: str) -> str:
    """The identity (queries.uppdrag_subject) of the uppdrag or aktivitet a plan file's
    ``roles.owners`` names: in an uppdragsplan or a verksamhetsplan, the nämnd's own of the
    plan's year ("3.2", "3.2.1"); in a file of roles alone (the demo's), the one users call so
    in the plans in force ("1.1" the first nämnd's, "BUN 1.1" BUN's, "BUN 3.2.1" an aktivitet
    of BUN 3.2)."""
    d = plan.document
    if plan.namnd and d.year and d.kind in ("uppdragsplan", "kommunplan", "verksamhetsplan"):
        return queries.uppdrag_subject(plan.namnd.id, d.year, key)
    head, _, last = key.rpartition(".")
    aktivitet = key.count(".") == 2
    plans = queries.current_plans(store)
    prefixes = queries.plan_prefixes(plans)
    for p in plans:
        for u in queries.uppdrag(store, p["id"]):
            shown = prefixes[p["id"]] + u["key"]
            if shown == key or (aktivitet and shown == head):
                own = f"{u['key']}.{last}" if shown != key else u["key"]
                return queries.uppdrag_subject(p["namnd_slug"], p["year"], own)
    return queries.uppdrag_subject(None, None, key)
