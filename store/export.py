"""Everything that happened, for the archive (diarium): updates (of uppdrag and of
aktiviteter), measurements, roles."""

from __future__ import annotations

from store.db import Row, Store


def history_tables(store: Store) -> dict[str, list[Row]]:
    """Every progress update, measurement and role change, oldest first, with context."""
    return {
        "uppdateringar": store.query(
            "SELECT up.id, d.title AS plan, u.key AS uppdrag, u.title AS uppdrag_titel, "
            "up.created_at AS tid, up.author AS av, up.kind AS typ, up.status, "
            "up.percent AS procent, up.text, up.ref_id AS avser_id, up.event_id "
            "FROM updates up JOIN uppdrag u ON u.id = up.uppdrag_id "
            "JOIN documents d ON d.id = u.doc_id ORDER BY up.id"),
        "aktivitetsuppdateringar": store.query(
            "SELECT up.id, a.key AS aktivitet, a.title AS aktivitet_titel, a.ansvar, "
            "up.created_at AS tid, up.author AS av, up.kind AS typ, up.status, "
            "up.percent AS procent, up.text, up.ref_id AS avser_id, up.event_id "
            "FROM aktivitet_updates up JOIN aktiviteter a ON a.id = up.aktivitet_id ORDER BY up.id"),
        "matvarden": store.query(
            "SELECT m.id, i.slug AS indikator, i.name AS indikator_namn, m.date AS datum, "
            "m.value AS varde, i.unit AS enhet, m.source AS kalla, m.origin AS ursprung, "
            "m.author AS av, m.created_at AS registrerad FROM measurements m "
            "JOIN indikatorer i ON i.id = m.indikator_id ORDER BY m.id"),
        "roller": store.query(
            "SELECT id, role AS roll, subject AS avser, user AS anvandare, action AS handling, "
            "author AS av, created_at AS tid FROM role_events ORDER BY id"),
    }
