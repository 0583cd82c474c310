"""The logger handed to slack_sdk's clients.

slack_sdk decides whether to build its debug messages from its logger's *own* level
(``logger.level <= DEBUG``), not from the effective level. A library logger's own level
is NOTSET (0), so by default every request and response, payload included, is formatted
into a debug string that is then thrown away: for a Block Kit answer that is most of the
cost of sending it. Our clients get a logger whose own level follows the logging set up
(STYRBOT_LOG), so the payload is formatted only when debug logging is on.
"""

from __future__ import annotations

import logging

NAME = "styrbot.slack_sdk"


def sdk_logger() -> logging.Logger:
    logger = logging.getLogger(NAME)
    logger.setLevel(logger.parent.getEffectiveLevel() if logger.parent else logging.WARNING)
    return logger
