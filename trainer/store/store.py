"""``Store``: the progress database (users, settings, sessions, turns) behind a small API.

A plain data layer over the standard library's ``sqlite3``: rows and dicts in,
rows and dicts out. Every write is its own ``BEGIN IMMEDIATE … COMMIT``, so a
method that returned has committed (``record_turn`` survives a kill right
after it). One connection per ``Store``, guarded by a lock so the UI may call
it from worker threads. ``Store.open`` also takes a ``postgresql://`` URL: the
same class then runs on PostgreSQL (``trainer.store.postgres``), so every query
here is written in SQL both accept. Guarantees and schema: docs/store.md.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from trainer import dburl
from trainer.store import summary
from trainer.store.connect import connect
from trainer.store.counted import recount
from trainer.store.dialect import SQLITE, Dialect
from trainer.store.errors import StoreBusy, StoreError
from trainer.store.rows import (
    KINDS,
    MODES,
    SESSION_SELECT,
    TURN_COLUMNS,
    SessionRow,
    TurnRow,
    point_rows,
    session_from_row,
    to_json,
    turn_from_row,
    turn_values,
)
from trainer.store.schema import user_version

Clock = Callable[[], datetime]
ItemStats = dict[str, tuple[float | None, float | None, int]]  # item -> (best, last, attempts)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _busy(exc: sqlite3.Error) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED (extended codes included): the lock was not free in time."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class Store:
    """The progress store. Build it with ``Store.open(path)``; close it (or use ``with``)."""

    dialect: Dialect = SQLITE

    def __init__(self, conn: sqlite3.Connection, where: str, clock: Clock = utc_now) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self._clock = clock
        self.path = where  # what messages show (a URL's password masked)
        self.spec = where  # what opens the same database again (Store.open(store.spec))

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, clock: Clock = utc_now) -> Store:
        """Open (creating and migrating if needed) the database at ``path``, ``":memory:"``
        or a ``postgresql://user:password@host:port/dbname`` URL."""
        if dburl.is_url(str(path)):
            from trainer.store.postgres import open_postgres  # psycopg only for a server

            return open_postgres(str(path), clock)
        conn, where = connect(path)
        return cls(conn, where, clock)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- plumbing ---------------------------------------------------------------

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="milliseconds")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._conn is None:
                raise StoreError(f"progress database {self.path} is closed")
            try:
                yield self._conn
            except sqlite3.Error as exc:
                if _busy(exc):
                    raise StoreBusy(f"progress database {self.path} is busy (another program is "
                                    f"writing to it): {exc}") from exc
                raise StoreError(f"progress database {self.path}: {exc}") from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction; rolled back on any error, Ctrl+C included."""
        with self._read() as conn:
            conn.execute(self.dialect.begin_write)
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        with self._read() as conn:
            return user_version(conn)

    # -- people and settings ----------------------------------------------------

    def user_id(self, name: str) -> int:
        """The id of the user called ``name``, created on first use."""
        with self._write() as conn:
            return self._user_id(conn, name)

    def _user_id(self, conn: sqlite3.Connection, name: str) -> int:
        name = name.strip()
        if not name:
            raise StoreError("a user name cannot be empty")
        found = conn.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
        if found is not None:  # the usual case; and on PostgreSQL a conflicting insert would use up an id
            return int(found[0])
        conn.execute("INSERT INTO users (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                     (name, self._now()))
        return int(conn.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()[0])

    def users(self) -> list[tuple[int, str]]:
        with self._read() as conn:
            return [(r[0], r[1]) for r in conn.execute("SELECT id, name FROM users ORDER BY name, id")]

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, str(value), self._now()),
            )

    # -- sessions -----------------------------------------------------------------

    def start_session(self, user: str, kind: str, item_id: str, *, mode: str | None = None,
                      seed: int = 0, start_node: str | None = None, start_mood: int | None = None,
                      item_title: str = "", category: str = "",
                      meta: dict[str, Any] | None = None) -> int:
        """Open a session for ``user`` (created if new); committed before returning."""
        if kind not in KINDS:
            raise StoreError(f"unknown session kind {kind!r} (expected one of {', '.join(KINDS)})")
        if mode not in MODES:
            raise StoreError(f"unknown session mode {mode!r} (expected coach, exam or None)")
        with self._write() as conn:
            user_id = self._user_id(conn, user)
            cur = conn.execute(
                "INSERT INTO sessions (uid, user_id, kind, item_id, item_title, category, mode, seed,"
                " start_node, start_mood, started_at, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (str(uuid.uuid4()), user_id, kind, item_id, item_title, category, mode, int(seed),
                 start_node, start_mood, self._now(), to_json(meta or {})),
            )
            return int(cur.fetchone()[0])

    def record_turn(self, session_id: int, turn: TurnRow) -> int:
        """Store one answered turn and its key points; committed before returning its id."""
        with self._write() as conn:
            self._require_open(conn, session_id, "record a turn in")
            columns = ", ".join(("session_id", *TURN_COLUMNS))
            marks = ", ".join("?" * (len(TURN_COLUMNS) + 1))
            which = f"turn {turn.index} of session {session_id}"
            try:
                values = turn_values(session_id, turn, self._now())
                cur = conn.execute(f"INSERT INTO turns ({columns}) VALUES ({marks}) RETURNING id", values)
                turn_id = int(cur.fetchone()[0])
            except sqlite3.IntegrityError as exc:
                raise StoreError(f"{which} is already recorded") from exc
            except (TypeError, ValueError) as exc:  # e.g. a result that is not JSON
                raise StoreError(f"{which} cannot be stored: {exc}") from exc
            conn.executemany(
                "INSERT INTO turn_points (turn_id, pos, label, hit, credit) VALUES (?, ?, ?, ?, ?)",
                point_rows(turn_id, turn.result),
            )
            return turn_id

    def finish_session(self, session_id: int, outcome: str | None, score: float | None) -> None:
        """Close an open session with its outcome and total score."""
        with self._write() as conn:
            self._require_open(conn, session_id, "finish")
            conn.execute(
                "UPDATE sessions SET status = 'finished', outcome = ?, score = ?, finished_at = ?"
                " WHERE id = ?",
                (outcome, None if score is None else float(score), self._now(), session_id),
            )
            recount(conn, session_id)  # a reviewer may have overridden a reply while it was open
            summary.refresh_session(conn, session_id)  # the reports' counts, in the same commit

    def discard_session(self, session_id: int) -> None:
        """Mark a session discarded: its rows stay, progress figures leave it out."""
        with self._write() as conn:
            self._status(conn, session_id)
            conn.execute("UPDATE sessions SET status = 'discarded' WHERE id = ?", (session_id,))
            summary.refresh_session(conn, session_id)

    def _status(self, conn: sqlite3.Connection, session_id: int) -> str:
        row = conn.execute("SELECT status FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise StoreError(f"no session {session_id} in progress database {self.path}")
        return str(row[0])

    def _require_open(self, conn: sqlite3.Connection, session_id: int, action: str) -> None:
        status = self._status(conn, session_id)
        if status != "open":
            raise StoreError(f"cannot {action} session {session_id}: it is {status}")

    # -- queries ------------------------------------------------------------------

    def session(self, session_id: int) -> SessionRow:
        with self._read() as conn:
            row = conn.execute(SESSION_SELECT + " WHERE s.id = ?", (session_id,)).fetchone()
        if row is None:
            raise StoreError(f"no session {session_id} in progress database {self.path}")
        return session_from_row(row)

    def turns(self, session_id: int) -> list[TurnRow]:
        """The session's turns in order (empty for an unknown session)."""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {', '.join(TURN_COLUMNS)} FROM turns WHERE session_id = ? ORDER BY idx",
                (session_id,),
            ).fetchall()
        return [turn_from_row(r) for r in rows]

    def sessions(self, user: str, kind: str | None = None, limit: int = 100, *,
                 status: str | None = None) -> list[SessionRow]:
        """The user's sessions, newest first (every status unless ``status`` is given)."""
        sql = SESSION_SELECT + " WHERE u.name = ?"
        args: list[Any] = [user.strip()]
        if kind is not None:
            sql, args = sql + " AND s.kind = ?", [*args, kind]
        if status is not None:
            sql, args = sql + " AND s.status = ?", [*args, status]
        sql += " ORDER BY s.started_at DESC, s.id DESC"
        if limit >= 0:  # a negative limit: all of them
            sql, args = sql + " LIMIT ?", [*args, int(limit)]
        with self._read() as conn:
            rows = conn.execute(sql, args).fetchall()
        return [session_from_row(r) for r in rows]

    def unfinished_sessions(self, user: str, kind: str | None = None) -> list[SessionRow]:
        """The user's open sessions (to resume or discard), newest first."""
        return self.sessions(user, kind, limit=-1, status="open")

    def item_stats(self, user: str, kind: str = "practice") -> ItemStats:
        """item_id -> (best score, last score, attempts) over the user's finished sessions."""
        sql = """
        SELECT s.item_id, MAX(s.score), COUNT(*),
               (SELECT l.score FROM sessions l
                WHERE l.user_id = s.user_id AND l.kind = s.kind AND l.item_id = s.item_id
                  AND l.status = 'finished'
                ORDER BY l.finished_at DESC, l.id DESC LIMIT 1)
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE u.name = ? AND s.kind = ? AND s.status = 'finished'
        GROUP BY s.item_id, s.user_id, s.kind
        """
        with self._read() as conn:
            rows = conn.execute(sql, (user.strip(), kind)).fetchall()
        return {r[0]: (r[1], r[3], int(r[2])) for r in rows}
