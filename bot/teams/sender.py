"""The schedule's transport to Teams: digests and nudges as proactive messages.

`TeamsSender` is a transport (bot.schedule.transport: layout, conversation, post, find), so
the same outbox claims, confirms and recovers Teams sends as it does Slack's:

- `layout`: a neutral document as Teams messages: its title bold, its sections in Teams' xml
  (bot/teams/markup.py; people by their names, typing hints kept: a text has no buttons),
  split where a message would grow past `TEXT_LIMIT`; each file (the chart) a message of
  its own.

- `conversation(recipient)`: a Teams conversation id (a subscription made in a Teams chat or
  channel) is itself; a person (an Entra object id: an owner's nudge) is their personal chat
  with the bot, known from the reference stored when the app was installed or messaged.
- `post`: the SDK's connector client POSTs to `{serviceUrl}v3/conversations/{id}/activities`
  with the bot's token, only for a service URL that came in a valid token. The chart goes as
  an inline PNG image.
- `find`: Teams offers a bot no look-up of what it posted, so a send is found by what we
  recorded after the connector took it (`store.teams.record_sent`). A post whose answer was
  lost on the way is therefore sent again on recovery: at most twice, never lost.
"""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import aiohttp
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient

from bot.clock import Clock
from bot.config import Settings
from bot.schedule.document import Document
from bot.schedule.transport import FileSpec, Keep, Message, SendError
from bot.teams import markup as tm
from bot.teams.cards import escape
from bot.teams.connector import SCOPE, ClientCredentials, TokenError
from bot.teams.ids import is_guid
from store import teams as teams_store
from store.db import Store

PERMANENT = {400, 401, 403, 404, 410, 413}  # the bot was removed, the chat is gone …
TEXT_LIMIT = 20_000  # characters of xml in one message: readable, under Teams' ~28 KB


class TeamsSender:
    dry_run = False

    def __init__(self, store: Store, provider: ClientCredentials, clock: Clock,
                 timeout: float = 15.0) -> None:
        self.store = store
        self.provider = provider
        self.clock = clock
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings, store: Store, clock: Clock) -> TeamsSender:
        assert settings.teams_app_id and settings.teams_app_password
        return cls(store, ClientCredentials(settings.teams_token_endpoint, settings.teams_app_id,
                                            settings.teams_app_password,
                                            settings.teams_tenant_id), clock)

    def layout(self, document: Document) -> list[Message]:
        names = self.names
        parts: list[str] = []
        if document.title:
            parts.append(f"<b>{escape(document.title)}</b>")
        for section in document.sections:
            text = tm.xml(section.markup, names)
            if section.note:
                text = f"<i>{text}</i>"
            parts.append(("<hr>" if section.divider else "") + text)
        out: list[Message] = []
        chunk = ""
        for part in parts:
            if chunk and len(chunk) + len(part) + 8 > TEXT_LIMIT:
                out.append(Message(text=chunk))
                chunk = ""
            chunk = f"{chunk}<br><br>{part}" if chunk else part
        if chunk:
            out.append(Message(text=chunk))
        out += [Message(text=escape(f.comment or f.title), file=FileSpec(f.filename, f.title,
                                                                         f.data, f.alt))
                for f in document.files]
        return out

    def names(self, ids: list[str]) -> dict[str, str]:
        return teams_store.people(self.store, [i for i in ids if is_guid(i)])

    def conversation(self, recipient: str) -> str:
        if is_guid(recipient):
            row = teams_store.personal_conversation(self.store, recipient)
            if row is None:
                raise SendError(f"ingen personlig chatt med {recipient} i Teams (appen är inte "
                                "installerad för personen)", permanent=True)
            return str(row["conversation_id"])
        if teams_store.conversation(self.store, recipient) is None:
            raise SendError(f"Styrbot är inte med i Teams-konversationen {recipient}",
                            permanent=True)
        return recipient

    def post(self, channel: str, message: Message, key: str, oldest: float,
             keep: Keep | None = None) -> str:
        """One message; ``keep`` (the outbox's lease renewal) is not needed: one call."""
        row = teams_store.conversation(self.store, channel)
        if row is None:
            raise SendError(f"Styrbot är inte med i Teams-konversationen {channel}", permanent=True)
        url = str(row["service_url"])
        if url not in teams_store.trusted_service_urls(self.store):
            raise SendError(f"tjänsteadressen {url} har aldrig kommit i en giltig token",
                            permanent=True)
        activity = self.activity(row["reference"], message)
        try:
            token = self.provider.token(SCOPE)
            activity_id = asyncio.run(self._send(url, token, channel, activity))
        except TokenError as exc:
            raise SendError(str(exc), permanent=False) from exc
        except aiohttp.ClientResponseError as exc:
            raise SendError(f"Teams svarade {exc.status}", permanent=exc.status in PERMANENT) \
                from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise SendError(f"Teams nåddes inte: {exc}", permanent=False) from exc
        teams_store.record_sent(self.store, key, channel, activity_id, self.clock.now())
        return activity_id

    def find(self, channel: str, key: str, message: Message, oldest: float,
             keep: Keep | None = None) -> str | None:
        row = teams_store.sent(self.store, key)
        return str(row["activity_id"]) if row else None

    @staticmethod
    def activity(reference: dict[str, Any], message: Message) -> dict[str, Any]:
        act: dict[str, Any] = {
            "type": "message", "textFormat": "xml",
            "from": reference.get("bot") or {}, "conversation": reference["conversation"],
            "channelId": reference.get("channelId", "msteams"),
            "serviceUrl": reference.get("serviceUrl"),
        }
        act["text"] = message.text  # laid out as xml already (`layout`)
        if message.file is not None:
            data = base64.b64encode(message.file.data).decode()
            act["attachments"] = [{"contentType": "image/png", "name": message.file.filename,
                                   "contentUrl": f"data:image/png;base64,{data}"}]
        return act

    async def _send(self, url: str, token: str, conversation: str,
                    activity: dict[str, Any]) -> str:
        client = TeamsConnectorClient(endpoint=url, token=token)
        try:
            resp = await asyncio.wait_for(client.conversations.send_to_conversation(
                conversation, Activity.model_validate(activity)), self.timeout)
        finally:
            await client.close()
        return str(resp.id or "")
