"""The chat feedback and the debrief name insults and keyword lists, and quote them (Pilot)."""

from __future__ import annotations

from pathlib import Path

from tests.ui_helpers import open_chat, play_to_end, rig, screen_text, send
from trainer.ui.screens.debrief import DebriefScreen

SIGNED = "logistics-signed-not-received"
INSULT = "你有病吧"
COMPLETE = "親，抱歉讓您著急了。我這就聯系圓通快遞查詢，也麻煩您問一下家人或門衛是不是被代收了，"


def _reply(dialogue) -> str:  # type: ignore[no-untyped-def]
    # The first reply is complete but insults the buyer; then a bare keyword list.
    if not dialogue.turns:
        return COMPLETE + INSULT + "！"
    rubric = dialogue.rubric
    return "、".join(p.phrases[0] for p in rubric.points)


async def test_feedback_and_debrief_name_the_insult_and_the_keyword_list(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(100, 60)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await play_to_end(pilot, _reply)
        first, second = screen.dialogue.turns[:2]
        assert not first.result.passed and "insult" in first.result.caps
        assert not second.result.passed and "stuffing" in {h.signal for h in second.result.signals}
        await pilot.press("enter")
        await pilot.pause()
        debrief = r.app.screen
        assert isinstance(debrief, DebriefScreen)
        text = "".join(str(w.render()) for w in debrief.query(".debrief-turn"))
        assert f"侮辱或打發對方「{INSULT}」" in text
        assert "只列出關鍵詞「" in text


async def test_the_coach_feedback_quotes_the_insult(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(100, 60)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, _reply(screen.dialogue))
        text = screen_text(r.app)
        assert f"✗ 侮辱或打發對方「{INSULT}」" in text
        assert "侮辱或打發對方的話" in text and "還可以補充" not in text


async def test_a_pasted_passage_is_named_and_quoted_literally(tmp_path: Path) -> None:
    # A passage pasted three times, markup and all: the feedback names it and shows the markup as typed.
    passage = "[b]親[/b]，抱歉讓您著急了，我這就聯系圓通快遞查詢，也麻煩您問一下家人或門衛。"
    r = rig(tmp_path)
    async with r.app.run_test(size=(100, 60)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, passage * 3)
        result = screen.dialogue.turns[0].result
        assert not result.passed and "repeat" in result.caps
        text = screen_text(r.app)
        assert "重複同一段話「" in text and "親[/b]，抱歉讓您著急了" in text and "說了好幾遍" in text
