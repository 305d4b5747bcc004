"""Fixtures shared by several test modules."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

# Every store backend (memory, file, postgresql) for any test that asks: tests/backends.py.
from tests.backends import durable_spec, pg_spec, store_spec  # noqa: F401


@pytest.fixture
def utc() -> Iterator[None]:
    """Stored times show in local time: pin the zone so screens read the same everywhere."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()
