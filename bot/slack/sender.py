"""Slack's transport for the schedule (bot.schedule.transport.Transport): the Web API.

DMs through conversations.open, messages through chat.postMessage with metadata
``{event_type: "styrbot_send", event_payload: {key}}``, files through files_upload_v2
(files.getUploadURLExternal, the upload, files.completeUploadExternal), and look-ups through
conversations.history (include_all_metadata). Idempotent calls retry 429, 5xx and lost
connections on their own; a post whose fate is unknown (5xx, timeout) is looked up before
it is tried again, so a retry never posts twice. Documents are laid out as Block Kit by
bot/slack/layout.py.
"""

from __future__ import annotations

import hashlib
import socket
import time
from collections.abc import Callable
from http.client import HTTPException
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.schedule.document import Document
from bot.schedule.transport import FileSpec, Keep, LostLease, Message, SendError, is_user
from bot.slack import sdk

EVENT_TYPE = "styrbot_send"
# conversations.history: Slack allows apps distributed outside the Marketplace 1 request a
# minute and 15 messages a page; internal apps (ours, docs/slack-setup.md) keep Tier 3. Pages
# of 15 work under both; the lease is renewed before each page, so a slow look-up keeps it.
LOOKUP_LIMIT = 15
LOOKUP_PAGES = 40
TRANSIENT_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable",
                    "request_timeout",
                    # the app's setup, not the message: retried once the token or scopes are fixed
                    "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive",
                    "missing_scope", "no_permission", "team_access_not_granted"}


def file_name(key: str, spec: FileSpec) -> str:
    """A file's name carries a digest of its send key, so a look-up can find it."""
    stem, _, ext = spec.filename.rpartition(".")
    return f"{stem or ext}-{hashlib.sha1(key.encode()).hexdigest()[:10]}.{ext if stem else 'png'}"


AMBIGUOUS = (URLError, ConnectionError, TimeoutError, HTTPException, socket.timeout, OSError)


class WaitBudget:
    """How long one run may wait for Slack's Retry-After in all, over every call it makes.
    With 429 on every call, a run stops waiting when this is spent and leaves the rest for
    the next run (the outbox keeps it), instead of waiting out each call's Retry-After."""

    def __init__(self, seconds: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.left = seconds
        self.sleep = sleep

    def take(self, seconds: float) -> bool:
        """Wait ``seconds`` if the budget allows; False (no wait) when it does not."""
        if seconds > self.left:
            self.left = 0.0
            return False
        self.left -= seconds
        self.sleep(seconds)
        return True


class _BudgetedRateLimitHandler(RateLimitErrorRetryHandler):
    """Slack's 429 handler, waiting Retry-After only while the run's WaitBudget lasts."""

    def __init__(self, budget: WaitBudget, max_retry_count: int = 5) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.budget = budget

    def _can_retry(self, *, state: Any, request: Any, response: Any = None,
                   error: Any = None) -> bool:
        return super()._can_retry(state=state, request=request, response=response, error=error) \
            and self.budget.left > 0

    def prepare_for_next_attempt(self, *, state: Any, request: Any, response: Any = None,
                                 error: Any = None) -> None:
        wait = 1.0
        for k, v in (response.headers if response is not None else {}).items():
            if k.lower() == "retry-after":
                try:
                    wait = float(v[0] if isinstance(v, list) else v)
                except ValueError:
                    pass
        if self.budget.take(wait):
            state.next_attempt_requested = True
        state.increment_current_attempt()


def web_client(token: str | None, base_url: str, *, timeout: int = 15,
               idempotent: bool = True, budget: WaitBudget | None = None) -> WebClient:
    """A WebClient at ``base_url``. 429 waits for Retry-After and tries again (while the run's
    ``budget`` lasts); 5xx and lost connections are retried by the client only for
    ``idempotent`` calls."""
    handlers: list[Any] = [_BudgetedRateLimitHandler(budget or WaitBudget(float("inf")))]
    if idempotent:
        handlers += [ServerErrorRetryHandler(max_retry_count=3),
                     ConnectionErrorRetryHandler(max_retry_count=3, error_types=list(AMBIGUOUS))]
    return sdk.web_client(token, base_url, timeout, handlers)


class SlackSender:
    """Slack's Web API, with look-ups that make retried posts safe."""

    dry_run = False

    def layout(self, document: Document) -> list[Message]:
        from bot.slack.blocks import document_messages

        return document_messages(document)

    def __init__(self, token: str | None, base_url: str, *, attempts: int = 3,
                 sleep: Callable[[float], None] = time.sleep, timeout: int = 15,
                 wait_budget: float = 30.0) -> None:
        self.budget = WaitBudget(wait_budget, sleep)
        self.client = web_client(token, base_url, timeout=timeout, budget=self.budget)
        self.poster = web_client(token, base_url, timeout=timeout, idempotent=False,
                                 budget=self.budget)
        self.attempts = attempts
        self.sleep = sleep
        self._dms: dict[str, str] = {}

    def conversation(self, recipient: str) -> str:
        """The conversation to post in: a user's DM (conversations.open), else the channel."""
        if not is_user(recipient):
            return recipient
        if recipient not in self._dms:
            try:
                resp = self.client.conversations_open(users=recipient)
            except SlackApiError as exc:
                raise _send_error(exc) from exc
            except AMBIGUOUS as exc:
                raise SendError(f"conversations.open: {exc!r}", permanent=False) from exc
            self._dms[recipient] = str(resp["channel"]["id"])
        return self._dms[recipient]

    def post(self, channel: str, message: Message, key: str, oldest: float,
             keep: Keep | None = None) -> str:
        """Post (or upload) once. An unclear failure is looked up before trying again."""
        last: Exception | None = None
        for attempt in range(self.attempts):
            try:
                return self._post(channel, message, key)
            except SlackApiError as exc:
                err = _send_error(exc)
                if err.permanent:
                    raise err from exc
                if exc.response.status_code == 429 and self.budget.left <= 0:
                    raise SendError("ratelimited: väntetiden för den här körningen är slut; "
                                    "resten skickas nästa körning", permanent=False) from exc
                last = exc
            except (SlackRequestError, *AMBIGUOUS) as exc:
                last = exc
            found = self.find(channel, key, message, oldest, keep)
            if found:
                return found
            self.sleep(min(0.2 * 2 ** attempt, 2.0))
        raise SendError(f"gav upp efter {self.attempts} försök: {last!r}", permanent=False)

    def _post(self, channel: str, message: Message, key: str) -> str:
        if message.file is not None:
            f = message.file
            resp = self.poster.files_upload_v2(
                channel=channel, file=f.data, filename=file_name(key, f), title=f.title,
                alt_txt=f.alt or f.title, initial_comment=message.text or None)
            shared: dict[str, Any] = resp.get("file") or {}
            return str(shared.get("id") or "")
        resp = self.poster.chat_postMessage(
            channel=channel, text=message.text, blocks=message.blocks or None,
            metadata={"event_type": EVENT_TYPE, "event_payload": {"key": key}},
            unfurl_links=False, unfurl_media=False)
        return str(resp["ts"])

    def find(self, channel: str, key: str, message: Message, oldest: float,
             keep: Keep | None = None) -> str | None:
        """The message (by metadata key) or file (by name) in the channel's history, if there.
        ``keep`` renews the lease before each page; LostLease if it is no longer ours."""
        name = file_name(key, message.file) if message.file is not None else None
        cursor = None
        for _ in range(LOOKUP_PAGES):
            if keep is not None and not keep():
                raise LostLease(key)
            try:
                resp = self.client.conversations_history(
                    channel=channel, oldest=f"{max(0.0, oldest - 300):.6f}", limit=LOOKUP_LIMIT,
                    include_all_metadata=True, cursor=cursor)
            except SlackApiError as exc:
                raise _send_error(exc) from exc
            except AMBIGUOUS as exc:
                raise SendError(f"conversations.history: {exc!r}", permanent=False) from exc
            messages: list[dict[str, Any]] = resp.get("messages") or []
            for m in messages:
                meta = m.get("metadata") or {}
                if (meta.get("event_type") == EVENT_TYPE
                        and (meta.get("event_payload") or {}).get("key") == key):
                    return str(m.get("ts"))
                if name and any(f.get("name") == name for f in m.get("files") or []):
                    return str(m.get("ts"))
            cursor = (resp.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
        return None


def _send_error(exc: SlackApiError) -> SendError:
    status = exc.response.status_code
    error = str(exc.response.get("error") or status)
    permanent = status < 500 and status != 429 and error not in TRANSIENT_ERRORS
    return SendError(error, permanent=permanent)
