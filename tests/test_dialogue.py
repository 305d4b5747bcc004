"""The dialogue engine, walked along good, poor and rude paths of every bundled scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.core.dialogue import NUDGES, Dialogue, SentReply, typing_speed
from trainer.core.loader import load_content
from trainer.core.models import ENDINGS

ROOT = Path(__file__).resolve().parent.parent
CONTENT, _ = load_content(ROOT)
SCENARIOS = sorted(CONTENT.scenarios)
MAX_TURNS = 40


def walk(scenario_id: str, reply_for, seed: int = 1) -> Dialogue:  # type: ignore[no-untyped-def]
    d = Dialogue(CONTENT.scenarios[scenario_id], CONTENT.scorer, seed=seed)
    for _ in range(MAX_TURNS):
        if d.finished:
            break
        d.step(reply_for(d))
    return d


def model_answer(d: Dialogue) -> str:
    assert d.rubric is not None
    return d.rubric.answers[0]


def test_there_is_bundled_content_to_walk() -> None:
    assert len(SCENARIOS) >= 3


@pytest.mark.parametrize("sid", SCENARIOS)
def test_model_answers_resolve_the_case(sid: str) -> None:
    d = walk(sid, model_answer)
    assert d.outcome == "resolved"
    assert all(t.result.passed for t in d.turns)
    assert d.mood < CONTENT.scenarios[sid].buyer.mood + 1  # good replies calm the buyer


@pytest.mark.parametrize("sid", SCENARIOS)
@pytest.mark.parametrize("reply", ["好的", "嗯嗯，知道了"])
def test_poor_replies_reach_an_ending(sid: str, reply: str) -> None:
    d = walk(sid, lambda d: reply)
    assert d.outcome in ENDINGS
    assert d.outcome != "resolved"


@pytest.mark.parametrize("sid", SCENARIOS)
def test_rude_replies_anger_the_buyer_and_lose_the_case(sid: str) -> None:
    start = CONTENT.scenarios[sid].buyer.mood
    d = walk(sid, lambda d: "你自己不會看嗎？愛買不買。")
    assert d.outcome in ("lost", "escalated")
    assert d.turns[0].mood_after > start


def test_same_seed_same_conversation() -> None:
    sid = SCENARIOS[0]
    a = walk(sid, model_answer, seed=7)
    b = walk(sid, model_answer, seed=7)
    assert [t.buyer_line for t in a.turns] == [t.buyer_line for t in b.turns]
    assert [(t.score, t.mood_after) for t in a.turns] == [(t.score, t.mood_after) for t in b.turns]


def test_nudge_is_a_chasing_line_and_angers_the_buyer() -> None:
    d = Dialogue(CONTENT.scenarios[SCENARIOS[0]], CONTENT.scorer, seed=3)
    before = d.mood
    line = d.nudge()
    assert line in NUDGES and d.mood > before
    turn = d.step(model_answer(d), latency=75.0)
    assert turn.nudges == 1 and turn.latency == 75.0


def test_hints_show_labels_not_answers_and_cost_points() -> None:
    scenario = CONTENT.scenarios[SCENARIOS[0]]
    plain = Dialogue(scenario, CONTENT.scorer)
    hinted = Dialogue(scenario, CONTENT.scorer)
    labels = hinted.hint()
    assert labels == tuple(p.label for p in hinted.rubric.points)  # type: ignore[union-attr]
    assert not set(labels) & set(hinted.rubric.answers)  # type: ignore[union-attr]
    reply = model_answer(plain)
    assert hinted.step(reply).score < plain.step(reply).score
    assert hinted.turns[0].hints == 1


def test_replay_rebuilds_the_same_state() -> None:
    sid = SCENARIOS[0]
    live = Dialogue(CONTENT.scenarios[sid], CONTENT.scorer, seed=5)
    live.nudge()
    live.step(model_answer(live), latency=12.0, typing_seconds=10.0)
    live.hint()
    live.step("好的", latency=3.0)
    records = [SentReply(t.reply, t.latency, None, t.hints, t.nudges) for t in live.turns]
    records[0] = SentReply(live.turns[0].reply, 12.0, 10.0, 0, 1)
    resumed = Dialogue(CONTENT.scenarios[sid], CONTENT.scorer, seed=5)
    resumed.replay(records)
    assert (resumed.node_id, resumed.mood, resumed.line) == (live.node_id, live.mood, live.line)
    assert [t.score for t in resumed.turns] == [t.score for t in live.turns]


def test_step_after_the_end_is_refused() -> None:
    d = walk(SCENARIOS[0], model_answer)
    with pytest.raises(RuntimeError):
        d.step("還有問題嗎？")


@pytest.mark.parametrize(("reply", "seconds", "cpm"), [("親您好", 6.0, 30.0), ("a b c", 3.0, 60.0), ("親", 0, 0.0)])
def test_typing_speed_counts_characters_per_minute(reply: str, seconds: float, cpm: float) -> None:
    assert typing_speed(reply, seconds) == cpm
