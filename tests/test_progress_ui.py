"""Pilot tests of issue 6 in the app: Home's due line and due queue, 進度 and its tabs, a past session,
the team view and the picker's due marker — at 80×24, on histories written through the store.

Day 0 of the history is 2026-11-01 08:00 UTC; the app's "now" is 2026-11-02 10:30 (the zone is
pinned to UTC), so "today" is day 1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.interview_helpers import PASSPHRASE, unlock
from tests.progress_helpers import History
from tests.ui_helpers import chat, model_answer, play_to_end, rig, screen_text, settle
from trainer.store import interviews as records
from trainer.ui.screens.chat import ChatScreen
from trainer.ui.screens.history import HistoryScreen
from trainer.ui.screens.home import DUE_DELAY
from trainer.ui.screens.picker import PickerScreen
from trainer.ui.screens.progress import ProgressScreen
from trainer.ui.screens.progress_due import DueQueueScreen
from trainer.ui.screens.team import TeamScreen

COLOUR = "case-colour-mismatch"  # 手機殼顏色和圖片不一樣: points 道歉, 拍照對比, 換貨或退貨, …
SIGNED = "logistics-signed-not-received"  # 物流顯示簽收，買家卻沒收到
STOCK = "presale-stock-question"  # 這件衣服有貨嗎？
SNAPSHOTS = Path(__file__).parent / "snapshots"


pytestmark = pytest.mark.usefixtures("utc")


async def home_ready(pilot: Pilot[None]) -> None:
    """Wait for Home's due line: it is looked up a moment after start-up, in a worker."""
    await pilot.pause(DUE_DELAY + 0.05)
    await settle(pilot)


def history(tmp_path: Path) -> History:
    """小明 failed 顏色 on day 0 (overdue), passed 簽收 on day 0 (due today), passed 有貨 today (not due)."""
    h = History.open(tmp_path / "progress.sqlite3")
    h.practice("小明", COLOUR, 35, day=0, hit=("道歉",), missed=("拍照對比", "換貨或退貨"), replies=2,
               title="手機殼顏色和圖片不一樣", category="售後/描述不符")
    h.practice("小明", SIGNED, 80, day=0.01, hit=("安撫道歉",), missed=("確認代收",), title="物流顯示簽收，買家卻沒收到",
               category="物流/簽收未收到")
    h.practice("小明", STOCK, 90, day=1, mode="exam", title="這件衣服有貨嗎？", category="售前/庫存")
    return h


async def test_home_shows_what_is_due_and_runs_it_in_order(tmp_path: Path) -> None:
    h = history(tmp_path)
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        text = screen_text(r.app)
        assert "今日到期：2 個情境（按 d 依序練習）" in text and "d 到期" in text
        await pilot.press("d")
        await settle(pilot)
        assert chat(r.app).session.scenario.id == COLOUR  # the most overdue first
        await play_to_end(pilot, model_answer)
        await pilot.press("enter")  # the debrief
        await pilot.pause()
        await pilot.press("escape")  # back to the queue
        await pilot.pause()
        queue = r.app.screen
        assert isinstance(queue, DueQueueScreen)
        text = screen_text(r.app)
        assert "✓ 1. 手機殼顏色和圖片不一樣" in text and "已完成 1 個" in text and "· 2. 物流顯示簽收" in text
        await pilot.press("enter")
        await pilot.pause()
        assert chat(r.app).session.scenario.id == SIGNED
        await pilot.press("escape")  # leave half-way: not done, and Enter carries on with it
        await pilot.pause()
        assert "（未完成）" in screen_text(r.app)
        await pilot.press("enter")
        await settle(pilot)
        resumed = chat(r.app).session.session_id
        assert [s.id for s in r.store.unfinished_sessions("小明")] == [resumed]  # the same one, not a second


async def test_progress_screen_tabs_and_the_one_key_jump(tmp_path: Path) -> None:
    r = rig(tmp_path, store=history(tmp_path).store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await settle(pilot)
        screen = r.app.screen
        assert isinstance(screen, ProgressScreen)
        text = screen_text(r.app)
        assert "小明　3 場 · 4 句 · 平均 68 · 連續 2 天（最長 2）· 今日到期 2 · 待加強 0" in text
        assert "平均分走勢" in text and "11-01" in text and "11-02" in text
        await pilot.press("2")
        text = screen_text(r.app)
        assert "售後" in text and "物流" in text and "售前" in text and "待加強" in text
        await pilot.press("4")
        text = screen_text(r.app)
        assert "逾期 1 天" in text and "今天" in text and "明天" in text and "⏎ 練習" in text
        await pilot.press("3")
        text = screen_text(r.app)
        assert "拍照對比" in text and "⏎ 練這個要點" in text
        table = screen.query_one("#pg-missed", DataTable)
        table.move_cursor(row=[str(k.value) for k in table.rows].index("確認代收"))
        await pilot.press("enter")  # train it: the scenario where it was missed
        await settle(pilot)
        assert isinstance(r.app.screen, ChatScreen) and chat(r.app).session.scenario.id == SIGNED


async def test_a_past_session_reopens_read_only(tmp_path: Path) -> None:
    r = rig(tmp_path, store=history(tmp_path).store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("5")
        table = r.app.screen.query_one("#pg-history", DataTable)
        table.move_cursor(row=2)  # the oldest: 顏色, coach mode
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(r.app.screen, HistoryScreen)
        text = screen_text(r.app)
        assert "紀錄：手機殼顏色和圖片不一樣" in text and "分數 35" in text and "共 2 句" in text
        assert "✓道歉　✗拍照對比　✗換貨或退貨" in text and "參考答案" in text and "唯讀" in text
        await pilot.press("escape")
        await pilot.pause()
        table.move_cursor(row=0)  # the newest: 有貨, an exam — no model answers then, none now
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(r.app)
        assert "考試模式" in text and "參考答案" not in text


async def test_team_view_sorts_filters_and_opens_anyone_read_only(tmp_path: Path) -> None:
    h = history(tmp_path)
    for day in range(4):
        h.practice("阿強", COLOUR, 30, day=day / 4, missed=("道歉",), title="手機殼顏色和圖片不一樣",
                   category="售後/描述不符")
    h.practice("小美", STOCK, 95, day=1, category="售前/庫存")
    records.set_passphrase(h.store, PASSPHRASE)  # others have history: the owner sets it (`passphrase --set`)
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await unlock(pilot)  # everyone's progress: the staff passphrase first
        await settle(pilot)
        screen = r.app.screen
        assert isinstance(screen, TeamScreen)
        assert [m.user for m in screen.shown] == ["小美", "小明", "阿強"]  # latest activity first
        assert "道歉×4" in screen_text(r.app)
        await pilot.press("f3")  # sort by sessions
        assert [m.user for m in screen.shown] == ["阿強", "小明", "小美"]
        await pilot.press("f4")
        assert [m.user for m in screen.shown] == ["小美", "小明", "阿強"]
        await pilot.press("f3", "f3", "f3", "f3")  # … by flagged items, most first
        assert screen.shown[0].user == "阿強" and "依「待加強」由高到低" in screen_text(r.app)
        await pilot.press("f5")  # the average of every category, best first
        text = screen_text(r.app)
        assert "分類平均" in text and all(g in text for g in ("售前", "售後", "物流")), text
        assert [m.user for m in screen.shown] == ["小美", "小明", "阿強"]
        await pilot.press("f5")
        await pilot.press(*"道歉")  # the filter: who is weak on 道歉
        await pilot.pause()
        assert [m.user for m in screen.shown] == ["阿強"] and "1／3 人" in screen_text(r.app)
        await pilot.press("enter")
        await settle(pilot)
        progress = r.app.screen
        assert isinstance(progress, ProgressScreen) and progress.user == "阿強" and not progress.own
        await pilot.press("3", "enter")  # someone else's progress: nothing starts in their name
        await pilot.pause()
        assert r.app.screen is progress and r.store.unfinished_sessions("阿強") == []


async def test_the_picker_marks_due_scenarios(tmp_path: Path) -> None:
    r = rig(tmp_path, store=history(tmp_path).store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        picker = r.app.screen
        assert isinstance(picker, PickerScreen)
        table = picker.query_one(DataTable)
        marks = {sid: str(table.get_row(sid)[5]) for sid in (COLOUR, SIGNED, STOCK)}
        assert marks == {COLOUR: "到期", SIGNED: "到期", STOCK: ""}


async def test_a_new_trainee_sees_how_progress_will_show(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        assert "今日到期：沒有" in screen_text(r.app) and "d 到期" not in screen_text(r.app)
        await pilot.press("g")
        await settle(pilot)
        text = screen_text(r.app)
        assert "還沒有練習紀錄" in text and "還沒有分數" in text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")  # nothing due: the key does nothing
        await pilot.pause()
        assert not isinstance(r.app.screen, DueQueueScreen)


async def test_a_conversation_left_unfinished_is_not_counted_and_the_screen_says_so(tmp_path: Path) -> None:
    """Two replies in a conversation left open: not a finished practice yet, so no 「0 場 · 0 句」
    as if nothing had been done; the screen says where to go on."""
    from tests.ui_helpers import open_chat, send

    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, "logistics-signed-not-received")
        await send(pilot, "親，真的很抱歉，我馬上聯系快遞查一下是誰簽收的。")
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        line = screen_text(r.app).splitlines()[1]  # the summary under the title
        assert "還沒有完成的練習" in line and "r 繼續" in line and "0 場" not in line and "…" not in line, line


async def test_progress_screen_at_80_by_24(tmp_path: Path) -> None:
    r = rig(tmp_path, store=history(tmp_path).store)
    # The tab underline would slide to 「4 複習」 from a timer started after the key; without
    # animation it is put there on the next refresh, so the settled screen is the final one.
    r.app.animation_level = "none"
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        text = "\n".join(line.rstrip() for line in screen_text(r.app).splitlines()) + "\n"
        path = SNAPSHOTS / "progress-schedule.txt"
        if os.environ.get("TRAINER_UPDATE_SNAPSHOTS") == "1" or not path.exists():
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), f"differs from {path}"
