"""The conversation: a follow-up is read against the subject of the last answer, kept in the
store for 30 minutes per conversation (a DM, a thread, a terminal session)."""

from __future__ import annotations

from pathlib import Path

from bot.clock import Clock
from bot.core.bot import Bot
from store import conversations
from store.db import Store
from tests.test_corpus import CORPUS_DATA, build_store
from tests.test_inbox import synchronous_levels


def _store(tmp_path: Path) -> Store:
    return build_store(tmp_path / "demo.db", "demo", CORPUS_DATA)


def test_a_follow_up_gives_only_the_new_year_and_the_answer_says_what_it_understood(
        tmp_path: Path) -> None:
    bot = Bot(_store(tmp_path), Clock.fixed(CORPUS_DATA.now))
    bot.handle("budget färdtjänst 2026", conversation="slack:D1:", strict=True)
    reply = bot.handle("och 2027?", conversation="slack:D1:", strict=True)
    assert reply.understood == "Färdtjänst, budget 2027"
    assert reply.text.startswith("Färdtjänst, budget 2027:")
    assert "Plan 2027: −4 100 tkr" in reply.text


def test_conversations_are_apart_and_without_a_key_nothing_is_carried(tmp_path: Path) -> None:
    bot = Bot(_store(tmp_path), Clock.fixed(CORPUS_DATA.now))
    bot.handle("budget färdtjänst 2026", conversation="slack:C1:111.1", strict=True)
    assert bot.handle("och 2027?", conversation="slack:C1:222.2", strict=True).understood is None
    assert bot.handle("och 2027?", strict=True).understood is None
    assert bot.handle("och 2027?", conversation="slack:C1:111.1", strict=True).understood


def test_the_subject_survives_a_restart_and_expires_after_30_minutes(tmp_path: Path) -> None:
    store = _store(tmp_path)
    Bot(store, Clock.fixed("2026-11-23T09:00")).handle("status uppdrag 4.3", conversation="t:1",
                                                        strict=True)
    later = Bot(Store(tmp_path / "demo.db"), Clock.fixed("2026-11-23T09:29"))  # a restart
    reply = later.handle("vem äger det?", conversation="t:1", strict=True)
    assert reply.understood == "Uppdrag 4.3, ansvarig" and "U0EKONOMICH" in reply.text
    much_later = Bot(store, Clock.fixed("2026-11-23T10:00"))
    assert much_later.handle("vem äger det?", conversation="t:1", strict=True).understood is None


def test_the_subject_before_the_last_is_kept_for_both_across_a_restart_and_expires(
        tmp_path: Path) -> None:
    """"och summan av dom?" after two budget lines adds up both: the earlier subject is in
    the store with the last, survives a restart, and goes when the conversation goes
    stale (then the sum is asked back, not guessed)."""
    store = _store(tmp_path)
    first = Bot(store, Clock.fixed("2026-11-23T09:00"))
    first.handle("budget färdtjänst", conversation="t:2", strict=True)
    first.handle("och skolskjutsar?", conversation="t:2", strict=True)
    later = Bot(Store(tmp_path / "demo.db"), Clock.fixed("2026-11-23T09:20"))  # a restart
    both = later.handle("och summan av dom?", conversation="t:2", strict=True)
    assert both.understood == "Färdtjänst och Skolskjutsar, budget 2026"
    assert "sammanlagt: −19 165 tkr" in both.text
    # stale: a line asked 35 minutes after the last answer has no subject before it, so
    # "dom" is asked back, not added up with a line from before
    stale = Bot(store, Clock.fixed("2026-11-23T09:55"))
    stale.handle("budget revision", conversation="t:2", strict=True)
    asked_back = stale.handle("och summan av dom?", conversation="t:2", strict=True)
    assert "Vad vill du veta om Revision, budget?" in asked_back.text
    assert "sammanlagt" not in asked_back.text


def test_a_question_of_its_own_replaces_the_subject(tmp_path: Path) -> None:
    bot = Bot(_store(tmp_path), Clock.fixed(CORPUS_DATA.now))
    bot.handle("budget färdtjänst 2026", conversation="k", strict=True)
    own = bot.handle("vilka uppdrag är försenade?", conversation="k", strict=True)
    assert own.understood is None and "Försenade uppdrag" in own.text
    bot.handle("budget gymnasieskola 2026", conversation="k", strict=True)
    assert bot.handle("och 2027?", conversation="k", strict=True).understood == (
        "Gymnasieskola, budget 2027")


def test_a_stale_or_foreign_subject_is_ignored(tmp_path: Path) -> None:
    store = _store(tmp_path)
    clock = Clock.fixed(CORPUS_DATA.now)
    conversations.put(store, "k", '{"c": "nothing"}', now=clock.now(), now_epoch=clock.epoch())
    reply = Bot(store, clock).handle("och 2027?", conversation="k", strict=True)
    assert reply.understood is None and reply.text.strip()


def test_the_subject_is_kept_without_waiting_for_the_disk(tmp_path: Path) -> None:
    """It is on the way to every answer with a subject; losing it to a power cut loses only
    a follow-up's reading (commits at synchronous=NORMAL, the connection's FULL restored)."""
    store = _store(tmp_path)
    bot = Bot(store, Clock.fixed(CORPUS_DATA.now))
    assert synchronous_levels(store, lambda: bot.handle(
        "status uppdrag 3.2", conversation="slack:D1:", strict=True)) == [1]
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert conversations.get(store, "slack:D1:", now_epoch=Clock.fixed(CORPUS_DATA.now).epoch(),
                             max_age=60) is not None


def test_a_list_of_uppdrag_is_a_subject_for_who_how_many_and_the_next_month(
        tmp_path: Path) -> None:
    """Probe 14: "vem?" and "hur många är det?" after a list were not understood, and "och
    i oktober?" after the uppdrag due to KS in June dropped "till KS"."""
    bot = Bot(_store(tmp_path), Clock.fixed(CORPUS_DATA.now))
    bot.handle("vad ska upp på ks i juni?", conversation="k", strict=True)
    october = bot.handle("och i oktober?", conversation="k", strict=True)
    assert october.understood == "Uppdrag till KS i oktober 2026"
    who = bot.handle("vem?", conversation="k", strict=True)
    assert who.understood == "Uppdrag till KS i oktober 2026, ansvariga"
    assert "3.4" in who.text and "ansvarig: U0SAMHBYGG" in who.text and "2.1" not in who.text
    bot.handle("vilka uppdrag ligger under organisatoriska mål?", conversation="k", strict=True)
    many = bot.handle("hur många är det?", conversation="k", strict=True)
    assert many.text.startswith("Antal: 6:")
    # a question of its own after a list is still its own
    assert bot.handle("hur går det?", conversation="k", strict=True).understood is None


def test_a_new_entity_after_a_narrow_question_gets_the_same_question(tmp_path: Path) -> None:
    """Probe 14: "och 1.3?" after "när ska 4.3 redovisas?" was 1.3's whole card, "och
    Åsbro?" after a project's total its 2024 line first."""
    bot = Bot(_store(tmp_path), Clock.fixed(CORPUS_DATA.now))
    bot.handle("när ska 4.3 redovisas?", conversation="k", strict=True)
    reply = bot.handle("och 1.3?", conversation="k", strict=True)
    assert reply.understood == "Uppdrag 1.3, tidplan"
    assert reply.text.splitlines()[1].startswith("Tidplan för uppdrag 1.3:")
    bot.handle("vad kostade askersunds förskola totalt?", conversation="k", strict=True)
    reply = bot.handle("och Åsbro?", conversation="k", strict=True)
    assert reply.text.splitlines()[1].startswith("Åsbro förskola – projektet totalt: upparbetat")


def test_the_ram_asked_is_the_ram_first_and_a_subject(tmp_path: Path) -> None:
    """Probe 14: the ram was the second line of the year's whole budget."""
    bot = Bot(_store(tmp_path), Clock.fixed(CORPUS_DATA.now))
    first = bot.handle("hur stor budgetram har kommunstyrelsen 2026?", conversation="k",
                       strict=True)
    assert "Budgetram 2026 från kommunfullmäktige: 117 804 tkr" in first.text.splitlines()[2]
    assert "Nettokostnad" not in first.text
    reply = bot.handle("och 2024?", conversation="k", strict=True)
    assert reply.understood == "Budgetram 2024" and "126 342 tkr" in reply.text
    assert "117 804" not in reply.text
    none = bot.handle("budgetramen för 2027", strict=True)
    assert none.text.startswith("Budgetram: ingen siffra för 2027 i dokumenten")
