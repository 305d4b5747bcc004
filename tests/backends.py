"""Fixtures that run a test on every store backend: SQLite in memory, a SQLite file, PostgreSQL.

``store_spec`` is a fresh, empty database for each test, as the spec
``Store.open`` takes (``":memory:"``, a file path, a ``postgresql://`` URL);
``durable_spec`` is the same without ``memory`` (for tests that reopen the
database or use it from another process). Both are registered in
``tests/conftest.py``, so any test module may ask for them.

PostgreSQL cases need a server: ``TRAINER_TEST_PG`` holds its URL (a role
that may create schemas). Each test gets its own schema there (``search_path``
in the URL's ``options``), dropped afterwards: a few milliseconds, not a new
database. Without the variable the PostgreSQL cases skip, saying how to start a
throwaway cluster; with ``CI=true`` they fail instead (CI must run them).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

PG_ENV = "TRAINER_TEST_PG"
HOW_TO_RUN = (
    f"PostgreSQL store tests need a server: set {PG_ENV}. A throwaway cluster (as a user that is not "
    "root, or prefix initdb/pg_ctl with `runuser -u postgres --`; the folder must be theirs):\n"
    "  D=$(mktemp -d) && initdb -D $D/data -U postgres --auth=trust --no-sync --locale=C -E UTF8 >/dev/null"
    " && pg_ctl -D $D/data -w -l $D/log -o \"-p 55432 -k $D -c listen_addresses=127.0.0.1 -c fsync=off\" start\n"
    f"  {PG_ENV}=postgresql://postgres@127.0.0.1:55432/postgres python -m pytest -q tests/test_store_contract.py\n"
    "  pg_ctl -D $D/data stop\n"
    "(.ci/run does all of this, and one more thing: its cluster checks the password of one role, trainer_pw,\n"
    "for tests/test_store_url.py; see the hba.conf of start_postgres there.)"
)
ALL = ("memory", "file", "postgresql")
DURABLE = ("file", "postgresql")


def pg_server() -> str:
    """The test server's URL; skips (fails under CI=true) when there is none."""
    url = os.environ.get(PG_ENV, "").strip()
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {PG_ENV} is not set: the PostgreSQL store tests must run in CI.\n{HOW_TO_RUN}")
    pytest.skip(HOW_TO_RUN)


def with_schema(url: str, schema: str) -> str:
    """``url`` whose sessions use ``schema`` (libpq's ``options=-csearch_path=…``)."""
    option = "options=" + quote(f"-csearch_path={schema}", safe="")
    return url + ("&" if "?" in url else "?") + option


class PgSchemas:
    """Creates a fresh schema per test on the test server and drops it afterwards."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.conn = psycopg.connect(url, autocommit=True)
        self.made: list[str] = []

    def fresh(self) -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        self.conn.execute(f'CREATE SCHEMA "{name}"')
        self.made.append(name)
        return with_schema(self.url, name)

    def drop_all(self) -> None:
        for name in self.made:
            self.conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        self.made.clear()
        self.conn.close()


def fresh_spec(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "memory":
        yield ":memory:"
        return
    if kind == "file":
        yield str(tmp_path / "progress.sqlite3")
        return
    schemas = PgSchemas(pg_server())
    try:
        yield schemas.fresh()
    finally:
        schemas.drop_all()


@pytest.fixture(params=ALL)
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty database on each backend (``memory``, ``file``, ``postgresql``)."""
    yield from fresh_spec(request.param, tmp_path)


@pytest.fixture(params=DURABLE)
def durable_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty database that outlives its connection (``file``, ``postgresql``)."""
    yield from fresh_spec(request.param, tmp_path)


@pytest.fixture
def pg_spec(tmp_path: Path) -> Iterator[str]:
    """A fresh empty PostgreSQL database (skips without ``TRAINER_TEST_PG``)."""
    yield from fresh_spec("postgresql", tmp_path)
