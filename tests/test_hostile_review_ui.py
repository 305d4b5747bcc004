"""The hostile corpus through the review screens: every name, reply, comment, override reason and
reviewer shows literally in the review queue, a trainee's session list, the review screen, the
trainee's own history and the teach dialog — and nothing on screen is clickable."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import TEXTS
from tests.hostile_ui import SIZE, app_on, literal, plain_texts
from tests.progress_helpers import History, turn
from tests.ui_helpers import CONTENT, settle
from trainer.store import reviews
from trainer.ui.screens.history import HistoryScreen
from trainer.ui.screens.review import ReviewScreen
from trainer.ui.screens.review_queue import ReviewQueueScreen
from trainer.ui.screens.review_sessions import ReviewSessionsScreen
from trainer.ui.screens.teach import TeachScreen

pytestmark = pytest.mark.usefixtures("utc")


def reviewed(tmp_path: Path) -> tuple[History, list[int]]:
    """Every hostile text as a trainee whose one reply (the text again) sits near the pass mark,
    commented on and overridden by a reviewer of that name; one more reply left unreviewed."""
    h = History.open(tmp_path / "progress.sqlite3").at(0)
    sessions = []
    for index, text in enumerate(TEXTS):
        sid = h.store.start_session(text, "practice", "case-colour-mismatch", mode="coach", seed=1,
                                    item_title=text, category=text)
        h.store.record_turn(sid, turn(0, 58, missed=("道歉",), reply=text, prompt=text))
        h.store.record_turn(sid, turn(1, 62, missed=(text,), reply=text + " 二", prompt=text))
        h.store.finish_session(sid, "resolved", 60)
        reviews.comment_turn(h.store, sid, 0, text, text)
        reviews.override_turn(h.store, sid, 0, 70 + index % 10, text, text)
        sessions.append(sid)
    return h, sessions


async def test_every_hostile_text_is_literal_on_the_review_screens(tmp_path: Path) -> None:
    h, sessions = reviewed(tmp_path)
    r = app_on(tmp_path, CONTENT, h.store)
    async with r.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        r.app.push_screen(ReviewQueueScreen(r.app.ctx, TEXTS[0]))
        await settle(pilot)
        queue = r.app.screen
        assert isinstance(queue, ReviewQueueScreen) and len(queue.rows) == len(TEXTS)  # the unreviewed replies
        await literal(pilot)
        for index, (text, sid) in enumerate(zip(TEXTS, sessions, strict=True)):
            r.app.push_screen(ReviewSessionsScreen(r.app.ctx, text, TEXTS[-1]))
            await literal(pilot)
            r.app.pop_screen()
            r.app.push_screen(ReviewScreen(r.app.ctx, sid, text))
            await settle(pilot)
            await literal(pilot, text)
            assert f"主管改分 {70 + index % 10}" in plain_texts(r.app)
            await pilot.press("k")  # the teach dialog: the reply as written, the missed point
            await settle(pilot)
            assert isinstance(r.app.screen, TeachScreen)
            await literal(pilot)
            await pilot.press("escape")
            await settle(pilot)
            r.app.pop_screen()
        await settle(pilot)


async def test_the_trainee_sees_hostile_comments_and_reasons_literally(tmp_path: Path) -> None:
    h, sessions = reviewed(tmp_path)
    for text, sid in zip(TEXTS[:6], sessions, strict=False):
        r = app_on(tmp_path, CONTENT, h.store, user=text)
        async with r.app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            r.app.push_screen(HistoryScreen(r.app.ctx, sid))
            await settle(pilot)
            await literal(pilot, text, "主管評語")
