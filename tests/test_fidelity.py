"""The bundled data is transcribed from the seed documents figure for figure.

Reads the seed texts from ../shared/seeds/ beside the checkout (as in CI). Checks that every
text and every figure in each data file appears in its seed (whitespace folded), that each
budget row's figures stand in the seed in the printed order, and counts each table.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain.schema import PlanFile
from tests.seeds import require_seeds, seeds_dir, without_page_feet

ROOT = Path(__file__).resolve().parent.parent
SEEDS = seeds_dir() or ROOT.parent / "shared" / "seeds"
DATA = ROOT / "data"
FILES = ["askersund/uppdragsplan-2026.yaml", "askersund/verksamhetsberattelse-2024.yaml",
         "orsa/styrmodell.yaml"]



@pytest.fixture(autouse=True)
def _seeds() -> None:
    require_seeds()  # skips without the seeds, fails in CI


# Fields that are ours, not the document's: keys, enums, derived values, Kolada links.
NOT_FROM_SEED = {"id", "format", "kind", "table", "frequency", "unit", "short", "aliases",
                 "sources", "colour", "trend", "key", "columns", "insatser_source", "words",
                 "indicators", "section", "measurements_csv", "analysis_ref", "code", "body",
                 "origin", "status", "kolada", "kolada_id", "related", "items_note",
                 # checked passage by passage in tests/test_sections.py
                 "sections", "nyckeltal"}
# Values we name ourselves where the document has no printed title (see the data files).
OWN_TITLES = {"Verksamhetsberättelse 2024", "Askersunds kommun", "Kommunstyrelsen",
              "Orsa kommun", "Orsa kommuns styrmodell", "KS", "Uppdragsplan 2026"}


def fold(s: str) -> str:
    return " ".join(s.replace("\u00ad", "").split())


def seed_text(plan: dict[str, Any]) -> str:
    return fold(" ".join(without_page_feet((SEEDS / s).read_text(encoding="utf-8"))
                         for s in plan["document"]["sources"]))


def strings(node: Any, path: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in NOT_FROM_SEED:
                out += strings(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += strings(v, f"{path}[{i}]")
    elif isinstance(node, str):
        out.append((path, node))
    return out


def covered(s: str, seed: str, min_piece: int = 12, max_pieces: int = 3) -> bool:
    """``s`` is made of at most ``max_pieces`` passages of the seed (columns interleave)."""
    s = fold(s)
    pos, pieces = 0, 0
    while pos < len(s):
        lo, hi = 0, len(s) - pos
        while lo < hi:  # longest prefix of s[pos:] found in the seed
            mid = (lo + hi + 1) // 2
            if s[pos:pos + mid] in seed:
                lo = mid
            else:
                hi = mid - 1
        if lo == 0 or (lo < min_piece and pos + lo < len(s)):
            return False
        pos += lo
        while pos < len(s) and s[pos] == " ":
            pos += 1
        pieces += 1
    return pieces <= max_pieces


def renderings(x: float) -> list[str]:
    """The ways the documents print a number: 1 715, -12 508, 8,38, 4,0, 100."""
    out = []
    if float(x).is_integer():
        n = int(x)
        grouped = f"{abs(n):,}".replace(",", " ")
        out += [("-" if n < 0 else "") + grouped, ("- " if n < 0 else "") + grouped, str(n)]
        out += [f"{x:.1f}".replace(".", ","), f"{x:.2f}".replace(".", ",")]
    else:
        for d in (1, 2, 3):
            out.append(f"{x:.{d}f}".replace(".", ","))
    return out


def numbers(node: Any, path: str = "") -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("number", "year", "month", "month_end", "malomrade", "budget_frame_tkr",
                     "sections", "nyckeltal"):
                continue
            out += numbers(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += numbers(v, f"{path}[{i}]")
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        out.append((path, float(node)))
    return out


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", FILES)
def test_every_text_is_in_its_seed(name: str) -> None:
    plan = load(name)
    seed = seed_text(plan)
    missing = [(p, s[:80]) for p, s in strings(plan)
               if s not in OWN_TITLES and not covered(s, seed)]
    assert not missing, f"{len(missing)} strings not in the seed: {missing[:10]}"


@pytest.mark.parametrize("name", FILES)
def test_every_figure_is_in_its_seed(name: str) -> None:
    plan = load(name)
    seed = seed_text(plan)
    missing = []
    for path, x in numbers(plan):
        if not any(re.search(rf"(?<![\d,]){re.escape(r)}(?![\d,])", seed) for r in renderings(x)):
            missing.append((path, x))
    assert not missing, f"{len(missing)} figures not in the seed: {missing[:10]}"


@pytest.mark.parametrize("name", FILES[:2])
def test_budget_rows_stand_in_the_seed_in_printed_order(name: str) -> None:
    plan = PlanFile.model_validate(load(name))
    seed = seed_text(load(name))
    bad = []
    for t in plan.budget:
        for row in t.rows:
            figures = [v for v in row.values if v is not None]
            if not figures:
                continue
            pattern = r"\s+".join(
                "(?:" + "|".join(re.escape(r) for r in renderings(v)[:2]) + ")" for v in figures)
            if not re.search(pattern, seed):
                bad.append((t.id, row.name, figures))
    assert not bad, f"rows whose figures do not stand in this order in the seed: {bad[:10]}"


def test_uppdragsplan_counts_against_the_seed() -> None:
    plan = PlanFile.model_validate(load(FILES[0]))
    seed = (SEEDS / "000_b14203749531b591.txt").read_text(encoding="utf-8")
    assert len(plan.malomraden) == 5
    assert [m.number for m in plan.malomraden] == [1, 2, 3, 4, 5]
    # Every "Målområde N:" heading of the plan's uppdrag section has its uppdrag table.
    assert len(set(re.findall(r"Målområde (\d): ", seed))) == 5
    # The seed numbers uppdrag 1.1–1.4 in area 1 and 1..n in the others: 4+2+5+6+6 = 23.
    # (The issue text says 21; the seed itself prints 23.)
    keys = [u.key for u in plan.uppdrag]
    assert keys == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5",
                    "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "5.1", "5.2", "5.3", "5.4", "5.5",
                    "5.6"]
    for u in plan.uppdrag:
        assert fold(u.title)[:40] in fold(seed), u.key
    # Indicator tables: rows per (målområde, table), as printed in the seed.
    counts: dict[tuple[int, str], int] = {}
    for i in plan.indikatorer:
        counts[(i.malomrade, i.table)] = counts.get((i.malomrade, i.table), 0) + 1
    assert counts == {(2, "gemensamma"): 5, (2, "nämndens"): 5, (3, "gemensamma"): 8,
                      (3, "nämndens"): 9, (4, "nämndens och gemensamma"): 9,
                      (5, "nämndens och gemensamma"): 10}
    for (mo, table), n in counts.items():
        numbers_in_table = sorted(i.number for i in plan.indikatorer
                                  if i.malomrade == mo and i.table == table)
        assert numbers_in_table == list(range(1, n + 1)), (mo, table)
    # Driftbudget per verksamhet: every verksamhet code printed in the seed's table.
    drift = next(t for t in plan.budget if t.id == "driftbudget-ks-2026-verksamhet")
    codes = [r.code for r in drift.rows if r.code]
    seed_codes = re.findall(r"^\s*(\d{2})\s+\S", seed.split("10 Nämnder/Styrelser", 1)[1]
                            .split("Summa", 1)[0], re.MULTILINE)
    assert codes == ["10"] + seed_codes
    fin = next(t for t in plan.budget if t.id == "driftbudget-finansforvaltningen-2026-poster")
    assert [r.code for r in fin.rows if r.code] == re.findall(r"\b(999\d\d)\b", seed)
    assert plan.document.budget_frame_tkr == 117804 and "117 804 tkr" in seed


def test_verksamhetsberattelse_counts_against_the_seed() -> None:
    plan = PlanFile.model_validate(load(FILES[1]))
    seed = (SEEDS / "001_e095bce15f90866b.txt").read_text(encoding="utf-8")
    drift = next(t for t in plan.budget if t.id == "driftredovisning-2024")
    section = seed.split("Driftredovisning 2024, tkr", 1)[1].split("Summa", 1)[0]
    assert [r.code for r in drift.rows if r.code] == re.findall(r"^\s*(\d{2}) \S", section, re.MULTILINE)
    summa = next(r for r in drift.rows if r.total)
    assert summa.values == [-186560, -173510, -13050]
    rows = [r for r in drift.rows if not r.total]
    for col in range(3):
        assert sum(r.values[col] or 0 for r in rows) == summa.values[col]
    for r in rows:  # avvikelse = utfall − budget on every row
        assert r.values[0] - r.values[1] == r.values[2], r.name  # type: ignore[operator]
    refs = re.findall(r"Analys (\d+)", seed)
    assert sorted({r.analysis_ref for r in drift.rows if r.analysis_ref}, key=int) == \
        sorted(set(refs), key=int)[: len({r.analysis_ref for r in drift.rows if r.analysis_ref})]
    assert len(plan.maluppfyllelse) == 6
    assert len(plan.investeringsprojekt) == 18


def test_uppdrag_22_carries_handslagets_eight_insatser() -> None:
    plan = PlanFile.model_validate(load(FILES[0]))
    u = next(u for u in plan.uppdrag if u.key == "2.2")
    assert len(u.insatser) == 8
    handslaget = fold((SEEDS / "003_135f550c99a0cda4.txt").read_text(encoding="utf-8"))
    for x in u.insatser:
        assert fold(x.title) in handslaget
