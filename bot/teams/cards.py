"""What Styrbot says in Teams: escaped text, and the uppdrag card as an Adaptive Card.

Text goes out as `textFormat: "xml"` (Teams' simple HTML), with every character of the core's
plain-text reply escaped: an update holding `<at>`, HTML or markdown shows as text, never as a
mention, a link or formatting. In a card, data sits in `TextRun`s, which Teams does not read
as markdown.

The card's "Uppdatera" opens a form (Action.ShowCard) whose Action.Submit comes back as a
message activity with a `value`; `submitted` turns that into the core's typed `Update` after
checking every field on the server, as a chat update would be.
"""

from __future__ import annotations

import html
from typing import Any

from bot.actions import History, Update
from bot.commands import Command
from bot.models import Status
from bot.results import UppdragInfo

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
ACTION = "styrbot"  # the key of our own data in an Action.Submit's value
UPDATE, HISTORY = "uppdatera", "historik"
STATUS, PERCENT, TEXT = "status", "procent", "text"
TEXT_LIMIT = 3000
KEY_LIMIT = 10


def escape(text: str) -> str:
    """Plain text for a Teams message in xml format: shown as typed, line breaks kept."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def text_activity(text: str) -> dict[str, Any]:
    return {"type": "message", "text": escape(text), "textFormat": "xml"}


def _run(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextRun", "text": text, **style}


def _paragraphs(text: str) -> list[dict[str, Any]]:
    """The core's plain text as rich text blocks, one per paragraph, the first line bold."""
    blocks: list[dict[str, Any]] = []
    for i, para in enumerate(p for p in text.split("\n\n") if p.strip()):
        if i == 0:
            head, _, rest = para.partition("\n")
            runs = [_run(head, weight="bolder", size="medium")]
            if rest:
                runs.append(_run("\n" + rest))
        else:
            runs = [_run(para)]
        blocks.append({"type": "RichTextBlock", "inlines": runs, "spacing": "medium"})
    return blocks


def uppdrag_card(u: UppdragInfo, text: str) -> dict[str, Any]:
    """The uppdrag card: the core's text, and the Uppdatera form and the Historik button."""
    form = {
        "type": "AdaptiveCard",
        "body": [
            {"type": "Input.ChoiceSet", "id": STATUS, "label": "Status", "isRequired": True,
             "errorMessage": "Välj en status.", "value": u.status or "",
             "choices": [{"title": s.value.capitalize(), "value": s.value} for s in Status]},
            {"type": "Input.Number", "id": PERCENT, "label": "Hur långt har ni kommit (%)",
             "min": 0, "max": 100, **({"value": u.percent} if u.percent is not None else {})},
            {"type": "Input.Text", "id": TEXT, "label": "Vad har hänt?", "isMultiline": True,
             "isRequired": True, "maxLength": TEXT_LIMIT, "errorMessage": "Skriv vad som hänt."},
        ],
        "actions": [{"type": "Action.Submit", "title": "Spara",
                     "data": {ACTION: UPDATE, "key": u.key}}],
    }
    return {
        "type": "AdaptiveCard", "$schema": CARD_SCHEMA, "version": "1.5",
        "body": _paragraphs(text),
        "actions": [
            {"type": "Action.ShowCard", "title": "Uppdatera", "card": form},
            {"type": "Action.Submit", "title": "Historik", "data": {ACTION: HISTORY, "key": u.key}},
        ],
    }


def card_activity(card: dict[str, Any], fallback: str) -> dict[str, Any]:
    """A message holding only the card (Teams would show a text above it as well); its first
    line is the summary a notification shows."""
    return {"type": "message", "summary": fallback.split("\n", 1)[0][:200],
            "attachments": [{"contentType": CARD_CONTENT_TYPE, "content": card}]}


class FormError(ValueError):
    """A submitted form is not valid; the message (Swedish) says what to correct."""


def is_submit(value: Any) -> bool:
    return isinstance(value, dict) and value.get(ACTION) in (UPDATE, HISTORY)


def submitted(value: dict[str, Any]) -> Command:
    """The typed command from a card's Action.Submit, every field checked on the server
    (the client's min, max and maxLength are only a courtesy)."""
    key = value.get("key")
    if not isinstance(key, str) or not 0 < len(key) <= KEY_LIMIT:
        raise FormError("Formuläret saknar uppdragets nummer; öppna kortet igen.")
    if value[ACTION] == HISTORY:
        return History(key=key)
    status_raw = value.get(STATUS)
    if status_raw in (None, ""):
        status = None
    elif isinstance(status_raw, str) and status_raw in {s.value for s in Status}:
        status = Status(status_raw)
    else:
        raise FormError("Välj en status i listan.")
    percent_raw = value.get(PERCENT)
    percent: int | None
    if percent_raw in (None, ""):
        percent = None
    else:
        try:
            if isinstance(percent_raw, bool) or not isinstance(percent_raw, (int, float, str)):
                raise TypeError(percent_raw)
            number = float(percent_raw)
        except (TypeError, ValueError):
            raise FormError("Procent ska vara ett heltal mellan 0 och 100.") from None
        if not number.is_integer() or not 0 <= number <= 100:
            raise FormError("Procent ska vara ett heltal mellan 0 och 100.")
        percent = int(number)
    text = value.get(TEXT)
    if not isinstance(text, str) or not text.strip():
        raise FormError("Skriv vad som hänt i uppdraget.")
    if len(text) > TEXT_LIMIT:
        raise FormError(f"Texten är för lång: högst {TEXT_LIMIT} tecken "
                        f"(du skrev {len(text)}). Inget sparades.")
    return Update(key=key, text=text.strip(), status=status, percent=percent)
