"""The console script as a user runs it: a real store file, real processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from bot.clock import Clock
from tests.conftest import NOW, ROOT, STYRBOT
from tests.support import clean_env


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([STYRBOT, *args], check=False, env=env, capture_output=True, text=True,
                          input=stdin, timeout=120, cwd=env.get("CWD"))


@pytest.fixture
def fresh_env(tmp_path: Path) -> dict[str, str]:
    return clean_env(STYRBOT_DB=str(tmp_path / "styrbot.db"), STYRBOT_NOW=NOW, HOME=str(tmp_path),
                     CWD=str(tmp_path))


def test_init_demo_then_ask(fresh_env: dict[str, str]) -> None:
    out = run(["init", "--demo"], fresh_env)
    assert out.returncode == 0, out.stderr
    assert "23 uppdrag" in out.stdout and "5 målområden" in out.stdout
    ans = run(["ask", "status uppdrag 3.2"], fresh_env)
    assert ans.returncode == 0, ans.stderr
    for fact in ("Främja investeringar och hållbar bostadsutveckling", "Ta aktiva initiativ",
                 "Egen aktivitetsplan med genomförande", "5 maj 2026", "3 november 2026"):
        assert fact in ans.stdout


def test_the_terminal_takes_people_as_its_user_types_them(cli_env: dict[str, str]) -> None:
    """In the terminal a person is typed by hand (@anna) or by ID as a chat platform writes
    it (<@U0…>, pasted from Slack): bot/terminal/inbound.py makes the latter the core's token."""
    for text, who in (("ansvarig 4.1 <@U0TERM01|terje>", "@U0TERM01"), ("ansvarig 4.2 @anna", "@anna"),
                      ("ledning <#C0TERMKAN|kanal>", "#C0TERMKAN")):
        ans = run(["ask", text], cli_env)
        assert ans.returncode == 0, ans.stderr
        assert who in ans.stdout and "Nämn vem" not in ans.stdout, ans.stdout
    mine = run(["ask", "uppdrag <@U0TERM01>"], cli_env)
    assert "4.1" in mine.stdout, mine.stdout


def test_start_without_slack_tokens_is_the_terminal_chat(fresh_env: dict[str, str]) -> None:
    """What ./start runs: demo plan loaded into an absent store, then the chat prompt."""
    out = run(["start"], fresh_env, stdin="status uppdrag 3.2\nhjälp\navsluta\n")
    assert out.returncode == 0, out.stderr
    assert "läser in demoplanen" in out.stdout
    assert "du> " in out.stdout
    assert "Främja investeringar och hållbar bostadsutveckling" in out.stdout
    assert "5 maj 2026" in out.stdout and "3 november 2026" in out.stdout
    assert "Det här kan du fråga om" in out.stdout


def test_chat_survives_garbage_and_eof(fresh_env: dict[str, str]) -> None:
    assert run(["init", "--demo"], fresh_env).returncode == 0
    out = run(["chat"], fresh_env, stdin="\x00\x01 ???\n" + "å" * 5000 + "\n")
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert out.stdout.count("du> ") == 3  # answered both lines, then ended at EOF
    assert "för långt för en fråga" in out.stdout  # the 5 000 å: refused, not read


def test_missing_store_is_a_clear_message(fresh_env: dict[str, str]) -> None:
    out = run(["ask", "3.2"], fresh_env)
    assert out.returncode != 0 and "finns inte" in out.stderr and "init --demo" in out.stderr
    assert "Traceback" not in out.stderr


def test_corrupt_store_is_a_clear_message(fresh_env: dict[str, str]) -> None:
    Path(fresh_env["STYRBOT_DB"]).write_bytes(b"this is not a database" * 100)
    out = run(["ask", "3.2"], fresh_env)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "databasen" in out.stderr.lower()


def _make_read_only(path: Path) -> bool:
    """chmod for a user; as root (who ignores modes) the immutable attribute, if allowed."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        path.parent.chmod(0o555)
        return True
    return subprocess.run(["chattr", "+i", str(path)], check=False, capture_output=True).returncode == 0


def _undo_read_only(path: Path) -> None:
    if os.geteuid() != 0:
        path.parent.chmod(0o755)
        path.chmod(0o644)
    else:
        subprocess.run(["chattr", "-i", str(path)], check=False, capture_output=True)


def test_read_only_store_is_a_clear_message(fresh_env: dict[str, str]) -> None:
    assert run(["init", "--demo"], fresh_env).returncode == 0
    db = Path(fresh_env["STYRBOT_DB"])
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    if not _make_read_only(db):
        pytest.skip("cannot make a file read-only here (root without chattr)")
    try:
        out = run(["import", str(ROOT / "data/askersund/uppdragsplan-2026.yaml")], fresh_env)
        assert out.returncode != 0 and "Traceback" not in out.stderr
        assert "databasen" in out.stderr.lower() or "database" in out.stderr.lower()
        ask = run(["ask", "status uppdrag 3.2"], fresh_env)
        assert "Traceback" not in ask.stderr
    finally:
        _undo_read_only(db)


def test_read_only_store_via_uri_gives_a_clear_error(tmp_path: Path, demo_db: Path) -> None:
    """A store that cannot be written (opened read-only) refuses an import cleanly."""
    from bot.clock import Clock
    from bot.core.importing import import_file
    from store.db import Store

    store = Store(demo_db)
    store.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(sqlite3.OperationalError):
        import_file(store, ROOT / "data/askersund/uppdragsplan-2026.yaml", Clock.fixed(NOW))
    store.conn.execute("PRAGMA query_only = OFF")
    assert store.integrity_check() == "ok"


def test_orsa_imports_into_its_own_store(fresh_env: dict[str, str]) -> None:
    out = run(["import", str(ROOT / "data/orsa/styrmodell.yaml")], fresh_env)
    assert out.returncode == 0, out.stderr
    assert "årshjul" in out.stdout
    ans = run(["ask", "vad händer i april?"], fresh_env)
    assert ans.returncode == 0
    assert "April" in ans.stdout or "april" in ans.stdout


def test_backup_into_a_missing_folder_or_over_a_non_sqlite_file_is_a_clear_message(
        tmp_path: Path, cli_env: dict[str, str]) -> None:
    not_a_store = tmp_path / "anteckningar.txt"
    not_a_store.write_text("viktigt\n")
    for target, says in ((tmp_path / "saknas" / "b.db", "finns inte"),
                         (not_a_store, "ingen SQLite-databas"), (tmp_path, "är en mapp")):
        out = run(["backup", str(target)], cli_env)
        assert out.returncode == 1 and "Traceback" not in out.stderr, out
        assert says in out.stderr, out.stderr
    assert not_a_store.read_text() == "viktigt\n"
    good = tmp_path / "b.db"
    assert run(["backup", str(good)], cli_env).returncode == 0
    assert run(["backup", str(good)], cli_env).returncode == 0  # an earlier backup is replaced
    assert sqlite3.connect(good).execute("SELECT COUNT(*) FROM uppdrag").fetchone()[0] > 20


def _write_history(db: Path) -> None:
    """An owner's update, a measurement and a new owner, written as in chat."""
    from bot.clock import Clock
    from bot.core.bot import Bot
    from store.db import Store

    store = Store(db)
    bot = Bot(store, Clock.fixed(NOW), admins=("UADMIN",))
    for text in ("uppdatera 3.2: Två investerare i dialog, pågår 40 %",
                 "värde arbetslöshet 4,2 % 2026-11-20", "ansvarig 4.1 @U0NY"):
        assert not bot.handle(text, user="UADMIN").error, text
    store.close()


def test_export_writes_the_history_as_csv_and_json(tmp_path: Path, demo_db: Path,
                                                    cli_env: dict[str, str]) -> None:
    import csv
    import json

    _write_history(demo_db)
    out = run(["export", str(tmp_path / "ut")], cli_env)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out
    assert out.stdout.startswith(f"Exporterade till {tmp_path / 'ut'}: ")
    files = sorted(p.name for p in (tmp_path / "ut").iterdir())
    assert {"historik.json", "matvarden.csv", "roller.csv", "uppdateringar.csv"} <= set(files)
    updates = list(csv.DictReader((tmp_path / "ut" / "uppdateringar.csv").open(encoding="utf-8")))
    mine = [u for u in updates if u["text"] == "Två investerare i dialog"]
    assert [(u["uppdrag"], u["av"], u["status"], u["procent"]) for u in mine] == [
        ("3.2", "UADMIN", "pågår", "40")]
    values = list(csv.DictReader((tmp_path / "ut" / "matvarden.csv").open(encoding="utf-8")))
    assert [(v["datum"], float(v["varde"]), v["av"]) for v in values if v["av"]] == [
        ("2026-11-20", 4.2, "UADMIN")]
    roles = list(csv.DictReader((tmp_path / "ut" / "roller.csv").open(encoding="utf-8")))
    assert [(r["roll"], r["avser"], r["anvandare"], r["handling"]) for r in roles
            if r["av"] == "UADMIN"] == [("owner", "ks/2026/4.1", "U0NY", "add")]  # its identity
    whole = json.loads((tmp_path / "ut" / "historik.json").read_text(encoding="utf-8"))
    assert sorted(whole) == sorted(f.removesuffix(".csv") for f in files if f.endswith(".csv"))
    assert (len(whole["uppdateringar"]), len(whole["matvarden"]), len(whole["roller"])) == (
        len(updates), len(values), len(roles))
    for name, n in (("uppdateringar", len(updates)), ("matvarden", len(values)),
                    ("roller", len(roles))):
        assert f"{n} {name}" in out.stdout


def test_backup_of_a_store_in_use_holds_every_write(tmp_path: Path, demo_db: Path,
                                                     cli_env: dict[str, str]) -> None:
    from store.db import Store

    _write_history(demo_db)
    held = Store(demo_db)  # a server holding the store open (its writes still in the WAL)
    out = run(["backup", str(tmp_path / "kopia.db")], cli_env)
    assert out.returncode == 0 and out.stdout.strip() == f"Säkerhetskopia skriven: {tmp_path / 'kopia.db'}"
    copy = Store(tmp_path / "kopia.db", create=False)
    assert copy.integrity_check() == "ok"
    assert list(copy.conn.iterdump()) == list(held.conn.iterdump())
    assert copy.one("SELECT COUNT(*) AS n FROM updates WHERE text = 'Två investerare i dialog'")["n"] == 1
    held.close()
    copy.close()


def test_worker_on_a_frozen_clock_runs_once_and_sends_what_is_due(
        demo_db: Path, cli_env: dict[str, str]) -> None:
    """STYRBOT_NOW freezes the clock: one run. On Monday 23 November 2026 the owners of the
    uppdrag due to KS on 1 December (the demo's files: 3.1, 3.3, 5.2) get a reminder and the
    leaders (the demo's and STYRBOT_LEADERS) their summary; a second run sends nothing."""
    from tests.mock_slack import MockSlack

    slack = MockSlack()
    slack.clock = Clock.fixed(NOW)
    env = {**cli_env, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.api_url,
           "STYRBOT_LEADERS": "C0KSLEDNING"}
    try:
        out = run(["worker"], env)
        assert out.returncode == 0 and "Traceback" not in out.stderr, out
        assert out.stdout.strip() == "Klockan är fryst (STYRBOT_NOW): en körning. Skickade 7 meddelanden."
        opened = sorted(c.body["users"] for c in slack.calls_to("conversations.open"))
        assert opened == ["U0KOMMCHEF", "U0KOMMUNDIR", "U0KSORDF", "U0KVALITET", "U0SAMHBYGG"]
        posts = slack.calls_to("chat.postMessage")
        assert len(posts) == 7 and all(c.headers["Authorization"] == "Bearer xoxb-test" for c in posts)
        by_channel = {c.body["channel"]: c.body["text"] for c in posts}
        assert "3.3" in by_channel["D0U0SAMHBYG"] and "3.2" not in by_channel["D0U0SAMHBYG"]
        assert "5.2" in by_channel["D0U0KVALITE"] and "1 december" in by_channel["D0U0KVALITE"]
        assert "C0KSLEDNING" in by_channel
        slack.reset()
        again = run(["worker"], env)
        assert again.returncode == 0 and "Inget att skicka" in again.stdout, again
        assert slack.calls_to("chat.postMessage", ok=None) == []
    finally:
        slack.close()
