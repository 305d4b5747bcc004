"""The app on every store backend: a reply sent in the chat screen is in the store, whole.

A Pilot test (the real app, its workers, its store calls) run on SQLite in
memory, a SQLite file and PostgreSQL (``store_spec``, tests/backends.py).
"""

from __future__ import annotations

from pathlib import Path

from tests.test_ui_chat import GOOD, SIGNED
from tests.ui_helpers import USER, fixed_store_clock, open_chat, rig, send
from trainer.store import Store


async def test_a_reply_sent_in_the_chat_is_stored_on_every_backend(tmp_path: Path, store_spec: str) -> None:
    store = Store.open(store_spec, clock=fixed_store_clock)
    r = rig(tmp_path, store=store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        r.clock.advance(12.5)
        await send(pilot, GOOD)
        [row] = r.store.turns(screen.session.session_id)
        turn = screen.dialogue.turns[0]
        assert (row.reply, row.index, row.latency, row.score) == (GOOD, 0, 12.5, turn.score)
        assert row.result == turn.result.to_dict()
        assert [s.id for s in store.unfinished_sessions(USER)] == [screen.session.session_id]
    store.close()
