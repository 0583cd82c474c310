"""What every listener shares: the core, de-duplication of retries, and the ways to reply."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot.blocks import Message, messages
from bot.clock import Clock
from bot.core import Bot, Reply
from store.events import first_delivery

log = logging.getLogger("styrbot.slack")

APOLOGY = ("Förlåt, något gick fel när jag skulle svara. Felet är loggat; "
           "försök igen om en stund.")


class ReplyFailed(Exception):
    """Slack did not accept a reply sent to a response_url."""


@dataclass
class Deps:
    """The shared core and clock, and the retry policy for response_url replies."""

    bot: Bot
    clock: Clock
    retries: list[RetryHandler] = field(default_factory=list)

    def first_delivery(self, body: dict[str, Any]) -> bool:
        """False for a retried delivery of an event already handled (same event_id)."""
        event_id = body.get("event_id")
        if not event_id:
            return True
        new = first_delivery(self.bot.store, str(event_id), self.clock.now())
        if not new:
            log.info("ignoring retried delivery of %s", event_id)
        return new

    def answer(self, text: str, user: str | None, event_id: str | None = None,
               channel: str | None = None) -> Reply:
        """The core's reply in Slack mrkdwn; writes carry the event_id (idempotent), and
        ``channel`` is where the message came from (for subscriptions)."""
        return self.bot.handle(text, user=user, mode="slack", event_id=event_id, channel=channel)


ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def inbound(text: str, bot_user_id: str | None = None) -> str:
    """A message's text as the user typed it: our own mention removed, entities decoded.

    >>> inbound("<@U0BOT> status 3.2 &amp; mer", "U0BOT")
    'status 3.2 & mer'
    """
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    for entity, char in ENTITIES:
        text = text.replace(entity, char)
    return text.strip()


def post(client: WebClient, channel: str, reply: Reply | list[Message],
         thread_ts: str | None = None) -> None:
    """Post a reply in ``channel`` (in a thread when ``thread_ts``), one call per message."""
    for m in messages(reply) if isinstance(reply, Reply) else reply:
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=m["text"],
                                blocks=m["blocks"], unfurl_links=False, unfurl_media=False)


def respond(deps: Deps, url: str, reply: Reply | list[Message], ephemeral: bool) -> None:
    """Reply through a response_url (slash commands, buttons): visible or ephemeral."""
    hook = WebhookClient(url, timeout=10, retry_handlers=deps.retries)
    for m in messages(reply) if isinstance(reply, Reply) else reply:
        resp = hook.send(text=m["text"], blocks=m["blocks"], replace_original=False,
                         response_type="ephemeral" if ephemeral else "in_channel")
        if resp.status_code != 200:
            raise ReplyFailed(f"response_url answered {resp.status_code}: {resp.body[:200]}")
