"""Progress figures read from the summary tables (``trainer.store.summary``), not the history.

The same rows as the direct queries of ``trainer.store.progress`` (``totals``,
``most_missed``, ``members``, ``missed_by_user``, ``weeks``), at a cost that does
not grow with the number of replies: the team report and the all-time weakest
points read a few thousand rows instead of three million key points. Every
figure counts finished sessions only; the team figures count trainees only.
The team's schedules: ``trainer.store.summary_plans``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from trainer.store.progress import Day, Member, Missed, Totals, fold_missed
from trainer.store.store import Store
from trainer.store.summary import SCORED, SLOT_SECONDS

EPOCH = date(1970, 1, 1)


def _rows(store: Store, sql: str, args: Sequence[Any] = ()) -> list[Any]:
    with store._read() as conn:
        return conn.execute(sql, tuple(args)).fetchall()


def totals(store: Store, user: str) -> Totals:
    """``progress.totals`` from the summaries."""
    name = user.strip()
    rows = _rows(store, """
        SELECT t.kind, t.sessions, t.replies, t.score_sum, t.score_n, t.first_at, t.last_at
        FROM summary_totals t JOIN users u ON u.id = t.user_id WHERE u.name = ?""", (name,))
    open_count = _rows(store, """
        SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE u.name = ? AND s.status = 'open'""", (name,))[0][0]
    scored = [r for r in rows if r[0] in SCORED]
    total, counted = sum(r[3] for r in scored), sum(r[4] for r in scored)
    return Totals(
        sessions=sum(r[1] for r in rows), replies=sum(r[2] for r in rows),
        average=total / counted if counted else None,
        first_at=min((r[5] for r in rows), default=None), last_at=max((r[6] for r in rows), default=None),
        by_kind={r[0]: r[1] for r in rows}, open_sessions=int(open_count),
    )


def most_missed(store: Store, user: str, limit: int = 20) -> list[Missed]:
    """``progress.most_missed`` from the summaries."""
    rows = _rows(store, """
        SELECT p.label, p.kind, p.item_id, p.title, p.missed, p.seen
        FROM summary_points p JOIN users u ON u.id = p.user_id WHERE u.name = ?""", (user.strip(),))
    return fold_missed(rows, limit)


def members(store: Store) -> list[Member]:
    """``progress.members`` (every trainee, by name) from the summaries."""
    rows = _rows(store, f"""
        SELECT u.name, COALESCE(SUM(t.sessions), 0), COALESCE(SUM(t.replies), 0),
               SUM(CASE WHEN t.kind IN {SCORED} THEN t.score_sum END),
               SUM(CASE WHEN t.kind IN {SCORED} THEN t.score_n END),
               MIN(t.first_at), MAX(t.last_at)
        FROM users u LEFT JOIN summary_totals t ON t.user_id = u.id
        WHERE u.kind = 'trainee'
        GROUP BY u.id, u.name ORDER BY u.name""")
    return [Member(r[0], int(r[1]), int(r[2]), r[3] / r[4] if r[4] else None, r[5], r[6]) for r in rows]


def missed_by_user(store: Store, *, per_user: int = 3) -> dict[str, list[Missed]]:
    """``progress.missed_by_user`` over all time (every trainee, those with none too).

    One short walk of the ``summary_labels_rank`` index per trainee: a person
    has hundreds of key points, the team a few hundred thousand.
    """
    out: dict[str, list[Missed]] = {}
    with store._read() as conn:
        people = conn.execute("SELECT id, name FROM users WHERE kind = 'trainee'").fetchall()
        for user_id, name in people:
            rows = conn.execute("""
                SELECT label, missed, seen FROM summary_labels WHERE user_id = ? AND missed > 0
                ORDER BY missed DESC, label LIMIT ?""", (user_id, per_user)).fetchall()
            out[name] = [Missed(label, int(missed), int(seen), ()) for label, missed, seen in rows]
    return out


def weeks(store: Store, *, offset_minutes: int = 0) -> list[Day] | None:
    """``progress.weeks`` over all time, or None when the offset is not whole quarter-hours
    (the summaries cannot tell the local day then: use the direct query)."""
    if (offset_minutes * 60) % SLOT_SECONDS:
        return None
    rows = _rows(store, """
        SELECT day, SUM(sessions), SUM(score_sum), SUM(score_n) FROM (
            SELECT (slot + ?) / 86400 AS day, sessions, score_sum, score_n FROM summary_slots) local
        GROUP BY day""", (offset_minutes * 60,))
    by_week: dict[date, list[float]] = {}
    for day, sessions, score_sum, score_n in rows:
        local = EPOCH + timedelta(days=int(day))
        week = by_week.setdefault(local - timedelta(days=local.weekday()), [0, 0.0, 0])
        week[0] += sessions
        week[1] += score_sum
        week[2] += score_n
    return [Day(w, int(v[0]), 0, v[1] / v[2] if v[2] else None) for w, v in sorted(by_week.items())]
