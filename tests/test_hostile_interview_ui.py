"""The hostile corpus (tests/hostile.py) through the manager's and interviewer's screens: the team
view, anyone's progress, the desk, the console and its dialogs, an interview from setup to done.

Screens are opened directly where a key would first ask a passphrase: the gates
are tested elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, RadioButton

from tests.hostile import SAFE_ANSWER, TEXTS, database_rows, shown
from tests.hostile_ui import (
    CASES,
    SIZE,
    app_on,
    everyone,
    literal,
    load_hostile,
    plain_texts,
    write_everyone,
)
from tests.interview_helpers import INTERVIEWER, set_passphrase, type_text, unlock
from tests.ui_helpers import settle
from trainer.core.content import Content
from trainer.store import interviews as records
from trainer.ui.screens.console import ConsoleScreen
from trainer.ui.screens.interview import InterviewScreen
from trainer.ui.screens.interview_desk import InterviewDeskScreen
from trainer.ui.screens.interview_done import InterviewDoneScreen
from trainer.ui.screens.interview_setup import InterviewSetupScreen
from trainer.ui.screens.lock import LAST_INTERVIEWER, LockScreen
from trainer.ui.screens.progress import ProgressScreen
from trainer.ui.screens.team import TeamScreen
from trainer.ui.screens.typing import TypingScreen
from trainer.ui.text import visible
from trainer.ui.widgets.fitted_table import FittedTable

pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Content:
    return load_hostile(tmp_path_factory)


@pytest.fixture(scope="module")
def everyone_db(tmp_path_factory: pytest.TempPathFactory, hostile: Content) -> tuple[Path, list[int]]:
    return write_everyone(tmp_path_factory, hostile)


# ---------------------------------------------------------------- everyone at once: team, progress, desk, console


async def test_the_team_view_and_anyones_progress_show_every_hostile_name(
        tmp_path: Path, hostile: Content, everyone_db: tuple[Path, list[int]]) -> None:
    h, _ = everyone(tmp_path, everyone_db)
    r = app_on(tmp_path, hostile, h.store, user=TEXTS[0])
    before = database_rows(h.store.path)
    async with r.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        r.app.push_screen(TeamScreen(r.app.ctx))
        await settle(pilot)
        await literal(pilot)
        table = r.app.screen.query_one(FittedTable)
        assert {table.full_row(text)[0] for text in TEXTS} == {visible(text) for text in TEXTS}
        for view in ("f5", "f5"):  # 分類 (hostile category headings) and back
            await pilot.press(view)
            await literal(pilot)
        box = r.app.screen.query_one("#tm-filter", Input)
        for query in ("[/]", "[@click=app.pop_screen]點我[/]", "Tom [A]", "\x1b[31m"):
            box.value = query
            await literal(pilot)
        box.value = "Tom [A]"
        await settle(pilot)
        table.move_cursor(row=table.get_row_index("Tom [A]"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(r.app.screen, ProgressScreen) and r.app.screen.user == "Tom [A]"
        await literal(pilot, "進度：Tom [A]", "Tom [A]　1 場")
        for tab in "2345":
            await pilot.press(tab)
            await literal(pilot, *(("Tom [A]?",) if tab == "3" else ()))  # the missed key point
    assert database_rows(h.store.path) == before


async def test_the_desk_and_the_console_show_every_hostile_candidate_note_and_decision(
        tmp_path: Path, hostile: Content, everyone_db: tuple[Path, list[int]]) -> None:
    h, interviews = everyone(tmp_path, everyone_db)
    r = app_on(tmp_path, hostile, h.store)
    before = database_rows(h.store.path)
    async with r.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        r.app.push_screen(InterviewDeskScreen(r.app.ctx, TEXTS[3]))
        await settle(pilot)
        await literal(pilot, "面試官：" + TEXTS[3])
        table = r.app.screen.query_one(FittedTable)
        assert {table.full_row(str(sid))[1] for sid in interviews} == {visible(t + " 應試") for t in TEXTS}
        for sid, text in zip(interviews, TEXTS, strict=True):
            r.app.push_screen(ConsoleScreen(r.app.ctx, sid, text))
            await settle(pilot)
            await literal(pilot, text + " 應試", "決定：待定")
            cards = plain_texts(pilot.app)
            for part in (f"備註（{text}）：{text}", f"面試官 42（{text}", TEXTS[0], TEXTS[1]):
                assert shown(part, 60) in cards, (part, cards[:300])
            r.app.pop_screen()
            await pilot.pause()
    assert database_rows(h.store.path) == before


# ---------------------------------------------------------------- an interview with hostile questions, from setup to done

INTERVIEW_CASES = [c for c in CASES if c.id in ("close-all", "click-pop", "escape", "long")]


@pytest.mark.parametrize(("index", "text"), INTERVIEW_CASES)
async def test_a_hostile_interview_from_setup_through_the_lock_and_console_to_done(
        tmp_path: Path, hostile: Content, index: int, text: str) -> None:
    r = app_on(tmp_path, hostile)
    r.store.set_setting(LAST_INTERVIEWER, text)
    set_passphrase(r.store)
    async with r.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        r.app.push_screen(InterviewSetupScreen(r.app.ctx, INTERVIEWER))
        await settle(pilot)
        form = r.app.screen
        form.query_one("#su-name", Input).value = text[:40]
        form.query_one("#su-source").value = "hostile-set"  # type: ignore[attr-defined]
        form.query_one("#su-typing").value = True  # type: ignore[attr-defined]
        form.query_one("#su-passage").value = f"tp-{index:02d}"  # type: ignore[attr-defined]
        await literal(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(r.app.screen, InterviewScreen)
        await literal(pilot, TEXTS[0], "應試者：" + text[:40])  # hq-00 asks 「[/]」
        await pilot.press("f10")
        await settle(pilot)  # the dialog reads the last interviewer off the UI thread
        assert isinstance(r.app.screen, LockScreen)
        assert r.app.screen.query_one("#lock-name", Input).value == visible(text)
        await literal(pilot)
        await unlock(pilot, name=text[:40])
        assert isinstance(r.app.screen, ConsoleScreen)
        await literal(pilot, "面試官主控台：" + text[:40])
        await pilot.press("c")
        await pilot.pause()
        for _ in range(6):  # two questions and their follow-ups, then the typing test
            if not isinstance(r.app.screen, InterviewScreen):
                break
            await type_text(pilot, r.clock, SAFE_ANSWER + text[:60])
            await pilot.press("enter")
            await literal(pilot)
        assert isinstance(r.app.screen, TypingScreen)
        await literal(pilot, "親，您好。" + text[:20])
        await type_text(pilot, r.clock, "親，您好。" + text[:200], seconds=120)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(r.app.screen, InterviewDoneScreen)
        await literal(pilot, "謝謝您，" + text[:20])


@pytest.mark.parametrize(("index", "text"), [c for c in CASES if c.id in ("click-shot", "html")])
async def test_notes_overrides_and_decisions_typed_in_the_console_are_kept_and_shown_as_typed(
        tmp_path: Path, hostile: Content, everyone_db: tuple[Path, list[int]], index: int, text: str) -> None:
    h, interviews = everyone(tmp_path, everyone_db)
    r = app_on(tmp_path, hostile, h.store)
    sid = interviews[index]
    async with r.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        r.app.push_screen(ConsoleScreen(r.app.ctx, sid, text))
        await settle(pilot)
        for key, fields in (("n", {"#note-text": text}), ("o", {"#ov-score": "77", "#ov-reason": text}),
                            ("d", {"#decision-comment": text})):
            await pilot.press(key)
            await settle(pilot)
            dialog = r.app.screen
            await literal(pilot)  # its heading holds the question or the candidate's name
            if key == "d":
                dialog.query(RadioButton).first().value = True  # 錄用
            for selector, value in fields.items():
                dialog.query_one(selector, Input).value = value
            dialog.query_one(list(fields)[-1], Input).focus()
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(r.app.screen, ConsoleScreen), (key, r.app.screen)
        await literal(pilot, "決定：錄用")
        cards = plain_texts(pilot.app)
        assert shown(f"備註（{text}）：{text}", 60) in cards and shown(f"面試官 77（{text}", 60) in cards
    review = records.review(h.store, sid)
    assert review.notes[0][-1].note == text and review.overrides[0][-1].reason == text
    assert (review.decisions[-1].decision, review.decisions[-1].comment) == ("錄用", text)
