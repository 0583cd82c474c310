"""Malformed plan files: one clear message per problem with its line, a non-zero exit and
an unchanged store. Valid files import idempotently and never touch progress history."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

import pytest

from bot.clock import Clock
from bot.core.importing import import_file
from bot.domain.planfile import PlanFileError, read_plan
from store import queries as q
from store.db import Store
from store.writes import add_update
from tests.conftest import STYRBOT

GOOD = """\
format: styrbot-plan/1
organisation: {id: testkommun, name: Testkommun}
namnd: {id: ks, name: Kommunstyrelsen, short: KS}
document:
  kind: uppdragsplan
  year: 2026
  title: Uppdragsplan 2026
malomraden:
  - number: 1
    name: Välfärd
    strategic_goals: [Bäst i landet 2030]
indikatorer:
  - id: sjuk
    malomrade: 1
    table: nämndens
    number: 1
    name: Sjukfrånvaro
    unit: procent
    baseline: 8.38
    target: "7,4%"
uppdrag:
  - key: "1.1"
    title: Från plan till praktik
    tidplan: Kommunstyrelsen den 5 maj samt 3 november
    indicators: [sjuk]
  - key: "1.2"
    title: Andra uppdraget
    tidplan: I enlighet med projektplan
"""


def write(tmp_path: Path, text: str | bytes, name: str = "plan.yaml") -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def problems(path: Path) -> list[str]:
    with pytest.raises(PlanFileError) as exc:
        read_plan(path)
    return [str(p) for p in exc.value.problems]


def test_good_file_reads(tmp_path: Path) -> None:
    loaded = read_plan(write(tmp_path, GOOD))
    assert [u.key for u in loaded.plan.uppdrag] == ["1.1", "1.2"]
    assert [d.date.isoformat() for d in loaded.tidplaner["1.1"].deadlines if d.date] == \
        ["2026-05-05", "2026-11-03"]


def test_missing_field(tmp_path: Path) -> None:
    text = GOOD.replace("    title: Andra uppdraget\n", "")
    got = problems(write(tmp_path, text))
    assert len(got) == 1
    assert ":26:" in got[0] and "uppdrag[1].title" in got[0] and "saknas" in got[0]


def test_wrong_type(tmp_path: Path) -> None:
    got = problems(write(tmp_path, GOOD.replace("    baseline: 8.38", "    baseline: mycket")))
    assert len(got) == 1
    assert ":19:" in got[0] and "indikatorer[0].baseline" in got[0] and "tal" in got[0]


def test_duplicate_uppdrag_key(tmp_path: Path) -> None:
    got = problems(write(tmp_path, GOOD.replace('key: "1.2"', 'key: "1.1"')))
    assert len(got) == 1
    assert ":26:" in got[0] and "uppdrag[1].key" in got[0] and "1.1 finns redan (rad 22)" in got[0]


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    got = problems(write(tmp_path, GOOD.replace("    unit: procent\n", "    unit: procent\n    unit: antal\n")))
    assert len(got) == 1 and ":19:" in got[0] and "två gånger" in got[0]


def test_invalid_yaml(tmp_path: Path) -> None:
    got = problems(write(tmp_path, GOOD.replace("    title: Andra uppdraget", "    title: [Andra")))
    assert len(got) == 1 and "ogiltig YAML" in got[0] and ":28:" in got[0] and "rad 27" in got[0]


def test_non_utf8_byte(tmp_path: Path) -> None:
    raw = GOOD.encode("utf-8").replace(b"Andra uppdraget", b"Andra uppdr\xe4get")
    got = problems(write(tmp_path, raw))
    assert len(got) == 1 and "inte UTF-8" in got[0] and ":27:" in got[0]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (GOOD.replace("    baseline: 8.38", "    baseline: mycket")
                .replace("    unit: procent", "    unit: liter")
                .replace("    indicators: [sjuk]", "    indicators: [okand]")
                .replace('key: "1.2"', 'key: "tolv"'))
    got = problems(write(tmp_path, text))
    assert len(got) == 3, got  # the unknown indicator is checked once the types are right
    assert any("baseline" in g for g in got) and any("unit" in g for g in got)
    assert any("uppdrag[1].key" in g for g in got)


def test_unknown_field_is_an_error_not_dropped(tmp_path: Path) -> None:
    got = problems(write(tmp_path, GOOD.replace("    title: Andra uppdraget", "    title: Andra uppdraget\n    tidsplan: snart")))
    assert len(got) == 1 and "tidsplan" in got[0] and "okänt fält" in got[0]


def test_csv_problems_have_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "indikator,datum,värde,källa\nsjuk,2026-06-30,\"8,1\",Personec\nsjuk,30 juni,8,x\nokand,2026-01-01,1,x\n", "m.csv")
    got = problems(write(tmp_path, GOOD + "measurements_csv: [m.csv]\n"))
    assert len(got) == 2
    assert "m.csv:3: [datum]" in got[0] and "m.csv:4: [indikator]" in got[1]


def test_a_measurement_given_twice_in_a_csv_is_an_error_with_both_lines(tmp_path: Path) -> None:
    write(tmp_path, "indikator,datum,värde,källa\nsjuk,2026-06-30,8,a\nsjuk,2026-03-31,9,a\n"
                    "sjuk,2026-06-30,7,b\n", "m.csv")
    got = problems(write(tmp_path, GOOD + "measurements_csv: [m.csv]\n"))
    assert len(got) == 1
    assert "m.csv:4: [datum]" in got[0] and "rad 2" in got[0] and "2026-06-30" in got[0]


@pytest.mark.parametrize("roles, bad", [
    ("  leaders: ['<!channel>']", "<!channel>"),
    ("  admins: [anna]", "anna"),
    ("  owners: {'1.1': ['@anna']}", "@anna"),
    ("  indicator_owners: {sjuk: ['<@U0ANNA>']}", "<@U0ANNA>"),
])
def test_plan_roles_take_only_real_ids(tmp_path: Path, roles: str, bad: str) -> None:
    got = problems(write(tmp_path, GOOD + "roles:\n" + roles + "\n"))
    assert len(got) == 1 and repr(bad) in got[0] and "ID" in got[0], got


def test_plan_roles_take_slack_and_teams_ids(tmp_path: Path) -> None:
    guid = "6b8f3c1e-2d4a-4e5f-9a0b-1c2d3e4f5a6b"
    plan = read_plan(write(tmp_path, GOOD + f"roles:\n  admins: [U0ANNA, {guid}]\n"
                           "  leaders: [C0LEDNING, W0BOSS]\n")).plan
    assert plan.roles.admins == ["U0ANNA", guid] and plan.roles.leaders == ["C0LEDNING", "W0BOSS"]


def _dump(store: Store) -> str:
    return "\n".join(store.conn.iterdump())


@pytest.mark.parametrize("mutation", [
    lambda t: t.replace("    title: Andra uppdraget\n", ""),
    lambda t: t.replace("    baseline: 8.38", "    baseline: mycket"),
    lambda t: t.replace('key: "1.2"', 'key: "1.1"'),
    lambda t: t.replace("    title: Andra uppdraget", "    title: [Andra"),
    lambda t: t.encode("utf-8").replace(b"Andra", b"\xffAndra"),
], ids=["missing", "type", "duplicate", "yaml", "utf8"])
def test_cli_import_of_a_bad_file_exits_nonzero_and_leaves_the_store(
        tmp_path: Path, demo_db: Path, cli_env: dict[str, str], mutation) -> None:  # type: ignore[no-untyped-def]
    bad = write(tmp_path, mutation(GOOD))
    before = hashlib.sha256(_dump(Store(demo_db)).encode()).hexdigest()
    run = subprocess.run([STYRBOT, "import", str(bad)], check=False, env=cli_env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode != 0
    assert "fel i planfilen" in run.stderr and str(bad) in run.stderr
    assert "Traceback" not in run.stderr
    assert hashlib.sha256(_dump(Store(demo_db)).encode()).hexdigest() == before


def test_reimport_is_idempotent_and_keeps_history(tmp_path: Path, clock: Clock) -> None:
    store = Store(tmp_path / "s.db")
    path = write(tmp_path, GOOD)
    import_file(store, path, clock)
    plan = q.current_plan(store)
    assert plan is not None
    add_update(store, doc_id=plan["id"], key="1.1", author="U1", text="Tre möten hållna",
               status="pågår", percent=40, now=clock.now())
    first = _dump(store)
    import_file(store, path, clock)
    assert _dump(store).replace(first, "") == ""  # nothing changed
    corrected = GOOD.replace("title: Från plan till praktik", "title: Från plan till verklighet")
    import_file(store, write(tmp_path, corrected), clock)
    rows = q.uppdrag(store, plan["id"])
    assert [r["key"] for r in rows] == ["1.1", "1.2"]
    assert rows[0]["title"] == "Från plan till verklighet"
    ups = q.updates(store, plan["id"])
    assert [(u["key"], u["text"], u["status"]) for u in ups] == [("1.1", "Tre möten hållna", "pågår")]


def test_an_import_killed_halfway_leaves_the_store_as_it_was(tmp_path: Path, clock: Clock) -> None:
    store = Store(tmp_path / "s.db")
    import_file(store, write(tmp_path, GOOD), clock)
    before = _dump(store)
    changed = GOOD.replace("title: Från plan till praktik", "title: Ändrad").replace(
        "baseline: 8.38", "baseline: 9.1")

    class Killed(Exception):
        pass

    def die_at_budget(section: str) -> None:
        if section == "budget":  # after uppdrag and indicators were written
            raise Killed

    with pytest.raises(Killed):
        import_file(store, write(tmp_path, changed, "changed.yaml"), clock, progress=die_at_budget)
    assert _dump(store) == before
    assert store.integrity_check() == "ok"


def test_updates_are_append_only_in_the_store(tmp_path: Path, clock: Clock) -> None:
    import sqlite3

    store = Store(tmp_path / "s.db")
    import_file(store, write(tmp_path, GOOD), clock)
    plan = q.current_plan(store)
    assert plan
    add_update(store, doc_id=plan["id"], key="1.1", author="U1", text="x", status=None,
               percent=None, now=clock.now())
    with pytest.raises(sqlite3.DatabaseError, match="append-only"), store.write() as conn:
        conn.execute("DELETE FROM updates")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"), store.write() as conn:
        conn.execute("UPDATE updates SET text = 'y'")


def test_history_imports_append_only_and_once(tmp_path: Path, clock: Clock) -> None:
    text = GOOD + """\
history:
  - {uppdrag: "1.1", author: U1, at: "2026-03-01T10:00:00+01:00", text: Startmöte hållet, status: pågår, percent: 10}
  - {uppdrag: "1.1", author: U2, at: "2026-04-01T10:00:00+01:00", text: Halvvägs, percent: 50}
"""
    store = Store(tmp_path / "s.db")
    path = write(tmp_path, text)
    import_file(store, path, clock)
    import_file(store, path, clock)
    plan = q.current_plan(store)
    assert plan
    ups = q.updates(store, plan["id"], "1.1")
    assert [(u["author"], u["text"], u["status"], u["percent"]) for u in ups] == [
        ("U1", "Startmöte hållet", "pågår", 10), ("U2", "Halvvägs", None, 50)]
    got = problems(write(tmp_path, text.replace('uppdrag: "1.1", author: U2', 'uppdrag: "9.9", author: U2'), "bad.yaml"))
    assert len(got) == 1 and "history[1].uppdrag" in got[0] and "9.9" in got[0]


def test_several_files_import_together_or_not_at_all(tmp_path: Path, cli_env: dict[str, str]) -> None:
    other = GOOD.replace("id: ks, name: Kommunstyrelsen, short: KS", "id: bun, name: BUN, short: BUN")
    other = other.replace("id: sjuk", "id: bun-sjuk").replace("[sjuk]", "[bun-sjuk]")  # BUN's own
    a, b = write(tmp_path, GOOD, "a.yaml"), write(tmp_path, other, "b.yaml")
    bad = write(tmp_path, other.replace("    baseline: 8.38", "    baseline: mycket"), "c.yaml")
    env = {**cli_env, "STYRBOT_DB": str(tmp_path / "many.db")}
    run = subprocess.run([STYRBOT, "import", str(a), str(bad)], check=False, env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 1 and "c.yaml:19" in run.stderr
    assert q.current_plans(Store(tmp_path / "many.db")) == []  # not even a.yaml
    run = subprocess.run([STYRBOT, "import", str(a), str(b)], check=False, env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert sorted(p["namnd_short"] for p in q.current_plans(Store(tmp_path / "many.db"))) == ["BUN", "KS"]


def billion_laughs(levels: int = 9) -> str:
    """Nine levels of ten aliases each: a few hundred bytes that name 10⁹ strings."""
    out = ["format: styrbot-plan/1", 'l0: &l0 "ha"']
    for n in range(1, levels + 1):
        out.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]")
    out.append(f"malomraden: *l{levels}")
    return "\n".join(out) + "\n"


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: the bomb would need 6+


@pytest.mark.parametrize("text, line", [
    (billion_laughs(), 2),  # the line of the anchor
    ("format: styrbot-plan/1\nmalomraden: &r [*r]\n", 2),
    (GOOD.replace("    strategic_goals: [Bäst i landet 2030]",
                  "    strategic_goals: &g [Bäst i landet 2030]\n    intro: *g"), 11),
], ids=["billion-laughs", "recursive", "one-alias"])
def test_anchors_and_aliases_are_refused_with_their_line(tmp_path: Path, cli_env: dict[str, str],
                                                         text: str, line: int) -> None:
    path = write(tmp_path, text)
    assert len(path.read_bytes()) < 1000
    before = hashlib.sha256(Path(cli_env["STYRBOT_DB"]).read_bytes()).hexdigest()
    done = subprocess.run([STYRBOT, "import", str(path)], check=False, env=cli_env,
                          capture_output=True, text=True, preexec_fn=_limit_memory, timeout=120)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    assert "ankare och alias" in done.stderr + done.stdout
    assert f"plan.yaml:{line}:" in done.stderr + done.stdout
    assert hashlib.sha256(Path(cli_env["STYRBOT_DB"]).read_bytes()).hexdigest() == before


def test_an_aktivitets_tidplan_is_read_with_the_plans_year(tmp_path: Path) -> None:
    """An aktivitet's tidplan is read like an uppdrag's: its dates in the document's year."""
    text = GOOD + """\
verksamhetsplan: {forvaltning: Kommunledningsförvaltningen}
aktiviteter:
  - key: "1.1.1"
    title: Första aktiviteten
    tidplan: Kommunstyrelsen den 3 november
"""
    loaded = read_plan(write(tmp_path, text))
    [first, _] = loaded.tidplaner["1.1"].deadlines
    [only] = loaded.tidplaner["1.1.1"].deadlines
    assert (first.date, first.body) == (dt.date(2026, 5, 5), "KS")
    assert (only.date, only.body) == (dt.date(2026, 11, 3), "KS")
