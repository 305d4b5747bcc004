"""The database schema as an ordered list of migrations, and the code that applies them.

``MIGRATIONS[i]`` takes a database from schema version ``i`` to ``i + 1``; the
version lives in ``PRAGMA user_version`` (and each step is logged in
``schema_history``). Pending steps run in one ``BEGIN IMMEDIATE`` transaction, so
a failed or interrupted upgrade leaves the file exactly as it was, and two
processes opening a new file at once cannot both migrate it.

PostgreSQL runs the same migrations (each statement translated by
``trainer.store.dialect.postgres_ddl``); its version is the highest
``schema_history`` row, and the pending steps run in one transaction under
``pg_advisory_xact_lock``, so two processes cannot both migrate either.

Never edit a released migration: append a new one. See docs/store.md.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from trainer.store import summary
from trainer.store.dialect import of, postgres_ddl, table_names
from trainer.store.errors import StoreError

Migration = Callable[[sqlite3.Connection], None]

# "TRNR": marks the file as a trainer progress database (PRAGMA application_id).
APPLICATION_ID = 0x54524E52

V1 = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE schema_history (
        version    INTEGER PRIMARY KEY,
        applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )""",
    """CREATE TABLE users (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE sessions (
        id          INTEGER PRIMARY KEY,
        uid         TEXT NOT NULL UNIQUE,
        user_id     INTEGER NOT NULL REFERENCES users(id),
        kind        TEXT NOT NULL,
        item_id     TEXT NOT NULL,
        item_title  TEXT NOT NULL DEFAULT '',
        category    TEXT NOT NULL DEFAULT '',
        mode        TEXT,
        seed        INTEGER NOT NULL DEFAULT 0,
        start_node  TEXT,
        start_mood  INTEGER,
        status      TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'finished', 'discarded')),
        outcome     TEXT,
        score       REAL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        meta        TEXT NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX sessions_user_finished ON sessions(user_id, finished_at)",
    "CREATE INDEX sessions_user_item ON sessions(user_id, kind, item_id, finished_at)",
    "CREATE INDEX sessions_item ON sessions(item_id, finished_at)",
    "CREATE INDEX sessions_open ON sessions(user_id, started_at) WHERE status = 'open'",
    """CREATE TABLE turns (
        id             INTEGER PRIMARY KEY,
        session_id     INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        idx            INTEGER NOT NULL,
        node_id        TEXT NOT NULL,
        prompt         TEXT NOT NULL,
        reply          TEXT NOT NULL,
        score          REAL NOT NULL,
        raw_score      REAL NOT NULL,
        passed         INTEGER NOT NULL,
        result         TEXT NOT NULL,
        mood_before    INTEGER,
        mood_after     INTEGER,
        latency        REAL NOT NULL,
        typing_seconds REAL,
        cpm            REAL NOT NULL,
        hints          INTEGER NOT NULL DEFAULT 0,
        nudges         INTEGER NOT NULL DEFAULT 0,
        next_node      TEXT,
        pasted         INTEGER NOT NULL DEFAULT 0,
        created_at     TEXT NOT NULL,
        UNIQUE (session_id, idx)
    )""",
    """CREATE TABLE turn_points (
        turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
        pos     INTEGER NOT NULL,
        label   TEXT NOT NULL,
        hit     INTEGER NOT NULL,
        credit  REAL NOT NULL,
        PRIMARY KEY (turn_id, pos)
    ) WITHOUT ROWID""",
)


def _statements(statements: Sequence[str]) -> Migration:
    """A migration made of SQL statements (run one by one: executescript would COMMIT)."""

    def run(conn: sqlite3.Connection) -> None:
        postgres = of(conn).postgres
        for sql in statements:
            translated = postgres_ddl(sql) if postgres else sql
            if translated is not None:
                conn.execute(translated)

    return run


# Version 2 (issue 4, docs/interview.md): the interviewer's side of an interview,
# always BESIDE the automatic scores (append-only: the latest row is current),
# and the typing test's measurements.
V2 = (
    """CREATE TABLE turn_overrides (
        id       INTEGER PRIMARY KEY,
        turn_id  INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
        score    REAL NOT NULL CHECK (score BETWEEN 0 AND 100),
        reason   TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL,
        at       TEXT NOT NULL
    )""",
    "CREATE INDEX turn_overrides_turn ON turn_overrides(turn_id, id)",
    """CREATE TABLE turn_notes (
        id       INTEGER PRIMARY KEY,
        turn_id  INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
        note     TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        at       TEXT NOT NULL
    )""",
    "CREATE INDEX turn_notes_turn ON turn_notes(turn_id, id)",
    """CREATE TABLE session_decisions (
        id         INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        decision   TEXT NOT NULL CHECK (decision IN ('錄用', '待定', '不錄用')),
        comment    TEXT NOT NULL DEFAULT '',
        reviewer   TEXT NOT NULL,
        at         TEXT NOT NULL
    )""",
    "CREATE INDEX session_decisions_session ON session_decisions(session_id, id)",
    """CREATE TABLE typing_results (
        session_id   INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        passage_id   TEXT NOT NULL,
        cpm          REAL NOT NULL,
        accuracy     REAL NOT NULL,
        seconds      REAL NOT NULL,
        chars        INTEGER NOT NULL,
        errors       INTEGER NOT NULL,
        completed    INTEGER NOT NULL,
        passed       INTEGER NOT NULL,
        pass_cpm     REAL NOT NULL,
        pass_accuracy REAL NOT NULL,
        flags        TEXT NOT NULL DEFAULT '[]',
        interview_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL
    )""",
    "CREATE INDEX typing_results_interview ON typing_results(interview_id)",
)

# Version 3 (issue 10, docs/store.md): every person is a trainee or a candidate, stored,
# so candidates stay out of trainee lists and spaced practice. People who only ever
# did interviews (and the typing tests of those interviews) become candidates.
INFER_CANDIDATE = """UPDATE users SET kind = 'candidate'
        WHERE EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = users.id AND s.kind = 'interview')
          AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = users.id AND s.kind != 'interview'
              AND NOT EXISTS (SELECT 1 FROM typing_results r
                              WHERE r.session_id = s.id AND r.interview_id IS NOT NULL))"""
V3 = (
    """ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'trainee'
        CHECK (kind IN ('trainee', 'candidate'))""",
    INFER_CANDIDATE,
)

# Version 4 (issue 11, docs/accounts.md): accounts with roles and passwords, and groups of
# trainees. A person without a password is a laptop name or a candidate: nobody logs in as
# them. Written in the SQL both backends accept (see trainer/store/dialect.py).
V4 = (
    "ALTER TABLE users ADD COLUMN password_hash TEXT",
    "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE users ADD COLUMN retry_after TEXT",
    """CREATE TABLE user_roles (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role    TEXT NOT NULL CHECK (role IN ('trainee', 'manager', 'interviewer', 'admin')),
        PRIMARY KEY (user_id, role)
    )""",
    """CREATE TABLE user_groups (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        leaderboard INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL
    )""",
    """CREATE TABLE group_members (
        group_id  INTEGER NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
        user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        joined_at TEXT NOT NULL,
        PRIMARY KEY (group_id, user_id)
    )""",
    "CREATE INDEX group_members_user ON group_members(user_id)",
)

# The next version (docs/assignments.md): a manager's assignments (an item, a person or a
# group, a due day, a pass rule), tracks (ordered assignments) and the certificates issued
# when a person passes every step of a track. A person's status is derived from their
# sessions, never stored. Portable SQL (both backends).
V_ASSIGN = (
    """CREATE TABLE assignments (
        id           INTEGER PRIMARY KEY,
        item_kind    TEXT NOT NULL CHECK (item_kind IN ('scenario', 'category', 'set', 'typing')),
        item_id      TEXT NOT NULL,
        title        TEXT NOT NULL DEFAULT '',
        user_id      INTEGER REFERENCES users(id) ON DELETE CASCADE,
        group_id     INTEGER REFERENCES user_groups(id) ON DELETE CASCADE,
        due          TEXT NOT NULL,
        min_score    REAL NOT NULL,
        passes       INTEGER NOT NULL DEFAULT 1 CHECK (passes >= 1),
        max_attempts INTEGER CHECK (max_attempts IS NULL OR max_attempts >= 1),
        mode         TEXT CHECK (mode IS NULL OR mode IN ('coach', 'exam')),
        created_by   TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL,
        removed_at   TEXT,
        CHECK ((user_id IS NULL AND group_id IS NOT NULL) OR (user_id IS NOT NULL AND group_id IS NULL))
    )""",
    "CREATE INDEX assignments_user ON assignments(user_id)",
    "CREATE INDEX assignments_group ON assignments(group_id)",
    """CREATE TABLE tracks (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        created_by TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        removed_at TEXT
    )""",
    """CREATE TABLE track_steps (
        track_id      INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
        pos           INTEGER NOT NULL,
        assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
        PRIMARY KEY (track_id, pos)
    )""",
    """CREATE TABLE certificates (
        id        INTEGER PRIMARY KEY,
        user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        track_id  INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
        issued_at TEXT NOT NULL,
        figures   TEXT NOT NULL DEFAULT '{}',
        UNIQUE (user_id, track_id)
    )""",
)

# Summary counts (issue 14, trainer/store/summary.py): per person, item, key point and
# quarter-hour, kept up to date as sessions finish, so the team report and the
# weakest points never re-read every reply. Filled from the history here.
V_SUMMARY = (
    *summary.TABLES,
    # The progress screen's recent sessions, newest first, without sorting all of a person's.
    "CREATE INDEX sessions_user_started ON sessions(user_id, started_at)",
)


def _summary(conn: sqlite3.Connection) -> None:
    _statements(V_SUMMARY)(conn)
    summary.rebuild(conn)


MIGRATIONS: tuple[Migration, ...] = (_statements(V1), _statements(V2), _statements(V3),
                                     _statements(V4), _statements(V_ASSIGN), _summary)
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    if of(conn).postgres:
        return postgres_version(conn)
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


# Any fixed number: the key of the advisory lock a PostgreSQL migration holds ("TRNR").
MIGRATION_LOCK = APPLICATION_ID


def postgres_version(conn: sqlite3.Connection) -> int:
    """The schema version of a PostgreSQL database: its highest ``schema_history`` row (0: none)."""
    if "schema_history" not in table_names(conn):
        return 0
    return int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_history").fetchone()[0])


def newer_message(where: str, found: int, known: int) -> str:
    return (
        f"progress database {where} was created by a newer version of trainer "
        f"(schema {found}, this version knows {known}); upgrade trainer or use --db "
        "to pick another file"
    )


def migrate(conn: sqlite3.Connection, where: str,
            migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the pending ``migrations`` in order, all or none; returns the new version.

    SQLite migrates under ``BEGIN IMMEDIATE``'s write lock and keeps the version in
    ``user_version`` too; PostgreSQL under an advisory lock held until the transaction
    ends. Either way the version is read again under the lock: another process may
    have migrated meanwhile.
    """
    postgres = of(conn).postgres
    target = len(migrations)
    if user_version(conn) == target:
        return target  # the common case takes no write lock
    conn.execute("BEGIN" if postgres else "BEGIN IMMEDIATE")
    try:
        if postgres:
            conn.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        version = user_version(conn)
        if version > target:
            raise StoreError(newer_message(where, version, target))
        for number in range(version + 1, target + 1):
            migrations[number - 1](conn)
            if not postgres:
                conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("INSERT INTO schema_history (version) VALUES (?)", (number,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return target
