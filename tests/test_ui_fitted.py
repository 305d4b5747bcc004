"""Cells too wide for their column end in 「…」, and the full text is the row's tooltip (80×24)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from tests.ui_helpers import rig, screen_text
from trainer.ui.widgets.fitted_table import FittedTable

CATEGORY = "平台/要求客服介入"  # 17 cells in a 16-cell column


async def test_the_picker_marks_a_cut_category_and_shows_it_whole_on_hover(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        r.app.focused.value = "賣家拒絕退款"  # type: ignore[union-attr]
        await pilot.pause()
        table = r.app.screen.query_one("#scenarios", FittedTable)
        shown = screen_text(r.app)
        assert "平台/要求客服介…" in shown
        assert "平台/要求客服介 " not in shown  # never cut without the mark
        assert table.full_text() == CATEGORY
        assert str(table.tooltip) == CATEGORY
        await pilot.hover("#scenarios")
        await pilot.pause()


async def test_a_cell_that_fits_is_left_alone_and_has_no_tooltip(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        table = FittedTable()
        await r.app.screen.mount(table)
        table.add_column(Text("a"), width=4)
        table.add_column(Text("b"), width=4)
        table.add_row(Text("好的"), Text("好的好的好的"))
        table.add_row(Text("ok"), Text("ok"))
        await pilot.pause()
        assert table.get_cell_at((0, 0)).plain == "好的"  # type: ignore[arg-type]
        assert table.get_cell_at((0, 1)).plain == "好…"  # type: ignore[arg-type]
        assert table.full_text(0) == "好的好的好的"
        table.move_cursor(row=1)
        await pilot.pause()
        assert table.full_text() == "" and table.tooltip is None


async def test_the_picker_widens_its_columns_at_120_and_then_cuts_nothing(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(120, 40)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        table = r.app.screen.query_one("#scenarios", FittedTable)
        assert [c.width for c in table.ordered_columns][:2] == [56, 28]
        assert CATEGORY in screen_text(r.app)
        assert all(table.full_text(row) == "" for row in range(table.row_count))
