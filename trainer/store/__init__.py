"""The progress store: every session and reply, in SQLite (stdlib ``sqlite3``) or on PostgreSQL.

A plain data layer: it never imports Textual, Rich, the UI or ``trainer.core``,
and opens nothing at import time. ``Store.open(path)`` creates, checks and
migrates the database; see ``docs/store.md`` for the schema and the guarantees.
"""

from __future__ import annotations

from trainer.store.errors import StoreBusy, StoreError
from trainer.store.protocol import StoreProtocol
from trainer.store.rows import SessionRow, TurnRow
from trainer.store.schema import SCHEMA_VERSION
from trainer.store.store import Store

__all__ = ["SCHEMA_VERSION", "SessionRow", "Store", "StoreBusy", "StoreError", "StoreProtocol", "TurnRow"]
