"""The issue's done-when, through the real console script against the local Slack:
from a fresh store with the demo plan and the clock at 2026-11-23, `styrbot digest C0LEDNING`
posts a digest naming sjukfrånvaro, arbetsställen and the three uppdrag due to KS on 1 december;
`styrbot nudges` nudges their owners and leadership; running it again sends nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import NOW, STYRBOT
from tests.schedule.stand_in import StandIn, dm_channel
from tests.support import clean_env

KS_ITEMS = {"3.1": ["U0KOMMUNDIR", "U0KOMMCHEF"], "3.3": ["U0SAMHBYGG"], "5.2": ["U0KVALITET"]}
LEADERS = ["U0KOMMUNDIR", "U0KSORDF"]


def styrbot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([STYRBOT, *args], env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def test_digest_and_nudges_from_a_fresh_store(tmp_path: Path, stand_in: StandIn) -> None:
    env = clean_env(STYRBOT_DB=str(tmp_path / "styrbot.db"), STYRBOT_NOW=NOW,
                    STYRBOT_TZ="Europe/Stockholm", SLACK_API_URL=stand_in.api_url,
                    SLACK_BOT_TOKEN="xoxb-test")
    assert styrbot(env, "init", "--demo").returncode == 0

    out = styrbot(env, "digest", "C0LEDNING")
    assert out.returncode == 0, out.stderr
    digest = stand_in.posted("C0LEDNING")
    shown = json.dumps([p.as_slack() for p in digest], ensure_ascii=False).lower()
    assert "sjukfrånvaro" in shown and "arbetsställen" in shown
    for key in KS_ITEMS:
        assert f"*{key}*" in shown
    assert "1 december 2026 till ks" in shown
    assert any(p.files and p.files[0]["name"].endswith(".png") for p in digest), "trend chart"
    assert all(len(p.blocks) <= 50 for p in digest)

    out = styrbot(env, "nudges")
    assert out.returncode == 0, out.stderr
    dms = {c.body["users"]: c for c in stand_in.calls_to("conversations.open")}
    owners = {o for os_ in KS_ITEMS.values() for o in os_}
    assert owners | set(LEADERS) <= set(dms)
    for key, people in KS_ITEMS.items():
        for person in people:
            channel = dm_channel(person)
            texts = [p.text for p in stand_in.posted(channel)]
            assert any(f"Uppdrag {key}:" in t and "1 december 2026" in t for t in texts), (person, texts)
            buttons = [b["accessory"] for p in stand_in.posted(channel) for b in p.blocks if "accessory" in b]
            assert any(b["action_id"] == "styrbot_uppdatera" and b["value"] == key for b in buttons)
    for leader in LEADERS:
        channel = dm_channel(leader)
        summary = [p.text for p in stand_in.posted(channel) if "ledningen" in p.text]
        assert summary and "3 uppdrag ska redovisas till KS 1 december 2026" in summary[0]

    before = len(stand_in.posted())
    again = styrbot(env, "nudges")
    assert again.returncode == 0 and "Inget att skicka" in again.stdout
    assert styrbot(env, "digest", "C0LEDNING").returncode == 0
    assert len(stand_in.posted()) == before  # nothing twice


def test_dry_run_prints_and_records_nothing(tmp_path: Path, stand_in: StandIn, demo_db: Path) -> None:
    env = clean_env(STYRBOT_DB=str(demo_db), STYRBOT_NOW=NOW)  # no token needed for a dry run
    out = styrbot(env, "nudges", "--dry-run")
    assert out.returncode == 0, out.stderr
    assert "DM till U0SAMHBYGG" in out.stdout and "Uppdrag 3.3" in out.stdout
    out = styrbot(env, "digest", "C0LEDNING", "--dry-run")
    assert "Veckobrev vecka 48" in out.stdout and "[bild: Trender vecka 48" in out.stdout
    assert not stand_in.calls
    out = styrbot(env, "nudges")
    assert out.returncode != 0 and "SLACK_BOT_TOKEN" in out.stderr


def _slack_env(tmp_path: Path, stand_in: StandIn) -> dict[str, str]:
    env = clean_env(STYRBOT_DB=str(tmp_path / "styrbot.db"), STYRBOT_NOW=NOW,
                    STYRBOT_TZ="Europe/Stockholm", SLACK_API_URL=stand_in.api_url,
                    SLACK_BOT_TOKEN="xoxb-test")
    assert styrbot(env, "init", "--demo").returncode == 0
    return env


def test_a_digest_slack_refuses_exits_non_zero_and_says_so(tmp_path: Path, stand_in: StandIn) -> None:
    env = _slack_env(tmp_path, stand_in)
    stand_in.fail_next(50, status=200, error="channel_not_found", method="chat.postMessage")
    out = styrbot(env, "digest", "C0BORTA")
    assert out.returncode == 1, out
    assert "avvisades av Slack" in out.stdout and "channel_not_found" in out.stdout
    assert "Inte allt kom fram: 1 avvisade för gott." in out.stderr
    assert not [c for c in stand_in.calls_to("files.completeUploadExternal")], "no chart alone"


def test_nudges_left_for_later_exit_non_zero_and_say_what_is_left(tmp_path: Path,
                                                                  stand_in: StandIn) -> None:
    env = _slack_env(tmp_path, stand_in)
    stand_in.fail_next(1000, status=200, error="invalid_auth")  # the app's setup: wait, not drop
    out = styrbot(env, "nudges")
    assert out.returncode == 1, out
    assert "väntar på nästa körning" in out.stdout
    assert "kvar till nästa körning." in out.stderr
    stand_in.reset()
    again = styrbot(env, "nudges")
    assert again.returncode == 0, again
    assert stand_in.posted(), "what was left went out on the next run"
