"""The guard behind "no store I/O on the UI thread" (tests/ui_thread_guard.py) catches what it should."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import work
from textual.app import App, ComposeResult
from textual.widgets import Static

from tests import ui_thread_guard
from tests.ui_helpers import workers_done
from trainer.store import Store


class _Reads(Static):
    """Reads the store in on_mount (UI thread) or in a worker, as told."""

    def __init__(self, store: Store, *, in_worker: bool) -> None:
        super().__init__("")
        self.store, self.in_worker = store, in_worker

    def on_mount(self) -> None:
        if self.in_worker:
            self._read()
        else:
            self.update(self.store.get_setting("k") or "")

    @work(thread=True)
    def _read(self) -> None:
        self.app.call_from_thread(self.update, self.store.get_setting("k") or "")


def _app(store: Store, in_worker: bool) -> App[None]:
    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield _Reads(store, in_worker=in_worker)

    return Probe()


@pytest.mark.allow_ui_thread_store
@pytest.mark.parametrize("in_worker", [False, True])
async def test_the_guard_sees_ui_thread_reads_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    in_worker: bool) -> None:
    # The probe widget must count as UI code: its module is named as if under trainer/ui/.
    monkeypatch.setattr(_Reads.on_mount, "__code__",
                        _Reads.on_mount.__code__.replace(co_filename="/x/trainer/ui/probe.py"))
    store = Store.open(tmp_path / "p.sqlite3")
    store.set_setting("k", "v")  # the test itself: never counted
    ui_thread_guard.take()
    async with _app(store, in_worker).run_test() as pilot:
        await workers_done(pilot.app)
        await pilot.pause()
    seen = ui_thread_guard.take()
    if in_worker:
        assert seen == []
    else:
        assert len(seen) == 1 and seen[0].startswith("trainer/ui/probe.py:") and "on_mount" in seen[0]
    store.close()
