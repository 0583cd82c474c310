"""What every listener shares: the core, de-duplication of retries, and the ways to reply."""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot.clock import Clock
from bot.core.bot import Bot, Reply
from bot.core.memo import Replies
from bot.schedule.transport import Message
from bot.slack.blocks import messages
from bot.slack.inbound import neutral, refuse
from bot.slack.mrkdwn import escape, mention
from bot.slack.sdk import sdk_logger

log = logging.getLogger("styrbot.slack")



class ReplyFailed(Exception):
    """Slack did not accept a reply sent to a response_url."""


class Names:
    """People's names for answers in channels, from users.info, kept an hour.

    The core marks owners and authors as people; Slack writes a person as a mention
    (<@U…>). In a channel a mention
    notifies the person, so whoever asks about an uppdrag there would ping its owner;
    answers in channels name people instead. In a direct message a mention notifies nobody
    else and stays a link. A name Slack will not give (an error, a missing scope) leaves
    the mention as it was.
    """

    TTL = 3600.0  # seconds

    def __init__(self) -> None:
        self._cache: dict[str, tuple[float, str | None]] = {}
        self._lock = threading.Lock()

    def name(self, client: WebClient, user: str) -> str | None:
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(user)
        if hit is not None and now - hit[0] < self.TTL:
            return hit[1]
        try:
            info = client.users_info(user=user)["user"]
            profile = info.get("profile") or {}
            name = (profile.get("display_name") or profile.get("real_name")
                    or info.get("real_name") or info.get("name") or None)
        except Exception as exc:  # noqa: BLE001  (a name is a nicety; the answer goes out)
            log.warning("users.info %s failed: %r", user, exc)
            name = None
        with self._lock:
            self._cache[user] = (now, name)
        return name

    def person(self, client: WebClient) -> Callable[[str], str]:
        """How a person is written in a channel: by name ("@Anna"), else as the mention."""
        def named(user: str) -> str:
            if not _SLACK_USER.fullmatch(user):
                return mention(user)
            name = self.name(client, user)
            return "@" + escape(name) if name else mention(user)

        return named


_SLACK_USER = re.compile(r"[UW][A-Z0-9]+")


def is_channel(channel: str | None) -> bool:
    """A conversation of several people (not a direct message, whose IDs start with D)."""
    return bool(channel) and not str(channel).startswith("D")


def _always() -> None:
    return None


class InTurn:
    """One message at a time per conversation (a DM, a thread): a follow-up waits until the
    message before it has been answered and its subject kept (the subject is written after
    the reply is posted: `Deps.answer_event`)."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[threading.Lock, int]] = {}
        self._guard = threading.Lock()

    @contextlib.contextmanager
    def turn(self, key: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(key, (threading.Lock(), 0))
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)


@dataclass
class Deps:
    """The shared core and clock, people's names, the retry policy for response_url
    replies, and ``kept``: waits until the delivery being answered is in the store
    (bot/slack/inbox.py; raises NotKept if it will not be), called before anything of the
    answer is written or leaves the process."""

    bot: Bot
    clock: Clock
    retries: list[RetryHandler] = field(default_factory=list)
    names: Names = field(default_factory=Names)
    kept: Callable[[], None] = _always
    turns: InTurn = field(default_factory=InTurn)
    # replies laid out for a direct message; each caller its own list (the messages and
    # their blocks are never changed once made: slack_sdk only reads and sends them)
    laid_out: Replies[list[Message]] = field(default_factory=lambda: Replies(256, copy=list))

    def answer(self, text: str, user: str | None, event_id: str | None = None,
               channel: str | None = None, conversation: str | None = None,
               later: list[Callable[[], None]] | None = None) -> Reply:
        """The core's reply; writes carry the event_id (idempotent), and ``channel`` is where
        the message came from (for subscriptions). ``conversation``: the DM or thread, whose
        last answer a follow-up refers to; ``later``: see `Bot.handle`."""
        return self.bot.handle(text, user=user, event_id=event_id, channel=channel, refuse=refuse,
                               conversation=conversation, ready=self.kept, later=later)

    def shown_in(self, client: WebClient, channel: str | None, reply: Reply) -> list[Message]:
        """``reply`` as Slack messages to read in ``channel``: in a channel, people are named
        rather than mentioned (`Names`); in a direct message they stay mentions, and what is
        laid out of the same markup and actions is laid out once (`laid_out`: the uppdrag
        card the core keeps, bot/core/memo.py, is not laid out again)."""
        if is_channel(channel):
            return messages(reply, self.names.person(client))
        if reply.attachments:  # files: made for each reply
            return messages(reply)
        return self.laid_out.get(reply.layout_key(), lambda: messages(reply))

    def answer_event(self, body: dict[str, Any], event: dict[str, Any], client: WebClient,
                     bot_user_id: str | None, thread_ts: str | None) -> None:
        """Answer a person's message (a DM, a mention) in its conversation (a retry of the
        event never gets here: bot/slack/inbox.py). It runs while its delivery is being
        kept: a command that writes waits for it before writing (the core's ``ready``), and
        is posted after; any other answer is posted at once, and its subject kept once the
        delivery is (docs/drift.md: a read-only answer may be posted twice after a crash).
        One message at a time per conversation, so a follow-up finds its subject."""
        channel = event["channel"]
        key = conversation_key(channel, thread_ts)
        later: list[Callable[[], None]] = []
        with self.turns.turn(key):
            reply = self.answer(inbound(event.get("text") or "", bot_user_id), event["user"],
                                body.get("event_id"), channel=channel, conversation=key,
                                later=later)
            post(client, channel, self.shown_in(client, channel, reply), thread_ts=thread_ts)
            self.kept()
            for write in later:
                write()


def conversation_key(channel: str, thread_ts: str | None) -> str:
    """A conversation in Slack: a thread, or (a DM outside threads) the channel itself."""
    return f"slack:{channel}:{thread_ts or ''}"


ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def inbound(text: str, bot_user_id: str | None = None) -> str:
    """A message's text as the core reads it: our own mention removed, the people and
    channels mentioned as the core's tokens (bot/slack/inbound.py), entities decoded.

    >>> inbound("<@U0BOT> status 3.2 &amp; mer", "U0BOT")
    'status 3.2 & mer'
    """
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    text = neutral(text)
    for entity, char in ENTITIES:
        text = text.replace(entity, char)
    return text.strip()


NO_FILE_HERE = ("Filen kan inte skickas som svar på ett snedstreckskommando: skriv samma sak "
                "till mig i ett direktmeddelande, så kommer dokumentet där.")


def post(client: WebClient, channel: str, reply: Reply | list[Message],
         thread_ts: str | None = None) -> None:
    """Post a reply in ``channel`` (in a thread when ``thread_ts``), one call per message; a
    file (the report) is uploaded into the conversation, its words as the comment."""
    for m in messages(reply) if isinstance(reply, Reply) else reply:
        if m.file is not None:
            f = m.file
            client.files_upload_v2(channel=channel, thread_ts=thread_ts, file=f.data,
                                   filename=f.filename, title=f.title, alt_txt=f.alt or f.title,
                                   initial_comment=m.text or None)
            continue
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=m.text,
                                blocks=m.blocks, unfurl_links=False, unfurl_media=False)


def respond(deps: Deps, url: str, reply: Reply | list[Message], ephemeral: bool) -> None:
    """Reply through a response_url (slash commands, buttons): visible or ephemeral."""
    hook = WebhookClient(url, timeout=10, retry_handlers=deps.retries, logger=sdk_logger())
    for m in messages(reply) if isinstance(reply, Reply) else reply:
        if m.file is not None:  # a response_url takes no files: say where to ask instead
            m = Message(text=f"{m.text}\n{NO_FILE_HERE}".strip())
        resp = hook.send(text=m.text, blocks=m.blocks, replace_original=False,
                         response_type="ephemeral" if ephemeral else "in_channel")
        if resp.status_code != 200:
            raise ReplyFailed(f"response_url answered {resp.status_code}: {resp.body[:200]}")
