"""An aktivitet over signed Slack HTTP, as people use it: an admin names its owner, the owner
updates it, and takes the update back with "ångra"."""

from __future__ import annotations

from mock_slack import to
from slack_harness import Running

from bot.clock import Clock
from store import aktiviteter as sa
from store import queries as q
from store.writes import add_role_event


def _reply(slack: Running, text: str, user: str) -> str:
    payload = slack.send.dm(text, user=user)
    assert slack.send.send(payload).status == 200
    [call] = slack.mock.wait_for("chat.postMessage", where=to(payload["event"]["channel"]),
                                 timeout=20)
    return str(call.body["text"])


def test_an_admin_names_an_aktivitets_owner_who_updates_and_undoes_it_over_slack(
        slack: Running) -> None:
    add_role_event(slack.store, role="admin", subject="", user="U0SLADMIN", action="add",
                   author="test-setup", now=Clock.fixed("2026-11-23T08:00").now())
    refused = _reply(slack, "uppdatera 3.2.3: Samråd klart, pågår 50 %", "U0SLAKT")
    assert "Du kan inte uppdatera aktivitet 3.2.3" in refused

    named = _reply(slack, "ansvarig 3.2.3 <@U0SLAKT>", "U0SLADMIN")
    assert "Aktivitet 3.2.3 Bostadsförsörjningsprogrammet uppdateras" in named and "som ansvarig" in named
    assert [(e["subject"], e["user"]) for e in q.role_events(slack.store, "owner")
            if e["user"] == "U0SLAKT"] == [("ks/2026/3.2.3", "U0SLAKT")]

    saved = _reply(slack, "uppdatera 3.2.3: Samråd klart, pågår 50 %", "U0SLAKT")
    assert "*Uppdatering sparad* för aktivitet 3.2.3" in saved and "Status: pågår" in saved
    undone = _reply(slack, "ångra", "U0SLAKT")
    assert "Ångrade uppdateringen av aktivitet 3.2.3" in undone and "Samråd klart" in undone
    mine = [e for e in sa.updates(slack.store) if e["author"] == "U0SLAKT"]
    assert [(e["kind"], e["text"][:12], e["ref_id"]) for e in mine] == [
        ("update", "Samråd klart", None), ("undo", "Ångrade uppd", mine[0]["id"])]

