"""The PostgreSQL backend: the same ``Store``, its SQL run on a PostgreSQL server through psycopg 3.

Imported only when ``--db`` is a ``postgresql://`` URL, so a laptop never loads
psycopg. ``Store``'s operations and the module functions (``progress``,
``interviews``, ``groups``…) run unchanged: ``_read()`` / ``_write()`` hand them a
``PgConnection`` whose ``execute`` takes the portable SQL (``?`` marks), returns
rows that index by position and by column name like ``sqlite3.Row``, and raises
``sqlite3`` exception classes (``IntegrityError`` for a broken constraint, an
``OperationalError`` marked busy for a lock wait that timed out), so the code that
catches them works on both backends.

Transactions: the connection is in autocommit between calls (a read never holds
a transaction open); every ``_write()`` is one ``BEGIN … COMMIT``, rolled back on
any exception, Ctrl+C included. One connection per store, guarded by the store's
lock, as with SQLite. Migrations: ``trainer.store.schema.migrate``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from trainer import dburl
from trainer.store.dialect import POSTGRESQL, pyformat
from trainer.store.errors import StoreError
from trainer.store.schema import migrate, newer_message, postgres_version
from trainer.store.store import Clock, Store, utc_now

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S = 5
LOCK_TIMEOUT = "5s"  # like SQLite's busy timeout: a writer waits this long, then StoreBusy
OWN_TABLES = frozenset({"schema_history", "users", "settings", "sessions", "turns", "turn_points"})


class StoreUnreachable(StoreError):
    """The database URL cannot be used (no driver, no server, refused login); the CLI exits 2."""


class PgRow(tuple[Any, ...]):
    """A result row: ``row[0]`` and ``row["name"]``, ``keys()``, unpacking — like ``sqlite3.Row``."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any) -> Any:
    """psycopg's row factory: a ``PgRow`` class for the cursor's columns (one per distinct query shape)."""
    return _row_type(tuple(c.name for c in cursor.description or ()))


@lru_cache(maxsize=512)
def _row_type(names: tuple[str, ...]) -> type[PgRow]:
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)  # like sqlite3.Row: the first column of a repeated name
    return type("Row", (PgRow,), {"__slots__": (), "_index": index})


class PgConnection:
    """What ``store._read()`` yields on PostgreSQL: ``execute`` / ``executemany`` over portable SQL."""

    dialect = POSTGRESQL

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> psycopg.Cursor[Any]:
        try:
            if params:
                return self.raw.execute(pyformat(sql), tuple(params))
            return self.raw.execute(sql)
        except Exception as exc:
            raise _as_sqlite(exc) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor[Any]:
        cursor = self.raw.cursor()
        try:
            cursor.executemany(pyformat(sql), [tuple(r) for r in rows])
        except Exception as exc:
            raise _as_sqlite(exc) from exc
        return cursor

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


def _as_sqlite(exc: Exception) -> Exception:
    """A psycopg error as the ``sqlite3`` class the store's callers catch (other errors unchanged)."""
    import psycopg
    from psycopg import errors

    if not isinstance(exc, psycopg.Error):
        return exc
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, psycopg.IntegrityError):
        return sqlite3.IntegrityError(text)
    out = sqlite3.OperationalError(text)
    if isinstance(exc, errors.LockNotAvailable | errors.DeadlockDetected | errors.SerializationFailure
                  | errors.QueryCanceled):
        out.sqlite_errorcode = sqlite3.SQLITE_BUSY
    return out


class PgStore(Store):
    """``Store`` on a PostgreSQL database; build it with ``Store.open("postgresql://…")``."""

    dialect = POSTGRESQL

    def __init__(self, conn: PgConnection, url: dburl.DbUrl, clock: Clock = utc_now) -> None:
        super().__init__(cast(sqlite3.Connection, conn), url.shown, clock)
        self.spec = url.raw
        self._url = url

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._revive()
            with super()._read() as conn:
                yield conn

    def _revive(self) -> None:
        """A connection the server dropped (a restart, a failover) is replaced before the next call.

        The call that found it broken failed with a StoreError (nothing of it was
        committed); the app's retry, or the next call, gets a fresh connection.
        """
        current = cast(PgConnection | None, self._conn)
        if current is None or not current.raw.broken:
            return
        try:
            fresh = PgConnection(_connect(self._url))
        except StoreUnreachable:
            return  # still down: this call fails on the broken connection, with the server's reason
        current.close()
        self._conn = cast(sqlite3.Connection, fresh)


def open_postgres(spec: str, clock: Clock = utc_now) -> PgStore:
    """Connect, check and migrate the database at ``spec``; ``StoreError`` says why not."""
    try:
        url = dburl.parse(spec)
    except dburl.DbUrlError as exc:
        raise StoreUnreachable(str(exc)) from None
    conn = PgConnection(_connect(url))
    try:
        _prepare(conn, url.shown)
    except BaseException:
        conn.close()
        raise
    return PgStore(conn, url, clock)


def _connect(url: dburl.DbUrl) -> psycopg.Connection[Any]:
    try:
        import psycopg
    except ImportError:
        raise StoreUnreachable(
            f"progress database {url.shown} is on PostgreSQL, which needs the psycopg package: "
            "pip install 'psycopg[binary]'") from None
    try:
        raw = psycopg.connect(url.raw, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                              row_factory=_row_factory, application_name="trainer")
    except psycopg.Error as exc:
        raise StoreUnreachable(f"cannot connect to the progress database {url.shown}: "
                               f"{_reason(exc, url)}; check the URL, the server and the password") from None
    raw.adapters.register_loader("numeric", _numeric_loader())
    raw.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    return raw


def _numeric_loader() -> type:
    """NUMERIC (SUM or AVG of integers) as SQLite gives it: a whole number an int, else a float."""
    from psycopg.adapt import Loader

    class SqliteLikeNumeric(Loader):
        def load(self, data: Any) -> Any:
            text = bytes(data)
            return float(text) if b"." in text or b"e" in text.lower() else int(text)

    return SqliteLikeNumeric


def _reason(exc: Exception, url: dburl.DbUrl) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = "; ".join(lines[:2]) or type(exc).__name__
    secret = url.raw.split("://", 1)[1].rpartition("@")[0].partition(":")[2]
    return text.replace(secret, dburl.MASK) if secret else text


def _prepare(conn: PgConnection, where: str) -> None:
    """Read-only checks first (a newer schema, another program's tables), then the migrations."""
    from trainer.store.dialect import table_names
    from trainer.store.schema import SCHEMA_VERSION

    try:
        tables = set(table_names(conn))
        version = postgres_version(cast(sqlite3.Connection, conn))
        if version > SCHEMA_VERSION:
            raise StoreError(newer_message(where, version, SCHEMA_VERSION))
        if version == 0 and tables - OWN_TABLES:
            raise StoreError(f"{where} holds tables of another program, not a trainer progress database; "
                             "it was left untouched: use --db to pick another database")
        migrate(cast(sqlite3.Connection, conn), where)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot prepare the progress database {where}: {exc}") from exc


def sync_identities(conn: Any) -> None:
    """Move every identity sequence past the largest id (after rows were loaded with their ids)."""
    from trainer.store.dialect import table_info, table_names

    for table in table_names(conn):
        for column in table_info(conn, table):
            if column[4] == "identity":
                conn.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column[1]}'),"
                             f" COALESCE((SELECT MAX(\"{column[1]}\") FROM \"{table}\"), 0) + 1, false)")
