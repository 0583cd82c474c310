"""Teams has the conversation too (issue 14: it lives in the core): a follow-up that gives
only what changes is read against the last answer of its personal chat, group chat or
channel reply chain, and the reply says what it understood; the subject is in the store, so
it survives a restart."""

from __future__ import annotations

import concurrent.futures as cf
import json
import threading
from pathlib import Path
from typing import Any

from bot.clock import Clock
from bot.teams.app import TeamsApp
from store.db import Store
from tests.conftest import NOW
from tests.teams.conftest import Served, Teams, settings_for
from tests.teams.stand_in import StandIn, activity


def _ask(teams: Teams, text: str, conversation: str, **kw: Any) -> str:
    """The reply's text (its card's, when it is a card)."""
    response, _act = teams.send(text, conversation=conversation, **kw)
    assert response.status == 200
    [*_, sent] = teams.ms.received(conversation)
    return sent.text + (json.dumps(sent.card, ensure_ascii=False) if sent.card else "")


def _mention(teams: Teams, text: str, conversation: str) -> dict[str, Any]:
    act = activity(f"<at>Styrbot</at> {text}", conversation=conversation, kind="channel",
                   service_url=teams.ms.service_url)
    act["entities"] = [{"type": "mention", "text": "<at>Styrbot</at>",
                        "mentioned": {"id": act["recipient"]["id"], "name": "Styrbot"}}]
    return act


def test_a_follow_up_in_a_personal_chat_gives_only_the_new_year(teams: Teams) -> None:
    first = _ask(teams, "budget färdtjänst 2026", "a:personal-anna")
    assert "Färdtjänst" in first
    reply = _ask(teams, "och 2027?", "a:personal-anna")
    assert reply.startswith("Färdtjänst, budget 2027:") and "−4 100 tkr" in reply


def test_who_and_when_after_an_uppdrag_card(teams: Teams) -> None:
    _ask(teams, "status uppdrag 4.3", "a:personal-anna")
    owner = _ask(teams, "vem äger det?", "a:personal-anna")
    assert owner.startswith("Uppdrag 4.3, ansvarig:") and "U0EKONOMICH" in owner
    when = _ask(teams, "när ska det redovisas?", "a:personal-anna")
    assert when.startswith("Uppdrag 4.3, tidplan:")


def test_each_reply_chain_in_a_channel_is_its_own_conversation(teams: Teams) -> None:
    one, two = "19:k@thread.tacv2;messageid=1700000000201", "19:k@thread.tacv2;messageid=1700000000202"
    assert teams.deliver(_mention(teams, "budget färdtjänst 2026", one)).status == 200
    assert teams.deliver(_mention(teams, "budget gymnasieskola 2026", two)).status == 200
    assert teams.deliver(_mention(teams, "och 2027?", one)).status == 200
    assert teams.deliver(_mention(teams, "och 2027?", two)).status == 200
    assert teams.ms.received(one)[-1].text.startswith("Färdtjänst, budget 2027:")
    assert teams.ms.received(two)[-1].text.startswith("Gymnasieskola, budget 2027:")
    # and a new conversation, with nothing said before, carries nothing
    alone = _ask(teams, "och 2027?", "a:personal-bertil")
    assert not alone.startswith(("Färdtjänst", "Gymnasieskola"))


def test_the_subject_survives_a_restart(ms: StandIn, demo_db: Path) -> None:
    store = Store(demo_db)
    app = TeamsApp(settings_for(ms, demo_db), store, Clock.fixed(NOW), refresh_interval=0)
    served = Served(app)
    _ask(Teams(ms, served, store), "budget färdtjänst 2026", "a:personal-anna")
    served.stop()
    again = TeamsApp(settings_for(ms, demo_db), Store(demo_db), Clock.fixed(NOW), refresh_interval=0)
    served = Served(again)
    try:
        reply = _ask(Teams(ms, served, store), "och 2027?", "a:personal-anna")
    finally:
        served.stop()
        store.close()
    assert reply.startswith("Färdtjänst, budget 2027:")


def test_a_follow_up_sent_at_once_waits_for_the_message_before_it(teams: Teams) -> None:
    """The first message's reply is held at the connector when the follow-up comes: the
    follow-up waits its turn (one message at a time per conversation), so it is read against
    the first, whose subject is kept once its reply is out."""
    conv = "a:personal-anna"
    gate = teams.ms.hold_sends = threading.Event()
    first = activity("budget färdtjänst 2026", conversation=conv, service_url=teams.ms.service_url)
    follow = activity("och 2027?", conversation=conv, service_url=teams.ms.service_url)
    with cf.ThreadPoolExecutor(2) as pool:
        answered = pool.submit(teams.deliver, first)
        assert teams.ms.wait_for(conv) is not None  # the first reply, held
        waiting = pool.submit(teams.deliver, follow)
        # while the first's reply is held, the follow-up is not answered (it waits its turn)
        with teams.ms.arrived:
            teams.ms.arrived.wait_for(lambda: len(teams.ms.sent) > 1, timeout=1)
        assert len(teams.ms.received(conv)) == 1
        gate.set()
        assert answered.result(30).status == 200 and waiting.result(30).status == 200
    assert teams.ms.received(conv)[-1].text.startswith("Färdtjänst, budget 2027:")


def test_a_card_asked_again_is_answered_from_what_the_core_keeps_and_kept_in_the_inbox(
        teams: Teams) -> None:
    """The second "status uppdrag 4.3" is the kept card (answered on the event loop: no
    parse, no thread): the same reply, kept in the inbox done with it, its subject kept for
    a follow-up, and its redelivery answered once."""
    from store import inbox

    first = _ask(teams, "status uppdrag 4.3", "a:personal-anna")
    assert teams.served.app.bot.kept("status uppdrag 4.3") is not None  # what the app asks
    response, act = teams.send("status uppdrag 4.3", conversation="a:personal-bertil")
    assert response.status == 200
    again = teams.ms.received("a:personal-bertil")[-1]
    assert again.text + json.dumps(again.card, ensure_ascii=False) == first
    row = inbox.get(teams.store, "teams", f"a:personal-bertil|{act['id']}")
    assert row is not None and row["state"] == "done" and row["reply"]["sent"]
    assert teams.deliver(act).status == 200  # the channel sends it again
    assert len(teams.ms.received("a:personal-bertil")) == 1
    assert _ask(teams, "vem äger det?", "a:personal-bertil").startswith("Uppdrag 4.3, ansvarig:")
