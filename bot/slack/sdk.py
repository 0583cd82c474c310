"""How Styrbot makes slack_sdk's clients: at SLACK_API_URL, with a logger of our own.

slack_sdk decides whether to build its debug messages from its logger's *own* level
(``logger.level <= DEBUG``), not from the effective level. A library logger's own level
is NOTSET (0), so by default every request and response, payload included, is formatted
into a debug string that is then thrown away: for a Block Kit answer that is most of the
cost of sending it. Our clients get a logger whose own level follows the logging set up
(STYRBOT_LOG), so the payload is formatted only when debug logging is on.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

NAME = "styrbot.slack_sdk"


def web_client(token: str | None, base_url: str, timeout: int,
               retry_handlers: list[Any]) -> WebClient:
    """A WebClient at ``base_url`` (with or without its trailing slash)."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return WebClient(token=token, base_url=base, timeout=timeout, retry_handlers=retry_handlers,
                     logger=sdk_logger())


def sdk_logger() -> logging.Logger:
    logger = logging.getLogger(NAME)
    logger.setLevel(logger.parent.getEffectiveLevel() if logger.parent else logging.WARNING)
    return logger
