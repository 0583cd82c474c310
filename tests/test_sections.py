"""The documents' running text (`sections`) and the figures stated in it (`nyckeltal`) are
transcribed from the seeds word for word.

Each paragraph or list item of a section must stand in its seed, whitespace and hyphenation
aside (a word the PDF split at a line end, "myndig- hetsutövning", counts as whole), in the
order printed; a paragraph may be broken by a page head or a table the transcription leaves
out, so it may be made of up to three passages in order. Every heading stands in the seed,
and every figure of a nyckeltal is printed in the seed; its text is one passage of it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.seeds import PAGE_MARK, require_seeds, without_page_feet

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FILES = ["askersund/uppdragsplan-2026.yaml", "askersund/verksamhetsberattelse-2024.yaml",
         "askersund/malstruktur.yaml", "askersund/handslaget-2030.yaml", "orsa/styrmodell.yaml"]
SEED_OF = {"askersund/uppdragsplan-2026.yaml": "000", "askersund/verksamhetsberattelse-2024.yaml":
           "001", "askersund/malstruktur.yaml": "002", "askersund/handslaget-2030.yaml": "003",
           "orsa/styrmodell.yaml": "004"}


def fold(s: str) -> str:
    """Text with whitespace, bullets and hyphenation folded away, for comparison."""
    s = unicodedata.normalize("NFC", s).replace("\u00ad", "").replace("\u2212", "-")
    s = re.sub(r"^\s*(?:[-•\uf0b7\uf0a7▪●])\s+", " ", s, flags=re.MULTILINE)
    s = re.sub(r"[•\uf0b7\uf0a7▪●]", " ", s)
    s = re.sub(r"(\w)-\s*(?=\w)", r"\1", s)
    return " ".join(s.split())


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def seed_of(name: str) -> str:
    seeds = require_seeds()
    path = next(seeds.glob(f"{SEED_OF[name]}_*.txt"))
    return fold(path.read_text(encoding="utf-8"))


def pieces(text: str, seed: str, start: int, most: int = 3, least: int = 12) -> int | None:
    """Where ``text`` ends in ``seed`` when it is at most ``most`` passages of it in order,
    starting at ``start``; None when it is not."""
    pos, at, n = 0, start, 0
    while pos < len(text):
        lo, hi = 0, len(text) - pos
        found = -1
        while lo < hi:  # the longest prefix of text[pos:] found after `at`
            mid = (lo + hi + 1) // 2
            i = seed.find(text[pos:pos + mid], at)
            if i >= 0:
                lo, found = mid, i
            else:
                hi = mid - 1
        if lo == 0 or (lo < least and pos + lo < len(text)):
            return None
        found = seed.find(text[pos:pos + lo], at)
        at = found + lo
        pos += lo
        while pos < len(text) and text[pos] == " ":
            pos += 1
        n += 1
        if n > most:
            return None
    return at


def paragraphs(text: str) -> list[str]:
    return [p for p in (fold(p) for p in re.split(r"\n\s*\n|\n(?=- )", text)) if p]


@pytest.mark.parametrize("name", FILES)
def test_every_section_is_the_seeds_text(name: str) -> None:
    seed = seed_of(name)
    plan = load(name)
    assert plan.get("sections"), f"{name} has no sections"
    bad = []
    for sec in plan["sections"]:
        if fold(sec["heading"]) not in seed:
            bad.append((sec["heading"], "heading"))
        at = 0
        for para in paragraphs(sec.get("text") or ""):
            end = pieces(para, seed, at)
            if end is None:
                bad.append((sec["heading"], para[:100]))
            else:
                at = end
    assert not bad, f"{len(bad)} passages not in the seed (in this order): {bad[:8]}"


def marked_seed(name: str) -> tuple[str, list[tuple[int, int]]]:
    """The folded seed with each page's foot as a token, and (position, page) of each."""
    seeds = require_seeds()
    raw = next(seeds.glob(f"{SEED_OF[name]}_*.txt")).read_text(encoding="utf-8")
    seed = fold(PAGE_MARK.sub(lambda m: f"\n\n\u27e6s{m.group(1)}\u27e7\n\n", raw))
    return seed, [(m.start(), int(m.group(1))) for m in re.finditer(r"\u27e6s(\d+)\u27e7", seed)]


def spans(name: str, seed: str) -> list[tuple[dict[str, Any], int, int]]:
    """Each section with where it stands in the seed: from its heading to its text's end."""
    out = []
    at = 0
    for sec in load(name)["sections"]:
        head = fold(sec["heading"])
        start = seed.find(head, at)
        if start < 0:
            start = seed.find(head)
        end = start + len(head)
        for para in paragraphs(sec.get("text") or ""):
            end = pieces(para, seed, end) or end
        out.append((sec, start, end))
        at = start
    return out


@pytest.mark.parametrize("name", FILES)
def test_every_page_is_the_seeds(name: str) -> None:
    """A section's page is the one the seed shows it on: that page's foot stands within the
    section's text or right after it. And every section the seed shows a page for has it."""
    seed, marks = marked_seed(name)
    bad = []
    for sec, start, end in spans(name, seed):
        shown = {p for pos, p in marks if start < pos < end or
                 (pos >= end and not seed[end:pos].strip())}
        page = sec.get("page")
        if page is not None and page not in shown:
            bad.append((sec["heading"], page, "the seed does not show it there"))
        if shown and page not in shown:
            bad.append((sec["heading"], page, f"the seed shows page {sorted(shown)}"))
    assert not bad, bad


def test_the_pages_the_seeds_show_are_found() -> None:
    """The page feet the seeds print, so that the test above has something to check."""
    assert [p for _, p in marked_seed(FILES[0])[1]] == [6]
    assert [p for _, p in marked_seed(FILES[1])[1]] == [20, 22, 24]
    assert [p for _, p in marked_seed(FILES[3])[1]] == [8]
    assert marked_seed(FILES[2])[1] == [] and marked_seed(FILES[4])[1] == []
    pages = {(name, s["heading"]): s["page"] for name in FILES for s in load(name)["sections"]
             if s.get("page")}
    assert pages == {
        (FILES[0], "Strategisk organisationsutredning och utveckling"): 6,
        (FILES[3], ("Stärkt dialog och samarbete mellan kommunen och näringslivet genom "
                    "partnerskap och samskapande arenor")): 8}


def test_the_transcription_covers_the_running_text() -> None:
    """Not a sample: each document's sections hold most of its seed (the rest is the
    tables, which are data)."""
    sizes = {}
    for name in FILES:
        seed = seed_of(name)
        text = fold(" ".join(s.get("text") or "" for s in load(name)["sections"]))
        sizes[name] = len(text) / len(seed)
    assert all(share > 0.3 for share in sizes.values()), sizes
    assert sizes["askersund/handslaget-2030.yaml"] > 0.9, sizes


def renderings(x: float) -> list[str]:
    if float(x).is_integer():
        n = int(x)
        grouped = f"{abs(n):,}".replace(",", " ")
        return [("-" if n < 0 else "") + grouped, str(n), f"{x:.2f}".replace(".", ",")]
    return [f"{x:.{d}f}".replace(".", ",") for d in (1, 2)]


@pytest.mark.parametrize("name", FILES)
def test_every_nyckeltal_is_printed_in_the_seed(name: str) -> None:
    seed = seed_of(name)
    bad = []
    for f in load(name).get("nyckeltal", []):
        if f.get("text") and pieces(fold(f["text"]), seed, 0, most=1) is None:
            bad.append((f["id"], "text"))
        if f.get("section") and fold(f["section"]) not in seed:
            bad.append((f["id"], "section"))
        for v in f["values"]:
            forms = renderings(v["value"])
            if not any(re.search(rf"(?<![\d,]){re.escape(r)}(?!\d|,\d)", seed) for r in forms):
                bad.append((f["id"], v["value"]))
            if f.get("text") and v["value"] and not any(r in fold(f["text"]) for r in forms) \
                    and f.get("group") != "Svenskt Näringslivs enkät":
                bad.append((f["id"], v["value"], "not in its text"))
    assert not bad, bad


def test_the_figures_people_ask_for_are_data() -> None:
    up = {f["id"]: f for f in load(FILES[0])["nyckeltal"]}
    assert up["finansiellt-mal-resultat"]["values"][0]["value"] == 1.8
    assert [v["value"] for v in up["effektiviseringskrav"]["values"]] == [1.7, 1907]
    samverkan = [f for f in up.values() if f.get("group") == "Samverkan"]
    assert sum(f["values"][0]["value"] for f in samverkan) == 7388 + 2847 + 1083 + 12120 + 74974
    vb = {f["id"]: f for f in load(FILES[1])["nyckeltal"]}
    assert vb["ombudgetering-summa"]["values"][0]["value"] == 370 + 101 + 220
    assert vb["budgetram-2024"]["values"][0]["value"] == 126342
    analysis = [f for f in vb.values() if f.get("group") == "Verksamhetsanalys 2024"]
    assert len(analysis) == 11
    for f in analysis:  # intäkt + kostnad, utfall − budget = the net deviation
        v = {x["label"]: x["value"] for x in f["values"]}
        assert (v["intäkt utfall"] + v["kostnad utfall"]) - (v["intäkt budget"] +
                                                             v["kostnad budget"]) == \
            v["nettoavvikelse"], f["id"]
    hs = {f["id"]: f for f in load(FILES[3])["nyckeltal"]}
    assert [(v["year"], v["value"]) for v in hs["skr-insikt-nki"]["values"]] == [(2023, 68),
                                                                                 (2024, 78)]
    assert hs["svenskt-naringsliv-sammanfattande-omdome"]["values"][-1] == {"year": 2025,
                                                                           "value": 3.42}


def test_the_transcription_artefacts_are_mended() -> None:
    vb = (DATA / FILES[1]).read_text(encoding="utf-8")
    assert "- 3,2 mkr" not in vb and "- 7,7 mkr" not in vb
    assert "-3,2 mkr" in vb and "-7,7 mkr" in vb
    assert "Verksamhetsområdes- chefer" not in (DATA / FILES[4]).read_text(encoding="utf-8")
    orsa = load(FILES[4])
    assert sum(1 for e in orsa["arshjul"] if e.get("description")) == 8


def test_what_is_derived_is_marked() -> None:
    up = load(FILES[0])
    linked = [u for u in up["uppdrag"] if u.get("indicators")]
    assert sum(len(u["indicators"]) for u in linked) == 16
    assert all(u.get("indicators_derived") for u in linked)
    vb = load(FILES[1])
    for m in vb["maluppfyllelse"]:
        if m.get("trend"):
            assert m.get("trend_derived"), m["measure"]


def test_handslagets_survey_values_are_measurements_printed_in_the_seed() -> None:
    """Handslaget's survey figures of the plan's two indicators are their measurements, a
    survey year each: the figure stands in the seed in the sentence the source quotes, the
    later year is the survey's own ("Insikt 2024", "enkät 2025"), the earlier the year before."""
    import csv

    seed = fold(next(require_seeds().glob("003_*.txt")).read_text(encoding="utf-8"))
    rows = list(csv.DictReader((DATA / "askersund/handslaget-matningar.csv").open(encoding="utf-8")))
    assert "handslaget-matningar.csv" in load(FILES[3])["measurements_csv"]
    assert [(r["indikator"], r["datum"][:4], float(r["värde"])) for r in rows] == [
        ("insikt-nki", "2023", 68), ("insikt-nki", "2024", 78),
        ("svenskt-naringsliv-omdome", "2024", 3.39), ("svenskt-naringsliv-omdome", "2025", 3.42)]
    for r in rows:
        quoted = re.search(r'\("(.+)"\)', r["källa"])
        assert quoted and fold(quoted.group(1)) in seed, r
        value = float(r["värde"])
        shown = str(int(value)) if value.is_integer() else f"{value:.2f}".replace(".", ",")
        assert shown in quoted.group(1), r
        survey = re.search(r"(Insikt|enkät)(?:, året före)? (\d{4})", r["källa"])
        assert survey and fold(f"{'SKR:s Insikt' if survey.group(1) == 'Insikt' else 'enkät'} "
                               f"{survey.group(2)}") in seed, r
        later = "året före" not in r["källa"]
        assert int(r["datum"][:4]) == int(survey.group(2)) - (0 if later else 1), r
        assert "årsvärde" in r["källa"]  # shown as the year, not as 31 December


def test_the_organisationsutredning_and_its_four_uppdrag_are_the_seeds() -> None:
    """The uppdragsplan's organisationsutredning: its four uppdrag stand in the seed in the
    printed order after "fyra centrala uppdrag", with no number, owner or deadline the seed
    does not print; the link to uppdrag 5.1 is marked as ours."""
    seed = fold(without_page_feet(next(require_seeds().glob("000_*.txt")).read_text(encoding="utf-8")))
    (ini,) = load(FILES[0])["initiativ"]
    at = seed.index(fold("Därför har fyra centrala uppdrag skapats"))
    for item in ini["items"]:
        assert set(item) == {"title"}, item  # no number, owner or deadline of our own
        found = seed.find(fold(item["title"]), at)
        assert found > at, item["title"]
        at = found
    assert len(ini["items"]) == 4
    assert "owner" not in ini and "tidplan" not in ini
    assert ini["related"] == ["5.1"] and ini["related_derived"] is True
    for field in ("description", "progress", "uppfoljning"):  # passages of it, in order
        assert pieces(fold(ini[field]), seed, 0) is not None, field
