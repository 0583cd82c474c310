"""A reply as Teams shows it is laid out once per what it is made of (TeamsApp.shown): the
kept uppdrag card is not laid out again, but a name Teams tells us later, a new status or a
new reply is shown at once."""

from __future__ import annotations

import json

from bot.clock import Clock
from bot.core.mentions import person
from bot.teams.app import TeamsApp
from store import teams as teams_store
from tests.conftest import NOW
from tests.teams.conftest import Teams
from tests.teams.stand_in import ANNA, BERTIL


def _shown(app: TeamsApp, text: str) -> str:
    return json.dumps(app.shown(app.bot.handle(text, user=ANNA, strict=True)),
                      ensure_ascii=False)


def test_the_card_is_laid_out_anew_when_what_it_shows_changes(teams: Teams) -> None:
    app: TeamsApp = teams.served.app
    app.bot.handle(f"ansvarig 3.2 {person(BERTIL)}", user=ANNA, strict=True)  # ANNA is admin
    first = _shown(app, "status uppdrag 3.2")
    assert BERTIL in first and "Bertil Berg" not in first
    assert _shown(app, "status uppdrag 3.2") == first
    teams_store.save_person(teams.store, BERTIL, "Bertil Berg", Clock.fixed(NOW).now())
    named = _shown(app, "status uppdrag 3.2")
    assert "Bertil Berg" in named and BERTIL not in named  # the name Teams told us, at once
    app.bot.handle("uppdatera 3.2: Detaljplanen är antagen, klar", user=BERTIL, strict=True)
    done = app.shown(app.bot.handle("status uppdrag 3.2", user=ANNA, strict=True))
    form = json.dumps(done["attachments"][0]["content"]["actions"], ensure_ascii=False)
    assert '"value": "klar"' in form  # the Uppdatera form is filled from the new status


def test_each_caller_gets_its_own_outer_activity(teams: Teams) -> None:
    app: TeamsApp = teams.served.app
    reply = app.bot.handle("status uppdrag 3.2", user=ANNA, strict=True)
    one, two = app.shown(reply), app.shown(reply)
    assert one == two and one is not two
    one["text"] = "ändrad"
    assert "text" not in app.shown(reply) or app.shown(reply)["text"] != "ändrad"
