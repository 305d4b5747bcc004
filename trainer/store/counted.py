"""The score that counts: a reviewer's latest override of a reply, else the automatic score.

Overrides (``turn_overrides``) are kept beside the automatic scores, never in
their place. What every figure counts is derived from both:

- a reply counts its latest override when it has one (``COUNTED_TURN_SCORE``,
  a SQL expression over a ``turns t`` row), else ``turns.score``;
- a finished practice or interview session's ``sessions.score`` is kept equal
  to the rounded mean of its counted reply scores (``recount``), so the team
  view, the reports, mastery and spaced practice — which read ``sessions.score``
  — count overrides without a join. The automatic total is the mean of
  ``turns.score`` and is recomputed where it is shown beside.

Plain functions over a connection inside the caller's transaction (no ``Store``
import), so ``Store.finish_session`` and the override writer share them. The
SQL is portable (SQLite and PostgreSQL): ``?`` marks, no dialect functions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

RECOUNTED_KINDS = ("practice", "interview")  # typing sessions score 字/分鐘, not replies

# The counted score of the reply in `turns t`: its latest override, else the automatic score.
COUNTED_TURN_SCORE = ("COALESCE((SELECT o.score FROM turn_overrides o WHERE o.turn_id = t.id"
                      " ORDER BY o.id DESC LIMIT 1), t.score)")


def mean_score(scores: Sequence[float]) -> int:
    """The session total as the dialogue and the interview compute it: the rounded mean (0 if none)."""
    return round(sum(scores) / len(scores)) if scores else 0


def has_overrides(conn: sqlite3.Connection, session_id: int) -> bool:
    row = conn.execute("SELECT 1 FROM turn_overrides o JOIN turns t ON t.id = o.turn_id"
                       " WHERE t.session_id = ? LIMIT 1", (session_id,)).fetchone()
    return row is not None


def recount(conn: sqlite3.Connection, session_id: int) -> None:
    """Set a finished session's total to the mean of its counted reply scores (others: untouched).

    Only sessions with an override change: without one the stored total is the
    automatic one, exactly as the dialogue computed it.
    """
    row = conn.execute("SELECT kind, status FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None or row[0] not in RECOUNTED_KINDS or row[1] != "finished":
        return
    if not has_overrides(conn, session_id):
        return
    scores = [float(r[0]) for r in conn.execute(
        f"SELECT {COUNTED_TURN_SCORE} FROM turns t WHERE t.session_id = ? ORDER BY t.idx", (session_id,))]
    conn.execute("UPDATE sessions SET score = ? WHERE id = ?", (float(mean_score(scores)), session_id))
