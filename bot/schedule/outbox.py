"""Sending scheduled messages exactly once, whatever happens to the worker or to the platform.

- `Outgoing` is what the digest and the nudges produce: a neutral document for one
  recipient, and the *items* it covers.
- `Outbox` lays the document out with the transport (bot.schedule.transport), records
  every part before posting (a claim with a lease) and confirms it after; an unconfirmed
  claim whose lease ran out is taken over, looked up, and resent only if it is not there.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.schedule.document import Document
from bot.schedule.transport import (
    FileSpec,
    LostLease,
    Message,
    SendError,
    Transport,
    layout_for,
)
from store import outbox
from store.db import Row, Store

log = logging.getLogger("styrbot.sender")


@dataclass
class Outgoing:
    """Messages for one recipient, keyed by (what, whom, local date), covering ``items``."""

    what: str
    recipient: str
    local_date: dt.date
    document: Document | list[Message]  # a list: messages already laid out
    as_of: dt.datetime
    items: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.what}|{self.recipient}|{self.local_date.isoformat()}"

    def covers(self) -> list[str]:
        return self.items or [self.key]


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

    def __init__(self, store: Store, sender: Transport, clock: EpochClock, *,
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
        messages = (out.document if isinstance(out.document, list)
                    else layout_for(self.sender, out.document, out.recipient))
        if self.sender.dry_run:
            for m in messages:
                self.sender.post(self.sender.conversation(out.recipient), m, out.key, 0)
                report.sent += 1
            return report
        start = self.epoch()
        keys = outbox.claim(
            self.store, what=out.what, recipient=out.recipient, local_date=out.local_date,
            items=out.covers(), parts=[_part(m) for m in messages], as_of=out.as_of,
            owner=self.owner, lease_until=start + self.lease, epoch=start)
        if keys is None:
            report.skipped += 1
            return report
        for n, (key, message) in enumerate(zip(keys, messages, strict=True)):
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
                    log.info("send %s to %s: found, already there", key, channel)
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
                log.error("the platform refused %s to %s: %s", key, recipient, exc)
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
