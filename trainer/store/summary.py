"""Summary counts kept beside the history, so reports never re-read a million replies.

The tables (schema migration ``V_SUMMARY``, docs/store.md) hold, for finished
sessions only:

- ``summary_sessions``: one row per finished session (its user, kind, score,
  replies and the UTC quarter-hour it finished in): the ledger the other
  per-person and per-slot counts are recomputed from;
- ``summary_totals``: per person × session kind: sessions, replies, score sum and
  count, first and last finish;
- ``summary_slots``: the trainees' sessions per UTC quarter-hour (team weeks in
  any time zone whose offset is a whole number of quarter-hours);
- ``summary_items``: per person × item (a scenario, or an interview question):
  attempts, best, last score, plus a schedule cached by the reports
  (``plan_*``; NULL when the attempts changed since);
- ``summary_points``: per person × key point × item: times seen and missed;
  ``summary_labels``: the same per person × key point, all items together.

Every write path that changes what counts calls ``refresh_sessions`` inside its
own transaction (finish, discard, import, a reviewer's override):
each affected row is recomputed from the history, never adjusted by a delta, so
calling it twice, or for a session that did not change, is harmless. ``rebuild``
recomputes everything (the migration's backfill, and bulk loaders).

Portable SQL only (SQLite and PostgreSQL): times are parsed in Python, never by
SQL date functions. No table here references ``sessions`` or ``turns`` by a
foreign key, so the JSON export, which carries every table linked to them,
leaves these derived rows out.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from trainer.store.counted import COUNTED_TURN_SCORE

SLOT_SECONDS = 900  # a quarter-hour: every time zone in use today is a whole number of them
SCORED = ("practice", "interview")  # the kinds whose scores make averages (not typing)
QUESTION = "question"  # an interview question as an item

TABLES = (
    """CREATE TABLE summary_sessions (
        session_id  INTEGER PRIMARY KEY,
        user_id     INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        trainee     INTEGER NOT NULL,
        slot        INTEGER,
        finished_at TEXT,
        score       REAL,
        replies     INTEGER NOT NULL
    )""",
    "CREATE INDEX summary_sessions_user ON summary_sessions(user_id, kind)",
    "CREATE INDEX summary_sessions_slot ON summary_sessions(slot)",
    """CREATE TABLE summary_totals (
        user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind      TEXT NOT NULL,
        sessions  INTEGER NOT NULL,
        replies   INTEGER NOT NULL,
        score_sum REAL NOT NULL,
        score_n   INTEGER NOT NULL,
        first_at  TEXT,
        last_at   TEXT,
        PRIMARY KEY (user_id, kind)
    )""",
    """CREATE TABLE summary_slots (
        slot      INTEGER PRIMARY KEY,
        sessions  INTEGER NOT NULL,
        score_sum REAL NOT NULL,
        score_n   INTEGER NOT NULL
    )""",
    """CREATE TABLE summary_items (
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind       TEXT NOT NULL,
        item_id    TEXT NOT NULL,
        attempts   INTEGER NOT NULL,
        best       REAL,
        last_score REAL,
        last_at    TEXT,
        version    INTEGER NOT NULL DEFAULT 0,
        plan_rules TEXT,
        plan_due   REAL,
        plan_fails INTEGER,
        plan_leech INTEGER,
        PRIMARY KEY (user_id, kind, item_id)
    )""",
    """CREATE TABLE summary_points (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        label   TEXT NOT NULL,
        kind    TEXT NOT NULL,
        item_id TEXT NOT NULL,
        title   TEXT,
        seen    INTEGER NOT NULL,
        missed  INTEGER NOT NULL,
        PRIMARY KEY (user_id, label, kind, item_id)
    )""",
    "CREATE INDEX summary_points_item ON summary_points(user_id, kind, item_id)",
    """CREATE TABLE summary_labels (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        label   TEXT NOT NULL,
        seen    INTEGER NOT NULL,
        missed  INTEGER NOT NULL,
        PRIMARY KEY (user_id, label)
    )""",
    "CREATE INDEX summary_labels_rank ON summary_labels(user_id, missed DESC, label)",
)
NAMES = ("summary_sessions", "summary_totals", "summary_slots", "summary_items", "summary_points",
         "summary_labels")

# Follow-up answers are not attempts at their question: `q3#follow-up-1` (content ids),
# `q3.f1` (older rows). The same test as progress.FOLLOW_UP_SQL, in Python.
_FOLLOW_UP = re.compile(r"#follow-up-|\.f[0-9]", re.IGNORECASE)


def is_follow_up(node_id: str) -> bool:
    return _FOLLOW_UP.search(node_id) is not None


def seconds(stamp: str) -> float:
    """A stored ISO 8601 time as unix seconds (naive text is UTC, as SQLite reads it)."""
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def slot_of(stamp: str | None) -> int | None:
    """The UTC quarter-hour (unix seconds) a time falls in; None for no time."""
    if not stamp:
        return None
    return int(seconds(stamp) // SLOT_SECONDS) * SLOT_SECONDS


@dataclass
class _Affected:
    """The summary rows a set of sessions touches (each recomputed once)."""

    totals: set[tuple[int, str]] = field(default_factory=set)
    items: set[tuple[int, str, str]] = field(default_factory=set)
    points: set[tuple[int, str, str]] = field(default_factory=set)
    slots: set[int] = field(default_factory=set)


def refresh_session(conn: sqlite3.Connection, session_id: int) -> None:
    """Recompute the summaries one session counts in (call inside the write transaction)."""
    refresh_sessions(conn, [session_id])


def refresh_sessions(conn: sqlite3.Connection, session_ids: Iterable[int]) -> None:
    """Recompute every summary row the given sessions count in, each row once."""
    affected = _Affected()
    for session_id in session_ids:
        _ledger(conn, int(session_id), affected)
    for user_id, kind in affected.totals:
        _totals(conn, user_id, kind)
    for user_id, kind, item in affected.items:
        _item(conn, user_id, kind, item)
    for user_id, kind, item in affected.points:
        _points(conn, user_id, kind, item)
    for slot in affected.slots:
        _slot(conn, slot)


def _ledger(conn: sqlite3.Connection, session_id: int, affected: _Affected) -> None:
    """The session's ledger row (re)written, and what it touches noted in ``affected``."""
    old = conn.execute("SELECT slot FROM summary_sessions WHERE session_id = ?", (session_id,)).fetchone()
    if old is not None and old[0] is not None:
        affected.slots.add(int(old[0]))
    conn.execute("DELETE FROM summary_sessions WHERE session_id = ?", (session_id,))
    row = conn.execute("""
        SELECT s.user_id, s.kind, s.item_id, s.status, s.finished_at, s.score, u.kind
        FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?""", (session_id,)).fetchone()
    if row is None:
        return
    user_id, kind, item_id, status, finished_at, score, person = row
    nodes = [str(r[0]) for r in conn.execute("SELECT DISTINCT node_id FROM turns WHERE session_id = ?",
                                             (session_id,))]
    affected.totals.add((user_id, kind))
    if kind == "interview":
        affected.items.update((user_id, QUESTION, n) for n in nodes if not is_follow_up(n))
        affected.points.update((user_id, QUESTION, n) for n in nodes)
    else:
        if kind == "practice":
            affected.items.add((user_id, kind, item_id))
        affected.points.add((user_id, kind, item_id))
    if status != "finished":
        return
    replies = conn.execute("SELECT COUNT(*) FROM turns WHERE session_id = ?", (session_id,)).fetchone()[0]
    slot = slot_of(finished_at)
    conn.execute("INSERT INTO summary_sessions (session_id, user_id, kind, trainee, slot, finished_at, score,"
                 " replies) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (session_id, user_id, kind, int(person == "trainee"), slot, finished_at, score, replies))
    if slot is not None:
        affected.slots.add(slot)


def _totals(conn: sqlite3.Connection, user_id: int, kind: str) -> None:
    row = conn.execute("""
        SELECT COUNT(*), COALESCE(SUM(replies), 0), COALESCE(SUM(score), 0), COUNT(score),
               MIN(finished_at), MAX(finished_at)
        FROM summary_sessions WHERE user_id = ? AND kind = ?""", (user_id, kind)).fetchone()
    conn.execute("DELETE FROM summary_totals WHERE user_id = ? AND kind = ?", (user_id, kind))
    if row[0]:
        conn.execute("INSERT INTO summary_totals (user_id, kind, sessions, replies, score_sum, score_n,"
                     " first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (user_id, kind, *row))


def _slot(conn: sqlite3.Connection, slot: int) -> None:
    row = conn.execute(f"""
        SELECT COUNT(*), COALESCE(SUM(CASE WHEN kind IN {SCORED} THEN score END), 0),
               COUNT(CASE WHEN kind IN {SCORED} THEN score END)
        FROM summary_sessions WHERE slot = ? AND trainee = 1""", (slot,)).fetchone()
    conn.execute("DELETE FROM summary_slots WHERE slot = ?", (slot,))
    if row[0]:
        conn.execute("INSERT INTO summary_slots (slot, sessions, score_sum, score_n) VALUES (?, ?, ?, ?)",
                     (slot, *row))


def item_attempts(conn: sqlite3.Connection, user_id: int, kind: str, item: str) -> list[tuple[str, float]]:
    """(time, score) of every attempt at one item, in the order they were recorded."""
    if kind == QUESTION:  # an answer counts a reviewer's override (sessions.score is recounted)
        sql = f"""SELECT t.created_at, {COUNTED_TURN_SCORE} FROM sessions s JOIN turns t ON t.session_id = s.id
                 WHERE s.user_id = ? AND s.kind = 'interview' AND s.status = 'finished' AND t.node_id = ?
                 ORDER BY t.id"""
    else:
        sql = """SELECT finished_at, score FROM sessions WHERE user_id = ? AND kind = 'practice'
                 AND item_id = ? AND status = 'finished' AND score IS NOT NULL ORDER BY id"""
    return [(r[0], float(r[1])) for r in conn.execute(sql, (user_id, item))]


def _item(conn: sqlite3.Connection, user_id: int, kind: str, item: str) -> None:
    """One item's attempts, best and last; its cached schedule dropped (a row is never deleted,
    so ``version`` only grows: a schedule computed from older attempts cannot be saved over it)."""
    found = item_attempts(conn, user_id, kind, item)
    write_item(conn, user_id, kind, item, found)


def write_item(conn: sqlite3.Connection, user_id: int, kind: str, item: str,
               found: list[tuple[str, float]]) -> None:
    timed = sorted(((seconds(at), score, at) for at, score in found), key=lambda a: a[0])
    last = timed[-1] if timed else None
    conn.execute("""
        INSERT INTO summary_items (user_id, kind, item_id, attempts, best, last_score, last_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (user_id, kind, item_id) DO UPDATE SET attempts = excluded.attempts,
            best = excluded.best, last_score = excluded.last_score, last_at = excluded.last_at,
            version = summary_items.version + 1, plan_rules = NULL, plan_due = NULL,
            plan_fails = NULL, plan_leech = NULL""",
                 (user_id, kind, item, len(timed), max((a[1] for a in timed), default=None),
                  last[1] if last else None, last[2] if last else None))


def _points(conn: sqlite3.Connection, user_id: int, kind: str, item: str) -> None:
    """One item's key points for one person, and that person's totals of the labels it touches."""
    if kind == QUESTION:
        where, title = "s.kind = 'interview' AND t.node_id = ?", "t.prompt"
    else:
        where, title = "s.kind = ? AND s.item_id = ?", "s.item_title"
    args: tuple[Any, ...] = (user_id, item) if kind == QUESTION else (user_id, kind, item)
    rows = conn.execute(f"""
        SELECT p.label, MAX({title}), COUNT(*), SUM(1 - p.hit)
        FROM sessions s JOIN turns t ON t.session_id = s.id JOIN turn_points p ON p.turn_id = t.id
        WHERE s.user_id = ? AND s.status = 'finished' AND {where}
        GROUP BY p.label""", args).fetchall()
    labels = {str(r[0]) for r in conn.execute(
        "SELECT label FROM summary_points WHERE user_id = ? AND kind = ? AND item_id = ?", (user_id, kind, item))}
    conn.execute("DELETE FROM summary_points WHERE user_id = ? AND kind = ? AND item_id = ?",
                 (user_id, kind, item))
    conn.executemany("INSERT INTO summary_points (user_id, label, kind, item_id, title, seen, missed)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)", [(user_id, r[0], kind, item, r[1], r[2], r[3]) for r in rows])
    for label in labels | {str(r[0]) for r in rows}:
        _label(conn, user_id, label)


def _label(conn: sqlite3.Connection, user_id: int, label: str) -> None:
    row = conn.execute("SELECT COUNT(*), SUM(seen), SUM(missed) FROM summary_points"
                       " WHERE user_id = ? AND label = ?", (user_id, label)).fetchone()
    conn.execute("DELETE FROM summary_labels WHERE user_id = ? AND label = ?", (user_id, label))
    if row[0]:
        conn.execute("INSERT INTO summary_labels (user_id, label, seen, missed) VALUES (?, ?, ?, ?)",
                     (user_id, label, row[1], row[2]))


# ---------------------------------------------------------------- everything at once


def rebuild(conn: sqlite3.Connection) -> None:
    """Recompute every summary from the history (inside the caller's transaction)."""
    for name in NAMES:
        conn.execute(f"DELETE FROM {name}")
    _rebuild_ledger(conn)
    conn.execute("""
        INSERT INTO summary_totals (user_id, kind, sessions, replies, score_sum, score_n, first_at, last_at)
        SELECT user_id, kind, COUNT(*), SUM(replies), COALESCE(SUM(score), 0), COUNT(score),
               MIN(finished_at), MAX(finished_at)
        FROM summary_sessions GROUP BY user_id, kind""")
    conn.execute(f"""
        INSERT INTO summary_slots (slot, sessions, score_sum, score_n)
        SELECT slot, COUNT(*), COALESCE(SUM(CASE WHEN kind IN {SCORED} THEN score END), 0),
               COUNT(CASE WHEN kind IN {SCORED} THEN score END)
        FROM summary_sessions WHERE trainee = 1 AND slot IS NOT NULL GROUP BY slot""")
    _rebuild_items(conn)
    conn.execute("""
        INSERT INTO summary_points (user_id, label, kind, item_id, title, seen, missed)
        SELECT s.user_id, p.label,
               CASE s.kind WHEN 'interview' THEN 'question' ELSE s.kind END,
               CASE s.kind WHEN 'interview' THEN t.node_id ELSE s.item_id END,
               MAX(CASE s.kind WHEN 'interview' THEN t.prompt ELSE s.item_title END),
               COUNT(*), SUM(1 - p.hit)
        FROM sessions s JOIN turns t ON t.session_id = s.id JOIN turn_points p ON p.turn_id = t.id
        WHERE s.status = 'finished'
        GROUP BY s.user_id, p.label, CASE s.kind WHEN 'interview' THEN 'question' ELSE s.kind END,
                 CASE s.kind WHEN 'interview' THEN t.node_id ELSE s.item_id END""")
    conn.execute("""
        INSERT INTO summary_labels (user_id, label, seen, missed)
        SELECT user_id, label, SUM(seen), SUM(missed) FROM summary_points GROUP BY user_id, label""")


def _rebuild_ledger(conn: sqlite3.Connection) -> None:
    rows = conn.execute("""
        SELECT s.id, s.user_id, s.kind, CASE WHEN u.kind = 'trainee' THEN 1 ELSE 0 END, s.finished_at, s.score,
               (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id)
        FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.status = 'finished'""")
    conn.executemany(
        "INSERT INTO summary_sessions (session_id, user_id, kind, trainee, slot, finished_at, score, replies)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ((sid, uid, kind, trainee, slot_of(at), at, score, replies)
         for sid, uid, kind, trainee, at, score, replies in rows.fetchall()))


def _rebuild_items(conn: sqlite3.Connection) -> None:
    found: dict[tuple[int, str, str], list[tuple[str, float]]] = {}
    for user_id, item, at, score in conn.execute("""
            SELECT user_id, item_id, finished_at, score FROM sessions
            WHERE kind = 'practice' AND status = 'finished' AND score IS NOT NULL ORDER BY id"""):
        found.setdefault((user_id, "practice", item), []).append((at, float(score)))
    for user_id, node, at, score in conn.execute(f"""
            SELECT s.user_id, t.node_id, t.created_at, {COUNTED_TURN_SCORE} FROM sessions s
            JOIN turns t ON t.session_id = s.id
            WHERE s.kind = 'interview' AND s.status = 'finished' ORDER BY t.id"""):
        if not is_follow_up(node):
            found.setdefault((user_id, QUESTION, node), []).append((at, float(score)))
    for (user_id, kind, item), attempts in found.items():
        write_item(conn, user_id, kind, item, attempts)
