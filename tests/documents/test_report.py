"""The Word report and the CLI's document commands, run as a user runs them; documents read
back with python-docx and openpyxl and their figures checked against the store."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import docx
import openpyxl

from bot.clock import Clock
from bot.core.bot import Bot
from bot.documents import charts
from bot.documents.report import period, write_report
from bot.domain.fmt import amount, signed
from store.db import Store
from tests.conftest import NOW, STYRBOT


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([STYRBOT, *args], check=False, env=env, capture_output=True, text=True,
                          timeout=180)


def tables(d: docx.document.Document) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]


def uppdrag_rows(d: docx.document.Document) -> dict[str, list[str]]:
    return {row[0]: row for t in tables(d) if t[0][:2] == ["Nr", "Uppdrag"] for row in t[1:]}


def indikator_rows(d: docx.document.Document) -> dict[str, list[str]]:
    return {row[0]: row for t in tables(d) if t[0][0] == "Indikator" for row in t[1:]}


def test_rapport_delar_from_the_cli_against_the_store(cli_env: dict[str, str], demo_db: Path,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "delår.docx"
    res = run(["rapport", "2026", "--period", "delår", "--out", str(out)], cli_env)
    assert res.returncode == 0, res.stderr
    assert "23 uppdrag, 5 aktiviteter, 46 indikatorer" in res.stdout
    d = docx.Document(str(out))
    heads = [p.text for p in d.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert heads[0] == "Askersunds kommun: Uppföljning delårsrapport 2026"
    assert "Målområde 3: En av Sveriges mest attraktiva kommuner" in heads
    assert "Budgetavvikelser 2024" in heads and "Källor och metod" in heads
    store = Store(demo_db)
    ups = uppdrag_rows(d)
    assert sorted(ups) == sorted(r["key"] for r in store.query(
        "SELECT u.key FROM uppdrag u JOIN documents d ON d.id = u.doc_id WHERE d.kind = 'uppdragsplan'"))
    # the roll-up of 3.2's aktiviteter at 31 August: 3.2.1's deadline (5 maj) has passed
    assert "Aktiviteter: 0 av 3 klara, 1 försenad, 2 tysta" in ups["3.2"][2]
    assert ups["3.2"][4] == "U0SAMHBYGG"
    # the latest value of each indicator dated until the period's end, as in the store
    last = store.one("SELECT m.value, m.date FROM measurements m JOIN indikatorer i ON i.id = m.indikator_id "
                     "WHERE i.slug = 'arbetsstallen' AND m.date <= '2026-08-31' ORDER BY m.date DESC LIMIT 1")
    assert last == {"value": 1724.0, "date": "2026-06-30"}
    row = indikator_rows(d)["Arbetsställen (KF)"]
    assert row[1:] == ["1 715", "Öka", "1 724 (30 juni 2026)", "grön", "↑ upp"]
    # the largest deviation, with its analysis, as stored
    top = store.one(
        "SELECT r.name, r.code, r.analysis, v.amount FROM budget_values v JOIN budget_rows r ON r.id = v.row_id "
        "WHERE v.measure = 'avvikelse' AND v.year = 2024 AND v.period = '' AND r.total = 0 AND r.sub = 0 "
        "ORDER BY ABS(v.amount) DESC LIMIT 1")
    assert top is not None
    dev = next(t for t in tables(d) if t[0][0] == "Verksamhet")
    assert dev[1][0] == (f"{top['code']} " if top["code"] else "") + top["name"]
    assert dev[1][3] == signed(top["amount"]) and dev[1][4] == (top["analysis"] or "–")
    # the two indicators with two demo values by 31 August, and NKI and Svenskt Näringslivs
    # omdöme with their two survey years from Handslaget 2030
    assert len(d.inline_shapes) == 4


def test_the_report_of_a_period_knows_only_what_was_written_by_its_end(store: Store, tmp_path: Path) -> None:
    bot = Bot(store, Clock.fixed(NOW), admins=("UADMIN",))
    assert not bot.handle("uppdatera 3.2: Tre investerare i dialog, pågår 60 %", user="UADMIN").error
    now = Clock.fixed(NOW).now()
    delar = write_report(store, 2026, "delår", now, tmp_path / "d.docx")
    helar = write_report(store, 2026, "helår", now, tmp_path / "h.docx")
    d, h = docx.Document(str(tmp_path / "d.docx")), docx.Document(str(tmp_path / "h.docx"))
    assert uppdrag_rows(d)["3.2"][5] == "Ingen uppdatering."
    assert uppdrag_rows(h)["3.2"][5] == "23 november 2026: Tre investerare i dialog"
    assert uppdrag_rows(h)["3.2"][2].startswith("pågår, 60 %")
    assert indikator_rows(h)["Arbetsställen (KF)"][3] == "1 731 (31 oktober 2026)"
    assert "perioden är inte slut" in h.paragraphs[1].text and "perioden är inte slut" not in d.paragraphs[1].text
    assert helar.charts > delar.charts and len(h.inline_shapes) == helar.charts


def test_the_chart_limit_and_errors_in_words(cli_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    res = run(["rapport", "2026", "--out", str(out), "--diagram", "1"], cli_env)
    assert res.returncode == 0, res.stderr
    assert len(docx.Document(str(out)).inline_shapes) == 1
    for args, words in ((["rapport", "2031", "--out", str(out)], "Året 2031"),
                        (["rapport", "2025", "--out", str(out)], "ingen plan för 2025"),
                        (["rapport", "2026", "--period", "T4", "--out", str(out)], "välj T1, T2, delår eller helår"),
                        (["rapport", "2026", "--out", str(tmp_path / "r.pdf")], "ska sluta på .docx")):
        res = run(args, cli_env)
        assert res.returncode != 0 and words in res.stderr and "Traceback" not in res.stderr, res.stderr


def test_excel_commands_from_the_cli(cli_env: dict[str, str], tmp_path: Path) -> None:
    mall, plan = tmp_path / "mall.xlsx", tmp_path / "plan.xlsx"
    assert run(["excel-template", str(mall)], cli_env).returncode == 0
    res = run(["export-excel", str(plan)], cli_env)
    assert res.returncode == 0 and "23 uppdrag" in res.stdout, res.stderr
    res = run(["import", str(plan)], cli_env)
    assert res.returncode == 0 and "Läste in Uppdragsplan 2026" in res.stdout, res.stderr
    wb = openpyxl.load_workbook(mall)
    wb["Indikatorer"]["K2"] = "kanske"
    wb.save(tmp_path / "fel.xlsx")
    res = run(["import", str(tmp_path / "fel.xlsx")], cli_env)
    assert res.returncode == 1 and "inget har lästs in" in res.stderr
    assert "blad Indikatorer, rad 2, kolumn K (Indikator KF): ska vara ja eller nej" in res.stderr


def test_periods() -> None:
    now = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
    assert period(2026, "t1", now).end == dt.date(2026, 4, 30)
    assert period(2026, "Delår", now).end == dt.date(2026, 8, 31) and not period(2026, "delår", now).ongoing
    assert period(2026, "helar", now).at == now and period(2026, "helår", now).ongoing


def test_charts_speak_swedish_and_keep_the_whole_title() -> None:
    assert charts.tick_decimals([8.4, 8.45, 8.5]) == 2
    assert [charts.swedish(v, 2) for v in (8.4, 8.45)] == ["8,40", "8,45"]
    assert charts.swedish(1715, 0) == "1 715" and charts.swedish(-3, 0) == "−3"
    long = "Andel invånare som upplever att kommunens information är lätt att förstå och tillgänglig"
    assert charts.wrap_title(long, 40).replace("\n", " ") == long
    png = charts.png([charts.Panel(long, [(dt.date(2026, 1, 31), 8.4), (dt.date(2026, 2, 28), 8.45)],
                                   "procent", 8.38, "< 7,4 %", "röd")])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert amount(-12508) == "−12 508 tkr"
