"""Slack's Block Kit: replies, scheduled documents and the App Home, within Slack's limits.

The templates render the words (neutral markup); bot/slack/mrkdwn.py makes them mrkdwn,
escaped; this module only arranges them: a header, sections under 3,000 characters, at
most 50 blocks a message, buttons. Data put into ``plain_text`` (headers, button labels)
is never parsed by Slack for mentions or links. A button's value is the key of the typed
command it stands for, and comes back to us only through a signed request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.core import typed
from bot.core.bot import Reply
from bot.core.home import Home
from bot.core.markup import Action, leading_heading
from bot.core.markup import plain as plain_words
from bot.core.render import STATUS_ICON
from bot.core.results import UppdragInfo
from bot.domain import fmt
from bot.schedule.document import Document
from bot.schedule.transport import FileSpec, Message
from bot.slack.mrkdwn import escape, mention, mrkdwn
from handlers.updates import History, Update

Block = dict[str, Any]

HISTORY_ACTION = "styrbot_historik"  # bot/slack/listeners/actions.py answers it
UPDATE_ACTION = "styrbot_uppdatera"  # bot/slack/modal.py opens the form
ASK_ACTION = "styrbot_fraga"  # "menade du …?": the value is the typed command (bot.core.typed)

HEADER_LIMIT = 150  # characters in a header block
SECTION_LIMIT = 3000  # characters in a section's text
MAX_BLOCKS = 50  # blocks in a message
TEXT_LIMIT = 12_000  # characters of section text per message (Slack cuts at 40,000; we stay readable)
MAX_MESSAGES = 3  # a longer answer is cut, with a hint to ask more narrowly
HOME_LIMIT = 100  # blocks in a view
MORE_HINT = ("… svaret är längre än vad som ryms här. Fråga mer avgränsat, "
             "t.ex. per målområde (\"uppdrag målområde 3\") eller period (\"deadlines i december\").")


def plain(text: str, limit: int = 3000) -> dict[str, Any]:
    """A plain_text object (not parsed by Slack), cut to ``limit`` characters."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return {"type": "plain_text", "text": text or " ", "emoji": True}


def mrkdwn_text(text: str) -> dict[str, Any]:
    """A mrkdwn object; ``text`` must already be escaped."""
    return {"type": "mrkdwn", "text": text or " "}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_LIMIT)}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn_text(text)}


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn_text(text)]}


def button(label: str, action_id: str, value: str, primary: bool = False) -> dict[str, Any]:
    b: dict[str, Any] = {"type": "button", "text": plain(label, 75), "action_id": action_id,
                         "value": value[:2000]}
    if primary:
        b["style"] = "primary"
    return b


def action_button(action: Action) -> dict[str, Any]:
    """The button for a typed command: its action_id says which command, its value the
    uppdrag key (bot/slack/listeners/actions.py and bot/slack/modal.py type it again)."""
    cmd = action.command
    if isinstance(cmd, History):
        return button(action.label, HISTORY_ACTION, cmd.key, action.primary)
    if isinstance(cmd, Update) and action.form:
        return button(action.label, UPDATE_ACTION, cmd.key, action.primary)
    if not cmd.writes and not action.form:
        return button(action.label, ASK_ACTION, typed.encode(cmd), action.primary)
    raise ValueError(f"no Slack button for {cmd!r}")


def blocks_for(text: str) -> list[Block]:
    """Block Kit sections for a mrkdwn text: split at blank lines, each under 3,000 chars."""
    blocks: list[Block] = []
    chunk = ""
    for para in text.split("\n\n"):
        while len(para) > SECTION_LIMIT:
            cut = para.rfind("\n", 0, SECTION_LIMIT)
            cut = cut if cut > 0 else SECTION_LIMIT
            if chunk:
                blocks.append(section(chunk))
                chunk = ""
            blocks.append(section(para[:cut]))
            para = para[cut:].lstrip("\n")
        candidate = f"{chunk}\n\n{para}" if chunk else para
        if len(candidate) > SECTION_LIMIT:
            blocks.append(section(chunk))
            chunk = para
        else:
            chunk = candidate
    if chunk:
        blocks.append(section(chunk))
    return blocks


def block_text(block: Block) -> str:
    """The words a block shows (for the text fallback)."""
    if block.get("type") in ("section", "header"):
        return str(block.get("text", {}).get("text", ""))
    if block.get("type") == "context":
        return " ".join(str(e.get("text", "")) for e in block.get("elements", []))
    return ""


def pack(blocks: list[Block], *, max_blocks: int = MAX_BLOCKS,
         text_limit: int = TEXT_LIMIT) -> list[Message]:
    """Split blocks over messages within Slack's limits (50 blocks; sections are already under
    3,000 characters); each message's text is exactly the words of its blocks."""
    chunks: list[list[Block]] = []
    cur: list[Block] = []
    size = 0
    for b in blocks:
        n = len(block_text(b))
        if cur and (len(cur) >= max_blocks or size + n > text_limit):
            chunks.append(cur)
            cur, size = [], 0
        if not cur and b.get("type") == "divider":
            continue
        cur.append(b)
        size += n
    if cur:
        chunks.append(cur)
    out = []
    for chunk in chunks:
        while chunk and chunk[-1].get("type") == "divider":
            chunk.pop()
        words = [t for t in (block_text(b) for b in chunk) if t]
        out.append(Message(text="\n\n".join(words) or " ", blocks=chunk))
    return out

# --- replies -----------------------------------------------------------------------------


def slack_text(reply: Reply, person: Callable[[str], str] = mention) -> str:
    """The reply's words as mrkdwn."""
    return mrkdwn(reply.markup, person)


def messages(reply: Reply, person: Callable[[str], str] = mention) -> list[Message]:
    """The Slack messages for one reply: within 50 blocks and 3,000 characters a section,
    split over up to three messages, with a hint when even that is not enough; a reply
    that begins with a heading gets it as the header, and its actions as buttons.

    Each message's ``text`` is the plain fallback: exactly the words of its blocks.
    A reply that carries files (the report) is the files, the first with its words as comment.
    """
    if reply.attachments:
        comment = mrkdwn(reply.markup, person).strip()
        return [Message(text=comment if n == 0 else "",
                        file=FileSpec(a.filename, a.title, a.data, alt=a.alt))
                for n, a in enumerate(reply.attachments)]
    heading, rest = leading_heading(reply.markup)
    if heading is not None:
        title: str | None = plain_words(heading)
        first = mrkdwn(reply.markup.partition("\n")[0], person)
        body = mrkdwn(rest, person).strip("\n")
    else:
        title, first, body = None, "", mrkdwn(reply.markup, person)
    sections = blocks_for(body) if body else []
    tail = _actions(reply.actions)
    chunks = [m.blocks for m in pack(sections, max_blocks=MAX_BLOCKS - 3)]
    cut = len(chunks) > MAX_MESSAGES
    chunks = chunks[:MAX_MESSAGES] or [[]]
    out: list[Message] = []
    for n, chunk in enumerate(chunks):
        blocks = list(chunk)
        words = [b["text"]["text"] for b in chunk]
        if n == 0 and title:
            blocks.insert(0, header(title))
            words = [f"{first}\n{words[0]}" if words else first, *words[1:]]
        if n == len(chunks) - 1:
            if cut:
                blocks.append(context(MORE_HINT))
                words.append(MORE_HINT)
            blocks.extend(tail)
        out.append(Message(text="\n\n".join(words) or " ", blocks=blocks))
    return out


def _actions(actions: list[Action]) -> list[Block]:
    if not actions:
        return []
    key = getattr(actions[0].command, "key", None)
    block_id = f"uppdrag:{key}" if isinstance(key, str) else "menade-du"
    return [{"type": "actions", "block_id": block_id[:255],
             "elements": [action_button(a) for a in actions]}]


def reply_messages(text: str) -> list[Message]:
    """Messages for a short text of our own (already escaped)."""
    return [Message(text=text, blocks=blocks_for(text))]


# --- scheduled documents -------------------------------------------------------------------


def document_messages(doc: Document) -> list[Message]:
    """A scheduled document as Slack messages: its title the header, sections (a divider
    where asked, notes as context blocks, an action as the section's button), packed within
    Slack's limits; then each file as a message of its own."""
    blocks: list[Block] = []
    if doc.title is not None:
        blocks.append({"type": "header", "text": {"type": "plain_text",
                                                  "text": doc.title[:HEADER_LIMIT], "emoji": True}})
    for s in doc.sections:
        text = mrkdwn(s.markup)
        if s.divider:
            blocks.append({"type": "divider"})
        if s.note:
            blocks.append(context(text))
            continue
        if s.whole:
            blocks.append(section(text))
            continue
        sections = blocks_for(text)
        if s.action is not None:
            sections[-1] = {**sections[-1], "block_id": (s.ref or "")[:255],
                            "accessory": action_button(s.action)}
        blocks += sections
    out = pack(blocks) if blocks else []
    for f in doc.files:
        out.append(Message(text=f.comment, file=FileSpec(f.filename, f.title, f.data, alt=f.alt)))
    return out


# --- App Home ------------------------------------------------------------------------------


def home_view(home: Home) -> dict[str, Any]:
    """The App Home tab: the user's uppdrag, the next deadlines, how to ask."""
    esc = escape
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
    status = escape(u.status or "ej påbörjad")
    line = f"{STATUS_ICON.get(u.status, '⏳')} *{escape(u.key)}* {escape(u.title)} – {status}"
    if u.percent is not None:
        line += f" {fmt.number(u.percent)} %"
    if u.next_deadline and u.next_deadline.date:
        line += f" · nästa {fmt.date(u.next_deadline.date)}"
    if u.late:
        line += " · ⚠ försenad"
    return line
