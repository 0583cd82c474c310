"""What Styrbot says in Teams: a text message, or an Adaptive Card for a reply with actions.

Text goes out as `textFormat: "xml"` (Teams' simple HTML) made from the core's neutral markup
(bot/teams/markup.py), every character of data escaped: an update holding `<at>`, HTML or
markdown shows as text, never as a mention, a link or formatting. A reply that offers actions
(the uppdrag card: Historik, Uppdatera) is an Adaptive Card whose text sits in TextRuns, which
Teams does not read as markdown.

An action is a typed command: Historik an Action.Submit carrying the uppdrag's key,
Uppdatera a form (Action.ShowCard) prefilled with the uppdrag's status and percent. A submit
comes back as a message activity with a `value`; `submitted` turns it into the core's typed
command after checking every field on the server, as a chat update would be.
"""

from __future__ import annotations

import html
from typing import Any

from bot.core.commands import Command
from bot.core.markup import Action
from bot.domain.plan import Status
from bot.teams import markup as tm
from handlers.updates import History, Update
from handlers.uppdrag import UppdragCardResult

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
    """A message of plain text (a form's refusal): escaped."""
    return {"type": "message", "text": escape(text), "textFormat": "xml"}


def markup_activity(markup: str, names: tm.Names) -> dict[str, Any]:
    """A message of the core's neutral markup, as Teams' xml."""
    return {"type": "message", "text": tm.xml(markup, names), "textFormat": "xml"}


def _paragraphs(markup: str, names: tm.Names) -> list[dict[str, Any]]:
    """The markup as rich text blocks, one per paragraph."""
    text = tm.resolved(markup, names)
    return [{"type": "RichTextBlock", "inlines": tm.runs(para), "spacing": "medium"}
            for para in text.split("\n\n") if para.strip()]


def _form(key: str, status: str | None, percent: int | None) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "body": [
            {"type": "Input.ChoiceSet", "id": STATUS, "label": "Status", "isRequired": True,
             "errorMessage": "Välj en status.", "value": status or "",
             "choices": [{"title": s.value.capitalize(), "value": s.value} for s in Status]},
            {"type": "Input.Number", "id": PERCENT, "label": "Hur långt har ni kommit (%)",
             "min": 0, "max": 100, **({"value": percent} if percent is not None else {})},
            {"type": "Input.Text", "id": TEXT, "label": "Vad har hänt?", "isMultiline": True,
             "isRequired": True, "maxLength": TEXT_LIMIT, "errorMessage": "Skriv vad som hänt."},
        ],
        "actions": [{"type": "Action.Submit", "title": "Spara",
                     "data": {ACTION: UPDATE, "key": key}}],
    }


def card_action(action: Action, result: Any = None) -> dict[str, Any] | None:
    """An action as the card's button: Historik a submit, Uppdatera its form (prefilled from
    the uppdrag shown); None for an action Teams does not offer (it is typed instead)."""
    cmd = action.command
    if isinstance(cmd, History):
        return {"type": "Action.Submit", "title": action.label,
                "data": {ACTION: HISTORY, "key": cmd.key}}
    if isinstance(cmd, Update) and action.form:
        u = result.uppdrag if isinstance(result, UppdragCardResult) else None
        status = u.status if u is not None else (cmd.status.value if cmd.status else None)
        percent = u.percent if u is not None else cmd.percent
        return {"type": "Action.ShowCard", "title": action.label,
                "card": _form(cmd.key, status, percent)}
    return None


def prefill(result: Any) -> tuple[str | None, int | None] | None:
    """What a card's Uppdatera form is filled with from the result (the uppdrag's status
    and percent), or None: with the markup and actions, all a card is made of."""
    u = result.uppdrag if isinstance(result, UppdragCardResult) else None
    return (u.status, u.percent) if u is not None else None


def card(markup: str, actions: list[Action], names: tm.Names,
         result: Any = None) -> dict[str, Any] | None:
    """A reply with actions as an Adaptive Card; None when Teams offers none of them."""
    buttons = [b for b in (card_action(a, result) for a in actions) if b is not None]
    if not buttons:
        return None
    buttons.sort(key=lambda b: b["type"] != "Action.ShowCard")  # Uppdatera first
    return {"type": "AdaptiveCard", "$schema": CARD_SCHEMA, "version": "1.5",
            "body": _paragraphs(markup, names), "actions": buttons}


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
