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


async def test_log_in_play_a_turn_and_the_team_view_follows_the_role_on_every_backend(
        tmp_path: Path, store_spec: str, monkeypatch) -> None:
    from tests.test_ui_login import PASSWORD, log_in, team_store_on
    from trainer.ui.screens.home import HomeScreen
    from trainer.ui.screens.team import TeamScreen

    monkeypatch.setenv("TRAINER_DATA", str(tmp_path / "data"))  # a shared store's device settings
    store = team_store_on(Store.open(store_spec, clock=fixed_store_clock))
    shared = store_spec.startswith("postgresql")
    r = rig(tmp_path, store=store, user=None, login=True, shared=shared)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await log_in(pilot, "小美", PASSWORD)
        assert isinstance(r.app.screen, HomeScreen) and r.app.ctx.user == "小美"
        await pilot.press("m")
        await pilot.pause()
        assert not isinstance(r.app.screen, TeamScreen)  # a trainee: refused
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, GOOD)
        [row] = store.turns(screen.session.session_id)
        assert row.reply == GOOD
        assert store.session(screen.session.session_id).user == "小美"
    r = rig(tmp_path, store=store, user=None, login=True, shared=shared)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await log_in(pilot, "王經理", PASSWORD)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(r.app.screen, TeamScreen)
    store.close()
