"""Plain rows in and out of the store: a recorded turn and a session, with their SQL mapping.

The store takes and returns these frozen dataclasses (and dicts), never objects
from ``trainer.core``: the caller converts a ``Turn`` to a ``TurnRow``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

KINDS = ("practice", "interview", "typing")
MODES = (None, "coach", "exam")
STATUSES = ("open", "finished", "discarded")


@dataclass(frozen=True)
class TurnRow:
    """One answered line: the reply, its full score breakdown and how it was typed."""

    index: int
    node_id: str
    prompt: str  # the buyer line or the question asked
    reply: str
    score: float  # after hint costs
    raw_score: float  # the scorer's score
    passed: bool
    result: dict[str, Any]  # the scorer's Result.to_dict()
    mood_before: int | None
    mood_after: int | None
    latency: float  # seconds from the prompt to the reply being sent
    typing_seconds: float | None
    cpm: float  # characters per minute
    hints: int
    nudges: int
    next_node: str | None
    pasted: bool = False
    created_at: str = ""  # ISO 8601 UTC; the store fills it when empty


@dataclass(frozen=True)
class SessionRow:
    """A practice conversation, an interview or a typing test, and where it stands."""

    id: int
    user: str
    kind: str  # practice | interview | typing
    item_id: str  # scenario id, question-set id or passage id
    item_title: str
    category: str
    mode: str | None  # coach | exam | None
    seed: int
    start_node: str | None
    start_mood: int | None
    status: str  # open | finished | discarded
    outcome: str | None
    score: float | None
    started_at: str
    finished_at: str | None
    turn_count: int
    meta: dict[str, Any] = field(default_factory=dict)
    uid: str = ""  # a UUID that stays the same across export/import


TURN_COLUMNS = (
    "idx", "node_id", "prompt", "reply", "score", "raw_score", "passed", "result",
    "mood_before", "mood_after", "latency", "typing_seconds", "cpm", "hints", "nudges",
    "next_node", "pasted", "created_at",
)

SESSION_SELECT = """
SELECT s.id, u.name AS user, s.kind, s.item_id, s.item_title, s.category, s.mode, s.seed,
       s.start_node, s.start_mood, s.status, s.outcome, s.score, s.started_at, s.finished_at,
       (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS turn_count, s.meta, s.uid
FROM sessions s JOIN users u ON u.id = s.user_id
"""


def to_json(value: Any) -> str:
    """Compact JSON that keeps Chinese readable in the database."""
    import json  # here, not at the top: no start-up needs json before its first screen

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def turn_values(session_id: int, turn: TurnRow, created_at: str) -> tuple[Any, ...]:
    """The ``turns`` row for ``turn``, in ``TURN_COLUMNS`` order after ``session_id``."""
    return (
        session_id, turn.index, turn.node_id, turn.prompt, turn.reply, float(turn.score),
        float(turn.raw_score), int(bool(turn.passed)), to_json(turn.result),
        turn.mood_before, turn.mood_after, float(turn.latency),
        None if turn.typing_seconds is None else float(turn.typing_seconds),
        float(turn.cpm), int(turn.hints), int(turn.nudges), turn.next_node,
        int(bool(turn.pasted)), turn.created_at or created_at,
    )


def turn_from_row(row: sqlite3.Row) -> TurnRow:
    import json

    return TurnRow(
        index=row["idx"], node_id=row["node_id"], prompt=row["prompt"], reply=row["reply"],
        score=row["score"], raw_score=row["raw_score"], passed=bool(row["passed"]),
        result=json.loads(row["result"]), mood_before=row["mood_before"],
        mood_after=row["mood_after"], latency=row["latency"],
        typing_seconds=row["typing_seconds"], cpm=row["cpm"], hints=row["hints"],
        nudges=row["nudges"], next_node=row["next_node"], pasted=bool(row["pasted"]),
        created_at=row["created_at"],
    )


def session_from_row(row: sqlite3.Row) -> SessionRow:
    import json

    return SessionRow(
        id=row["id"], user=row["user"], kind=row["kind"], item_id=row["item_id"],
        item_title=row["item_title"], category=row["category"], mode=row["mode"],
        seed=row["seed"], start_node=row["start_node"], start_mood=row["start_mood"],
        status=row["status"], outcome=row["outcome"], score=row["score"],
        started_at=row["started_at"], finished_at=row["finished_at"],
        turn_count=row["turn_count"], meta=json.loads(row["meta"]), uid=row["uid"],
    )


def point_rows(turn_id: int, result: dict[str, Any]) -> list[tuple[int, int, str, int, float]]:
    """``turn_points`` rows from a ``Result.to_dict()``: hit points (with credit), then missed.

    Tolerates results without points (a typing test) and hit points given as bare labels.
    """
    points = result.get("points") if isinstance(result, dict) else None
    if not isinstance(points, dict):
        return []
    rows: list[tuple[int, int, str, int, float]] = []
    for hit in points.get("hit") or ():
        label, credit = (hit.get("label"), hit.get("credit", 1.0)) if isinstance(hit, dict) else (hit, 1.0)
        rows.append((turn_id, len(rows), str(label), 1, float(credit if credit is not None else 1.0)))
    for missed in points.get("missed") or ():
        label = missed.get("label") if isinstance(missed, dict) else missed
        rows.append((turn_id, len(rows), str(label), 0, 0.0))
    return rows
