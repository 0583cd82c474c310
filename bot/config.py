"""Settings: one list of (name, default, help), read from the environment and a .env file.

A test checks that each setting is documented in the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

SETTINGS: list[tuple[str, str | None, str]] = [
    ("SLACK_BOT_TOKEN", None, "Slack bot token (xoxb-…); without it the terminal chat starts"),
    ("SLACK_SIGNING_SECRET", None, "Slack signing secret, for `serve` (HTTP)"),
    ("SLACK_APP_TOKEN", None, "Slack app-level token (xapp-…), for `socket` (Socket Mode)"),
    ("SLACK_API_URL", "https://slack.com/api/", "Slack Web API base URL (a local stand-in in tests)"),
    ("PORT", "3000", "HTTP port for `serve`"),
    ("STYRBOT_DB", "./styrbot.db", "path of the SQLite store"),
    ("STYRBOT_TZ", "Europe/Stockholm", "the municipality's time zone"),
    ("STYRBOT_NOW", None, "ISO 8601 time that freezes the clock (demos and tests)"),
    ("STYRBOT_ADMINS", "", "comma-separated Slack user IDs of admins"),
    ("STYRBOT_LEADERS", "", "comma-separated Slack user or channel IDs of leadership"),
    ("STYRBOT_LOG", "WARNING", "log level: DEBUG, INFO, WARNING or ERROR"),
]


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

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, dotenv: bool = True) -> Settings:
        if env is None:
            if dotenv and Path(".env").exists():
                load_dotenv(".env", override=False)
            env = dict(os.environ)
        get = {name: (env.get(name) or default) for name, default, _ in SETTINGS}
        try:
            port = int(get["PORT"] or "3000")
        except ValueError:
            raise SystemExit(f"PORT ska vara ett tal, inte {get['PORT']!r}") from None
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
        )

    def missing(self, *names: str) -> list[str]:
        values = {
            "SLACK_BOT_TOKEN": self.slack_bot_token,
            "SLACK_SIGNING_SECRET": self.slack_signing_secret,
            "SLACK_APP_TOKEN": self.slack_app_token,
        }
        return [n for n in names if not values.get(n)]
