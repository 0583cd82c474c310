"""A municipality with several nämnder: each has its plan; keys of other nämnder than the
first carry the nämnd's short name ("BUN 3.2")."""

from __future__ import annotations

from pathlib import Path

from bot.clock import Clock
from bot.core.bot import Bot
from bot.core.importing import import_file
from store import queries as q
from store.db import Store

PLAN = """\
format: styrbot-plan/1
organisation: {{id: testkommun, name: Testkommun}}
namnd: {{id: {id}, name: {name}, short: {short}}}
document: {{kind: uppdragsplan, year: 2026, title: Uppdragsplan 2026 {short}}}
malomraden:
  - {{number: 3, name: Attraktiv kommun}}
uppdrag:
  - {{key: "3.2", title: "{title}", tidplan: Kommunstyrelsen den 1 december}}
  - {{key: "3.{only}", title: "Bara {short} har detta", tidplan: I enlighet med projektplan}}
"""


def make(tmp_path: Path) -> Bot:
    store = Store(tmp_path / "s.db")
    clock = Clock.fixed("2026-11-23T09:00")
    for args in ({"id": "bun", "name": "Barn- och utbildningsnämnden", "short": "BUN",
                  "title": "Fler behöriga lärare", "only": 7},
                 {"id": "ks", "name": "Kommunstyrelsen", "short": "KS",
                  "title": "Främja bostadsutveckling", "only": 8}):
        path = tmp_path / f"{args['id']}.yaml"
        path.write_text(PLAN.format(**args), encoding="utf-8")
        import_file(store, path, clock)
    return Bot(store, clock, admins=("UADMIN",))


def test_keys_of_other_namnder_carry_their_short_name(tmp_path: Path) -> None:
    bot = make(tmp_path)
    assert "Främja bostadsutveckling" in bot.handle("status uppdrag 3.2").text  # KS first
    assert "Fler behöriga lärare" in bot.handle("status uppdrag bun 3.2").text
    assert "Fler behöriga lärare" in bot.handle("BUN 3,2?").text
    assert "Bara BUN har detta" in bot.handle("uppdrag 3.7").text  # only BUN has it
    listing = bot.handle("vilka uppdrag finns?").text
    assert "BUN 3.2" in listing and "3.8" in listing and "KS 3.2" not in listing
    due = bot.handle("vad ska till KS i december?").text
    assert "Främja bostadsutveckling" in due and "Fler behöriga lärare" in due


def test_updates_go_to_the_right_namnds_uppdrag(tmp_path: Path) -> None:
    bot = make(tmp_path)
    reply = bot.handle("uppdatera bun 3.2: Tio nya lärare anställda, pågår 40 %", user="UADMIN")
    assert "BUN 3.2" in reply.text and "Fler behöriga lärare" in reply.text
    bot.handle("uppdatera 3.2: Två investerare, pågår", user="UADMIN")
    store = bot.store
    plans = {p["namnd_short"]: p for p in q.current_plans(store)}
    assert [u["text"] for u in q.updates(store, plans["BUN"]["id"], "3.2")] == ["Tio nya lärare anställda"]
    assert [u["text"] for u in q.updates(store, plans["KS"]["id"], "3.2")] == ["Två investerare"]
    card = bot.handle("bun 3.2").text
    assert "pågår, 40 %" in card and "Tio nya lärare" in card
    history = bot.handle("historik BUN 3.2").text
    assert "Tio nya lärare" in history and "Två investerare" not in history
    assert "Ångrade" in bot.handle("ångra", user="UADMIN").text
    assert "Två investerare" not in bot.handle("status uppdrag 3.2").text.split("Senaste")[-1]


def _import(store: Store, tmp_path: Path, clock: Clock, roles: str = "", **args: object) -> None:
    path = tmp_path / f"{args['id']}.yaml"
    path.write_text(PLAN.format(**args) + roles, encoding="utf-8")
    import_file(store, path, clock)


BUN = {"id": "bun", "name": "Barn- och utbildningsnämnden", "short": "BUN",
       "title": "Fler behöriga lärare", "only": 7}
KS = {"id": "ks", "name": "Kommunstyrelsen", "short": "KS", "title": "Främja bostadsutveckling",
      "only": 8}


def test_a_second_namnds_plan_roles_go_to_its_own_uppdrag(tmp_path: Path) -> None:
    """BUN's plan file names an owner of its 3.2; KS (imported first) has a 3.2 too. No
    admin writes here: the owner check itself is what is tested."""
    store, clock = Store(tmp_path / "s.db"), Clock.fixed("2026-11-23T09:00")
    _import(store, tmp_path, clock, **KS)
    _import(store, tmp_path, clock, 'roles: {owners: {"3.2": [U0BUNLARARE]}}\n', **BUN)
    bot = Bot(store, clock, admins=("UADMIN",))
    refused = bot.handle("uppdatera 3.2: Försök på KS uppdrag", user="U0BUNLARARE")
    assert refused.error and "Du kan inte uppdatera uppdrag 3.2" in refused.text
    saved = bot.handle("uppdatera bun 3.2: Tio nya lärare", user="U0BUNLARARE")
    assert not saved.error and "BUN 3.2" in saved.text
    assert "U0BUNLARARE" in bot.handle("bun 3.2").text
    assert "U0BUNLARARE" not in bot.handle("status uppdrag 3.2").text


def test_roles_set_in_chat_stay_with_their_uppdrag_when_another_namnd_is_imported(
        tmp_path: Path) -> None:
    store, clock = Store(tmp_path / "s.db"), Clock.fixed("2026-11-23T09:00")
    _import(store, tmp_path, clock, **BUN)
    bot = Bot(store, clock, admins=("UADMIN",))
    assert "lade till" in bot.handle("ansvarig 3.2 @U0UBUN", user="UADMIN").text  # BUN's 3.2
    _import(store, tmp_path, clock, **KS)  # now "3.2" is KS's, and BUN's is "BUN 3.2"
    bot = Bot(store, clock, admins=("UADMIN",))
    assert bot.handle("uppdatera 3.2: inte mitt", user="U0UBUN").error
    assert not bot.handle("uppdatera bun 3.2: mitt", user="U0UBUN").error
    assert "U0UBUN" in bot.handle("bun 3.2").text
    owners = bot.handle("ansvariga").text
    assert any("BUN 3.2" in line and "U0UBUN" in line for line in owners.splitlines())
    assert not any(line.startswith("3.2 ") and "U0UBUN" in line for line in owners.splitlines())


def test_a_store_with_owners_under_shown_keys_is_migrated_to_identities(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store, clock = Store(db), Clock.fixed("2026-11-23T09:00")
    _import(store, tmp_path, clock, **KS)
    _import(store, tmp_path, clock, **BUN)
    with store.write() as conn:  # as an older Styrbot wrote them: under the keys users saw
        for subject, user in (("3.2", "U0KSAGARE"), ("BUN 3.2", "U0BUNAGARE")):
            conn.execute("INSERT INTO role_events (role, subject, user, action, author, "
                         "created_at) VALUES ('owner', ?, ?, 'add', 'old', '2026-01-01')",
                         (subject, user))
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0051_role_identity'")
    store.close()
    store = Store(db)  # the migration runs again, as on an upgrade
    subjects = {e["user"]: e["subject"] for e in q.role_events(store, "owner")}
    assert subjects == {"U0KSAGARE": "ks/2026/3.2", "U0BUNAGARE": "bun/2026/3.2"}
    bot = Bot(store, clock)
    assert not bot.handle("uppdatera bun 3.2: ja", user="U0BUNAGARE").error
    assert bot.handle("uppdatera 3.2: nej", user="U0BUNAGARE").error


def test_an_uppdrag_card_names_the_malomrade_of_its_own_plan(tmp_path: Path) -> None:
    store, clock = Store(tmp_path / "s.db"), Clock.fixed("2026-11-23T09:00")
    _import(store, tmp_path, clock, **KS)
    bun = PLAN.format(**BUN).replace("{number: 3, name: Attraktiv kommun}",
                                     "{number: 3, name: Lärande för livet}")
    path = tmp_path / "bun.yaml"
    path.write_text(bun, encoding="utf-8")
    import_file(store, path, clock)
    bot = Bot(store, clock)
    assert "Lärande för livet" in bot.handle("bun 3.2").text
    assert "Attraktiv kommun" not in bot.handle("bun 3.2").text
    assert "Attraktiv kommun" in bot.handle("status uppdrag 3.2").text


def test_an_owner_of_one_namnds_uppdrag_cannot_update_the_same_key_of_another(
        tmp_path: Path) -> None:
    """Owners are per nämnd: KS 3.2 and BUN 3.2 are two uppdrag with two sets of owners."""
    bot = make(tmp_path)
    bot.handle("ansvarig 3.2 @UKS", user="UADMIN")
    bot.handle("ansvarig bun 3.2 @UBUN", user="UADMIN")
    refused = bot.handle("uppdatera bun 3.2: Från fel nämnd, pågår", user="UKS")
    assert refused.error and "Du kan inte uppdatera uppdrag BUN 3.2" in refused.text
    assert "@UBUN" in refused.text and "@UKS" not in refused.text
    assert bot.handle("uppdatera 3.2: Från fel nämnd, pågår", user="UBUN").error
    assert not bot.handle("uppdatera bun 3.2: Rätt nämnd, pågår", user="UBUN").error
    assert not bot.handle("uppdatera 3.2: Rätt nämnd, pågår", user="UKS").error
    plans = {p["namnd_short"]: p for p in q.current_plans(bot.store)}
    assert [(u["author"], u["text"]) for u in q.updates(bot.store, plans["BUN"]["id"], "3.2")] == [
        ("UBUN", "Rätt nämnd")]
    assert [(u["author"], u["text"]) for u in q.updates(bot.store, plans["KS"]["id"], "3.2")] == [
        ("UKS", "Rätt nämnd")]


def test_a_namnd_no_plan_has_is_refused_not_passed_over_to_the_first_namnds_uppdrag(
        tmp_path: Path) -> None:
    """Only KS's plan is in: 'ansvarig BUN 3.2 @x' must not make x an owner of KS's 3.2
    (the unknown nämnd was ignored and the write went to the first nämnd), nor 'uppdatera SBN
    3.2: …' store an update there; the reply names the nämnder there are."""
    store = Store(tmp_path / "s.db")
    clock = Clock.fixed("2026-11-23T09:00")
    path = tmp_path / "ks.yaml"
    path.write_text(PLAN.format(id="ks", name="Kommunstyrelsen", short="KS",
                                title="Främja bostadsutveckling", only=8), encoding="utf-8")
    import_file(store, path, clock)
    bot = Bot(store, clock, admins=("UADMIN",))
    plan = q.current_plans(store)[0]
    for text in ("ansvarig BUN 3.2 @U0X", "uppdatera SBN 3.2: Klart, klar 100 %",
                 "uppdatera SBN 3.2.1: klart"):
        reply = bot.handle(text, user="UADMIN")
        assert "Det finns ingen nämnd «" in reply.text and "(KS)" in reply.text, text
    assert q.updates(store, plan["id"], "3.2") == []
    assert "U0X" not in bot.handle("ansvariga", user="UADMIN").text
    # the nämnd's own name, and a plain filler word, still reach the uppdrag
    assert "lade till" in bot.handle("ansvarig KS 3.2 @U0Y", user="UADMIN").text
    assert "sparad" in bot.handle("uppdatera nr 3.2: Två investerare, pågår", user="UADMIN").text
