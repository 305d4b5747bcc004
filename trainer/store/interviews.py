"""The interviewer's side of interviews, and typing-test results (schema version 2).

Functions that take a ``Store``; they share its connection, lock and clock, and
each write is one committed transaction like the ``Store`` methods. The
interviewer's overrides, notes and decisions are append-only rows kept
**beside** the automatic scores (never replacing them): the latest row is the
current one, the earlier ones are the history. Turns are named by
``(session id, turn index)``. The interviewer passphrase is a store setting
holding only a salted scrypt (or PBKDF2) hash. See docs/interview.md.
"""

from __future__ import annotations

import hmac
import json
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from trainer.store.counted import COUNTED_TURN_SCORE
from trainer.store.errors import StoreError
from trainer.store.hashing import hash_secret as _hash
from trainer.store.rows import SESSION_SELECT, TURN_COLUMNS, SessionRow, TurnRow, session_from_row, turn_values
from trainer.store.store import Store

PASSPHRASE_KEY = "interviewer_passphrase"
DECISIONS = ("錄用", "待定", "不錄用")


@dataclass(frozen=True)
class OverrideRow:
    """A score the interviewer gave an answer instead of the automatic one."""

    index: int  # the turn's index in its session
    score: float
    reason: str
    reviewer: str
    at: str


@dataclass(frozen=True)
class NoteRow:
    """The interviewer's note on an answer."""

    index: int
    note: str
    reviewer: str
    at: str


@dataclass(frozen=True)
class DecisionRow:
    """錄用 / 待定 / 不錄用, with a comment."""

    decision: str
    comment: str
    reviewer: str
    at: str


@dataclass(frozen=True)
class TypingRow:
    """One finished typing test: a candidate's (``interview_id`` set) or a trainee's."""

    session_id: int
    user: str
    passage_id: str
    cpm: float
    accuracy: float
    seconds: float
    chars: int
    errors: int
    completed: bool
    passed: bool
    pass_cpm: float
    pass_accuracy: float
    flags: tuple[str, ...]
    interview_id: int | None
    at: str  # when it finished


@dataclass(frozen=True)
class Review:
    """Everything the interviewer added to one interview, and its typing tests."""

    overrides: dict[int, list[OverrideRow]]  # turn index -> oldest first
    notes: dict[int, list[NoteRow]]
    decisions: list[DecisionRow]  # oldest first
    typing: list[TypingRow]

    @property
    def decision(self) -> DecisionRow | None:
        return self.decisions[-1] if self.decisions else None

    def override(self, index: int) -> OverrideRow | None:
        """The current override of a turn, if any."""
        rows = self.overrides.get(index)
        return rows[-1] if rows else None


# --- the interviewer passphrase -------------------------------------------------------


def has_passphrase(store: Store) -> bool:
    return store.get_setting(PASSPHRASE_KEY) is not None


def set_passphrase(store: Store, passphrase: str) -> None:
    """Store a salted hash of ``passphrase`` (never the passphrase itself)."""
    if not passphrase:
        raise StoreError("the interviewer passphrase cannot be empty")
    store.set_setting(PASSPHRASE_KEY, _hash(passphrase, secrets.token_bytes(16)))


def check_passphrase(store: Store, passphrase: str) -> bool:
    """Whether ``passphrase`` is the one set (False when none is set)."""
    stored = store.get_setting(PASSPHRASE_KEY)
    if stored is None:
        return False
    try:
        return hmac.compare_digest(_hash(passphrase, b"", stored), stored)
    except (ValueError, IndexError, AttributeError):  # a hash this build cannot read
        return False


# --- overrides, notes, decisions ------------------------------------------------------


def _turn_id(conn: sqlite3.Connection, session_id: int, index: int) -> int:
    row = conn.execute("SELECT id FROM turns WHERE session_id = ? AND idx = ?",
                       (session_id, index)).fetchone()
    if row is None:
        raise StoreError(f"session {session_id} has no answer {index}")
    return int(row[0])


def add_override(store: Store, session_id: int, index: int, score: float, reviewer: str,
                 reason: str = "") -> None:
    """Give answer ``index`` the score ``score`` (0–100), beside its automatic score.

    Written by ``trainer.store.reviews.override_turn``, the one writer of overrides.
    """
    from trainer.store.reviews import override_turn  # reviews builds on this module

    override_turn(store, session_id, index, score, reviewer, reason)


def add_note(store: Store, session_id: int, index: int, note: str, reviewer: str) -> None:
    """Add the interviewer's note to answer ``index`` (the latest note is shown first)."""
    with store._write() as conn:
        conn.execute("INSERT INTO turn_notes (turn_id, note, reviewer, at) VALUES (?, ?, ?, ?)",
                     (_turn_id(conn, session_id, index), note.strip(), _who(reviewer), store._now()))


def decide(store: Store, session_id: int, decision: str, comment: str, reviewer: str) -> None:
    """Record the decision on an interview (錄用 / 待定 / 不錄用)."""
    if decision not in DECISIONS:
        raise StoreError(f"unknown decision {decision!r} (expected {' / '.join(DECISIONS)})")
    with store._write() as conn:
        kind = conn.execute("SELECT kind FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if kind is None or kind[0] != "interview":
            raise StoreError(f"session {session_id} is not an interview")
        conn.execute("INSERT INTO session_decisions (session_id, decision, comment, reviewer, at)"
                     " VALUES (?, ?, ?, ?, ?)",
                     (session_id, decision, comment.strip(), _who(reviewer), store._now()))


def _who(reviewer: str) -> str:
    name = reviewer.strip()
    if not name:
        raise StoreError("the interviewer's name cannot be empty")
    return name


def review(store: Store, session_id: int) -> Review:
    """The overrides, notes, decisions and typing results of one interview."""
    out = Review({}, {}, [], [])
    by_turn = "FROM {} x JOIN turns t ON t.id = x.turn_id WHERE t.session_id = ? ORDER BY x.id"
    with store._read() as conn:
        for r in conn.execute("SELECT t.idx, x.score, x.reason, x.reviewer, x.at "
                              + by_turn.format("turn_overrides"), (session_id,)):
            out.overrides.setdefault(r[0], []).append(OverrideRow(r[0], r[1], r[2], r[3], r[4]))
        for r in conn.execute("SELECT t.idx, x.note, x.reviewer, x.at " + by_turn.format("turn_notes"),
                              (session_id,)):
            out.notes.setdefault(r[0], []).append(NoteRow(r[0], r[1], r[2], r[3]))
        out.decisions.extend(DecisionRow(r[0], r[1], r[2], r[3]) for r in conn.execute(
            "SELECT decision, comment, reviewer, at FROM session_decisions WHERE session_id = ?"
            " ORDER BY id", (session_id,)))
    out.typing.extend(typing_results(store, interview_id=session_id))
    return out


# --- listing interviews ---------------------------------------------------------------


def interviews(store: Store, limit: int = 500) -> list[tuple[SessionRow, DecisionRow | None]]:
    """Every interview (every candidate, every status but discarded), newest first."""
    with store._read() as conn:
        rows = conn.execute(SESSION_SELECT + " WHERE s.kind = 'interview' AND s.status != 'discarded'"
                            " ORDER BY s.started_at DESC, s.id DESC LIMIT ?", (int(limit),)).fetchall()
        decided = {r[0]: DecisionRow(r[1], r[2], r[3], r[4]) for r in conn.execute(
            "SELECT session_id, decision, comment, reviewer, at FROM session_decisions ORDER BY id")}
    return [(s, decided.get(s.id)) for s in (session_from_row(r) for r in rows)]


def totals(store: Store) -> dict[int, tuple[float, float]]:
    """interview id -> (counted total, automatic total): the mean answer score with and without
    the latest override of each answer (the report's 採計總分 and 自動總分, unrounded)."""
    sql = (f"SELECT t.session_id, AVG({COUNTED_TURN_SCORE}), AVG(t.score)"
           " FROM turns t JOIN sessions s ON s.id = t.session_id"
           " WHERE s.kind = 'interview' AND s.status != 'discarded' GROUP BY t.session_id")
    with store._read() as conn:
        return {int(r[0]): (float(r[1]), float(r[2])) for r in conn.execute(sql) if r[1] is not None}


# --- typing tests ---------------------------------------------------------------------


def record_typing(store: Store, session_id: int, turn: TurnRow, result: dict[str, Any],
                  pass_cpm: float, pass_accuracy: float, interview_id: int | None = None) -> None:
    """Commit a finished typing test at once: its turn, its measurements, the session's end.

    ``result`` is ``TypingResult.to_dict()``; the session is finished with outcome
    ``passed`` / ``failed`` and score = its 字/分鐘.
    """
    with store._write() as conn:
        store._require_open(conn, session_id, "record a typing test in")
        marks = ", ".join("?" * (len(TURN_COLUMNS) + 1))
        conn.execute(f"INSERT INTO turns (session_id, {', '.join(TURN_COLUMNS)}) VALUES ({marks})",
                     turn_values(session_id, turn, store._now()))
        conn.execute(
            "INSERT INTO typing_results (session_id, passage_id, cpm, accuracy, seconds, chars, errors,"
            " completed, passed, pass_cpm, pass_accuracy, flags, interview_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (session_id, str(result["passage"]), float(result["cpm"]), float(result["accuracy"]),
             float(result["seconds"]), int(result["chars"]), int(result["errors"]),
             int(bool(result["completed"])), int(bool(result["passed"])), float(pass_cpm),
             float(pass_accuracy), json.dumps(list(result.get("flags") or [])), interview_id))
        conn.execute("UPDATE sessions SET status = 'finished', outcome = ?, score = ?, finished_at = ?"
                     " WHERE id = ?", ("passed" if result["passed"] else "failed",
                                       float(result["cpm"]), store._now(), session_id))


def typing_results(store: Store, user: str | None = None, *, interview_id: int | None = None,
                   limit: int = 100) -> list[TypingRow]:
    """Finished typing tests, newest first: one person's, one interview's, or everyone's."""
    sql = ("SELECT r.*, u.name AS user, s.finished_at FROM typing_results r"
           " JOIN sessions s ON s.id = r.session_id JOIN users u ON u.id = s.user_id WHERE 1 = 1")
    args: list[Any] = []
    if user is not None:
        sql, args = sql + " AND u.name = ?", [*args, user.strip()]
    if interview_id is not None:
        sql, args = sql + " AND r.interview_id = ?", [*args, interview_id]
    with store._read() as conn:
        rows = conn.execute(sql + " ORDER BY s.finished_at DESC, r.session_id DESC LIMIT ?",
                            (*args, int(limit))).fetchall()
    return [_typing_row(r) for r in rows]


def _typing_row(r: sqlite3.Row) -> TypingRow:
    return TypingRow(
        session_id=r["session_id"], user=r["user"], passage_id=r["passage_id"], cpm=r["cpm"],
        accuracy=r["accuracy"], seconds=r["seconds"], chars=r["chars"], errors=r["errors"],
        completed=bool(r["completed"]), passed=bool(r["passed"]), pass_cpm=r["pass_cpm"],
        pass_accuracy=r["pass_accuracy"], flags=tuple(json.loads(r["flags"])),
        interview_id=r["interview_id"], at=r["finished_at"] or "",
    )

