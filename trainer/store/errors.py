"""The one exception the store raises: every failure carries a message fit for the user."""

from __future__ import annotations


class StoreError(Exception):
    """The progress database cannot be opened, read or written; ``str()`` says why."""
