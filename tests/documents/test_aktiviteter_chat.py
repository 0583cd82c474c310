"""Aktiviteter in chat: asked for by their key, updated like an uppdrag by its owners, its
uppdrag's owners and admins, owners set by admins ("ansvarig 3.2.1 @…") under the aktivitet's
own identity, updates undone ("ångra"), and listed with their roll-up on the uppdrag card."""

from __future__ import annotations

from pathlib import Path

from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.importing import import_file
from handlers.aktiviteter import (
    AktivitetCard,
    AktivitetCardResult,
    AktivitetStoredResult,
    AktivitetUpdate,
)
from handlers.roles import SetOwner
from handlers.updates import Undo, Update
from handlers.uppdrag import UppdragCard
from store import aktiviteter as sa
from store import queries as q
from store.db import Store
from tests.test_namnder import PLAN


def test_an_aktivitet_is_asked_for_by_its_key(bot: Bot) -> None:
    assert bot.parse("aktivitet 3.2.1") == AktivitetCard(key="3.2.1")
    assert bot.parse("3.2.1?") == AktivitetCard(key="3.2.1")
    assert bot.parse("status för aktiviteten 3,2,1") == AktivitetCard(key="3.2.1")
    assert bot.parse("3.2?") == UppdragCard(key="3.2")  # the uppdrag stays the uppdrag
    reply = bot.handle("aktivitet 3.2.1", strict=True)
    assert isinstance(reply.result, AktivitetCardResult)
    text = reply.text
    assert text.startswith("Aktivitet 3.2.1: Investerardialoger med tre utvecklare\n")
    assert "Svarar mot uppdrag 3.2: " in text
    assert "Ansvar: Samhällsbyggnadsavdelningen (Kommunledningsförvaltningen)" in text
    assert "Status: pågår, 60 %" in text and "försenad" in text  # its 5 maj has passed
    assert "U0SAMHBYGG" in text and "Två av tre dialoger genomförda" in text


def test_an_unknown_aktivitet_is_answered_with_those_there_are(bot: Bot) -> None:
    reply = bot.handle("aktivitet 3.2.9")
    assert reply.error and reply.text == (
        "Det finns ingen aktivitet 3.2.9. Uppdrag 3.2 har aktiviteterna 3.2.1, 3.2.2, 3.2.3.")
    assert "Det finns inget uppdrag 9.9 heller" in bot.handle("aktivitet 9.9.1").text


def test_the_uppdrag_owner_updates_its_aktivitet_others_may_not(bot: Bot) -> None:
    cmd = bot.parse("uppdatera 3.2.2: Remiss skickad, pågår 40 %")
    assert cmd == AktivitetUpdate(key="3.2.2", text="Remiss skickad", status=cmd.status, percent=40)
    assert isinstance(bot.parse("uppdatera 3.2: Tre investerare"), Update)
    assert not isinstance(bot.parse("uppdatera 3.2: Tre investerare"), AktivitetUpdate)
    before = len(sa.updates(bot.store))
    refused = bot.handle("uppdatera 3.2.2: Remiss skickad, pågår 40 %", user="U0NOBODY")
    assert refused.error and "bara dess ansvariga" in refused.text and "Inget har sparats" in refused.text
    assert len(sa.updates(bot.store)) == before
    reply = bot.handle("uppdatera 3.2.2: Remiss skickad, pågår 40 %", user="U0SAMHBYGG",
                       event_id="Ev1")
    assert isinstance(reply.result, AktivitetStoredResult) and not reply.result.duplicate
    assert "Uppdatering sparad för aktivitet 3.2.2 Markanvisningspolicy tas fram" in reply.text
    again = bot.handle("uppdatera 3.2.2: Remiss skickad, pågår 40 %", user="U0SAMHBYGG",
                       event_id="Ev1")
    assert isinstance(again.result, AktivitetStoredResult) and again.result.duplicate
    assert len(sa.updates(bot.store)) == before + 1
    card = bot.handle("aktivitet 3.2.2").text
    assert "Status: pågår, 40 %" in card and "Remiss skickad" in card
    empty = bot.handle("uppdatera 3.2.2:", user="UADMIN")
    assert empty.error and "Skriv vad som har hänt" in empty.text


def test_the_uppdrag_card_lists_its_aktiviteter_with_their_roll_up(bot: Bot) -> None:
    text = bot.handle("status uppdrag 3.2", strict=True).text
    assert "Aktiviteter: 0 av 3 klara, 2 försenade, 1 tyst" in text
    assert "3.2.1 Investerardialoger med tre utvecklare – pågår, försenad (Samhällsbyggnadsavdelningen)" in text
    assert "3.2.3 Bostadsförsörjningsprogrammet uppdateras – ej påbörjad (Planenheten)" in text
    assert "Aktiviteter:" not in bot.handle("status uppdrag 1.1", strict=True).text


def _card(bot: Bot, key: str) -> str:
    return bot.handle(f"aktivitet {key}", strict=True).text


def test_angra_undoes_ones_latest_aktivitet_update_and_keeps_both_in_the_history(bot: Bot) -> None:
    """Fails without the fix: 'ångra' looked only at uppdrag and said there was nothing to undo."""
    before = len(sa.updates(bot.store))
    saved = bot.handle("uppdatera 3.2.2: Policyn antagen, klar", user="U0SAMHBYGG")
    assert isinstance(saved.result, AktivitetStoredResult)
    assert "Status: klar" in _card(bot, "3.2.2")
    assert bot.handle("ångra", user="U0NOBODY").error  # someone else's is not theirs to undo
    reply = bot.handle("ångra", user="U0SAMHBYGG", event_id="EvUndo1")
    assert not reply.error, reply.text
    assert reply.text.startswith("↩️ Ångrade uppdateringen av aktivitet 3.2.2 från ")
    assert "Policyn antagen" in reply.text and "Status nu: ej påbörjad" in reply.text
    card = _card(bot, "3.2.2")
    assert "Status: ej påbörjad" in card and "Policyn antagen" not in card
    rows = [e for e in sa.updates(bot.store) if e["author"] == "U0SAMHBYGG" and
            e["created_at"].startswith("2026-11-23")]
    assert [(e["kind"], e["ref_id"]) for e in rows] == [("update", None), ("undo", rows[0]["id"])]
    assert rows[1]["event_id"] == "EvUndo1"
    again = bot.handle("ångra", user="U0SAMHBYGG")  # the undone one is not undone twice
    assert again.error and "ingen uppdatering av dig" in again.text
    assert len(sa.updates(bot.store)) == before + 2


def test_angra_takes_the_latest_of_uppdrag_and_aktivitet_and_asks_when_it_cannot_tell(
        bot: Bot) -> None:
    store = bot.store
    early = Bot(store, Clock.fixed("2026-11-23T08:50"), admins=("UADMIN",))
    early.handle("uppdatera 3.2.1: Tredje dialogen bokad, pågår 70 %", user="U0SAMHBYGG")
    bot.handle("uppdatera 3.2: Två investerare kvar, pågår", user="U0SAMHBYGG")
    first = bot.handle("ångra", user="U0SAMHBYGG")
    assert "Ångrade uppdateringen av uppdrag 3.2 " in first.text  # the later of the two
    second = bot.handle("ångra", user="U0SAMHBYGG")
    assert "Ångrade uppdateringen av aktivitet 3.2.1 " in second.text
    assert "Status: pågår, 60 %" in _card(bot, "3.2.1")  # the plan file's update again
    # the same second in both: not guessed
    bot.handle("uppdatera 3.2.1: Dialog fyra", user="U0SAMHBYGG")
    bot.handle("uppdatera 3.3: Detaljplan på samråd", user="U0SAMHBYGG")
    asked = bot.handle("ångra", user="U0SAMHBYGG")
    assert asked.error and '"ångra 3.2.1" eller "ångra 3.3"' in asked.text
    assert bot.parse("ångra 3.2.1") == Undo(key="3.2.1")
    assert bot.parse("ångra uppdateringen av aktivitet 3,2,1") == Undo(key="3.2.1")
    assert bot.parse("ångra uppdrag 3.3") == Undo(key="3.3")
    named = bot.handle("ångra 3.2.1", user="U0SAMHBYGG")
    assert "Ångrade uppdateringen av aktivitet 3.2.1 " in named.text and "Dialog fyra" in named.text
    assert "Detaljplan på samråd" in bot.handle("status uppdrag 3.3").text  # still there
    late = Bot(store, Clock.fixed("2026-11-23T09:20"), admins=("UADMIN",))
    assert late.handle("ångra", user="U0SAMHBYGG").error  # more than 15 minutes ago


def test_admins_set_an_aktivitets_owners_who_may_then_update_it(bot: Bot) -> None:
    """Fails without the fix: 'ansvarig 3.2.1 @…' was not understood, so an aktivitet had only
    its uppdrag's owners."""
    assert bot.parse("ansvarig 3.2.1 @U0ANNA") == SetOwner(key="3.2.1", users=("U0ANNA",))
    assert bot.parse("ta bort ansvarig för aktivitet 3.2.1 @U0ANNA") == SetOwner(
        key="3.2.1", users=("U0ANNA",), remove=True)
    assert bot.parse("ansvarig 3.2 @U0ANNA") == SetOwner(key="3.2", users=("U0ANNA",))
    before = q.role_events(bot.store, "owner")
    refused = bot.handle("ansvarig 3.2.1 @U0ANNA", user="U0SAMHBYGG")  # an owner, not an admin
    assert refused.error and "Bara administratörer" in refused.text
    assert bot.handle("uppdatera 3.2.1: Dialog fyra", user="U0ANNA").error
    unknown = bot.handle("ansvarig 3.2.9 @U0ANNA", user="UADMIN")
    assert unknown.error and "Det finns ingen aktivitet 3.2.9" in unknown.text
    assert q.role_events(bot.store, "owner") == before

    reply = bot.handle("ansvarig 3.2.1 @U0ANNA", user="UADMIN")
    assert reply.text.startswith(
        "Aktivitet 3.2.1 Investerardialoger med tre utvecklare: lade till @U0ANNA som ansvarig\n")
    assert "Ansvariga nu: @U0ANNA" in reply.text and "uppdrag 3.2 (@U0SAMHBYGG)" in reply.text
    [event] = q.role_events(bot.store, "owner")[len(before):]
    assert (event["subject"], event["user"], event["action"], event["author"]) == (
        "ks/2026/3.2.1", "U0ANNA", "add", "UADMIN")  # its identity, not the key users see
    assert "Ansvariga: U0ANNA · för uppdrag 3.2: U0SAMHBYGG" in _card(bot, "3.2.1")
    assert "Ansvariga: inga egna · för uppdrag 3.2: U0SAMHBYGG" in _card(bot, "3.2.2")
    listing = bot.handle("ansvariga").text
    assert "3.2 Främja investeringar och hållbar bostadsutveckling: @U0SAMHBYGG\n" \
           "  3.2.1 Investerardialoger med tre utvecklare: @U0ANNA\n" in listing
    assert "3.2.2" not in listing  # no owners of its own

    assert not bot.handle("uppdatera 3.2.1: Dialog fyra bokad", user="U0ANNA").error
    for other in ("uppdatera 3.2.2: Remiss", "uppdatera 3.2: Remiss"):  # only that one is theirs
        assert bot.handle(other, user="U0ANNA").error, other
    # the uppdrag's owner answers for the uppdrag its aktiviteter carry out: still allowed
    assert not bot.handle("uppdatera 3.2.1: Dialog fem bokad", user="U0SAMHBYGG").error

    removed = bot.handle("ta bort ansvarig 3.2.1 @U0ANNA", user="UADMIN")
    assert "tog bort @U0ANNA" in removed.text and "Ansvariga nu: ingen" in removed.text
    refused = bot.handle("uppdatera 3.2.1: Dialog sex", user="U0ANNA")
    assert refused.error and "Inget har sparats" in refused.text
    assert [e["text"] for e in sa.updates(bot.store) if e["author"] == "U0ANNA"] == ["Dialog fyra bokad"]


# a nämnd's plan (tests/test_namnder.py's) with a verksamhetsplan: one aktivitet of 3.2, its owner
TWO = PLAN.replace("{only}", "7") + """\
verksamhetsplan: {{forvaltning: {short}-förvaltningen}}
aktiviteter:
  - {{key: "3.2.1", title: "{short} gör det första", ansvar: Enheten}}
roles:
  owners: {{"3.2.1": [U0{short}AKT]}}
"""


def test_aktivitet_owners_stay_with_their_namnd_whichever_plan_is_imported_first(
        tmp_path: Path) -> None:
    clock = Clock.fixed("2026-11-23T09:00")
    for order in (("bun", "ks"), ("ks", "bun")):
        store = Store(tmp_path / f"{'-'.join(order)}.db")
        for nid in order:
            short = nid.upper()
            path = tmp_path / f"{nid}.yaml"
            path.write_text(TWO.format(id=nid, name=f"Nämnden {short}", short=short,
                                       title=f"{short}s uppdrag"), encoding="utf-8")
            import_file(store, path, clock)
        bot = Bot(store, clock, admins=("UADMIN",))
        # KS comes first once imported: its keys are plain, BUN's carry "BUN"
        assert "BUN gör det första" in bot.handle("aktivitet BUN 3.2.1").text
        bot.handle("ansvarig BUN 3.2.1 @U0BUNCHAT", user="UADMIN")
        for user in ("U0BUNAKT", "U0BUNCHAT"):
            assert not bot.handle("uppdatera BUN 3.2.1: Klart hos BUN", user=user).error, (order, user)
            refused = bot.handle("uppdatera 3.2.1: Fel nämnd", user=user)
            assert refused.error and "Inget har sparats" in refused.text, (order, user)
        assert not bot.handle("uppdatera 3.2.1: Klart hos KS", user="U0KSAKT").error
        assert bot.handle("uppdatera BUN 3.2.1: Fel nämnd", user="U0KSAKT").error
        assert "U0BUNAKT, U0BUNCHAT" in bot.handle("aktivitet BUN 3.2.1").text, order
        assert "U0BUN" not in bot.handle("aktivitet 3.2.1").text, order

