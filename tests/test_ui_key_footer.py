"""The key bar (``KeyFooter``): it is built once the screen is up and rebuilt only when its
keys change, and the chat's first layout has its status line and titles without a second one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui_helpers import chat, open_chat, rig, screen_text, settle
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.widgets.mood_meter import MoodMeter
from trainer.ui.widgets.reply_timer import ReplyTimer

SIGNED = "logistics-signed-not-received"


async def test_the_chat_footer_is_built_once_and_not_again_for_the_same_keys(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[str] = []
    recompose = KeyFooter.recompose

    async def counted(self: KeyFooter) -> None:
        builds.append(type(self.screen).__name__)
        await recompose(self)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_chat(pilot, SIGNED)
        await settle(pilot)
        assert builds.count("ChatScreen") == 1, builds
        footer = screen_text(r.app).splitlines()[-1]
        assert "發送" in footer and "換行" in footer and "離開" in footer, footer
        for _ in range(3):  # the screen says its bindings changed; the keys are the same
            screen.refresh_bindings()
            await settle(pilot)
        r.app.set_focus(None)  # the reply box's keys go...
        await settle(pilot)
        assert "發送" not in screen_text(r.app).splitlines()[-1]
        screen.query_one("#reply").focus()  # ...and come back
        await settle(pilot)
        assert builds.count("ChatScreen") == 3, builds
        assert "發送" in screen_text(r.app).splitlines()[-1]


async def test_the_mood_meter_and_timer_are_drawn_from_the_start(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_chat(pilot, SIGNED)
        await settle(pilot)
        meter, timer = screen.query_one(MoodMeter), screen.query_one(ReplyTimer)
        mood = chat(r.app).dialogue.mood
        assert f"心情 {mood:>3}" in str(meter.render()) and "等待 0:00 / " in str(timer.render())
        meter.mood = 95  # later changes still show, with the word's class
        timer.elapsed = 10_000
        await pilot.pause()
        assert "暴怒" in str(meter.render()) and meter.has_class("-furious")
        assert timer.has_class("-late")
        assert screen.query_one("#reply").border_title == "回覆"


def test_a_new_mood_meter_has_its_text_and_class_before_it_is_mounted() -> None:
    from trainer.ui.text import Display

    meter = MoodMeter(Display("hant"), 10)
    assert meter.has_class("-calm") and "平靜" in str(meter.render())
    assert ReplyTimer(Display("hant"), 0).has_class("-late")


@pytest.mark.parametrize(("text", "tidied"), [
    ("物流顯示簽收， 買家\n卻沒收到", "物流顯示簽收，買家卻沒收到"),  # a folded YAML line's joins
    ("訂單 12345 已發出", "訂單 12345 已發出"),  # beside a digit: kept
    ("請 稍等 a moment", "請稍等 a moment"),
    ("  前後空白  ", "  前後空白  "),
    ("ｉｄ \t\n１２", "ｉｄ１２"),  # full-width forms count as CJK
    ("", ""),
])
def test_spaces_between_cjk_characters_are_dropped(text: str, tidied: str) -> None:
    from trainer.ui.text import drop_cjk_gaps

    assert drop_cjk_gaps(text) == tidied
