"""An interview as a state machine: the questions of a plan, each followed by its follow-ups.

``InterviewPlan`` is what the interviewer chose (a named set, or N questions by
category and difficulty drawn with a seed; a time limit per question; whether
the typing test follows). ``Interview`` asks the plan's questions in order.
After a main question is answered, each of its follow-ups (追問) whose ``if``
holds for that answer is asked in turn, with ``{hit}`` filled with the first
key point the answer hit (「除了{hit}呢？」 → 「除了耐心呢？」).

Every answer is scored with the content's scorer and flagged when it was
pasted or arrived faster than anyone types. The engine is deterministic, so an
interrupted interview is rebuilt by replaying its stored answers and goes on
at the next question. Pure: no Textual, no store.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trainer.core.branching import holds
from trainer.core.content import FOLLOW_UP_TAG
from trainer.core.interview_models import FollowUp, Question
from trainer.core.models import Rubric
from trainer.core.result import Result
from trainer.core.scorer import Scorer
from trainer.core.typing_test import FLAG_TIMED_OUT, characters, typing_flags, typing_speed

DEFAULT_TIME_LIMIT = 120  # seconds per question when neither the plan nor the question says
NO_HIT = "剛才說的"  # fills {hit} when the answer hit no key point
CUSTOM = "custom"  # the item id of an interview that is not a named set


@dataclass(frozen=True)
class InterviewPlan:
    """What the interviewer set up; stored as the session's ``meta`` (``to_meta``)."""

    candidate: str
    questions: tuple[str, ...]
    set_id: str = CUSTOM
    title: str = ""
    time_limit: int | None = None  # per question; None: each question's own
    typing: bool = False
    passage: str | None = None  # None: drawn at random when the typing test starts
    seed: int = 0
    interviewer: str = ""
    filters: Mapping[str, Any] = field(default_factory=dict)

    def to_meta(self) -> dict[str, Any]:
        return {
            "questions": list(self.questions), "time_limit": self.time_limit, "typing": self.typing,
            "passage": self.passage, "interviewer": self.interviewer, "filters": dict(self.filters),
            "title": self.title,
        }

    @classmethod
    def from_meta(cls, candidate: str, set_id: str, seed: int, meta: Mapping[str, Any]) -> InterviewPlan:
        limit = meta.get("time_limit")
        return cls(
            candidate=candidate, questions=tuple(str(q) for q in meta.get("questions") or ()),
            set_id=set_id, title=str(meta.get("title") or ""),
            time_limit=int(limit) if isinstance(limit, (int, float)) and limit > 0 else None,
            typing=bool(meta.get("typing")), passage=meta.get("passage") or None, seed=seed,
            interviewer=str(meta.get("interviewer") or ""), filters=dict(meta.get("filters") or {}),
        )


def pick_questions(questions: Iterable[Question], n: int, *, category: str | None = None,
                   difficulty: int | None = None, seed: int = 0) -> tuple[str, ...]:
    """``n`` question ids drawn with ``seed`` from those matching the filters, easiest first.

    ``category`` matches a question's category or any folder above it
    (``面試`` matches ``面試/經典八問``); ``difficulty`` is an exact level.
    """
    pool = [q for q in questions
            if (category is None or q.category == category or q.category.startswith(category + "/"))
            and (difficulty is None or q.difficulty == difficulty)]
    chosen = random.Random(seed).sample(pool, min(max(n, 0), len(pool)))
    order = {q.id: i for i, q in enumerate(pool)}
    chosen.sort(key=lambda q: (q.difficulty, order[q.id]))
    return tuple(q.id for q in chosen)


@dataclass(frozen=True)
class Ask:
    """One question as put to the candidate (a main question or a follow-up)."""

    key: str  # the stored node id: the question id, or ``id#follow-up-N``
    question: Question
    follow_up: int  # 0 for the main question, else the follow-up's number (1-based)
    text: str  # as asked: ``{hit}`` filled
    rubric: Rubric
    number: int  # which question of the plan (1-based)
    total: int  # how many questions the plan has
    time_limit: int  # seconds

    @property
    def progress(self) -> str:
        """「第 3 題，共 8 題」 (and 「追問」 on a follow-up)."""
        text = f"第 {self.number} 題，共 {self.total} 題"
        return text + ("（追問）" if self.follow_up else "")


@dataclass(frozen=True)
class Answer:
    """An answered ask: the reply exactly as given, its score and how it was typed."""

    index: int
    ask: Ask
    reply: str
    result: Result
    latency: float  # seconds from the question being shown to the answer being sent
    typing_seconds: float | None
    cpm: float
    pasted: bool
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Given:
    """What is stored of an answer to replay it."""

    reply: str
    latency: float = 0.0
    typing_seconds: float | None = None
    pasted: bool = False
    timed_out: bool = False
    peak_cpm: float = 0.0  # the fastest 10-second stretch (``TypingTrace.peak``)


class Interview:
    """The interview in progress (see the module docstring)."""

    def __init__(self, plan: InterviewPlan, questions: Mapping[str, Question], scorer: Scorer) -> None:
        missing = [q for q in plan.questions if q not in questions]
        if missing:
            raise KeyError(f"unknown question(s): {', '.join(missing)}")
        self.plan = plan
        self.questions = [questions[q] for q in plan.questions]
        self.scorer = scorer
        self.answers: list[Answer] = []
        self._number = 0  # index of the current question in the plan
        self._queue: list[Ask] = [self._main(0)] if self.questions else []

    @property
    def current(self) -> Ask | None:
        """The question to ask now (None once every question and follow-up is answered)."""
        return self._queue[0] if self._queue else None

    @property
    def finished(self) -> bool:
        return not self._queue

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def total_score(self) -> int:
        """The mean score of every answer, follow-ups included (0 before any)."""
        if not self.answers:
            return 0
        return round(sum(a.result.score for a in self.answers) / len(self.answers))

    def _limit(self, question: Question) -> int:
        return self.plan.time_limit or question.time_limit or DEFAULT_TIME_LIMIT

    def _main(self, number: int) -> Ask:
        q = self.questions[number]
        return Ask(q.id, q, 0, q.ask, q.rubric, number + 1, self.total, self._limit(q))

    def _follow_ups(self, main: Ask, result: Result) -> list[Ask]:
        """The follow-ups whose ``if`` holds for the main answer, ``{hit}`` filled."""
        hit = result.hit_labels[0] if result.hit_labels else NO_HIT
        asks = []
        for i, f in enumerate(main.question.follow_ups, 1):
            if holds(f.when, result, 0):
                asks.append(Ask(f"{main.key}{FOLLOW_UP_TAG}{i}", main.question, i,
                                fill(f, hit), f.rubric, main.number, main.total, main.time_limit))
        return asks

    def answer(self, given: Given) -> Answer:
        """Score the answer to the current question and move on; returns the answer."""
        ask = self.current
        if ask is None:
            raise RuntimeError("the interview has ended")
        result = self.scorer.score(ask.rubric, given.reply)
        chars = len(characters(given.reply))
        flags = typing_flags(chars, given.typing_seconds, given.pasted, given.peak_cpm)
        flags += (FLAG_TIMED_OUT,) if given.timed_out else ()
        answer = Answer(len(self.answers), ask, given.reply, result, given.latency,
                        given.typing_seconds, typing_speed(chars, given.typing_seconds or given.latency),
                        given.pasted, flags)
        self.answers.append(answer)
        self._queue.pop(0)
        if ask.follow_up == 0:
            self._queue[:0] = self._follow_ups(ask, result)
        if not self._queue and self._number + 1 < self.total:
            self._number += 1
            self._queue.append(self._main(self._number))
        return answer

    def replay(self, given: Sequence[Given]) -> None:
        """Rebuild an interrupted interview from its stored answers, in order."""
        for g in given:
            if self.finished:
                break
            self.answer(g)


def fill(follow_up: FollowUp, hit: str) -> str:
    """The follow-up as asked: ``{hit}`` replaced (any other brace left as written)."""
    return follow_up.ask.replace("{hit}", hit)
