"""The transport port: how the schedule reaches people, whatever the platform.

A transport lays out a neutral document as its own messages (`layout`), finds the
conversation for a recipient (`conversation`: a person's DM, or the channel), posts one
message (`post`, idempotent by its key) and looks a key up after a failure whose fate is
unknown (`find`). Slack's is bot/slack/sender.py; `DryRunTransport` prints; and
`MemoryTransport` keeps what it was given, for tests where the transport is not what they
test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from bot.core.markup import plain
from bot.schedule.document import Document

Block = dict[str, Any]


@dataclass
class FileSpec:
    filename: str
    title: str
    data: bytes
    alt: str = ""


@dataclass
class Message:
    """One message as a transport sends it: the text (a fallback where there are blocks),
    the platform's own blocks (Slack: Block Kit), or a file with a comment."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    file: FileSpec | None = None


def is_user(recipient: str) -> bool:
    return recipient[:1] in ("U", "W")


class SendError(Exception):
    """The platform did not take a send. ``permanent``: it never will (channel gone …)."""

    def __init__(self, message: str, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


Keep = Callable[[], bool]  # renew the lease on a send; False when it is no longer ours


class LostLease(Exception):
    """Another worker took the send over while we were looking it up."""


class Transport(Protocol):
    dry_run: bool

    def layout(self, document: Document) -> list[Message]: ...

    def conversation(self, recipient: str) -> str: ...

    def post(self, channel: str, message: Message, key: str, oldest: float,
             keep: Keep | None = None) -> str: ...

    def find(self, channel: str, key: str, message: Message, oldest: float,
             keep: Keep | None = None) -> str | None: ...


@runtime_checkable
class Routes(Protocol):
    """A transport that serves several platforms (bot/ops/platforms.py): ``route`` gives the
    transport of a recipient's platform, which lays out what goes to them."""

    def route(self, recipient: str) -> Transport: ...


def layout_for(transport: Transport, document: Document, recipient: str) -> list[Message]:
    """``document`` laid out for ``recipient``: by their platform's transport where the
    transport serves several."""
    if isinstance(transport, Routes):
        return transport.route(recipient).layout(document)
    return transport.layout(document)


def plain_messages(document: Document) -> list[Message]:
    """A document as one plain-text message (its title and sections), and its files."""
    parts = [document.title] if document.title else []
    parts += [plain(s.markup) for s in document.sections if s.markup]
    text = "\n\n".join(parts)
    out = [Message(text=text)]
    out += [Message(text=f.comment, file=FileSpec(f.filename, f.title, f.data, f.alt))
            for f in document.files]
    return out


class DryRunTransport:
    """Prints what would be sent; nothing is recorded."""

    dry_run = True

    def __init__(self, echo: Callable[[str], None] = print,
                 layout: Callable[[Document], list[Message]] = plain_messages) -> None:
        self.echo = echo
        self.layout = layout

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


@dataclass
class MemoryTransport:
    """Keeps every post (channel, key, message) in order; DMs are "D" + the recipient.
    ``fail``: keys whose post raises a SendError (``permanent`` as given)."""

    dry_run: bool = False
    posts: list[tuple[str, str, Message]] = field(default_factory=list)
    fail: dict[str, bool] = field(default_factory=dict)
    layout: Callable[[Document], list[Message]] = plain_messages

    def conversation(self, recipient: str) -> str:
        return f"D{recipient}" if is_user(recipient) else recipient

    def post(self, channel: str, message: Message, key: str, oldest: float,
             keep: Keep | None = None) -> str:
        if key in self.fail:
            raise SendError(f"refused {key}", permanent=self.fail[key])
        self.posts.append((channel, key, message))
        return str(len(self.posts))

    def find(self, channel: str, key: str, message: Message, oldest: float,
             keep: Keep | None = None) -> str | None:
        return next((str(n) for n, (c, k, _) in enumerate(self.posts, 1)
                     if c == channel and k == key), None)

    def texts(self, channel: str) -> list[str]:
        return [m.text for c, _, m in self.posts if c == channel]
