"""At 120 columns and more Home, 進度, 團隊 and the interviewer desk use the width (issue 14).

Home puts the modes in a left column and what is assigned and unfinished beside
them; the team view and every 進度 table show the highlighted row whole in a
詳情 panel beside the table; the team, desk and 進度 tables use wider columns.
At 80×24 each screen stays as it was: stacked, no panel, the narrow columns
(the snapshots in ``test_ui_snapshots.py`` hold the exact pictures).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from tests.progress_helpers import History
from tests.test_assignments_ui import ready, team, two_assignments
from tests.test_ui_snapshots import PLAY
from tests.ui_helpers import rig, screen_text, send, settle, starts_badly
from trainer.ui.app import TrainerApp
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.interview_desk import InterviewDeskScreen
from trainer.ui.screens.progress import ProgressScreen
from trainer.ui.screens.team import TeamScreen
from trainer.ui.widgets.fitted_table import FittedTable

pytestmark = pytest.mark.usefixtures("utc")

WIDE, NARROW = (120, 40), (80, 24)
LONG_NAME = "王大明（晚班）"  # 14 cells: cut in the narrow 學員 columns (10), whole in the wide ones
# One key point missed in four scenarios: the 弱項 table names three, the panel all four.
PLACES = [(f"item-{n}", f"情境{n}，催發貨") for n in range(1, 5)]


def widths(table: FittedTable) -> list[int]:
    return [column.width for column in table.ordered_columns]


def beside(left: Region, right: Region) -> bool:
    """``right`` starts where ``left`` ends (or later), the two overlapping in height."""
    return right.x >= left.right and right.y < left.bottom and left.y < right.bottom


def under(top: Region, bottom: Region) -> bool:
    return bottom.y >= top.bottom and bottom.x == top.x


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


# ---------------------------------------------------------------- Home


async def home_with_a_session_and_assignments(tmp_path: Path,
                                              size: tuple[int, int]) -> tuple[dict[str, Region], str]:
    h = team(tmp_path)
    two_assignments(h)
    r = rig(tmp_path, store=h.store, user="小明", play=PLAY)
    app = r.app
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await send(pilot, "好的")  # leaves an unfinished conversation
        await pilot.press("escape")
        await ready(pilot)
        screen = app.screen
        parts = {name: screen.query_one(f"#{name}").region for name in ("modes", "assigned", "unfinished")}
        return parts, screen_text(app)


async def test_home_at_120_columns_puts_the_lists_beside_the_modes(tmp_path: Path) -> None:
    parts, text = await home_with_a_session_and_assignments(tmp_path, WIDE)
    modes, assigned, unfinished = parts["modes"], parts["assigned"], parts["unfinished"]
    assert beside(modes, assigned)
    assert under(assigned, unfinished)  # what is assigned first, then what is unfinished, in the right column
    assert unfinished.x >= modes.right
    assert assigned.height >= 7  # both assignments whole (at 80 columns the list shows 4 rows and scrolls)
    assert unfinished.width >= 50 and unfinished.bottom >= 35  # the whole height
    assert "選擇模式" in text and "未完成的對話" in text and "指派給你的練習" in text
    assert starts_badly(text) == []


@pytest.mark.parametrize(("size", "given", "not_given"), [(WIDE, "-wide", "-narrow"), (NARROW, "-narrow", "-wide")])
async def test_a_screen_has_its_width_class_when_composed_and_is_restyled_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], given: str, not_given: str) -> None:
    """The class comes as the screen is pushed, so its first Resize does not restyle all of it again."""
    composed: list[set[str]] = []
    restyled: list[object] = []
    compose, update_styles = HomeScreen.compose, TrainerApp.update_styles

    def composing(self: HomeScreen) -> Any:
        composed.append(set(self.classes))
        return compose(self)

    def updating(self: TrainerApp, node: Any = None, animate: bool = True) -> None:
        restyled.append(node)
        update_styles(self, node, animate)

    monkeypatch.setattr(HomeScreen, "compose", composing)
    monkeypatch.setattr(TrainerApp, "update_styles", updating)
    r = rig(tmp_path)
    async with r.app.run_test(size=size) as pilot:
        await settle(pilot)
        home = pilot.app.screen
        assert isinstance(home, HomeScreen)
        assert given in home.classes and not_given not in home.classes
    assert composed and given in composed[0] and not_given not in composed[0]
    assert sum(node is home for node in restyled) == 1  # as it resumed; not again for its width


async def test_home_at_80_columns_stays_stacked(tmp_path: Path) -> None:
    parts, text = await home_with_a_session_and_assignments(tmp_path, NARROW)
    modes, assigned, unfinished = parts["modes"], parts["assigned"], parts["unfinished"]
    assert under(assigned, modes) and under(modes, unfinished)
    assert modes.width == unfinished.width == 78
    assert all(len(line) <= 80 for line in text.splitlines())


# ---------------------------------------------------------------- 團隊


def people(tmp_path: Path) -> History:
    h = History.open(tmp_path / "progress.sqlite3")
    h.practice("小明", "presale-stock-question", 90, day=0, title="這件衣服有貨嗎？", category="售前/庫存")
    for item, title in PLACES:
        h.practice(LONG_NAME, item, 40, day=1, missed=("確認發貨時間",), title=title, category="物流/催發貨")
    return h


async def open_screen(pilot: Pilot[None], screen: Any) -> Any:
    await settle(pilot)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return pilot.app.screen


async def test_the_team_view_shows_the_highlighted_person_beside_the_table_at_120_columns(tmp_path: Path) -> None:
    h = people(tmp_path)
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=WIDE) as pilot:
        screen = await open_screen(pilot, TeamScreen(r.app.ctx))
        table, detail = screen.query_one("#tm-table", FittedTable), screen.query_one("#tm-detail")
        assert beside(table.region, detail.region) and detail.region.width >= 30 and table.region.height >= 30
        assert widths(table)[0] == 14 and widths(table)[4] == 14  # names and categories cut later
        table.move_cursor(row=screen.shown.index(next(m for m in screen.shown if m.user == LONG_NAME)))
        await settle(pilot)
        shown = text_of(screen, "#tm-detail-text")
        rows = screen_text(r.app).splitlines()
        assert any(line.startswith("│ " + LONG_NAME + " ") for line in rows)  # not cut in the table either
        assert shown.startswith(LONG_NAME) and "4 場 · 4 句 · 平均 40" in shown
        assert "最弱要點（全部紀錄）：確認發貨時間×4" in shown
        text = screen_text(r.app)
        assert "詳情" in text and starts_badly(text) == []
        assert sum(w + 2 for w in widths(table)) <= table.scrollable_content_region.width  # nothing hidden
        await pilot.press("f5")  # 分類: the wide name column too
        await settle(pilot)
        assert widths(table)[0] == 14


async def test_the_team_view_at_80_columns_has_no_panel_and_its_narrow_columns(tmp_path: Path) -> None:
    h = people(tmp_path)
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=NARROW) as pilot:
        screen = await open_screen(pilot, TeamScreen(r.app.ctx))
        table = screen.query_one("#tm-table", FittedTable)
        assert not screen.query_one("#tm-detail").display and table.region.width == 80
        assert widths(table)[0] == 10 and "詳情" not in screen_text(r.app)
        # The last column (最弱要點) takes what the others leave: no hidden cells, a cut ends in 「…」.
        assert sum(w + 2 for w in widths(table)) <= table.size.width - 2
        row = next(line for line in screen_text(r.app).splitlines() if line.startswith(" 王大明"))
        assert row.rstrip().endswith("…") and "確認" in row, row
        assert "確認發貨時間×4" in str(table.tooltip)  # the whole cell on hover


# ---------------------------------------------------------------- the interviewer desk


async def test_the_desk_uses_wide_columns_at_120_and_narrow_ones_after_a_resize(tmp_path: Path) -> None:
    h = History.open(tmp_path / "progress.sqlite3")
    h.interview(LONG_NAME, [("q1", 70, ()), ("q2", 50, ())], day=1)
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=WIDE) as pilot:
        screen = await open_screen(pilot, InterviewDeskScreen(r.app.ctx, "面試官"))
        table = screen.query_one("#desk-table", FittedTable)
        assert widths(table)[:3] == [6, 20, 34] and table.row_count == 1
        assert table.region.width == WIDE[0]  # to the edge (it stopped 2 columns short)
        text = screen_text(r.app)
        assert LONG_NAME in text and "面試紀錄" in text and starts_badly(text) == []
        await pilot.resize_terminal(*NARROW)
        await settle(pilot)
        assert widths(table)[:3] == [4, 10, 14] and table.row_count == 1  # the rows read are shown again
        assert table.region.width == NARROW[0]
        assert LONG_NAME not in screen_text(r.app) and table.full_row(next(iter(table.rows)))[1] == LONG_NAME


# ---------------------------------------------------------------- 進度


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_progress_tables_and_their_details_by_width(tmp_path: Path, size: tuple[int, int]) -> None:
    h = people(tmp_path)
    r = rig(tmp_path, store=h.store, user=LONG_NAME)
    wide = size == WIDE
    async with r.app.run_test(size=size) as pilot:
        screen = await open_screen(pilot, ProgressScreen(r.app.ctx))
        await pilot.press("3")  # 弱項
        await settle(pilot)
        table, detail = screen.query_one("#pg-missed", FittedTable), screen.query_one("#pg-missed-detail")
        text = screen_text(r.app)
        assert table.full_row("確認發貨時間")[3].endswith("等 4 處")  # the table names three places
        if not wide:
            assert not detail.display and widths(table)[0] == 12 and "詳情" not in text
            return
        assert beside(table.region, detail.region) and widths(table)[0] == 20
        shown = text_of(screen, "#pg-missed-text")
        assert "要點：確認發貨時間" in shown and "漏掉：4" in shown
        assert all(f"· {title}（1）" in shown for _item, title in PLACES)  # every place, not three
        assert starts_badly(text) == []
        await pilot.press("5")  # 紀錄: the highlighted session whole
        await settle(pilot)
        assert widths(screen.query_one("#pg-history", FittedTable))[2] == 36
        assert f"項目：{PLACES[-1][1]}" in text_of(screen, "#pg-history-text")
        assert starts_badly(screen_text(r.app)) == []
