"""CLI commands for Teams: `styrbot teams` (the server) and `styrbot teams-package OUT.zip`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bot.config import TEAMS_SETTINGS


def register_teams_commands(cli: click.Group, pass_env: Any) -> None:
    @cli.command(help="Microsoft Teams: gunicorn på $PORT, sökvägen /api/messages "
                      "(TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID).")
    @pass_env
    def teams(env: Any) -> None:
        from bot.cli.main import require_settings
        from bot.teams import server

        require_settings(env, "teams", "docs/teams-setup.md", *TEAMS_SETTINGS)
        try:
            server.serve(env.settings, env.clock)
        except server.StartError as exc:
            raise click.ClickException(str(exc)) from exc

    @cli.command("teams-package", help="Skriv Teams-appens paket (manifest.json och ikoner) "
                                       "för uppladdning i Teams (TEAMS_APP_ID).")
    @click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--name", default="Styrbot", show_default=True, help="Appens namn i Teams.")
    @click.option("--developer-url", required=True,
                  help="Kommunens webbplats (https://…): Teams visar den som utgivarens sida.")
    @pass_env
    def teams_package(env: Any, out: Path, name: str, developer_url: str) -> None:
        from bot.teams.package import PackageError, write_package

        if not env.settings.teams_app_id:
            raise click.ClickException("styrbot teams-package saknar TEAMS_APP_ID (botens "
                                       "app-id från Azure; se docs/teams-setup.md).")
        try:
            write_package(out, env.settings.teams_app_id, name=name,
                          developer_url=developer_url)
        except PackageError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Teams-paketet skrivet: {out}")
