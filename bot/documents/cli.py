"""CLI commands for documents: `excel-template`, `export-excel` and `rapport`.
(`styrbot import` reads workbooks too: bot.core.importing.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click


def _xlsx(path: Path) -> None:
    if path.suffix.lower() != ".xlsx":
        raise click.ClickException(f"{path}: filen ska sluta på .xlsx")
    if not path.parent.exists():
        raise click.ClickException(f"Katalogen {path.parent} finns inte.")


def register_document_commands(cli: click.Group, pass_env: Any) -> None:
    @cli.command("excel-template", help="Skriv en tom arbetsbok (.xlsx) att fylla i: ett blad var för "
                 "planer, målområden, indikatorer, uppdrag, insatser, aktiviteter, budget och "
                 "mätvärden, med en ifylld exempelrad och en förklaring till varje kolumn.")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    def excel_template(file: Path) -> None:
        from bot.documents.excel_export import write_template

        _xlsx(file)
        write_template(file)
        click.echo(f"Mall skriven: {file}. Fyll i den och läs in med 'styrbot import {file}'.")

    @cli.command("export-excel", help="Skriv planerna i databasen med senaste värden och status "
                 "som en arbetsbok i samma form som mallen (kan läsas in igen).")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @pass_env
    def export_excel(env: Any, file: Path) -> None:
        from bot.documents.excel_export import export_workbook

        _xlsx(file)
        store = env.store()
        if store.is_empty():
            raise click.ClickException("Databasen har ingen plan att exportera.")
        counts = export_workbook(store, file, env.clock.now())
        click.echo(f"Exporterade till {file}: " + ", ".join(f"{n} {k}" for k, n in counts.items() if n))

    @cli.command("rapport", help="Skriv uppföljningen av årets plan som ett Word-dokument: per "
                 "målområde uppdrag, aktiviteter och indikatorer med diagram, budgetavvikelser "
                 "och källor.")
    @click.argument("year", type=int)
    @click.option("--period", "period_", default="helår", show_default=True,
                  help="T1, T2, delår eller helår: läget vid periodens slut.")
    @click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                  help="Filen att skriva (.docx).")
    @click.option("--namnd", default=None, help="Bara en nämnd (id eller förkortning, t.ex. KS).")
    @click.option("--diagram", "charts", default=None, type=click.IntRange(0),
                  help="Högst så många diagram (standard 60; röda och gula först).")
    @click.option("--alla-diagram", "all_charts", is_flag=True, help="Ett diagram för varje indikator.")
    @pass_env
    def rapport(env: Any, year: int, period_: str, out: Path, namnd: str | None,
                charts: int | None, all_charts: bool) -> None:
        from bot.documents.report import CHART_LIMIT, ReportError, write_report

        if out.suffix.lower() != ".docx":
            raise click.ClickException(f"{out}: filen ska sluta på .docx")
        if not out.parent.exists():
            raise click.ClickException(f"Katalogen {out.parent} finns inte.")
        limit = None if all_charts else (CHART_LIMIT if charts is None else charts)
        try:
            info = write_report(env.store(), year, period_, env.clock.now(), out, namnd=namnd,
                                chart_limit=limit)
        except ReportError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"{info.title}: {out} ({info.uppdrag} uppdrag, {info.aktiviteter} aktiviteter, "
                   f"{info.indikatorer} indikatorer, {info.charts} diagram, {info.deviations} avvikelser)")
