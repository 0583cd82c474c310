"""'rapport delår 2026' in chat: the document for admins and leadership, posted as a file in
Slack (through a local stand-in of Slack's Web API over HTTP), refused for others in words."""

from __future__ import annotations

import io

import docx
from slack_sdk import WebClient

from bot.core.bot import Bot
from bot.slack.listeners.common import post
from handlers.rapport import RapportResult, parse_rapport
from tests.schedule.stand_in import StandIn


def test_parsing_the_report_request() -> None:
    assert parse_rapport("rapport delår 2026") == parse_rapport("Rapport 2026 delårsrapport")
    r = parse_rapport("rapport T1 2026")
    assert r is not None and (r.year, r.period) == (2026, "T1")
    r = parse_rapport("rapport tertial 2")
    assert r is not None and (r.year, r.period) == (None, "T2")
    for text in ("rapportera 3.2: klart", "rapport 3.2: klart", "rapporten om budgeten", "rapport"):
        assert parse_rapport(text) is None, text


def test_admins_and_leaders_get_the_document_others_are_told_no(bot: Bot) -> None:
    reply = bot.handle("rapport delår 2026", user="UADMIN", strict=True)
    assert isinstance(reply.result, RapportResult) and reply.result.file is not None
    [att] = reply.attachments
    d = docx.Document(io.BytesIO(att.data))
    assert d.paragraphs[0].text == "Askersunds kommun: Uppföljning delårsrapport 2026"
    assert att.filename == "uppfoljning-delar-2026.docx"
    # the terminal gets no file: it is told the command that writes one
    assert "styrbot rapport 2026 --period delår --out uppfoljning-delar-2026.docx" in reply.text
    lead = bot.handle("rapport delår 2026", user="ULEAD", strict=True)
    assert isinstance(lead.result, RapportResult)
    other = bot.handle("rapport delår 2026", user="U0NOBODY", strict=True)
    assert other.error and "administratörer och ledningen" in other.text and other.result is None
    assert not other.attachments
    missing = bot.handle("rapport delår 2019", user="UADMIN", strict=True)
    assert missing.error and "ingen plan för 2019" in missing.text


def test_in_slack_the_report_is_a_file_in_the_conversation(bot: Bot) -> None:
    slack = StandIn()
    try:
        reply = bot.handle("rapport delår 2026", user="UADMIN", strict=True)
        post(WebClient(token="xoxb-test", base_url=slack.api_url), "D0ADMIN", reply)
        [posted] = slack.history
        assert posted.files and posted.channel == "D0ADMIN"
        assert "*Askersunds kommun: Uppföljning delårsrapport 2026*" in posted.text
        assert "styrbot rapport" not in posted.text  # the typed hint is the terminal's
        [up] = slack.uploads.values()
        assert up["name"] == "uppfoljning-delar-2026.docx"
        assert docx.Document(io.BytesIO(up["data"])).paragraphs[0].text.endswith("delårsrapport 2026")
    finally:
        slack.close()


def test_anonymising_a_person_reaches_the_aktiviteter_updates(bot: Bot) -> None:
    """An aktivitet's updates name their author like an uppdrag's: anonymisation replaces it."""
    import datetime as dt

    from store.anonymise import occurrences, replace_user

    assert not bot.handle("uppdatera 3.2.1: Möte med <@U0SAMHBYGG>, pågår", user="U0SAMHBYGG").error
    assert occurrences(bot.store, "U0SAMHBYGG")["aktivitet_updates.author"] == 2  # demo history + this
    replace_user(bot.store, "U0SAMHBYGG", "anonym-1", ends=[], author="UADMIN",
                 now=dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC))
    left = occurrences(bot.store, "U0SAMHBYGG")
    assert not any(k.startswith("aktivitet_updates") for k in left), left
    assert bot.store.one("SELECT COUNT(*) AS n FROM aktivitet_updates WHERE author = 'anonym-1'") == {"n": 2}
    assert bot.store.one("SELECT name FROM sqlite_master WHERE name = 'aktivitet_updates_no_update'")
