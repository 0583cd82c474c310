"""Microsoft Teams: trusted service URLs, conversation references and what was posted.

The bot sends only to service URLs that arrived in the `serviceurl` claim of a valid token
(`trust_service_url` is called after the token is checked, `trusted_service_urls` before a
send). A conversation reference is stored when the app is installed or messaged, so the
schedule can write to a person or a channel later (proactive messages).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from store.db import Row, Store


def trust_service_url(store: Store, url: str, now: dt.datetime) -> None:
    """Remember ``url`` as one the channel vouched for (a valid token's serviceurl claim)."""
    with store.write() as conn:
        conn.execute("INSERT OR IGNORE INTO teams_service_urls (url, first_seen) VALUES (?, ?)",
                     (url, now.isoformat()))


def trusted_service_urls(store: Store) -> set[str]:
    return {r["url"] for r in store.query("SELECT url FROM teams_service_urls")}


def save_conversation(store: Store, *, conversation_id: str, kind: str, user_aad: str | None,
                      service_url: str, reference: dict[str, Any], now: dt.datetime) -> None:
    """Store (or refresh) the reference of one conversation; one transaction."""
    with store.write() as conn:
        conn.execute(
            "INSERT INTO teams_conversations (conversation_id, kind, user_aad, service_url, "
            "reference, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (conversation_id) DO UPDATE SET kind = excluded.kind, "
            "user_aad = COALESCE(excluded.user_aad, teams_conversations.user_aad), "
            "service_url = excluded.service_url, reference = excluded.reference, "
            "updated_at = excluded.updated_at",
            (conversation_id, kind, user_aad, service_url,
             json.dumps(reference, ensure_ascii=False, sort_keys=True), now.isoformat()),
        )


def conversation(store: Store, conversation_id: str) -> Row | None:
    row = store.one("SELECT * FROM teams_conversations WHERE conversation_id = ?",
                    (conversation_id,))
    return _decoded(row)


def personal_conversation(store: Store, user_aad: str) -> Row | None:
    """The newest personal chat with the person whose Entra object id is ``user_aad``."""
    row = store.one("SELECT * FROM teams_conversations WHERE user_aad = ? AND kind = 'personal' "
                    "ORDER BY updated_at DESC LIMIT 1", (user_aad,))
    return _decoded(row)


def conversations(store: Store) -> list[Row]:
    rows = store.query("SELECT * FROM teams_conversations ORDER BY conversation_id")
    return [r for r in (_decoded(x) for x in rows) if r is not None]


def _decoded(row: Row | None) -> Row | None:
    if row is None:
        return None
    row["reference"] = json.loads(row["reference"])
    return row


def save_person(store: Store, aad: str, name: str, now: dt.datetime) -> None:
    """Remember how Teams names the person ``aad`` (only when it changed: no write per message)."""
    row = store.one("SELECT name FROM teams_people WHERE aad = ?", (aad,))
    if row is not None and row["name"] == name:
        return
    with store.write() as conn:
        conn.execute("INSERT INTO teams_people (aad, name, updated_at) VALUES (?, ?, ?) "
                     "ON CONFLICT (aad) DO UPDATE SET name = excluded.name, "
                     "updated_at = excluded.updated_at", (aad, name, now.isoformat()))


def people(store: Store, aads: list[str]) -> dict[str, str]:
    """The known names of ``aads``."""
    if not aads:
        return {}
    marks = ",".join("?" * len(aads))
    rows = store.query(f"SELECT aad, name FROM teams_people WHERE aad IN ({marks})", tuple(aads))
    return {r["aad"]: r["name"] for r in rows}


def record_sent(store: Store, key: str, conversation_id: str, activity_id: str,
                now: dt.datetime) -> None:
    with store.write() as conn:
        conn.execute("INSERT OR REPLACE INTO teams_sent (key, conversation_id, activity_id, "
                     "sent_at) VALUES (?, ?, ?, ?)", (key, conversation_id, activity_id,
                                                      now.isoformat()))


def sent(store: Store, key: str) -> Row | None:
    return store.one("SELECT * FROM teams_sent WHERE key = ?", (key,))
