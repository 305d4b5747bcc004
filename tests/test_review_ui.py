"""Pilot tests of reviewing practice (issue 12): from the team view a manager reads a trainee's
session as a transcript, comments and overrides (which then show on the trainee's own history and
count in the report), teaches the rubric from a reply (the file changes, keeps its comments, the
reply re-scored now hits the point), and works through the review queue — at 80×24."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from tests.interview_helpers import INTERVIEWER, PASSPHRASE, unlock
from tests.progress_helpers import DAY0, History, turn
from tests.ui_helpers import ROOT, USER, rig, screen_text, screenfuls, settle, starts_badly
from trainer.core.content import default_lexicon
from trainer.core.dialogue import Dialogue
from trainer.core.loader import load_content
from trainer.paths import default_thesaurus
from trainer.reports.figures import user_figures
from trainer.reports.team import render_user
from trainer.store import TurnRow, reviews
from trainer.store import interviews as records
from trainer.ui.app import make_app
from trainer.ui.config import NO_TYPING, UiConfig
from trainer.ui.screens.console_dialogs import NoteDialog, OverrideDialog
from trainer.ui.screens.history import HistoryScreen
from trainer.ui.screens.review import ReviewScreen
from trainer.ui.screens.review_queue import ReviewQueueScreen
from trainer.ui.screens.review_sessions import ReviewSessionsScreen
from trainer.ui.screens.teach import TeachScreen
from trainer.ui.screens.team import TeamScreen
from trainer.ui.widgets.fitted_table import FittedTable

COLOUR = "case-colour-mismatch"
TRAINEE = "小美"
MARKUP = "[b]真的[/b]，我幫您看看"  # a reply that must show literally

pytestmark = pytest.mark.usefixtures("utc")


async def team(pilot: Pilot[None]) -> TeamScreen:
    await pilot.pause()
    await pilot.press("m")
    await pilot.pause()
    await unlock(pilot)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TeamScreen) and screen.reviewer == INTERVIEWER
    return screen


async def open_review(pilot: Pilot[None], who: str = TRAINEE) -> ReviewScreen:
    """Team view → the trainee's sessions (F6) → the newest one (Enter)."""
    screen = await team(pilot)
    screen.query_one("#tm-filter", Input).value = who
    await pilot.pause()
    await pilot.press("f6")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewSessionsScreen)
    await pilot.press("enter")
    await settle(pilot)
    review = pilot.app.screen
    assert isinstance(review, ReviewScreen)
    return review


def two_replies(h: History, status: str = "finished") -> int:
    sid = h.store.start_session(TRAINEE, "practice", COLOUR, mode="coach", seed=1,
                                item_title="手機殼顏色和圖片不一樣", category="售後/描述不符")
    h.store.record_turn(sid, turn(0, 50, hit=("道歉",), missed=("拍照對比",), prompt="你們這是騙人吧？"))
    h.store.record_turn(sid, turn(1, 50, missed=("換貨或退貨",), reply=MARKUP, prompt="到底怎麼處理？"))
    if status == "finished":
        h.store.finish_session(sid, "resolved", 50)
    return sid


async def test_a_comment_and_an_override_show_on_the_trainees_history_and_change_the_report(tmp_path: Path) -> None:
    h = History.open(tmp_path / "progress.sqlite3").at(0)
    sid = two_replies(h)
    records.set_passphrase(h.store, PASSPHRASE)
    before = render_user(user_figures(h.store, TRAINEE, now=DAY0, pass_mark=60), "md")
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        review = await open_review(pilot)
        text = screen_text(r.app)
        assert "採計總分 50 · 自動總分 50" in text and "你們這是騙人吧？" in text
        await pilot.press("down")  # the second reply
        assert review.selected == 1 and MARKUP in screen_text(r.app)  # literal, never markup
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(r.app.screen, NoteDialog)
        r.app.screen.query_one("#note-text", Input).value = "要先給換貨或退貨的方案"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        dialog = r.app.screen
        assert isinstance(dialog, OverrideDialog)
        dialog.query_one("#ov-score", Input).value = "90"
        dialog.query_one("#ov-reason", Input).focus()
        await pilot.press("enter")  # no reason: refused, the trainee is owed one
        assert r.app.screen is dialog and "請寫改分的理由" in screen_text(r.app)
        dialog.query_one("#ov-reason", Input).value = "其實有講到退款"
        await pilot.press("enter")
        await settle(pilot)
        assert r.app.screen is review
        text = screen_text(r.app)
        assert "採計總分 70 · 自動總分 50" in text and "已審 1 句" in text
    assert r.store.session(sid).score == 70 and [t.score for t in r.store.turns(sid)] == [50, 50]
    after = render_user(user_figures(h.store, TRAINEE, now=DAY0, pass_mark=60), "md")
    assert after != before and "| 70 |" in after and "| 70 |" not in before

    own = rig(tmp_path, store=h.store, user=TRAINEE)
    async with own.app.run_test(size=(80, 60)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("5", "enter")
        await settle(pilot)
        assert isinstance(own.app.screen, HistoryScreen)
        text = screen_text(own.app)
        assert "分數 70（含主管改分；自動 50）" in text
        assert f"主管改分 90（自動 50）· {INTERVIEWER}" in text and "其實有講到退款" in text
        assert f"主管評語（{INTERVIEWER}" in text and "要先給換貨或退貨的方案" in text


async def test_an_unfinished_session_is_reviewed_too_and_counts_once_finished(tmp_path: Path) -> None:
    h = History.open(tmp_path / "progress.sqlite3").at(0)
    sid = two_replies(h, status="open")
    records.set_passphrase(h.store, PASSPHRASE)
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await team(pilot)
        screen.query_one("#tm-filter", Input).value = TRAINEE
        await pilot.pause()
        await pilot.press("f6")
        await settle(pilot)
        assert "進行中" in screen_text(r.app) or "未完成" in screen_text(r.app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        r.app.screen.query_one("#ov-score", Input).value = "100"
        r.app.screen.query_one("#ov-reason", Input).value = "道歉和照片都到位"
        r.app.screen.query_one("#ov-reason", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
    assert r.store.session(sid).score is None
    r.store.finish_session(sid, "resolved", 50)
    assert r.store.session(sid).score == 75


def result(screen: TeachScreen) -> str:
    return str(screen.query_one("#tc-result", Static).render())


def content_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "scenarios").mkdir(parents=True)
    shutil.copy(ROOT / "scenarios" / f"{COLOUR}.yaml", root / "scenarios")
    return root


async def test_teach_the_rubric_changes_the_file_keeps_comments_and_the_reply_now_hits(tmp_path: Path) -> None:
    root = content_copy(tmp_path)
    content, _ = load_content(root, default_lexicon(default_thesaurus(root)))
    h = History.open(tmp_path / "progress.sqlite3").at(0)
    reply = "親，深感歉意，麻煩您拍張照片，我給您換貨。"
    dialogue = Dialogue(content.scenarios[COLOUR], content.scorer, seed=1)
    t = dialogue.step(reply)
    sid = h.store.start_session(TRAINEE, "practice", COLOUR, mode="exam", seed=1, item_title="顏色")
    h.store.record_turn(sid, TurnRow(0, t.node_id, t.buyer_line, reply, t.score, t.result.score, t.result.passed,
                                     t.result.to_dict(), 60, 60, 10.0, 8.0, 80.0, 0, 0, t.next_node))
    assert "道歉" in t.result.missed_labels
    records.set_passphrase(h.store, PASSPHRASE)
    file = root / "scenarios" / f"{COLOUR}.yaml"
    original = file.read_text(encoding="utf-8")
    app = make_app(content, h.store, UiConfig(user=USER, typing=NO_TYPING, seed=7, tick=0))
    async with app.run_test(size=(100, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("k")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeachScreen)
        assert [p.label for p in screen.points] == ["道歉"]
        assert screen.query_one("#tc-points", OptionList).option_count == 1
        words = screen.query_one("#tc-words", Input)
        assert words.value == reply and app.focused is words
        words.value = "抱歉"  # already a phrase: refused, nothing to save
        await pilot.press("enter")
        await settle(pilot)
        assert "不能這樣改" in result(screen) and not screen.check_action("save", ())
        words.value = "深感歉意"
        await pilot.press("enter")
        await settle(pilot)
        text = result(screen)
        assert "+      - {label: 道歉, any: [抱歉, 不好意思, 對不起, 添麻煩了, 深感歉意]}" in text
        assert "要點「道歉」命中" in text and "檢查通過" in text
        assert file.read_text(encoding="utf-8") == original  # nothing written before Ctrl+S
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "已保存" in result(screen)
        rubric = app.ctx.library.find_node_rubric(COLOUR, "open")
        assert rubric is not None and "道歉" in app.ctx.library.scorer.score(rubric, reply).hit_labels
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    saved = file.read_text(encoding="utf-8")
    assert "深感歉意]}" in saved and "# 叫買家出運費由案情規則 fault.seller 檢查" in saved
    assert len(saved.splitlines()) == len(original.splitlines())
    assert h.store.turns(sid)[0].score == t.score  # past replies are not silently re-scored


async def test_the_review_queue_lists_disagreements_and_near_pass_replies_and_opens_them(tmp_path: Path) -> None:
    h = History.open(tmp_path / "progress.sqlite3")
    h.practice(TRAINEE, COLOUR, 58, day=0, title="手機殼顏色和圖片不一樣", replies=2)
    h.practice("阿強", "case-b", 80, day=0)
    h.practice("阿強", "case-d", 30, day=0.5, mode="exam", title="考試差很多")
    h.practice("阿強", "case-d", 90, day=0.6, mode="coach", title="考試差很多")
    records.set_passphrase(h.store, PASSPHRASE)
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await team(pilot)
        await pilot.press("f7")
        await settle(pilot)
        queue = r.app.screen
        assert isinstance(queue, ReviewQueueScreen)
        assert [(row.why, row.user) for row in queue.rows] == [("disagree", "阿強"), ("near", TRAINEE),
                                                               ("near", TRAINEE)]
        assert "考試 30／教練 90" in screen_text(r.app)
        queue.query_one("#rq-table", DataTable).move_cursor(row=2)
        await pilot.press("enter")
        await settle(pilot)
        review = r.app.screen
        assert isinstance(review, ReviewScreen) and review.selected == queue.rows[2].index
        await pilot.press("c")
        await pilot.pause()
        r.app.screen.query_one("#note-text", Input).value = "看過了"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert len(queue.rows) == 2  # the reply just commented on left the queue


# ---------------------------------------------------------------- the polish rules (issue 14) on these screens

LONG_TITLE = "手機殼顏色和圖片不一樣，買家要求換貨還要補償運費的長情境名稱"
# No space to break at, and 「，」 every 2nd and 3rd character: folded at any width without the CJK
# rule, some line starts with 「，」.
COMMAS = "好，好的，" * 30 + "謝謝。"


def long_session(h: History) -> int:
    """A session with a long title, a long reply and a long comment, one reply near the pass mark."""
    sid = h.store.start_session(TRAINEE, "practice", COLOUR, mode="coach", seed=1, item_title=LONG_TITLE,
                                category="售後/描述不符")
    h.store.record_turn(sid, turn(0, 58, missed=("拍照對比",), reply=COMMAS, prompt=COMMAS))
    h.store.record_turn(sid, turn(1, 40.5, missed=("換貨或退貨",), reply=COMMAS, prompt="到底怎麼處理？"))
    h.store.finish_session(sid, "resolved", 50)
    reviews.comment_turn(h.store, sid, 1, COMMAS, INTERVIEWER)
    return sid


async def test_the_queue_and_the_session_list_cut_long_text_with_an_ellipsis_and_keep_it_whole(
        tmp_path: Path) -> None:
    h = History.open(tmp_path / "progress.sqlite3").at(0)
    sid = long_session(h)
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        r.app.push_screen(ReviewQueueScreen(r.app.ctx, INTERVIEWER))
        await settle(pilot)
        table = r.app.screen.query_one("#rq-table", FittedTable)
        shown = screen_text(r.app)
        assert LONG_TITLE not in shown and LONG_TITLE[:5] in shown and "…" in shown
        assert table.full_row("0")[2] == LONG_TITLE and table.full_row("0")[4] == COMMAS
        assert LONG_TITLE in table.full_text() and str(table.tooltip) == table.full_text()
        assert all(cell_len(line) <= 80 for line in shown.splitlines()) and starts_badly(shown) == []
        r.app.push_screen(ReviewSessionsScreen(r.app.ctx, TRAINEE, INTERVIEWER))
        await settle(pilot)
        table = r.app.screen.query_one("#rs-table", FittedTable)
        assert LONG_TITLE not in screen_text(r.app) and "…" in screen_text(r.app)
        assert table.full_row(str(sid))[1] == LONG_TITLE and str(table.tooltip) == LONG_TITLE
        assert starts_badly(screen_text(r.app)) == []


@pytest.mark.parametrize(("exam", "coach", "near", "shown"), [
    (40.5, 90, None, "考試 41／教練 90"),  # halves up, as people round (Python's :.0f gives 40)
    (30.49, 89.5, None, "考試 30／教練 90"),
    (None, None, 57.5, "接近及格 58"),
    (None, None, 62.5, "接近及格 63"),
])
async def test_the_queue_shows_scores_whole_with_halves_up(tmp_path: Path, exam: float | None, coach: float | None,
                                                           near: float | None, shown: str) -> None:
    h = History.open(tmp_path / "progress.sqlite3")
    if near is not None:
        h.practice(TRAINEE, COLOUR, near, day=0)
    else:
        h.practice("阿強", "case-d", exam or 0, day=0.5, mode="exam")
        h.practice("阿強", "case-d", coach or 0, day=0.6, mode="coach")
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        r.app.push_screen(ReviewQueueScreen(r.app.ctx, INTERVIEWER))
        await settle(pilot)
        assert shown in screen_text(r.app)


async def test_no_line_of_the_review_screens_starts_with_closing_punctuation(tmp_path: Path) -> None:
    h = History.open(tmp_path / "progress.sqlite3").at(0)
    sid = long_session(h)
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        r.app.push_screen(ReviewScreen(r.app.ctx, sid, INTERVIEWER))
        await settle(pilot)
        review = r.app.screen
        pages = await screenfuls(pilot, review.query_one("#rv-turns"))
        bad = [line for page in pages for line in starts_badly(page)]
        assert sum(page.count("好") for page in pages) >= 200 and bad == []  # prompts, replies and the comment went past
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(r.app.screen, TeachScreen)
        shown = screen_text(r.app)
        assert shown.count("好") >= 40 and starts_badly(shown) == []


async def test_at_120_columns_the_selected_replys_breakdown_sits_beside_the_replies(tmp_path: Path) -> None:
    h = History.open(tmp_path / "progress.sqlite3").at(0)
    sid = two_replies(h)
    reviews.override_turn(h.store, sid, 1, 72.5, INTERVIEWER, "有講到換貨")
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(120, 40)) as pilot:
        r.app.push_screen(ReviewScreen(r.app.ctx, sid, INTERVIEWER))
        await settle(pilot)
        review = r.app.screen
        turns, detail = review.query_one("#rv-turns"), review.query_one("#rv-detail")
        assert review.has_class("-wide") and detail.display
        assert detail.region.x >= turns.region.right and detail.region.y == turns.region.y
        assert turns.region.width >= 60 and detail.region.width >= 40
        assert all(not card.display for card in review.query(".review-breakdown"))
        shown = screen_text(r.app)
        assert "第 1 句的講評" in shown and "回覆（2 句）" in shown and "✗拍照對比" in shown
        await pilot.press("down")
        await settle(pilot)
        shown = screen_text(r.app)
        assert "第 2 句的講評" in shown and "主管改分 73（自動 50）" in shown and "✗換貨或退貨" in shown
        footer = re.sub(r" {3,}", "  ", shown.splitlines()[-1])  # the footer's keys, without its padding
        assert "^p 命令" in footer and cell_len(footer) <= 80  # would still fit 80 columns
    narrow = rig(tmp_path, store=h.store)
    async with narrow.app.run_test(size=(80, 24)) as pilot:
        narrow.app.push_screen(ReviewScreen(narrow.app.ctx, sid, INTERVIEWER))
        await settle(pilot)
        review = narrow.app.screen
        assert not review.query_one("#rv-detail").display  # the breakdown is under each reply instead
        assert all(card.display for card in review.query(".review-breakdown"))


async def test_the_queue_and_the_session_list_widen_their_columns_at_120(tmp_path: Path) -> None:
    from trainer.ui.screens import review_queue, review_sessions

    h = History.open(tmp_path / "progress.sqlite3").at(0)
    long_session(h)
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(120, 40)) as pilot:
        for screen, columns in ((ReviewQueueScreen(r.app.ctx, INTERVIEWER), review_queue.WIDE_COLUMNS),
                                (ReviewSessionsScreen(r.app.ctx, TRAINEE, INTERVIEWER), review_sessions.WIDE_COLUMNS)):
            r.app.push_screen(screen)
            await settle(pilot)
            table = screen.query(FittedTable).first()
            assert [c.width for c in table.ordered_columns] == [w for _h, w in columns] and table.row_count >= 1
            assert LONG_TITLE[:12] in screen_text(r.app)  # more of the title shows than at 80 columns
