"""Sending scheduled messages: exactly once, whatever happens to the worker or to Slack.

- `Outgoing` is what the digest and the nudges produce: messages (Block Kit with a text
  fallback, or a file) for one recipient, and the *items* they cover.
- `SlackSender` talks to Slack's Web API: DMs through conversations.open, messages through
  chat.postMessage with metadata ``{event_type: "styrbot_send", event_payload: {key}}``, files
  through files_upload_v2 (files.getUploadURLExternal, the upload, files.completeUploadExternal),
  and look-ups through conversations.history (include_all_metadata). Idempotent calls retry
  429, 5xx and lost connections on their own; a post whose fate is unknown (5xx, timeout) is
  looked up before it is tried again, so a retry never posts twice.
- `DryRunSender` prints instead.
- `Outbox` records every send before posting (a claim with a lease) and confirms it after; an
  unconfirmed claim whose lease ran out is taken over, looked up in Slack, and resent only if
  it is not there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import HTTPException
from typing import Any, Protocol
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.slack import sdk
from store import outbox
from store.db import Row, Store

log = logging.getLogger("styrbot.sender")

EVENT_TYPE = "styrbot_send"
MAX_BLOCKS = 50
SECTION_LIMIT = 3000
TEXT_LIMIT = 12_000  # characters of section text per message: readable, far under Slack's cap
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

Block = dict[str, Any]


# --- what is sent -------------------------------------------------------------------------------


@dataclass
class FileSpec:
    filename: str
    title: str
    data: bytes
    alt: str = ""


@dataclass
class Message:
    """One Slack message: the text fallback and its blocks; or a file with a comment."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    file: FileSpec | None = None


@dataclass
class Outgoing:
    """Messages for one recipient, keyed by (what, whom, local date), covering ``items``."""

    what: str
    recipient: str
    local_date: dt.date
    messages: list[Message]
    as_of: dt.datetime
    items: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.what}|{self.recipient}|{self.local_date.isoformat()}"

    def covers(self) -> list[str]:
        return self.items or [self.key]


def block_text(block: Block) -> str:
    """The words a block shows (for the text fallback)."""
    if block.get("type") in ("section", "header"):
        return str(block.get("text", {}).get("text", ""))
    if block.get("type") == "context":
        return " ".join(str(e.get("text", "")) for e in block.get("elements", []))
    return ""


def pack(blocks: list[Block], *, max_blocks: int = MAX_BLOCKS,
         text_limit: int = TEXT_LIMIT) -> list[Message]:
    """Split blocks over messages within Slack's limits (50 blocks; sections are already under
    3,000 characters); each message's text is exactly the words of its blocks."""
    chunks: list[list[Block]] = []
    cur: list[Block] = []
    size = 0
    for b in blocks:
        n = len(block_text(b))
        if cur and (len(cur) >= max_blocks or size + n > text_limit):
            chunks.append(cur)
            cur, size = [], 0
        if not cur and b.get("type") == "divider":
            continue
        cur.append(b)
        size += n
    if cur:
        chunks.append(cur)
    out = []
    for chunk in chunks:
        while chunk and chunk[-1].get("type") == "divider":
            chunk.pop()
        words = [t for t in (block_text(b) for b in chunk) if t]
        out.append(Message(text="\n\n".join(words) or " ", blocks=chunk))
    return out


def file_name(key: str, spec: FileSpec) -> str:
    """A file's name carries a digest of its send key, so a look-up can find it."""
    stem, _, ext = spec.filename.rpartition(".")
    return f"{stem or ext}-{hashlib.sha1(key.encode()).hexdigest()[:10]}.{ext if stem else 'png'}"


def is_user(recipient: str) -> bool:
    return recipient[:1] in ("U", "W")


# --- senders -------------------------------------------------------------------------------------


class SendError(Exception):
    """Slack did not take a send. ``permanent``: it never will (channel gone …)."""

    def __init__(self, message: str, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class Sender(Protocol):
    dry_run: bool

    def conversation(self, recipient: str) -> str: ...

    def post(self, channel: str, message: Message, key: str, oldest: float,
             keep: Keep | None = None) -> str: ...

    def find(self, channel: str, key: str, message: Message, oldest: float,
             keep: Keep | None = None) -> str | None: ...


Keep = Callable[[], bool]  # renew the lease on a send; False when it is no longer ours


class LostLease(Exception):
    """Another worker took the send over while we were looking it up."""


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


class DryRunSender:
    """Prints what would be sent; nothing is recorded."""

    dry_run = True

    def __init__(self, echo: Callable[[str], None] = print) -> None:
        self.echo = echo

    def conversation(self, recipient: str) -> str:
        return recipient

    def post(self, channel: str, message: Message, key: str, oldest: float,
             keep: Keep | None = None) -> str:
        who = f"DM till {channel}" if is_user(channel) else f"kanal {channel}"
        self.echo(f"── {who} · {key}")
        if message.file is not None:
            self.echo(f"[bild: {message.file.title}, {len(message.file.data)} byte]")
        if message.text.strip():
            self.echo(message.text)
        self.echo("")
        return "dry-run"

    def find(self, channel: str, key: str, message: Message, oldest: float,
             keep: Keep | None = None) -> str | None:
        return None


# --- the outbox ---------------------------------------------------------------------------------


@dataclass
class Report:
    sent: int = 0       # messages posted now
    found: int = 0      # unconfirmed sends found in Slack and confirmed
    failed: int = 0     # refused by Slack for good
    pending: int = 0    # left for a later run (Slack unavailable, lease held elsewhere)
    skipped: int = 0    # groups already covered by an earlier send
    keys: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, other: Report) -> None:
        for f in ("sent", "found", "failed", "pending", "skipped"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.keys += other.keys
        self.errors += other.errors


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class EpochClock(Protocol):
    """What the outbox reads: local time (dates) and the epoch (leases, Slack's ts)."""

    def now(self) -> dt.datetime: ...

    def epoch(self) -> float: ...


class Outbox:
    """Claim, post, confirm; and recover what a dead worker left unconfirmed."""

    def __init__(self, store: Store, sender: Sender, clock: EpochClock, *,
                 lease: float = 120.0, owner: str | None = None) -> None:
        self.store = store
        self.sender = sender
        self.clock = clock
        self.now = clock.now
        self.epoch = clock.epoch  # leases and the history look-up's window: the same clock
        self.lease = lease
        self.owner = owner or worker_id()

    def send(self, out: Outgoing) -> Report:
        """Send one group, unless its items are already covered."""
        report = Report()
        if self.sender.dry_run:
            for m in out.messages:
                self.sender.post(self.sender.conversation(out.recipient), m, out.key, 0)
                report.sent += 1
            return report
        start = self.epoch()
        keys = outbox.claim(
            self.store, what=out.what, recipient=out.recipient, local_date=out.local_date,
            items=out.covers(), parts=[_part(m) for m in out.messages], as_of=out.as_of,
            owner=self.owner, lease_until=start + self.lease, epoch=start)
        if keys is None:
            report.skipped += 1
            return report
        for n, (key, message) in enumerate(zip(keys, out.messages, strict=True)):
            refused = report.failed
            if not self._deliver(key, out.recipient, None, message, start, report, lookup=False):
                report.pending += len(keys) - n
                break
            if report.failed > refused:  # refused for good: the rest (a chart) makes no sense alone
                for rest in keys[n + 1:]:
                    outbox.fail(self.store, rest, f"inte skickad: {key} avvisades", self.now())
                break
        return report

    def recover(self) -> Report:
        """Finish the sends a dead (or failed) run left unconfirmed, in order."""
        report = Report()
        if self.sender.dry_run:
            return report
        stalled: set[str] = set()
        for row in outbox.expired(self.store, self.epoch()):
            if row["group_key"] in stalled:
                continue
            now = self.epoch()
            if not outbox.take_over(self.store, row["key"], self.owner, now, now + self.lease):
                continue
            message = _message(row)
            log.info("recovering unconfirmed send %s (attempt %d)", row["key"], row["attempts"] + 1)
            if not self._deliver(row["key"], row["recipient"], row["channel"], message,
                                 row["claimed_epoch"], report, lookup=True):
                stalled.add(row["group_key"])
                report.pending += 1
        return report

    def _deliver(self, key: str, recipient: str, channel: str | None, message: Message,
                 oldest: float, report: Report, *, lookup: bool) -> bool:
        """One part: resolve the conversation, (look up,) post, confirm. False: stop the group."""
        def keep() -> bool:
            return outbox.renew(self.store, key, self.owner, self.epoch() + self.lease)

        try:
            if channel is None:
                channel = self.sender.conversation(recipient)
            if lookup:
                ts = self.sender.find(channel, key, message, oldest, keep)
                if ts:
                    outbox.confirm(self.store, key, channel=channel, ts=ts, now=self.now())
                    log.info("send %s to %s: found, already in Slack", key, channel)
                    report.found += 1
                    report.keys.append(key)
                    return True
            if not outbox.renew(self.store, key, self.owner, self.epoch() + self.lease, channel):
                log.warning("lost the lease on %s; another worker has it", key)
                return False
            ts = self.sender.post(channel, message, key, oldest, keep)
        except LostLease:
            log.warning("lost the lease on %s while looking it up; another worker has it", key)
            return False
        except SendError as exc:
            if exc.permanent:
                log.error("Slack refused %s to %s: %s", key, recipient, exc)
                outbox.fail(self.store, key, str(exc), self.now())
                report.failed += 1
                report.errors.append(f"{key}: {exc}")
                return True
            log.warning("could not send %s now (%s); a later run retries", key, exc)
            outbox.release(self.store, key, str(exc))
            report.errors.append(f"{key}: {exc}")
            return False
        outbox.confirm(self.store, key, channel=channel, ts=ts, now=self.now())
        log.info("send %s to %s: sent", key, channel)
        report.sent += 1
        report.keys.append(key)
        return True


def _part(m: Message) -> outbox.Part:
    payload: dict[str, Any] = {"text": m.text, "blocks": m.blocks}
    if m.file is not None:
        payload["file"] = {"filename": m.file.filename, "title": m.file.title, "alt": m.file.alt}
    return outbox.Part(payload, m.file.data if m.file else None)


def _message(row: Row) -> Message:
    p = outbox.payload(row)
    f = p.get("file")
    file = FileSpec(f["filename"], f["title"], bytes(row["attachment"] or b""), f.get("alt", "")) if f else None
    return Message(text=p.get("text", ""), blocks=p.get("blocks") or [], file=file)
