"""Numbered schema migrations, applied on open (idempotent)."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("styrbot")


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE organisations (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            vision TEXT,
            words_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE namnder (
            id INTEGER PRIMARY KEY,
            org_id TEXT NOT NULL REFERENCES organisations(id),
            slug TEXT NOT NULL,
            name TEXT NOT NULL,
            short TEXT,
            UNIQUE (org_id, slug)
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            doc_key TEXT NOT NULL UNIQUE,
            org_id TEXT NOT NULL REFERENCES organisations(id),
            namnd_id INTEGER REFERENCES namnder(id),
            kind TEXT NOT NULL,
            year INTEGER,
            title TEXT NOT NULL,
            sources_json TEXT NOT NULL DEFAULT '[]',
            budget_frame_tkr INTEGER,
            notes TEXT,
            imported_at TEXT NOT NULL,
            file_sha256 TEXT
        );
        CREATE TABLE malomraden (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            number INTEGER NOT NULL,
            name TEXT NOT NULL,
            short TEXT,
            kind TEXT NOT NULL,
            intro TEXT,
            goals_json TEXT NOT NULL DEFAULT '[]',
            UNIQUE (doc_id, number)
        );
        CREATE TABLE indikatorer (
            id INTEGER PRIMARY KEY,
            org_id TEXT NOT NULL REFERENCES organisations(id),
            slug TEXT NOT NULL,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            malomrade INTEGER NOT NULL,
            tbl TEXT NOT NULL,
            number INTEGER NOT NULL,
            name TEXT NOT NULL,
            description TEXT,
            source TEXT,
            frequency TEXT NOT NULL,
            unit TEXT NOT NULL,
            reported_to_kf INTEGER NOT NULL DEFAULT 0,
            baseline REAL,
            baseline_text TEXT,
            target TEXT,
            aliases_json TEXT NOT NULL DEFAULT '[]',
            UNIQUE (org_id, slug)
        );
        CREATE TABLE measurements (
            id INTEGER PRIMARY KEY,
            indikator_id INTEGER NOT NULL REFERENCES indikatorer(id),
            date TEXT NOT NULL,
            value REAL NOT NULL,
            source TEXT,
            note TEXT,
            origin TEXT NOT NULL DEFAULT 'import',   -- import | chat
            author TEXT,
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX measurements_import ON measurements (indikator_id, date)
            WHERE origin = 'import';
        CREATE INDEX measurements_by_indikator ON measurements (indikator_id, date);
        CREATE TABLE uppdrag (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            key TEXT NOT NULL,
            malomrade INTEGER NOT NULL,
            title TEXT NOT NULL,
            description TEXT,
            scope TEXT,
            uppfoljning TEXT,
            tidplan TEXT,
            tidplan_flags TEXT NOT NULL DEFAULT '',
            origin TEXT,
            insatser_json TEXT NOT NULL DEFAULT '[]',
            insatser_source TEXT,
            plan_owner TEXT,
            initial_status TEXT,
            UNIQUE (doc_id, key)
        );
        CREATE TABLE deadlines (
            id INTEGER PRIMARY KEY,
            uppdrag_id INTEGER NOT NULL REFERENCES uppdrag(id),
            date TEXT,
            body TEXT,
            label TEXT NOT NULL
        );
        CREATE INDEX deadlines_by_date ON deadlines (date);
        CREATE TABLE uppdrag_indikatorer (
            uppdrag_id INTEGER NOT NULL REFERENCES uppdrag(id),
            indikator_id INTEGER NOT NULL REFERENCES indikatorer(id),
            PRIMARY KEY (uppdrag_id, indikator_id)
        );
        -- append-only: progress updates are never updated or deleted
        CREATE TABLE updates (
            id INTEGER PRIMARY KEY,
            uppdrag_id INTEGER NOT NULL REFERENCES uppdrag(id),
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT,
            percent INTEGER,
            kind TEXT NOT NULL DEFAULT 'update',   -- update | correction | undo
            ref_id INTEGER REFERENCES updates(id),
            event_id TEXT
        );
        CREATE INDEX updates_by_uppdrag ON updates (uppdrag_id, created_at);
        CREATE UNIQUE INDEX updates_event ON updates (event_id) WHERE event_id IS NOT NULL;
        CREATE TRIGGER updates_no_update BEFORE UPDATE ON updates
            BEGIN SELECT RAISE(ABORT, 'updates are append-only'); END;
        CREATE TRIGGER updates_no_delete BEFORE DELETE ON updates
            BEGIN SELECT RAISE(ABORT, 'updates are append-only'); END;
        CREATE TABLE budget_tables (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            slug TEXT NOT NULL,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            section TEXT,
            unit TEXT NOT NULL,
            columns_json TEXT NOT NULL,
            position INTEGER NOT NULL,
            UNIQUE (doc_id, slug)
        );
        CREATE TABLE budget_rows (
            id INTEGER PRIMARY KEY,
            table_id INTEGER NOT NULL REFERENCES budget_tables(id),
            position INTEGER NOT NULL,
            code TEXT,
            name TEXT NOT NULL,
            total INTEGER NOT NULL DEFAULT 0,
            sub INTEGER NOT NULL DEFAULT 0,
            analysis TEXT,
            analysis_ref TEXT,
            UNIQUE (table_id, position)
        );
        CREATE TABLE budget_values (
            row_id INTEGER NOT NULL REFERENCES budget_rows(id) ON DELETE CASCADE,
            measure TEXT NOT NULL,
            year INTEGER NOT NULL,
            period TEXT NOT NULL DEFAULT '',
            amount INTEGER,
            PRIMARY KEY (row_id, measure, year, period)
        );
        CREATE TABLE projects (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            name TEXT NOT NULL,
            year INTEGER NOT NULL,
            utfall INTEGER, budget INTEGER, avvikelse INTEGER, accumulated INTEGER,
            total_budget INTEGER, forecast INTEGER, total_deviation INTEGER,
            analysis TEXT,
            UNIQUE (doc_id, name, year)
        );
        CREATE TABLE maluppfyllelse (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            position INTEGER NOT NULL,
            year INTEGER NOT NULL,
            area TEXT NOT NULL,
            goal TEXT NOT NULL,
            measure TEXT, target TEXT, outcome TEXT,
            colour TEXT, colour_derived INTEGER NOT NULL DEFAULT 0,
            trend TEXT, comment TEXT,
            UNIQUE (doc_id, position)
        );
        CREATE TABLE arshjul (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            position INTEGER NOT NULL,
            month INTEGER, month_end INTEGER, date TEXT,
            what TEXT NOT NULL, description TEXT, body TEXT, responsible TEXT,
            reporting_point INTEGER NOT NULL DEFAULT 0,
            UNIQUE (doc_id, position)
        );
        -- who owns what, who is admin: an append-only log of changes
        CREATE TABLE role_events (
            id INTEGER PRIMARY KEY,
            role TEXT NOT NULL,          -- owner | indikator_owner | admin | leader
            subject TEXT NOT NULL DEFAULT '',  -- uppdrag key / indikator slug / '' for admin
            user TEXT NOT NULL,
            action TEXT NOT NULL,        -- add | remove
            author TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE seen_events (
            event_id TEXT PRIMARY KEY,
            seen_at TEXT NOT NULL
        );
        """
    )


@migrations(name="0002_schedule")
def m0002_schedule(db: Database) -> None:
    """Digest subscriptions and the outbox of scheduled sends (digests and nudges)."""
    db.executescript(
        """
        CREATE TABLE subscriptions (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            weekday INTEGER NOT NULL,          -- 0 = måndag … 4 = fredag
            at TEXT NOT NULL,                  -- HH:MM, local time (STYRBOT_TZ)
            areas TEXT NOT NULL DEFAULT '',    -- comma-separated målområden; '' = all
            kind TEXT NOT NULL DEFAULT 'full', -- full | ekonomi
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            ended_by TEXT,
            ended_at TEXT
        );
        -- every scheduled send: claimed (with a lease) before posting, confirmed after
        CREATE TABLE outbox (
            key TEXT PRIMARY KEY,              -- what|whom|local date, plus #part
            what TEXT NOT NULL,
            recipient TEXT NOT NULL,           -- user or channel ID as scheduled
            local_date TEXT NOT NULL,
            group_key TEXT NOT NULL,
            part INTEGER NOT NULL DEFAULT 1,
            payload TEXT NOT NULL,             -- JSON: text, blocks, file name/title
            attachment BLOB,                   -- a file's bytes (the trend chart)
            state TEXT NOT NULL DEFAULT 'claimed',  -- claimed | sent | failed
            channel TEXT,                      -- the conversation it went to (DMs resolved)
            ts TEXT,
            error TEXT,
            owner TEXT,                        -- the worker holding the claim
            lease_until REAL,                  -- epoch seconds (real time)
            attempts INTEGER NOT NULL DEFAULT 1,
            as_of TEXT NOT NULL,               -- the local time the content was built for
            claimed_at TEXT NOT NULL,
            claimed_epoch REAL NOT NULL,       -- real time of the claim (history look-ups)
            sent_at TEXT
        );
        CREATE INDEX outbox_claimed ON outbox (state, group_key, part);
        CREATE INDEX outbox_last ON outbox (what, recipient, state);
        -- what each send covered (a deadline stage for an owner, a digest slot …): once each
        CREATE TABLE outbox_items (
            item TEXT PRIMARY KEY,
            key TEXT NOT NULL REFERENCES outbox(key)
        );
        """
    )


@migrations(name="0003_latest_measurements")
def m0003_latest_measurements(db: Database) -> None:
    """The newest measurements of an indicator by an index seek, not a scan of them all."""
    db.execute("CREATE INDEX IF NOT EXISTS measurements_latest "
               "ON measurements (indikator_id, date, id)")


@migrations(name="0004_inbox")
def m0004_inbox(db: Database) -> None:
    """The durable inbox: every event, command, interaction or activity is written here before
    it is acknowledged, and marked done with its reply after; what a crash left is redone."""
    db.executescript(
        """
        CREATE TABLE inbox (
            seq INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,            -- slack | teams
            id TEXT NOT NULL,                  -- the platform's delivery id (event_id, activity id …)
            kind TEXT NOT NULL,                -- event | command | action | view | activity
            payload TEXT NOT NULL,             -- JSON: what is needed to process it again
            received_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',  -- pending | done | failed
            attempts INTEGER NOT NULL DEFAULT 0,    -- recoveries after a crash
            done_at TEXT,
            reply TEXT,                        -- JSON: what was answered (or the error)
            UNIQUE (platform, id)
        );
        CREATE INDEX inbox_pending ON inbox (state, seq) WHERE state = 'pending';
        """
    )


@migrations(name="0050_ops")
def m0050_ops(db: Database) -> None:
    """Running it for real: when each part of the bot last ran (the schedule's heartbeat,
    the last pruning), read by /healthz and `styrbot health`."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS ops_status ("
        " name TEXT PRIMARY KEY,"   # schedule | gallring
        " at TEXT NOT NULL,"        # local time, ISO 8601
        " epoch REAL NOT NULL,"     # the same instant in seconds (ages are computed from it)
        " detail TEXT)"             # a short summary, never message text
    )


@migrations(name="0051_role_identity")
def m0051_role_identity(db: Database) -> None:
    """Owners were kept under the key users see ("1.1", "BUN 1.1"), which changes when
    another nämnd's plan is imported (and then gave BUN's owner KS's uppdrag); they are now
    kept under the uppdrag's identity (queries.uppdrag_subject: "bun/2026/1.1")."""
    from store import queries  # at run time: queries imports store.db, which imports this

    class Rows:  # what the queries read through: store.query
        def query(self, sql: str, params: tuple[object, ...] = ()) -> list[dict[str, object]]:
            return [dict(r) for r in db.execute(sql, params).fetchall()]

    rows = Rows()
    plans = queries.current_plans(rows)  # type: ignore[arg-type]
    prefixes = queries.plan_prefixes(plans)
    subject = {}
    for p in plans:
        for u in queries.uppdrag(rows, p["id"]):  # type: ignore[arg-type]
            subject[prefixes[p["id"]] + u["key"]] = queries.uppdrag_subject(
                p["namnd_slug"], p["year"], u["key"])
    for shown, ident in subject.items():
        db.execute("UPDATE role_events SET subject = ? WHERE role = 'owner' AND subject = ?",
                   (ident, shown))

@migrations(name="0070_conversations")
def m0070_conversations(db: Database) -> None:
    """The subject of each conversation's last answer (a DM, a thread, a terminal session):
    the typed command as JSON, kept for a follow-up ("och 2027?") for a while."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS conversations ("
        " key TEXT PRIMARY KEY,"        # slack:C123:1700000000.0001, terminal:…, teams:…
        " subject TEXT NOT NULL,"       # bot.core.typed.encode of the last answered command
        " at TEXT NOT NULL,"            # local time, ISO 8601
        " epoch REAL NOT NULL)"         # the same instant in seconds (its age is computed from it)
    )


@migrations(name="0052_measurement_withdrawals")
def m0052_measurement_withdrawals(db: Database) -> None:
    """A measurement withdrawn in chat: the row stays (the history is append-only); this
    records who withdrew it, when and why, and readers leave it out."""
    db.executescript(
        """
        CREATE TABLE measurement_withdrawals (
            id INTEGER PRIMARY KEY,
            measurement_id INTEGER NOT NULL UNIQUE REFERENCES measurements(id),
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            event_id TEXT
        );
        """
    )


@migrations(name="0040_aktiviteter")
def m0040_aktiviteter(db: Database) -> None:
    """The förvaltning's verksamhetsplan and its aktiviteter (each answering an uppdrag),
    their progress updates (append-only, like the uppdrag's), and Målstruktur's
    "budgetpåverkan" and a colour given with the plan on the uppdrag."""
    db.executescript(
        """
        ALTER TABLE uppdrag ADD COLUMN budgetpaverkan INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE uppdrag ADD COLUMN plan_colour TEXT;
        CREATE TABLE verksamhetsplaner (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL UNIQUE REFERENCES documents(id),
            forvaltning TEXT NOT NULL,
            title TEXT,
            demo INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE aktiviteter (
            id INTEGER PRIMARY KEY,
            vp_id INTEGER NOT NULL REFERENCES verksamhetsplaner(id),
            uppdrag_id INTEGER NOT NULL REFERENCES uppdrag(id),
            key TEXT NOT NULL,
            malomrade INTEGER NOT NULL,
            title TEXT NOT NULL,
            description TEXT,
            ansvar TEXT,
            origin TEXT NOT NULL DEFAULT 'uppdrag',
            uppfoljning TEXT,
            tidplan TEXT,
            tidplan_flags TEXT NOT NULL DEFAULT '',
            deadlines_json TEXT NOT NULL DEFAULT '[]',
            budgetpaverkan INTEGER NOT NULL DEFAULT 0,
            initial_status TEXT,
            plan_colour TEXT,
            UNIQUE (vp_id, key)
        );
        CREATE INDEX aktiviteter_by_uppdrag ON aktiviteter (uppdrag_id);
        CREATE TABLE aktivitet_updates (
            id INTEGER PRIMARY KEY,
            aktivitet_id INTEGER NOT NULL REFERENCES aktiviteter(id),
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            text TEXT NOT NULL,
            status TEXT,
            percent INTEGER,
            kind TEXT NOT NULL DEFAULT 'update',   -- update | correction | undo
            ref_id INTEGER REFERENCES aktivitet_updates(id),
            event_id TEXT
        );
        CREATE INDEX aktivitet_updates_by_aktivitet ON aktivitet_updates (aktivitet_id, created_at);
        CREATE UNIQUE INDEX aktivitet_updates_event ON aktivitet_updates (event_id)
            WHERE event_id IS NOT NULL;
        CREATE TRIGGER aktivitet_updates_no_update BEFORE UPDATE ON aktivitet_updates
            BEGIN SELECT RAISE(ABORT, 'updates are append-only'); END;
        CREATE TRIGGER aktivitet_updates_no_delete BEFORE DELETE ON aktivitet_updates
            BEGIN SELECT RAISE(ABORT, 'updates are append-only'); END;
        """
    )


def unknown_applied(db: Database) -> list[str]:
    """Migrations recorded in the store that this code does not know: the store was written
    by a newer Styrbot (read-only: nothing is written)."""
    known = {m.name for m in migrations._migrations}
    return [m.name for m in migrations.applied(db) if m.name not in known]


@migrations(name="0020_sections")
def m0020_sections(db: Database) -> None:
    """The documents' running text, searchable (FTS5 over Swedish stems, BM25), and the
    figures stated in it; which links and arrows are derived rather than printed."""
    db.executescript(
        """
        CREATE TABLE sections (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            position INTEGER NOT NULL,
            heading TEXT NOT NULL,
            level INTEGER NOT NULL,
            parent TEXT,                        -- the heading of the section it belongs to
            text TEXT NOT NULL,
            page INTEGER,
            UNIQUE (doc_id, position)
        );
        -- a paragraph or list item of a section: the unit search answers with
        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            section_id INTEGER NOT NULL REFERENCES sections(id),
            position INTEGER NOT NULL,
            text TEXT NOT NULL
        );
        CREATE INDEX passages_by_section ON passages (section_id, position);
        -- rowid = passages.id; the columns hold the stems (bot/search stems the text)
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            heading, body, tokenize = 'unicode61 remove_diacritics 0');
        -- how many passages hold each stem: common words are left out of the ranking
        CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row');
        CREATE TABLE nyckeltal (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            position INTEGER NOT NULL,
            slug TEXT NOT NULL,
            name TEXT NOT NULL,
            grp TEXT,
            unit TEXT NOT NULL,
            values_json TEXT NOT NULL DEFAULT '[]',
            text TEXT,
            section TEXT,
            aliases_json TEXT NOT NULL DEFAULT '[]',
            UNIQUE (doc_id, slug)
        );
        ALTER TABLE uppdrag ADD COLUMN indicators_derived INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE maluppfyllelse ADD COLUMN trend_derived INTEGER NOT NULL DEFAULT 0;
        """
    )


@migrations(name="0030_kolada")
def m0030_kolada(db: Database) -> None:
    """Kolada (issue 17): the plan's links to Kolada's KPIs, Kolada's list of municipalities
    and KPIs, and every value fetched, append-only (a revised value is a new row that
    names the one it revises)."""
    db.executescript(
        """
        ALTER TABLE organisations ADD COLUMN kolada_id TEXT;
        -- an indicator's KPI, or a strategic goal's KPIs with its percentile goal
        CREATE TABLE kolada_links (
            id INTEGER PRIMARY KEY,
            org_id TEXT NOT NULL REFERENCES organisations(id),
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            kind TEXT NOT NULL,                  -- indikator | goal
            subject TEXT NOT NULL,               -- indikator slug, or "<målområde>.<n>" (n from 1)
            malomrade INTEGER,
            goal_text TEXT,
            kpis_json TEXT NOT NULL DEFAULT '[]',
            titles_json TEXT NOT NULL DEFAULT '[]',
            gender TEXT NOT NULL DEFAULT 'T',
            percentile REAL,
            better TEXT,                         -- higher | lower
            target_year INTEGER,
            aliases_json TEXT NOT NULL DEFAULT '[]',
            note TEXT,
            UNIQUE (doc_id, kind, subject)
        );
        CREATE TABLE kolada_municipalities (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            type TEXT                            -- K kommun, L region
        );
        CREATE TABLE kolada_kpis (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            description TEXT,
            divided_by_gender INTEGER,
            fetched_at TEXT NOT NULL
        );
        CREATE TABLE kolada_values (
            id INTEGER PRIMARY KEY,
            kpi TEXT NOT NULL,
            municipality TEXT NOT NULL,
            year INTEGER NOT NULL,
            gender TEXT NOT NULL,
            value REAL,                          -- null: Kolada has no value (status Missing)
            status TEXT,
            count INTEGER,
            revises INTEGER REFERENCES kolada_values(id),
            origin TEXT NOT NULL,                -- api | import:<file>
            created_at TEXT NOT NULL
        );
        CREATE INDEX kolada_values_key ON kolada_values (kpi, gender, year, municipality, id);
        CREATE TRIGGER kolada_values_no_update BEFORE UPDATE ON kolada_values
            BEGIN SELECT RAISE(ABORT, 'kolada_values are append-only'); END;
        CREATE TRIGGER kolada_values_no_delete BEFORE DELETE ON kolada_values
            BEGIN SELECT RAISE(ABORT, 'kolada_values are append-only'); END;
        CREATE INDEX measurements_origin ON measurements (origin, indikator_id, date, id);
        """
    )


@migrations(name="0060_teams")
def m0060_teams(db: Database) -> None:
    """Microsoft Teams: the service URLs that arrived in valid tokens (the only ones the bot
    sends to), the conversation references for proactive sends, and what the outbox posted
    there. (Activities received go to the inbox, platform "teams".)"""
    db.executescript(
        """
        CREATE TABLE teams_service_urls (
            url TEXT PRIMARY KEY,              -- exactly as in the token's serviceurl claim
            first_seen TEXT NOT NULL
        );
        -- one row per conversation the bot is in: a person's personal chat, a team's channel,
        -- a group chat. `reference` is the Bot Framework conversation reference (JSON).
        CREATE TABLE teams_conversations (
            conversation_id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,                -- personal | channel | groupChat
            user_aad TEXT,                     -- a personal chat: the person's Entra object id
            service_url TEXT NOT NULL,
            reference TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX teams_conversations_user ON teams_conversations (user_aad);
        -- people as Teams shows them: an Entra object id's display name (from their messages
        -- and @mentions), so replies name people instead of showing their ids
        CREATE TABLE teams_people (
            aad TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        -- scheduled sends posted to Teams (the outbox's key), so a crash look-up can find them
        CREATE TABLE teams_sent (
            key TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL,
            activity_id TEXT NOT NULL,
            sent_at TEXT NOT NULL
        );
        """
    )


@migrations(name="0080_docs_initiativ")
def m0080_docs_initiativ(db: Database) -> None:
    """Initiatives a document describes in its text, with the uppdrag it names there (the
    uppdragsplan's organisationsutredning and its four uppdrag): replaced on each import of
    their document, like its text."""
    db.executescript(
        """
        CREATE TABLE initiativ (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id),
            position INTEGER NOT NULL,
            slug TEXT NOT NULL,
            name TEXT NOT NULL,
            section TEXT,
            description TEXT,
            uppfoljning TEXT,
            progress TEXT,
            owner TEXT,
            tidplan TEXT,
            items_json TEXT NOT NULL DEFAULT '[]',
            items_name TEXT NOT NULL DEFAULT 'uppdrag',
            items_note TEXT,
            related_json TEXT NOT NULL DEFAULT '[]',
            related_derived INTEGER NOT NULL DEFAULT 0,
            aliases_json TEXT NOT NULL DEFAULT '[]',
            UNIQUE (doc_id, slug)
        );
        """
    )


@migrations(name="0090_maluppfyllelse_aliases")
def m0090_maluppfyllelse_aliases(db: Database) -> None:
    """The words people use for a måluppfyllelse row's goal that its text lacks (mål 4 is
    "integration" to them): kept with the row, as an indicator's aliases are."""
    db.executescript(
        "ALTER TABLE maluppfyllelse ADD COLUMN aliases_json TEXT NOT NULL DEFAULT '[]';"
    )


@migrations(name="0092_probe10")
def m0092_probe10(db: Database) -> None:
    """Who a måluppfyllelse row's goal is addressed to (the annual report's "Adressering:
    HR-avdelningen"): what "vem ansvarar för det?" after a goal asks."""
    db.executescript("ALTER TABLE maluppfyllelse ADD COLUMN addressed TEXT;")


@migrations(name="0093_conversation_previous")
def m0093_conversation_previous(db: Database) -> None:
    """The subject before a conversation's last, while it is as recent: what "och summan av
    dom?" after "budget färdtjänst" and "och skolskjutsar?" adds up (both lines)."""
    db.executescript("ALTER TABLE conversations ADD COLUMN previous TEXT;")
