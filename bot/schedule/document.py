"""A scheduled message as a neutral document: a title, sections of neutral markup (some a
side note, some with a divider before, some with an action beside them) and files. A
transport lays it out in its platform's form (bot/slack/blocks.py: Block Kit)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.markup import Action


@dataclass
class Section:
    markup: str
    note: bool = False  # a side remark, shown smaller (Slack: a context block)
    divider: bool = False  # a rule before it
    action: Action | None = None  # a button beside it
    ref: str | None = None  # a stable name for the section ("nudge:1:3.2")
    whole: bool = False  # one piece, never split (a one-line message)


@dataclass
class File:
    filename: str
    title: str
    data: bytes
    alt: str = ""
    comment: str = ""  # the words posted with it


@dataclass
class Document:
    sections: list[Section]
    title: str | None = None  # a header, plain text
    files: list[File] = field(default_factory=list)
