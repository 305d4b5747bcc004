"""The display script is a setting on the home screen and in the palette (s): applied at once,
remembered for the next start, and kept behind ``trainer.services.device``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui_helpers import rig, screen_text, settle
from trainer.services import device
from trainer.store import Store
from trainer.ui.commands import TrainerCommands
from trainer.ui.launch import _build
from trainer.ui.screens.home import HomeScreen


def test_the_device_setting_round_trips_and_refuses_an_unknown_script(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    assert device.saved_script(store) is None
    device.save_script(store, "hans")
    assert device.saved_script(store) == "hans"
    with pytest.raises(ValueError):
        device.save_script(store, "latin")
    store.set_setting(device.SCRIPT_KEY, "klingon")  # written by something else: ignored
    assert device.saved_script(store) is None


async def test_s_switches_to_simplified_at_once_and_the_next_start_remembers(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = screen_text(r.app)
        assert "顯示：繁體" in before and "選擇模式" in before and "練習" in before
        await pilot.press("s")
        await settle(pilot)
        after = screen_text(r.app)
        assert "显示：简体" in after and "选择模式" in after and "選擇模式" not in after
        assert "练习" in after  # the footer's words too
        assert r.app.title == "淘宝客服培训"
        assert isinstance(r.app.screen, HomeScreen)
        assert r.app.focused is r.app.screen.query_one("#modes")
    assert device.saved_script(r.store) == "hans"
    app = _build(lambda: r.app.ctx.library, r.store, "小明", None, None)  # the next start
    assert app.ctx.display.script == "hans"


async def test_switching_back_restores_the_traditional_words(tmp_path: Path) -> None:
    r = rig(tmp_path, script="hans")
    async with r.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "选择模式" in screen_text(r.app)
        await pilot.press("s")
        await settle(pilot)
        text = screen_text(r.app)
        assert "選擇模式" in text and "顯示：繁體" in text and "練習" in text
        home = r.app.screen
        names = [name for name, _help, _run in TrainerCommands(home)._commands()]
        assert "繁體／简体（s）" in names  # the same setting from the palette
    assert device.saved_script(r.store) == "hant"


async def test_the_command_line_choice_still_wins_for_one_run(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    device.save_script(store, "hans")
    from tests.ui_helpers import CONTENT

    assert _build(CONTENT, store, "小明", "hant", None).ctx.display.script == "hant"
    assert _build(CONTENT, store, "小明", None, None).ctx.display.script == "hans"
