"""The App Home tab, published whenever a person opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.home import home_for
from bot.slack.blocks import home_view
from bot.slack.listeners.common import Deps


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def publish_home(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user = event["user"]
        client.views_publish(user_id=user, view=home_view(home_for(deps.bot, user)))
