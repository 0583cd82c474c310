"""The slash command and the card's buttons, answered through the response_url."""

from __future__ import annotations

from mock_slack import at
from slack_harness import TITLE_3_2, Running

from bot.slack.blocks import HISTORY_ACTION, UPDATE_ACTION


def test_slash_command_answers_visibly_in_the_channel(slack: Running) -> None:
    url = slack.mock.response_url()
    sent = slack.send.send(slack.send.command_form("status uppdrag 3.2", response_url=url))

    assert sent.status == 200 and sent.body == ""  # acknowledged at once, answer follows
    [call] = slack.mock.wait_for("response_url", where=at(url))
    assert call.body["response_type"] == "in_channel"
    assert TITLE_3_2 in call.body["text"]
    assert call.body["blocks"][0]["type"] == "header"


def test_slash_command_help_and_misses_are_only_for_the_asker(slack: Running) -> None:
    for text in ("", "hjälp", "blåbärssoppa"):
        url = slack.mock.response_url()
        assert slack.send.send(slack.send.command_form(text, response_url=url)).status == 200
        [call] = slack.mock.wait_for("response_url", where=at(url))
        assert call.body["response_type"] == "ephemeral", text


def test_slash_command_is_acknowledged_before_the_slow_work(slack: Running) -> None:
    url = slack.mock.response_url()
    answered = slack.mock.hold("response_url")  # the answer cannot be delivered yet

    sent = slack.send.send(slack.send.command_form("status uppdrag 3.2", response_url=url))

    assert sent.status == 200  # acknowledged while the answer is still held back
    assert slack.mock.calls_to("response_url", ok=None) == []
    answered.set()
    [call] = slack.mock.wait_for("response_url", where=at(url))
    assert TITLE_3_2 in call.body["text"]


def test_visa_historik_answers_only_the_clicker(slack: Running) -> None:
    url = slack.mock.response_url()
    sent = slack.send.send(slack.send.button_form(HISTORY_ACTION, "3.2", response_url=url))

    assert sent.status == 200
    [call] = slack.mock.wait_for("response_url", where=at(url))
    assert call.body["response_type"] == "ephemeral"
    assert call.body["replace_original"] is False
    assert "3.2" in call.body["text"] and TITLE_3_2 in call.body["text"]


def test_uppdatera_opens_the_update_modal(slack: Running) -> None:
    url = slack.mock.response_url()
    slack.send.send(slack.send.button_form(UPDATE_ACTION, "3.2", response_url=url))

    [call] = slack.mock.wait_for("views.open")
    assert call.body["view"]["private_metadata"] == "3.2"
    assert "Uppdatera 3.2" in call.body["view"]["title"]["text"]


def test_uppdatera_on_the_app_home_opens_the_modal_too(slack: Running) -> None:
    body = slack.send.button_form(UPDATE_ACTION, "3.2", user="U0HOME", from_home=True)

    assert slack.send.send(body).status == 200

    [call] = slack.mock.wait_for("views.open")
    assert call.body["view"]["callback_id"] == "styrbot_update_modal"


def test_visa_historik_on_the_app_home_answers_in_a_dm(slack: Running) -> None:
    body = slack.send.button_form(HISTORY_ACTION, "3.2", user="U0HOME", from_home=True)

    assert slack.send.send(body).status == 200

    [call] = slack.mock.wait_for("chat.postMessage")
    assert call.body["channel"] == "U0HOME"
    assert "Historik för uppdrag 3.2" in call.body["text"]


def test_menade_du_offers_the_nearest_readings_as_buttons_that_ask_them(slack: Running) -> None:
    from bot.core import typed
    from bot.slack.blocks import ASK_ACTION

    url = slack.mock.response_url()
    slack.send.send(slack.send.command_form("budget för parkering vid badplatsen", response_url=url))
    [call] = slack.mock.wait_for("response_url", where=at(url))
    assert "Det finns inte i planen" in call.body["text"]
    buttons = [e for b in call.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons and all(b["action_id"] == ASK_ACTION for b in buttons)
    parking = next(b for b in buttons if "Parkering" in b["text"]["text"])
    assert typed.decode(parking["value"]) is not None

    url = slack.mock.response_url()
    slack.send.send(slack.send.button_form(ASK_ACTION, parking["value"], response_url=url))
    [answer] = slack.mock.wait_for("response_url", where=at(url))
    assert "Parkering och trafikåtgärder" in answer.body["text"]


def test_a_forged_ask_button_is_answered_in_swedish(slack: Running) -> None:
    from bot.slack.blocks import ASK_ACTION

    url = slack.mock.response_url()
    slack.send.send(slack.send.button_form(ASK_ACTION, '{"c":"uppdatera","f":{}}', response_url=url))
    [call] = slack.mock.wait_for("response_url", where=at(url))
    assert "för gammal" in call.body["text"]
