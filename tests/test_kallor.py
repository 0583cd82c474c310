"""Where the answers come from ("varifrån kommer datan?"): the store's own account, which
moves with what chat adds."""

from __future__ import annotations

from bot.core.bot import Bot

ADMIN = "UADMIN"


def test_the_sources_are_the_documents_and_the_measurements_held(bot: Bot) -> None:
    reply = bot.handle("varifrån kommer datan?").text
    assert "Svaren bygger på 6 inlästa dokument:" in reply
    assert "• Uppdragsplan 2026, inläst" in reply and "• Handslaget 2030 (program), inläst" in reply
    assert "Mätvärden: 21 från importen (varav 17 påhittade demovärden)." in reply
    assert "Senaste mätningen gäller 31 oktober 2026." in reply
    assert "Uppdateringar av uppdrag: inga ännu." in reply


def test_what_chat_adds_is_counted_apart(bot: Bot) -> None:
    assert "Uppdatering sparad" in bot.handle("uppdatera 3.2: markanvisning förbereds", user=ADMIN).text
    assert "sparat" in bot.handle("värde arbetsloshet 4,2 % 2026-11-30", user=ADMIN).text.lower()
    reply = bot.handle("vilka dokument bygger du på?").text
    assert "Mätvärden: 22 – 21 från importen, 1 inlagda i chatten (varav 17 påhittade demovärden)." in reply
    assert "Senaste mätningen gäller 30 november 2026." in reply
    assert "Uppdateringar av uppdrag: 1, senast" in reply


def test_a_question_about_one_source_is_not_the_list(bot: Bot) -> None:
    """"vad är källan för befolkningen?" is the indicator's card (its source), not this."""
    assert bot.handle("vad är källan för befolkningen?").command.name == "indikator"
    assert bot.handle("källor").command.name == "källor"
