"""`styrbot kolada fetch [--year Y ...]` and `styrbot kolada import FILE|DIR`: thin wrappers
over bot.kolada.service."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import click


def register_kolada_commands(cli: click.Group, pass_env: Any) -> None:
    @cli.group(help="Officiell statistik från Kolada: hämta eller läs in värden (Källa: Kolada).")
    def kolada() -> None:
        pass

    @kolada.command(help="Hämta värdena för planens Kolada-kopplingar från KOLADA_API_URL: "
                         "kommunens värden som mätvärden och alla kommuners värden för de "
                         "strategiska målen (rangordning). Utan --year: de tio senaste åren.")
    @click.option("--year", "years", multiple=True, type=click.IntRange(1990, 2100),
                  help="Ett år att hämta; kan ges flera gånger.")
    @pass_env
    def fetch(env: Any, years: tuple[int, ...]) -> None:
        from bot.kolada import service
        from bot.kolada.client import KoladaClient, KoladaError

        store = env.store()
        clock = env.clock
        try:
            client = KoladaClient(env.settings.kolada_api_url,
                                  epoch=clock.epoch)
            summary = service.fetch(store, client, clock, list(years) or None)
        except KoladaError as exc:
            raise click.ClickException(f"{exc}\nInget har sparats.") from exc
        except sqlite3.Error as exc:
            raise click.ClickException(f"Kunde inte skriva databasen, inget har sparats: {exc}") from exc
        for line in summary.lines():
            click.echo(line)

    @kolada.command("import", help="Läs in värden från JSON-filer sparade från Kolada:s API "
                                   "(sidor, listor eller objekt), för datorer utan internet.")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
    @pass_env
    def import_(env: Any, paths: tuple[Path, ...]) -> None:
        from bot.kolada import service
        from bot.kolada.client import KoladaError

        try:
            summary = service.import_paths(env.store(), list(paths), env.clock)
        except KoladaError as exc:
            raise click.ClickException(str(exc)) from exc
        except sqlite3.Error as exc:
            raise click.ClickException(f"Kunde inte skriva databasen, inget har sparats: {exc}") from exc
        for line in summary.lines():
            click.echo(line)
