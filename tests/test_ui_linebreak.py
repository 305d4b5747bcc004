"""Chinese line breaking: no closing mark starts a line, no opening bracket ends one.

Table tests for ``trainer.ui.wrap.breaks``, then whole conversations of a long
bundled scenario at 80×24 and 120×40: every line of the transcript (scrolled
page by page, read from the screen as drawn) and of the debrief.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.ui_helpers import FRAMES, model_answer, play_to_end, rig, screen_text, screenfuls, settle, starts_badly
from trainer.ui.wrap import NO_END, NO_START, breaks, wrap_lines

LONG = "aftersale-missing-item"  # the longest bundled scenario
TEXT = "親，不好意思讓您著急了，我馬上聯系圓通快遞幫您查詢是誰簽收的。麻煩您「拍照」給我，好嗎？"


@pytest.mark.parametrize("width", range(4, 40))
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_bracket(width: int) -> None:
    lines = wrap_lines(TEXT, width)
    assert "".join(lines) == TEXT  # nothing lost, nothing added
    for before, after in zip(lines, lines[1:], strict=False):
        assert after[0] not in NO_START, (width, lines)
        assert before[-1] not in NO_END, (width, lines)


@pytest.mark.parametrize("width", range(2, 30))
def test_a_line_is_as_full_as_it_can_be(width: int) -> None:
    """No line over the width, and a line ends before a character that would still fit only
    for the punctuation rule or inside a word (a run of narrow characters)."""
    from rich.cells import cell_len

    text = "進行中 · " + "換貨流程，" + "好，好的，" * 6 + "完。 · 通過 0/2 · 截止 11/05（考試） ok"
    cuts = breaks(text, width)
    for start, cut in zip([0, *cuts], cuts, strict=False):
        assert cell_len(text[start:cut].rstrip()) <= width
        if cell_len(text[start:cut]) + cell_len(text[cut]) > width:
            continue  # full
        ruled = text[cut] in NO_START | NO_END or text[cut - 1] in NO_END or text[cut + 1:cut + 2] in NO_START
        word = re.match(r"[!-~]*", text[cut:])  # the narrow word starting here goes whole, if it can
        moved = word is not None and cell_len(text[start:cut]) + len(word.group()) > width
        assert ruled or moved, (width, text[start:cut], text[cut:cut + 5])


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("好的，謝謝", 4, ["好", "的，", "謝謝"]),           # 「，」 takes 「的」 with it
    ("請點「要求客服介入」", 6, ["請點", "「要求", "客服介", "入」"]),  # 「「」 never ends a line
    ("hello world, ok。", 8, ["hello", "world,", "ok。"]),  # words still break at spaces
    ("，，，，，，", 2, ["，", "，", "，", "，", "，", "，"]),  # nothing to move: folded as before
    ("進行中 · 換貨流程好的", 12, ["進行中 · 換", "貨流程好的"]),  # Chinese without spaces fills the line
    ("好的 abc defgh", 9, ["好的 abc", "defgh"]),  # a word goes whole to the next line
    ("價格 12345678 元", 8, ["價格", "12345678", "元"]),
])
def test_breaks_move_back_one_character(text: str, width: int, lines: list[str]) -> None:
    assert wrap_lines(text, width) == lines


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_conversation_has_no_line_starting_with_punctuation(tmp_path: Path,
                                                                        size: tuple[int, int]) -> None:
    r = rig(tmp_path, mode="coach")
    async with r.app.run_test(size=size) as pilot:
        from tests.ui_helpers import open_chat

        screen = await open_chat(pilot, LONG)
        await play_to_end(pilot, model_answer)
        transcript = screen.query_one("#transcript")
        transcript.scroll_home(animate=False)
        await settle(pilot)
        pages = await screenfuls(pilot, transcript)
        assert sum(1 for page in pages for ch in page if "\u4e00" <= ch <= "\u9fff") > 500  # all of it went past
        assert [line for page in pages for line in starts_badly(page)] == []
        await pilot.press("enter")  # the debrief
        await settle(pilot)
        assert starts_badly(screen_text(r.app)) == []


async def test_the_interviewer_console_breaks_lines_by_the_rule(tmp_path: Path) -> None:
    from tests.interview_helpers import INTERVIEWER, answered
    from trainer.ui.screens.console import ConsoleScreen

    r = rig(tmp_path)
    session = answered(r.store, r.app.ctx.library, (TEXT * 3, TEXT * 3))
    async with r.app.run_test(size=(80, 24)) as pilot:
        r.app.push_screen(ConsoleScreen(r.app.ctx, session.session_id, INTERVIEWER))
        await settle(pilot)
        pages = await screenfuls(pilot, r.app.screen.query_one("#cs-answers"))
        bad = [line for page in pages for line in starts_badly(page)]
        assert sum(page.count("親") for page in pages) >= 6 and bad == []


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_toast_breaks_its_lines_by_the_cjk_rule(tmp_path: Path, size: tuple[int, int]) -> None:
    from textual.widgets._toast import Toast

    r = rig(tmp_path)
    fits = (min(60, size[0] // 2) - 3) // 2  # CJK characters on one line of a toast
    message = ("員工密碼已設定只保存雜湊值不保存密碼本身" * 3)[:fits] + "。請記下（只給主管）。"
    async with r.app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        r.app.notify(message)
        await pilot.pause()
        toast = r.app.screen.query_one(Toast)
        lines = [line.text for line in toast.render_lines(toast.region.reset_offset)]
        body = [text for line in lines if (text := line.strip(FRAMES))]
        assert len(body) >= 2 and starts_badly("\n".join(body)) == [], body
        assert "".join(body) == message  # nothing lost, nothing added
