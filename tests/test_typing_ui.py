"""Pilot tests of the typing test for a trainee: choose a passage, type it with a scripted clock,
see the speed, accuracy and the errors highlighted; results stored per trainee."""

from __future__ import annotations

from pathlib import Path

from textual import events

from tests.interview_helpers import type_text
from tests.ui_helpers import USER, rig, screen_text, settle
from trainer.store import interviews as records
from trainer.ui.screens.typing import TypingScreen
from trainer.ui.screens.typing_picker import TypingPickerScreen
from trainer.ui.screens.typing_result import TypingResultScreen


async def open_passage(pilot, index: int = 1) -> TypingScreen:  # type: ignore[no-untyped-def]
    """Home → t → the passage at ``index`` of the picker (0 is 隨機一段) → Enter."""
    await pilot.press("t")
    await pilot.pause()
    picker = pilot.app.screen
    assert isinstance(picker, TypingPickerScreen)
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, TypingScreen)
    return screen


async def test_a_trainee_types_a_passage_and_sees_speed_accuracy_and_errors(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_passage(pilot)
        passage = screen.passage
        assert passage.id == "welcome" and "已打 0 / 70 字" in screen_text(r.app)
        await settle(pilot)
        footer = screen_text(r.app).splitlines()[-1]
        assert "完成" in footer and "發送" not in footer  # Enter hands the passage in
        typed = passage.text.replace("您好", "你好", 1)  # one wrong character of 70
        await type_text(pilot, r.clock, typed, seconds=60)  # 69 right in 60 s
        assert "已打 70 / 70 字" in screen_text(r.app)
        await pilot.press("enter")
        await pilot.pause()
        result = r.app.screen
        assert isinstance(result, TypingResultScreen)
        text = screen_text(r.app)
        assert "69.0 字/分鐘" in text and "正確率 98.6%" in text and "用時 1:00" in text and "錯 1 處" in text
        assert "通過" in text and "您〔你〕" in text  # the wrong character, highlighted, with what was typed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(r.app.screen, TypingPickerScreen) and "最佳 69.0 字/分" in screen_text(r.app)
    (row,) = records.typing_results(r.store, USER)
    assert (row.passage_id, row.cpm, row.accuracy, row.errors, row.passed) == ("welcome", 69.0, 98.6, 1, True)
    (turn,) = r.store.turns(row.session_id)
    assert turn.reply == typed and turn.prompt == passage.text and turn.typing_seconds == 60.0


async def test_too_slow_and_time_limit(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_passage(pilot)
        await type_text(pilot, r.clock, screen.passage.text[:40], seconds=60)  # 40 字/分
        r.clock.advance(screen.bank.time_limit - 60)
        screen.tick()  # the time runs out: measured on what was typed
        await pilot.pause()
        assert isinstance(r.app.screen, TypingResultScreen)
        text = screen_text(r.app)
        assert "未通過" in text and "時間到" in text
    (row,) = records.typing_results(r.store, USER)
    assert not row.passed and row.flags == ("timed_out",) and row.seconds == screen.bank.time_limit


async def test_a_pasted_passage_is_flagged_and_fails(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_passage(pilot)
        r.app.post_message(events.Paste(screen.passage.text))
        await pilot.pause()
        r.clock.advance(60)
        await pilot.press("enter")
        await settle(pilot)
        assert "貼上的文字" in screen_text(r.app) and "未通過" in screen_text(r.app)
    (row,) = records.typing_results(r.store, USER)
    assert row.flags == ("pasted",) and not row.passed


async def test_escape_leaves_without_saving_and_random_draws_a_passage(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_passage(pilot, index=0)
        assert screen.passage in screen.bank.passages
        await type_text(pilot, r.clock, screen.passage.text[:5], seconds=5)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(r.app.screen, TypingPickerScreen)
    assert records.typing_results(r.store, USER) == []
