"""A guard for issue 11's "no store I/O on the UI thread", on every test that runs the app.

``Store._read`` (every read and write goes through it) is wrapped: a call made on
the main thread, from code under ``trainer/ui/``, with no test function on the
stack, is work the app's event loop did itself (Pilot runs the app on the main
thread; workers run on others). The ``conftest`` fixture fails the test that
caused one, naming the screen code that asked. Calls a test makes itself
(setting up a store, or driving ``ChatSession`` directly) have a test frame on
the stack and are not counted, nor is the launcher, which runs before the app.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from trainer.store.store import Store

SEEN: list[str] = []  # where the UI thread asked the store, since the last ``take()``
_real_read = Store._read
_EXEMPT = ("/trainer/ui/launch.py",)  # builds the app before it runs


def ui_site(frame: Any) -> str | None:
    """The UI code on the stack of a main-thread store call, or None if it is not the app's doing."""
    ui: list[str] = []
    while frame is not None:
        name = frame.f_code.co_filename
        if "/tests/" in name or name.endswith(_EXEMPT):
            return None
        if "/trainer/ui/" in name:
            ui.append(f"trainer/{name.split('/trainer/', 1)[1]}:{frame.f_lineno} {frame.f_code.co_name}")
        frame = frame.f_back
    return " <- ".join(ui[:4]) if ui else None


@functools.wraps(_real_read)  # the same signature (tests/test_store_protocol.py compares them)
@contextmanager
def _guarded_read(self: Store) -> Iterator[Any]:
    if threading.current_thread() is threading.main_thread():
        site = ui_site(sys._getframe(2))
        if site is not None:
            SEEN.append(site)
    with _real_read(self) as conn:
        yield conn


def install() -> None:
    Store._read = _guarded_read  # type: ignore[method-assign]


def take() -> list[str]:
    """The sites seen since the last call, and forget them."""
    seen = list(dict.fromkeys(SEEN))
    SEEN.clear()
    return seen
