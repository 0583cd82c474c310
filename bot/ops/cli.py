"""CLI commands for running it for real: `restore`, `gallra`, `anonymisera`, `health`.

Thin: the work is in `bot.ops`; these turn its errors into Swedish messages and exit codes.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import click

DEMO_TITLE = "Demovärden (påhittade) för indikatorerna"


def has_demo(store: Any) -> bool:
    """Whether the bundled demo (its invented values and Slack IDs) is in ``store``."""
    from store import queries as q

    return any(d["title"] == DEMO_TITLE for d in q.documents(store))


def slack_mode(settings: Any) -> str | None:
    """What `styrbot start` runs with these settings: "socket", "serve", or None (the chat)."""
    if settings.slack_bot_token and settings.slack_app_token:
        return "socket"
    if settings.slack_bot_token:
        return "serve"
    return None


def register_ops_commands(cli: click.Group, pass_env: Any) -> None:
    """Add the operations commands to the `styrbot` group."""

    @cli.command(help="Återställ databasen från en säkerhetskopia (styrbot backup). Kopian "
                      "kontrolleras först (hel, en Styrbot-databas, inte nyare än koden); vägrar "
                      "medan en Styrbot kör mot databasen. Den gamla databasen sparas bredvid.")
    @click.argument("file", type=click.Path(dir_okay=False))
    @pass_env
    def restore(env: Any, file: str) -> None:
        from bot.ops.backup import RestoreError, restore
        from bot.ops.running import InUse

        try:
            done = restore(file, env.settings.db, env.clock.now())
        except (RestoreError, InUse) as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Återställde {done.db} från {file}.")
        if done.kept:
            click.echo(f"Databasen som ersattes finns kvar som {done.kept}.")

    @cli.command(help="Gallra nu: utkorgens kopior av skickade meddelanden äldre än "
                      "STYRBOT_KEEP_OUTBOX_DAYS och hanterade händelser äldre än "
                      "STYRBOT_KEEP_EVENTS_DAYS. Uppdateringar och mätvärden sparas. "
                      "Schemat gör detta en gång om dagen.")
    @click.option("--dry-run", is_flag=True, help="Räkna bara, ta inte bort något.")
    @pass_env
    def gallra(env: Any, dry_run: bool) -> None:
        from bot.ops import retention

        s = env.settings
        try:
            pruned = retention.gallra(env.store(), env.clock.now(), outbox_days=s.keep_outbox_days,
                                      events_days=s.keep_events_days, dry_run=dry_run)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
        text = retention.summary(pruned)
        click.echo(("Torrkörning, skulle ha: " if dry_run else "Gallrat: ") + text + ".")

    @cli.command(help="Ersätt en persons användar-ID (t.ex. U0123ABCD) med en pseudonym "
                      "överallt i databasen; personens roller avslutas och ändringen loggas. "
                      "Historiken ändras i övrigt inte.")
    @click.argument("user")
    @click.option("--yes", is_flag=True, help="Fråga inte först.")
    @pass_env
    def anonymisera(env: Any, user: str, yes: bool) -> None:
        from bot.ops.anonymise import AnonymiseError, anonymise
        from store.anonymise import occurrences

        store = env.store()
        user = user.strip().lstrip("@")
        found = occurrences(store, user)
        if found and not yes:
            click.echo(f"{user} finns i {sum(found.values())} rader: "
                       + ", ".join(f"{k} {n}" for k, n in found.items()) + ".")
            click.confirm("Ersätta med en pseudonym? Det går inte att ångra", abort=True)
        try:
            done = anonymise(store, user, env.clock.now(), admins=tuple(env.settings.admins),
                             leaders=tuple(env.settings.leaders))
        except AnonymiseError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"{done.user} är ersatt med {done.pseudonym} i {done.rows} rader"
                   + (f"; {len(done.ended)} roller avslutade" if done.ended else "") + ".")
        for w in done.warnings:
            click.echo(f"Obs: {w}")
        click.echo("Inte ändrat: namn i fritext, planfilerna (ta bort ID:t där, annars ger en ny "
                   "import rollerna tillbaka), säkerhetskopior, loggar och Slack självt "
                   "(se docs/dataskydd.md).")

    @cli.command(help="Mår boten bra? Databasen öppnas och schemats senaste körning är färsk "
                      "(STYRBOT_HEALTH_MAX_AGE); med Slack över HTTP frågas även /healthz. "
                      "Slutstatus 0 om frisk, annars 1 (för HEALTHCHECK).")
    @click.option("--url", default=None, help="Fråga denna /healthz i stället "
                                             "(standard: http://127.0.0.1:$PORT/healthz vid serve).")
    @pass_env
    def health(env: Any, url: str | None) -> None:
        from bot.ops.health import PATH, check

        s = env.settings
        if url is None and slack_mode(s) == "serve":
            url = f"http://127.0.0.1:{s.port}{PATH}"
        result = check(s.db, env.clock, dt.timedelta(minutes=s.health_max_age))
        click.echo(result.text())
        ok = result.ok
        if url:
            ok = _http_ok(url) and ok
        sys.exit(0 if ok else 1)


def _http_ok(url: str) -> bool:
    import urllib.error  # here, not at the top: only `styrbot health URL` needs it (cold start)
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            click.echo(f"  {url}: {resp.status}")
            return bool(resp.status == 200)
    except urllib.error.HTTPError as exc:
        click.echo(f"  {url}: {exc.code}")
    except OSError as exc:
        click.echo(f"  {url}: svarar inte ({exc})")
    return False
