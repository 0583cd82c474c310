"""Teams round trip: a signed activity "status uppdrag 3.2" → its reply at a local connector.

Measures the real `styrbot teams` (gunicorn, one aiohttp worker) against a bare echo bot on
the same SDK (the Agents SDK's CloudAdapter, the same token check and connector client)
behind the same server (`bot.teams.server.TeamsServer`), in one run on one machine, requests
interleaved so both see the same conditions. Then 20 people at once. Writes the table into
bench/README.md under "Teams round trip".

    .venv/bin/python bench/teams_roundtrip.py [--n 500] [--no-write]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench.common import RoundTrips, compared, load, machine, round_trip_main, served
from tests.teams.conftest import post
from tests.teams.stand_in import ANNA, StandIn, activity

NOW = "2026-11-23T09:00"
QUESTION = "status uppdrag 3.2"
WRITE = "uppdatera 1.1: Dialog med föreningarna pågår"  # before each question of the fresh phase
EXPECT = "3.2"
USERS = 20
BURSTS = 3
TARGET = 1.3
BLOCK = 100
PATH = "/api/messages"


# --- the bare echo bot (run in its own process with --bare) -----------------------------------


def run_bare(port: int) -> None:
    """An echo bot on the same SDK, token check and connector, behind the same server."""
    from aiohttp import web
    from microsoft_agents.activity import Activity
    from microsoft_agents.hosting.aiohttp import CloudAdapter
    from microsoft_agents.hosting.core import TurnContext
    from microsoft_agents.hosting.core.authorization import ClaimsIdentity

    from bot.config import Settings
    from bot.teams.auth import AuthError, TokenValidator
    from bot.teams.connector import ClientCredentials, TrustedClientFactory
    from bot.teams.server import TeamsServer
    from store.db import Store

    settings = Settings.from_env()

    def factory() -> web.Application:
        assert settings.teams_app_id and settings.teams_app_password
        provider = ClientCredentials(settings.teams_token_endpoint, settings.teams_app_id,
                                     settings.teams_app_password, settings.teams_tenant_id)
        clients = TrustedClientFactory(Store(settings.db, create=False), provider)
        adapter = CloudAdapter(channel_service_client_factory=clients)
        validator = TokenValidator(settings.teams_openid_url, settings.teams_app_id)

        async def echo(context: TurnContext) -> None:
            if context.activity.type == "message":
                await context.send_activity(Activity(type="message",
                                                     text=context.activity.text or ""))

        async def messages(request: web.Request) -> web.Response:
            try:
                verified = validator.verify(request.headers.get("Authorization"))
                body = await request.json()
                url = verified.check_activity(body)
            except AuthError:
                return web.json_response({"error": "Unauthorized"}, status=401)
            clients.trust(url)
            await adapter.process_activity(ClaimsIdentity(verified.claims, "Bearer"),
                                           Activity.model_validate(body), echo)
            return web.Response(status=200)

        app = web.Application()
        app.router.add_post("/api/messages", messages)
        return app

    TeamsServer(port, factory).run()


# --- measuring -------------------------------------------------------------------------------


def round_trip(ms: StandIn, url: str, token: str, expect: str,
               text: str = QUESTION) -> float | None:
    """Seconds from POSTing the activity to its reply arriving at the connector; None if lost."""
    conv = f"a:bench-{uuid.uuid4().hex[:12]}"
    act = activity(text, user=ANNA, conversation=conv, service_url=ms.service_url)
    start = time.monotonic()
    if post(url, act, token).status != 200:
        return None
    sent = ms.wait_for(conv, 30)
    if sent is None or expect not in sent.text:
        return None
    return sent.at - start


def measure(n: int) -> dict[str, object]:
    ms = StandIn().start()
    work = Path(tempfile.mkdtemp(prefix="styrbot-teams-bench-"))
    loads = [load()]
    try:
        from bot.clock import Clock
        from bot.core.importing import import_demo
        from store.db import Store

        store = Store(work / "styrbot.db")
        import_demo(store, Clock.fixed(NOW))
        store.close()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("SLACK_", "STYRBOT_", "TEAMS_")) and k != "PORT"}
        env.update(ms.env(str(work / "styrbot.db")), STYRBOT_NOW=NOW, PORT="0",
                   STYRBOT_SCHEDULE="off", STYRBOT_ADMINS=ANNA, PYTHONPATH=str(ROOT))
        script = Path(sys.executable).with_name("styrbot")
        cmd = [str(script)] if script.exists() else [sys.executable, "-c",
                                                     "from bot.cli import main; main()"]
        styrbot, styrbot_url = served("styrbot teams", [*cmd, "teams"], env, work, PATH)
        bare, bare_url = served("bare echo", [sys.executable, __file__, "--bare", "0"], env,
                                work, PATH)
        token = ms.token()
        try:
            trips = compared(lambda url, text, shows: round_trip(ms, url, token, shows, text),
                             styrbot_url, bare_url, question=QUESTION, expect=EXPECT,
                             write=WRITE, written="sparad", n=n, block=BLOCK, users=USERS,
                             bursts=BURSTS, after=ms.reset)
        finally:
            styrbot.stop()
            bare.stop()
    finally:
        ms.stop()
        shutil.rmtree(work, ignore_errors=True)
    loads.append(load())
    return {"trips": trips, "loads": loads}


LABELS = {"styrbot": "Styrbot (`styrbot teams`)", "bare": "bare echo bot, same SDK"}


def table(result: dict[str, object]) -> str:
    trips = cast(RoundTrips, result["trips"])
    loads = cast(list[str], result["loads"])
    lines = [
        (f"Round trip from a signed activity \"{QUESTION}\" (HTTP POST to /api/messages, with a "
         "Bot Framework JWT) to its reply arriving at the local connector stand-in. Styrbot "
         "(`styrbot teams`: token check, the durable inbox, the core, the uppdrag card) against "
         "a bare echo bot on the same Agents SDK with the same token check and connector client, "
         "both behind the same server (`bot.teams.server.TeamsServer`: gunicorn, one aiohttp "
         f"worker), in one run, requests interleaved, {trips.n} each after 20 warm-up "
         "requests."),
        "",
        *trips.app_table(LABELS),
        "",
        trips.ratio_line("bare echo", TARGET, BLOCK),
        "",
        trips.fresh_line({"styrbot": "Styrbot", "bare": "bare echo"}, TARGET),
        "",
        ("On the measured path Styrbot does, beyond the bare bot: a look in the inbox (is it "
         "a redelivery?), the core's answer and the uppdrag card (kept until chat writes, a "
         "plan is imported or the day changes: bot/core/memo.py; the repeated question is "
         "answered from it on the event loop, `Bot.kept`: no parse, no hop to a thread and "
         "back, which cost 0.1 ms each way; the one after a write is parsed and answered in "
         "a thread, SQLite), and a larger reply (the card) to the connector. A question's inbox "
         "entry is written done, in one transaction (synchronous=FULL), after the reply has "
         "arrived, with the conversation's reference and subject, before the 200; a write's "
         "entry before its write (docs/drift.md). The token check is the same code in both "
         "apps: a token that passed is remembered (bot/teams/auth.py), which makes both "
         "faster by the same amount."),
        "",
        f"{USERS} people at once (one activity each, sent at the same moment), {BURSTS} bursts:",
        "",
        *trips.burst_table({"styrbot": "Styrbot", "bare": "bare echo"}, USERS, BURSTS),
        "",
        (f"{machine()} Machine load before and after the run: {loads[0]}; {loads[-1]}. "
         "Rerun: `.venv/bin/python bench/teams_roundtrip.py`."),
    ]
    return "\n".join(lines)


def main() -> None:
    def bare(port: str) -> None:
        os.environ["PORT"] = port
        run_bare(int(port))

    round_trip_main(__doc__, "Teams round trip", 500, ["PORT"], bare, measure, table)


if __name__ == "__main__":
    main()
