"""The hostile corpus (tests/hostile.py) through the trainee's screens: Home to the record, the picker,
toasts, the palette, the due queue, typing tests, pasted text (the interviewer's side is in
test_hostile_interview_ui.py).

Each string must appear as it is (control characters as visible stand-ins), no
click on it may run an action (nothing on screen carries one), nothing may
crash, and looking must not change the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea

from tests.hostile import LONG, SAFE_ANSWER, TEXTS, database_rows, shown
from tests.hostile_ui import (
    CASES,
    SIZE,
    app_on,
    everyone,
    literal,
    load_hostile,
    plain_texts,
    stack,
    terminal_output,
    write_everyone,
)
from tests.interview_helpers import type_text
from tests.progress_helpers import turn
from tests.ui_helpers import CONTENT, fixed_store_clock, send, settle
from trainer.core.content import Content
from trainer.store import Store
from trainer.ui.app_people import LAST_USER
from trainer.ui.messages import ScenarioChosen
from trainer.ui.screens.chat import ChatScreen
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.history import HistoryScreen
from trainer.ui.screens.home import DUE_DELAY, HomeScreen
from trainer.ui.screens.name_prompt import NamePrompt
from trainer.ui.screens.progress import ProgressScreen
from trainer.ui.screens.progress_due import DueQueueScreen
from trainer.ui.screens.typing import TypingScreen
from trainer.ui.screens.typing_picker import TypingPickerScreen
from trainer.ui.screens.typing_result import TypingResultScreen
from trainer.ui.text import Display, visible
from trainer.ui.widgets.fitted_table import FittedTable

pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Content:
    return load_hostile(tmp_path_factory)


@pytest.fixture(scope="module")
def everyone_db(tmp_path_factory: pytest.TempPathFactory, hostile: Content) -> tuple[Path, list[int]]:
    return write_everyone(tmp_path_factory, hostile)


# ---------------------------------------------------------------- one trainee, one scenario: Home to the record


@pytest.mark.parametrize(("index", "text"), CASES)
async def test_a_hostile_name_scenario_and_reply_from_home_through_chat_to_history(
        tmp_path: Path, hostile: Content, index: int, text: str) -> None:
    """The name is remembered (as it was typed once); the scenario's every string is ``text`` too."""
    store = Store.open(tmp_path / "progress.sqlite3", clock=fixed_store_clock)
    store.set_setting(LAST_USER, text)
    r = app_on(tmp_path, hostile, store, user="")
    before = database_rows(store.path)
    async with r.app.run_test(size=SIZE) as pilot:
        await home_and_name_prompt(pilot, text)
        assert database_rows(store.path) == before  # looking, clicking and cancelling wrote nothing
        await chat_to_history(pilot, hostile.scenarios[f"hostile-{index:02d}"], text)
    session = r.store.sessions(text, limit=1)[0]
    assert r.store.turns(session.id)[0].reply == REPLY + text + AVOID  # stored exactly as typed


REPLY, AVOID = SAFE_ANSWER, "不關我們的事"


async def home_and_name_prompt(pilot: Pilot[None], text: str) -> None:
    """Home shows the name; clicks on it run nothing; 換人 shows it in the box; Esc changes nothing."""
    app = pilot.app
    shots: list[object] = []
    app.action_screenshot = lambda *args: shots.append(args)  # type: ignore[attr-defined]
    await literal(pilot, "學員：" + text)
    screens = stack(pilot)
    for x in (7, 12, 20, 30):  # across the name, after 「學員：」
        await pilot.click("#user-line", offset=(x, 0))
    await pilot.pause()
    assert stack(pilot) == screens and shots == []
    await pilot.press("u")
    await pilot.pause()
    assert isinstance(app.screen, NamePrompt)
    assert app.screen.query_one("#name", Input).value == visible(text)
    await literal(pilot)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, HomeScreen)


async def chat_to_history(pilot: Pilot[None], scenario: Any, text: str) -> None:
    """The chat (brief, buyer, line, reply, feedback), the debrief, 進度 and the record of it."""
    app = pilot.app
    reply = REPLY + text + AVOID
    app.post_message(ScenarioChosen(scenario, "coach"))
    await settle(pilot)
    assert isinstance(app.screen, ChatScreen)
    await literal(pilot, "情境：" + text)  # the title, the buyer and the first line too
    assert shown(text) in app.screen.title and shown(text) in str(app.screen.query_one("#buyer", Static).render())
    await send(pilot, reply)
    await literal(pilot, reply, "✓ " + text, f"✗ 觸犯規則「{AVOID}」：" + text)
    assert app.screen.ended
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, DebriefScreen)
    await literal(pilot, "你：" + reply, "最後說：" + text)
    await pilot.press("escape")
    await pilot.pause()
    app.push_screen(ProgressScreen(app.ctx))  # type: ignore[attr-defined]
    await settle(pilot)
    await literal(pilot, text)  # 「name　1 場 · 1 句 …」
    await pilot.press("5")
    await pilot.pause()
    await literal(pilot)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, HistoryScreen)
    await literal(pilot, "你：" + reply)


# ---------------------------------------------------------------- typing passages


async def test_the_typing_picker_test_and_result_show_hostile_passages_as_they_are(
        tmp_path: Path, hostile: Content) -> None:
    r = app_on(tmp_path, hostile)
    async with r.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(r.app.screen, TypingPickerScreen)
        await literal(pilot, *TEXTS[:TEXTS.index(LONG)])  # the 10,000-character title fills the rest
        prompts = plain_texts(pilot.app)
        assert all(shown(t, 60) in prompts for t in TEXTS)
        click = TEXTS.index("[@click=app.pop_screen]點我[/]")
        r.app.screen.query_one(OptionList).highlighted = click + 1  # after 隨機一段
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(r.app.screen, TypingScreen)
        await literal(pilot, "打字測驗：" + TEXTS[click], "親，您好。" + TEXTS[click])
        await type_text(pilot, r.clock, "親，您好。" + TEXTS[click][:-3] + "[/", seconds=30)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(r.app.screen, TypingResultScreen)
        await literal(pilot, "打字測驗結果：" + TEXTS[click])


# ---------------------------------------------------------------- the picker, Home's unfinished list, toasts, the palette


@pytest.mark.parametrize("script", ["hant", "hans"])
async def test_the_picker_lists_searches_and_filters_hostile_titles_and_categories(
        tmp_path: Path, hostile: Content, script: str) -> None:
    r = app_on(tmp_path, hostile, script=script)
    t = Display(script).t  # Simplified shown for 「hans」: converted, still literal
    before = database_rows(r.store.path)
    async with r.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        table = r.app.screen.query_one(FittedTable)
        rows = {table.full_row(f"hostile-{i:02d}")[0] for i in range(len(TEXTS))}  # cut with … on screen
        assert rows == {t(text) for text in TEXTS}
        await literal(pilot)
        search = r.app.screen.query_one("#search", Input)
        for text in TEXTS:
            search.value = text[:40]
            await literal(pilot)
        search.value = "Tom [A]"
        await settle(pilot)
        assert [str(table.get_row_at(0)[0]), table.row_count] == ["Tom [A]", 1]
        search.value = ""
        r.app.screen.query_one("#category").focus()
        await pilot.press("enter")  # open the category list: every hostile category in it
        await literal(pilot, *(t(text) for text in TEXTS[:TEXTS.index(LONG)]))
        await pilot.press("escape")
    assert database_rows(r.store.path) == before


async def test_home_lists_and_discards_unfinished_hostile_sessions_with_a_literal_toast(
        tmp_path: Path, hostile: Content) -> None:
    r = app_on(tmp_path, hostile, user="Tom [A]")
    for index, text in enumerate(TEXTS):
        sid = r.store.start_session("Tom [A]", "practice", f"hostile-{index:02d}", mode="coach", seed=1,
                                    item_title=text, category=text)
        r.store.record_turn(sid, turn(0, 50))  # a session with no reply is not listed
    async with r.app.run_test(size=SIZE, notifications=True) as pilot:  # toasts are off in tests otherwise
        await settle(pilot)
        box = r.app.screen.query_one("#unfinished", OptionList)
        assert box.option_count == len(TEXTS)
        await literal(pilot, "學員：Tom [A]")
        assert all(shown(text) in plain_texts(pilot.app) for text in TEXTS)
        box.focus()
        for index in range(len(TEXTS)):
            box.highlighted = 0  # newest first: the corpus from its end
            await pilot.press("x")
            await literal(pilot)  # 丟棄這段對話？ with the title, literally
            await pilot.press("y")
            await literal(pilot, f"已放棄「{TEXTS[-1 - index]}」"[:24])  # what fits on a toast's line
            r.app.clear_notifications()
        assert r.store.unfinished_sessions("Tom [A]", "practice") == []


async def test_the_command_palette_searches_with_hostile_queries(tmp_path: Path) -> None:
    r = app_on(tmp_path, CONTENT, user="[@click=app.pop_screen]點我[/]")
    async with r.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await literal(pilot, "練習（p）")
        palette = r.app.screen
        for query in ("[", "[/]", "[b]練", "練習", "\x1b[31m", "$(rm"):
            palette.query_one(Input).value = query
            await settle(pilot)
            await literal(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(r.app.screen, HomeScreen)


@pytest.mark.parametrize(("index", "text"), [c for c in CASES if c.id in ("close-all", "click-pop", "escape")])
async def test_a_hostile_name_typed_at_first_start_is_kept_and_shown_as_typed(
        tmp_path: Path, index: int, text: str) -> None:
    r = app_on(tmp_path, CONTENT, user="")
    async with r.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(r.app.screen, NamePrompt)
        r.app.screen.query_one("#name", Input).value = text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(r.app.screen, HomeScreen)
        await literal(pilot, "學員：" + text)
    assert r.store.get_setting(LAST_USER) == text


# ---------------------------------------------------------------- pasted control characters


OSC = "\x1b]52;c;aGk=\x07"  # a terminal command (write the clipboard) hidden in pasted text


async def test_pasted_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    r = app_on(tmp_path, CONTENT, user="")
    async with r.app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        name = r.app.screen.query_one("#name", Input)
        assert r.app.focused is name  # a paste goes to the app, which hands it to the focused widget
        r.app.post_message(events.Paste("小" + OSC))  # refused whole: a name has no control characters
        await pilot.pause()
        assert name.value == ""
        r.app.post_message(events.Paste("小明"))
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        r.app.post_message(ScenarioChosen(next(iter(CONTENT.scenarios.values())), "coach"))
        await settle(pilot)
        box = r.app.screen.query_one("#reply", TextArea)
        assert r.app.focused is box
        r.app.post_message(events.Paste("親，您好" + OSC + "\x1b[31m紅"))
        await pilot.pause()
        assert box.text == "親，您好␛]52;c;aGk=␇␛[31m紅" and box.pasted  # type: ignore[attr-defined]
        assert "\x1b]" not in terminal_output(r.app) and "\x07" not in terminal_output(r.app)
        assert "\x1b[31m紅" not in terminal_output(r.app)
        await pilot.press("enter")
        await settle(pilot)
    session = r.store.sessions("小明", limit=1)[0]
    assert r.store.turns(session.id)[0].reply == "親，您好␛]52;c;aGk=␇␛[31m紅"


async def test_the_due_queue_lists_hostile_titles_as_they_are(tmp_path: Path, hostile: Content,
                                                              everyone_db: tuple[Path, list[int]]) -> None:
    h, _ = everyone(tmp_path, everyone_db)
    user = "[@click=app.pop_screen]點我[/]"  # failed its hostile scenario on day 0: due again today
    r = app_on(tmp_path, hostile, h.store, user=user)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause(DUE_DELAY + 0.05)  # Home looks up what is due a moment after start-up
        await settle(pilot)
        await literal(pilot, "今日到期：1 個情境")
        await pilot.press("d")  # the queue opens and starts the first (the only) item
        await settle(pilot)
        assert isinstance(r.app.screen, ChatScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(r.app.screen, DueQueueScreen)
        await literal(pilot, f"… 1. {user}　{user}　（未完成）")
