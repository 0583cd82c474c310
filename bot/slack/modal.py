"""The "Uppdatera" modal: status, percentage and text, prefilled with the current values.

The button on the uppdrag card opens it; submitting it runs the core's `Update` command
for the clicker, so the same permissions, history and confirmation apply as for a
message. A refusal or a missing text is shown in the modal; nothing is stored then.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.domain.plan import Status
from bot.slack.blocks import UPDATE_ACTION, plain, slack_text
from bot.slack.listeners.common import Deps, post
from handlers.updates import Update, percent_problem, text_problem
from handlers.uppdrag import UppdragCard, UppdragCardResult

log = logging.getLogger("styrbot.slack")

CALLBACK = "styrbot_update_modal"
STATUS, PERCENT, TEXT = "status", "procent", "text"
TEXT_LIMIT = 3000


def _input(block_id: str, label: str, element: dict[str, Any], optional: bool = False,
           hint: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "label": plain(label),
                             "element": {**element, "action_id": block_id}, "optional": optional}
    if hint:
        block["hint"] = plain(hint)
    return block


def _option(status: Status) -> dict[str, Any]:
    return {"text": plain(status.value.capitalize()), "value": status.value}


def update_view(key: str, title: str, status: str | None, percent: int | None) -> dict[str, Any]:
    """The modal for uppdrag ``key``, prefilled with its current status and percentage."""
    status_el: dict[str, Any] = {"type": "static_select", "placeholder": plain("Välj status"),
                                 "options": [_option(s) for s in Status]}
    if status:
        status_el["initial_option"] = _option(Status(status))
    percent_el: dict[str, Any] = {"type": "number_input", "is_decimal_allowed": False,
                                  "min_value": "0", "max_value": "100"}
    if percent is not None:
        percent_el["initial_value"] = str(percent)
    return {
        "type": "modal", "callback_id": CALLBACK, "private_metadata": key,
        "title": plain(f"Uppdatera {key}", 24), "submit": plain("Spara"),
        "close": plain("Avbryt"),
        "blocks": [
            {"type": "section", "text": plain(f"{key} {title}", 3000)},
            _input(STATUS, "Status", status_el),
            _input(PERCENT, "Hur långt har ni kommit (%)", percent_el, optional=True),
            _input(TEXT, "Vad har hänt?", {"type": "plain_text_input", "multiline": True,
                                           "max_length": TEXT_LIMIT}),
        ],
    }


def _field(values: Any, block: str) -> dict[str, Any]:
    """One input's state, or {} when the submission has none of the shape Slack sends."""
    got = values.get(block) if isinstance(values, dict) else None
    got = got.get(block) if isinstance(got, dict) else None
    return got if isinstance(got, dict) else {}


def submitted(view: dict[str, Any]) -> Update | dict[str, str]:
    """The typed command from a submitted modal, or the errors to show by each field.

    Slack's client enforces the view's min, max and length, but a request can say anything:
    every field is checked here again, by the same rules as an update in chat."""
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    errors: dict[str, str] = {}
    chosen = _field(values, STATUS).get("selected_option")
    raw_status = chosen.get("value") if isinstance(chosen, dict) else chosen
    status: Status | None = None
    if raw_status is not None:
        try:
            status = Status(raw_status) if isinstance(raw_status, str) else Status("")
        except ValueError:
            errors[STATUS] = "Välj en status i listan."
    raw_percent = _field(values, PERCENT).get("value")
    percent: int | None = None
    if raw_percent not in (None, ""):
        text_percent = raw_percent.strip() if isinstance(raw_percent, str) else ""
        percent = int(text_percent) if text_percent.isdecimal() and len(text_percent) <= 3 else -1
        if percent_problem(percent):
            errors[PERCENT] = "Skriv ett heltal från 0 till 100."
    raw_text = _field(values, TEXT).get("value")
    if raw_text is not None and not isinstance(raw_text, str):
        errors[TEXT] = "Skriv vad som har hänt, som text."
    text = raw_text.strip() if isinstance(raw_text, str) else ""
    if (problem := text_problem(text, TEXT_LIMIT)):
        errors[TEXT] = problem
    key = view.get("private_metadata")
    if errors:
        return errors
    return Update(key=key[:10] if isinstance(key, str) else "", text=text, status=status,
                  percent=percent)


def register(app: App, deps: Deps) -> None:
    @app.action(UPDATE_ACTION)
    def open_update_modal(ack: Ack, body: dict[str, Any], action: dict[str, Any],
                          client: WebClient) -> None:
        ack()
        from bot.slack.listeners.errors import after_ack

        with after_ack(deps, body, client):
            key = str(action.get("value") or "")[:10]
            card = deps.bot.run(UppdragCard(key=key), user=body["user"]["id"])
            if not isinstance(card.result, UppdragCardResult):
                post(client, body["user"]["id"], card)
                return
            u = card.result.uppdrag
            client.views_open(trigger_id=body["trigger_id"],
                              view=update_view(u.key, u.title, u.status, u.percent))

    @app.view(CALLBACK)
    def save_update(ack: Ack, body: dict[str, Any], view: dict[str, Any],
                    client: WebClient) -> None:
        user = body["user"]["id"]
        cmd = submitted(view)
        if isinstance(cmd, dict):
            ack(response_action="errors", errors=cmd)
            log.info("refused a modal submission: %s", ", ".join(sorted(cmd)))
            return
        reply = deps.bot.run(cmd, user=user, event_id=f"view:{view.get('id')}:{view.get('hash')}")
        if reply.error:
            ack(response_action="errors", errors={TEXT: slack_text(reply)[:2000]})
            return
        ack()
        post(client, user, reply)
