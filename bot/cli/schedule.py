"""CLI commands for the schedule: `worker`, `digest CHANNEL`, `nudges`."""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Any

import click

GRACE_NOTE = ("Nothing goes out at night (20–07), on weekends or Swedish public holidays; "
              "a worker that was down catches up once, up to two working days late.")


def _schedule(env: Any, dry_run: bool, command: str) -> Any:
    from bot.domain.calendar import Calendar
    from bot.ops.platforms import PLATFORMS, platform_sender
    from bot.schedule.transport import DryRunTransport
    from bot.slack.blocks import document_messages

    s = env.settings
    if dry_run:
        sender: Any = DryRunTransport(click.echo, layout=document_messages)
    elif any(p.configured(s) for p in PLATFORMS):  # each recipient to its own platform
        sender = platform_sender(s, env.store(), env.clock)
    else:
        raise click.ClickException(
            f"styrbot {command} saknar inställningar: SLACK_BOT_TOKEN (eller "
            "TEAMS_APP_ID, TEAMS_APP_PASSWORD och TEAMS_TENANT_ID). Sätt dem i miljön "
            "eller i .env, eller kör med --dry-run för att se vad som skulle skickas.")
    try:
        cal = Calendar(s.tz)
    except Exception as exc:
        raise click.ClickException(f"Ogiltig tidszon STYRBOT_TZ={s.tz!r}: {exc}") from exc
    from bot.ops.schedule import build

    del cal  # checked above; build makes its own
    return build(s, env.store(), env.clock, sender)


def _summary(report: Any, dry_run: bool) -> str:
    if dry_run:
        return f"Torrkörning: {report.sent} meddelanden skulle ha skickats (inget sparades)."
    parts = []
    if report.sent:
        parts.append(f"skickade {report.sent} meddelanden")
    if report.found:
        parts.append(f"{report.found} som redan hade kommit fram bekräftades")
    if report.failed:
        parts.append(f"{report.failed} avvisades av Slack")
    if report.pending:
        parts.append(f"{report.pending} väntar på nästa körning")
    if not parts:
        return "Inget att skicka: allt som är aktuellt nu har redan skickats."
    text = ", ".join(parts)
    errors = "".join(f"\n  {e}" for e in report.errors)
    return text[0].upper() + text[1:] + "." + errors


def _finish(report: Any, dry_run: bool) -> None:
    """Say what was done; exit 1 when Slack refused a send or sends are left for later, so a
    cron job or a script notices (what is left goes out on the next run)."""
    click.echo(_summary(report, dry_run))
    if not dry_run and (report.failed or report.pending):
        left = []
        if report.failed:
            left.append(f"{report.failed} avvisade för gott")
        if report.pending:
            left.append(f"{report.pending} kvar till nästa körning")
        click.echo("Inte allt kom fram: " + ", ".join(left) + ".", err=True)
        sys.exit(1)


def register_schedule_commands(cli: click.Group, pass_env: Any) -> None:
    """Add the schedule's commands to the `styrbot` group."""

    @cli.command(help="Kör schemat: veckobrev och påminnelser i rätt lokal tid (STYRBOT_TZ). "
                      + GRACE_NOTE)
    @pass_env
    def worker(env: Any) -> None:
        from bot.ops import running
        from bot.ops.schedule import Upkeep

        sched = _schedule(env, False, "worker")
        try:
            running.hold(env.settings.db)
        except running.InUse as exc:
            raise click.ClickException(str(exc)) from exc
        upkeep = Upkeep.of(env.settings, sched.store)
        if env.clock.frozen is not None:
            now = env.clock.now()
            report = sched.run_due(now)
            upkeep(now, report)
            click.echo("Klockan är fryst (STYRBOT_NOW): en körning. " + _summary(report, False))
            return
        from bot.schedule.worker import run_worker

        click.echo(f"Schemat körs i {env.settings.tz}. Avbryt med Ctrl-C.")
        try:
            run_worker(sched, _sleep_until(env.clock), on_report=upkeep)
        except KeyboardInterrupt:
            click.echo("Schemat stoppat.")

    @cli.command(help="Skicka veckobrevet till en kanal (Slack-ID, t.ex. C0123) nu, oavsett tid.")
    @click.argument("channel")
    @click.option("--dry-run", is_flag=True, help="Skriv ut i stället för att skicka.")
    @pass_env
    def digest(env: Any, channel: str, dry_run: bool) -> None:
        channel = channel.lstrip("#")
        report = _schedule(env, dry_run, "digest").digest_now(channel)
        _finish(report, dry_run)

    @cli.command(help="Skicka påminnelserna som är aktuella i dag, nu, oavsett tid. "
                      "Det som redan skickats skickas inte igen.")
    @click.option("--dry-run", is_flag=True, help="Skriv ut i stället för att skicka.")
    @pass_env
    def nudges(env: Any, dry_run: bool) -> None:
        report = _schedule(env, dry_run, "nudges").nudges_now()
        _finish(report, dry_run)


def _sleep_until(clock: Any) -> Any:
    def sleep_until(when: dt.datetime) -> None:
        while True:
            utc = dt.UTC  # real seconds, also across a DST change
            left = (when.astimezone(utc) - clock.now().astimezone(utc)).total_seconds()
            if left <= 0:
                return
            time.sleep(min(left, 60.0))

    return sleep_until
