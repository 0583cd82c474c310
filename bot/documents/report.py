"""The follow-up report a nämnd sends to KS and the diarium (tertial, delår, helår), as a
Word document, built from the store as it stood at the end of the period.

Per nämnd and målområde: each uppdrag with status, colour, owner and its latest update
(text and date), its aktiviteter rolled up and listed; each indicator with baseline,
target, latest value, colour and trend, and its chart; then the budget deviations with
their analyses, and last the sources and the rules behind the colours. Swedish headings,
numbers and dates (bot.fmt).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from bot.documents import charts
from bot.documents.follow import COLOUR_RULE, IndState, ItemState, plan_states, rollup_text
from bot.domain import fmt
from store.db import Store

PERIODS = {  # name -> (month, day) the period ends, its words
    "T1": ((4, 30), "tertial 1"),
    "T2": ((8, 31), "tertial 2"),
    "delår": ((8, 31), "delårsrapport"),
    "helår": ((12, 31), "helår"),
}
CHART_LIMIT = 60  # charts in one report by default: röd, gul and KF's indicators first
SHADE = {"grön": "C6EFCE", "gul": "FFEB9C", "röd": "FFC7CE"}
TREND = {"upp": "↑ upp", "ned": "↓ ned", "oförändrad": "→ oförändrad"}


class ReportError(Exception):
    """The report cannot be made as asked; the message is for the user (Swedish)."""


def period_name(period: str) -> str:
    """The canonical name of a period as typed: "t1", "Delår", "delarsrapport", "helar"."""
    p = period.strip().lower().replace("å", "a").replace("ä", "a")
    names = {"t1": "T1", "tertial1": "T1", "tertial 1": "T1", "t2": "T2", "tertial2": "T2",
             "tertial 2": "T2", "delar": "delår", "delarsrapport": "delår", "helar": "helår",
             "bokslut": "helår", "arsredovisning": "helår"}
    if p not in names:
        raise ReportError(f"Okänd period {period!r}: välj T1, T2, delår eller helår.")
    return names[p]


@dataclass
class Period:
    name: str  # T1, T2, delår, helår
    year: int
    end: dt.date
    words: str
    at: dt.datetime  # the moment the report describes: the period's end, or now if sooner
    ongoing: bool


def period(year: int, name: str, now: dt.datetime) -> Period:
    key = period_name(name)
    (month, day), words = PERIODS[key]
    end = dt.date(year, month, day)
    end_at = dt.datetime.combine(end, dt.time(23, 59, 59), tzinfo=now.tzinfo)
    if year > now.year + 1 or year < 1900:
        raise ReportError(f"Året {year} går inte att rapportera.")
    return Period(key, year, end, words, min(end_at, now), end_at > now)


@dataclass
class ReportInfo:
    """What went into a report (for the CLI, the chat and the tests)."""

    path: str | None
    title: str
    plans: int
    uppdrag: int
    aktiviteter: int
    indikatorer: int
    charts: int
    deviations: int
    data: bytes = b""


# --- docx helpers ----------------------------------------------------------------------------


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CELL_STYLE = "Tabelltext"


def _runs(text: str) -> str:
    lines = [escape(_BAD_XML.sub("", line)) for line in text.split("\n")]
    return "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)


def _table(doc: Any, header: list[str], rows: list[list[str]], widths: list[float],
           colours: list[int] | None = None, shades: list[list[str | None]] | None = None) -> None:
    """A table with a header row (repeated on each page); ``colours``: the columns shaded by
    the row's colour. Written as one piece of WordprocessingML: python-docx's cell by cell
    API took seconds for a municipality's tables."""
    from docx.oxml import parse_xml

    twips = [round(w / 2.54 * 1440) for w in widths]
    style = doc.styles["Light Grid Accent 1"].style_id
    out = [(f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="0" w:type="auto"/>'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
            'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>')]
    out += [f'<w:gridCol w:w="{t}"/>' for t in twips]
    out.append("</w:tblGrid>")
    para = f'<w:p><w:pPr><w:pStyle w:val="{doc.styles[CELL_STYLE].style_id}"/></w:pPr><w:r>'
    for n, values in enumerate([header, *rows]):
        out.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if n == 0 else "<w:tr>")
        for i, (text, t) in enumerate(zip(values, twips)):
            shade = ""
            if n and colours and shades and i in colours:
                fill = SHADE.get(shades[n - 1][colours.index(i)] or "")
                if fill:
                    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{t}" w:type="dxa"/>{shade}</w:tcPr>'
                       f"{para}{_runs(text or '')}</w:r></w:p></w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    tbl = parse_xml("".join(out))
    body = doc.element.body
    last = body[-1] if len(body) else None
    if last is not None and last.tag == f"{{{_W}}}sectPr":
        last.addprevious(tbl)
    else:
        body.append(tbl)


def _styles(doc: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    st = doc.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles["Normal"]
    st.font.size = Pt(8.5)
    st.paragraph_format.space_after = Pt(0)


def _language(doc: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "sv-SE")
    rpr.append(lang)


# --- the contents ------------------------------------------------------------------------------


def _who(it: ItemState) -> str:
    if it.owners:
        return ", ".join(it.owners)
    return it.plan_owner or "–"


def _status(it: ItemState) -> str:
    s = it.status or "ej påbörjad"
    if it.percent is not None:
        s += f", {fmt.number(it.percent)} %"
    if it.late and it.status != "försenad":
        s += " (försenad: deadline passerad)"
    return s


def _latest(it: ItemState) -> str:
    if it.latest_at is None:
        return "Ingen uppdatering."
    return f"{fmt.date(it.latest_at.date())}: {it.latest_text}"


def _colour_word(c: str | None) -> str:
    return c or "–"


def _value(i: IndState, v: float | None) -> str:
    return fmt.with_unit(v, i.row["unit"])


def _chart_order(inds: list[IndState]) -> list[IndState]:
    rank = {"röd": 0, "gul": 1}
    return sorted((i for i in inds if len(i.series) >= 2),
                  key=lambda i: (rank.get(i.colour or "", 2), not i.row["reported_to_kf"]))


def build(store: Store, year: int, period_name_: str, now: dt.datetime, *,
          namnd: str | None = None, chart_limit: int | None = CHART_LIMIT) -> tuple[Any, ReportInfo]:
    """The report as a python-docx Document, and what went into it."""
    from docx import Document
    from docx.shared import Cm, Pt

    per = period(year, period_name_, now)
    states = [s for s in plan_states(store, per.at, namnd) if s.doc.get("year") == year]
    if not states:
        which = f" för {namnd}" if namnd else ""
        raise ReportError(f"Det finns ingen plan för {year}{which} att rapportera.")
    org = states[0].doc["org_name"]
    many = len(states) > 1
    title = f"Uppföljning {per.words} {year}"
    who = ", ".join(s.namnd for s in states) if len(states) <= 3 else f"{len(states)} nämnder"
    doc = Document()
    _language(doc)
    _styles(doc)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = f"{org}: {title}"
    doc.core_properties.author = "Styrbot"
    doc.core_properties.created = now.replace(tzinfo=None)
    doc.add_heading(f"{org}: {title}", 0)
    doc.add_paragraph(f"Avser {who}. Läget per {fmt.date(per.at.date())}"
                      + (" (perioden är inte slut)" if per.ongoing else ", periodens slut") + ". "
                      f"Sammanställd {fmt.date(now.date())} av Styrbot ur planerna och "
                      "uppdateringarna i chatten.")
    all_inds = [i for s in states for i in s.indikatorer]
    chosen = _chart_order(all_inds)
    limit = len(chosen) if chart_limit is None else chart_limit
    charted = {id(i) for i in chosen[:limit]}

    doc.add_heading("Sammanfattning", 1)
    summary = []
    for s in states:
        ups = s.uppdrag
        acts = [a for u in ups for a in u.aktiviteter]
        summary.append([
            s.namnd, fmt.number(len(ups)),
            fmt.number(sum(u.status == "klar" for u in ups)), fmt.number(sum(u.late for u in ups)),
            fmt.number(sum(u.silent and not u.late for u in ups)),
            (f"{sum(a.status == 'klar' for a in acts)} av {len(acts)} klara" if acts else "–"),
            " / ".join(fmt.number(sum(i.colour == c for i in s.indikatorer)) for c in ("grön", "gul", "röd"))])
    _table(doc, ["Nämnd", "Uppdrag", "Klara", "Försenade", "Tysta", "Aktiviteter",
                 "Indikatorer grön / gul / röd"], summary, [4.2, 1.6, 1.4, 1.8, 1.4, 2.6, 3.2])
    n_charts = n_dev = 0
    for s in states:
        if many:
            doc.add_heading(s.namnd, 1)
        level = 2 if many else 1
        if s.forvaltning:
            doc.add_paragraph(f"Aktiviteterna kommer ur {s.forvaltning}s verksamhetsplan"
                              + (" (påhittad för demo)" if s.demo else "") + ".")
        for m in s.malomraden:
            ups = [u for u in s.uppdrag if u.malomrade == m["number"]]
            inds = [i for i in s.indikatorer if i.row["malomrade"] == m["number"]]
            if not ups and not inds:
                continue
            doc.add_heading(f"Målområde {m['number']}: {m['name']}", level)
            if ups:
                doc.add_heading("Uppdrag", level + 1)
                rows, shades = [], []
                for u in ups:
                    status = _status(u)
                    if u.aktiviteter:
                        status += "\nAktiviteter: " + rollup_text(u.rollup())
                    if u.budgetpaverkan:
                        status += "\nBudgetpåverkan"
                    rows.append([u.ref, u.title, status, _colour_word(u.colour), _who(u), _latest(u)])
                    shades.append([u.colour])
                _table(doc, ["Nr", "Uppdrag", "Status", "Färg", "Ansvarig", "Senaste uppdatering"],
                       rows, [1.2, 4.2, 2.8, 1.3, 2.3, 5.2], [3], shades)
                acts = [a for u in ups for a in u.aktiviteter]
                if acts:
                    doc.add_heading("Aktiviteter", level + 1)
                    _table(doc, ["Nr", "Aktivitet", "Ansvar", "Status", "Färg", "Senaste uppdatering"],
                           [[a.ref, a.title, a.plan_owner or "–", _status(a), _colour_word(a.colour),
                             _latest(a)] for a in acts],
                           [1.4, 4.0, 2.8, 2.4, 1.3, 5.1], [4], [[a.colour] for a in acts])
            if inds:
                doc.add_heading("Indikatorer", level + 1)
                rows = []
                for i in inds:
                    latest = _value(i, i.latest) + (f" ({fmt.date(i.latest_date)})" if i.latest_date else "")
                    base = i.row["baseline_text"] if i.row["baseline"] is None and i.row["baseline_text"] \
                        else _value(i, i.row["baseline"])
                    rows.append([i.row["name"] + (" (KF)" if i.row["reported_to_kf"] else ""), base,
                                 i.row["target"] or "–", latest, _colour_word(i.colour),
                                 TREND.get(i.trend or "", "–")])
                _table(doc, ["Indikator", "Utgångsläge", "Önskat läge", "Senaste värde", "Färg", "Trend"],
                       rows, [5.6, 2.0, 2.2, 3.2, 1.3, 2.7], [4], [[i.colour] for i in inds])
                for i in inds:
                    if id(i) not in charted:
                        continue
                    image = charts.png([charts.Panel(i.row["name"], i.series, i.row["unit"],
                                                     i.row["baseline"], i.row["target"], i.colour)],
                                       width_in=6.3, height_in=2.3, dpi=110, title_width=95)
                    doc.add_picture(io.BytesIO(image), width=Cm(16.5))
                    n_charts += 1
        doc.add_heading(f"Budgetavvikelser {s.deviation_year}" if s.deviation_year else
                        "Budgetavvikelser", level)
        if not s.deviations:
            doc.add_paragraph("Planen har inga redovisade avvikelser.")
        else:
            doc.add_paragraph("Avvikelse = utfall − budget; positivt är bättre än budget. "
                              "Största avvikelserna först.")
            _table(doc, ["Verksamhet", "Utfall", "Budget", "Avvikelse", "Analys"],
                   [[(f"{d.code} " if d.code else "") + d.name, fmt.amount(d.utfall, d.unit),
                     fmt.amount(d.budget, d.unit), fmt.signed(d.avvikelse, d.unit), d.analysis or "–"]
                    for d in s.deviations], [4.0, 2.3, 2.3, 2.3, 6.1])
            n_dev += len(s.deviations)
    doc.add_heading("Källor och metod", 1)
    for s in states:
        src = ", ".join(s.doc["sources"]) if s.doc["sources"] else "inga angivna"
        doc.add_paragraph(f"{s.namnd}: {s.doc['title']} (källor: {src}).", style="List Bullet")
    doc.add_paragraph("Status, uppdateringar och mätvärden är de som fanns i Styrbot "
                      f"{fmt.date(per.at.date())}; uppdateringar skrivs i chatten av uppdragens "
                      "ansvariga och sparas med vem och när.")
    doc.add_paragraph(COLOUR_RULE)
    without = len(chosen) - min(limit, len(chosen))
    doc.add_paragraph(
        f"Diagram visas för {n_charts} indikatorer med minst två mätvärden"
        + (f" (röda och gula först, sedan de som rapporteras till KF; {without} till utan diagram, "
           "se tabellerna)" if without else "") + ". Streckad linje: målet; prickad: utgångsläget.")
    ups = [u for s in states for u in s.uppdrag]
    info = ReportInfo(path=None, title=f"{org}: {title}", plans=len(states), uppdrag=len(ups),
                      aktiviteter=sum(len(u.aktiviteter) for u in ups), indikatorer=len(all_inds),
                      charts=n_charts, deviations=n_dev)
    return doc, info


def write_report(store: Store, year: int, period_name_: str, now: dt.datetime,
                 out: str | Path | None = None, *, namnd: str | None = None,
                 chart_limit: int | None = CHART_LIMIT) -> ReportInfo:
    """Build the report and write it to ``out`` (atomically), or keep its bytes in
    ``info.data`` when ``out`` is None (for the chat)."""
    doc, info = build(store, year, period_name_, now, namnd=namnd, chart_limit=chart_limit)
    buf = io.BytesIO()
    doc.save(buf)
    info.data = buf.getvalue()
    if out is not None:
        p = Path(out)
        tmp = p.with_name(f".{p.name}.tmp")
        tmp.write_bytes(info.data)
        os.replace(tmp, p)
        info.path = str(p)
    return info


def file_name(org: str, year: int, period_key: str) -> str:
    """uppfoljning-delar-2026.docx"""
    key = period_name(period_key).lower().replace("å", "a")
    return f"uppfoljning-{key}-{year}.docx"
