"""Read-only progress queries: totals, days, attempts per item, most-missed points, the team.

Functions that take a ``Store`` and return frozen rows; they never write. They
are part of the store package (so they share the store's connection and lock)
but kept out of ``Store`` itself, which stays the write path. Every figure
counts **finished** sessions only: open ones are still going, discarded ones
were thrown away (``sessions_with_turns`` can read them all, for exports).
Times are the stored ISO 8601 UTC text, except attempts (unix seconds, ready
for the spaced-practice rule); "days" are local days, shifted by
``offset_minutes`` from UTC (the caller's time zone).

Interview sessions count per question: each answered question (a turn whose
``node_id`` is a question id, follow-ups excluded) is an attempt at that
question, of kind ``question``. Every score is the one that counts: a
reviewer's override where there is one (``trainer.store.counted``). See docs/progress.md for what uses what.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from trainer.store.counted import COUNTED_TURN_SCORE
from trainer.store.rows import SESSION_SELECT, TURN_COLUMNS, SessionRow, TurnRow, session_from_row, turn_from_row
from trainer.store.store import Store

QUESTION = "question"  # the kind of an interview question as a spaced-practice item


def follow_up_sql(store: Store) -> str:
    """Whether turn ``t`` answers a follow-up: `q3#follow-up-1` (content ids), `q3.f1` (docs/store.md)."""
    return f"(t.node_id LIKE '%#follow-up-%' OR {store.dialect.follow_up('t.node_id')})"


SCORED_KINDS = ("practice", "interview")  # typing tests have a speed, not a 0–100 mastery


class AttemptRow(NamedTuple):
    """One try at an item: a finished practice session, or one interview question answered.

    A named tuple, not a dataclass: the team view reads a few hundred thousand of them.
    """

    user: str
    kind: str  # practice | question
    item_id: str  # scenario id or question id
    title: str  # scenario title, or the question as asked
    category: str
    at: float  # when it ended, in unix seconds
    score: float


@dataclass(frozen=True)
class Totals:
    """A user's finished sessions and replies, all kinds together."""

    sessions: int
    replies: int
    average: float | None  # mean session score over practice and interviews
    first_at: str | None
    last_at: str | None
    by_kind: dict[str, int]
    open_sessions: int


@dataclass(frozen=True)
class Day:
    """One local day with practice in it."""

    day: date
    sessions: int
    replies: int
    average: float | None  # mean session score (practice and interviews)


@dataclass(frozen=True)
class Missed:
    """A key point and how often it was missed, with where (kind, item id, title, times missed)."""

    label: str
    missed: int
    seen: int
    items: tuple[tuple[str, str, str, int], ...]

    @property
    def rate(self) -> float:
        return self.missed / self.seen if self.seen else 0.0


@dataclass(frozen=True)
class Member:
    """One person in the database, for the team view."""

    user: str
    sessions: int
    replies: int
    average: float | None
    first_at: str | None
    last_at: str | None


@dataclass(frozen=True)
class Streak:
    """Days in a row with practice: the current run (alive if it reached today or yesterday)."""

    current: int
    longest: int
    days: int  # days with any practice


def _rows(store: Store, sql: str, args: Sequence[Any] = ()) -> list[Any]:
    with store._read() as conn:  # the store's own lock: safe from UI worker threads
        return conn.execute(sql, tuple(args)).fetchall()


def user_exists(store: Store, user: str) -> bool:
    return bool(_rows(store, "SELECT 1 FROM users WHERE name = ?", (user.strip(),)))


def offset_modifier(offset_minutes: int) -> str:
    """The date shift for a UTC offset: ``480`` → ``'+480 minutes'`` (a SQLite modifier, a PostgreSQL interval)."""
    return f"{offset_minutes:+d} minutes"


# Candidates (schema version 3) are not trainees: no spaced practice, not in team figures.
TRAINEE_IDS = "s.user_id IN (SELECT id FROM users WHERE kind = 'trainee')"


def attempts(store: Store, user: str) -> list[AttemptRow]:
    """Every attempt of ``user`` at a scenario or interview question, in no set order (none: a candidate)."""
    name, seconds, follow_up = user.strip(), store.dialect.seconds, follow_up_sql(store)
    practice = f"""
    SELECT 'practice', s.item_id, s.item_title, s.category, {seconds("s.finished_at")}, s.score
    FROM sessions s
    WHERE s.user_id = (SELECT id FROM users WHERE name = ? AND kind = 'trainee')
      AND s.kind = 'practice' AND s.status = 'finished' AND s.score IS NOT NULL"""
    questions = f"""
    SELECT '{QUESTION}', t.node_id, t.prompt, s.category, {seconds("t.created_at")}, {COUNTED_TURN_SCORE}
    FROM sessions s {store.dialect.join_in_order} turns t ON t.session_id = s.id
    WHERE s.user_id = (SELECT id FROM users WHERE name = ? AND kind = 'trainee')
      AND s.kind = 'interview' AND s.status = 'finished' AND NOT {follow_up}"""
    rows = _rows(store, f"{practice} UNION ALL {questions}", (name, name))
    return [AttemptRow(name, r[0], r[1], r[2] or r[1], r[3] or "", r[4], r[5]) for r in rows]


def team_attempts(store: Store) -> dict[str, list[tuple[int, str, float, float]]]:
    """Every trainee's attempts as bare tuples ``(user id, item id, seconds, score)``, by kind.

    No titles or categories: a team has a few hundred thousand attempts but a
    few dozen items, so those are looked up once per item (``item_labels``).
    """
    seconds = store.dialect.seconds
    practice = _rows(store, f"""
        SELECT s.user_id, s.item_id, {seconds("s.finished_at")}, s.score
        FROM sessions s WHERE s.kind = 'practice' AND s.status = 'finished' AND s.score IS NOT NULL
          AND {TRAINEE_IDS}""")
    questions = _rows(store, f"""
        SELECT s.user_id, t.node_id, {seconds("t.created_at")}, {COUNTED_TURN_SCORE}
        FROM sessions s {store.dialect.join_in_order} turns t ON t.session_id = s.id
        WHERE s.kind = 'interview' AND s.status = 'finished' AND NOT {follow_up_sql(store)} AND {TRAINEE_IDS}""")
    return {"practice": practice, QUESTION: questions}


def item_labels(store: Store, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """The latest (title, category) of each (kind, item id): a scenario's, or a question as asked."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, item in set(keys):
        if kind == QUESTION:
            found = _rows(store, f"""
                SELECT t.prompt, s.category FROM sessions s {store.dialect.join_in_order} turns t
                ON t.session_id = s.id
                WHERE s.kind = 'interview' AND t.node_id = ? ORDER BY s.id DESC LIMIT 1""", (item,))
        else:
            found = _rows(store, "SELECT item_title, category FROM sessions WHERE item_id = ? AND kind = ?"
                          " ORDER BY finished_at DESC NULLS LAST LIMIT 1", (item, kind))
        title, category = found[0] if found else ("", "")
        out[(kind, item)] = (title or item, category or "")
    return out


def user_names(store: Store) -> dict[int, str]:
    return dict(_rows(store, "SELECT id, name FROM users"))


def totals(store: Store, user: str) -> Totals:
    """Sessions, replies and the average score of one user."""
    rows = _rows(store, """
        SELECT s.kind, COUNT(*), SUM((SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id)),
               SUM(s.score), COUNT(s.score), MIN(s.finished_at), MAX(s.finished_at)
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE u.name = ? AND s.status = 'finished' GROUP BY s.kind""", (user.strip(),))
    open_count = _rows(store, """
        SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE u.name = ? AND s.status = 'open'""", (user.strip(),))[0][0]
    scored = [r for r in rows if r[0] in SCORED_KINDS]
    total, counted = sum(r[3] or 0 for r in scored), sum(r[4] for r in scored)
    return Totals(
        sessions=sum(r[1] for r in rows), replies=sum(r[2] or 0 for r in rows),
        average=total / counted if counted else None,
        first_at=min((r[5] for r in rows), default=None), last_at=max((r[6] for r in rows), default=None),
        by_kind={r[0]: r[1] for r in rows}, open_sessions=int(open_count),
    )


def days(store: Store, user: str, *, offset_minutes: int = 0, since: str = "") -> list[Day]:
    """Per local day: sessions finished, replies in them, their mean score; oldest first."""
    rows = _rows(store, f"""
        SELECT {store.dialect.local_day("s.finished_at")} AS d, COUNT(*),
               SUM((SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id)),
               AVG(CASE WHEN s.kind IN {SCORED_KINDS} THEN s.score END)
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE u.name = ? AND s.status = 'finished' AND s.finished_at >= ?
        GROUP BY d ORDER BY d""", (offset_modifier(offset_minutes), user.strip(), since))
    return [Day(date.fromisoformat(r[0]), r[1], r[2] or 0, r[3]) for r in rows]


def weeks(store: Store, *, offset_minutes: int = 0, since: str = "") -> list[Day]:
    """The whole team (trainees) per local week (``day`` = its Monday): sessions and mean score; oldest first.

    ``replies`` is left at 0 here: counting them would double the cost of this scan.
    """
    rows = _rows(store, f"""
        SELECT {store.dialect.local_monday("s.finished_at")} AS w, COUNT(*), 0,
               AVG(CASE WHEN s.kind IN {SCORED_KINDS} THEN s.score END)
        FROM sessions s WHERE s.status = 'finished' AND s.finished_at >= ? AND {TRAINEE_IDS}
        GROUP BY w ORDER BY w""", (offset_modifier(offset_minutes), since))
    return [Day(date.fromisoformat(r[0]), r[1], r[2] or 0, r[3]) for r in rows]


def streak(practised: Sequence[date], today: date) -> Streak:
    """The current and longest runs of consecutive days in ``practised`` (sorted or not)."""
    unique = sorted(set(practised))
    longest = run = 0
    previous: date | None = None
    for day in unique:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest, previous = max(longest, run), day
    alive = previous is not None and (today - previous).days <= 1
    return Streak(current=run if alive else 0, longest=longest, days=len(unique))


def most_missed(store: Store, user: str, limit: int = 20) -> list[Missed]:
    """The user's key points missed most often, with the scenarios or questions they were missed in."""
    rows = _rows(store, """
        SELECT p.label, CASE s.kind WHEN 'interview' THEN 'question' ELSE s.kind END,
               CASE s.kind WHEN 'interview' THEN t.node_id ELSE s.item_id END,
               MAX(CASE s.kind WHEN 'interview' THEN t.prompt ELSE s.item_title END),
               SUM(1 - p.hit), COUNT(*)
        FROM sessions s JOIN users u ON u.id = s.user_id
        JOIN turns t ON t.session_id = s.id JOIN turn_points p ON p.turn_id = t.id
        WHERE u.name = ? AND s.status = 'finished'
        GROUP BY p.label, 2, 3""", (user.strip(),))
    return fold_missed(rows, limit)


def fold_missed(rows: Sequence[Sequence[Any]], limit: int) -> list[Missed]:
    """Rows of (label, kind, item, title, missed, seen) → one ``Missed`` per label, most missed first."""
    by_label: dict[str, list[Sequence[Any]]] = {}
    for row in rows:
        by_label.setdefault(row[0], []).append(row)
    out = []
    for label, group in by_label.items():
        missed = sum(int(r[4]) for r in group)
        if missed == 0:
            continue
        items = sorted(((r[1], r[2], r[3] or r[2], int(r[4])) for r in group if r[4]),
                       key=lambda i: (-i[3], i[1]))
        out.append(Missed(label, missed, sum(int(r[5]) for r in group), tuple(items)))
    out.sort(key=lambda m: (-m.missed, -m.rate, m.label))
    return out[:limit] if limit >= 0 else out


def members(store: Store) -> list[Member]:
    """Every trainee in the database with their finished sessions and replies, by name (no candidates)."""
    rows = _rows(store, f"""
        SELECT u.name, COUNT(s.id), COALESCE(SUM(s.turns), 0),
               AVG(CASE WHEN s.kind IN {SCORED_KINDS} THEN s.score END),
               MIN(s.finished_at), MAX(s.finished_at)
        FROM users u LEFT JOIN (
            SELECT x.id, x.user_id, x.kind, x.score, x.finished_at,
                   (SELECT COUNT(*) FROM turns t WHERE t.session_id = x.id) AS turns
            FROM sessions x WHERE x.status = 'finished') s ON s.user_id = u.id
        WHERE u.kind = 'trainee'
        GROUP BY u.id ORDER BY u.name""")
    return [Member(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def missed_by_user(store: Store, *, since: str = "", per_user: int = 3) -> dict[str, list[Missed]]:
    """Each user's most-missed key points (labels, no items), over sessions finished since ``since``.

    One small grouped query per user (correlated), driven through the indexes
    from sessions to turns to points: far faster than one grouping of everyone's
    millions of points, and it never reads the big ``turns`` rows.
    """
    sql = store.dialect
    unit, record = sql.chr(31), sql.chr(30)
    rows = _rows(store, f"""
        SELECT u.name, (
            SELECT {sql.concat(f"label || {unit} || missed || {unit} || seen", record)} FROM (
                SELECT p.label AS label, SUM(1 - p.hit) AS missed, COUNT(*) AS seen
                FROM sessions s {store.dialect.join_in_order} turns t ON t.session_id = s.id
                {store.dialect.join_in_order} turn_points p ON p.turn_id = t.id
                WHERE s.user_id = u.id AND s.status = 'finished' AND s.finished_at >= ?
                GROUP BY p.label HAVING SUM(1 - p.hit) > 0 ORDER BY missed DESC, label LIMIT ?) AS worst)
        FROM users u WHERE u.kind = 'trainee'""", (since, per_user))
    out: dict[str, list[Missed]] = {}
    for name, packed in rows:
        found = [part.split("\x1f") for part in packed.split("\x1e")] if packed else []
        missed = [Missed(label, int(count), int(seen), ()) for label, count, seen in found]
        # the order of a packed list is the inner query's in practice, not a promise: sort again
        out[name] = sorted(missed, key=lambda m: (-m.missed, m.label))
    return out


def sessions_with_turns(store: Store, *, user: str | None = None, finished_only: bool = True,
                        since: str = "", batch: int = 500) -> Iterator[tuple[SessionRow, list[TurnRow]]]:
    """Every session (of one user, or everyone) with its turns, oldest id first, read in batches.

    For exports: memory stays flat however big the database is, and the store's
    lock is held for one batch at a time, never for the whole export.
    """
    where = ["s.id > ?"]
    args: list[Any] = []
    if user is not None:
        where.append("u.name = ?")
        args.append(user.strip())
    if finished_only:
        where.append("s.status = 'finished' AND s.finished_at >= ?")
        args.append(since)
    last = 0
    while True:
        sql = f"{SESSION_SELECT} WHERE {' AND '.join(where)} ORDER BY s.id LIMIT ?"
        found = [session_from_row(r) for r in _rows(store, sql, (last, *args, batch))]
        if not found:
            return
        marks = ", ".join("?" * len(found))
        turns: dict[int, list[TurnRow]] = {s.id: [] for s in found}
        for row in _rows(store, f"SELECT session_id, {', '.join(TURN_COLUMNS)} FROM turns"
                                f" WHERE session_id IN ({marks}) ORDER BY session_id, idx", [s.id for s in found]):
            turns[row["session_id"]].append(turn_from_row(row))
        yield from ((s, turns[s.id]) for s in found)
        last = found[-1].id
