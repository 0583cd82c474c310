"""The Teams commands and what Teams stores about people: `styrbot teams-package`, `styrbot
teams` without its settings, `./start`'s choice, and `styrbot anonymisera` for a Teams person."""

from __future__ import annotations

import json
import struct
import subprocess
import zipfile
from pathlib import Path

from bot.clock import Clock
from bot.ops.anonymise import anonymise
from store import teams as teams_store
from tests.conftest import NOW, STYRBOT
from tests.ops.conftest import clean_env
from tests.teams.conftest import Teams
from tests.teams.stand_in import ANNA, APP_ID, StandIn


def run(args: list[str], cwd: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in clean_env(STYRBOT_NOW=NOW, **settings).items()
           if not (k.startswith("TEAMS_") and k not in settings)}
    return subprocess.run([STYRBOT, *args], env=env, capture_output=True, text=True, timeout=120,
                          check=False, cwd=cwd, stdin=subprocess.DEVNULL)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_teams_package_makes_an_uploadable_zip(tmp_path: Path) -> None:
    out = tmp_path / "styrbot-teams.zip"
    done = run(["teams-package", str(out), "--developer-url", "https://www.askersund.se"],
               tmp_path, TEAMS_APP_ID=APP_ID)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["color.png", "manifest.json", "outline.png"]
        m = json.loads(z.read("manifest.json"))
        assert _png_size(z.read("color.png")) == (192, 192)
        assert _png_size(z.read("outline.png")) == (32, 32)
    assert m["manifestVersion"] == "1.19" and "v1.19/MicrosoftTeams.schema.json" in m["$schema"]
    assert m["id"] == APP_ID and m["bots"][0]["botId"] == APP_ID
    assert m["bots"][0]["scopes"] == ["personal", "team", "groupChat"]
    assert m["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert len(m["name"]["short"]) <= 30 and len(m["description"]["short"]) <= 80
    assert all(m["developer"][k].startswith("https://") for k in
               ("websiteUrl", "privacyUrl", "termsOfUseUrl"))


def test_teams_package_says_what_is_wrong(tmp_path: Path) -> None:
    out = tmp_path / "x.zip"
    no_id = run(["teams-package", str(out), "--developer-url", "https://a.se"], tmp_path)
    assert no_id.returncode != 0 and "TEAMS_APP_ID" in no_id.stderr and "Traceback" not in no_id.stderr
    bad_id = run(["teams-package", str(out), "--developer-url", "https://a.se"], tmp_path,
                 TEAMS_APP_ID="styrbot")
    assert bad_id.returncode != 0 and "GUID" in bad_id.stderr
    http = run(["teams-package", str(out), "--developer-url", "http://a.se"], tmp_path,
               TEAMS_APP_ID=APP_ID)
    assert http.returncode != 0 and "https://" in http.stderr
    missing_dir = run(["teams-package", str(tmp_path / "no" / "x.zip"), "--developer-url",
                       "https://a.se"], tmp_path, TEAMS_APP_ID=APP_ID)
    assert missing_dir.returncode != 0 and "finns inte" in missing_dir.stderr
    assert not out.exists()


def test_styrbot_teams_names_every_missing_setting(tmp_path: Path, demo_db: Path) -> None:
    done = run(["teams"], tmp_path, STYRBOT_DB=str(demo_db), TEAMS_APP_ID=APP_ID)
    assert done.returncode != 0
    assert "TEAMS_APP_PASSWORD" in done.stderr and "TEAMS_TENANT_ID" in done.stderr
    assert "Traceback" not in done.stderr


def test_start_with_both_platforms_set_says_to_run_two_processes(tmp_path: Path,
                                                                 demo_db: Path) -> None:
    done = run(["start"], tmp_path, STYRBOT_DB=str(demo_db), TEAMS_APP_ID=APP_ID,
               TEAMS_APP_PASSWORD="x", TEAMS_TENANT_ID="t", SLACK_BOT_TOKEN="xoxb-1",
               SLACK_SIGNING_SECRET="s")
    assert done.returncode != 0 and "styrbot teams" in done.stderr and "styrbot serve" in done.stderr


def test_anonymising_a_teams_person_forgets_their_name_and_personal_chat(teams: Teams) -> None:
    teams.send("hjälp")  # Anna writes: her name and her personal chat are stored
    assert teams_store.people(teams.store, [ANNA]) == {ANNA: "Anna"}
    assert teams_store.personal_conversation(teams.store, ANNA) is not None
    done = anonymise(teams.store, ANNA, Clock.fixed(NOW).now())
    assert done.rows
    assert teams_store.people(teams.store, [ANNA]) == {}
    assert teams_store.personal_conversation(teams.store, ANNA) is None


def test_styrbot_teams_with_a_wrong_secret_fails_at_start_saying_so(tmp_path: Path, demo_db: Path,
                                                                    ms: StandIn) -> None:
    env = {**ms.env(str(demo_db)), "TEAMS_APP_PASSWORD": "fel", "PORT": "0"}
    done = run(["teams"], tmp_path, **env)
    assert done.returncode != 0
    assert "Fick ingen token" in done.stderr and "TEAMS_APP_PASSWORD" in done.stderr
    assert "Traceback" not in done.stderr
    assert ms.token_forms and ms.token_forms[-1]["client_secret"] == "fel"
