"""Ask a question set (tests/unseen/questions_*.yaml) of the real Bot on the demo plan.

    .venv/bin/python tests/unseen/ask.py tests/unseen/questions_1.yaml [--now ISO] [--only ID]

Each item: id, pattern, q, optional after (earlier messages of the same conversation),
expect (what a right answer is, in words) and facts (strings the right answer shows).
Prints the reply of each, with the facts found or missing, for grading by hand.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.importing import import_demo
from bot.core.typed import encode
from store.db import Store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--now", default="2026-12-01T09:00")
    ap.add_argument("--only", default=None)
    ap.add_argument("--width", type=int, default=700)
    a = ap.parse_args()
    clock = Clock.fixed(a.now)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.db")
        import_demo(store, clock)
        bot = Bot(store, clock)
        for f in a.files:
            items = yaml.safe_load(Path(f).read_text(encoding="utf-8"))
            for it in items:
                if a.only and not str(it["id"]).startswith(a.only):
                    continue
                conv = f"unseen:{it['id']}"
                for earlier in it.get("after", []):
                    bot.handle(earlier, strict=True, conversation=conv)
                r = bot.handle(it["q"], strict=True, conversation=conv)
                text = r.text.strip()
                facts = [str(x) for x in it.get("facts", [])]
                miss = [x for x in facts if x not in text]
                cmd = encode(r.command) if r.command is not None else None
                chain = " → ".join([*it.get("after", []), it["q"]])
                print(f"=== {it['id']} [{it.get('pattern', '')}] {chain}")
                print(f"    expect: {it.get('expect', '')}")
                print(f"    cmd: {cmd}   missing: {miss}")
                body = text if len(text) <= a.width else text[:a.width] + " …"
                print("    " + body.replace("\n", "\n    "))


if __name__ == "__main__":
    main()
