"""A typed command as a short text and back: a button's value ("menade du …?") and the
subject a conversation keeps (store/conversations.py). Nothing is rebuilt as Swedish text:
the text is the command's registry name and its fields, as JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from typing import Any

from bot.core.commands import REGISTRY, Command


def plain(value: Any) -> Any:
    """A field's value as JSON has it: enums by value, dates as ISO text, tuples as lists."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


def encode(cmd: Command) -> str:
    """The command as JSON: {"c": its registry name, "f": its fields} (those at their
    default left out, so a value stays short and a new field does not change old ones)."""
    fields = {f.name: plain(getattr(cmd, f.name)) for f in dataclasses.fields(cmd)
              if getattr(cmd, f.name) != f.default}
    return json.dumps({"c": type(cmd).name, "f": fields}, ensure_ascii=False,
                      separators=(",", ":"))


def decode(text: str | None) -> Command | None:
    """The command `encode` wrote, or None for anything else (never raises)."""
    try:
        raw = json.loads(text or "")
        spec = REGISTRY[raw["c"]]
        cls = spec.command
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in raw["f"]:
                continue
            values[f.name] = _typed(hints.get(f.name), raw["f"][f.name])
        cmd = cls(**values)
    except (ValueError, KeyError, TypeError, AttributeError):  # stale or forged: no command
        return None
    return cmd


def _typed(hint: Any, value: Any) -> Any:
    """A JSON value back in its field's type (tuples, dates, enums; Optional of them)."""
    if value is None:
        return None
    union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    args = [a for a in typing.get_args(hint) if a is not type(None)] if union else [hint]
    for t in args:
        origin = typing.get_origin(t)
        if origin is tuple and isinstance(value, list):
            return tuple(value)
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return t(value)
        if t is dt.date and isinstance(value, str):
            return dt.date.fromisoformat(value)
    return value
