"""No reply is ever lost: a busy database, a refused save, Enter then Ctrl+Q, a read-only file.

The busy database is real (another connection holds SQLite's write lock) or a
store method that refuses a few times; retry delays are set to zero so nothing
here waits on a clock.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.ui_helpers import open_chat, rig, send, settle, toasted
from trainer.store import Store, StoreBusy
from trainer.store import connect as store_connect
from trainer.ui import launch
from trainer.ui.messages import ReplySubmitted
from trainer.ui.screens.chat import ChatScreen
from trainer.ui.widgets.message_bubble import MessageBubble
from trainer.ui.widgets.reply_box import ReplyBox

SIGNED = "logistics-signed-not-received"
REPLY = "親，抱歉讓您著急了，我馬上幫您聯系快遞查詢簽收情況，有結果第一時間回覆您。"


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ChatScreen, "RETRY_DELAYS", (0.0, 0.0, 0.0))


def refusing(store: Store, times: int, real_lock: bool = False) -> list[int]:
    """Make ``record_turn`` fail busy ``times`` times; returns the list of attempts made."""
    real = store.record_turn
    attempts: list[int] = []

    def record_turn(session_id: int, row: Any) -> Any:
        attempts.append(session_id)
        if len(attempts) > times:
            return real(session_id, row)
        if not real_lock:
            raise StoreBusy("progress database is busy (another program is writing to it)")
        other = sqlite3.connect(store.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # what `import json` holds while it writes
        try:
            return real(session_id, row)
        finally:
            other.execute("ROLLBACK")
            other.close()

    store.record_turn = record_turn  # type: ignore[method-assign]
    return attempts


def trainee_lines(screen: ChatScreen) -> int:
    return sum(1 for b in screen.query(MessageBubble) if b.kind == "trainee")


async def test_a_real_lock_is_retried_and_the_reply_saved(tmp_path: Path) -> None:
    r = rig(tmp_path)
    assert r.store._conn is not None
    r.store._conn.execute("PRAGMA busy_timeout = 20")  # the lock is real; only the wait is short
    attempts = refusing(r.store, 2, real_lock=True)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, REPLY)
        [row] = r.store.turns(screen.session.session_id)
        assert row.reply == REPLY and len(attempts) == 3
        assert toasted(r.app, "資料庫忙碌中，正在重試保存")
        box = screen.query_one(ReplyBox)
        assert box.text == "" and not box.read_only  # cleared only once saved


async def test_a_save_that_keeps_failing_keeps_the_reply_and_enter_retries(tmp_path: Path) -> None:
    r = rig(tmp_path)
    refusing(r.store, 4)  # more than the three retries
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, REPLY)
        box = screen.query_one(ReplyBox)
        assert r.app.screen is screen and box.text == REPLY and box.read_only
        assert r.store.turns(screen.session.session_id) == []
        assert toasted(r.app, "回覆仍在輸入框中，按 Enter 再試一次")
        await pilot.press("enter")
        await settle(pilot)
        [row] = r.store.turns(screen.session.session_id)
        assert row.reply == REPLY and row.index == 0
        assert box.text == "" and trainee_lines(screen) == 1  # saved once, shown once


async def test_enter_then_ctrl_q_at_once_saves_the_reply(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        box = screen.query_one(ReplyBox)
        box.text = REPLY
        # Enter has reached the box, which posted the reply, but the screen has not
        # handled it yet when Ctrl+Q (a priority binding) runs the quit action.
        box.post_message(ReplySubmitted(REPLY, False, 0.0))
        await r.app.action_quit()
        saved = [t.reply for t in r.store.turns(screen.session.session_id)]
    assert saved == [REPLY]


async def test_ctrl_q_waits_for_a_save_in_progress(tmp_path: Path) -> None:
    r = rig(tmp_path)
    started, release = threading.Event(), threading.Event()
    real = r.store.record_turn

    def slow(session_id: int, row: Any) -> Any:
        started.set()
        release.wait(5)
        return real(session_id, row)

    r.store.record_turn = slow  # type: ignore[method-assign]
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        screen.query_one(ReplyBox).text = REPLY
        await pilot.press("enter")
        assert started.wait(5)
        quitting = asyncio.ensure_future(r.app.action_quit())
        await pilot.pause()
        assert not quitting.done()  # still waiting for the save
        release.set()
        await quitting
        saved = [t.reply for t in r.store.turns(screen.session.session_id)]
    assert saved == [REPLY] and r.app.return_code in (0, None)


async def test_quitting_with_a_reply_that_cannot_be_saved_prints_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ChatScreen, "QUIT_WAIT", 0.5)
    r = rig(tmp_path)
    refusing(r.store, 1_000_000)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, SIGNED)
        await send(pilot, REPLY + "[b]")
        await pilot.press("ctrl+q")
    assert r.app.return_code == 1
    shown = capsys.readouterr().err  # printed after the app has left the screen, brackets and all
    assert "最後一句回覆未能保存" in shown and REPLY + "[b]" in shown


async def test_scoring_runs_off_the_ui_thread(tmp_path: Path) -> None:
    r = rig(tmp_path)
    release, entered = threading.Event(), threading.Event()
    threads: list[str] = []
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        real = screen.session.dialogue.step

        def slow_step(*args: Any) -> Any:  # a reply that takes long to score
            threads.append(threading.current_thread().name)
            entered.set()
            release.wait(5)
            return real(*args)

        screen.session.dialogue.step = slow_step  # type: ignore[method-assign]
        screen.query_one(ReplyBox).text = REPLY
        await pilot.press("enter")
        assert entered.wait(5)
        await pilot.press("pageup")  # the UI still answers keys while the reply is scored
        await pilot.pause()
        assert screen.busy and not release.is_set()
        release.set()
        await settle(pilot)
    assert threads and threads[0] != threading.main_thread().name
    assert [t.reply for t in r.store.turns(screen.session.session_id)] == [REPLY]


# ---------------------------------------------------------------- a read-only database


def _read_only(target: Path) -> Any:
    real = os.access

    def access(path: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        if Path(path) == target and mode & os.W_OK:
            return False  # what a read-only file (or file system) answers; root ignores chmod
        return real(path, mode, *args, **kwargs)

    return access


READ_ONLY = [
    # (case, what is read-only given the database file, message fragment)
    ("the file", lambda db: db, "是唯讀的，無法保存進度"),
    ("its WAL file", lambda db: db.with_name(db.name + "-wal"), "是唯讀的，無法保存進度"),
    ("its folder", lambda db: db.parent, "無法寫入，無法保存進度"),
]


@pytest.mark.parametrize(("which", "fragment"), [c[1:] for c in READ_ONLY], ids=[c[0] for c in READ_ONLY])
def test_a_read_only_database_is_refused_at_start_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], which: Any,
    fragment: str,
) -> None:
    db = tmp_path / "data" / "progress.sqlite3"
    with Store.open(db) as store:
        store.user_id("小明")
    (db.parent / "progress.sqlite3-wal").touch()  # as another running app would leave it
    files = {p.name: p.read_bytes() for p in db.parent.iterdir()}
    monkeypatch.setattr(store_connect.os, "access", _read_only(which(db.absolute())))
    code = launch.run(Path(__file__).resolve().parents[1], db, user="小明")
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert fragment in err and ("read-only" in err or "not writable" in err), err
    assert {p.name: p.read_bytes() for p in db.parent.iterdir()} == files


# ---------------------------------------------------------------- interviews


def test_an_interview_answer_refused_while_busy_is_kept_and_saved_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui_helpers import CONTENT
    from trainer.core.interview import Given, InterviewPlan
    from trainer.ui.interview_session import InterviewSession

    monkeypatch.setattr(InterviewSession, "RETRY_DELAYS", (0.0, 0.0))
    store = Store.open(tmp_path / "p.sqlite3")
    plan = InterviewPlan("陳小華", ("iv-most-important-quality", "iv-salary"), "custom", "測試", None,
                         False, None, 0, "王經理")
    session = InterviewSession.start(store, CONTENT, plan)
    attempts = refusing(store, 3)  # the first answer: three attempts, all busy
    with pytest.raises(StoreBusy):
        session.send(Given("第一個回答", 30.0, 20.0))
    assert session.unsaved() == ["第一個回答"] and store.turns(session.session_id) == []
    session.send(Given("第二個回答", 30.0, 20.0))
    assert [t.reply for t in store.turns(session.session_id)] == ["第一個回答", "第二個回答"]
    assert session.unsaved() == [] and len(attempts) == 5


async def test_a_name_that_cannot_be_saved_ends_the_app_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from textual.widgets import Input

    from trainer.store import StoreError
    from trainer.ui.screens.name_prompt import NamePrompt

    r = rig(tmp_path, user=None)

    def refuse(name: str) -> int:
        raise StoreError("progress database x: attempt to write a readonly database")

    r.store.user_id = refuse  # type: ignore[method-assign]
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, NamePrompt)
        r.app.screen.query_one(Input).value = "[b]阿美"
        await pilot.press("enter")
        await pilot.pause()
    assert r.app.return_code == 1
    err = capsys.readouterr().err
    assert "無法保存名字" in err and "readonly" in err and "Traceback" not in err


async def test_resuming_re_scores_the_stored_replies_off_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui_helpers import CONTENT, USER, chat
    from trainer.core.dialogue import Dialogue
    from trainer.ui.session import ChatSession, Sent

    r = rig(tmp_path)
    live = ChatSession.start(r.store, USER, CONTENT, CONTENT.scenarios[SIGNED], seed=7)
    live.open_row()  # what the chat screen does in a worker as it opens
    live.send(Sent(REPLY, 10.0, 8.0))
    threads: list[str] = []
    real = Dialogue.replay

    def replay(self: Dialogue, records: Any) -> None:
        threads.append(threading.current_thread().name)
        real(self, records)

    monkeypatch.setattr(Dialogue, "replay", replay)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # Home reads the unfinished conversations off the UI thread
        await pilot.press("r")
        await settle(pilot)
        assert chat(r.app).session.session_id == live.session_id
    assert threads and threads[0] != threading.main_thread().name


async def test_escape_with_an_unsaved_reply_warns_first(tmp_path: Path) -> None:
    r = rig(tmp_path)
    refusing(r.store, 1_000_000)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, REPLY)
        await pilot.press("escape")
        await pilot.pause()
        assert r.app.screen is screen
        assert toasted(r.app, "這句回覆還沒保存")
        await pilot.press("escape")
        await pilot.pause()
        assert r.app.screen is not screen
