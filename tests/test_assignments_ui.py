"""Pilot tests of assignments in the app, at 80×24: a manager assigns to a group from the team view,
a trainee of that group sees it first on Home, practises it (in the required mode) to a pass, and the
status moves 未開始 → 進行中 → 已通過; a due day passes and Home marks it 逾期.

The store's clock is injected (``Store.open(..., clock=...)``) and moved by hand; the zone is UTC.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.interview_helpers import PASSPHRASE, unlock
from tests.progress_helpers import History
from tests.ui_helpers import chat, model_answer, play_to_end, rig, screen_text, settle, starts_badly
from trainer.services import assignments as svc
from trainer.store import groups
from trainer.store import interviews as records
from trainer.store.assignments import assignments
from trainer.ui.screens.assign_form import AssignForm
from trainer.ui.screens.assignments import AssignmentsScreen
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.home import DUE_DELAY, HomeScreen
from trainer.ui.screens.team import TeamScreen

COLOUR = "case-colour-mismatch"  # 手機殼顏色和圖片不一樣
TITLE = "手機殼顏色和圖片不一樣"

pytestmark = pytest.mark.usefixtures("utc")


def team(tmp_path: Path) -> History:
    """小明 (a trainee) and 主管 (a manager) in group 新人; the staff passphrase is set; day 1."""
    h = History.open(tmp_path / "progress.sqlite3").at(1)
    for name in ("小明", "主管"):
        h.store.user_id(name)
    groups.add_group(h.store, "新人")
    for name in ("小明", "主管"):
        groups.join_group(h.store, "新人", name)
    with h.store._write() as conn:
        conn.execute("INSERT INTO user_roles (user_id, role) SELECT id, 'manager' FROM users WHERE name = '主管'")
    records.set_passphrase(h.store, PASSPHRASE)
    return h


def status(h: History, person: str) -> str:
    [row] = assignments(h.store)
    [found] = svc.progress(h.store, row, svc.today_of(h.store), [person])
    return found.status


async def ready(pilot: Pilot[None]) -> None:
    await pilot.pause(DUE_DELAY + 0.05)
    await settle(pilot)


async def assign_from_team_view(pilot: Pilot[None]) -> None:
    """Home → m (passphrase) → F8 指派 → n → fill the dialog → Ctrl+S."""
    await pilot.press("m")
    await pilot.pause()
    await unlock(pilot)
    await settle(pilot)
    assert isinstance(pilot.app.screen, TeamScreen)
    await pilot.press("f8")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AssignmentsScreen)
    assert "目前沒有指派" in screen_text(pilot.app)  # type: ignore[arg-type]
    await pilot.press("n")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, AssignForm)
    for field, value in (("af-items", COLOUR), ("af-to", "@新人"), ("af-due", "2026-11-01"), ("af-mode", "exam")):
        form.query_one(f"#{field}", Input).value = value
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert "已經過了" in screen_text(pilot.app)  # type: ignore[arg-type]  # refused: the dialog stays
    form.query_one("#af-due", Input).value = "2026-11-05"
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AssignmentsScreen)


async def test_manager_assigns_to_a_group_and_the_trainee_practises_it_to_a_pass(tmp_path: Path) -> None:
    h = team(tmp_path)
    manager = rig(tmp_path, store=h.store, user="主管")
    async with manager.app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "指派給你的練習" not in screen_text(manager.app)  # nothing assigned to anyone yet
        await assign_from_team_view(pilot)
        text = screen_text(manager.app)
        assert TITLE in text and "@新人" in text and "通過 0/1" in text  # the manager is not counted
    assert status(h, "小明") == svc.NOT_STARTED

    trainee = rig(tmp_path, store=h.store, user="小明")
    async with trainee.app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        text = screen_text(trainee.app)
        assert text.index("指派給你的練習") < text.index(TITLE) < text.index("今日到期")
        assert f"{TITLE} · 通過 0/1 · 截止 11/05（考試）" in text
        await pilot.press("enter")  # the assignment list has the focus: its first row starts
        await settle(pilot)
        assert chat(trainee.app).session.mode == "exam"
        await play_to_end(pilot, lambda _d: "不知道")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(trainee.app.screen, DebriefScreen)
        assert f"指派「{TITLE}」：通過 0/1 次，截止 11/05（進行中）" in screen_text(trainee.app)
        assert status(h, "小明") == svc.IN_PROGRESS

        await pilot.press("r")  # again, in the same (exam) mode
        await settle(pilot)
        assert chat(trainee.app).session.mode == "exam"
        await play_to_end(pilot, model_answer)
        await pilot.press("enter")
        await settle(pilot)
        assert f"指派「{TITLE}」：通過 1/1 次，截止 11/05（已通過）" in screen_text(trainee.app)
        assert status(h, "小明") == svc.PASSED
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(trainee.app.screen, HomeScreen)
        assert "指派給你的練習" not in screen_text(trainee.app)  # nothing left to do


async def test_a_due_day_that_passed_shows_overdue_on_home(tmp_path: Path) -> None:
    h = team(tmp_path)
    svc.create(h.store, svc.Catalog({COLOUR: (TITLE, "售後/描述不符")}), [COLOUR], "@新人", "2026-11-03",
               svc.Rule(60, passes=2), by="主管")
    h.at(2.5)  # 2026-11-03 20:00: the due day itself
    r = rig(tmp_path, store=h.store, user="小明")
    async with r.app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert f"{TITLE} · 通過 0/2 · 今天截止" in screen_text(r.app)
        h.at(3)  # midnight passes
        r.app.screen.refresh_user()  # type: ignore[attr-defined]
        await settle(pilot)
        assert f"逾期 · {TITLE} · 通過 0/2 · 截止 11/03" in screen_text(r.app)
    assert status(h, "小明") == svc.OVERDUE


HOSTILE_PERSON = "[@click=app.pop_screen]點我[/]"
HOSTILE_GROUP = "[b]組[/b] \x1b[31m"
HOSTILE_TITLE = "[link=https://x]情境[/link] <script>"


async def test_hostile_names_and_titles_show_literally_and_click_nothing(tmp_path: Path) -> None:
    from tests.hostile import render, shown
    from trainer.store.assignments import NewAssignment, add_assignments

    h = History.open(tmp_path / "progress.sqlite3").at(1)
    h.store.user_id(HOSTILE_PERSON)
    groups.add_group(h.store, HOSTILE_GROUP)
    groups.join_group(h.store, HOSTILE_GROUP, HOSTILE_PERSON)
    add_assignments(h.store, [NewAssignment("scenario", COLOUR, HOSTILE_TITLE, None, HOSTILE_GROUP, "2026-11-05", 60)])
    r = rig(tmp_path, store=h.store, user=HOSTILE_PERSON)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        text, actions = render(r.app)
        assert shown(HOSTILE_TITLE) in text and actions == []
        r.app.push_screen(AssignmentsScreen(r.app.ctx))
        await settle(pilot)
        text, actions = render(r.app)
        assert shown(HOSTILE_TITLE, 10) in text and shown(HOSTILE_GROUP, 6) in text and actions == []


async def test_a_typing_step_passed_from_home_issues_the_certificate_shown_on_progress(tmp_path: Path) -> None:
    from tests.interview_helpers import type_text
    from trainer.services import certificates as certs
    from trainer.ui.screens.progress import ProgressScreen
    from trainer.ui.screens.typing import TypingScreen
    from trainer.ui.screens.typing_picker import TypingPickerScreen
    from trainer.ui.screens.typing_result import TypingResultScreen

    h = team(tmp_path)
    [step] = svc.create(h.store, svc.Catalog(), ["typing"], "@新人", "2026-11-05", svc.Rule(50), by="主管")
    certs.add(h.store, "新人第一週", [step], by="主管")
    r = rig(tmp_path, store=h.store, user="小明")
    async with r.app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "打字測驗 · 通過 0/1 · 截止 11/05" in screen_text(r.app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(r.app.screen, TypingPickerScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        typing = r.app.screen
        assert isinstance(typing, TypingScreen)
        await type_text(pilot, r.clock, typing.passage.text, seconds=60)  # 70 字 in a minute
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(r.app.screen, TypingResultScreen)
        text = screen_text(r.app)
        assert "指派「打字測驗」：通過 1/1 次，截止 11/05（已通過）" in text and "取得證書：新人第一週" in text
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(r.app.screen, HomeScreen) and "指派給你的練習" not in screen_text(r.app)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(r.app.screen, ProgressScreen)
        assert "證書：新人第一週（2026-11-02）" in screen_text(r.app)


# ---------------------------------------------------------------- the polish rules (issue 14) on these screens

# A long title, 「，」 every 2nd and 3rd character: folded without the CJK rule, some line starts with it.
LONG_TITLE = "換貨流程，" + "好，好的，" * 12 + "完。"


def two_assignments(h: History) -> None:
    """A long-titled scenario for the group (小明 practised it: best 57.5) and a typing one for 小明."""
    from trainer.store.assignments import NewAssignment, add_assignments

    add_assignments(h.store, [
        NewAssignment("scenario", COLOUR, LONG_TITLE, None, "新人", "2026-11-05", 60, 2, 3, "exam"),
        NewAssignment("typing", "typing", "打字", "小明", None, "2026-11-06", 45.25)])
    sid = h.store.start_session("小明", "practice", COLOUR, mode="exam", seed=1, item_title=TITLE,
                                category="售後/描述不符")
    h.store.finish_session(sid, "lost", 57.5)


async def test_the_assignments_table_cuts_with_an_ellipsis_and_the_details_show_it_whole(tmp_path: Path) -> None:
    from trainer.ui.widgets.fitted_table import FittedTable

    h = team(tmp_path)
    two_assignments(h)
    r = rig(tmp_path, store=h.store, user="主管")
    async with r.app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        r.app.push_screen(AssignmentsScreen(r.app.ctx))
        await settle(pilot)
        table = r.app.screen.query_one("#as-table", FittedTable)
        text = screen_text(r.app)
        assert "換貨流程，好，好的…" in text  # cut to its 20-cell column, marked
        [first, _typing] = [str(row.id) for row, _people in r.app.screen.rows]  # type: ignore[attr-defined]
        assert table.full_row(first)[1] == LONG_TITLE and LONG_TITLE in str(table.tooltip)
        details = r.app.screen.query_one("#as-detail-text", Static)
        assert LONG_TITLE in str(details.render()) and starts_badly(text) == []
        assert "≥60分 ×2 限3次 考試" in str(details.render())
        assert "小明：進行中 · 通過 0/2 · 練了 1/3 次 · 最佳 58" in str(details.render())  # halves up
        assert all(len(line) <= 80 for line in text.splitlines())
        await pilot.press("down")
        await settle(pilot)
        assert "≥45.3字/分 ×1" in str(details.render())  # a typing minimum is a rate: one decimal


async def test_at_120_columns_the_details_sit_beside_the_assignments(tmp_path: Path) -> None:
    h = team(tmp_path)
    two_assignments(h)
    r = rig(tmp_path, store=h.store, user="主管")
    async with r.app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        r.app.push_screen(AssignmentsScreen(r.app.ctx))
        await settle(pilot)
        table, details = r.app.screen.query_one("#as-table"), r.app.screen.query_one("#as-detail")
        assert details.region.x >= table.region.right and details.region.y == table.region.y
        assert details.region.width >= 36 and table.region.height >= 30
        text = screen_text(r.app)
        assert "目前的指派" in text and "詳情" in text and starts_badly(text) == []
    narrow = rig(tmp_path, store=h.store, user="主管")
    async with narrow.app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        narrow.app.push_screen(AssignmentsScreen(narrow.app.ctx))
        await settle(pilot)
        table, details = narrow.app.screen.query_one("#as-table"), narrow.app.screen.query_one("#as-detail")
        assert details.region.y >= table.region.bottom and details.region.x == table.region.x  # under it


async def test_home_wraps_a_long_assigned_title_by_the_cjk_rule(tmp_path: Path) -> None:
    h = team(tmp_path)
    two_assignments(h)
    r = rig(tmp_path, store=h.store, user="小明")
    async with r.app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        box = r.app.screen.query_one("#assigned")
        seen, bad = set(), []
        while True:  # the list shows a few lines at a time: scroll through every line of it
            text = screen_text(r.app)
            bad += starts_badly(text)
            seen |= set(text.splitlines())
            if box.scroll_y >= box.max_scroll_y:
                break
            box.scroll_to(y=box.scroll_y + 1, animate=False)
            await settle(pilot)
        assert any("完。" in line for line in seen) and bad == []
        assert "指派給你的練習（共 2 項）" in screen_text(r.app)  # the list scrolls: its title says how many
