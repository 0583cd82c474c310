"""`styrbot anonymisera USER`: a person's Slack (or Teams) ID replaced by a pseudonym
everywhere in the store, for a request to erase or correct personal data (GDPR art. 16–17)
while the history stays append-only otherwise.

The person's roles (owner, indicator owner, admin, leader) are ended first, with remove
events, so nothing is sent to the pseudonym; then every occurrence of the ID (authors,
owners, recipients, mentions in texts, send keys) becomes "anonym-<random>", and the change
is logged as a role event that names only the pseudonym. All in one transaction. The
pseudonym is random, so it cannot be computed back from the ID; which ID it replaced is
recorded nowhere by Styrbot.

Not reached: names typed in free text ("Anna sa …"), the IDs in the plan files (a re-import
would give the roles back), settings (STYRBOT_ADMINS, STYRBOT_LEADERS), backups, logs and
Slack itself. The command says so, naming what it finds.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field

from bot.domain.state import holders
from store import anonymise as anon
from store import queries as q
from store.db import Store

AUTHOR = "styrbot anonymisera"
ROLES = ("owner", "indikator_owner", "admin", "leader")
ID = re.compile(r"[UW][A-Z0-9]{2,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                r"|29:[\w\-]+")  # Slack user IDs; Teams AAD object IDs and 29:… IDs


class AnonymiseError(Exception):
    """Refused; nothing changed. The message is Swedish."""


@dataclass
class Anonymised:
    user: str
    pseudonym: str
    ended: list[tuple[str, str]]
    changed: dict[str, int]
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.changed.values())


def new_pseudonym() -> str:
    return f"anonym-{secrets.token_hex(4)}"


def held_roles(store: Store, user: str) -> list[tuple[str, str]]:
    """(role, subject) that ``user`` holds now, replaying the role log."""
    events = q.role_events(store)
    out = []
    for role in ROLES:
        for subject in sorted({e["subject"] for e in events if e["role"] == role}):
            if user in holders(events, role, subject):
                out.append((role, subject))
    return out


def anonymise(store: Store, user: str, now: dt.datetime, *, admins: tuple[str, ...] = (),
              leaders: tuple[str, ...] = (), pseudonym: str | None = None) -> Anonymised:
    """Replace ``user`` by a pseudonym everywhere in ``store`` (one transaction)."""
    user = user.strip().lstrip("@")
    if not ID.fullmatch(user):
        raise AnonymiseError(
            f"{user!r} ser inte ut som ett användar-ID (Slack: U…/W…, t.ex. U0123ABCD). Ange "
            "personens ID, inte namnet: i Slack finns det under profilen, Mer, Kopiera medlems-ID.")
    found = anon.occurrences(store, user)
    if not found:
        raise AnonymiseError(f"{user} finns inte i databasen {store.path}; inget är ändrat.")
    pseudonym = pseudonym or new_pseudonym()
    ended = held_roles(store, user)
    changed = anon.replace_user(store, user, pseudonym, ends=ended, author=AUTHOR, now=now)
    warnings = []
    if user in admins:
        warnings.append(f"{user} står i STYRBOT_ADMINS: ta bort det där också.")
    if user in leaders:
        warnings.append(f"{user} står i STYRBOT_LEADERS: ta bort det där också.")
    return Anonymised(user, pseudonym, ended, changed, warnings)
