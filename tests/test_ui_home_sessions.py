"""Home's unfinished conversations: discard asks first, its row has a visible cursor, and a
conversation opened and left with no reply is neither listed nor kept open (issue 14)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from tests.ui_helpers import open_chat, rig, screen_text, send, settle
from trainer.ui.screens.confirm import ConfirmDialog
from trainer.ui.screens.home import HomeScreen

SIGNED = "logistics-signed-not-received"
SLOW = "logistics-slow-shipping"


async def _two_unfinished(pilot, r) -> list[int]:  # type: ignore[no-untyped-def]
    ids = []
    for scenario in (SIGNED, SLOW):
        screen = await open_chat(pilot, scenario)
        await send(pilot, "好的")
        ids.append(screen.session.session_id)
        await pilot.press("escape", "escape")
        await settle(pilot)
    assert isinstance(r.app.screen, HomeScreen)
    return ids


async def test_discard_asks_and_no_keeps_the_conversation(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await _two_unfinished(pilot, r)
        home = r.app.screen
        box = home.query_one("#unfinished", OptionList)
        assert not box.has_focus and box.highlighted == 0  # the cursor shows which row x acts on
        await pilot.press("x")
        await pilot.pause()
        dialog = r.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.subject == home._describe(home.unfinished[0])
        await settle(pilot)
        key_bar = screen_text(r.app).rstrip("\n").split("\n")[-1]
        # The dialog's own keys, not Home's (which do nothing while it is open).
        assert "y 確定" in key_bar and "n 取消" in key_bar and "p 練習" not in key_bar, key_bar
        await pilot.press("enter")  # the focused button is 取消: a stray Enter keeps it
        await settle(pilot)
        assert isinstance(r.app.screen, HomeScreen) and len(home.unfinished) == 2
        await pilot.press("x", "n")
        await settle(pilot)
        assert len(home.unfinished) == 2
    assert all(row.status == "open" for row in r.store.unfinished_sessions("小明"))


async def test_discard_acts_on_the_highlighted_row(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        first, second = await _two_unfinished(pilot, r)  # newest first: SLOW is row 0
        home = r.app.screen
        home.query_one("#unfinished", OptionList).highlighted = 1
        await pilot.press("x")
        await pilot.pause()
        assert "物流顯示簽收" in screen_text(r.app)  # the dialog names the conversation
        await pilot.press("y")
        await settle(pilot)
        assert [row.id for row in home.unfinished] == [second]
    assert r.store.session(first).status == "discarded"
    assert r.store.session(second).status == "open"


async def test_a_conversation_left_before_any_reply_is_not_kept(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        sid = screen.session.session_id
        await pilot.press("escape", "escape")
        await settle(pilot)
        home = r.app.screen
        assert isinstance(home, HomeScreen) and home.unfinished == []
        assert "（沒有）" in screen_text(r.app)
    assert r.store.session(sid).status == "discarded"


async def test_an_unanswered_session_left_open_by_a_crash_is_not_listed(tmp_path: Path) -> None:
    r = rig(tmp_path)
    r.store.start_session("小明", "practice", SIGNED, mode="coach", seed=1, item_title="物流顯示簽收")
    async with r.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = r.app.screen
        assert isinstance(home, HomeScreen) and home.unfinished == []


async def test_a_wrapped_row_keeps_its_date_and_time_together(tmp_path: Path) -> None:
    """At 120 columns the unfinished list is a side panel: a long row wraps between its
    parts (「 · 」), never inside 「已答 1 句」 or between the date and the time."""
    import re

    r = rig(tmp_path)
    async with r.app.run_test(size=(120, 40)) as pilot:
        await open_chat(pilot, SIGNED)
        await send(pilot, "好的")
        await pilot.press("escape", "escape")
        await settle(pilot)
        rows = [line for line in screen_text(r.app).splitlines() if "已答" in line or re.search(r"\d\d:\d\d", line)]
        assert any("已答\u00a01\u00a0句" in line for line in rows), rows
        assert any(re.search(r"\d{4}-\d\d-\d\d\u00a0\d\d:\d\d", line) for line in rows), rows
