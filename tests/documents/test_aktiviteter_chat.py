"""Aktiviteter in chat: asked for by their key, updated like an uppdrag by its owners (or its
uppdrag's) and admins, and listed with their roll-up on the uppdrag card."""

from __future__ import annotations

from bot.core.bot import Bot
from handlers.aktiviteter import (
    AktivitetCard,
    AktivitetCardResult,
    AktivitetStoredResult,
    AktivitetUpdate,
)
from handlers.updates import Update
from handlers.uppdrag import UppdragCard
from store import aktiviteter as sa


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
