"""A manager's review of practice: overrides and comments on any reply, and the review queue.

Functions that take a ``Store``, like ``trainer.store.interviews`` (whose
``turn_overrides`` / ``turn_notes`` tables they share: a practice reply is a
turn like an interview answer). Rows are append-only and kept **beside** the
automatic scores; the latest override is the score that counts
(``trainer.store.counted``).

``override_turn`` is the one function that writes an override, for practice
and interviews alike: it records the row and brings the session's counted total
up to date in the same transaction, so anything else that must follow an
override (derived counts) belongs there.

The review queue lists, for a manager, the replies worth a second look first:
scores that sat near the pass mark, and scenarios where a trainee's exam and
coach results disagree a lot. SQL here is portable (SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from trainer.store import summary
from trainer.store.counted import COUNTED_TURN_SCORE, mean_score, recount
from trainer.store.errors import StoreError
from trainer.store.interviews import NoteRow, OverrideRow
from trainer.store.interviews import review as _marks
from trainer.store.store import Store

NEAR_PASS = 5.0  # a reply within this many points of the pass mark is worth a second look
DISAGREE = 20.0  # exam and coach means this far apart on one scenario: worth a look


@dataclass(frozen=True)
class TurnMarks:
    """What reviewers added to one reply: overrides and comments, oldest first."""

    overrides: tuple[OverrideRow, ...] = ()
    notes: tuple[NoteRow, ...] = ()

    @property
    def override(self) -> OverrideRow | None:
        return self.overrides[-1] if self.overrides else None

    def counted(self, automatic: float) -> float:
        """The score that counts: the latest override, else ``automatic``."""
        return self.override.score if self.override else automatic


@dataclass(frozen=True)
class QueueRow:
    """One entry of the review queue: a reply near the pass mark, or an exam/coach disagreement."""

    why: str  # "near" | "disagree"
    user: str
    session_id: int
    index: int  # the reply to open at (0 for a disagreement: the exam session's first reply)
    item_id: str
    title: str
    mode: str | None
    score: float  # the reply's score (near) or the exam mean (disagree)
    other: float | None  # the coach mean (disagree)
    reply: str
    at: str

    @property
    def gap(self) -> float:
        return abs(self.score - self.other) if self.other is not None else 0.0


def _who(reviewer: str) -> str:
    name = reviewer.strip()
    if not name:
        raise StoreError("the reviewer's name cannot be empty")
    return name


def _turn_id(conn: Any, session_id: int, index: int) -> int:
    row = conn.execute("SELECT id FROM turns WHERE session_id = ? AND idx = ?", (session_id, index)).fetchone()
    if row is None:
        raise StoreError(f"session {session_id} has no answer {index}")
    return int(row[0])


def override_turn(store: Store, session_id: int, index: int, score: float, reviewer: str,
                  reason: str = "") -> None:
    """Give reply ``index`` of a session the score ``score`` (0–100): the one writer of overrides.

    The automatic score stays; the session's counted total follows at once (a
    finished session; an open one is counted when it finishes).
    """
    if not 0 <= score <= 100:
        raise StoreError(f"a score must be between 0 and 100, got {score:g}")
    with store._write() as conn:
        conn.execute("INSERT INTO turn_overrides (turn_id, score, reason, reviewer, at) VALUES (?, ?, ?, ?, ?)",
                     (_turn_id(conn, session_id, index), float(score), reason.strip(), _who(reviewer),
                      store._now()))
        recount(conn, session_id)
        summary.refresh_session(conn, session_id)  # the reports' counts follow in the same commit


def comment_turn(store: Store, session_id: int, index: int, comment: str, reviewer: str) -> None:
    """A reviewer's comment on reply ``index`` (shown to the trainee on their history)."""
    text = comment.strip()
    if not text:
        raise StoreError("a comment cannot be empty")
    with store._write() as conn:
        conn.execute("INSERT INTO turn_notes (turn_id, note, reviewer, at) VALUES (?, ?, ?, ?)",
                     (_turn_id(conn, session_id, index), text, _who(reviewer), store._now()))


def turn_marks(store: Store, session_id: int) -> dict[int, TurnMarks]:
    """Every reviewed reply of a session: turn index -> its overrides and comments."""
    found = _marks(store, session_id)
    return {i: TurnMarks(tuple(found.overrides.get(i, ())), tuple(found.notes.get(i, ())))
            for i in sorted({*found.overrides, *found.notes})}


def automatic_total(scores: Sequence[float]) -> int:
    """A session's automatic total from its replies' automatic scores."""
    return mean_score(scores)


def counted_scores(store: Store, session_id: int) -> list[float]:
    """The counted score of each reply of a session, in order."""
    with store._read() as conn:
        return [float(r[0]) for r in conn.execute(
            f"SELECT {COUNTED_TURN_SCORE} FROM turns t WHERE t.session_id = ? ORDER BY t.idx", (session_id,))]


def latest_overrides(store: Store) -> dict[tuple[int, int], float]:
    """Every overridden reply's counted score: (session id, turn index) -> the latest override.

    One small read (overrides are few), for exports that stream every reply.
    """
    with store._read() as conn:
        rows = conn.execute("SELECT t.session_id, t.idx, o.score FROM turn_overrides o"
                            " JOIN turns t ON t.id = o.turn_id ORDER BY o.id").fetchall()
    return {(int(r[0]), int(r[1])): float(r[2]) for r in rows}


# --- the review queue -----------------------------------------------------------------


def review_queue(store: Store, pass_mark: float, *, since: str = "", near: float = NEAR_PASS,
                 disagree: float = DISAGREE, limit: int = 200) -> list[QueueRow]:
    """What a manager should look at first: exam/coach disagreements (widest first, at most half
    of ``limit``), then unreviewed replies near the pass mark (closest first), trainees' practice only.

    ``since`` (ISO text) limits both to recent activity.
    """
    disagreements = _disagreements(store, since, disagree, limit // 2)  # never crowds replies out
    return disagreements + _near_pass(store, pass_mark, since, near, limit - len(disagreements))


def _near_pass(store: Store, pass_mark: float, since: str, near: float, limit: int) -> list[QueueRow]:
    # Driven from the window's sessions (a small table) into their turns by the turns'
    # (session_id, idx) index: the big turns table is never scanned whole.
    sql = """
        SELECT s.id, t.idx, u.name, s.item_id, s.item_title, s.mode, t.score, t.reply, t.created_at
        FROM turns t JOIN sessions s ON s.id = t.session_id JOIN users u ON u.id = s.user_id
        WHERE t.session_id IN (
                SELECT x.id FROM sessions x
                WHERE x.kind = 'practice' AND x.status <> 'discarded' AND COALESCE(x.finished_at, x.started_at) >= ?)
          AND u.kind = 'trainee' AND t.score >= ? AND t.score <= ?
          AND NOT EXISTS (SELECT 1 FROM turn_overrides o WHERE o.turn_id = t.id)
          AND NOT EXISTS (SELECT 1 FROM turn_notes n WHERE n.turn_id = t.id)
        ORDER BY ABS(t.score - ?), t.created_at DESC, t.id DESC LIMIT ?"""
    with store._read() as conn:
        rows = conn.execute(sql, (since, pass_mark - near, pass_mark + near, pass_mark, int(limit))).fetchall()
    return [QueueRow("near", r[2], r[0], r[1], r[3], r[4] or r[3], r[5], float(r[6]), None, r[7], r[8])
            for r in rows]


def _disagreements(store: Store, since: str, disagree: float, limit: int) -> list[QueueRow]:
    sql = """
        SELECT u.name, s.item_id, MAX(s.item_title),
               AVG(CASE WHEN s.mode = 'exam' THEN s.score END),
               AVG(CASE WHEN s.mode = 'coach' THEN s.score END),
               MAX(CASE WHEN s.mode = 'exam' THEN s.id END), MAX(s.finished_at)
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.kind = 'practice' AND s.status = 'finished' AND u.kind = 'trainee'
          AND s.score IS NOT NULL AND s.finished_at >= ?
        GROUP BY u.name, s.item_id
        HAVING COUNT(CASE WHEN s.mode = 'exam' THEN 1 END) > 0
           AND COUNT(CASE WHEN s.mode = 'coach' THEN 1 END) > 0
           AND ABS(AVG(CASE WHEN s.mode = 'exam' THEN s.score END)
                   - AVG(CASE WHEN s.mode = 'coach' THEN s.score END)) >= ?"""
    with store._read() as conn:
        rows = conn.execute(sql, (since, float(disagree))).fetchall()
    out = [QueueRow("disagree", r[0], int(r[5]), 0, r[1], r[2] or r[1], "exam", float(r[3]), float(r[4]), "", r[6])
           for r in rows]
    out.sort(key=lambda q: (-q.gap, q.user, q.item_id))
    return out[:limit]
