"""The interview engine (pure): picking questions, follow-ups in turn with {hit}, flags, replay."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from trainer.core.interview import (
    DEFAULT_TIME_LIMIT,
    NO_HIT,
    Given,
    Interview,
    InterviewPlan,
    pick_questions,
)
from trainer.core.loader import load_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT, _ = load_content(ROOT)
QUALITY = "iv-most-important-quality"  # follow-up 「除了{hit}呢？」 if score_above 30
IDLE = "iv-idle-time"  # a follow-up with no condition
SALARY = "iv-salary"  # no follow-up


def plan(*questions: str, **changes: object) -> InterviewPlan:
    return replace(InterviewPlan("陳小華", tuple(questions)), **changes)  # type: ignore[arg-type]


def interview(*questions: str, **changes: object) -> Interview:
    return Interview(plan(*questions, **changes), CONTENT.questions, CONTENT.scorer)


def model(iv: Interview) -> Given:
    """The current question's first model answer, typed at a human pace."""
    assert iv.current is not None
    return Given(iv.current.rubric.answers[0], latency=50, typing_seconds=45)


# --- asking in turn -----------------------------------------------------------------------


def test_follow_up_is_asked_next_with_the_first_key_point_hit() -> None:
    iv = interview(QUALITY, SALARY)
    assert iv.current is not None and iv.current.progress == "第 1 題，共 2 題"
    first = iv.answer(model(iv))
    ask = iv.current
    assert ask is not None
    assert (ask.key, ask.follow_up, ask.number) == (f"{QUALITY}#follow-up-1", 1, 1)
    assert ask.text == f"除了{first.result.hit_labels[0]}呢？" == "除了耐心呢？"
    assert ask.progress == "第 1 題，共 2 題（追問）"
    iv.answer(model(iv))
    assert iv.current is not None and (iv.current.key, iv.current.progress) == (SALARY, "第 2 題，共 2 題")
    iv.answer(model(iv))
    assert iv.finished and iv.current is None
    assert [a.ask.key for a in iv.answers] == [QUALITY, f"{QUALITY}#follow-up-1", SALARY]


@pytest.mark.parametrize(
    ("reply", "asked"),
    [
        ("我認為最重要的是耐心，還要態度親切，站在買家角度幫他解決問題。", True),  # score well above 30
        ("沒想過，隨便啦。", False),  # breaks a rule: score capped below 30, no follow-up
        ("", False),  # empty: 0
    ],
)
def test_a_follow_up_with_a_condition_is_asked_only_when_it_holds(reply: str, asked: bool) -> None:
    iv = interview(QUALITY, SALARY)
    iv.answer(Given(reply, 30, 25))
    assert iv.current is not None
    assert (iv.current.follow_up == 1) is asked
    assert iv.current.key == (f"{QUALITY}#follow-up-1" if asked else SALARY)


def test_a_follow_up_without_a_condition_is_always_asked_and_hit_has_a_fallback() -> None:
    iv = interview(IDLE)
    iv.answer(Given("不知道。", 5, 3))
    assert iv.current is not None and iv.current.key == f"{IDLE}#follow-up-1"
    quality = CONTENT.questions[QUALITY]
    assert "{hit}" in quality.follow_ups[0].ask
    from trainer.core.interview import fill

    assert fill(quality.follow_ups[0], NO_HIT) == f"除了{NO_HIT}呢？"


@pytest.mark.parametrize(
    ("plan_limit", "question", "expected"),
    [
        (None, QUALITY, CONTENT.questions[QUALITY].time_limit),  # the question's own
        (45, QUALITY, 45),  # the interviewer's choice wins
        (None, "know-shoe-product", CONTENT.questions["know-shoe-product"].time_limit or DEFAULT_TIME_LIMIT),
    ],
)
def test_time_limit_per_question(plan_limit: int | None, question: str, expected: int) -> None:
    iv = interview(question, time_limit=plan_limit)
    assert iv.current is not None and iv.current.time_limit == expected


def test_unknown_question_is_refused() -> None:
    with pytest.raises(KeyError, match="no-such-question"):
        interview(QUALITY, "no-such-question")


# --- flags ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "flags"),
    [
        (Given("我認為最重要的是耐心，態度要好，幫買家解決問題。", 40, 30), ()),
        (Given("我認為最重要的是耐心，態度要好，幫買家解決問題。", 40, 30, pasted=True), ("pasted",)),
        (Given("我認為最重要的是耐心，態度要好，幫買家解決問題。", 3, 1.5), ("too_fast",)),  # 920 字/分
        (Given("我認為最重要的是耐心，態度要好，幫買家解決問題。", 40, 30, peak_cpm=600), ("too_fast",)),
        (Given("耐心", 120, 0.2), ()),  # too short to judge its speed
        (Given("我覺得是耐心", 120, 20, timed_out=True), ("timed_out",)),
    ],
)
def test_answers_are_flagged(given: Given, flags: tuple[str, ...]) -> None:
    iv = interview(SALARY)
    assert iv.answer(given).flags == flags


def test_every_answer_is_kept_exactly_as_given() -> None:
    iv = interview(SALARY)
    reply = "  試用期 3000，\n轉正 3500。  "
    assert iv.answer(Given(reply, 10, 8)).reply == reply


# --- choosing questions, the plan ----------------------------------------------------------


def test_pick_questions_is_seeded_filtered_and_easiest_first() -> None:
    questions = list(CONTENT.questions.values())
    a = pick_questions(questions, 5, seed=3)
    assert a == pick_questions(questions, 5, seed=3) and len(a) == 5
    assert a != pick_questions(questions, 5, seed=4)
    levels = [CONTENT.questions[q].difficulty for q in a]
    assert levels == sorted(levels)
    classic = pick_questions(questions, 100, category="面試/經典八問")
    assert classic and all(CONTENT.questions[q].category == "面試/經典八問" for q in classic)
    under = pick_questions(questions, 100, category="面試")  # a folder takes everything under it
    assert set(classic) < set(under)
    assert all(CONTENT.questions[q].difficulty == 2 for q in pick_questions(questions, 100, difficulty=2))
    assert pick_questions(questions, 3, category="沒有這個分類") == ()


def test_plan_round_trips_through_the_session_meta() -> None:
    p = InterviewPlan("陳小華", (QUALITY, SALARY), "screen-classic", "經典八問", 90, True, "welcome", 7,
                      "王經理", {"count": 2})
    assert InterviewPlan.from_meta("陳小華", "screen-classic", 7, p.to_meta()) == p


# --- resuming ------------------------------------------------------------------------------


def test_replay_resumes_at_the_next_question_even_inside_follow_ups() -> None:
    iv = interview(QUALITY, SALARY)
    given = [model(iv)]
    iv.answer(given[0])
    again = interview(QUALITY, SALARY)
    again.replay(given)
    assert again.current is not None and again.current.key == f"{QUALITY}#follow-up-1"
    assert again.current.text == "除了耐心呢？"
    assert [a.result for a in again.answers] == [a.result for a in iv.answers]
    assert again.total_score == iv.total_score
