"""Light and dark themes stay readable: every piece of text on the main screens has
enough contrast with what is behind it (WCAG contrast ratio, computed from the
rendered colours), and the mood meter carries a number and a word, not only a colour."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pytest
from rich.console import Console
from rich.segment import Segment

from tests.ui_helpers import model_answer, open_chat, play_to_end, rig, send
from trainer.ui.app import THEMES, TrainerApp

# Textual's own dimmed text (placeholders, disabled options, footer keys in the
# light theme) sits at 2.5–3; everything this app styles is well above.
MIN_CONTRAST = 2.5


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def segments(app: TrainerApp) -> Iterable[Segment]:
    """The screen as the terminal gets it, in styled segments with their rendered colours."""
    console = Console(width=80, height=24, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", legacy_windows=False)
    frame = app.screen._compositor.render_update(full=True)
    assert frame is not None
    return console.render(frame)


def low_contrast_text(app: TrainerApp) -> list[tuple[float, str]]:
    """Text segments (letters or digits, not box drawing) below MIN_CONTRAST."""
    bad = []
    for seg in segments(app):
        if seg.style is None or not any(unicodedata.category(c)[0] in "LN" for c in seg.text):
            continue
        fg, bg = seg.style.color, seg.style.bgcolor
        assert fg is not None and bg is not None, seg
        ratio = contrast(fg.get_truecolor(), bg.get_truecolor())
        if seg.style.reverse:
            continue  # cursor cells
        if ratio < MIN_CONTRAST:
            bad.append((round(ratio, 2), seg.text))
    return bad


@pytest.mark.parametrize("theme", THEMES)
async def test_text_is_readable_in_both_themes(tmp_path: Path, theme: str) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        r.app.theme = theme
        await pilot.pause()
        assert low_contrast_text(r.app) == []
        await open_chat(pilot, "logistics-signed-not-received")
        await send(pilot, "你自己去找快遞，不關我們的事。")  # a failing reply: red marks
        assert low_contrast_text(r.app) == []
        await play_to_end(pilot, model_answer)
        await pilot.press("enter")
        await pilot.pause()
        assert low_contrast_text(r.app) == []


def backgrounds(app: TrainerApp) -> dict[str, tuple[int, int, int]]:
    """The background behind each piece of text on the screen (the last one drawn wins)."""
    return {seg.text.strip(): seg.style.bgcolor.get_truecolor() for seg in segments(app)
            if seg.text.strip() and seg.style is not None and seg.style.bgcolor is not None}


@pytest.mark.parametrize("theme", THEMES)
async def test_compact_fields_show_where_to_type(tmp_path: Path, theme: str) -> None:
    """Borderless fields (forms that must fit 24 rows) stand out from their dialog, and the
    focused one from the others, in both themes: an empty field is not just a grey word."""
    from trainer.ui.screens.lock import LockScreen

    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        r.app.theme = theme
        await pilot.press("i")  # the interview desk asks for the staff passphrase (first time: set it)
        for _ in range(50):
            await pilot.pause(0.02)
            if isinstance(r.app.screen, LockScreen) and r.app.screen.query_one("#lock-again").display:
                break
        await pilot.press("tab")  # the name field to the password field
        await pilot.pause()
        seen = backgrounds(r.app)
        # the empty confirmation field, and the focused password field (the cursor on its first character)
        dialog, field, focused = seen["Enter 確定 · Esc 取消"], seen["和上面一樣"], seen["分大小寫"]
        assert contrast(field, dialog) >= 1.15, (field, dialog)
        assert contrast(focused, field) >= 1.15 and contrast(focused, dialog) >= 1.15, (focused, field)
        dimmed = low_contrast_text(r.app)  # the screen behind the dialog is dimmed on purpose
        assert not [text for _, text in dimmed if any(w in text for w in ("密碼", "Enter", "第一次"))]
