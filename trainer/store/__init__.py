"""The progress store: every session and reply, in SQLite (stdlib ``sqlite3``) or on PostgreSQL.

A plain data layer: it never imports Textual, Rich, the UI or ``trainer.core``,
and opens nothing at import time. ``Store.open(path)`` creates, checks and
migrates the database; see ``docs/store.md`` for the schema and the guarantees.

The names below are imported when first used (PEP 562): ``trainer --help`` and
the CLI's error handling import ``trainer.store.errors`` without paying for the
store, its protocol and its migrations.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trainer.store.errors import StoreBusy, StoreError
    from trainer.store.protocol import StoreProtocol
    from trainer.store.rows import SessionRow, TurnRow
    from trainer.store.schema import SCHEMA_VERSION
    from trainer.store.store import Store

_HOMES = {
    "StoreBusy": "trainer.store.errors", "StoreError": "trainer.store.errors",
    "StoreProtocol": "trainer.store.protocol", "SessionRow": "trainer.store.rows",
    "TurnRow": "trainer.store.rows", "SCHEMA_VERSION": "trainer.store.schema",
    "Store": "trainer.store.store",
}

__all__ = ["SCHEMA_VERSION", "SessionRow", "Store", "StoreBusy", "StoreError", "StoreProtocol", "TurnRow"]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:  # a submodule (``from trainer.store import accounts``) is imported instead
        raise AttributeError(f"module 'trainer.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
