"""Pilot tests of everything around the chat: who is practising, the picker, resuming,
the debrief's actions, ``play`` straight into a scenario, the display script and the palette."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Select

from tests.ui_helpers import (
    CONTENT,
    USER,
    chat,
    model_answer,
    open_chat,
    play_to_end,
    rig,
    screen_text,
    send,
    settle,
    workers_done,
)
from trainer.core.dialogue import Dialogue
from trainer.store import Store
from trainer.ui.commands import TrainerCommands
from trainer.ui.config import PlayTarget
from trainer.ui.screens.confirm import ConfirmDialog
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.name_prompt import NamePrompt
from trainer.ui.screens.picker import PickerScreen
from trainer.ui.widgets.message_bubble import MessageBubble
from trainer.ui.widgets.reply_box import ReplyBox

SIGNED = "logistics-signed-not-received"


async def test_first_run_asks_a_name_and_remembers_it(tmp_path: Path) -> None:
    r = rig(tmp_path, user=None)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, NamePrompt)
        r.app.screen.query_one(Input).value = "阿美"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(r.app.screen, HomeScreen)
        assert "學員：阿美" in screen_text(r.app)
    assert r.store.get_setting("last_user") == "阿美"
    again = rig(tmp_path, user=None, store=r.store)
    async with again.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.app.screen, HomeScreen)  # asked once only
        assert "學員：阿美" in screen_text(again.app)


async def test_user_option_overrides_the_remembered_name(tmp_path: Path) -> None:
    r = rig(tmp_path, user="老王")
    r.store.set_setting("last_user", "阿美")
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "學員：老王" in screen_text(r.app)


async def test_every_mode_is_ready(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(r.app)
        assert all(mode in text for mode in ("練習", "面試", "打字", "進度")) and "即將推出" not in text


async def test_picker_filters_searches_and_shows_best_and_last(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, SIGNED)
        await play_to_end(pilot, model_answer)
        score = chat(r.app).dialogue.total_score
        await pilot.press("escape")  # back to the picker
        await pilot.pause()
        picker = r.app.screen
        assert isinstance(picker, PickerScreen)
        table = picker.query_one(DataTable)
        picker.query_one(Input).value = ""
        await pilot.pause()
        assert table.row_count == len(CONTENT.scenarios)
        row = table.get_row(SIGNED)
        assert [str(cell) for cell in row[3:5]] == [str(score), str(score)]  # best, last (then the 複習 due marker)
        picker.query_one(Input).value = "签收"  # simplified finds traditional
        await pilot.pause()
        assert SIGNED in [s.id for s in picker.shown]
        picker.query_one(Input).value = ""
        picker.query_one("#category", Select).value = "物流/簽收未收到"
        await pilot.pause()
        assert [s.id for s in picker.shown] == [SIGNED]
        picker.query_one("#category", Select).value = Select.NULL
        picker.query_one("#difficulty", Select).value = 1
        await pilot.pause()
        assert picker.shown and all(s.difficulty == 1 for s in picker.shown)


async def test_f2_switches_the_picker_to_exam_mode(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.press("f2")
        assert "考試模式" in screen_text(r.app)
        r.app.focused.value = CONTENT.scenarios[SIGNED].title  # type: ignore[union-attr]
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert chat(r.app).session.mode == "exam"


async def test_resume_an_unfinished_session_and_finish_it(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        first = model_answer(screen.dialogue)
        await send(pilot, first)
        state = (screen.dialogue.node_id, screen.dialogue.mood, screen.dialogue.line)
        sid = screen.session.session_id
    again = rig(tmp_path, store=r.store)
    async with again.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # Home reads the unfinished conversations off the UI thread
        assert "物流顯示簽收" in screen_text(again.app) and "已答\u00a01\u00a0句" in screen_text(again.app)
        await pilot.press("r")
        await settle(pilot)  # the conversation is rebuilt (its replies re-scored) in a worker
        resumed = chat(again.app)
        assert resumed.session.session_id == sid
        assert (resumed.dialogue.node_id, resumed.dialogue.mood, resumed.dialogue.line) == state
        trainee = [b.message for b in resumed.query(MessageBubble) if b.kind == "trainee"]
        assert trainee == [first]
        assert isinstance(again.app.focused, ReplyBox)
        await play_to_end(pilot, model_answer)
    session = r.store.session(sid)
    assert session.status == "finished" and session.outcome == "resolved"
    assert [t.index for t in r.store.turns(sid)] == list(range(session.turn_count))


async def test_discard_an_unfinished_session(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, "好的")
        sid = screen.session.session_id
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(r.app.screen, HomeScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(r.app.screen, ConfirmDialog)
        assert "丟棄這段對話？" in screen_text(r.app)
        await pilot.press("y")
        await settle(pilot)
        assert "（沒有）" in screen_text(r.app)
    assert r.store.session(sid).status == "discarded"


async def test_debrief_try_again_and_next_scenario(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        first = await open_chat(pilot, SIGNED)
        await play_to_end(pilot, lambda d: "好的")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(r.app.screen, DebriefScreen)
        await pilot.press("r")
        await settle(pilot)
        again = chat(r.app)
        assert again.session.scenario.id == SIGNED
        assert again.session.session_id != first.session.session_id
        await play_to_end(pilot, lambda d: "好的")
        await pilot.press("enter", "n")
        await pilot.pause()
        following = chat(r.app)
        assert following.session.scenario.id == r.app.ctx.next_scenario(SIGNED).id  # type: ignore[union-attr]
        assert len(r.app.screen_stack) == 4  # home, picker, chat: no pile-up of old screens


async def test_play_opens_the_chat_at_a_node_with_a_mood(tmp_path: Path) -> None:
    scenario = CONTENT.scenarios[SIGNED]
    r = rig(tmp_path, play=PlayTarget(scenario, node="checked", mood=80, mode="coach"))
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = chat(r.app)
        assert isinstance(r.app.focused, ReplyBox)
        assert screen.dialogue.node_id == "checked" and screen.dialogue.mood == 80
        assert "心情  80 暴怒" in screen_text(r.app)
        row = r.store.session(screen.session.session_id)
        assert (row.start_node, row.start_mood) == ("checked", 80)


async def test_leaving_a_played_chat_shows_home_built_only_then(tmp_path: Path) -> None:
    r = rig(tmp_path, play=PlayTarget(CONTENT.scenarios[SIGNED]))
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        chat_id = chat(r.app).session.session_id
        assert not any(isinstance(s, HomeScreen) for s in r.app.screen_stack)  # nothing built under it
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(r.app.screen, HomeScreen) and len(r.app.screen_stack) == 2
        assert "選擇模式" in screen_text(r.app)
        # left before any reply: nothing to resume, so it is not listed
        assert r.app.screen.unfinished == []
        assert r.store.session(chat_id).status == "discarded"


async def test_simplified_script_converts_the_screen_but_not_the_score(tmp_path: Path) -> None:
    reply = "親，抱歉讓您著急了，我馬上聯系快遞查詢，您也問問家人或門衛有沒有代收。"
    scores = []
    for script in ("hant", "hans"):
        r = rig(tmp_path / script, script=script)
        async with r.app.run_test(size=(80, 24)) as pilot:
            screen = await open_chat(pilot, SIGNED)
            await send(pilot, reply)
            scores.append(screen.dialogue.turns[0].score)
            text = screen_text(r.app)
            if script == "hans":
                assert "心情" in text and "发送" in text and "离开" in text and "王小姐" in text
                assert "發送" not in text and "分數" not in text
    assert scores[0] == scores[1]


async def test_palette_offers_every_key_of_the_screen(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, SIGNED)
        provider = TrainerCommands(r.app.screen)
        names = [name for name, _help, _run in provider._commands()]
        for words in ("發送", "換行", "提示", "離開", "結束", "切換深色／淺色主題"):
            assert any(words in name for name in names), (words, names)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert "搜尋操作" in screen_text(r.app)


async def test_theme_toggle_and_light_theme_renders(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, SIGNED)
        before = r.app.theme
        r.app.action_toggle_theme()
        await pilot.pause()
        assert r.app.theme != before
        assert "王小姐" in screen_text(r.app)


def test_resume_rebuilds_the_same_dialogue(tmp_path: Path) -> None:
    """The resume contract without the UI: same seed, same start, replayed turns."""
    from trainer.ui.session import ChatSession, Sent

    store = Store.open(":memory:")
    scenario = CONTENT.scenarios[SIGNED]
    live = ChatSession.start(store, USER, CONTENT, scenario, seed=3, node="checked", mood=70)
    live.send(Sent("好的，我幫您查一下", 4.0, 2.0))
    back = ChatSession.resume(store, store.session(live.session_id), scenario, CONTENT)
    assert isinstance(back.dialogue, Dialogue)
    assert (back.dialogue.node_id, back.dialogue.mood, back.dialogue.line) == (
        live.dialogue.node_id, live.dialogue.mood, live.dialogue.line)


def test_mood_meter_reads_without_colour() -> None:
    from trainer.ui.text import mood_word

    assert [mood_word(m)[0] for m in (0, 25, 45, 62, 95)] == ["平靜", "還好", "不耐煩", "生氣", "暴怒"]


async def test_change_user_from_home(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        prompt = r.app.screen
        assert isinstance(prompt, NamePrompt) and prompt.query_one(Input).value == USER
        prompt.query_one(Input).value = "阿芳"
        await pilot.press("enter")
        await pilot.pause()
        assert "學員：阿芳" in screen_text(r.app)
    assert r.store.get_setting("last_user") == "阿芳"


async def test_resume_after_a_kill_between_the_last_reply_and_the_ending(tmp_path: Path) -> None:
    """All replies saved, the ending not: resuming shows the ending and records it."""
    from trainer.ui.session import ChatSession, Sent, turn_row

    r = rig(tmp_path)
    live = ChatSession.start(r.store, USER, CONTENT, CONTENT.scenarios[SIGNED], seed=7)
    live.open_row()  # what the chat screen does in a worker as it opens
    while not live.dialogue.finished:
        turn = live.dialogue.step(model_answer(live.dialogue))
        r.store.record_turn(live.session_id, turn_row(turn, Sent(turn.reply, 0.0, None)))
    assert r.store.session(live.session_id).status == "open"
    async with r.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # Home reads the unfinished conversations off the UI thread
        await pilot.press("r")
        await pilot.pause()
        await workers_done(r.app)
        screen = chat(r.app)
        assert screen.ended and "對話結束：已解決" in screen_text(r.app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(r.app.screen, DebriefScreen)
    session = r.store.session(live.session_id)
    assert (session.status, session.outcome) == ("finished", "resolved")


async def test_play_asks_the_name_first_when_nobody_is_known(tmp_path: Path) -> None:
    r = rig(tmp_path, user=None, play=PlayTarget(CONTENT.scenarios[SIGNED]))
    async with r.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, NamePrompt)
        r.app.screen.query_one(Input).value = "作者"
        await pilot.press("enter")
        await pilot.pause()
        screen = chat(r.app)
        assert isinstance(r.app.focused, ReplyBox)
        assert r.store.session(screen.session.session_id).user == "作者"
