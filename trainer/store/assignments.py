"""Assignments: who must practise what by when, and the sessions that count for them.

Functions that take a ``Store``, like ``trainer.store.groups``. An assignment
names one item (a scenario, a category of scenarios, an interview-question set
or the typing test), one person or one group, a due day and a pass rule. Who
it reaches and how far each person got are read from the tables every time, so
a trainee who joins a group later is reached at once, and nothing is stored
twice. The rules (statuses, passes, max attempts) live in
``trainer.services.assignments``; this module only reads and writes rows.
SQL is written for both backends: ``?`` marks, ``RETURNING``, no SQLite-only
functions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from trainer.store.errors import StoreError
from trainer.store.store import Store

ITEM_KINDS = ("scenario", "category", "set", "typing")
MODES = ("coach", "exam")

# Who counts as a trainee of a group: a trainee (not a candidate) who holds the trainee
# role, or holds no role at all (a laptop name); a member who is only a manager is not.
TRAINEE_MEMBER = """u.kind = 'trainee' AND (
    EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'trainee')
    OR NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id))"""

SELECT = """SELECT a.id, a.item_kind, a.item_id, a.title, u.name, g.name, a.due, a.min_score,
    a.passes, a.max_attempts, a.mode, a.created_by, a.created_at, a.removed_at
    FROM assignments a LEFT JOIN users u ON u.id = a.user_id
    LEFT JOIN user_groups g ON g.id = a.group_id"""


@dataclass(frozen=True)
class AssignmentRow:
    """One assignment as stored. Exactly one of ``person`` / ``group`` is set."""

    id: int
    item_kind: str
    item_id: str
    title: str
    person: str | None
    group: str | None
    due: str  # YYYY-MM-DD, the last day (local time) on which it is still on time
    min_score: float
    passes: int
    max_attempts: int | None
    mode: str | None
    created_by: str
    created_at: str
    removed_at: str | None = None

    @property
    def target(self) -> str:
        """``小明`` or ``@新人組``, as the command line writes it."""
        return self.person if self.person is not None else f"@{self.group}"


@dataclass(frozen=True)
class Attempt:
    """A finished session that counts for an assignment (made after it was created)."""

    user_id: int
    score: float | None
    started_at: str
    finished_at: str


def _row(r: Sequence[Any]) -> AssignmentRow:
    return AssignmentRow(int(r[0]), str(r[1]), str(r[2]), str(r[3]), _text(r[4]), _text(r[5]),
                         str(r[6]), float(r[7]), int(r[8]), _int(r[9]), _text(r[10]), str(r[11]),
                         str(r[12]), _text(r[13]))


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True)
class NewAssignment:
    """What a new assignment says; exactly one of ``person`` / ``group`` (an existing one)."""

    item_kind: str
    item_id: str
    title: str
    person: str | None
    group: str | None
    due: str
    min_score: float
    passes: int = 1
    max_attempts: int | None = None
    mode: str | None = None
    created_by: str = ""


def add_assignments(store: Store, specs: Sequence[NewAssignment]) -> list[int]:
    """Store assignments in one transaction (all or none); returns their ids."""
    with store._write() as conn:
        return [_insert(conn, store._now(), spec) for spec in specs]


def _insert(conn: sqlite3.Connection, now: str, a: NewAssignment) -> int:
    if a.item_kind not in ITEM_KINDS:
        raise StoreError(f"unknown item kind {a.item_kind!r} (expected {' / '.join(ITEM_KINDS)})")
    if (a.person is None) == (a.group is None):
        raise StoreError("an assignment is for one person or one group")
    if a.mode is not None and a.mode not in MODES:
        raise StoreError(f"unknown mode {a.mode!r} (expected coach or exam)")
    user_id = _id_of(conn, "users", a.person, "nobody called") if a.person is not None else None
    group_id = _id_of(conn, "user_groups", a.group, "no group called") if a.group is not None else None
    row = conn.execute(
        "INSERT INTO assignments (item_kind, item_id, title, user_id, group_id, due, min_score, passes,"
        " max_attempts, mode, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id",
        (a.item_kind, a.item_id, a.title, user_id, group_id, a.due, float(a.min_score), int(a.passes),
         a.max_attempts, a.mode, a.created_by, now)).fetchone()
    return int(row[0])


def _id_of(conn: sqlite3.Connection, table: str, name: str, missing: str) -> int:
    row = conn.execute(f"SELECT id FROM {table} WHERE name = ?", (name.strip(),)).fetchone()
    if row is None:
        raise StoreError(f"{missing} {name.strip()!r}")
    return int(row[0])


def assignment(store: Store, assignment_id: int) -> AssignmentRow | None:
    """One assignment (removed ones too), or None."""
    with store._read() as conn:
        row = conn.execute(SELECT + " WHERE a.id = ?", (int(assignment_id),)).fetchone()
    return None if row is None else _row(row)


def assignments(store: Store, *, removed: bool = False) -> list[AssignmentRow]:
    """The current assignments (with ``removed``, every one), soonest due first."""
    where = "" if removed else " WHERE a.removed_at IS NULL"
    with store._read() as conn:
        return [_row(r) for r in conn.execute(SELECT + where + " ORDER BY a.due, a.id")]


def remove_assignment(store: Store, assignment_id: int) -> bool:
    """Withdraw an assignment (its row stays, marked removed); whether it was current."""
    with store._write() as conn:
        cur = conn.execute("UPDATE assignments SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                           (store._now(), int(assignment_id)))
        return cur.rowcount > 0


def for_person(store: Store, name: str) -> list[AssignmentRow]:
    """The current assignments that reach ``name``: their own, and their groups' (if a trainee)."""
    sql = SELECT + f""" WHERE a.removed_at IS NULL AND (
        a.user_id = (SELECT id FROM users WHERE name = ?)
        OR a.group_id IN (SELECT m.group_id FROM group_members m JOIN users u ON u.id = m.user_id
                          WHERE u.name = ? AND {TRAINEE_MEMBER}))
        ORDER BY a.due, a.id"""
    with store._read() as conn:
        return [_row(r) for r in conn.execute(sql, (name.strip(), name.strip()))]


def recipients(store: Store, row: AssignmentRow) -> list[tuple[int, str]]:
    """``(user id, name)`` of everyone the assignment reaches now, by name."""
    if row.person is not None:
        sql, args = "SELECT id, name FROM users WHERE name = ?", (row.person,)
    else:
        sql = (f"SELECT u.id, u.name FROM group_members m JOIN users u ON u.id = m.user_id"
               f" JOIN user_groups g ON g.id = m.group_id WHERE g.name = ? AND {TRAINEE_MEMBER}"
               " ORDER BY u.name")
        args = (row.group or "",)
    with store._read() as conn:
        return [(int(r[0]), str(r[1])) for r in conn.execute(sql, args)]


def _matching(row: AssignmentRow) -> tuple[str, list[Any]]:
    """The FROM/WHERE part selecting the finished sessions of the assignment's item."""
    if row.item_kind == "typing":
        # The typing test's score is its 字/分鐘 (typing_results.cpm; also sessions.score).
        sql = "FROM sessions s JOIN typing_results t ON t.session_id = s.id WHERE s.kind = 'typing'"
        args: list[Any] = []
    elif row.item_kind == "set":
        sql, args = "FROM sessions s WHERE s.kind = 'interview' AND s.item_id = ?", [row.item_id]
    elif row.item_kind == "category":
        prefix = row.item_id + "/"
        sql = ("FROM sessions s WHERE s.kind = 'practice'"
               " AND (s.category = ? OR substr(s.category, 1, ?) = ?)")
        args = [row.item_id, len(prefix), prefix]
    else:
        sql, args = "FROM sessions s WHERE s.kind = 'practice' AND s.item_id = ?", [row.item_id]
    sql += " AND s.status = 'finished' AND s.started_at >= ?"
    args.append(row.created_at)
    if row.mode is not None and row.item_kind in ("scenario", "category"):
        sql, args = sql + " AND s.mode = ?", [*args, row.mode]
    return sql, args


def attempts(store: Store, row: AssignmentRow, user_ids: Sequence[int] | None = None) -> list[Attempt]:
    """The sessions that count for ``row`` (of ``user_ids``, else of anyone), oldest first."""
    where, args = _matching(row)
    if user_ids is not None:
        if not user_ids:
            return []
        where += f" AND s.user_id IN ({', '.join('?' * len(user_ids))})"
        args += [int(u) for u in user_ids]
    sql = f"SELECT s.user_id, s.score, s.started_at, s.finished_at {where} ORDER BY s.finished_at, s.id"
    with store._read() as conn:
        return [Attempt(int(r[0]), None if r[1] is None else float(r[1]), str(r[2]), str(r[3]))
                for r in conn.execute(sql, args)]


def user_ids(store: Store, names: Sequence[str]) -> dict[str, int]:
    """name -> id of the people who exist among ``names``."""
    if not names:
        return {}
    marks = ", ".join("?" * len(names))
    with store._read() as conn:
        return {str(r[1]): int(r[0]) for r in conn.execute(
            f"SELECT id, name FROM users WHERE name IN ({marks})", [n.strip() for n in names])}


def has_accounts(store: Store) -> bool:
    """Whether anyone can log in (has a password): else this is a laptop with no accounts."""
    with store._read() as conn:
        return conn.execute("SELECT 1 FROM users WHERE password_hash IS NOT NULL LIMIT 1").fetchone() is not None


def roles_of(store: Store, name: str) -> set[str]:
    with store._read() as conn:
        return {str(r[0]) for r in conn.execute(
            "SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.name = ?",
            (name.strip(),))}
