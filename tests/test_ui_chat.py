"""Pilot tests of the chat screen: whole bundled scenarios played by typing replies.

Each test asserts what the trainee sees (transcript, mood, feedback, ending,
debrief) and what the store holds (one committed row per reply, the finished
session). Deterministic: fixed seed, fake clock, no typing pause, no sleeps.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
    toasted,
)
from trainer.core.dialogue import HINT_COST, NUDGES
from trainer.ui.config import Typing
from trainer.ui.screens.debrief import DebriefScreen
from trainer.ui.widgets.feedback_panel import FeedbackPanel
from trainer.ui.widgets.message_bubble import MessageBubble
from trainer.ui.widgets.mood_meter import MoodMeter
from trainer.ui.widgets.reply_box import ReplyBox

SIGNED = "logistics-signed-not-received"
# One scenario per top-level category (售前, 售後, 物流, …): the engine tests walk
# every scenario; here each whole conversation costs ~1 s of Pilot time.
SAMPLE = sorted({s.category.split("/")[0]: s.id
                 for s in sorted(CONTENT.scenarios.values(), key=lambda s: s.id, reverse=True)}.values())
GOOD = ("親，抱歉讓您著急了，您先別擔心。我這就聯系圓通快遞查詢是誰簽收的；也麻煩您問一下家人、"
        "門衛或者附近的快遞櫃、驛站，看是不是被代收了，我查到結果馬上回覆您。")


def bubbles(app, kind: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.message for b in app.screen.query(MessageBubble) if b.kind == kind]


@pytest.mark.parametrize("sid", SAMPLE)
async def test_model_answers_resolve_bundled_scenarios(tmp_path: Path, sid: str) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, sid)
        sent = await play_to_end(pilot, model_answer)
        d = screen.dialogue
        assert d.outcome == "resolved"
        assert bubbles(r.app, "trainee") == sent
        assert len(r.app.screen.query("#transcript FeedbackPanel")) == len(sent)
        assert len(r.app.screen.query("#coach FeedbackPanel")) == len(sent)  # shown at 120+ columns
        assert r.app.screen.query_one(MoodMeter).mood == d.mood
        rows = r.store.turns(screen.session.session_id)
        assert [t.reply for t in rows] == sent
        assert [t.prompt for t in rows] == [t.buyer_line for t in d.turns]
        session = r.store.session(screen.session.session_id)
        assert (session.status, session.outcome, session.score) == ("finished", "resolved", d.total_score)


async def test_transcript_mood_feedback_and_debrief(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        first_line = screen.dialogue.line
        assert bubbles(r.app, "buyer") == [first_line]
        start_mood = screen.dialogue.mood
        await send(pilot, GOOD)
        turn = screen.dialogue.turns[0]
        assert bubbles(r.app, "trainee") == [GOOD]
        assert bubbles(r.app, "buyer") == [first_line, screen.dialogue.line]
        meter = r.app.screen.query_one(MoodMeter)
        assert meter.mood == turn.mood_after < start_mood
        text = screen_text(r.app)
        assert f"分數 {turn.score}（通過）" in text
        assert "✓ 安撫道歉" in text
        assert "參考答案" in text
        assert f"心情 {turn.mood_after:>3}" in text
        await play_to_end(pilot, model_answer)
        assert "對話結束：已解決" in screen_text(r.app)
        await pilot.press("enter")  # the debrief
        await pilot.pause()
        assert isinstance(r.app.screen, DebriefScreen)
        text = screen_text(r.app)
        assert "結果：已解決" in text and f"總分 {screen.dialogue.total_score}" in text
        assert "第 1 句" in text and "參考答案" in text


async def test_poor_replies_lose_the_buyer_and_the_debrief_names_missed_points(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        sent = await play_to_end(pilot, lambda d: "好的")
        assert screen.dialogue.outcome in ("lost", "escalated")
        await pilot.press("enter")
        await pilot.pause()
        debrief = r.app.screen
        assert isinstance(debrief, DebriefScreen)
        missed = str(debrief.query_one("#missed").render())
        assert "最常漏掉的要點" in missed
        rows = r.store.turns(screen.session.session_id)
        assert len(rows) == len(sent)
        assert all(not t.passed for t in rows)
        assert all((t.mood_after or 0) >= (t.mood_before or 0) for t in rows)
        assert rows[0].result["points"]["missed"]  # the full breakdown is stored


async def test_every_reply_is_committed_with_its_breakdown_before_the_next(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        r.clock.advance(12.5)
        await send(pilot, GOOD)
        [row] = r.store.turns(screen.session.session_id)
        turn = screen.dialogue.turns[0]
        assert row.reply == GOOD and row.node_id == "open" and row.index == 0
        assert row.latency == 12.5
        assert (row.score, row.raw_score, row.passed) == (turn.score, turn.result.score, True)
        assert (row.mood_before, row.mood_after, row.next_node) == (
            turn.mood_before, turn.mood_after, turn.next_node)
        assert row.result == turn.result.to_dict()
        assert r.store.session(screen.session.session_id).status == "open"


async def test_exam_mode_hides_feedback_mood_and_model_answers(tmp_path: Path) -> None:
    r = rig(tmp_path, mode="exam")
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        assert screen.session.mode == "exam"
        assert not r.app.screen.query_one(MoodMeter).display
        await send(pilot, GOOD)
        text = screen_text(r.app)
        assert not r.app.screen.query(FeedbackPanel)
        assert "分數" not in text and "參考答案" not in text and "心情" not in text
        assert "提示" not in text  # no hint key in the footer
        await pilot.press("ctrl+t")
        assert screen.dialogue.hints == 0
        await play_to_end(pilot, model_answer)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(r.app)
        assert "考試模式" in text and "總分" in text
        assert "參考答案" not in text
        assert r.store.session(screen.session.session_id).mode == "exam"


async def test_hint_shows_labels_not_answers_and_costs_points(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await pilot.press("ctrl+t")
        await pilot.pause()
        note = bubbles(r.app, "note")[-1]
        rubric = screen.dialogue.rubric
        assert rubric is not None
        assert all(p.label in note for p in rubric.points)
        assert all(answer not in note for answer in rubric.answers)
        await send(pilot, GOOD)
        [row] = r.store.turns(screen.session.session_id)
        assert row.hints == 1 and row.score == max(0, row.raw_score - HINT_COST)


async def test_buyer_nudges_when_patience_runs_out(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        patience = screen.session.scenario.patience
        mood = screen.dialogue.mood
        r.clock.advance(patience - 1)
        await screen.tick()
        assert len(bubbles(r.app, "buyer")) == 1
        r.clock.advance(1)
        await screen.tick()
        await pilot.pause()
        assert bubbles(r.app, "buyer")[-1] in NUDGES
        assert r.app.screen.query_one(MoodMeter).mood == mood + 5
        assert "等待 1:00 / 1:00" in screen_text(r.app)
        await send(pilot, GOOD)
        [row] = r.store.turns(screen.session.session_id)
        assert row.nudges == 1 and row.latency == patience


async def test_buyer_types_before_the_next_line(tmp_path: Path) -> None:
    r = rig(tmp_path, typing=Typing(base=600.0, per_char=0.0, cap=600.0))
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, GOOD)
        assert "正在輸入…" in screen_text(r.app)
        assert len(bubbles(r.app, "buyer")) == 1  # the next line is still being "typed"
        assert screen.busy
        assert len(r.store.turns(screen.session.session_id)) == 1  # but the reply is saved


def test_typing_pause_grows_with_the_line_and_is_capped() -> None:
    typing = Typing(base=0.4, per_char=0.05, cap=2.0)
    assert typing.pause("好") < typing.pause("好" * 10) < typing.pause("好" * 100) == 2.0
    assert Typing(0, 0, 0).pause("好" * 100) == 0


async def test_empty_reply_is_not_sent_and_ctrl_j_adds_a_line(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, "   ")
        assert r.store.turns(screen.session.session_id) == []
        box = r.app.screen.query_one(ReplyBox)
        box.text = "親，抱歉"
        box.move_cursor(box.document.end)
        await pilot.press("ctrl+j")
        assert box.text == "親，抱歉\n"
        box.insert("我馬上聯系快遞查詢")
        await pilot.press("enter")
        await settle(pilot)
        [row] = r.store.turns(screen.session.session_id)
        assert row.reply == "親，抱歉\n我馬上聯系快遞查詢"
        assert box.text == ""


async def test_leaving_keeps_the_session_open_for_later(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        await send(pilot, GOOD)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(r.app.screen, type(screen))
        [row] = r.store.unfinished_sessions(USER, "practice")
        assert row.id == screen.session.session_id and row.turn_count == 1


async def test_reply_box_has_focus_and_the_footer_names_the_keys(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_chat(pilot, SIGNED)
        assert isinstance(r.app.focused, ReplyBox)
        footer = screen_text(r.app).splitlines()[-1]
        for words in ("發送", "換行", "提示", "離開", "命令"):
            assert words in footer
        assert chat(r.app).feedback_latencies == []


async def test_a_pasted_reply_is_inserted_and_marked(tmp_path: Path) -> None:
    from textual import events

    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        box = r.app.screen.query_one(ReplyBox)
        r.app.post_message(events.Paste(GOOD))  # as the driver does: the app forwards it
        await pilot.pause()
        assert box.text == GOOD and box.pasted
        await pilot.press("enter")
        await settle(pilot)
        [row] = r.store.turns(screen.session.session_id)
        assert row.reply == GOOD and row.pasted


async def test_a_reply_the_store_refuses_is_reported_and_kept_in_the_box(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await open_chat(pilot, SIGNED)
        r.store.discard_session(screen.session.session_id)  # e.g. discarded from another window
        await send(pilot, GOOD)
        assert r.app.screen is screen  # the chat stays open: the reply is not lost
        box = screen.query_one("#reply", ReplyBox)
        assert box.text == GOOD and box.read_only
        assert toasted(r.app, "無法保存這句回覆")
