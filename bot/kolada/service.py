"""`styrbot kolada fetch` and `styrbot kolada import`: what the plan links to Kolada, fetched
from the API (or read from saved JSON files) and written in one transaction.

For an indicator's KPI the municipality's own values are fetched and become measurements
(source "Kolada"); for a strategic goal's KPIs every municipality's values are fetched, for
ranking. Nothing is written until everything is read: a failure leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.clock import Clock
from bot.kolada.client import KoladaClient, KoladaError
from bot.kolada.data import Parsed, read_objects
from store import kolada as ks
from store.db import Store

YEARS_BACK = 10


@dataclass
class Links:
    municipality: str
    measure: list[tuple[int, str, str]]  # (indikator id, kpi, gender)
    goal_kpis: list[str]
    indicator_kpis: list[str]  # linked only by indicators: our municipality's values suffice
    titles: dict[str, str]  # kpi → the title the plan verified

    @property
    def kpis(self) -> list[str]:
        return sorted(set(self.goal_kpis) | set(self.indicator_kpis))


@dataclass
class Summary:
    origin: str
    municipality: str
    kpis: list[str]
    years: list[int]
    read: int = 0
    skipped: int = 0
    ignored: int = 0  # values of KPIs the plan does not link
    files: int = 0
    requests: int = 0
    pages: int = 0
    retries: int = 0
    written: ks.WriteSummary = field(default_factory=ks.WriteSummary)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        w = self.written
        src = (f"{self.files} filer" if self.origin != "api" else
               f"{self.pages} sidor i {self.requests} anrop"
               + (f" ({self.retries} omförsök)" if self.retries else ""))
        out = [f"Kolada ({src}): {self.read} värden för {len(self.kpis)} nyckeltal"
               + (f", åren {self.years[0]}–{self.years[-1]}" if self.years else "") + ".",
               f"Nya värden: {w.added}, reviderade: {w.revised}, oförändrade: {w.unchanged}.",
               (f"Mätvärden för kommunen {self.municipality}: {w.measurements_added} nya, "
                f"{w.measurements_revised} reviderade (källa Kolada).")]
        if self.skipped:
            out.append(f"{self.skipped} rader kunde inte läsas och hoppades över.")
        if self.ignored:
            out.append(f"{self.ignored} värden gällde nyckeltal som planen inte kopplar och "
                       "lästes inte in.")
        out += [f"Reviderat: {r}" for r in w.revisions[:10]]
        if len(w.revisions) > 10:
            out.append(f"… och {len(w.revisions) - 10} reviderade värden till.")
        out += [f"Varning: {x}" for x in self.warnings]
        out.append("Källa: Kolada")
        return out


def links(store: Store) -> Links:
    muni = ks.municipality_id(store)
    if muni is None:
        raise KoladaError("Planen anger inget Kolada-id för kommunen. Skriv det i planfilen "
                          "(organisation: kolada_id: \"1882\") och läs in den igen; se "
                          "docs/plan-format.md.")
    measure, titles = [], {}
    for r in ks.indicator_links(store):
        measure.append((r["indikator_id"], r["kpis"][0], r["gender"]))
        if r["titles"]:
            titles[r["kpis"][0]] = r["titles"][0]
    goal_kpis: set[str] = set()
    for g in ks.goal_links(store):
        goal_kpis |= set(g["kpis"])
        titles.update(dict(zip(g["kpis"], g["titles"])))
    indicator_kpis = {k for _i, k, _g in measure} - goal_kpis
    if not measure and not goal_kpis:
        raise KoladaError("Inga indikatorer eller strategiska mål i planen är kopplade till "
                          "nyckeltal i Kolada, så det finns inget att hämta. Se "
                          "docs/plan-format.md (kolada: kpi).")
    return Links(municipality=muni, measure=measure, goal_kpis=sorted(goal_kpis),
                 indicator_kpis=sorted(indicator_kpis), titles=titles)


def default_years(today: dt.date) -> list[int]:
    """The ten years before this one (Kolada publishes a year's values the year after)."""
    return list(range(today.year - YEARS_BACK, today.year))


def _check_titles(parsed: Parsed, want: dict[str, str], kpis: list[str]) -> list[str]:
    got = {k: t for k, t, _d, _g in parsed.kpis}
    out = []
    for k in kpis:
        if k not in got:
            out.append(f"Kolada känner inte till nyckeltalet {k}; kontrollera id:t i planen.")
        elif k in want and want[k].strip().casefold() != got[k].strip().casefold():
            out.append(f"{k} heter i Kolada \"{got[k]}\", inte \"{want[k]}\" som planen säger. "
                       "Kontrollera att det är rätt nyckeltal.")
    return out


def fetch(store: Store, client: KoladaClient, clock: Clock,
          years: list[int] | None = None) -> Summary:
    """Fetch the linked KPIs' values for ``years`` (default the last ten) and write them."""
    ln = links(store)
    yrs = sorted(set(years or default_years(clock.today())))
    parsed = Parsed()
    parsed.extend(read_objects(client.municipalities()))
    meta = read_objects(client.kpi_meta(ln.kpis))
    parsed.extend(meta)
    if ln.goal_kpis:
        parsed.extend(read_objects(client.data(ln.goal_kpis, yrs)))
    if ln.indicator_kpis:
        parsed.extend(read_objects(client.data(ln.indicator_kpis, yrs, [ln.municipality])))
    s = Summary(origin="api", municipality=ln.municipality, kpis=ln.kpis, years=yrs,
                read=len(parsed.values), skipped=parsed.skipped, requests=client.calls.requests,
                pages=client.calls.pages, retries=client.calls.retries)
    s.warnings = _check_titles(meta, ln.titles, ln.kpis)
    s.written = _write(store, parsed, ln, "api", clock)
    return s


def _write(store: Store, parsed: Parsed, ln: Links, origin: str, clock: Clock) -> ks.WriteSummary:
    return ks.write(store, values=parsed.values, origin=origin,
                    stamp=clock.now().isoformat(timespec="seconds"),
                    municipalities=parsed.municipalities, kpis=parsed.kpis, measure=ln.measure,
                    municipality=ln.municipality)


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(x for x in p.rglob("*.json") if x.is_file())
            if not found:
                raise KoladaError(f"Katalogen {p} har inga JSON-filer.")
            out += found
        elif p.is_file():
            out.append(p)
        else:
            raise KoladaError(f"{p} finns inte.")
    return out


def import_paths(store: Store, paths: list[Path], clock: Clock) -> Summary:
    """The same as `fetch`, from JSON files saved from the API (pages, lists or objects)."""
    ln = links(store)
    files = _files(paths)
    parsed = Parsed()
    problems = []
    for f in files:
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{f}: inte JSON ({exc})")
            continue
        objects = doc.get("values") if isinstance(doc, dict) and "values" in doc and not (
            "kpi" in doc and "period" in doc) else doc
        if isinstance(objects, dict):
            objects = [objects]
        if not isinstance(objects, list):
            problems.append(f"{f}: varken en sida från Kolada, en lista eller ett objekt")
            continue
        parsed.extend(read_objects(objects))
    if problems:
        raise KoladaError("Inget lästes in; filerna går inte att läsa:\n  " + "\n  ".join(problems))
    wanted = set(ln.kpis)
    keep = [v for v in parsed.values if v.kpi in wanted]
    ignored = len(parsed.values) - len(keep)
    parsed.values = keep
    yrs = sorted({v.year for v in keep})
    s = Summary(origin="import", municipality=ln.municipality, kpis=ln.kpis, years=yrs,
                read=len(keep), skipped=parsed.skipped, ignored=ignored, files=len(files))
    if parsed.kpis:
        s.warnings = [w for w in _check_titles(parsed, ln.titles, ln.kpis)
                      if "känner inte till" not in w]
    if not keep:
        s.warnings.append("Filerna hade inga värden för de nyckeltal som planen kopplar ("
                          + ", ".join(ln.kpis) + ").")
    s.written = _write(store, parsed, ln, "import:" + ",".join(f.name for f in files)[:200], clock)
    return s
