"""The "Uppdatera" button opens a modal; submitting it stores an update like a message."""

from __future__ import annotations

import json

from slack_harness import Running

from bot.slack.blocks import UPDATE_ACTION
from bot.slack.modal import CALLBACK, PERCENT, STATUS, TEXT
from store import queries as q

OWNER = "U0SAMHBYGG"  # the demo owner of 3.2


def values(status: str | None, percent: str | None, text: str) -> dict:  # type: ignore[type-arg]
    return {STATUS: {STATUS: {"type": "static_select", "selected_option":
                              {"value": status} if status else None}},
            PERCENT: {PERCENT: {"type": "number_input", "value": percent}},
            TEXT: {TEXT: {"type": "plain_text_input", "value": text}}}


def open_modal(slack: Running, user: str) -> dict:  # type: ignore[type-arg]
    assert slack.send.send(slack.send.button_form(UPDATE_ACTION, "3.2", user=user)).status == 200
    [call] = slack.mock.wait_for("views.open")
    view = call.body["view"]
    assert call.body["trigger_id"] and view["callback_id"] == CALLBACK
    assert view["private_metadata"] == "3.2"
    return view  # type: ignore[no-any-return]


def updates(slack: Running) -> list[dict]:  # type: ignore[type-arg]
    plan = q.current_plan(slack.store)
    assert plan
    return q.updates(slack.store, plan["id"], "3.2")


def test_owner_updates_through_the_modal(slack: Running) -> None:
    before = len(updates(slack))
    view = open_modal(slack, OWNER)
    sent = slack.send.send(slack.send.view_submission_form(
        view, values("pågår", "60", "Tre investerare i dialog <!channel>"), user=OWNER))
    assert sent.status == 200 and sent.body == ""  # closes the modal
    rows = updates(slack)
    assert len(rows) == before + 1
    assert (rows[-1]["author"], rows[-1]["status"], rows[-1]["percent"], rows[-1]["text"]) == (
        OWNER, "pågår", 60, "Tre investerare i dialog <!channel>")
    [dm] = slack.mock.wait_for("chat.postMessage", where=lambda c: c.body["channel"] == OWNER)
    assert "Uppdatering sparad" in dm.body["text"] and "<!channel>" not in dm.text()
    # the next modal is prefilled with the current values
    slack.mock.reset()
    again = open_modal(slack, OWNER)
    status_el = again["blocks"][1]["element"]
    assert status_el["initial_option"]["value"] == "pågår"
    assert again["blocks"][2]["element"]["initial_value"] == "60"


def test_a_stranger_is_refused_in_the_modal_and_nothing_is_stored(slack: Running) -> None:
    before = len(updates(slack))
    view = open_modal(slack, "U0STRANGER")
    sent = slack.send.send(slack.send.view_submission_form(
        view, values("klar", None, "Allt klart"), user="U0STRANGER"))
    assert sent.status == 200
    answer = json.loads(sent.body)
    assert answer["response_action"] == "errors"
    assert "Du kan inte uppdatera uppdrag 3.2" in answer["errors"][TEXT]
    assert OWNER in answer["errors"][TEXT]
    assert len(updates(slack)) == before
