"""Content models (format v1) of the interview bank: questions, follow-ups (追問), sets.

Frozen dataclasses like ``trainer.core.models`` (whose ``Rubric`` they score on),
kept apart so that playing a scenario does not define them: on Python 3.11 each
frozen dataclass compiles six methods when its module is imported.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.core.models import NO_LOC, Condition, Rubric
from trainer.core.problems import Loc


@dataclass(frozen=True)
class FollowUp:
    """A follow-up question (追問); ``{hit}`` in ``ask`` is filled at run time."""

    ask: str
    rubric: Rubric
    when: Condition | None = None
    loc: Loc = NO_LOC


@dataclass(frozen=True)
class Question:
    """An interview question with its rubric and follow-ups."""

    id: str
    ask: str
    rubric: Rubric
    category: str = ""
    difficulty: int = 1
    tags: tuple[str, ...] = ()
    time_limit: int | None = None  # seconds
    follow_ups: tuple[FollowUp, ...] = ()
    loc: Loc = NO_LOC


@dataclass(frozen=True)
class InterviewSet:
    """A named, ordered selection of questions (e.g. a 20-minute screen)."""

    id: str
    title: str
    questions: tuple[str, ...]
    time_limit: int | None = None
    loc: Loc = NO_LOC


@dataclass(frozen=True)
class InterviewBank:
    """One ``interview_bank/<topic>.yaml`` file."""

    category: str
    questions: tuple[Question, ...]
    sets: tuple[InterviewSet, ...] = ()
    path: str = ""
