"""Opening the progress database: migrations, and files the store must refuse untouched.

A newer schema, a corrupt file, someone else's SQLite file or an unusable path
each give a ``StoreError`` with a clear message, and the file and its folder are
left exactly as they were (bytes, mtime, names).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from trainer.store import SCHEMA_VERSION, Store, StoreError
from trainer.store.schema import MIGRATIONS, migrate


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in ``folder``: its bytes and mtime (to prove nothing was touched)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def raw(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in sql:
        conn.execute(statement)
    conn.close()


# -- migrations --------------------------------------------------------------------


def add_notes(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")


def broken(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE half_done (id INTEGER)")
    raise sqlite3.OperationalError("boom")


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.mark.parametrize(
    ("extra", "version", "added"),
    [
        ([], SCHEMA_VERSION, set()),
        ([add_notes], SCHEMA_VERSION + 1, {"notes"}),
    ],
    ids=["nothing-pending", "one-pending"],
)
def test_migrate_applies_pending_steps_in_order(tmp_path: Path, extra: list[Any], version: int,
                                                added: set[str]) -> None:
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    before = tables(conn)
    assert migrate(conn, str(path), [*MIGRATIONS, *extra]) == version
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    assert tables(conn) == before | added
    conn.close()


def test_failed_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    before = tables(conn)
    with pytest.raises(sqlite3.OperationalError, match="boom"):
        migrate(conn, str(path), [*MIGRATIONS, add_notes, broken])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert tables(conn) == before
    assert not conn.in_transaction
    conn.close()


def test_fresh_database_gets_every_migration_from_zero() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    assert migrate(conn, ":memory:") == SCHEMA_VERSION
    assert {"users", "settings", "sessions", "turns", "turn_points", "schema_history"} <= tables(conn)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"sessions_user_finished", "sessions_user_item", "sessions_item", "sessions_open"} <= indexes


# -- files that must not be touched ------------------------------------------------


def newer_file(path: Path) -> None:
    raw(path, "CREATE TABLE users (id INTEGER)", f"PRAGMA user_version = {SCHEMA_VERSION + 3}")


def newer_wal_file(path: Path) -> None:
    Store.open(path).close()
    raw(path, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


@pytest.mark.parametrize("make", [newer_file, newer_wal_file], ids=["rollback", "wal"])
def test_newer_database_is_refused_and_untouched(tmp_path: Path, make: Any) -> None:
    path = tmp_path / "progress.sqlite3"
    make(path)
    found = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    before = snapshot(tmp_path)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert str(caught.value) == (
        f"progress database {path} was created by a newer version of trainer "
        f"(schema {found}, this version knows {SCHEMA_VERSION}); upgrade trainer or use --db "
        "to pick another file"
    )
    assert snapshot(tmp_path) == before


def real_database(path: Path) -> bytes:
    """A valid rollback-journal SQLite file of ~40 pages; returns its bytes."""
    raw(path, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)",
        "INSERT INTO users (name) SELECT hex(randomblob(400)) FROM"
        " (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
        " SELECT i FROM n)")
    return path.read_bytes()


def cut_in_half(path: Path) -> None:
    data = real_database(path)
    path.write_bytes(data[: len(data) // 2])


def last_page_lost(path: Path) -> None:
    # sqlite_master still reads fine: only the header's page count betrays the loss.
    data = real_database(path)
    path.write_bytes(data[:-4096])


CORRUPT = {
    "random-bytes": lambda p: p.write_bytes(os.urandom(8192)),
    "text-file": lambda p: p.write_text("這不是資料庫\nnot a database\n" * 50, encoding="utf-8"),
    "short-garbage": lambda p: p.write_bytes(b"\x00\x01garbage"),
    "header-then-zeros": lambda p: p.write_bytes(b"SQLite format 3\x00" + bytes(4096)),
    "cut-in-half": cut_in_half,
    "last-page-lost": last_page_lost,
}


@pytest.mark.parametrize("name", list(CORRUPT))
def test_corrupt_file_is_refused_and_untouched(tmp_path: Path, name: str) -> None:
    path = tmp_path / "progress.sqlite3"
    CORRUPT[name](path)
    before = snapshot(tmp_path)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert "damaged or not a trainer database" in message and "left untouched" in message
    assert snapshot(tmp_path) == before  # not modified, deleted, renamed; nothing added


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: raw(p, "CREATE TABLE invoices (id INTEGER)"), "another program"),
        (lambda p: raw(p, "PRAGMA application_id = 1234"), "another program"),
    ],
    ids=["foreign-tables", "foreign-application-id"],
)
def test_someone_elses_sqlite_file_is_refused_and_untouched(tmp_path: Path, make: Any,
                                                           message: str) -> None:
    path = tmp_path / "progress.sqlite3"
    make(path)
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match=message):
        Store.open(path)
    assert snapshot(tmp_path) == before


def test_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    path.touch()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (lambda tmp: _file(tmp / "a-file") / "sub" / "p.sqlite3", "cannot create the folder"),
        (lambda tmp: _file(tmp / "a-file") / "p.sqlite3", "cannot create the folder"),
        (lambda tmp: _folder(tmp / "p.sqlite3"), "is a folder, not a file"),
    ],
    ids=["parent-is-a-file", "parent-is-a-file-directly", "path-is-a-folder"],
)
def test_unusable_path_is_a_clear_error(tmp_path: Path, where: Any, message: str) -> None:
    path = where(tmp_path)
    with pytest.raises(StoreError, match=message) as caught:
        Store.open(path)
    assert "--db" in str(caught.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "locked")
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="not writable"):
            Store.open(folder / "p.sqlite3")
        with pytest.raises(StoreError, match="cannot create the folder"):
            Store.open(folder / "sub" / "p.sqlite3")
    finally:
        folder.chmod(0o700)


def _file(path: Path) -> Path:
    path.write_text("x")
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def test_newer_version_still_in_the_wal_is_refused(tmp_path: Path) -> None:
    # Another process has just migrated: the new version is in the WAL, not yet
    # in the main file's header, so only SQLite can tell.
    path = tmp_path / "progress.sqlite3"
    Store.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA wal_autocheckpoint = 0")
    other.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    main_file = (path.read_bytes(), path.stat().st_mtime_ns)
    try:
        with pytest.raises(StoreError, match=f"schema {SCHEMA_VERSION + 1}, this version knows"):
            Store.open(path)
        assert (path.read_bytes(), path.stat().st_mtime_ns) == main_file
    finally:
        other.close()
