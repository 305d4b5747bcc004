"""Pilot tests of an interview: the desk behind the passphrase, a whole interview with follow-ups
and the typing test, the countdown, paste flags, resuming after a crash, and the console."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from tests.interview_helpers import (
    CANDIDATE,
    INTERVIEWER,
    PASSPHRASE,
    answer,
    current,
    open_desk,
    start_interview,
    type_text,
    unlock,
)
from tests.ui_helpers import CONTENT, rig, screen_text, settle
from trainer.store import interviews as records
from trainer.ui.screens.console import ConsoleScreen
from trainer.ui.screens.interview import InterviewScreen
from trainer.ui.screens.interview_desk import InterviewDeskScreen
from trainer.ui.screens.typing import TypingScreen
from trainer.ui.widgets.reply_box import ReplyBox

QUALITY = "iv-most-important-quality"


def model_answer(screen: InterviewScreen) -> str:
    assert screen.ask is not None
    return screen.ask.rubric.answers[0]


async def test_first_use_sets_the_passphrase_and_wrong_ones_are_refused(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await settle(pilot)  # the dialog asks the store whether a passphrase is set, off the UI thread
        assert "第一次使用" in screen_text(r.app)
        # At 80 columns the title breaks where its phrase does, not two characters from its end.
        assert any("（主管／面試官用，至少 6 個字元）" in line for line in screen_text(r.app).splitlines())
        lock = r.app.screen
        lock.query_one("#lock-name", Input).value = INTERVIEWER
        lock.query_one("#lock-pass", Input).value = "short"
        lock.query_one("#lock-again", Input).value = "short"
        lock.query_one("#lock-again", Input).focus()
        await pilot.press("enter")
        await settle(pilot)  # the store is asked off the UI thread
        assert "至少要 6 個字元" in screen_text(r.app) and current(r.app) == "LockScreen"
        await unlock(pilot)
        assert isinstance(r.app.screen, InterviewDeskScreen)
        await pilot.press("escape", "i")
        await pilot.pause()
        await unlock(pilot, "not-the-passphrase")
        assert "密碼不正確（第 1 次）" in screen_text(r.app) and current(r.app) == "LockScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert current(r.app) == "HomeScreen"
    stored = r.store.get_setting(records.PASSPHRASE_KEY) or ""
    assert PASSPHRASE not in stored and records.check_passphrase(r.store, PASSPHRASE)
    assert r.store.get_setting("last_interviewer") == INTERVIEWER


async def test_a_whole_interview_with_follow_ups_and_the_typing_test(tmp_path: Path) -> None:
    r = rig(tmp_path)
    given: list[str] = []
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        screen = await start_interview(pilot)
        text = screen_text(r.app)
        assert "第 1 題，共 6 題" in text and "剩餘 2:00" in text and CONTENT.questions[QUALITY].ask in text
        prompts = []
        while isinstance(r.app.screen, InterviewScreen):
            prompts.append(screen_text(r.app))
            reply = model_answer(screen) + f"（第 {len(given) + 1} 則）"
            await answer(pilot, r.clock, reply)
            given.append(reply)
        assert "除了耐心呢？" in prompts[1] and "第 1 題，共 6 題（追問）" in prompts[1]
        assert "第 6 題，共 6 題" in prompts[-1]
        typing = r.app.screen
        assert isinstance(typing, TypingScreen) and typing.user == CANDIDATE
        await type_text(pilot, r.clock, typing.passage.text, seconds=70)
        await pilot.press("enter")
        await pilot.pause()
        assert current(r.app) == "InterviewDoneScreen"
        done = screen_text(r.app)
        assert "面試已完成" in done and "字/分鐘" not in done and "分數" not in done
    (row, _), = records.interviews(r.store)
    turns = r.store.turns(row.id)
    assert [t.reply for t in turns] == given  # committed exactly as given, in order
    assert [t.node_id for t in turns][:2] == [QUALITY, f"{QUALITY}#follow-up-1"]
    assert len(turns) == 8 and not any(t.result["flags"] for t in turns)
    assert (row.status, row.user) == ("finished", CANDIDATE)
    assert r.store.session(row.id).outcome == "completed"
    (test,) = records.typing_results(r.store, CANDIDATE)
    assert test.interview_id == row.id and test.accuracy == 100.0 and 0 < test.cpm < 300


async def test_pasted_and_too_fast_answers_are_flagged(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        screen = await start_interview(pilot, typing=False)
        box = r.app.screen.query_one(ReplyBox)
        r.app.post_message(events.Paste(model_answer(screen)))  # as the terminal driver does
        await pilot.pause()
        r.clock.advance(30)
        await pilot.press("enter")
        await settle(pilot)
        box.text = model_answer(screen)  # a whole answer at once, without a paste event
        await pilot.pause()
        r.clock.advance(1)
        await pilot.press("enter")
        await settle(pilot)
        sid = screen.session.session_id
    first, second = r.store.turns(sid)
    assert first.pasted and first.result["flags"] == ["pasted"] and first.reply == model_answer_of(QUALITY)
    assert not second.pasted and second.result["flags"] == ["too_fast"]


def model_answer_of(question: str) -> str:
    return CONTENT.questions[question].rubric.answers[0]


async def test_the_countdown_commits_the_answer_as_it_stands_when_time_runs_out(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        screen = await start_interview(pilot, typing=False, limit="30")
        await type_text(pilot, r.clock, "我覺得最重要的是耐心，還有", seconds=12)
        screen.tick()
        assert "剩餘 0:18" in screen_text(r.app)
        r.clock.advance(18)
        screen.tick()
        await settle(pilot)
        # the partial answer was committed and scored: it hit 耐心, so the follow-up comes next
        assert screen.ask is not None and screen.ask.key == f"{QUALITY}#follow-up-1"
        assert "除了耐心呢？" in screen_text(r.app) and "剩餘 0:30" in screen_text(r.app)
        (first,) = r.store.turns(screen.session.session_id)
    assert first.reply == "我覺得最重要的是耐心，還有" and first.result["flags"] == ["timed_out"]
    assert first.result["timed_out"] is True


async def test_an_interrupted_interview_resumes_at_the_next_question(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        screen = await start_interview(pilot, typing=False)
        await answer(pilot, r.clock, model_answer(screen))
        sid = screen.session.session_id
    # the app ended with the follow-up on screen (a crash, a kill): the answer is on disk, and
    # the restarted app goes straight back to the candidate's screen (the candidate lock)
    again = rig(tmp_path, store=r.store)
    async with again.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        resumed = again.app.screen
        assert isinstance(resumed, InterviewScreen) and resumed.session.session_id == sid
        assert "除了耐心呢？" in screen_text(again.app)
        await answer(pilot, again.clock, "還要熟悉產品，打字要快，交易流程也要熟。")
        assert resumed.ask is not None and resumed.ask.number == 2
    assert [t.index for t in r.store.turns(sid)] == [0, 1]


async def test_console_overrides_notes_and_decides_beside_the_automatic_scores(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        screen = await start_interview(pilot, typing=False)
        await answer(pilot, r.clock, model_answer(screen))
        sid = screen.session.session_id
        await pilot.press("f10")
        await pilot.pause()
        await unlock(pilot)
        console = r.app.screen
        assert isinstance(console, ConsoleScreen) and console.live
        text = screen_text(r.app)
        assert "自動 " in text and "參考答案" in text and "耐心" in text
        await pilot.press("o")
        await pilot.pause()
        dialog = r.app.screen
        dialog.query_one("#ov-score", Input).value = "88"
        dialog.query_one("#ov-reason", Input).value = "舉例具體"
        dialog.query_one("#ov-reason", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        r.app.screen.query_one("#note-text", Input).value = "表達清楚"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("down", "enter", "tab")  # 錄用 → 待定
        r.app.screen.query_one("#decision-comment", Input).value = "再測一次打字"
        await pilot.press("enter")
        await pilot.pause()
        assert "面試官 88" in screen_text(r.app) and "決定：待定" in screen_text(r.app)
        await pilot.press("c")  # hand back to the candidate: the clock goes on
        await pilot.pause()
        assert isinstance(r.app.screen, InterviewScreen) and "參考答案" not in screen_text(r.app)
    review = records.review(r.store, sid)
    override = review.override(0)
    assert override is not None and (override.score, override.reviewer, override.reason) == (88, INTERVIEWER, "舉例具體")
    assert r.store.turns(sid)[0].score == r.store.turns(sid)[0].raw_score != 88
    assert [n.note for n in review.notes[0]] == ["表達清楚"]
    assert review.decision is not None and (review.decision.decision, review.decision.comment) == ("待定", "再測一次打字")


async def test_console_exports_the_report_beside_the_database(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        screen = await start_interview(pilot, typing=False)
        await answer(pilot, r.clock, model_answer(screen))
        await pilot.press("f10")
        await pilot.pause()
        await unlock(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")  # leave: back to the desk, the interview stays open
        await pilot.pause()
        assert isinstance(r.app.screen, InterviewDeskScreen)
    written = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert written == [f"interview-1-{CANDIDATE}.html", f"interview-1-{CANDIDATE}.md"]
    assert "除了耐心呢？" not in (tmp_path / "reports" / written[1]).read_text(encoding="utf-8")


async def test_the_setup_preview_gives_the_sets_own_length_beside_the_answer_time(tmp_path: Path) -> None:
    """A set's `time_limit` is its author's estimate of the whole interview (follow-ups too):
    shown beside the sum of the questions' answer times, so the two figures are not a riddle."""
    r = rig(tmp_path)
    records.set_passphrase(r.store, PASSPHRASE)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = r.app.screen
        form.query_one("#su-source").value = "screen-classic"  # type: ignore[attr-defined]
        await settle(pilot)
        preview = str(form.query_one("#su-preview").render())
        assert "每題的作答時間合計約 12 分鐘" in preview and "整套預計約 18 分鐘" in preview, preview
