"""Write the workbook (bot.documents.layout): the store's plans with their latest values and
statuses (`export_workbook`), or the template with one filled example row a sheet and a
note on each column (`write_template`). What is written is what `excel_import` reads back:
a round trip export → import changes nothing in the store.

openpyxl's write-only mode streams the rows, so a municipality's 180 000 measurements are
written without holding the sheet in memory.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.documents import layout as L
from bot.documents.follow import IndState, ItemState, PlanState, plan_states, rollup_text
from bot.domain.schema import Vocabulary
from store import aktiviteter as sa
from store import planexport as pe
from store import queries as q
from store.db import Store

FILLS = {"grön": "63BE7B", "gul": "FFEB84", "röd": "F8696B"}
HEADER_FILL = "DDEBF7"
SHOWN_FILL = "E7E6E6"
DEFAULT_WORDS = Vocabulary().model_dump()

Rows = dict[str, list[dict[str, Any]]]  # sheet name -> rows as {field or header: value}


# --- plans as rows ----------------------------------------------------------------------------


def plan_rows(plans: list[dict[str, Any]]) -> Rows:
    """Plan-file data (as bot.domain.schema.PlanFile takes it) laid out in the workbook's sheets."""
    out: Rows = {s.name: [] for s in L.SHEETS}
    many = len(plans) > 1
    for p in plans:
        nm = p["namnd"]["id"] if many and p.get("namnd") else None
        org, doc, vp = p["organisation"], p["document"], p.get("verksamhetsplan") or {}
        words = {k: v for k, v in (org.get("words") or {}).items() if DEFAULT_WORDS.get(k) != v}
        out[L.PLANER.name].append({
            "organisation.id": org["id"], "organisation.name": org["name"],
            "organisation.vision": org.get("vision"),
            "organisation.words": [f"{k}={v}" for k, v in words.items()],
            "namnd.id": (p.get("namnd") or {}).get("id"), "namnd.name": (p.get("namnd") or {}).get("name"),
            "namnd.short": (p.get("namnd") or {}).get("short"),
            **{f"document.{k}": doc.get(k) for k in ("kind", "year", "title", "sources",
                                                     "budget_frame_tkr", "notes")},
            "verksamhetsplan.forvaltning": vp.get("forvaltning"),
            "verksamhetsplan.title": vp.get("title"),
            "verksamhetsplan.demo": vp.get("demo") if vp else None,
        })
        for m in p.get("malomraden", []):
            out[L.MALOMRADEN.name].append({"namnd": nm, **m})
        for i in p.get("indikatorer", []):
            out[L.INDIKATORER.name].append({"namnd": nm, **{k: v for k, v in i.items() if k != "measurements"}})
            for meas in i.get("measurements", []):
                out[L.MATVARDEN.name].append({"indikator": i["id"], "origin": "import", **meas})
        for u in p.get("uppdrag", []):
            out[L.UPPDRAG.name].append({"namnd": nm, **{k: v for k, v in u.items() if k != "insatser"}})
            for x in u.get("insatser", []):
                out[L.INSATSER.name].append({"namnd": nm, "uppdrag": u["key"], **x})
        for a in p.get("aktiviteter", []):
            out[L.AKTIVITETER.name].append({"namnd": nm, **a})
        for t in p.get("budget", []):
            out[L.BUDGETTABELLER.name].append({"namnd": nm, **{k: v for k, v in t.items() if k != "rows"}})
            for r in t.get("rows", []):
                row = {"namnd": nm, "table": t["id"], **{k: v for k, v in r.items() if k != "values"}}
                row["_values"] = dict(zip([c.lower() for c in t["columns"]], r["values"]))
                out[L.BUDGET.name].append(row)
    return out


# --- writing ------------------------------------------------------------------------------------


def _cell_value(v: Any, col: L.Column) -> Any:
    if v is None:
        return None
    if col.kind == "bool":
        return "ja" if v else "nej"
    if col.kind == "lines":
        return "\n".join(v) if v else None
    if col.kind == "list":
        return ", ".join(v) if v else None
    if col.kind == "status" and hasattr(v, "value"):
        return v.value
    return v


def write_rows(path: str | Path, rows: Rows, *, instructions: bool = True) -> None:
    """Write the sheets (every sheet of the layout, in order) to ``path``, atomically."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    fills = {k: PatternFill("solid", fgColor=v) for k, v in FILLS.items()}
    header_fill, shown_fill = PatternFill("solid", fgColor=HEADER_FILL), PatternFill("solid", fgColor=SHOWN_FILL)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in L.SHEETS:
        ws = wb.create_sheet(sheet.name)
        data = rows.get(sheet.name, [])
        value_cols: list[str] = []
        if sheet is L.BUDGET:
            for r in data:
                for c in r.get("_values", {}):
                    if c not in value_cols:
                        value_cols.append(c)
        for n, col in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(n)].width = col.width
        for n in range(len(value_cols)):
            ws.column_dimensions[get_column_letter(len(sheet.columns) + n + 1)].width = 12
        ws.freeze_panes = "A2"
        head = []
        for col in sheet.columns:
            c = WriteOnlyCell(ws, value=col.header)
            c.font, c.fill = bold, shown_fill if col.shown else header_fill
            if col.note:
                c.comment = Comment(col.note + (" (krävs)" if col.required else ""), "Styrbot",
                                    width=300, height=110)
            head.append(c)
        for vc in value_cols:
            c = WriteOnlyCell(ws, value=vc)
            c.font, c.fill = bold, header_fill
            head.append(c)
        ws.append(head)
        for r in data:
            line: list[Any] = []
            for col in sheet.columns:
                v = _cell_value(r.get(col.field or col.header), col) if col.field else r.get(col.header)
                if col.kind == "colour" and v in fills:
                    c = WriteOnlyCell(ws, value=v)
                    c.fill = fills[v]
                    line.append(c)
                elif col.kind == "key" or (col.kind == "text" and isinstance(v, str) and len(v) > 60):
                    c = WriteOnlyCell(ws, value=v)
                    if col.kind == "key":
                        c.number_format = "@"
                    else:
                        c.alignment = wrap
                    line.append(c)
                elif col.kind == "date" and isinstance(v, dt.date):
                    c = WriteOnlyCell(ws, value=v)
                    c.number_format = "yyyy-mm-dd"
                    line.append(c)
                else:
                    line.append(v)
            vals = r.get("_values", {})
            line.extend(vals.get(vc) for vc in value_cols)
            ws.append(line)
    if instructions:
        ws = wb.create_sheet(L.INSTRUCTIONS)
        ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 22, 30
        ws.column_dimensions["C"].width = 90
        for line in _instructions():
            ws.append(line)
    p = Path(path)
    tmp = p.with_name(f".{p.name}.tmp")
    wb.save(tmp)
    os.replace(tmp, p)


def _instructions() -> Iterable[list[str]]:
    yield ["Styrbots arbetsbok för planer", "", ""]
    yield ["", "", ("Fyll i bladen och läs in med: styrbot import FIL.xlsx. Allt kontrolleras först; "
                    "vid fel visas varje fel med blad, rad och kolumn och inget läses in.")]
    yield ["", "", "Grå kolumner visas bara (läget i databasen vid exporten) och läses inte in."]
    yield ["", "", ""]
    yield ["Blad", "Kolumn", "Förklaring"]
    for s in L.SHEETS:
        yield [s.name, "", s.note]
        for c in s.columns:
            yield ["", c.header, c.note + (" (krävs)" if c.required else "")]


# --- the template ----------------------------------------------------------------------------

EXAMPLE: dict[str, Any] = {
    "organisation": {"id": "exempel", "name": "Exempels kommun"},
    "namnd": {"id": "ks", "name": "Kommunstyrelsen", "short": "KS"},
    "document": {"kind": "uppdragsplan", "year": 2026, "title": "Uppdragsplan 2026",
                 "sources": ["KS 2025/123"], "budget_frame_tkr": 117804},
    "verksamhetsplan": {"forvaltning": "Kommunledningsförvaltningen",
                        "title": "Verksamhetsplan 2026", "demo": False},
    "malomraden": [{"number": 3, "name": "En av Sveriges mest attraktiva kommuner",
                    "short": "Attraktion", "kind": "utåtriktat",
                    "strategic_goals": [("Kommunen ska år 2030 vara bland de 25 % av landets "
                                         "kommuner där flest vill bo.")]}],
    "indikatorer": [{"id": "befolkning", "malomrade": 3, "table": "nämndens", "number": 1,
                     "name": "Befolkningsutveckling", "source": "SCB", "frequency": "årligen",
                     "unit": "antal", "reported_to_kf": True, "baseline": 11416.0,
                     "baseline_text": "11 416", "target": "Öka",
                     "measurements": [{"date": dt.date(2025, 12, 31), "value": 11452.0,
                                       "source": "SCB"}]}],
    "uppdrag": [{"key": "3.2", "title": "Främja investeringar och hållbar bostadsutveckling",
                 "description": "Ta aktiva initiativ för att attrahera investerare.",
                 "uppfoljning": "Egen aktivitetsplan med genomförande",
                 "tidplan": "Kommunstyrelsen den 5 maj samt 3 november",
                 "indicators": ["befolkning"], "status": "pågår", "budgetpaverkan": True,
                 "colour": "grön",
                 "insatser": [{"number": 1, "title": "Markanvisningstävling",
                               "description": "För kvarteret vid stationen."}]}],
    "aktiviteter": [{"key": "3.2.1", "title": "Dialog med investerare",
                     "ansvar": "Samhällsbyggnadsavdelningen", "origin": "uppdrag",
                     "uppfoljning": "Antal möten", "tidplan": "Kommunstyrelsen den 5 maj",
                     "status": "ej påbörjad"}],
    "budget": [{"id": "driftbudget-ks-2026", "title": "Driftbudget (tkr)", "kind": "drift",
                "unit": "tkr", "columns": ["bokslut 2024", "budget 2026"],
                "rows": [{"code": "45", "name": "Gymnasieskola", "values": [-82802, -74974],
                          "analysis": "Fler elever än planerat."}]}],
}


def write_template(path: str | Path) -> None:
    """The empty workbook with one filled example row a sheet and a note on each column."""
    write_rows(path, plan_rows([EXAMPLE]))


# --- the store's plans --------------------------------------------------------------------------


def _export_docs(store: Store) -> list[int]:
    ids: list[int] = []
    for p in q.current_plans(store):
        ids.append(p["id"])
        for v in pe.verksamhetsplan_docs(store, p["namnd_id"], p["year"]):
            if v["id"] not in ids:
                ids.append(v["id"])
    return ids


def store_plans(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The plans in force (and their verksamhetsplaner) as plan-file data, and the
    measurements from chat as Mätvärden rows."""
    plans, chat = [], []
    akt = sa.aktiviteter(store)
    for d in pe.documents(store, _export_docs(store)):
        p: dict[str, Any] = {
            "organisation": {"id": d["org_id"], "name": d["org_name"], "vision": d["org_vision"],
                             "words": d["words"]},
            "namnd": {"id": d["namnd_slug"], "name": d["namnd_name"], "short": d["namnd_short"]}
            if d["namnd_slug"] else None,
            "document": {k: d[k] for k in ("kind", "year", "title", "sources", "budget_frame_tkr", "notes")},
        }
        vp = pe.verksamhetsplan(store, d["id"])
        if vp:
            p["verksamhetsplan"] = {"forvaltning": vp["forvaltning"], "title": vp["title"],
                                    "demo": bool(vp["demo"])}
        p["malomraden"] = [{"number": m["number"], "name": m["name"], "short": m["short"],
                            "kind": m["kind"], "intro": m["intro"], "strategic_goals": m["goals"]}
                           for m in q.malomraden(store, d["id"])]
        meas: dict[int, list[dict[str, Any]]] = {}
        for m in pe.measurements(store, d["id"]):
            row = {"date": dt.date.fromisoformat(m["date"][:10]), "value": m["value"],
                   "source": m["source"]}
            if m["origin"] == "import":
                meas.setdefault(m["indikator_id"], []).append({**row, "note": m["note"]})
            else:
                chat.append({"indikator": m["slug"], "origin": "chatt", **row})
        p["indikatorer"] = [{
            "id": i["slug"], "malomrade": i["malomrade"], "table": i["tbl"], "number": i["number"],
            "name": i["name"], "description": i["description"], "source": i["source"],
            "frequency": i["frequency"], "unit": i["unit"], "reported_to_kf": bool(i["reported_to_kf"]),
            "baseline": i["baseline"], "baseline_text": i["baseline_text"], "target": i["target"],
            "aliases": i["aliases"], "measurements": meas.get(i["id"], [])}
            for i in pe.indikatorer(store, d["id"])]
        links: dict[str, list[str]] = {}
        for r in q.uppdrag_indikatorer(store, d["id"]):
            links.setdefault(r["key"], []).append(r["slug"])
        p["uppdrag"] = [{
            "key": u["key"], "title": u["title"], "description": u["description"], "scope": u["scope"],
            "uppfoljning": u["uppfoljning"], "tidplan": u["tidplan"], "origin": u["origin"],
            "indicators": sorted(links.get(u["key"], [])), "owner": u["plan_owner"],
            "status": u["initial_status"], "budgetpaverkan": bool(u["budgetpaverkan"]),
            "colour": u["plan_colour"], "insatser_source": u["insatser_source"],
            "insatser": u["insatser"]} for u in q.uppdrag(store, d["id"])]
        p["aktiviteter"] = [{
            "key": a["key"], "title": a["title"], "description": a["description"], "ansvar": a["ansvar"],
            "origin": a["origin"], "uppfoljning": a["uppfoljning"], "tidplan": a["tidplan"],
            "budgetpaverkan": bool(a["budgetpaverkan"]), "status": a["initial_status"],
            "colour": a["plan_colour"]} for a in akt if a["vp_doc_id"] == d["id"]]
        p["budget"] = []
        for t in pe.budget_tables(store, d["id"]):
            cols = t["columns"]
            parsed = [_parse_column(c) for c in cols]
            p["budget"].append({
                "id": t["slug"], "title": t["title"], "kind": t["kind"], "section": t["section"],
                "unit": t["unit"], "columns": cols,
                "rows": [{"code": r["code"], "name": r["name"], "total": bool(r["total"]),
                          "sub": bool(r["sub"]), "analysis": r["analysis"],
                          "analysis_ref": r["analysis_ref"],
                          "values": [r["amounts"].get(k) for k in parsed]} for r in t["rows"]]})
        plans.append(p)
    return plans, chat


def _parse_column(c: str) -> tuple[str, int, str]:
    from bot.domain.schema import _COLUMN

    m = _COLUMN.match(c)
    assert m, c
    return m.group(1), int(m.group(2)), m.group(3) or ""


def _shown(rows: Rows, states: list[PlanState], many: bool) -> None:
    """The store's latest state into the shown columns."""
    items: dict[tuple[str | None, str], ItemState] = {}
    inds: dict[str, IndState] = {}
    for ps in states:
        nm = ps.doc["namnd_slug"] if many else None
        for u in ps.uppdrag:
            items[(nm, u.key)] = u
            for a in u.aktiviteter:
                items[(nm, a.key)] = a
        for i in ps.indikatorer:
            inds[i.slug] = i
    for sheet in (L.UPPDRAG.name, L.AKTIVITETER.name):
        for r in rows[sheet]:
            it = items.get((r.get("namnd"), r["key"])) or next(
                (v for (n, k), v in items.items() if k == r["key"]), None)
            if it is None:
                continue
            r.update({"Aktuell status": it.status, "Procent": it.percent,
                      "Senaste uppdatering": it.latest_text,
                      "Uppdaterad": it.latest_at.date() if it.latest_at else None})
            if sheet == L.UPPDRAG.name and it.aktiviteter:
                ru = it.rollup()
                r["Aktiviteter"] = rollup_text(ru)
    for r in rows[L.INDIKATORER.name]:
        ind = inds.get(r["id"])
        if ind is not None:
            r.update({"Senaste värde": ind.latest, "Datum": ind.latest_date, "Färg": ind.colour,
                      "Trend": ind.trend})


def export_workbook(store: Store, path: str | Path, now: dt.datetime) -> dict[str, int]:
    """The store's plans in force as a workbook at ``path``; returns what it holds."""
    plans, chat = store_plans(store)
    rows = plan_rows(plans)
    rows[L.MATVARDEN.name].extend(chat)
    rows[L.MATVARDEN.name].sort(key=lambda r: (r["indikator"], r["date"], r["origin"] != "import"))
    _shown(rows, plan_states(store, now, with_series=False), len(plans) > 1)
    write_rows(path, rows)
    return {s.name.lower(): len(rows[s.name]) for s in L.SHEETS}
