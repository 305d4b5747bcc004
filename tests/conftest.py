"""Fixtures shared by several test modules."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator

import pytest

from tests import ui_thread_guard

# Every store backend (memory, file, postgresql) for any test that asks: tests/backends.py.
from tests.backends import durable_spec, pg_spec, store_spec  # noqa: F401

ui_thread_guard.install()

# Speed-ups that `trainer play` keeps (trainer.core.readcache) go to a folder of this run, for
# the tests and the apps they start, never to the user's own cache folder.
os.environ["TRAINER_CACHE"] = tempfile.mkdtemp(prefix="trainer-test-cache-")


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


@pytest.fixture(autouse=True)
def no_store_io_on_the_ui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test whose app read or wrote the store on its UI thread (tests/ui_thread_guard.py)."""
    ui_thread_guard.take()
    yield
    seen = ui_thread_guard.take()
    if seen and "allow_ui_thread_store" not in request.keywords:
        pytest.fail("store I/O on the UI thread (move it into a worker):\n  " + "\n  ".join(seen),
                    pytrace=False)
