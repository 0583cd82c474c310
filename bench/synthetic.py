"""A synthetic municipality, deterministic from a seed, written as ordinary plan files.

    python bench/synthetic.py OUTDIR [--scale 25] [--namnder 1] [--uppdrag N]
                              [--indikatorer N] [--years 1] [--seed 1]

writes one plan file per nämnd (``plan-<nämnd>.yaml``, format ``styrbot-plan/1``, see
docs/plan-format.md and bot.models.PlanFile) with its målområden, indikatorer, uppdrag (with
tidplaner, owners and a progress history), driftbudget and driftredovisning with analyses,
investeringsprojekt, and a measurements CSV beside it (``matningar-<nämnd>.csv``) with one
value per indicator and month for ``--years`` years. Import them with
``styrbot import OUTDIR/plan-*.yaml``.

``--scale`` sets the sizes from the demo plan's (23 uppdrag, 46 indikatorer, 22 verksamheter,
18 investeringsprojekt per plan); the explicit options override it. The same seed and
options always give the same files. Every file is validated with the PlanFile model before
it is written, so what this writes is what `styrbot import` accepts.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.domain.schema import PlanFile

DEMO = {"uppdrag": 23, "indikatorer": 46, "verksamheter": 22, "projekt": 18}

# Swedish words of municipal steering, combined into names, titles and verksamheter.
SUBJECTS = (
    "bostadsförsörjning", "besöksnäring", "cykelinfrastruktur", "digitalisering", "energieffektivisering",
    "folkhälsa", "förskolekvalitet", "grundskoleresultat", "hemtjänst", "idrottsanläggningar",
    "integration", "kollektivtrafik", "kompetensförsörjning", "kulturskola", "landsbygdsutveckling",
    "livsmedelskontroll", "lokalförsörjning", "medborgardialog", "miljötillsyn", "näringslivsservice",
    "offentliga måltider", "parkförvaltning", "personalförsörjning", "räddningstjänst",
    "samhällsplanering", "skolskjutsar", "socialtjänst", "stadsmiljö", "trafiksäkerhet",
    "turism", "upphandling", "vatten och avlopp", "vinterväghållning", "välfärdsteknik",
    "äldreomsorg", "arbetsmarknadsinsatser", "bibliotek", "fritidsgårdar", "gatubelysning",
    "klimatanpassning", "krisberedskap", "ledarskap", "naturvård", "avfallshantering",
    "elevhälsa", "familjecentral", "färdtjänst", "gymnasieutbildning", "ishall", "simhall",
)
VERBS = ("Utveckla", "Stärka", "Främja", "Förbättra", "Samordna", "Effektivisera", "Införa",
         "Följa upp", "Kartlägga", "Förnya")
MOVES = (("plan", "praktik"), ("reaktiv", "proaktiv"), ("projekt", "förvaltning"),
         ("nuläge", "gemensam riktning"), ("analog", "digital"), ("enskilda insatser", "helhet"))
QUALIFIERS = ("andel", "antal", "kostnad per invånare", "nöjdhet", "väntetid", "index",
              "genomsnitt", "förändring")
AREAS = (
    ("En av Sveriges bästa välfärdskommuner", "Välfärd"),
    ("En av Sveriges mest företagsvänliga kommuner", "Företagsklimat"),
    ("En av Sveriges mest attraktiva kommuner", "Attraktion"),
    ("Finansiella mål", "Finansiellt"),
    ("Organisatoriska mål", "Organisatoriskt"),
    ("En hållbar och klimatsmart kommun", "Hållbarhet"),
    ("En trygg och säker kommun", "Trygghet"),
    ("Livslångt lärande", "Lärande"),
    ("Goda livsvillkor för barn och unga", "Barn och unga"),
    ("En tillgänglig och öppen kommun", "Tillgänglighet"),
    ("En levande landsbygd", "Landsbygd"),
    ("Kultur och fritid för alla", "Kultur och fritid"),
)
NAMND_NAMES = ("Kommunstyrelsen", "Barn- och utbildningsnämnden", "Socialnämnden",
               "Kultur- och tekniknämnden", "Miljö- och byggnämnden", "Vård- och omsorgsnämnden",
               "Samhällsbyggnadsnämnden", "Fritidsnämnden", "Arbetsmarknadsnämnden",
               "Överförmyndarnämnden", "Valnämnden", "Krisledningsnämnden")
SOURCES = ("SCB", "Kolada", "Personec", "Unit4", "Bolagsverket", "SKR", "egen mätning")
FREQS = ("månatligen", "kvartalsvis", "halvårsvis", "årligen")
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")


FILLER = (
    "kommunen", "arbetet", "under året", "nämnden", "förvaltningen", "verksamheten", "invånarna",
    "företagen", "samverkan", "utvecklingen", "uppföljningen", "budgeten", "kostnaderna",
    "resultatet", "målen", "insatserna", "planeringen", "dialogen", "medarbetarna", "cheferna",
    "regionen", "länet", "staten", "projektet", "utredningen", "kvaliteten", "tillgängligheten",
    "tryggheten", "ekonomin", "effekterna", "behoven", "förutsättningarna", "riktlinjerna",
)
TEXT_VERBS = ("har fortsatt", "har stärkts", "har genomförts", "behöver utvecklas", "ska följas upp",
              "har påverkat", "bidrar till", "har inletts", "har slutförts", "kräver")


def section_texts(rng: random.Random, sections: int, name: str) -> list[dict[str, Any]]:
    """A nämnd's running text: headings and paragraphs in the documents' words, with figures
    (what the text search indexes)."""
    out = []
    for k in range(sections):
        subject = rng.choice(SUBJECTS)
        paras = []
        for _ in range(rng.randint(2, 5)):
            sentences = []
            for _ in range(rng.randint(2, 5)):
                a, b = rng.sample(SUBJECTS, 2)
                sentences.append(_cap(
                    f"{rng.choice(FILLER)} {rng.choice(TEXT_VERBS)} {a} och {b} i {name.lower()}, "
                    f"där {rng.choice(FILLER)} {rng.choice(TEXT_VERBS)} {rng.choice(FILLER)} "
                    f"med {rng.randint(2, 900)} {rng.choice(('tkr', 'procent', 'ärenden', 'platser'))}."))
            paras.append(" ".join(sentences))
        if rng.random() < 0.3:
            paras.append("\n".join(f"- {_cap(rng.choice(VERBS).lower())} {rng.choice(SUBJECTS)}."
                                   for _ in range(rng.randint(2, 5))))
        out.append({"heading": f"{_cap(subject)} {k + 1}", "level": 1 if k % 6 == 0 else 2,
                    "text": "\n\n".join(paras)})
    return out


@dataclass(frozen=True)
class Sizes:
    namnder: int
    uppdrag: int  # in all
    indikatorer: int  # in all
    verksamheter: int  # per nämnd
    projekt: int  # per nämnd
    years: int  # of monthly measurements
    year: int  # the plan year
    updates: int | None = None  # progress updates in all (None: about every other uppdrag)
    budget_years: int = 0  # years of monthly budget outcomes per verksamhet
    sections: int = 0  # sections of running text per nämnd (the demo plans have 20–50)
    aktiviteter: float = 2.0  # aktiviteter per uppdrag in the förvaltning's verksamhetsplan, on average

    @classmethod
    def municipality(cls, **override: Any) -> Sizes:
        """The measurement issue's municipality: 12 nämnder, 40 uppdrag each, 1,500
        indicators with 10 years of monthly values, 10 years of monthly outcomes for 60
        verksamheter, 2,000 progress updates."""
        base: dict[str, Any] = {"namnder": 12, "uppdrag": 480, "indikatorer": 1500,
                                "verksamheter": 5, "projekt": 5, "years": 10, "year": 2026,
                                "updates": 2000, "budget_years": 10, "sections": 60}
        base.update({k: v for k, v in override.items() if v is not None})
        return cls(**base)

    @classmethod
    def scaled(cls, scale: float, **override: Any) -> Sizes:
        base: dict[str, Any] = {
            "namnder": 1, "uppdrag": round(DEMO["uppdrag"] * scale),
            "indikatorer": round(DEMO["indikatorer"] * scale),
            "verksamheter": round(DEMO["verksamheter"] * scale),
            "projekt": round(DEMO["projekt"] * scale), "years": 1, "year": 2026}
        base.update({k: v for k, v in override.items() if v is not None})
        return cls(**base)


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _money(rng: random.Random, lo: int, hi: int) -> int:
    return -rng.randint(lo, hi)


def plan_for(n: int, sizes: Sizes, rng: random.Random, org: dict[str, Any]) -> tuple[dict[str, Any], list[list[str]]]:
    """One nämnd's plan file (as a dict) and its measurement rows."""
    namnd_name = NAMND_NAMES[n % len(NAMND_NAMES)] + ("" if n < len(NAMND_NAMES) else f" {n + 1}")
    nid = f"n{n + 1:02d}"
    n_up = _split(sizes.uppdrag, sizes.namnder)[n]
    n_ind = _split(sizes.indikatorer, sizes.namnder)[n]
    # at most 60 uppdrag per målområde, so keys stay "12.34" (two digits after the point)
    n_areas = max(5, min(len(AREAS), math.ceil(n_up / 60)))
    year = sizes.year
    areas: list[dict[str, Any]] = []
    for a in range(n_areas):
        name, short = AREAS[a]
        goals = [(f"{org['name']} ska år 2030 vara bland de 25 % av landets kommuner med bäst "
                  f"{rng.choice(SUBJECTS)}."), f"Invånarna ska uppleva god {rng.choice(SUBJECTS)}."]
        areas.append({"number": a + 1, "name": name, "short": short,
                      "kind": "internt" if short in ("Finansiellt", "Organisatoriskt") else "utåtriktat",
                      "intro": f"{name} handlar om {rng.choice(SUBJECTS)} och {rng.choice(SUBJECTS)}.",
                      "strategic_goals": goals})

    indikatorer: list[dict[str, Any]] = []
    per_table: dict[tuple[int, str], int] = {}
    for i in range(n_ind):
        area = i % n_areas + 1
        table = rng.choice(("gemensamma", "nämndens"))
        per_table[(area, table)] = per_table.get((area, table), 0) + 1
        subject = SUBJECTS[(i * 7 + n) % len(SUBJECTS)]
        qual = QUALIFIERS[(i // len(SUBJECTS)) % len(QUALIFIERS)]
        unit = rng.choice(("antal", "procent", "procent", "index", "tkr", "kronor"))
        baseline = round(rng.uniform(5, 95), 1) if unit in ("procent", "index") else float(rng.randint(10, 5000))
        kind = rng.random()
        if kind < 0.35:
            target = rng.choice(("Öka", "Minska"))
        elif kind < 0.55:
            target = "Bevaka"
        elif kind < 0.8:
            target = f"{round(baseline * rng.uniform(0.8, 1.2), 1)}".replace(".", ",")
        else:
            target = f"{rng.choice(('<', '>'))} {round(baseline * rng.uniform(0.8, 1.2), 1)}".replace(".", ",")
        indikatorer.append({
            "id": f"{nid}-ind-{i + 1:04d}", "malomrade": area, "table": table,
            "number": per_table[(area, table)],
            "name": f"{_cap(subject)}, {qual}" + (f" ({i + 1})" if i >= len(SUBJECTS) * len(QUALIFIERS) else ""),
            "source": rng.choice(SOURCES), "frequency": rng.choice(FREQS), "unit": unit,
            "reported_to_kf": rng.random() < 0.5, "baseline": baseline,
            "baseline_text": f"{baseline:g}".replace(".", ","), "target": target,
            "aliases": [f"{subject} {qual.split()[0]}"] if rng.random() < 0.3 else [],
        })

    uppdrag: list[dict[str, Any]] = []
    owners: dict[str, list[str]] = {}
    history: list[dict[str, Any]] = []
    per_area = _split(n_up, n_areas)
    u = 0
    for a, count in enumerate(per_area):
        for k in range(count):
            key = f"{a + 1}.{k + 1}"
            subject = SUBJECTS[(u * 11 + n) % len(SUBJECTS)]
            if rng.random() < 0.4:
                frm, to = rng.choice(MOVES)
                title = f"Från {frm} till {to} inom {subject}"
            else:
                title = f"{rng.choice(VERBS)} {subject} i {rng.choice(SUBJECTS)}"
            r = rng.random()
            if r < 0.5:
                days = sorted(rng.sample(range(1, 360), rng.choice((1, 2))))
                dates = [dt.date(year, 1, 1) + dt.timedelta(days=d) for d in days]
                words = " samt ".join(f"{d.day} {MONTHS[d.month - 1]}" for d in dates)
                tidplan = f"Kommunstyrelsen den {words}"
            elif r < 0.75:
                tidplan = "I enlighet med ordinarie rapporteringsstruktur"
            else:
                tidplan = "I enlighet med projektplan"
            linked = [ind["id"] for ind in rng.sample(indikatorer, min(len(indikatorer), rng.choice((0, 0, 1, 2))))]
            uppdrag.append({
                "key": key, "title": title,
                "description": f"{rng.choice(VERBS)} arbetet med {subject} och {rng.choice(SUBJECTS)} "
                               f"i samverkan med {rng.choice(SUBJECTS)}.",
                "uppfoljning": rng.choice(("Egen uppföljning", "Framtagen projektplanering",
                                           "Egen utvärdering")),
                "tidplan": tidplan, "indicators": linked,
            })
            if rng.random() < 0.9:
                owners[key] = [f"U{nid.upper()}{rng.randint(1, 40):03d}"]
            if sizes.updates is None and rng.random() < 0.5:
                at = dt.datetime(year, 1, 10, 9, 0) + dt.timedelta(days=rng.randint(0, 300),
                                                                    minutes=rng.randint(0, 600))
                history.append({"uppdrag": key, "author": owners.get(key, ["UADMIN"])[0],
                                "at": at.isoformat(timespec="minutes"),
                                "text": f"Arbetet med {subject} fortsätter enligt plan.",
                                "status": rng.choice(("pågår", "pågår", "klar", "försenad")),
                                "percent": rng.randint(0, 100)})
            u += 1

    if sizes.updates is not None:  # exactly this many, spread over the nämnder
        start = dt.datetime(year, 1, 10, 9, 0)
        for h in range(_split(sizes.updates, sizes.namnder)[n]):
            u_row = uppdrag[rng.randrange(len(uppdrag))]
            key = u_row["key"]
            history.append({"uppdrag": key, "author": owners.get(key, ["UADMIN"])[0],
                            "at": (start + dt.timedelta(hours=3 * h)).isoformat(timespec="minutes"),
                            "text": f"Läget i {u_row['title'].lower()}: steg {h + 1} klart.",
                            "status": rng.choice(("pågår", "pågår", "klar", "försenad")),
                            "percent": rng.randint(0, 100)})

    codes = [n * 1000 + 10 + v for v in range(sizes.verksamheter)]
    names = {c: f"{_cap(SUBJECTS[(c * 3) % len(SUBJECTS)])} {c}" for c in codes}
    drift_rows: list[dict[str, Any]] = []
    red_rows: list[dict[str, Any]] = []
    for c in codes:
        b = [_money(rng, 200, 90000) for _ in range(6)]
        drift_rows.append({"code": str(c), "name": names[c], "values": b})
        utfall, bud = _money(rng, 200, 90000), _money(rng, 200, 90000)
        red_rows.append({"code": str(c), "name": names[c], "values": [utfall, bud, utfall - bud],
                         "analysis": f"Avvikelsen beror på {rng.choice(SUBJECTS)}." if rng.random() < 0.5 else None})
    drift_rows.append({"name": "Summa", "total": True,
                       "values": [sum(r["values"][i] for r in drift_rows) for i in range(6)]})
    red_rows.append({"name": "Summa", "total": True,
                     "values": [sum(r["values"][i] for r in red_rows) for i in range(3)]})
    budget: list[dict[str, Any]] = [
        {"id": f"{nid}-driftbudget-{year}", "title": "Driftbudget (tkr)", "kind": "drift",
         "section": namnd_name,
         "columns": [f"bokslut {year - 2}", f"budget {year - 1}", f"budget {year}", f"plan {year + 1}",
                     f"plan {year + 2}", f"plan {year + 3}"], "rows": drift_rows},
        {"id": f"{nid}-driftredovisning-{year - 2}", "title": f"Driftredovisning {year - 2}, tkr",
         "kind": "drift", "columns": [f"utfall {year - 2}", f"budget {year - 2}", f"avvikelse {year - 2}"],
         "rows": red_rows},
    ]
    if sizes.budget_years:  # monthly outcomes, one column a month
        first = year - sizes.budget_years
        cols = [f"utfall {y}-{m:02d}" for y in range(first, year) for m in range(1, 13)]
        budget.append({
            "id": f"{nid}-utfall-per-manad", "title": "Utfall per månad, tkr", "kind": "drift",
            "section": namnd_name, "columns": cols,
            "rows": [{"code": str(c), "name": names[c],
                      "values": [_money(rng, 10, 8000) for _ in cols]} for c in codes]})
    projects: list[dict[str, Any]] = []
    for p in range(sizes.projekt):
        utfall, bud = _money(rng, 50, 40000), _money(rng, 50, 40000)
        total = _money(rng, 5000, 90000)
        projects.append({"name": f"{_cap(rng.choice(SUBJECTS))}, etapp {p + 1} ({nid})", "year": year - 2,
                         "utfall": utfall, "budget": bud, "avvikelse": utfall - bud,
                         "accumulated": total, "total_budget": _money(rng, 5000, 90000),
                         "forecast": total, "total_deviation": rng.randint(-9000, 3000),
                         "analysis": f"Projektet påverkades av {rng.choice(SUBJECTS)}."})

    rows: list[list[str]] = []
    end = dt.date(year, 10, 31)
    for ind in indikatorer:
        value = ind["baseline"]
        for m in range(12 * sizes.years):
            months_back = 12 * sizes.years - 1 - m
            y, mo = end.year, end.month - months_back
            while mo <= 0:
                y, mo = y - 1, mo + 12
            last = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1))
            value = round(value * rng.uniform(0.97, 1.03), 2)
            rows.append([ind["id"], last.isoformat(), f"{value}".replace(".", ","), ind["source"]])

    aktiviteter, akt_history = _aktiviteter(n, namnd_name, uppdrag, owners, sizes)
    history.extend(akt_history)

    plan: dict[str, Any] = {
        "format": "styrbot-plan/1",
        "organisation": org,
        "namnd": {"id": nid, "name": namnd_name},
        "document": {"kind": "uppdragsplan", "year": year, "title": f"Uppdragsplan {year} ({namnd_name})",
                     "sources": ["bench/synthetic.py"], "budget_frame_tkr": -drift_rows[-1]["values"][2]},
        "malomraden": areas, "indikatorer": indikatorer, "uppdrag": uppdrag, "budget": budget,
        "verksamhetsplan": {"forvaltning": f"{namnd_name}s förvaltning",
                            "title": f"Verksamhetsplan {year}"},
        "aktiviteter": aktiviteter,
        "investeringsprojekt": projects, "roles": {"owners": owners}, "history": history,
        "measurements_csv": [f"matningar-{nid}.csv"],
    }
    if sizes.sections:  # its own random stream: the figures above stay as they were
        plan["sections"] = section_texts(random.Random(f"text-{n}"), sizes.sections, namnd_name)
    return plan, rows


UNITS = ("Avdelningen för", "Enheten för", "Staben för")
ORIGINS = ("uppdrag", "uppdrag", "uppdrag", "program", "initiativ")


def _aktiviteter(n: int, namnd_name: str, uppdrag: list[dict[str, Any]], owners: dict[str, list[str]],
                 sizes: Sizes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The förvaltning's aktiviteter for the uppdrag (0 to 2× the average each) and a progress
    history for about half of them. Drawn from their own generator, so the rest of the
    municipality is what it was before aktiviteter were added."""
    rng = random.Random(f"aktiviteter {n} {namnd_name}")
    year = sizes.year
    out: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for u in uppdrag:
        for k in range(rng.randint(0, round(2 * sizes.aktiviteter))):
            key = f"{u['key']}.{k + 1}"
            subject = rng.choice(SUBJECTS)
            d = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(30, 350))
            out.append({
                "key": key, "title": f"{rng.choice(VERBS)} {subject}",
                "ansvar": f"{rng.choice(UNITS)} {rng.choice(SUBJECTS)}",
                "origin": rng.choice(ORIGINS), "uppfoljning": "Egen uppföljning",
                "tidplan": f"Kommunstyrelsen den {d.day} {MONTHS[d.month - 1]}",
                "budgetpaverkan": rng.random() < 0.2,
                "status": rng.choice(("ej påbörjad", "pågår", "pågår", "klar")),
            })
            if rng.random() < 0.5:
                at = dt.datetime(year, 1, 15, 9, 0) + dt.timedelta(days=rng.randint(0, 290))
                history.append({"uppdrag": key, "author": owners.get(u["key"], ["UADMIN"])[0],
                                "at": at.isoformat(timespec="minutes"),
                                "text": f"Aktiviteten om {subject} går enligt plan.",
                                "status": rng.choice(("pågår", "klar", "försenad")),
                                "percent": rng.randint(0, 100)})
    return out, history


def generate(out: Path, sizes: Sizes, seed: int = 1) -> list[Path]:
    """Write the plan files and CSVs into ``out``; returns the plan files."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    org = {"id": "syntetisk", "name": "Syntetiska kommun"}
    files = []
    for n in range(sizes.namnder):
        plan, rows = plan_for(n, sizes, rng, org)
        PlanFile.model_validate(plan)  # what we write is what `styrbot import` accepts
        nid = plan["namnd"]["id"]
        path = out / f"plan-{nid}.yaml"
        path.write_text("# Generated by bench/synthetic.py; do not edit.\n" +
                        yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")
        with (out / f"matningar-{nid}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["indikator", "datum", "värde", "källa"])
            w.writerows(rows)
        files.append(path)
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--scale", type=float, default=25.0, help="sizes as a multiple of the demo plan's")
    ap.add_argument("--namnder", type=int)
    ap.add_argument("--uppdrag", type=int, help="in all nämnder together")
    ap.add_argument("--indikatorer", type=int, help="in all nämnder together")
    ap.add_argument("--verksamheter", type=int, help="per nämnd")
    ap.add_argument("--projekt", type=int, help="per nämnd")
    ap.add_argument("--years", type=int, help="years of monthly measurements")
    ap.add_argument("--year", type=int, help="the plan year")
    ap.add_argument("--updates", type=int, help="progress updates in all")
    ap.add_argument("--budget-years", type=int, help="years of monthly budget outcomes")
    ap.add_argument("--sections", type=int, help="sections of running text per nämnd")
    ap.add_argument("--municipality", action="store_true",
                    help="the whole municipality: 12 nämnder, 480 uppdrag, 1,500 indicators × 10 "
                         "years monthly, 60 verksamheter × 10 years monthly, 2,000 updates, 60 "
                         "sections of text per nämnd")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    opts = {"namnder": a.namnder, "uppdrag": a.uppdrag, "indikatorer": a.indikatorer,
                "verksamheter": a.verksamheter, "projekt": a.projekt, "years": a.years, "year": a.year,
                "updates": a.updates, "budget_years": a.budget_years, "sections": a.sections}
    sizes = Sizes.municipality(**opts) if a.municipality else Sizes.scaled(a.scale, **opts)
    files = generate(a.out, sizes, a.seed)
    print(f"{len(files)} plan files in {a.out}: {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
