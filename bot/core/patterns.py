"""A regular expression compiled when it is first used (cold start).

A matcher's patterns are compiled at import in most modules; the long ones (the status
words, a key after a nämnd's short name, with IGNORECASE) take a millisecond or more each,
for messages that an earlier matcher has already taken. ``lazy(pattern, flags)`` stands for
``re.compile(pattern, flags)`` and compiles it on the first call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any


class lazy:
    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    @property
    def pattern(self) -> str:
        return self._args[0]

    def match(self, string: str) -> re.Match[str] | None:
        return self.compiled.match(string)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(string)

    def search(self, string: str) -> re.Match[str] | None:
        return self.compiled.search(string)

    def findall(self, string: str) -> list[Any]:
        return self.compiled.findall(string)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)
