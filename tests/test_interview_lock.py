"""The lock: from the candidate's screens no key binding and no palette command reaches a score,
a model answer, the console or another candidate — only the passphrase does.

Every binding active on each candidate screen (the interview, the typing test, the thank-you
screen) is run, every command the palette offers is run, and the usual escape hatches are
pressed (Esc, Tab, F1–F12, Ctrl+P …); after each, the top screen must still be a candidate
screen (or the passphrase dialog) and the screen must show nothing secret.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot

from tests.interview_helpers import PASSPHRASE, answer, open_desk, stored_interview, type_text, unlock
from tests.ui_helpers import CONTENT, rig, screen_text
from trainer.store import Store
from trainer.store import interviews as records
from trainer.ui.app import TrainerApp
from trainer.ui.commands import TrainerCommands
from trainer.ui.interview_session import InterviewSession
from trainer.ui.screens.console import ConsoleScreen
from trainer.ui.screens.interview import InterviewScreen
from trainer.ui.screens.interview_done import InterviewDoneScreen
from trainer.ui.screens.lock import LockScreen
from trainer.ui.screens.typing import TypingScreen

QUESTIONS = ("iv-most-important-quality", "iv-salary")
OTHER = "林大明"  # another candidate, interviewed earlier
CANDIDATE_SCREENS = (InterviewScreen, TypingScreen, InterviewDoneScreen, LockScreen, CommandPalette)
# Keys pressed for real (bindings are also run directly): an unbound key does nothing by
# definition, so these check the routing of the keys people try first.
KEYS = ("escape", "tab", "f1", "f10", "ctrl+p", "question_mark")


def secrets() -> list[str]:
    """What a candidate must never see."""
    words = ["參考答案", "自動", "採計", "分數", "錄用", "待定", "字/分鐘", "正確率", "要點", OTHER]
    for qid in QUESTIONS:
        question = CONTENT.questions[qid]
        rubrics = [question.rubric, *(f.rubric for f in question.follow_ups)]
        words += [answer_text[:12] for rubric in rubrics for answer_text in rubric.answers]
    return words


SECRETS = secrets()


def earlier_interview(store: Store) -> None:
    """Another candidate's finished, scored, decided interview in the same database."""
    from trainer.core.interview import Given

    sid = stored_interview(store, CONTENT, OTHER, ("iv-salary",))
    session = InterviewSession.resume(store, CONTENT, store.session(sid))
    session.send(Given("試用期三千，轉正三千五。", 30, 25))
    session.finish()
    records.decide(store, sid, "錄用", "", "王經理")


def assert_safe(app: TrainerApp, home: type) -> None:
    assert isinstance(app.screen, CANDIDATE_SCREENS), f"reached {app.screen!r}"
    assert not any(isinstance(s, ConsoleScreen) for s in app.screen_stack)
    text = screen_text(app)
    leaked = [word for word in SECRETS if word in text]
    assert leaked == [], f"{home.__name__} shows {leaked}:\n{text}"


async def back_to(pilot: Pilot[None], home: type) -> None:
    """Close whatever the last key opened (the passphrase dialog, the palette)."""
    for _ in range(3):
        if isinstance(pilot.app.screen, home):
            return
        await pilot.press("escape")
        await pilot.pause()
    assert isinstance(pilot.app.screen, home), f"stuck on {pilot.app.screen!r}"


async def try_everything(pilot: Pilot[None], home: type) -> int:
    """Run every binding and palette command and press the escape hatches; returns how many."""
    app: Any = pilot.app
    assert isinstance(app.screen, home)
    tried = 0
    for active in list(app.screen.active_bindings.values()):
        if active.binding.action in ("quit", "app.quit"):
            continue  # quitting shows nothing (and the interview stays resumable)
        await app.run_action(active.binding.action, active.node)
        await pilot.pause()
        assert_safe(app, home)
        await back_to(pilot, home)
        tried += 1
    for name, _, run in list(TrainerCommands(app.screen)._commands()):
        if name.startswith("結束"):
            continue  # quit, as above
        await run()
        await pilot.pause()
        assert_safe(app, home)
        await back_to(pilot, home)
        tried += 1
    for key in KEYS:
        await pilot.press(key)
        await pilot.pause()
        assert_safe(app, home)
        await back_to(pilot, home)
        tried += 1
    return tried


async def test_no_binding_or_command_shows_scores_answers_or_other_candidates(tmp_path: Path) -> None:
    r = rig(tmp_path)
    earlier_interview(r.store)
    records.set_passphrase(r.store, PASSPHRASE)  # others have history: the owner sets it (`passphrase --set`)
    sid = stored_interview(r.store, CONTENT, questions=QUESTIONS, typing=True)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        table = r.app.screen.query_one("#desk-table")
        table.move_cursor(row=[row.id for row in r.app.screen.rows].index(sid))  # type: ignore[attr-defined]
        await pilot.press("r")
        await pilot.pause()
        screen = r.app.screen
        assert isinstance(screen, InterviewScreen)
        assert await try_everything(pilot, InterviewScreen) > 20
        await answer(pilot, r.clock, "我覺得最重要的是耐心，站在買家的角度幫他解決問題，態度要親切。")
        assert "除了耐心呢？" in screen_text(r.app)  # a follow-up: still nothing secret on screen
        assert_safe(r.app, InterviewScreen)
        while isinstance(r.app.screen, InterviewScreen):
            await answer(pilot, r.clock, "我會先了解情況，再耐心說明。")
        assert isinstance(r.app.screen, TypingScreen) and r.app.screen.interview is not None
        await try_everything(pilot, TypingScreen)
        r.app.screen.query_one("#reply").focus()  # Tab may have moved it
        await type_text(pilot, r.clock, r.app.screen.passage.text, seconds=80)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(r.app.screen, InterviewDoneScreen)
        await try_everything(pilot, InterviewDoneScreen)
        # only the passphrase opens the console
        await pilot.press("f10")
        await pilot.pause()
        await unlock(pilot, "guess-guess")
        assert isinstance(r.app.screen, LockScreen)
        await pilot.press("escape")
        await pilot.press("f10")
        await pilot.pause()
        await unlock(pilot)
        assert isinstance(r.app.screen, ConsoleScreen) and "參考答案" in screen_text(r.app)
    # everything the candidate did was the interview itself: all answers stored, nothing else
    assert r.store.session(sid).status == "finished"
    assert len(r.store.turns(sid)) >= 3


async def test_the_palette_on_the_candidate_screen_offers_only_harmless_commands(tmp_path: Path) -> None:
    r = rig(tmp_path)
    stored_interview(r.store, CONTENT, questions=QUESTIONS)
    records.set_passphrase(r.store, PASSPHRASE)  # others have history: the owner sets it (`passphrase --set`)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(r.app.screen, InterviewScreen)
        names = [name for name, _, _ in TrainerCommands(r.app.screen)._commands()]
        assert {n.split("（")[0] for n in names} == {
            "發送", "換行", "面試官", "結束", "切換深色／淺色主題", "顯示按鍵說明", "隱藏按鍵說明"}
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(r.app.screen, CommandPalette)
        assert "面試官" in screen_text(r.app) and "改分" not in screen_text(r.app)
