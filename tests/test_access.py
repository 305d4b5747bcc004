"""Access rules, one Pilot test (or table) per rule: without the staff passphrase no key, palette
command or restart shows another person's data or leaves the candidate's screen.

1. Home: every binding and palette command, with Esc or a wrong passphrase at the lock, reaches
   nothing of anyone else (no team view, desk, console, someone else's progress or history, no
   other name on screen); with the passphrase the team view opens.
2. Switching the trainee (``u``) to a name with a history needs the passphrase; a new name does
   not; a candidate's name is refused. ``--user`` on the command line follows the same rule.
3. Candidates are not trainees: not in the team view, no due items, never the current user.
4. The candidate's screen: Ctrl+Q and the palette's 結束 ask for the passphrase; a restart
   reopens the candidate's screen (where every key and command stays there); only the
   passphrase (console → leave, or quit) ends the lock.
5. Wrong passphrases slow down, persisted across a restart, shown in Chinese.
6. The passphrase can be changed from the desk (the current one first).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from tests.interview_helpers import (
    CANDIDATE,
    PASSPHRASE,
    answer,
    open_desk,
    start_interview,
    stored_interview,
    unlock,
)
from tests.progress_helpers import History
from tests.ui_helpers import CONTENT, USER, Rig, rig, screen_text, settle
from trainer.core.interview import Given
from trainer.store import access
from trainer.store import interviews as records
from trainer.ui.commands import TrainerCommands
from trainer.ui.interview_session import InterviewSession
from trainer.ui.screens.candidate_hold import CandidateHoldScreen
from trainer.ui.screens.console import ConsoleScreen
from trainer.ui.screens.history import HistoryScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.interview import InterviewScreen
from trainer.ui.screens.interview_desk import InterviewDeskScreen
from trainer.ui.screens.interview_done import InterviewDoneScreen
from trainer.ui.screens.lock import LockScreen
from trainer.ui.screens.name_prompt import NamePrompt
from trainer.ui.screens.progress import ProgressScreen
from trainer.ui.screens.team import TeamScreen
from trainer.ui.screens.typing import TypingScreen

OTHER = "阿強"  # another trainee, with a history
COLOUR = "case-colour-mismatch"
CANDIDATE_SCREENS = (InterviewScreen, TypingScreen, InterviewDoneScreen, CandidateHoldScreen,
                     LockScreen, CommandPalette)
KEYS = ("escape", "tab", "f1", "f10", "ctrl+p", "ctrl+c", "ctrl+q", "question_mark", "q")


def shared_store(tmp_path: Path) -> History:
    """小明's own practice, 阿強's history, a candidate's finished and scored interview; a passphrase."""
    h = History.open(tmp_path / "progress.sqlite3")
    h.practice(USER, COLOUR, 75, day=0.1)
    for day in range(3):
        h.practice(OTHER, COLOUR, 30, day=day / 3, missed=("道歉",), title="手機殼顏色和圖片不一樣")
    sid = stored_interview(h.store, CONTENT, CANDIDATE, ("iv-salary",))
    session = InterviewSession.resume(h.store, CONTENT, h.store.session(sid))
    session.send(Given("試用期三千，轉正三千五。", 30, 25))
    session.finish()
    records.set_passphrase(h.store, PASSPHRASE)
    return h


def others_shown(app: Any) -> list[str]:
    """What of someone else's data is open or on screen (empty: nothing)."""
    found = []
    for screen in app.screen_stack:
        if isinstance(screen, TeamScreen | InterviewDeskScreen | ConsoleScreen):
            found.append(type(screen).__name__)
        if isinstance(screen, ProgressScreen) and screen.user != USER:
            found.append(f"ProgressScreen({screen.user})")
        if isinstance(screen, HistoryScreen) and app.ctx.store.session(screen.session_id).user != USER:
            found.append("HistoryScreen")
    text = screen_text(app)
    return found + [name for name in (OTHER, CANDIDATE) if name in text]


async def home_again(pilot: Pilot[None], *, wrong: bool) -> None:
    """Close what the last action opened; at a lock, first try a wrong passphrase if ``wrong``."""
    for _ in range(5):
        screen = pilot.app.screen
        if isinstance(screen, HomeScreen):
            return
        if wrong and isinstance(screen, LockScreen):
            await unlock(pilot, "guess-guess")
            assert pilot.app.screen is screen, "a wrong passphrase must not unlock"
            assert others_shown(pilot.app) == []
        await pilot.press("escape")
        await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen), f"stuck on {pilot.app.screen!r}"


@pytest.mark.parametrize("wrong", [False, True], ids=["esc-at-the-lock", "wrong-passphrase"])
async def test_nothing_on_home_shows_anyone_elses_data_without_the_passphrase(tmp_path: Path,
                                                                               wrong: bool) -> None:
    r = rig(tmp_path, store=shared_store(tmp_path).store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tried = 0
        home = r.app.screen
        for active in list(home.active_bindings.values()):
            if active.binding.action in ("quit", "app.quit"):
                continue
            await r.app.run_action(active.binding.action, active.node)
            await settle(pilot)
            assert others_shown(r.app) == [], active.binding.key
            await home_again(pilot, wrong=wrong)
            tried += 1
        for name, _, run in list(TrainerCommands(home)._commands()):
            if name.startswith(("結束", "结束")):  # s (繁體／简体) above may have switched the script
                continue
            await run()
            await settle(pilot)
            assert others_shown(r.app) == [], name
            await home_again(pilot, wrong=wrong)
            tried += 1
        assert tried >= 12
        assert r.app.ctx.user == USER  # `u` and Esc: still the same trainee


async def test_the_team_view_opens_with_the_passphrase_and_lists_no_candidate(tmp_path: Path) -> None:
    r = rig(tmp_path, store=shared_store(tmp_path).store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(r.app.screen, LockScreen) and "員工密碼" in screen_text(r.app)
        await unlock(pilot)
        await settle(pilot)
        team = r.app.screen
        assert isinstance(team, TeamScreen)
        assert [m.user for m in team.shown] == [OTHER, USER]  # latest activity first; no candidate
        assert CANDIDATE not in screen_text(r.app)



async def test_a_trainee_cannot_set_the_first_passphrase_where_others_have_history(tmp_path: Path) -> None:
    h = shared_store(tmp_path)
    access.reset_passphrase(h.store)  # a fresh install: nobody has set it yet
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await settle(pilot)  # the dialog asks the store whether a passphrase is set, off the UI thread
        lock = r.app.screen
        assert isinstance(lock, LockScreen) and lock.setting
        lock.query_one("#lock-name", Input).value = USER
        for field in ("#lock-pass", "#lock-again"):
            lock.query_one(field, Input).value = "mine-now-123"
        lock.query_one("#lock-again", Input).focus()
        await pilot.press("enter")
        await settle(pilot)  # the store is asked off the UI thread
        assert isinstance(r.app.screen, LockScreen) and "trainer passphrase --set" in screen_text(r.app)
        assert not records.has_passphrase(h.store) and others_shown(r.app) == []


# --- 2. switching the trainee -------------------------------------------------------------

SWITCHES = [
    # name typed, what is done at the lock (None: no lock expected), the trainee afterwards
    (OTHER, "escape", USER),
    (OTHER, "guess-guess", USER),
    (OTHER, PASSPHRASE, OTHER),
    ("新來的", None, "新來的"),
    (CANDIDATE, None, USER),  # refused outright: a candidate is nobody's trainee
]


@pytest.mark.parametrize(("name", "at_lock", "after"), SWITCHES)
async def test_switching_to_a_name_with_history_needs_the_passphrase(tmp_path: Path, name: str,
                                                                     at_lock: str | None, after: str) -> None:
    r = rig(tmp_path, store=shared_store(tmp_path).store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(r.app.screen, NamePrompt)
        r.app.screen.query_one(Input).value = name
        await pilot.press("enter")
        await pilot.pause()
        if at_lock is None:
            assert not isinstance(r.app.screen, LockScreen)
        elif at_lock == "escape":
            assert isinstance(r.app.screen, LockScreen)
            await pilot.press("escape")
        else:
            await unlock(pilot, at_lock)
            if isinstance(r.app.screen, LockScreen):
                await pilot.press("escape")
        await settle(pilot)
        assert r.app.ctx.user == after and isinstance(r.app.screen, HomeScreen)
        assert ("學員：" + after) in screen_text(r.app)
        if after == USER:
            assert others_shown(r.app) == []
    assert r.store.get_setting("last_user") == (after if after != USER else None)


@pytest.mark.parametrize(("remembered", "given", "refused"), [
    (None, "新來的", False),
    (USER, USER, False),
    (USER, OTHER, True),
    (None, OTHER, True),
    (USER, CANDIDATE, True),
])
def test_user_option_may_not_open_someone_elses_history(tmp_path: Path, remembered: str | None, given: str,
                                                        refused: bool) -> None:
    from trainer.ui.launch import _refuse_user

    store = shared_store(tmp_path).store
    if remembered:
        store.set_setting("last_user", remembered)
    assert bool(_refuse_user(store, given)) is refused
    assert store.get_setting("last_user") == (remembered if refused else given)


# --- 3. candidates are not trainees ---------------------------------------------------------


async def test_a_candidate_is_never_the_current_trainee_and_has_nothing_due(tmp_path: Path) -> None:
    from trainer.ui.screens.progress_home import due_items

    r = rig(tmp_path, store=shared_store(tmp_path).store, user=CANDIDATE)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert r.app.ctx.user == "" and isinstance(r.app.screen, NamePrompt)
        r.app.ctx.user = CANDIDATE  # even if it were: no spaced practice for a candidate
        assert due_items(r.app.ctx) == []


# --- 4. the candidate's screen --------------------------------------------------------------


async def on_candidate_screen(pilot: Pilot[None], r: Rig) -> InterviewScreen:
    await open_desk(pilot)
    screen = await start_interview(pilot, typing=False)
    assert access.candidate_lock(r.store) == screen.session.session_id
    return screen


@pytest.mark.parametrize("how", ["ctrl+q", "palette"])
async def test_quitting_from_the_candidate_screen_needs_the_passphrase(tmp_path: Path, how: str) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await on_candidate_screen(pilot, r)
        for attempt in ("escape", "guess-guess", PASSPHRASE):
            if how == "ctrl+q":
                await pilot.press("ctrl+q")
            else:
                run = next(run for name, _, run in TrainerCommands(screen)._commands() if name.startswith("結束"))
                await run()
            await pilot.pause()
            assert isinstance(r.app.screen, LockScreen) and "結束程式要輸入員工密碼" in screen_text(r.app)
            if attempt == "escape":
                await pilot.press("escape")
            else:
                await unlock(pilot, attempt)
                if attempt != PASSPHRASE:
                    await pilot.press("escape")
            await pilot.pause()
            if attempt != PASSPHRASE:
                assert r.app.return_code is None and r.app.screen is screen
        assert r.app.return_code == 0
    assert access.candidate_lock(r.store) is None  # the interviewer ended it; the interview stays open
    assert r.store.session(screen.session.session_id).status == "open"


async def test_a_restart_reopens_the_candidate_screen_and_nothing_leaves_it(tmp_path: Path) -> None:
    r = rig(tmp_path, store=shared_store(tmp_path).store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await on_candidate_screen(pilot, r)
        await answer(pilot, r.clock, "我覺得最重要的是耐心，站在買家的角度幫他解決問題，態度要親切。")
        sid = screen.session.session_id
    again = rig(tmp_path, store=r.store)
    async with again.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        resumed = again.app.screen
        assert isinstance(resumed, InterviewScreen) and resumed.session.session_id == sid
        assert "除了耐心呢？" in screen_text(again.app)  # where it stood: the follow-up
        tried = await try_to_leave(pilot, InterviewScreen)
        assert tried >= 10
        assert isinstance(again.app.screen, InterviewScreen) and again.app.return_code is None


async def try_to_leave(pilot: Pilot[None], home: type) -> int:
    """Every binding and palette command (quit too) and the usual keys; the screen must hold."""
    app: Any = pilot.app
    tried = 0
    actions = [(a.binding.action, a.node) for a in app.screen.active_bindings.values()]
    commands = [run for _, _, run in TrainerCommands(app.screen)._commands()]
    for action, node in actions:
        await app.run_action(action, node)
        tried += await held(pilot, home)
    for run in commands:
        await run()
        tried += await held(pilot, home)
    for key in KEYS:
        await pilot.press(key)
        tried += await held(pilot, home)
    return tried


async def held(pilot: Pilot[None], home: type) -> int:
    await pilot.pause()
    app: Any = pilot.app
    assert app.return_code is None, "the app quit"
    assert isinstance(app.screen, CANDIDATE_SCREENS), f"reached {app.screen!r}"
    assert not any(isinstance(s, ConsoleScreen | InterviewDeskScreen | TeamScreen) for s in app.screen_stack)
    assert "參考答案" not in screen_text(app) and OTHER not in screen_text(app)
    for _ in range(3):
        if isinstance(app.screen, home):
            break
        await pilot.press("escape")
        await pilot.pause()
    assert isinstance(app.screen, home), f"stuck on {app.screen!r}"
    return 1


async def test_a_restart_after_the_last_answer_reopens_the_thank_you_screen(tmp_path: Path) -> None:
    r = rig(tmp_path)
    sid = stored_interview(r.store, CONTENT, questions=("iv-salary",))
    session = InterviewSession.resume(r.store, CONTENT, r.store.session(sid))
    session.send(Given("試用期三千，轉正三千五。", 30, 25))
    access.lock_candidate(r.store, sid)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, InterviewDoneScreen)
        assert await try_to_leave(pilot, InterviewDoneScreen) >= 8


async def test_an_interview_that_cannot_reopen_still_holds_the_screen(tmp_path: Path) -> None:
    r = rig(tmp_path, store=shared_store(tmp_path).store)
    access.lock_candidate(r.store, 9999)  # no such session
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, CandidateHoldScreen) and "請通知面試官" in screen_text(r.app)
        assert await try_to_leave(pilot, CandidateHoldScreen) >= 8
        await pilot.press("f10")
        await pilot.pause()
        await unlock(pilot)
        await pilot.pause()
        assert isinstance(r.app.screen, HomeScreen) and access.candidate_lock(r.store) is None


async def test_leaving_from_the_console_ends_the_lock(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await on_candidate_screen(pilot, r)
        await pilot.press("f10")
        await pilot.pause()
        await unlock(pilot)
        assert isinstance(r.app.screen, ConsoleScreen)
        await pilot.press("c")  # hand back to the candidate: still locked
        await pilot.pause()
        assert isinstance(r.app.screen, InterviewScreen) and access.candidate_lock(r.store) is not None
        await pilot.press("f10")
        await pilot.pause()
        await unlock(pilot)
        await pilot.press("escape")  # leave the interview
        await pilot.pause()
        assert isinstance(r.app.screen, InterviewDeskScreen) and access.candidate_lock(r.store) is None
    again = rig(tmp_path, store=r.store)
    async with again.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.app.screen, HomeScreen)


# --- 5. wrong passphrases slow down ---------------------------------------------------------


async def test_wrong_passphrases_slow_down_even_across_a_restart(tmp_path: Path) -> None:
    h = shared_store(tmp_path)
    r = rig(tmp_path, store=h.store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        for n in (1, 2):
            await unlock(pilot, "guess-guess")
            assert f"密碼不正確（第 {n} 次）" in screen_text(r.app)
        await unlock(pilot, "guess-guess")
        assert "密碼錯誤次數過多，請 5 秒後再試" in screen_text(r.app)
        await unlock(pilot)  # the right one, during the wait: not even checked
        assert isinstance(r.app.screen, LockScreen) and "請 5 秒後再試" in screen_text(r.app)
        await pilot.press("escape")  # the UI is not blocked while waiting
        await pilot.pause()
        assert isinstance(r.app.screen, HomeScreen)
    again = rig(tmp_path, store=h.store)
    async with again.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert "密碼錯誤次數過多，請 5 秒後再試" in screen_text(again.app)  # the restart kept the wait
        await unlock(pilot)
        assert isinstance(again.app.screen, LockScreen)
        h.clock.now += timedelta(seconds=5)
        await unlock(pilot)
        await settle(pilot)
        assert isinstance(again.app.screen, TeamScreen)
    assert access.wait_left(h.store) == 0 and h.store.get_setting(access.FAILURES_KEY) is None


# --- 6. changing the passphrase -------------------------------------------------------------


async def test_the_passphrase_changes_from_the_desk_with_the_current_one(tmp_path: Path) -> None:
    from trainer.ui.screens.passphrase_change import PassphraseChangeScreen

    r = rig(tmp_path, store=shared_store(tmp_path).store)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        for current, new, again, changed in (("guess-guess", "new-pass-9", "new-pass-9", False),
                                             (PASSPHRASE, "new-pass-9", "new-pass-8", False),
                                             (PASSPHRASE, "short", "short", False),
                                             (PASSPHRASE, "new-pass-9", "new-pass-9", True)):
            await pilot.press("p")
            await pilot.pause()
            dialog = r.app.screen
            assert isinstance(dialog, PassphraseChangeScreen)
            box = dialog.query_one("#lock-dialog").region  # centred, as every dialog
            assert abs(box.x - (80 - box.right)) <= 1 and box.y > 0, box
            labels = [str(label.render()) for label in dialog.query(".field-label")]
            assert labels == ["目前的密碼", "新密碼", "再輸入一次新密碼"]  # masked fields say which is which
            for field, value in zip(("#pw-current", "#pw-new", "#pw-again"), (current, new, again),
                                    strict=True):
                dialog.query_one(field, Input).value = value
            dialog.query_one("#pw-again", Input).focus()
            await pilot.press("enter")
            await settle(pilot)  # the passphrase is checked off the UI thread
            assert (r.app.screen is not dialog) is changed
            if not changed:
                await pilot.press("escape")
                await pilot.pause()
            assert isinstance(r.app.screen, InterviewDeskScreen)
    assert records.check_passphrase(r.store, "new-pass-9") and not records.check_passphrase(r.store, PASSPHRASE)


async def test_after_a_locked_start_without_a_trainee_the_name_is_asked_once_unlocked(tmp_path: Path) -> None:
    r = rig(tmp_path, store=shared_store(tmp_path).store, user=None)
    access.lock_candidate(r.store, 9999)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, CandidateHoldScreen)  # not the name prompt: the lock comes first
        await pilot.press("f10")
        await pilot.pause()
        await unlock(pilot)
        await pilot.pause()
        assert isinstance(r.app.screen, NamePrompt)
