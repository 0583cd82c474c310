"""Slack Block Kit decoration of rendered replies: header, buttons, Slack's limits.

The templates render the words; this module only arranges them for Slack. Every data
string put into ``mrkdwn`` here passes `slack_escape`; data put into ``plain_text``
(headers, button labels) is never parsed by Slack for mentions or links. Button values
are not shown, and come back to us only through a signed request.
"""

from __future__ import annotations

from typing import Any, TypedDict

from bot.core.bot import Reply
from bot.core.home import Home
from bot.core.render import MAX_BLOCKS, STATUS_ICON, blocks_for, slack_escape
from bot.core.results import UppdragInfo
from bot.domain import fmt
from handlers.uppdrag import UppdragCardResult

Block = dict[str, Any]

HISTORY_ACTION = "styrbot_historik"
UPDATE_ACTION = "styrbot_uppdatera"

HEADER_LIMIT = 150  # characters in a header block
TEXT_LIMIT = 12_000  # characters of text per message (Slack cuts at 40,000; we stay readable)
MAX_MESSAGES = 3  # a longer answer is cut, with a hint to ask more narrowly
HOME_LIMIT = 100  # blocks in a view
MORE_HINT = ("… svaret är längre än vad som ryms här. Fråga mer avgränsat, "
             "t.ex. per målområde (\"uppdrag målområde 3\") eller period (\"deadlines i december\").")


class Message(TypedDict):
    text: str
    blocks: list[Block]


def plain(text: str, limit: int = 3000) -> dict[str, Any]:
    """A plain_text object (not parsed by Slack), cut to ``limit`` characters."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return {"type": "plain_text", "text": text or " ", "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn object; ``text`` must already be escaped."""
    return {"type": "mrkdwn", "text": text or " "}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_LIMIT)}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def button(label: str, action_id: str, value: str, primary: bool = False) -> dict[str, Any]:
    b: dict[str, Any] = {"type": "button", "text": plain(label, 75), "action_id": action_id,
                         "value": value[:2000]}
    if primary:
        b["style"] = "primary"
    return b


# --- answers -----------------------------------------------------------------------------


def messages(reply: Reply) -> list[Message]:
    """The Slack messages for one reply: within 50 blocks and 3,000 characters a section,
    split over up to three messages, with a hint when even that is not enough.

    Each message's ``text`` is the plain fallback: exactly the words of its blocks.
    """
    title, body = _title(reply)
    sections = blocks_for(body) if body else []
    tail = _actions(reply)
    chunks = _chunks(sections, MAX_BLOCKS - 3)
    cut = len(chunks) > MAX_MESSAGES
    chunks = chunks[:MAX_MESSAGES] or [[]]
    out: list[Message] = []
    for n, chunk in enumerate(chunks):
        blocks = list(chunk)
        words = [b["text"]["text"] for b in chunk]
        if n == 0 and title:
            blocks.insert(0, header(title))
            first = reply.text.split("\n", 1)[0]
            words = [f"{first}\n{words[0]}" if words else first, *words[1:]]
        if n == len(chunks) - 1:
            if cut:
                blocks.append(context(MORE_HINT))
                words.append(MORE_HINT)
            blocks.extend(tail)
        out.append(Message(text="\n\n".join(words) or " ", blocks=blocks))
    return out


def _title(reply: Reply) -> tuple[str | None, str]:
    """A header for the reply (raw data, plain_text) and the mrkdwn body below it."""
    r = reply.result
    if isinstance(r, UppdragCardResult):
        u = r.uppdrag
        title = f"{r.word} {u.key}: {u.title}"
        first, _, rest = reply.text.partition("\n")
        if first == f"*{slack_escape(title)}*":  # the card's own title line: now the header
            return title, rest.strip("\n")
    return None, reply.text


def _actions(reply: Reply) -> list[Block]:
    if not isinstance(reply.result, UppdragCardResult):
        return []
    key = reply.result.uppdrag.key
    return [{"type": "actions", "block_id": f"uppdrag:{key}"[:255], "elements": [
        button("Visa historik", HISTORY_ACTION, key),
        button("Uppdatera", UPDATE_ACTION, key, primary=True),
    ]}]


def _chunks(sections: list[Block], per: int) -> list[list[Block]]:
    chunks: list[list[Block]] = []
    cur: list[Block] = []
    size = 0
    for s in sections:
        n = len(s["text"]["text"])
        if cur and (len(cur) >= per or size + n > TEXT_LIMIT):
            chunks.append(cur)
            cur, size = [], 0
        cur.append(s)
        size += n
    if cur:
        chunks.append(cur)
    return chunks


def reply_messages(text: str) -> list[Message]:
    """Messages for a short text of our own (already escaped)."""
    return [Message(text=text, blocks=blocks_for(text))]


# --- buttons' answers ----------------------------------------------------------------------


# --- App Home ------------------------------------------------------------------------------


def home_view(home: Home) -> dict[str, Any]:
    """The App Home tab: the user's uppdrag, the next deadlines, how to ask."""
    esc = slack_escape
    blocks: list[Block] = [header("Styrbot")]
    if home.plan_title:
        org = f"{home.organisation}, " if home.organisation else ""
        blocks.append(context(esc(f"{org}{home.plan_title}") + f" · {fmt.date(home.today)}"))
    blocks.append(section("*Dina uppdrag*"))
    if home.mine:
        lines = [_uppdrag_line(u) for u in home.mine[:20]]
        if len(home.mine) > 20:
            lines.append(f"… och {len(home.mine) - 20} till. Fråga \"mina uppdrag\".")
        blocks.extend(blocks_for("\n".join(lines)))
    else:
        blocks.append(section("Du står inte som ansvarig för något uppdrag ännu."))
    blocks.append({"type": "divider"})
    blocks.append(section("*Nästa deadlines i planen*"))
    if home.upcoming:
        lines = []
        for d, u in home.upcoming:
            body = f" ({esc(d.body)})" if d.body else ""
            when = fmt.date(d.date) + body + ", " + fmt.relative(d.date, home.today) if d.date else ""
            lines.append(f"• {when}: *{esc(u.key)}* {esc(u.title)}")
        blocks.extend(blocks_for("\n".join(lines)))
    else:
        blocks.append(section("Inga kommande deadlines finns inlagda."))
    blocks.append({"type": "divider"})
    ask = ("*Så frågar du*\nSkriv till mig under fliken Meddelanden, nämn mig i en kanal "
           "eller använd `/styrbot`. Till exempel:\n"
           + "\n".join(f"• `{esc(e)}`" for e in home.examples))
    blocks.append(section(ask))
    return {"type": "home", "blocks": blocks[:HOME_LIMIT]}


def _uppdrag_line(u: UppdragInfo) -> str:
    status = slack_escape(u.status or "ej påbörjad")
    line = f"{STATUS_ICON.get(u.status, '⏳')} *{slack_escape(u.key)}* {slack_escape(u.title)} – {status}"
    if u.percent is not None:
        line += f" {fmt.number(u.percent)} %"
    if u.next_deadline and u.next_deadline.date:
        line += f" · nästa {fmt.date(u.next_deadline.date)}"
    if u.late:
        line += " · ⚠ försenad"
    return line
