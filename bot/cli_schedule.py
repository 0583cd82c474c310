"""CLI commands for the schedule: `worker`, `digest CHANNEL`, `nudges`."""

from __future__ import annotations

from typing import Any

import click


def register_schedule_commands(cli: click.Group, pass_env: Any) -> None:
    """Add the schedule's commands to the `styrbot` group."""
