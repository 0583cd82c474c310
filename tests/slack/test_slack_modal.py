"""The "Uppdatera" button opens a modal; submitting it stores an update like a message."""

from __future__ import annotations

import json

import pytest
from slack_harness import Running

from bot.slack.blocks import UPDATE_ACTION
from bot.slack.modal import CALLBACK, PERCENT, STATUS, TEXT
from tests.support import updates_of

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
    return updates_of(slack.store)


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


def _bad(status: object = "pågår", percent: object = "40", text: object = "Läget") -> dict:  # type: ignore[type-arg]
    return {STATUS: {STATUS: {"type": "static_select", "selected_option": status if not
                              isinstance(status, str) else {"value": status}}},
            PERCENT: {PERCENT: {"type": "number_input", "value": percent}},
            TEXT: {TEXT: {"type": "plain_text_input", "value": text}}}


@pytest.mark.parametrize("state, field", [
    (_bad(percent="-5"), PERCENT), (_bad(percent="9999"), PERCENT), (_bad(percent="4,5"), PERCENT),
    (_bad(percent=["40"]), PERCENT), (_bad(percent={"v": 1}), PERCENT),
    (_bad(text="x" * 50_000), TEXT), (_bad(text={"rich": "text"}), TEXT), (_bad(text=["a"]), TEXT),
    (_bad(status="påhittad"), STATUS), (_bad(status="40"), STATUS), (_bad(status=["pågår"]), STATUS),
    ({STATUS: "inte ett avsnitt", PERCENT: [], TEXT: None}, TEXT),  # no text: the core's own word
], ids=["negative", "9999", "decimal", "percent-list", "percent-object", "50000-chars",
        "text-object", "text-list", "bogus-status", "number-as-status", "status-list", "garbage"])
def test_a_forged_form_gets_slacks_field_errors_and_nothing_is_stored(
        slack: Running, state: dict, field: str) -> None:  # type: ignore[type-arg]
    """What Slack's client should have stopped (min, max, length, a select's options) is
    checked on the server: a field error by the right field, never a 5xx, nothing stored."""
    before = len(updates(slack))
    view = open_modal(slack, OWNER)
    sent = slack.send.send(slack.send.view_submission_form(view, state, user=OWNER))
    assert sent.status == 200, sent
    answer = json.loads(sent.body)
    assert answer["response_action"] == "errors" and field in answer["errors"], answer
    assert len(updates(slack)) == before
    assert "9 999 %" not in json.dumps(answer, ensure_ascii=False)


def test_the_same_submission_twice_stores_one_update(slack: Running) -> None:
    """A double click on Spara, or Slack resending, delivers the same view (id and hash)
    again: the update is stored once."""
    before = len(updates(slack))
    view = open_modal(slack, OWNER)
    form = slack.send.view_submission_form(view, values("pågår", "70", "En gång"), user=OWNER)
    assert slack.send.send(form).status == 200
    assert slack.send.send(form).status == 200
    slack.settle()
    rows = updates(slack)
    assert [r["text"] for r in rows[before:]] == ["En gång"]
    # a new submission of the same modal (a new hash) is a new update
    again = slack.send.view_submission_form(view, values("pågår", "75", "En gång"), user=OWNER)
    assert slack.send.send(again).status == 200
    assert [(r["text"], r["percent"]) for r in updates(slack)[before:]] == [
        ("En gång", 70), ("En gång", 75)]


def test_a_percent_that_is_not_a_whole_number_is_shown_in_the_modal(slack: Running) -> None:
    before = len(updates(slack))
    view = open_modal(slack, OWNER)
    for bad in ("abc", "12.5", "6O"):
        sent = slack.send.send(slack.send.view_submission_form(
            view, values("pågår", bad, "Något hände"), user=OWNER))
        assert sent.status == 200, bad
        answer = json.loads(sent.body)
        assert answer == {"response_action": "errors",
                          "errors": {PERCENT: "Skriv ett heltal från 0 till 100."}}, bad
    slack.settle()
    assert len(updates(slack)) == before
