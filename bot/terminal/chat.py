"""The terminal chat: a thin adapter over Bot.handle, with line editing and history."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from bot.core.bot import Bot
from bot.terminal.inbound import neutral

PROMPT = "du> "
BYE = ("hejdå", "hej då", "avsluta", "sluta", "exit", "quit", "q")


def run_chat(bot: Bot, user: str = "terminal") -> None:
    try:
        import readline

        hist = Path.home() / ".styrbot_history"
        try:
            readline.read_history_file(hist)
        except OSError:
            pass
        import atexit

        atexit.register(lambda: _save(readline, hist))
    except ImportError:  # pragma: no cover - Windows
        pass
    plan = bot.context().snap.plan
    title = f" – {plan['title']}" if plan else ""
    print(f"Styrbot{title}. Skriv en fråga, \"hjälp\" för exempel, \"avsluta\" för att sluta.")
    conversation = f"terminal:{user}:{secrets.token_hex(6)}"  # this session
    while True:
        try:
            line = input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if line.strip().lower() in BYE:
            return
        if not line.strip():
            continue
        print(bot.handle(neutral(line), user=user, conversation=conversation).text)
        print()
        sys.stdout.flush()


def _save(readline, hist: Path) -> None:  # type: ignore[no-untyped-def]
    try:
        readline.write_history_file(hist)
    except OSError:
        pass
