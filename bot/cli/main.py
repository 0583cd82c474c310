"""The `styrbot` console script: thin wrappers over the library API."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from bot.clock import Clock
from bot.config import Settings
from store.db import Store, StoreError


class Env:
    def __init__(self) -> None:
        self.settings = Settings.from_env()
        self._clock: Clock | None = None

    @property
    def clock(self) -> Clock:
        if self._clock is None:
            try:
                self._clock = Clock.from_settings(self.settings.tz, self.settings.now)
            except Exception as exc:  # bad STYRBOT_TZ / STYRBOT_NOW
                raise click.ClickException(
                    f"Ogiltig tid: STYRBOT_TZ={self.settings.tz!r} STYRBOT_NOW={self.settings.now!r} ({exc})"
                ) from exc
        return self._clock

    def store(self, create: bool = False) -> Store:
        try:
            return Store(self.settings.db, create=create)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc

    def bot(self, local_user: str | None = None):  # type: ignore[no-untyped-def]
        """The bot; ``local_user`` (the terminal's user, who holds the store file) is an admin."""
        from bot.core.bot import Bot

        admins = tuple(self.settings.admins) + ((local_user,) if local_user else ())
        return Bot(self.store(), self.clock, admins=admins, leaders=tuple(self.settings.leaders))


pass_env = click.make_pass_decorator(Env, ensure=True)


def local_user() -> str:
    """Who sits at the terminal: $USER, else "terminal"."""
    return os.environ.get("USER") or "terminal"


@click.group(help="Styrbot: chattassistent för uppföljning av kommunens planer.")
@click.version_option(package_name="styrbot")
@click.option("--db", envvar="STYRBOT_DB", help="Databasfil (STYRBOT_DB).", default=None)
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    from bot.ops import logs

    env = ctx.ensure_object(Env)
    try:
        logs.setup(env.settings.log, env.settings.log_format)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if db:
        from dataclasses import replace

        env.settings = replace(env.settings, db=db)


@cli.command(help="Skapa databasen; med --demo läses Askersunds plan in.")
@click.option("--demo", is_flag=True, help="Läs in den medföljande demoplanen (Askersund 2026).")
@pass_env
def init(env: Env, demo: bool) -> None:
    from bot.core.importing import import_demo
    from bot.domain.planfile import PlanFileError

    store = env.store(create=True)
    if demo:
        try:
            summaries = import_demo(store, env.clock)
        except PlanFileError as exc:
            raise click.ClickException(f"Demoplanen kunde inte läsas:\n{exc}") from exc
        for s in summaries:
            click.echo(f"Läste in {s.document}: " + ", ".join(f"{v} {k}" for k, v in s.counts.items() if v))
    elif store.is_empty():
        click.echo("Databasen är tom. Läs in er plan med 'styrbot import FIL' (se docs/plan-format.md).")
    click.echo(f"Databasen är klar: {env.settings.db}")


@cli.command("import", help="Läs in planfiler (YAML) eller arbetsböcker (.xlsx). Alla fel i alla "
                          "filer visas; inget skrivs om något är fel, och flera filer läses in "
                          "tillsammans.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_env
def import_cmd(env: Env, files: tuple[Path, ...]) -> None:
    import sqlite3

    from bot.core.importing import import_files
    from bot.domain.planfile import PlanFileError

    store = env.store(create=True)
    try:
        summaries = import_files(store, list(files), env.clock)
    except PlanFileError as exc:
        click.echo(f"{len(exc.problems)} fel i planfilen, inget har lästs in:", err=True)
        for p in exc.problems:
            click.echo(f"  {p}", err=True)
        sys.exit(1)
    except (OSError, sqlite3.Error) as exc:
        raise click.ClickException(f"Kunde inte skriva databasen, inget har lästs in: {exc}") from exc
    for summary in summaries:
        click.echo(f"Läste in {summary.document}: " + ", ".join(
            f"{v} {k}" for k, v in summary.counts.items() if v))


@cli.command(help="Ställ en fråga och skriv ut svaret.")
@click.argument("text", nargs=-1, required=True)
@click.option("--user", default=None, help="Vem som frågar (Slack-ID).")
@pass_env
def ask(env: Env, text: tuple[str, ...], user: str | None) -> None:
    from bot.terminal.inbound import neutral

    who = user or local_user()
    bot = env.bot(local_user=None if user else who)
    click.echo(bot.handle(neutral(" ".join(text)), user=who).text)


@cli.command(help="Interaktiv chatt i terminalen.")
@pass_env
def chat(env: Env) -> None:
    from bot.terminal.chat import run_chat

    run_chat(env.bot(local_user=local_user()), user=local_user())


@cli.command(help="Skriv hela historiken (uppdateringar, mätvärden, ansvariga) som CSV och JSON.")
@click.argument("directory", type=click.Path(file_okay=False))
@pass_env
def export(env: Env, directory: str) -> None:
    from bot.cli.export import export_history

    counts = export_history(env.store(), directory)
    click.echo(f"Exporterade till {directory}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


@cli.command(help="Säkerhetskopiera databasen medan den används (SQLites online-backup).")
@click.argument("file", type=click.Path())
@pass_env
def backup(env: Env, file: str) -> None:
    store = env.store()
    store.backup(file)
    click.echo(f"Säkerhetskopia skriven: {file}")


@cli.command(help="Sätt upp allt och starta: terminalchatt utan Slack-tokens (demoplanen om databasen saknas), annars Slack med schemat i samma process; Teams när Teams-inställningarna finns.")
@pass_env
def start(env: Env, ) -> None:
    from bot.core.importing import import_demo
    from bot.ops.cli import has_demo, slack_mode

    store = env.store(create=True)
    mode = slack_mode(env.settings)
    if env.settings.teams:
        if mode:
            raise click.ClickException(
                "Både Teams- och Slack-inställningar är satta: kör 'styrbot teams' och "
                "'styrbot serve' (eller socket) som två processer mot samma databas.")
        mode = "teams"
    if mode and store.is_empty():
        raise click.ClickException(
            f"Databasen {env.settings.db} är tom, och med Slack-tokens läses demoplanen inte in "
            "(dess påhittade personer skulle få påminnelser). Läs in er plan med 'styrbot import "
            "FIL', eller demoplanen med 'styrbot init --demo' för att prova, och starta igen.")
    if mode and has_demo(store):
        click.echo("Obs: databasen innehåller demoplanen med påhittade Slack-ID:n och mätvärden. "
                   "Så tar du bort den: docs/drift.md, \"Från demo till egen plan\".", err=True)
    if store.is_empty():
        click.echo("Ingen plan inläst: läser in demoplanen (Askersund, Uppdragsplan 2026) …")
        import_demo(store, env.clock)
    if mode:
        ctx = click.get_current_context()
        ctx.invoke(cli.commands[mode])  # type: ignore[arg-type]
    else:
        from bot.terminal.chat import run_chat

        run_chat(env.bot(local_user=local_user()), user=local_user())


from bot.cli.schedule import register_schedule_commands
from bot.documents.cli import register_document_commands
from bot.teams.cli import register_teams_commands

register_schedule_commands(cli, pass_env)
register_document_commands(cli, pass_env)
register_teams_commands(cli, pass_env)

from bot.ops.cli import register_ops_commands

register_ops_commands(cli, pass_env)

from bot.kolada.cli import register_kolada_commands

register_kolada_commands(cli, pass_env)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except StoreError as exc:
        click.echo(f"Fel: {exc}", err=True)
        sys.exit(1)


# --- Slack ------------------------------------------------------------------------------


def require_settings(env: Env, command: str, doc: str, *names: str) -> None:
    """One message naming every missing setting of ``names`` (and where they are explained)."""
    missing = env.settings.missing(*names)
    if missing:
        raise click.ClickException(
            f"styrbot {command} saknar inställningar: {', '.join(missing)}. Sätt dem i miljön "
            f"eller i .env (se {doc}).")


def _start_slack(env: Env, command: str, *names: str) -> None:
    """Run `bot.server.<command>`: first one message naming every missing setting, and a
    start-up failure (a token Slack refuses) as a message rather than a traceback."""
    from bot.slack import server

    require_settings(env, command, "docs/slack-setup.md", *names)
    try:
        getattr(server, command)(env.settings, env.clock)
    except server.StartError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command(help="Slack över HTTP: gunicorn på $PORT, sökvägen /slack/events "
                  "(SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET).")
@pass_env
def serve(env: Env) -> None:
    _start_slack(env, "serve", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")


@cli.command(help="Slack över Socket Mode, utan publik adress (SLACK_BOT_TOKEN, SLACK_APP_TOKEN).")
@pass_env
def socket(env: Env) -> None:
    _start_slack(env, "socket", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")


if __name__ == "__main__":
    main()
