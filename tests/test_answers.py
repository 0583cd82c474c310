"""Answers beyond the corpus: the colour rule, Swedish formatting, who asks, Slack escaping,
long lists, the synthetic plan generator, and an empty store."""

from __future__ import annotations

import datetime as dt
import filecmp
import re
from pathlib import Path

import pytest
from babel.dates import format_date

from bench.synthetic import Sizes, generate
from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.importing import import_file
from bot.domain import fmt
from bot.domain.plan import Target
from bot.domain.state import COLOUR_RULE, colour, colour_reason, improved
from bot.slack.blocks import messages, slack_text
from store.db import Store
from tests.test_corpus import CORPUS_DATA

NOW = CORPUS_DATA.now


@pytest.fixture
def demo(corpus_bots: dict[str, Bot]) -> Bot:
    """The corpus's demo store (tests/conftest.py)."""
    return corpus_bots["demo"]


# --- the colour rule (bot.state.COLOUR_RULE) ------------------------------------------

@pytest.mark.parametrize("target, latest, baseline, unit, measured, expected", [
    ("7,4%", 7.95, 8.38, "procent", True, "gul"),     # sjukfrånvaro: better, not there yet
    ("7,4%", 7.2, 8.38, "procent", True, "grön"),
    ("7,4%", 8.6, 8.38, "procent", True, "röd"),
    ("< 5,0%", 4.4, 4.0, "procent", True, "grön"),    # arbetslöshet: the comparison decides
    ("< 5,0%", 5.2, 5.6, "procent", True, "gul"),
    ("< 5,0%", 5.2, 4.0, "procent", True, "röd"),
    ("70", 78, 78, "index", False, "grön"),           # NKI: an index is higher-is-better
    ("70", 65, 78, "index", True, "röd"),
    ("15,7", -9.2, -16, "mnkr", True, "gul"),         # prognosavvikelse
    ("Öka", 1731, 1715, "antal", True, "grön"),
    ("Öka", 1700, 1715, "antal", True, "röd"),
    ("Minska", 405, 414, "procent", True, "grön"),
    ("Minska", 414, 414, "procent", True, "gul"),
    ("Öka", 3.42, 3.42, "medelvärde", False, None),   # direction without a measurement
    ("Bevaka", 11398, 11416, "antal", True, None),
    ("-", 5, 4, "antal", True, None),
])
def test_colour_rule(target: str, latest: float, baseline: float, unit: str, measured: bool,
                     expected: str | None) -> None:
    t = Target.parse(target)
    assert colour(t, latest, baseline, measured=measured, unit=unit) == expected
    reason = colour_reason(t, latest, baseline, measured=measured, unit=unit)
    assert reason is None or reason.endswith(".")


@pytest.mark.parametrize("target, latest, previous, baseline, unit, expected", [
    ("7,4%", 7.95, 8.38, 8.38, "procent", True),      # sjukfrånvaro down: better
    ("< 5,0%", 4.4, 4.3, 4.0, "procent", False),      # arbetslöshet up: worse
    ("70", 78, 68, 78, "index", True),                 # an index up: better
    ("Öka", 31, 24, 28, "antal", True),
    ("Minska", 405, 414, 414, "procent", True),
    ("Minska", 420, 414, 414, "procent", False),
    ("Bevaka", 11398, 11402, 11416, "antal", None),   # watched only: neither
    ("Öka", 5, 5, 4, "antal", None),                   # unchanged
    ("Öka", 5, None, 4, "antal", None),                # nothing to compare with
])
def test_improved_follows_the_targets_direction(target: str, latest: float,
                                                previous: float | None, baseline: float,
                                                unit: str, expected: bool | None) -> None:
    assert improved(Target.parse(target), latest, previous, baseline, unit) is expected


def test_colour_rule_text_names_every_case() -> None:
    for words in ("Mål som tal eller jämförelse", "Riktning (Öka / Minska)", "Bevaka",
                  "Utan mätvärde", "index och medelvärden"):
        assert words in COLOUR_RULE


def test_the_card_explains_its_colour(demo: Bot) -> None:
    text = demo.handle("sjukfrånvaro", strict=True).text
    assert "Bedömning: gul (delvis). 7,95 % når inte målet 7,4% men är bättre än utgångsläget " \
           "8,38 %." in text
    assert "Bedömd på utgångsläget (inget mätvärde ännu): 100 % når målet 100." in \
        demo.handle("självfinansieringsgrad av investeringar", strict=True).text
    # NKI is measured by Handslaget's survey figures (2023, 2024): judged on the latest
    assert "Bedömning: grön (når målet). 78 når målet 70." in demo.handle("NKI", strict=True).text


# --- Swedish formatting -----------------------------------------------------------------

@pytest.mark.parametrize("value, decimals, text", [
    (1715, None, "1 715"), (8.38, None, "8,38"), (-12508, 0, "−12 508"), (4.0, 1, "4,0"),
    (0.0, 1, "0,0"), (-0.004, 2, "0,00"), (2.675, 2, "2,68"), (1123000, None, "1 123 000"),
    (None, None, "–"),
])
def test_numbers(value: float | None, decimals: int | None, text: str) -> None:
    assert fmt.number(value, decimals) == text


def test_numbers_match_babel() -> None:
    for v in (0.5, 1.005, 12345.675, -98765.4321, 3, -3, 0, -1234567, 10**9, 10**9 + 0.25):
        for d in (None, 0, 1, 2):
            assert fmt.number(v, d) == fmt._babel_number(v, d)


def test_amounts_dates_and_relative_time() -> None:
    assert fmt.amount(-12508) == "−12 508 tkr"
    assert fmt.signed(366) == "+366 tkr" and fmt.signed(-46) == "−46 tkr"
    assert fmt.with_unit(-9.2, "mnkr") == "−9,2 mnkr"
    today = dt.date(2026, 11, 23)
    for days in range(-400, 400, 7):
        d = today + dt.timedelta(days=days)
        assert fmt.date(d) == format_date(d, "d MMMM y", locale="sv")
    assert fmt.date(dt.date(2026, 5, 5)) == "5 maj 2026"
    assert fmt.relative(dt.date(2026, 12, 1), today) == "om 8 dagar"
    assert fmt.relative(dt.date(2026, 11, 3), today) == "för 20 dagar sedan"
    assert fmt.relative(today, today) == "i dag"
    assert fmt.relative(dt.date(2026, 11, 24), today) == "i morgon"


# --- who asks --------------------------------------------------------------------------

def test_mina_uppdrag_are_the_askers(demo: Bot) -> None:
    text = demo.handle("mina uppdrag", user="U0SAMHBYGG", strict=True).text
    assert "Dina uppdrag (3)" in text
    assert "3.2" in text and "3.3" in text and "3.4" in text and "5.6" not in text
    assert "Du är inte ansvarig" in demo.handle("mina uppdrag", user="U9NOBODY", strict=True).text
    assert "Jag vet inte vem du är" in demo.handle("mina uppdrag", strict=True).text


def test_a_mentioned_user(demo: Bot) -> None:
    text = demo.handle("vilka uppdrag har <@U0HRCHEF>?", strict=True).text
    assert "U0HRCHEF" in text and "5.3" in text and "5.4" in text


# --- Slack mode --------------------------------------------------------------------------

def test_slack_mode_escapes_data_and_keeps_mentions_of_owners(demo: Bot) -> None:
    reply = demo.handle("arbetslösheten", strict=True)
    assert "&lt; 5,0%" in slack_text(reply) and "< 5,0%" not in slack_text(reply)
    assert "< 5,0%" in reply.text  # the terminal's plain text is not escaped
    sections = [b for m in messages(reply) for b in m.blocks if b["type"] == "section"]
    assert sections and all(len(b["text"]["text"]) <= 3000 for b in sections)
    card = slack_text(demo.handle("status uppdrag 3.1", strict=True))
    assert "<@U0KOMMUNDIR>" in card and "*Uppdrag 3.1:" in card


def test_user_text_is_escaped_in_misses(demo: Bot) -> None:
    text = slack_text(demo.handle("<!channel> & glass", strict=True))
    assert "<!channel>" not in text and "&lt;!channel&gt; &amp; glass" in text


# --- long lists and the synthetic plan ---------------------------------------------------

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Bot]:
    out = tmp_path_factory.mktemp("syn")
    files = generate(out / "plan", Sizes.scaled(4, years=2), seed=3)
    store = Store(out / "syn.db")
    for f in files:
        import_file(store, f, Clock.fixed(NOW))
    return out, Bot(store, Clock.fixed(NOW))


def test_synthetic_plan_is_deterministic_and_importable(synthetic: tuple[Path, Bot],
                                                        tmp_path: Path) -> None:
    out, bot = synthetic
    again = generate(tmp_path / "again", Sizes.scaled(4, years=2), seed=3)
    for f in again:
        assert filecmp.cmp(f, out / "plan" / f.name, shallow=False)
        csv = f.with_name(f.name.replace("plan-", "matningar-").replace(".yaml", ".csv"))
        assert filecmp.cmp(csv, out / "plan" / csv.name, shallow=False)
    snap = bot.snapshots.get()
    assert len(snap.uppdrag) == 92 and len(snap.indikatorer) == 184
    assert "Uppdrag" in bot.handle(f"status uppdrag {snap.uppdrag[-1]['key']}", strict=True).text


def test_sizes_are_parameters(tmp_path: Path) -> None:
    files = generate(tmp_path, Sizes.scaled(1, namnder=3, uppdrag=30, indikatorer=12,
                                            verksamheter=4, projekt=2, years=1), seed=9)
    assert len(files) == 3
    store = Store(tmp_path / "s.db")
    for f in files:
        import_file(store, f, Clock.fixed(NOW))
    assert len(store.query("SELECT id FROM indikatorer")) == 12
    assert len(store.query("SELECT id FROM uppdrag")) == 30
    store.close()


def test_long_lists_are_capped_with_a_count(synthetic: tuple[Path, Bot]) -> None:
    _, bot = synthetic
    text = bot.handle("indikatorer", strict=True).text
    assert "Indikatorer (184)" in text and "… och 124 till" in text
    assert len(text.splitlines()) < 70
    assert "… och 32 till" in bot.handle("vilka uppdrag finns?", strict=True).text


# --- an empty store ----------------------------------------------------------------------

def test_an_empty_store_answers_everything_kindly(tmp_path: Path) -> None:
    bot = Bot(Store(tmp_path / "empty.db"), Clock.fixed(NOW))
    """With no plan, every answer says that there is nothing (and how to load a plan where
    it cannot tell what was meant), and none shows a figure, a date or an uppdrag."""
    no_plan = "Det finns ingen plan inläst ännu. Läs in en med `styrbot import FIL`"
    expected = {
        "status uppdrag 3.2": "Det finns inget uppdrag 3.2: ingen plan med uppdrag är inläst.",
        "sjukfrånvaro": no_plan,
        "budget 2026": "Ingen budget för 2026.",
        "försenade uppdrag": "Inga uppdrag är försenade.",
        "vad händer i april?": "Organisationen har inget årshjul inlagt.",
        "målområde 2": "Det finns inget målområde inlagt.",
        "glass": no_plan,
        "måluppfyllelse": "Ingen måluppfyllelse finns.",
        "investeringar": "Inga investeringsprojekt finns inlagda.",
    }
    for q, fact in expected.items():
        text = bot.handle(q, strict=True).text
        assert fact in text, (q, text)
        # no figure at all but the question's own and a count of nothing
        assert not re.search(r"\d", re.sub(r"\(0\)|3\.2|2026", "", text)), (q, text)
        assert "Traceback" not in text and "None" not in text, (q, text)


@pytest.mark.parametrize("question, code, focus", [
    ("budget 45", "45", "budget"), ("avvikelse 45 2024", "45", "avvikelse"),
    ("hur gick det för verksamhet 21 2024, avvikelse?", "21", "avvikelse"),
])
def test_a_verksamhet_by_its_code(demo: Bot, question: str, code: str, focus: str) -> None:
    reply = demo.handle(question, strict=True)
    assert reply.command is not None and reply.command.name == "budget"
    assert (reply.command.code, reply.command.focus) == (code, focus)  # type: ignore[attr-defined]
    assert demo.handle("budget 2026", strict=True).command.name != "budget"  # type: ignore[union-attr]


def test_the_card_gives_each_deadline_a_line_of_its_own(demo: Bot) -> None:
    reply = demo.handle("status uppdrag 3.2", strict=True)
    for lines in (reply.text.splitlines(), slack_text(reply).splitlines()):
        bullets = [n for n, line in enumerate(lines) if line.startswith("  • ")]
        assert [lines[n].split(" – ")[0] for n in bullets] == [
            "  • 5 maj 2026 till KS", "  • 3 november 2026 till KS"], lines
        assert lines[bullets[-1] + 1] == "", lines  # a blank line before the update part


@pytest.mark.parametrize("question", ["hållbarheten?", "hur gick det med hållbarheten",
                                      "hur går det med hållbarheten?"])
def test_a_noun_of_a_quality_is_no_typo_of_a_names_adjective(demo: Bot, question: str) -> None:
    """Probe 14: "hållbarheten" was Samlat HME-resultat's card (its alias "hållbart
    medarbetarengagemang"); the plan's typos still find their entity ("sjukfranvarn")."""
    reply = demo.handle(question, strict=True)
    assert type(reply.command).name == "okänd" and "Inget nytt mätvärde" not in reply.text
    assert type(demo.handle("sjukfranvarn", strict=True).command).name == "indikator"
