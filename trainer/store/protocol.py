"""The store interface: every operation the app, the CLI, the reports and the module functions use.

``Store`` (SQLite, a file or ``:memory:``) and ``PgStore`` (PostgreSQL,
``trainer.store.postgres``) both satisfy ``StoreProtocol``; ``Store.open(spec)``
picks one from the spec (a path or a ``postgresql://`` URL). The module functions
(``progress``, ``interviews``, ``access``, ``groups``, ``transfer``…) reach the
database only through the plumbing listed last: ``_read()`` / ``_write()`` yield a
connection whose ``execute(sql, params)`` takes portable SQL with ``?`` marks
(``trainer.store.dialect``), ``_now()`` is the stored time, ``dialect`` gives the few
expressions that differ. ``tests/test_store_protocol.py`` checks that nothing
public is missing here and that both backends pass ``tests/test_store_contract*.py``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, runtime_checkable

from trainer.store.dialect import Dialect
from trainer.store.rows import SessionRow, TurnRow


@runtime_checkable
class StoreProtocol(Protocol):
    """What every backend offers. ``path`` is fit to show (a URL's password masked); ``spec`` reopens it."""

    path: str
    spec: str
    dialect: Dialect
    _clock: Callable[[], datetime]

    @property
    def schema_version(self) -> int: ...

    def close(self) -> None: ...

    def __enter__(self) -> StoreProtocol: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    # people and settings
    def user_id(self, name: str) -> int: ...

    def users(self) -> list[tuple[int, str]]: ...

    def get_setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...

    # sessions and turns
    def start_session(self, user: str, kind: str, item_id: str, *, mode: str | None = None,
                      seed: int = 0, start_node: str | None = None, start_mood: int | None = None,
                      item_title: str = "", category: str = "",
                      meta: dict[str, Any] | None = None) -> int: ...

    def record_turn(self, session_id: int, turn: TurnRow) -> int: ...

    def finish_session(self, session_id: int, outcome: str | None, score: float | None) -> None: ...

    def discard_session(self, session_id: int) -> None: ...

    # queries
    def session(self, session_id: int) -> SessionRow: ...

    def turns(self, session_id: int) -> list[TurnRow]: ...

    def sessions(self, user: str, kind: str | None = None, limit: int = 100, *,
                 status: str | None = None) -> list[SessionRow]: ...

    def unfinished_sessions(self, user: str, kind: str | None = None) -> list[SessionRow]: ...

    def item_stats(self, user: str, kind: str = "practice") -> dict[str, tuple[float | None, float | None, int]]: ...

    # plumbing for the module functions
    def _read(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def _now(self) -> str: ...

    def _require_open(self, conn: sqlite3.Connection, session_id: int, action: str) -> None: ...
