"""Each kind of problem in a plan file, reported word for word: file, line, field and the
message (the expectations are written out here, not produced by the code under test), and
what a good file with its CSV gives. In process, so that every check of bot/planfile.py is
exercised here (tests/test_planfile.py runs several through the console script)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.planfile import PlanFileError, Problem, read_plan
from tests.test_planfile import GOOD, billion_laughs

BUDGET = """budget:
  - id: drift
    title: Driftbudget
    kind: drift
    columns: [Budget 2026]
    rows:
      - {name: Rad, values: [1]}
"""
PROJECT = "investeringsprojekt:\n  - {name: Skolan, year: 2024}\n"
HISTORY = ("history:\n  - {uppdrag: \"1.1\", author: U0ANNA, at: 2026-01-02T10:00:00+01:00, "
           "text: Klart}\n")
ALIAS = ("ogiltig YAML: ankare och alias (&namn … *namn) används inte i planfiler; "
         "skriv ut värdet på varje ställe")
NAMND = "namnd: {id: ks, name: Kommunstyrelsen, short: KS}\n"

CASES = {
    "missing": (GOOD.replace("    title: Andra uppdraget\n", ""),
                ["plan.yaml:26: [uppdrag[1].title] fältet saknas"]),
    "int": (GOOD.replace("  - number: 1\n", "  - number: ett\n"),
            ["plan.yaml:9: [malomraden[0].number] ska vara ett heltal (står 'ett')"]),
    "missing-at-the-top": (GOOD.replace("organisation: {id: testkommun, name: Testkommun}\n", ""),
                           ["plan.yaml:1: [organisation] fältet saknas"]),
    "whole-number": (GOOD.replace("  - number: 1\n", "  - number: 1.5\n"),
                     ["plan.yaml:9: [malomraden[0].number] ska vara ett heltal (står 1.5)"]),
    "enum": (GOOD + HISTORY.replace("text: Klart}", "text: Klart, status: halvklar}"),
             [("plan.yaml:30: [history[0].status] otillåtet värde 'halvklar'; tillåtet: "
              "'ej påbörjad', 'pågår', 'klar', 'försenad' eller 'avbruten'")]),
    "float": (GOOD.replace("    baseline: 8.38", "    baseline: mycket"),
              ["plan.yaml:19: [indikatorer[0].baseline] inte ett tal: 'mycket'"]),
    "string": (GOOD.replace("    title: Andra uppdraget", "    title: [Andra]"),
               ["plan.yaml:27: [uppdrag[1].title] ska vara text"]),
    "list": (GOOD.replace("    indicators: [sjuk]", "    indicators: sjuk"),
             ["plan.yaml:25: [uppdrag[0].indicators] ska vara en lista (står 'sjuk')"]),
    "dict": (GOOD.replace("organisation: {id: testkommun, name: Testkommun}",
                          "organisation: Testkommun"),
             [("plan.yaml:2: [organisation] ska vara ett avsnitt (nycklar och värden) "
              "(står 'Testkommun')")]),
    "literal": (GOOD.replace("  kind: uppdragsplan", "  kind: plan"),
                [("plan.yaml:5: [document.kind] otillåtet värde 'plan'; tillåtet: 'uppdragsplan', "
                 "'verksamhetsberattelse', 'styrmodell', 'kommunplan', 'program', 'verksamhetsplan' eller 'ovrigt'")]),
    "too-small": (GOOD.replace("  - number: 1\n", "  - number: 0\n"),
                  ["plan.yaml:9: [malomraden[0].number] för litet (står 0)"]),
    "too-large": (GOOD.replace("  year: 2026", "  year: 2300"),
                  ["plan.yaml:6: [document.year] för stort (står 2300)"]),
    "pattern": (GOOD + BUDGET.replace("id: drift", "id: Drift!"),
                ["plan.yaml:30: [budget[0].id] fel form (står 'Drift!')"]),
    "bool": (GOOD + BUDGET.replace("{name: Rad, values: [1]}",
                                   "{name: Rad, values: [1], total: kanske}"),
             ["plan.yaml:35: [budget[0].rows[0].total] ska vara true eller false (står 'kanske')"]),
    "datetime": (GOOD + HISTORY.replace("2026-01-02T10:00:00+01:00", "igår"),
                 [("plan.yaml:30: [history[0].at] ska vara en tidpunkt ÅÅÅÅ-MM-DDTtt:mm "
                  "(står 'igår')")]),
    "unknown-field": (GOOD.replace("    title: Andra uppdraget",
                                   "    title: Andra uppdraget\n    tidsplan: snart"),
                      ["plan.yaml:28: [uppdrag[1].tidsplan] okänt fält (stavfel?) (står 'snart')"]),
    "dup-malomrade": (GOOD.replace("indikatorer:", "  - {number: 1, name: Igen}\nindikatorer:"),
                      ["plan.yaml:12: [malomraden[1].number] 1 finns redan (rad 9)"]),
    "dup-indikator": (GOOD.replace("uppdrag:\n", "  - {id: sjuk, malomrade: 1, table: nämndens, "
                                   "number: 2, name: Igen, unit: procent}\nuppdrag:\n"),
                      ["plan.yaml:21: [indikatorer[1].id] sjuk finns redan (rad 13)"]),
    "dup-uppdrag": (GOOD.replace('key: "1.2"', 'key: "1.1"'),
                    ["plan.yaml:26: [uppdrag[1].key] 1.1 finns redan (rad 22)"]),
    "dup-budget": (GOOD + BUDGET + BUDGET.replace("budget:\n", "").replace("Driftbudget", "Igen"),
                   ["plan.yaml:36: [budget[1].id] drift finns redan (rad 30)"]),
    "dup-project": (GOOD + PROJECT + "  - {name: Skolan, year: 2024}\n"
                    "  - {name: Skolan, year: 2025}\n",
                    ["plan.yaml:31: [investeringsprojekt[1].name] Skolan 2024 finns redan (rad 30)"]),
    "unknown-indicator": (GOOD.replace("    indicators: [sjuk]", "    indicators: [sjuk, okand]"),
                          ["plan.yaml:25: [uppdrag[0].indicators[1]] okänd indikator 'okand'"]),
    "uppdrag-malomrade": (GOOD.replace('key: "1.2"', 'key: "2.1"'),
                          ["plan.yaml:26: [uppdrag[1].key] målområde 2 finns inte i filen"]),
    "history-uppdrag": (GOOD + HISTORY.replace('"1.1"', '"9.9"'),
                        ["plan.yaml:30: [history[0].uppdrag] uppdrag 9.9 finns inte i filen"]),
    "indikator-malomrade": (GOOD.replace("    malomrade: 1\n", "    malomrade: 4\n"),
                            [("plan.yaml:14: [indikatorer[0].malomrade] målområde 4 finns inte i "
                             "filen")]),
    "no-namnd": (GOOD.replace(NAMND, ""),
                 [("plan.yaml:1: [namnd] fältet saknas: mål, indikatorer, uppdrag, aktiviteter och budget hör "
                  "till en nämnd")]),
    "no-year": (GOOD.replace("  year: 2026\n", ""),
                ["plan.yaml:5: [document.year] fältet saknas: uppdragens tidplan behöver planens år"]),
    "empty": ("", ["plan.yaml:1: filen är tom eller inte ett YAML-avsnitt"]),
    "a-list": ("- a\n- b\n", ["plan.yaml:1: filen är tom eller inte ett YAML-avsnitt"]),
    "unclosed": (GOOD.replace("    title: Andra uppdraget", "    title: [Andra"),
                 [("plan.yaml:28: ogiltig YAML: did not find expected ',' or ']' (det som började "
                  "på rad 27 avslutas inte)")]),
    "key-twice": (GOOD + "format: styrbot-plan/1\n",
                  ["plan.yaml:29: [format] nyckeln finns två gånger i samma avsnitt"]),
    "alias": (GOOD.replace("    strategic_goals: [Bäst i landet 2030]",
                           "    strategic_goals: &g [Bäst i landet 2030]\n    intro: *g"),
              [f"plan.yaml:11: {ALIAS}"]),
    "alias-to-itself": ("format: styrbot-plan/1\nmalomraden: &r [*r]\n", [f"plan.yaml:2: {ALIAS}"]),
    "alias-of-a-mapping": ("format: styrbot-plan/1\na: &x {b: 1}\nc: *x\n",
                           [f"plan.yaml:2: {ALIAS}"]),
    "alias-of-a-key": ("format: styrbot-plan/1\n&k a: 1\nb: {*k : 2}\n", [f"plan.yaml:2: {ALIAS}"]),
    "billion-laughs": (billion_laughs(), [f"plan.yaml:2: {ALIAS}"]),
    # a share past 100 % is a typo, in the plan's own measurements as in its CSV
    "measurement-beyond-its-unit": (
        GOOD.replace('    target: "7,4%"',
                     '    target: "7,4%"\n    measurements: [{date: 2026-06-30, value: 180}]', 1),
        [("plan.yaml:13: [indikatorer[0]] mätvärdet 180 (2026-06-30) är inget rimligt värde i "
          "procent (mellan 0 och 100)")]),
    "several": (GOOD.replace("    baseline: 8.38", "    baseline: mycket")
                    .replace('key: "1.2"', 'key: "1.1"') + "format: styrbot-plan/1\n",
                ["plan.yaml:19: [indikatorer[0].baseline] inte ett tal: 'mycket'",
                 "plan.yaml:29: [format] nyckeln finns två gånger i samma avsnitt"]),
}


def problems_of(path: Path, **kw: object) -> list[str]:
    with pytest.raises(PlanFileError) as exc:
        read_plan(path, **kw)  # type: ignore[arg-type]
    assert str(exc.value) == "\n".join(str(p) for p in exc.value.problems)
    return [str(p).replace(f"{path.parent}/", "") for p in exc.value.problems]


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_each_problem_is_reported_word_for_word(tmp_path: Path, text: str,
                                                expected: list[str]) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert problems_of(path) == expected


def test_a_problem_without_a_line_or_a_field() -> None:
    assert str(Problem("p.yaml", None, "", "kan inte läsa filen")) == "p.yaml: kan inte läsa filen"
    assert str(Problem("p.yaml", 3, "", "x")) == "p.yaml:3: x"
    assert str(Problem("p.yaml", None, "a.b", "x")) == "p.yaml: [a.b] x"
    assert str(PlanFileError([Problem("a", 1, "", "x"), Problem("b", 2, "f", "y")])) == (
        "a:1: x\nb:2: [f] y")


def test_a_missing_or_non_utf8_plan_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "saknas.yaml") == [
        "saknas.yaml: kan inte läsa filen: No such file or directory"]
    path = tmp_path / "plan.yaml"
    path.write_bytes(GOOD.encode("utf-8").replace(b"Andra uppdraget", b"Andra uppdr\xe4get"))
    assert problems_of(path) == [
        "plan.yaml:27: filen är inte UTF-8 (byte 0xe4 på rad 27); spara den som UTF-8"]


CSV_HEAD = "indikator,datum,värde,källa\n"


@pytest.mark.parametrize("csv, expected", [
    (None, ["m.csv:29: [measurements_csv] CSV-filen finns inte"]),
    (b"indikator,datum,v\xe4rde\n", ["m.csv:1: filen är inte UTF-8; spara den som UTF-8"]),
    ("indikator;datum;värde\nsjuk;2026-06-30;8\n",
     ["m.csv:1: rubrikraden ska vara: indikator,datum,värde,källa"]),
    ("", ["m.csv:1: rubrikraden ska vara: indikator,datum,värde,källa"]),
    (CSV_HEAD + "okand,2026-06-30,8,x\n", ["m.csv:2: [indikator] okänd indikator 'okand'"]),
    (CSV_HEAD + "sjuk,30 juni,8,x\n",
     ["m.csv:2: [datum] ska vara ett datum ÅÅÅÅ-MM-DD (står '30 juni')"]),
    (CSV_HEAD + "sjuk,2026-06-30,mycket,x\n", ["m.csv:2: [värde] ska vara ett tal (står 'mycket')"]),
    (CSV_HEAD + "sjuk,2026-06-30,8,a\nsjuk,2026-03-31,9,a\nsjuk,2026-06-30,7,b\n",
     [("m.csv:4: [datum] sjuk har redan ett värde för 2026-06-30 (rad 2); ett värde per indikator "
      "och datum")]),
    # a share past 100 % is a typo (Sjukfrånvaro 180 % was stored and coloured)
    (CSV_HEAD + "sjuk,2026-06-30,180,x\n",
     ["m.csv:2: [värde] 180 är inget rimligt värde för sjuk i procent (mellan 0 och 100)"]),
], ids=["missing", "not-utf8", "semicolons", "empty", "indikator", "datum", "värde", "twice",
        "beyond-its-unit"])
def test_each_csv_problem_word_for_word(tmp_path: Path, csv: str | bytes | None,
                                        expected: list[str]) -> None:
    if isinstance(csv, bytes):
        (tmp_path / "m.csv").write_bytes(csv)
    elif csv is not None:
        (tmp_path / "m.csv").write_text(csv, encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD + "measurements_csv: [m.csv]\n", encoding="utf-8")
    assert problems_of(path) == expected


def test_the_plans_problems_come_before_its_csvs(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text(CSV_HEAD + "okand,2026-06-30,8,x\n", encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD.replace('key: "1.2"', 'key: "1.1"') + "measurements_csv: [m.csv]\n",
                    encoding="utf-8")
    assert problems_of(path) == ["plan.yaml:26: [uppdrag[1].key] 1.1 finns redan (rad 22)",
                                 "m.csv:2: [indikator] okänd indikator 'okand'"]


def test_a_good_file_with_its_csv(tmp_path: Path) -> None:
    """A BOM before the YAML and the CSV, a Swedish decimal comma, an empty source, and an
    indikator the store already knows (known_indicators) are all fine."""
    (tmp_path / "m.csv").write_text(
        "\ufeff" + CSV_HEAD + 'sjuk,2026-06-30,"8,1",Personec\nsjuk, 2026-03-31 ,9,\n'
        "gammal,2026-01-31,1 200,SCB\n", encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text("\ufeff" + GOOD + "measurements_csv: [m.csv]\n", encoding="utf-8")
    loaded = read_plan(path, known_indicators={"gammal"})
    assert [(s, d.isoformat(), v, src) for s, d, v, src in loaded.measurements] == [
        ("sjuk", "2026-06-30", 8.1, "Personec"), ("sjuk", "2026-03-31", 9.0, None),
        ("gammal", "2026-01-31", 1200.0, "SCB")]
    assert loaded.path == str(path) and len(loaded.sha256) == 64
    assert [u.key for u in loaded.plan.uppdrag] == ["1.1", "1.2"]
    assert [str(d.date) for d in loaded.tidplaner["1.1"].deadlines] == ["2026-05-05", "2026-11-03"]
    with pytest.raises(PlanFileError):
        read_plan(path)  # without the store's indikator, 'gammal' is unknown
