"""The look at 80×24 and 120×40: the app's own themes, titled panels, and at 120 columns the
coach's feedback beside the conversation instead of under it."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.ui_helpers import open_chat, rig, screen_text, send
from trainer.ui.app import THEMES

SIGNED = "logistics-signed-not-received"
REPLY = "親，不好意思讓您著急了，我馬上聯系圓通快遞幫您查詢是誰簽收的。"


async def test_the_app_starts_in_its_own_dark_theme_and_toggles_to_its_light_one(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        assert r.app.theme == THEMES[0] == "trainer-dark"
        r.app.action_toggle_theme()
        await pilot.pause()
        assert r.app.theme == "trainer-light" and not r.app.current_theme.dark


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_chat_fits_and_titles_its_panels(tmp_path: Path, size: tuple[int, int]) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=size) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, REPLY)
        text = screen_text(r.app)
        lines = text.splitlines()
        assert len(lines) == size[1] and all(cell_len(line) <= size[0] for line in lines)
        assert any("╭" in line and "回覆" in line for line in lines)  # the reply box's title
        wide = size[0] >= 120
        assert screen.has_class("-wide") is wide
        coach = screen.query_one("#coach")
        transcript = screen.query_one("#transcript")
        assert coach.display is wide
        if wide:
            # Beside, not under: the coach column starts right of the conversation, same rows.
            assert coach.region.x >= transcript.region.right and coach.region.y == transcript.region.y
            assert transcript.region.width >= 60
            assert any("教練講評" in line for line in lines)
            assert all(not f.display for f in transcript.query(".feedback"))
        assert "分數" in text and "參考答案" in text  # the feedback is on screen either way


async def test_exam_mode_has_no_coach_column_even_when_wide(tmp_path: Path) -> None:
    r = rig(tmp_path, mode="exam")
    async with r.app.run_test(size=(120, 40)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, REPLY)
        assert not screen.query_one("#coach").display
        assert "教練講評" not in screen_text(r.app) and "參考答案" not in screen_text(r.app)
