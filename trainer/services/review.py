"""Reviewing practice, between the store and the manager's screens: read a session with its
marks, comment, override, list a trainee's sessions and the review queue.

Screens call these in workers. Who may review is decided before (the manager's
gate, ``trainer.ui.screens.review_gate``); the reviewer's name signs each row.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.store import SessionRow, Store, TurnRow, reviews
from trainer.store.reviews import NEAR_PASS, QueueRow, TurnMarks

__all__ = ["NEAR_PASS", "QueueRow", "SessionReview", "TurnMarks", "comment", "override", "queue", "read",
           "sessions"]


@dataclass(frozen=True)
class SessionReview:
    """A session as a reviewer reads it: the row, its replies, and what reviewers added."""

    session: SessionRow
    turns: list[TurnRow]
    marks: dict[int, TurnMarks]

    @property
    def automatic_total(self) -> int | None:
        return reviews.automatic_total([t.score for t in self.turns]) if self.turns else None

    @property
    def counted_total(self) -> int | None:
        counted = [self.marks[t.index].counted(t.score) if t.index in self.marks else t.score for t in self.turns]
        return reviews.automatic_total(counted) if self.turns else None


def read(store: Store, session_id: int) -> SessionReview:
    return SessionReview(store.session(session_id), store.turns(session_id), reviews.turn_marks(store, session_id))


def sessions(store: Store, user: str, limit: int = 300) -> list[tuple[SessionRow, int]]:
    """The trainee's practice sessions, finished and open (not discarded), newest first, with
    how many of their replies reviewers marked."""
    rows = [s for s in store.sessions(user, "practice", limit) if s.status != "discarded"]
    return [(s, len(reviews.turn_marks(store, s.id))) for s in rows]


def comment(store: Store, session_id: int, index: int, text: str, reviewer: str) -> None:
    reviews.comment_turn(store, session_id, index, text, reviewer)


def override(store: Store, session_id: int, index: int, score: float, reviewer: str, reason: str) -> None:
    reviews.override_turn(store, session_id, index, score, reviewer, reason)


def queue(store: Store, pass_mark: float, since: str) -> list[QueueRow]:
    return reviews.review_queue(store, pass_mark, since=since)
