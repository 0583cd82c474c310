"""Teams in use: the same questions and writes as Slack, once per activity, escaped, in the
reply chain, with the uppdrag card's form checked on the server."""

from __future__ import annotations

import concurrent.futures as cf
import html
import uuid
from pathlib import Path

from bot.clock import Clock
from bot.core.bot import Bot
from store import inbox
from store import queries as q
from store import teams as teams_store
from store.db import Store
from tests.conftest import NOW
from tests.teams.conftest import Served, Teams, settings_for
from tests.teams.stand_in import ANNA, BERTIL, StandIn, activity


def _updates(store: Store, key: str = "3.2") -> list[dict]:
    doc = q.current_plan(store)
    assert doc is not None
    return q.updates(store, doc["id"], key)


def test_a_redelivered_activity_is_answered_once_and_written_once(teams: Teams) -> None:
    act = activity("uppdatera 3.2: pågår 40 % Upphandlingen är klar", id="1700000000001",
                   service_url=teams.ms.service_url)
    before = len(_updates(teams.store))
    for _ in range(3):
        assert teams.deliver(act).status == 200
    assert len(teams.ms.received()) == 1
    assert len(_updates(teams.store)) == before + 1
    row = inbox.get(teams.store, "teams", f"a:personal-anna|{act['id']}")
    assert row is not None and row["state"] == "done" and row["reply"]["sent"]


def test_the_same_activity_id_in_two_conversations_is_two_activities(teams: Teams) -> None:
    """Teams numbers activities per conversation: the inbox key holds both."""
    teams.send("hjälp", id="42", conversation="a:one")
    teams.send("hjälp", id="42", conversation="a:two")
    assert {s.conversation for s in teams.ms.received()} == {"a:one", "a:two"}


def test_a_reply_that_could_not_be_delivered_is_sent_on_the_redelivery(teams: Teams) -> None:
    """The connector fails: 503, the inbox keeps it pending; the channel's retry answers it,
    and the update is stored once."""
    act = activity("uppdatera 3.2: pågår 45 % Avtal skrivet", id="1700000000002",
                   service_url=teams.ms.service_url)
    before = len(_updates(teams.store))
    teams.ms.fail_sends = 1
    assert teams.deliver(act).status == 503
    assert inbox.get(teams.store, "teams", f"a:personal-anna|{act['id']}")["state"] == "pending"
    assert teams.deliver(act).status == 200
    assert len(teams.ms.received()) == 1
    assert len(_updates(teams.store)) == before + 1


def test_twenty_people_at_once(ms: StandIn, demo_db: Path) -> None:
    people = [str(uuid.UUID(int=i + 1, version=4)) for i in range(20)]
    store = Store(demo_db)
    app = __import__("bot.teams.app", fromlist=["TeamsApp"]).TeamsApp(
        settings_for(ms, demo_db, STYRBOT_ADMINS=",".join(people)), store, Clock.fixed(NOW))
    served = Served(app)
    teams = Teams(ms, served, store)
    try:
        before = len(_updates(store))

        def one(i: int) -> int:
            who = people[i]
            text = f"uppdatera 3.2: pågår {i} % Rapport nummer {i}" if i % 2 else "status uppdrag 3.2"
            return teams.send(text, user=who, conversation=f"a:personal-{i}")[0].status

        with cf.ThreadPoolExecutor(20) as pool:
            statuses = list(pool.map(one, range(20)))
        assert statuses == [200] * 20
        sent = ms.received()
        assert sorted(s.conversation for s in sent) == sorted(f"a:personal-{i}" for i in range(20))
        assert len(_updates(store)) == before + 10
        for s in sent:
            i = int(s.conversation.rsplit("-", 1)[1])
            if i % 2:
                assert "sparad" in html.unescape(s.text).lower(), s.text
            else:
                assert s.card is not None
    finally:
        served.stop()
        store.close()


INJECTION = "<at>Alla</at> <b>fet</b> **stjärna** [länk](https://evil.example) &amp; <script>x</script>"


def test_data_with_mentions_html_and_markdown_shows_as_text(teams: Teams) -> None:
    """Written elsewhere (the terminal, Slack) or typed in Teams (which sends what a person
    types with < and > as entities): shown in Teams as the characters written."""
    bot = Bot(teams.store, Clock.fixed(NOW), admins=("terminal",))
    assert not bot.handle(f"uppdatera 3.2: pågår 50 % {INJECTION}", user="terminal").error
    teams.send("uppdatera 3.1: pågår 20 % " + html.escape(INJECTION, quote=False), id="inj-1")
    assert INJECTION in _updates(teams.store, "3.1")[-1]["text"]
    teams.send("historik 3.2", id="inj-2")
    history = teams.ms.received()[-1]
    assert history.activity["textFormat"] == "xml"
    assert "<at>" not in history.text and "<b>fet" not in history.text
    assert "<script>" not in history.text
    shown = html.unescape(history.text.replace("<br>", "\n"))
    assert "<at>Alla</at> <b>fet</b> **stjärna** [länk](https://evil.example)" in shown
    teams.send("status uppdrag 3.2", id="inj-3")
    card = teams.ms.received()[-1].card
    assert card is not None
    blocks = card["body"]
    assert all(b["type"] == "RichTextBlock" for b in blocks)  # TextRuns: no markdown read
    runs = " ".join(r["text"] for b in blocks for r in b["inlines"])
    assert INJECTION[:60] in runs  # the latest update, as written, in a TextRun


def test_a_channel_mention_is_answered_in_the_reply_chain(teams: Teams) -> None:
    conv = "19:abc@thread.tacv2;messageid=1700000000100"
    act = activity("<at>Styrbot</at> status uppdrag 3.2", conversation=conv, kind="channel",
                   service_url=teams.ms.service_url, id="1700000000100")
    act["entities"] = [{"type": "mention", "text": "<at>Styrbot</at>",
                        "mentioned": {"id": act["recipient"]["id"], "name": "Styrbot"}}]
    assert teams.deliver(act).status == 200
    [sent] = teams.ms.received()
    assert sent.conversation == conv and sent.reply_to == act["id"]
    assert sent.card is not None
    row = teams_store.conversation(teams.store, "19:abc@thread.tacv2")  # the channel itself
    assert row is not None and row["kind"] == "channel" and row["user_aad"] is None
    assert row["reference"]["conversation"]["id"] == "19:abc@thread.tacv2"


def _submit(teams: Teams, value: dict, id: str, user: str = ANNA) -> str:
    act = activity("", id=id, user=user, service_url=teams.ms.service_url)
    del act["text"]
    act["value"] = value
    assert teams.deliver(act).status == 200
    return html.unescape(teams.ms.received()[-1].text)


def test_the_card_has_uppdatera_and_historik(teams: Teams) -> None:
    teams.send("status uppdrag 3.2")
    card = teams.ms.received()[-1].card
    assert card is not None and card["version"] == "1.5"
    titles = [a["title"] for a in card["actions"]]
    assert titles == ["Uppdatera", "Visa historik"]  # the core's labels, as in Slack
    form = card["actions"][0]["card"]
    assert {i["id"] for i in form["body"]} == {"status", "procent", "text"}
    assert form["actions"][0]["data"] == {"styrbot": "uppdatera", "key": "3.2"}


def test_the_update_form_saves_like_a_chat_update(teams: Teams) -> None:
    before = len(_updates(teams.store))
    reply = _submit(teams, {"styrbot": "uppdatera", "key": "3.2", "status": "pågår",
                            "procent": "60", "text": "Halvvägs"}, "f-1")
    assert "sparad" in reply.lower()
    latest = _updates(teams.store)[-1]
    assert len(_updates(teams.store)) == before + 1
    assert (latest["status"], latest["percent"], latest["text"]) == ("pågår", 60, "Halvvägs")
    assert _submit(teams, {"styrbot": "historik", "key": "3.2"}, "f-2").count("Halvvägs") == 1


def test_a_bad_form_is_refused_with_a_reason_and_nothing_is_stored(teams: Teams) -> None:
    before = len(_updates(teams.store))
    bad = [
        ({"procent": "-5"}, "0 och 100"), ({"procent": "9999"}, "0 och 100"),
        ({"procent": [50]}, "0 och 100"), ({"procent": "12.5"}, "0 och 100"),
        ({"status": "klar-ish"}, "status"), ({"status": {"x": 1}}, "status"),
        ({"text": {"a": 1}}, "Skriv"), ({"text": "   "}, "Skriv"), ({"text": "x" * 3001}, "3000"),
        ({"key": ["3.2"]}, "nummer"),
    ]
    for i, (change, says) in enumerate(bad):
        value = {"styrbot": "uppdatera", "key": "3.2", "status": "pågår", "procent": "50",
                 "text": "ok", **change}
        reply = _submit(teams, value, f"bad-{i}")
        assert says in reply, (change, reply)
    assert len(_updates(teams.store)) == before


def test_someone_without_rights_is_refused_in_teams_too(teams: Teams) -> None:
    before = len(_updates(teams.store))
    teams.send("uppdatera 3.2: pågår 10 % inte min", user=BERTIL, conversation="a:personal-b")
    assert len(_updates(teams.store)) == before
    assert teams.ms.received()[-1].conversation == "a:personal-b"


def test_an_installation_stores_the_conversation_reference(teams: Teams) -> None:
    act = activity(service_url=teams.ms.service_url, conversation="a:new-person")
    act.update(type="conversationUpdate", membersAdded=[{"id": act["recipient"]["id"]}])
    del act["text"]
    assert teams.deliver(act).status == 200
    assert teams.ms.received() == []
    row = teams_store.personal_conversation(teams.store, ANNA)
    assert row is not None and row["conversation_id"] == "a:new-person"
    assert row["reference"]["serviceUrl"] == teams.ms.service_url


def _mention(act: dict, name: str, teams_id: str) -> None:
    act.setdefault("entities", []).append(
        {"type": "mention", "text": f"<at>{name}</at>", "mentioned": {"id": teams_id, "name": name}})


def test_an_owner_set_by_mention_is_known_by_their_entra_id_and_may_update(teams: Teams) -> None:
    """Anna (admin) makes Bertil owner of 3.2 by @mentioning him; Teams names him by a chat id,
    the member list gives his Entra object id; then Bertil's update is accepted."""
    teams.ms.members["29:bertil"] = BERTIL
    act = activity("ansvarig 3.2 <at>Bertil</at>", id="m-1", service_url=teams.ms.service_url)
    _mention(act, "Bertil", "29:bertil")
    assert teams.deliver(act).status == 200
    said = html.unescape(teams.ms.received()[-1].text)
    assert "Bertil" in said and BERTIL not in said  # named as Teams names him, not by his id
    before = len(_updates(teams.store))
    teams.send("uppdatera 3.2: pågår 70 % Bertil rapporterar", user=BERTIL,
               conversation="a:personal-b", id="m-2")
    assert len(_updates(teams.store)) == before + 1
    assert _updates(teams.store)[-1]["author"] == BERTIL


def test_a_mention_that_cannot_be_looked_up_makes_no_one_owner(teams: Teams) -> None:
    act = activity("ansvarig 3.2 <at>Okänd</at>", id="m-3", service_url=teams.ms.service_url)
    _mention(act, "Okänd", "29:nobody")
    assert teams.deliver(act).status == 200
    assert "välj personen i listan" in html.unescape(teams.ms.received()[-1].text)
    before = len(_updates(teams.store))
    teams.send("uppdatera 3.2: pågår 70 % försök", user=BERTIL, conversation="a:personal-b",
               id="m-4")
    assert len(_updates(teams.store)) == before


def test_a_name_typed_by_hand_is_refused_with_the_way_to_pick_the_person(teams: Teams) -> None:
    teams.send("ansvarig 3.2 @anna", id="hand-1")
    assert "välj personen i listan som Teams visar" in html.unescape(teams.ms.received()[-1].text)
    teams.send("prenumerera på veckobrev #ledning", id="hand-2")
    assert "Skriv i den kanal" in html.unescape(teams.ms.received()[-1].text)


def test_the_sdks_copy_of_a_card_reply_is_the_card_itself_and_is_sent_whole(teams: Teams) -> None:
    """The SDK deep-copies what it sends; the uppdrag card is made once and never changed, so
    its copy is the card itself (bot.teams.app.Sealed), and the connector gets it whole."""
    import copy

    from microsoft_agents.activity import Activity

    from bot.teams.app import sealed

    act = activity("status uppdrag 3.2", service_url=teams.ms.service_url)
    out = teams.served.app.answer(Activity.model_validate(act), {})
    assert out is not None and out["attachments"]
    reply = Activity.model_validate(sealed(out))
    assert copy.deepcopy(reply).attachments[0].content is reply.attachments[0].content
    assert reply.model_dump(by_alias=True, exclude_unset=True, mode="json") == out
    assert teams.deliver(act).status == 200
    [sent] = teams.ms.received()
    assert sent.card == out["attachments"][0]["content"]


def test_a_question_is_kept_after_its_reply_and_an_update_before_its_write(teams: Teams) -> None:
    """A message that writes nothing is kept only once its reply is out (done at once): when
    the connector refuses the reply, nothing is kept, the channel (answered 503) sends it
    again, and then it is answered and kept done. An update is kept before it is written:
    its entry is there, pending, after the same refusal, and its redelivery stores it once."""
    question = activity("status uppdrag 3.2", id="1700000000101",
                        service_url=teams.ms.service_url)
    key = f"a:personal-anna|{question['id']}"
    teams.ms.fail_sends = 1
    assert teams.deliver(question).status == 503
    assert inbox.get(teams.store, "teams", key) is None
    assert teams.deliver(question).status == 200
    row = inbox.get(teams.store, "teams", key)
    assert row is not None and row["state"] == "done" and row["reply"]["sent"]
    assert row["payload"]["activity"]["id"] == question["id"]
    assert len(teams.ms.received()) == 1

    update = activity("uppdatera 3.2: pågår 45 % Först i inkorgen", id="1700000000102",
                      service_url=teams.ms.service_url)
    key = f"a:personal-anna|{update['id']}"
    before = len(_updates(teams.store))
    teams.ms.fail_sends = 1
    assert teams.deliver(update).status == 503
    row = inbox.get(teams.store, "teams", key)
    assert row is not None and row["state"] == "pending"
    assert len(_updates(teams.store)) == before + 1
    assert teams.deliver(update).status == 200
    assert len(_updates(teams.store)) == before + 1
    assert inbox.get(teams.store, "teams", key)["state"] == "done"  # type: ignore[index]
