"""The hostile corpus (tests/hostile.py) through every screen that shows a name, a reply or content.

Each string must appear as it is (control characters as visible stand-ins), no
click on it may run an action (nothing on screen carries one), nothing may
crash, and looking must not change the database. Screens are opened directly
where a key would first ask a passphrase: the gates are tested elsewhere.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, RadioButton, Static, TextArea

from tests.hostile import (
    CORPUS,
    LONG,
    SAFE_ANSWER,
    TEXTS,
    database_rows,
    hostile_content,
    render,
    shown,
)
from tests.interview_helpers import INTERVIEWER, set_passphrase, type_text, unlock
from tests.progress_helpers import History
from tests.ui_helpers import CONTENT, FIXED_NOW, FakeClock, Rig, fixed_store_clock, send, settle
from trainer.core.content import Content
from trainer.core.interview import Given, InterviewPlan
from trainer.core.loader import load_content
from trainer.core.problems import errors
from trainer.store import Store
from trainer.store import interviews as records
from trainer.ui.app import LAST_USER, make_app
from trainer.ui.config import NO_TYPING, UiConfig
from trainer.ui.interview_session import InterviewSession
from trainer.ui.messages import ScenarioChosen
from trainer.ui.screens.chat import ChatScreen
from trainer.ui.screens.console import ConsoleScreen
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.history import HistoryScreen
from trainer.ui.screens.home import DUE_DELAY, HomeScreen
from trainer.ui.screens.interview import InterviewScreen
from trainer.ui.screens.interview_desk import InterviewDeskScreen
from trainer.ui.screens.interview_done import InterviewDoneScreen
from trainer.ui.screens.interview_setup import InterviewSetupScreen
from trainer.ui.screens.lock import LAST_INTERVIEWER, LockScreen
from trainer.ui.screens.name_prompt import NamePrompt
from trainer.ui.screens.progress import ProgressScreen
from trainer.ui.screens.progress_due import DueQueueScreen
from trainer.ui.screens.team import TeamScreen
from trainer.ui.screens.typing import TypingScreen
from trainer.ui.screens.typing_picker import TypingPickerScreen
from trainer.ui.screens.typing_result import TypingResultScreen
from trainer.ui.text import Display, visible

SIZE = (160, 48)
CASES = [pytest.param(index, text, id=case) for index, (case, text) in enumerate(CORPUS)]
pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Content:
    """The bundled content plus a scenario, question and typing passage per hostile string."""
    content, problems = load_content(hostile_content(tmp_path_factory.mktemp("hostile")))
    assert not errors(problems), problems
    return content


def app_on(tmp_path: Path, content: Content, store: Store | None = None, **config: Any) -> Rig:
    """An app on ``content`` (as ``ui_helpers.rig`` builds it on the bundled content)."""
    clock = FakeClock()
    store = store or Store.open(tmp_path / "progress.sqlite3", clock=fixed_store_clock)
    settings: dict[str, Any] = dict(user="小明", typing=NO_TYPING, seed=7, tick=0, clock=clock,
                                    now=lambda: FIXED_NOW)
    settings.update(config)
    return Rig(make_app(content, store, UiConfig(**settings)), store, clock)


def plain_texts(app: Any) -> str:
    """Everything the screen's text widgets hold (also what is scrolled away or cut off)."""
    parts = [app.screen.title or ""]
    parts += [str(widget.render()) for widget in app.screen.query(Static)]
    for table in app.screen.query(DataTable):
        parts += [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
    for options in app.screen.query(OptionList):
        parts += [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return "\n".join(parts)


async def literal(pilot: Pilot[None], *texts: str) -> str:
    """Every text is shown as it is: on the screen where it fits, else in the widget holding it.

    Nothing on the screen may carry a click action (markup such as ``[@click=…]``).
    """
    await settle(pilot)
    screen, actions = render(pilot.app)
    assert actions == [], f"clickable actions on {pilot.app.screen!r}: {actions}"
    held = plain_texts(pilot.app)
    for text in texts:
        where = screen if len(text) <= 40 else held
        assert shown(text) in where, f"{shown(text)!r} is not shown literally on {pilot.app.screen!r}"
    return screen


def stack(pilot: Pilot[None]) -> list[str]:
    return [type(screen).__name__ for screen in pilot.app.screen_stack]


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


# ---------------------------------------------------------------- everyone at once: team, progress, desk, console


@pytest.fixture(scope="module")
def everyone_db(tmp_path_factory: pytest.TempPathFactory, hostile: Content) -> tuple[Path, list[int]]:
    """A database written once for the module (scoring 72 answers takes a while); tests copy it."""
    path = tmp_path_factory.mktemp("everyone") / "progress.sqlite3"
    return path, record_everyone(History.open(path), hostile)


def everyone(tmp_path: Path, made: tuple[Path, list[int]]) -> tuple[History, list[int]]:
    """Every hostile string as a trainee and as a candidate, in a copy of ``everyone_db``."""
    path = tmp_path / "progress.sqlite3"
    shutil.copy(made[0], path)
    return History.open(path), made[1]


def record_everyone(h: History, hostile: Content) -> list[int]:
    """Every hostile string as a trainee (a practice) and as a candidate (an interview, reviewed)."""
    for index, text in enumerate(TEXTS):
        h.practice(text, f"hostile-{index:02d}", 50, day=0, hit=(text,), missed=(text + "?",), title=text,
                   category=text)
    interviews = []
    for text in TEXTS:
        plan = InterviewPlan(text + " 應試", ("hq-00", "hq-01"), "custom", text, None, False, None, 0, text)
        session = InterviewSession.start(h.store, hostile, plan)
        while session.interview.current is not None:  # both questions and their follow-ups
            session.send(Given(SAFE_ANSWER + text, 30.0, 25.0, False, False, 2.0))
        session.finish()
        sid = session.session_id
        records.add_note(h.store, sid, 0, text, text)
        records.add_override(h.store, sid, 0, 42.0, text, text)
        records.decide(h.store, sid, "待定", text, text)
        interviews.append(sid)
    set_passphrase(h.store)
    return interviews


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
        table = r.app.screen.query_one(DataTable)
        assert {str(table.get_row(text)[0]) for text in TEXTS} == {visible(text) for text in TEXTS}
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
        table = r.app.screen.query_one(DataTable)
        assert {str(table.get_row(str(sid))[0]) for sid in interviews} == {visible(t + " 應試") for t in TEXTS}
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
        await pilot.pause()
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
        table = r.app.screen.query_one(DataTable)
        rows = {str(table.get_row(f"hostile-{i:02d}")[0]) for i in range(len(TEXTS))}
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
        r.store.start_session("Tom [A]", "practice", f"hostile-{index:02d}", mode="coach", seed=1,
                              item_title=text, category=text)
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


# ---------------------------------------------------------------- pasted control characters


def terminal_output(app: Any) -> str:
    """What the app writes to a real terminal for the current screen (escape codes and all)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console = Console(file=io.StringIO(), force_terminal=True, width=app.size[0], legacy_windows=False,
                      color_system="truecolor")
    return "".join(update.render_segments(console))


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
