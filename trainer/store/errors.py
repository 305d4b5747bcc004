"""The exceptions the store raises: every failure carries a message fit for the user."""

from __future__ import annotations


class StoreError(Exception):
    """The progress database cannot be opened, read or written; ``str()`` says why."""


class StoreBusy(StoreError):
    """Another process held the database's write lock for longer than the busy timeout.

    Nothing was written; the same call may be retried (the UI does, with back-off,
    so a reply typed while ``import json`` runs is saved once the lock is free).
    """
