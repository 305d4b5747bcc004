"""Pilot tests of the keys a new user meets (issue 14): the home footer fits 80 columns and every
home key is in the footer or the palette, the due queue's Esc is not a second 「結束」, arrows choose
in the decision dialog, and the picker's search ranks its results and says "no match" once."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.cells import cell_len
from textual.widgets import Input

from tests.ui_helpers import CONTENT, chat, rig, screen_text, send, settle, toasted
from trainer.ui.commands import TrainerCommands
from trainer.ui.screens.console_dialogs import DecisionDialog
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.picker import PickerScreen, ranked, relevance
from trainer.ui.screens.progress_due import DueQueueScreen

SIGNED = "logistics-signed-not-received"
REPLY = "親，抱歉讓您著急了，我這就幫您查詢是誰簽收的。"
NO_MATCH = "沒有符合的情境"


def footer_line(app: object) -> str:
    return screen_text(app).splitlines()[-1]  # type: ignore[arg-type]


async def test_the_home_footer_fits_80_columns_with_every_key_enabled(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        r.app.screen.query_one("#search", Input).value = CONTENT.scenarios[SIGNED].title
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await send(pilot, REPLY)
        await settle(pilot)
        await pilot.press("escape", "escape")  # leave the chat (kept unfinished), leave the picker
        await settle(pilot)
        home = r.app.screen
        assert isinstance(home, HomeScreen) and home.unfinished
        home.due = [SimpleNamespace(kind="practice")]  # a due item enables 到期 too: the widest footer
        home.refresh_bindings()
        await pilot.pause()
        footer = footer_line(r.app)
        shown = [b for b in home.active_bindings.values() if b.binding.show and b.enabled]
        assert len(shown) >= 6
        for active in shown:
            key = r.app.get_key_display(active.binding)
            assert f"{key} {active.binding.description}" in footer, (key, footer)
        assert footer.rstrip().endswith("^p 命令") and cell_len(footer) <= 80
        palette = [name for name, _help, _run in TrainerCommands(home)._commands()]
        for binding in HomeScreen.BINDINGS:
            assert binding.show or any(n.startswith(binding.description) for n in palette), binding
        assert "團隊（m）" in palette


async def test_the_due_queue_footer_has_one_word_per_key(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await r.app.push_screen(DueQueueScreen(r.app.ctx, [CONTENT.scenarios[SIGNED]], autostart=False))
        await pilot.pause()
        footer = footer_line(r.app)
        assert footer.count("結束") == 1 and "回首頁" in footer, footer
        words = [b.binding.description for b in r.app.screen.active_bindings.values() if b.binding.show]
        assert len(words) == len(set(words)), words


@pytest.mark.parametrize(("keys", "decision"), [
    (("down",), "待定"),
    (("down", "down"), "不錄用"),
    (("down", "down", "up"), "待定"),
    (("up",), "不錄用"),  # wraps from the first to the last
])
async def test_arrows_choose_in_the_decision_dialog(tmp_path: Path, keys: tuple[str, ...], decision: str) -> None:
    r = rig(tmp_path)
    got: list[object] = []
    async with r.app.run_test(size=(80, 24)) as pilot:
        await r.app.push_screen(DecisionDialog(r.app.ctx, "決定", None), got.append)
        await pilot.pause()
        await pilot.press(*keys, "tab")
        r.app.screen.query_one("#decision-comment", Input).value = "再測一次"
        await pilot.press("enter")
        await pilot.pause()
        assert "請先選擇" not in screen_text(r.app)
    assert got == [(decision, "再測一次")]


@pytest.mark.parametrize(("scenario_id", "query", "rank"), [
    ("review-bad-review-threat", "不退全款就給差評", 0),  # the exact title
    ("review-bad-review-threat", " 不退全款就給差評 ", 0),
    ("review-bad-review-threat", "差評", 1),  # in the title
    ("review-bad-review-threat", "全款 差評", 1),  # every word in the title
    ("logistics-parcel-confiscated", "差評", 2),  # only in the tags, category or id
    ("review-bad-review-threat", "review 差評", 2),  # one word only in the id
    ("review-bad-review-threat", "微信轉賬", None),
])
def test_search_relevance(scenario_id: str, query: str, rank: int | None) -> None:
    assert relevance(CONTENT.scenarios[scenario_id], query) == rank


def test_ranked_keeps_list_order_among_equals() -> None:
    order = sorted(CONTENT.scenarios.values(), key=lambda s: s.id)
    assert ranked(order, "") == order
    found = ranked(order, "差評")
    ranks = [relevance(s, "差評") for s in found]
    assert ranks == sorted(ranks) and ranks[0] == 1 and 2 in ranks


async def test_search_and_enter_open_the_best_match_and_no_match_is_said_once(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(r.app.screen, PickerScreen)
        await pilot.press(*"zzq")  # three keystrokes, none matching
        await pilot.pause()
        assert toasted(r.app, NO_MATCH) == 1
        search = r.app.screen.query_one("#search", Input)
        search.value = ""
        await pilot.pause()
        search.value = "確認"  # 催付's tags say 確認 too, and it comes first in list order
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert chat(r.app).session.scenario.id == "presale-payment-confirmation"


def _screens(ctx: object, session_id: int) -> list[object]:
    from trainer.ui.screens.assignments import AssignmentsScreen
    from trainer.ui.screens.history import HistoryScreen
    from trainer.ui.screens.progress import ProgressScreen
    from trainer.ui.screens.review import ReviewScreen
    from trainer.ui.screens.review_queue import ReviewQueueScreen
    from trainer.ui.screens.review_sessions import ReviewSessionsScreen
    from trainer.ui.screens.team import TeamScreen

    return [TeamScreen(ctx, "王經理"), ReviewSessionsScreen(ctx, "小明", "王經理"),  # type: ignore[arg-type]
            ReviewScreen(ctx, session_id, "王經理"), ReviewQueueScreen(ctx, "王經理"),  # type: ignore[arg-type]
            AssignmentsScreen(ctx), ProgressScreen(ctx, "小明"), HistoryScreen(ctx, session_id)]  # type: ignore[arg-type]


async def test_every_manager_screen_footer_fits_80_columns(tmp_path: Path) -> None:
    r = rig(tmp_path)
    sid = r.store.start_session("小明", "practice", SIGNED, mode="coach", item_title="簽收未收到")
    r.store.finish_session(sid, "resolved", 70)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for screen in _screens(r.app.ctx, sid):
            await r.app.push_screen(screen)
            await pilot.pause(0.3)
            await pilot.pause()
            footer = footer_line(r.app)
            name = type(screen).__name__
            assert footer.rstrip().endswith("^p 命令") and cell_len(footer) <= 80, (name, footer)
            r.app.pop_screen()
            await pilot.pause()


@pytest.mark.parametrize("live", [False, True])
async def test_the_interviewer_console_footer_shows_every_key_in_80_columns(tmp_path: Path, live: bool) -> None:
    """The console has the most keys of any screen (live: 交還, to the candidate, too); every one is in the
    footer, 結束 included, within 80 columns."""
    from tests.interview_helpers import INTERVIEWER, answered
    from trainer.ui.screens.console import ConsoleScreen

    r = rig(tmp_path)
    session = answered(r.store, r.app.ctx.library, ("我覺得最重要的是耐心。",))
    async with r.app.run_test(size=(80, 24)) as pilot:
        r.app.push_screen(ConsoleScreen(r.app.ctx, session.session_id, INTERVIEWER, live=live))
        await settle(pilot)
        await pilot.pause(0.3)
        screen, footer = r.app.screen, footer_line(r.app)
        shown = [b for b in screen.active_bindings.values() if b.binding.show and b.enabled]
        for word in ("選回答", "改分", "備註", "決定", "匯出", "離開", "結束", *(["交還"] if live else [])):
            assert word in footer, (word, footer)
        assert len(shown) >= 8 and footer.rstrip().endswith("^p 命令") and cell_len(footer) <= 80, footer
