"""Settings: one list of (name, default, help), read from the environment and a .env file.

A test checks that each setting is documented in the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

TEAMS_OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
ENTRA_TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"

SETTINGS: list[tuple[str, str | None, str]] = [
    ("SLACK_BOT_TOKEN", None, "Slack bot token (xoxb-…); without it the terminal chat starts"),
    ("SLACK_SIGNING_SECRET", None, "Slack signing secret, for `serve` (HTTP)"),
    ("SLACK_APP_TOKEN", None, "Slack app-level token (xapp-…), for `socket` (Socket Mode)"),
    ("SLACK_API_URL", "https://slack.com/api/", "Slack Web API base URL (a local stand-in in tests)"),
    ("PORT", "3000", "HTTP port for `serve`"),
    ("STYRBOT_DB", "./styrbot.db", "path of the SQLite store"),
    ("STYRBOT_TZ", "Europe/Stockholm", "the municipality's time zone"),
    ("STYRBOT_NOW", None, "ISO 8601 time that freezes the clock (demos and tests)"),
    ("STYRBOT_ADMINS", "", "comma-separated user IDs of admins (Slack U…, Teams: the Entra object id)"),
    ("STYRBOT_LEADERS", "", "comma-separated user or channel IDs of leadership (Slack, or Teams object ids)"),
    ("STYRBOT_LOG", "WARNING", "log level: DEBUG, INFO, WARNING or ERROR (message text only at DEBUG)"),
    ("STYRBOT_LOG_FORMAT", "text", "log lines as `text` or `json` (one JSON object a line)"),
    ("STYRBOT_SCHEDULE", "on", ("`on`: `serve`, `socket` and `start` run the schedule (digests, "
     "nudges) in the same process; `off`: the schedule runs apart, in `styrbot worker`")),
    ("STYRBOT_HEALTH_MAX_AGE", "15", ("minutes since the schedule's last run after which "
     "`/healthz` and `styrbot health` report the bot unhealthy")),
    ("STYRBOT_KEEP_OUTBOX_DAYS", "90", ("days the outbox keeps its copies of sent digests and "
     "DMs before they are pruned (at least 70)")),
    ("STYRBOT_KEEP_EVENTS_DAYS", "2", ("days at most that the IDs of handled Slack events are "
     "kept (at least 1)")),
    ("KOLADA_API_URL", "https://api.kolada.se/v3/",
     "Kolada's open API (v3), for `styrbot kolada fetch` (a local stand-in in tests)"),
    ("TEAMS_APP_ID", None, ("Microsoft Teams: the Azure Bot's app (client) id; with it `./start` starts "
     "Teams (see docs/teams-setup.md)")),
    ("TEAMS_APP_PASSWORD", None, "Microsoft Teams: the app registration's client secret"),
    ("TEAMS_TENANT_ID", None, "Microsoft Teams: the tenant (directory) id of the single-tenant bot"),
    ("TEAMS_OPENID_URL", TEAMS_OPENID_URL, ("Microsoft Teams: OpenID metadata whose `jwks_uri` holds "
     "the keys that sign incoming activities")),
    ("TEAMS_TOKEN_URL", None, ("Microsoft Teams: where the bot gets its own token for what it sends; "
     "default the tenant's Entra token endpoint "
     "(`https://login.microsoftonline.com/{TEAMS_TENANT_ID}/oauth2/v2.0/token`)")),
]

TEAMS_SETTINGS = ("TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "TEAMS_TENANT_ID")


def _int(get: dict[str, str | None], name: str) -> int:
    try:
        return int((get[name] or "").strip())
    except ValueError:
        raise SystemExit(f"{name} ska vara ett heltal, inte {get[name]!r}") from None


def _split(v: str | None) -> list[str]:
    return [x.strip() for x in (v or "").split(",") if x.strip()]


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    port: int = 3000
    db: str = "./styrbot.db"
    tz: str = "Europe/Stockholm"
    now: str | None = None
    admins: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    log: str = "WARNING"
    log_format: str = "text"
    schedule: bool = True
    health_max_age: int = 15
    keep_outbox_days: int = 90
    keep_events_days: int = 2
    kolada_api_url: str = "https://api.kolada.se/v3/"
    teams_app_id: str | None = None
    teams_app_password: str | None = None
    teams_tenant_id: str | None = None
    teams_openid_url: str = TEAMS_OPENID_URL
    teams_token_url: str | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, dotenv: bool = True) -> Settings:
        if env is None:
            if dotenv and Path(".env").exists():
                from dotenv import load_dotenv  # only when there is a .env to read

                load_dotenv(".env", override=False)
            env = dict(os.environ)
        get = {name: (env.get(name) or default) for name, default, _ in SETTINGS}
        port = _int(get, "PORT")
        schedule = (get["STYRBOT_SCHEDULE"] or "on").strip().lower()
        if schedule not in ("on", "off"):
            raise SystemExit(f"STYRBOT_SCHEDULE ska vara on eller off, inte {schedule!r}")
        return cls(
            slack_bot_token=get["SLACK_BOT_TOKEN"],
            slack_signing_secret=get["SLACK_SIGNING_SECRET"],
            slack_app_token=get["SLACK_APP_TOKEN"],
            slack_api_url=get["SLACK_API_URL"] or "https://slack.com/api/",
            port=port,
            db=get["STYRBOT_DB"] or "./styrbot.db",
            tz=get["STYRBOT_TZ"] or "Europe/Stockholm",
            now=get["STYRBOT_NOW"],
            admins=_split(get["STYRBOT_ADMINS"]),
            leaders=_split(get["STYRBOT_LEADERS"]),
            log=get["STYRBOT_LOG"] or "WARNING",
            log_format=get["STYRBOT_LOG_FORMAT"] or "text",
            schedule=schedule == "on",
            health_max_age=_int(get, "STYRBOT_HEALTH_MAX_AGE"),
            keep_outbox_days=_int(get, "STYRBOT_KEEP_OUTBOX_DAYS"),
            keep_events_days=_int(get, "STYRBOT_KEEP_EVENTS_DAYS"),
            kolada_api_url=get["KOLADA_API_URL"] or "https://api.kolada.se/v3/",
            teams_app_id=get["TEAMS_APP_ID"],
            teams_app_password=get["TEAMS_APP_PASSWORD"],
            teams_tenant_id=get["TEAMS_TENANT_ID"],
            teams_openid_url=get["TEAMS_OPENID_URL"] or TEAMS_OPENID_URL,
            teams_token_url=get["TEAMS_TOKEN_URL"],
        )

    @property
    def teams(self) -> bool:
        """Whether the Teams settings are there (app id, password and tenant)."""
        return not self.missing(*TEAMS_SETTINGS)

    @property
    def teams_token_endpoint(self) -> str:
        """TEAMS_TOKEN_URL, else the tenant's Entra token endpoint."""
        return self.teams_token_url or ENTRA_TOKEN_URL.format(tenant=self.teams_tenant_id or "")

    def missing(self, *names: str) -> list[str]:
        values = {
            "SLACK_BOT_TOKEN": self.slack_bot_token,
            "SLACK_SIGNING_SECRET": self.slack_signing_secret,
            "SLACK_APP_TOKEN": self.slack_app_token,
            "TEAMS_APP_ID": self.teams_app_id,
            "TEAMS_APP_PASSWORD": self.teams_app_password,
            "TEAMS_TENANT_ID": self.teams_tenant_id,
        }
        return [n for n in names if not values.get(n)]
