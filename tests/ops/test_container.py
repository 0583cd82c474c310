"""The container as documented: the Dockerfile and compose.yaml parsed statically, and the
image's entrypoint command run outside a container the way the container runs it (its ENV,
its working directory, the store on a "volume"), against the local Slack: it refuses an empty
store, then starts Slack and the schedule in one process, /healthz answers over real HTTP, the
HEALTHCHECK command passes, and a restart keeps everything."""

from __future__ import annotations

import json
import re
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from tests.conftest import NOW, ROOT
from tests.mock_slack import MockSlack, Process, SlackSender
from tests.ops.conftest import clean_env

SECRET = "container-signing-secret"
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
DRIFT = (ROOT / "docs" / "drift.md").read_text(encoding="utf-8")


def instructions(text: str) -> list[tuple[str, str]]:
    """The Dockerfile's instructions (continuation lines joined, comments dropped)."""
    out: list[tuple[str, str]] = []
    joined = re.sub(r"\\\n", " ", text)
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def one(kind: str) -> str:
    found = [rest for word, rest in instructions(DOCKERFILE) if word == kind]
    assert found, kind
    return found[-1]  # the last one counts, as in Docker


def exec_form(rest: str) -> list[str]:
    value = json.loads(rest)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), rest
    return value


def image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for word, rest in instructions(DOCKERFILE):
        if word == "ENV":
            for pair in shlex.split(rest):
                key, _, value = pair.partition("=")
                env[key] = value
    return env


def test_the_dockerfile_is_as_documented() -> None:
    kinds = [w for w, _ in instructions(DOCKERFILE)]
    assert kinds[0] == "FROM" and one("FROM").startswith("python:3.")
    user = one("USER")
    assert user.split(":")[0] not in ("root", "0", "")
    assert kinds.index("USER") > max(i for i, k in enumerate(kinds) if k == "RUN"), \
        "everything after the install runs as the unprivileged user"
    env = image_env()
    volume = exec_form(one("VOLUME"))
    assert volume == ["/data"] and env["STYRBOT_DB"] == "/data/styrbot.db"
    assert one("WORKDIR") == "/data"
    assert one("EXPOSE") == env["PORT"] == "3000"
    assert exec_form(one("ENTRYPOINT")) == ["styrbot"] and exec_form(one("CMD")) == ["start"]
    health = one("HEALTHCHECK")
    assert exec_form(health.split("CMD", 1)[1].strip()) == ["styrbot", "health"]
    for option in ("--interval=", "--timeout=", "--start-period=", "--retries="):
        assert option in health
    for doc in ("uid 10001", "`/data`", "`STYRBOT_DB=/data/styrbot.db`", "`styrbot health`",
                "entrypoint is `styrbot`, its command `start`"):
        assert doc in DRIFT, doc
    assert user.split(":")[0] == "10001"


def test_the_compose_file_runs_the_bot_with_its_schedule_on_a_named_volume() -> None:
    [(name, service)] = COMPOSE["services"].items()
    assert service["build"] == "." and service["command"] == ["start"]
    assert service["restart"] == "unless-stopped"
    assert service["environment"]["STYRBOT_DB"] == "/data/styrbot.db"
    [mount] = service["volumes"]
    volume, _, target = mount.partition(":")
    assert target == "/data" and volume in COMPOSE["volumes"], "a named, persistent volume"
    assert service["healthcheck"]["test"] == ["CMD", "styrbot", "health"]
    assert all(p.startswith("127.0.0.1:") for p in service["ports"]), "only the proxy reaches it"
    assert "STYRBOT_SCHEDULE" not in service["environment"], "the schedule runs beside the chat"
    assert f"docker compose run --rm {name} init" in DRIFT


def entrypoint(volume: Path, local_slack: MockSlack, **extra: str) -> tuple[list[str], dict[str, str]]:
    """The container's command and environment, outside a container: its ENTRYPOINT + CMD
    (the console script installed beside this interpreter, as pip installs it in the image),
    its ENV with the store in ``volume``, the Slack settings from .env, and a frozen clock
    (so the schedule's run does not depend on today's date)."""
    command = exec_form(one("ENTRYPOINT")) + exec_form(one("CMD"))
    command[0] = str(Path(sys.executable).with_name(command[0]))
    env = image_env()
    env["STYRBOT_DB"] = str(volume / Path(env["STYRBOT_DB"]).name)
    env.update(PORT="0", SLACK_BOT_TOKEN="xoxb-container", SLACK_SIGNING_SECRET=SECRET,
               SLACK_API_URL=local_slack.api_url, STYRBOT_ADMINS="UADMIN", STYRBOT_NOW=NOW,
               **extra)
    return command, clean_env(**env)


def styrbot(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).with_name("styrbot")), *args], env=env,
                          cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def get(url: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_the_entrypoint_as_the_container_runs_it(volume: Path, local_slack: MockSlack) -> None:
    command, env = entrypoint(volume, local_slack)
    db = env["STYRBOT_DB"]

    # real tokens and no store: it does not load the demo, it says what to do
    first = subprocess.run(command, env=env, cwd=volume, capture_output=True, text=True,
                           timeout=120, check=False)
    assert first.returncode == 1
    assert "är tom" in first.stderr and "styrbot import" in first.stderr
    assert "Traceback" not in first.stderr
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0

    # as drift.md says: init, import the plan, then start
    assert styrbot(["init"], env, volume).returncode == 0
    plan = [str(ROOT / "data" / "askersund" / f) for f in
            ("uppdragsplan-2026.yaml", "verksamhetsberattelse-2024.yaml")]
    imported = styrbot(["import", *plan], env, volume)
    assert imported.returncode == 0, imported.stderr

    for run in (1, 2):  # the second run is the restart: everything is still there
        bot = Process(command, env, volume, new_session=True)
        try:
            events = bot.serving_url()
            base = events.rsplit("/slack/events", 1)[0]
            bot.wait_for_line(r"the schedule runs beside the chat")
            status, health = _healthy(base + "/healthz", bot)
            assert status == 200 and health["ok"] is True, health
            assert health["checks"] == {"databas": "ok", "schema": "ok"}
            port = base.rsplit(":", 1)[1]
            check = styrbot(["health"], {**env, "PORT": port}, volume)  # the HEALTHCHECK
            assert check.returncode == 0, check.stdout + check.stderr
            assert "/healthz: 200" in check.stdout
            slack = SlackSender(events, SECRET, local_slack)
            if run == 1:
                payload = slack.dm("uppdatera 3.2: Markanvisning klar, pågår 70 %", user="UADMIN")
                assert slack.send(payload).status == 200
                dm = payload["event"]["channel"]
                local_slack.wait_for("chat.postMessage", where=lambda c, dm=dm: c.body.get("channel") == dm)
            else:
                ans = slack.dm("historik 3.2", user="UADMIN")
                assert slack.send(ans).status == 200
                dm = ans["event"]["channel"]
                [call] = local_slack.wait_for(
                    "chat.postMessage", where=lambda c, dm=dm: c.body.get("channel") == dm)
                assert "Markanvisning klar" in call.text()
            backup = volume / f"backup-{run}.db"
            assert styrbot(["backup", str(backup)], env, volume).returncode == 0  # online
            refused = styrbot(["restore", str(backup)], env, volume)  # over a running bot's store
            assert refused.returncode == 1 and "används av en Styrbot som kör" in refused.stderr
        finally:
            bot.proc.send_signal(signal.SIGTERM)  # what `docker stop` sends
            bot.proc.wait(30)
    store = sqlite3.connect(db)
    assert store.execute("SELECT COUNT(*) FROM updates WHERE text LIKE 'Markanvisning klar%'").fetchone()[0] == 1
    assert {r[0] for r in store.execute("SELECT name FROM ops_status")} >= {"schedule", "gallring"}


def _healthy(url: str, bot: Process) -> tuple[int, dict]:  # type: ignore[type-arg]
    """/healthz, once the schedule's first run has written its heartbeat."""
    deadline = time.monotonic() + 60
    while True:
        status, body = get(url)
        if status == 200 or time.monotonic() > deadline:
            return status, body
        time.sleep(0.2)
