"""Transcribe the running text of the seed documents into the plan files' `sections`.

The seeds are text extracted from PDFs: lines broken at the page width, tables broken
across lines, page heads and numbers in between. This script takes, per seed, the list of
headings (by line number, with their level) and the line ranges that are tables already
transcribed as data (indicator, uppdrag, budget and måluppfyllelse tables, the årshjul), and
writes the text between the headings as paragraphs and lists: lines joined, a word split at a
line end with a hyphen joined again ("myndig-" + "hetsutövning"), bullets as "- " items.

It rewrites the part of each data file after the line `# --- sections ---`; everything above
that line is the hand-made transcription. Run it from the repository root:

    python scripts/extract_sections.py [SEEDS_DIR]

The output was reviewed; tests/test_sections.py checks every paragraph against its seed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MARK = "# --- sections ---"


@dataclass
class Spec:
    out: str
    heads: list[tuple[int, int]]  # (line of the heading, level)
    skip: list[tuple[int, int]] = field(default_factory=list)  # inclusive line ranges
    gap: int = 1  # blank lines that end a paragraph (the annual report is double-spaced)
    end: int | None = None  # the last line of running text
    names: dict[int, str] = field(default_factory=dict)  # heading text where it spans lines
    head_lines: dict[int, int] = field(default_factory=dict)  # lines a heading takes


SPECS: dict[str, Spec] = {
    "000_b14203749531b591.txt": Spec(
        out="askersund/uppdragsplan-2026.yaml",
        heads=[(1, 1), (48, 1), (49, 2), (61, 2), (75, 2), (88, 2), (98, 2), (108, 2), (113, 2),
               (122, 2), (130, 2), (140, 2), (146, 1), (149, 2), (186, 2), (202, 2), (219, 1),
               (220, 2), (239, 2), (359, 2), (472, 2), (666, 2), (841, 2), (1044, 1),
               (1067, 2), (1073, 2)],
        skip=[(274, 358), (398, 471), (512, 665), (690, 840), (878, 1043), (1077, 1346)],
        end=1076,
    ),
    "001_e095bce15f90866b.txt": Spec(
        out="askersund/verksamhetsberattelse-2024.yaml",
        gap=2,
        heads=[(1, 1), (8, 2), (34, 2), (62, 2), (81, 2), (115, 2), (166, 2), (182, 2), (189, 2),
               (250, 2), (282, 2), (297, 2), (316, 1), (319, 2), (375, 1), (480, 1), (511, 2),
               (593, 2), (663, 3), (689, 2), (786, 2), (862, 3), (885, 3), (901, 3), (963, 1),
               (977, 2), (1061, 2), (1179, 1), (1407, 2), (1512, 1), (1893, 1), (2422, 1),
               (2424, 2), (2437, 3), (2470, 3), (2485, 2), (2538, 1), (2545, 2), (2557, 2),
               (2565, 2), (2572, 2), (2584, 2), (2596, 2), (2606, 2), (2618, 2), (2630, 2)],
        skip=[(532, 557), (569, 592), (608, 643), (926, 962), (1189, 1189), (1513, 1539),
              (1593, 1892), (1926, 2421)],
        names={901: "Integration", 977: "Pågående uppdrag från föregående verksamhetsplan",
               1061: "Andra pågående uppdrag"},
        head_lines={977: 2},
    ),
    "002_3144c95898761a16.txt": Spec(
        out="askersund/malstruktur.yaml",
        heads=[(1, 1), (11, 1), (17, 2), (24, 2), (60, 1), (90, 1), (96, 1), (97, 2), (101, 2),
               (109, 2), (120, 1), (129, 2), (140, 2), (150, 1), (155, 2), (224, 2), (297, 1),
               (312, 2), (356, 1), (363, 1)],
        skip=[(164, 190), (236, 270), (315, 334)],
        names={17: "Uppdatering av begrepp inför 2026 års version av strukturen"},
        head_lines={17: 2},
    ),
    "003_135f550c99a0cda4.txt": Spec(
        out="askersund/handslaget-2030.yaml",
        heads=[(1, 1), (29, 1), (50, 1), (78, 1), (87, 2), (122, 2), (141, 1), (185, 1),
               (197, 2), (202, 2), (248, 1), (274, 1), (288, 1), (322, 1), (445, 1)],
        names={185: "Så blir Askersund en av Sveriges mest företagsvänliga kommuner 2030"},
        head_lines={185: 2},
    ),
    "004_91bca0bd2952b32d.txt": Spec(
        out="orsa/styrmodell.yaml",
        heads=[(1, 1), (142, 1), (198, 1), (206, 2), (217, 2), (226, 2), (233, 2), (244, 2),
               (249, 2), (258, 2), (260, 2), (267, 2), (276, 1), (287, 2), (299, 2), (310, 2),
               (319, 2), (326, 2), (340, 2), (349, 2), (364, 2), (374, 2), (401, 3), (418, 3),
               (423, 3), (429, 1), (432, 2), (483, 3), (486, 3), (493, 2), (499, 3), (532, 3),
               (539, 3), (554, 3), (563, 3), (567, 1), (569, 2), (588, 2), (605, 2), (626, 2),
               (635, 2), (649, 3), (656, 3), (664, 1), (781, 2), (794, 2)],
        skip=[(667, 780), (797, 825)],
        names={198: "1. Vår gemensamma ram – vad som påverkar ledning och styrning",
               429: "2. Styrmodellens olika delar – processer för ledning och styrning"},
        head_lines={198: 2, 429: 2},
    ),
}

BULLET = re.compile(r"^(?:[•\uf0b7\uf0a7▪●◦]|-)\s+")
NUMBERED = re.compile(r"^\d{1,2}\.\s+\S")
JOINERS = ("och", "eller", "samt", "respektive", "till", "som", "men")


def join(a: str, b: str) -> str:
    """Join two printed lines: a word split with a hyphen at the line end is joined again,
    unless the hyphen is a real one ("kultur- och", "e-tjänster")."""
    if not a:
        return b
    if a.endswith("-") and b[:1].islower():
        word = re.findall(r"(\w+)-$", a)
        first = b.split()[0] if b.split() else ""
        if first.rstrip(",.") in JOINERS or (word and (len(word[0]) <= 2 or word[0].isupper())):
            return a + (" " if first.rstrip(",.") in JOINERS else "") + b
        return a[:-1] + b
    return f"{a} {b}"


def paragraphs(lines: list[str], gap: int) -> list[str]:
    """The paragraphs and list items of a run of printed lines."""
    out: list[str] = []
    cur = ""
    blanks = 0
    for raw in lines:
        s = " ".join(raw.replace("\uf0b7", "•").split())
        if not s or re.fullmatch(r"\d{1,3}|Sida \d+ av \d+", s):
            blanks += 1 if not s else 0
            continue
        item = BULLET.match(s) or NUMBERED.match(s)
        # a paragraph ends at a blank line, unless the sentence runs on (a page break)
        runs_on = s[:1].islower() and not cur.endswith((".", ":", "!", "?"))
        if item or (blanks >= gap and not runs_on):
            if cur:
                out.append(cur)
            if BULLET.match(s):
                cur = "- " + BULLET.sub("", s)
            else:
                cur = s
        else:
            cur = join(cur, s)
        blanks = 0
    if cur:
        out.append(cur)
    return out


def sections(seed: list[str], spec: Spec) -> list[dict[str, object]]:
    skipped = {n for lo, hi in spec.skip for n in range(lo, hi + 1)}
    last = spec.end or len(seed)
    out = []
    for k, (line, level) in enumerate(spec.heads):
        nxt = spec.heads[k + 1][0] if k + 1 < len(spec.heads) else last + 1
        first = line + spec.head_lines.get(line, 1)
        body = [seed[n - 1] for n in range(first, min(nxt, last + 1)) if n not in skipped]
        heading = spec.names.get(line) or seed[line - 1].strip().rstrip(":").strip()
        text = "\n\n".join(paragraphs(body, spec.gap))
        out.append({"heading": heading, "level": level, "text": text})
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, s: str) -> yaml.Node:
    if "\n" in s or len(s) > 80:
        return dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", s)


_Dumper.add_representer(str, _str)


def write(path: Path, secs: list[dict[str, object]]) -> None:
    text = path.read_text(encoding="utf-8")
    head = text.split(MARK, 1)[0].rstrip("\n")
    body = yaml.dump({"sections": secs}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=10_000)
    path.write_text(f"{head}\n\n{MARK}\n# The running text, transcribed by "
                    f"scripts/extract_sections.py from the seed, then reviewed.\n{body}",
                    encoding="utf-8")


def main(argv: list[str]) -> int:
    seeds = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "seeds"
    for name, spec in SPECS.items():
        seed = (seeds / name).read_text(encoding="utf-8").split("\n")
        secs = sections(seed, spec)
        write(ROOT / "data" / spec.out, secs)
        print(f"{spec.out}: {len(secs)} sections, {sum(len(str(s['text'])) for s in secs)} chars")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
