"""Opening the database file safely: check it before SQLite writes a byte to it.

Order matters. The file's 100-byte header is read directly first (is it SQLite
at all? which schema version? whose application id?), so a corrupt file, a
foreign database or one from a newer trainer is refused before anything could
change it: no WAL switch, no migration, no rename, no delete. Only then is the
connection configured (WAL, busy timeout, foreign keys) and migrated.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from trainer.store.errors import StoreError
from trainer.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate, newer_message

MEMORY = ":memory:"
T = TypeVar("T")
# A writer waits at most this long for another process's lock. Measured: importing a
# history of 2,000 sessions (20,000 replies) holds the lock 0.76 s on an idle 2-core
# machine, two or three times that under load; past this the UI retries with back-off.
BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
USE_ANOTHER = "use --db to pick another file"
# Our tables: a version-0 file holding anything else belongs to someone else.
OWN_TABLES = frozenset({"schema_history", "users", "settings", "sessions", "turns", "turn_points"})


def connect(path: str | os.PathLike[str]) -> tuple[sqlite3.Connection, str]:
    """An open, configured, migrated connection and the name to show for it."""
    if str(path) == MEMORY:
        return _configure(sqlite3.connect(MEMORY, isolation_level=None,
                                          check_same_thread=False), MEMORY), MEMORY
    file = Path(path).expanduser().absolute()
    _ensure_folder(file)
    _check_writable(file)
    _check_header(file)
    try:
        conn = sqlite3.connect(file, isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the progress database {file}: {exc}; {USE_ANOTHER}") from exc
    try:
        return _configure(conn, str(file)), str(file)
    except BaseException:
        conn.close()
        raise


def _ensure_folder(file: Path) -> None:
    if file.is_dir():
        raise StoreError(f"progress database {file} is a folder, not a file; {USE_ANOTHER}")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the folder {file.parent} for the progress database: "
            f"{exc.strerror or exc}; {USE_ANOTHER}"
        ) from exc
    if not os.access(file.parent, os.W_OK | os.X_OK):
        raise StoreError(
            f"進度資料庫所在的資料夾 {file.parent} 無法寫入，無法保存進度；請用 --db 指定其他位置。"
            f" / the folder {file.parent} is not writable, so the progress database {file.name} "
            f"cannot be created or updated there; {USE_ANOTHER}"
        )


def _check_writable(file: Path) -> None:
    """Refuse a read-only database (file, WAL files, or a read-only file system) at the start.

    SQLite would open it read-only without a word and fail on the first save
    (the trainee's name), after the app has started; checked here, it is one clear
    message and the file is left untouched.
    """
    for part in (file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
        if part.exists() and not os.access(part, os.R_OK | os.W_OK):
            raise StoreError(
                f"進度資料庫 {part} 是唯讀的，無法保存進度；檔案未被更動。請改用可寫入的檔案（--db）。"
                f" / progress database {part} is read-only, so progress cannot be saved; "
                f"it was left untouched: make it writable or {USE_ANOTHER}"
            )


def _check_header(file: Path) -> None:
    """Refuse a file that is not SQLite, not ours, or from a newer schema."""
    try:
        with file.open("rb") as fh:
            header = fh.read(HEADER_SIZE)
            size = os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        return  # a new database
    except OSError as exc:
        raise StoreError(f"cannot read the progress database {file}: {exc.strerror or exc}") from exc
    if not header:
        return  # an empty file is an empty database to SQLite
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        raise StoreError(_damaged(file, "it is not an SQLite database"))
    version = int.from_bytes(header[60:64], "big")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id not in (0, APPLICATION_ID):
        raise StoreError(_foreign(file))
    if version > SCHEMA_VERSION:
        raise StoreError(newer_message(str(file), version, SCHEMA_VERSION))
    if _truncated(header, size):
        raise StoreError(_damaged(file, "the file is shorter than its header says: truncated"))


def _truncated(header: bytes, size: int) -> bool:
    """A rollback-journal file shorter than its valid in-header size has lost pages.

    Checked here, before SQLite is asked, so the message can say "truncated" and
    nothing can reach the WAL switch. WAL files are skipped: the size in their
    header is not kept up to date.
    """
    if header[18] != 1:  # file format version: 1 legacy/rollback, 2 WAL
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = pages > 0 and header[24:28] == header[92:96]
    return valid and pages * page_size > size


def _damaged(file: Path | str, why: str) -> str:
    return (
        f"progress database {file} is damaged or not a trainer database ({why}); "
        f"it was left untouched: move it aside or {USE_ANOTHER}"
    )


def _foreign(file: Path | str) -> str:
    return (
        f"{file} is an SQLite database of another program, not a trainer progress "
        f"database; it was left untouched: {USE_ANOTHER}"
    )


def _configure(conn: sqlite3.Connection, where: str) -> sqlite3.Connection:
    """Read-only checks first, then WAL and the migrations."""
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version, tables = _when_free(lambda: _version_and_tables(conn))
    except sqlite3.DatabaseError as exc:
        raise StoreError(_damaged(where, str(exc))) from exc
    if version > SCHEMA_VERSION:  # the header check misses a version still in the WAL
        raise StoreError(newer_message(where, version, SCHEMA_VERSION))
    if version == 0 and tables - OWN_TABLES:
        raise StoreError(_foreign(where))
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        if where != MEMORY:
            _when_free(lambda: conn.execute("PRAGMA journal_mode = WAL"))
        # FULL: each commit is synced, so a recorded reply survives a power cut too.
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn, where)
    except StoreError:
        raise
    except sqlite3.Error as exc:
        raise StoreError(f"cannot prepare the progress database {where}: {exc}; {USE_ANOTHER}") from exc
    return conn


def _version_and_tables(conn: sqlite3.Connection) -> tuple[int, set[str]]:
    """The schema version and the tables, read in one transaction: read one after the other,
    a migration another process commits in between looked like a foreign database."""
    conn.execute("BEGIN")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.execute("COMMIT")
    return version, tables


def _when_free(action: Callable[[], T]) -> T:
    """``action``, tried again while another connection holds the lock it needs, for up to the
    busy timeout. SQLite does not always wait by itself: switching a new file to WAL while
    another process is creating it fails at once ("database is locked"), so two apps opening
    one new file together (two browser tabs of ``trainer serve``) could refuse to start."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
