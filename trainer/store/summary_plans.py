"""The team's spaced-practice schedules, cached in ``summary_items`` beside each item's counts.

A schedule is a fold over every attempt at an item (``trainer.core.spaced``,
which the store never imports), so the reports compute it and keep it here:
``team_items`` reads every trainee's items with their cached schedule, flagging
those with none for a set of rules (never computed, computed for other rules, or
their attempts changed since: ``summary.refresh_sessions`` drops it);
``item_histories`` gives their attempts, and ``save_plans`` keeps what was
computed unless the item changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from trainer.store.counted import COUNTED_TURN_SCORE
from trainer.store.store import Store
from trainer.store.summary import QUESTION, is_follow_up, item_attempts, seconds

TRAINEE_ITEMS = "attempts > 0 AND user_id IN (SELECT id FROM users WHERE kind = 'trainee')"
FRESH = "plan_rules = ? AND plan_due IS NOT NULL"


class TeamItem(NamedTuple):
    """A trainee's item, its latest score and, if ``fresh``, its schedule for the rules asked."""

    user_id: int
    kind: str  # practice | question
    item_id: str
    last_score: float
    version: int  # of the counts: a schedule is saved only for the version it was computed from
    fresh: int  # 1: due / fails / leech are the schedule for these rules; 0: to compute
    due: float | None  # unix seconds
    fails: int | None
    leech: int | None


def team_items(store: Store, rules: str) -> list[TeamItem]:
    """Every item some trainee tried, one plain scan (tens of thousands of rows: no grouping in SQL,
    which would look each row up through the key)."""
    with store._read() as conn:
        rows = conn.execute(f"""
            SELECT user_id, kind, item_id, last_score, version,
                   CASE WHEN {FRESH} THEN 1 ELSE 0 END, plan_due, plan_fails, plan_leech
            FROM summary_items WHERE {TRAINEE_ITEMS}""", (rules,)).fetchall()
    return list(map(TeamItem._make, rows))


def item_histories(store: Store, items: Iterable[TeamItem],
                   bulk: int = 500) -> dict[tuple[int, str, str], list[tuple[float, float]]]:
    """``(unix seconds, score)`` attempts of each item, in recorded order.

    Up to ``bulk`` items are read one by one through the indexes; more (the first
    report after an upgrade) in two scans of the history.
    """
    out: dict[tuple[int, str, str], list[tuple[float, float]]] = {(i[0], i[1], i[2]): [] for i in items}
    with store._read() as conn:
        if len(out) <= bulk:
            for key in out:
                out[key] = [(seconds(at), score) for at, score in item_attempts(conn, *key)]
            return out
        for user_id, item, at, score in conn.execute("""
                SELECT user_id, item_id, finished_at, score FROM sessions
                WHERE kind = 'practice' AND status = 'finished' AND score IS NOT NULL ORDER BY id"""):
            found = out.get((user_id, "practice", item))
            if found is not None:
                found.append((seconds(at), float(score)))
        for user_id, node, at, score in conn.execute(f"""
                SELECT s.user_id, t.node_id, t.created_at, {COUNTED_TURN_SCORE} FROM sessions s
                JOIN turns t ON t.session_id = s.id
                WHERE s.kind = 'interview' AND s.status = 'finished' ORDER BY t.id"""):
            found = out.get((user_id, QUESTION, node))
            if found is not None and not is_follow_up(node):
                found.append((seconds(at), float(score)))
    return out


def save_plans(store: Store, rules: str, plans: Iterable[tuple[TeamItem, float, int, bool]]) -> None:
    """Keep schedules: (the item as read, due in unix seconds, fails, leech).

    An item whose attempts changed since it was read (its version moved on)
    keeps none: the next reader computes it again.
    """
    values = [(rules, due, fails, int(leech), i.user_id, i.kind, i.item_id, i.version)
              for i, due, fails, leech in plans]
    if values:
        with store._write() as conn:
            conn.executemany("""
                UPDATE summary_items SET plan_rules = ?, plan_due = ?, plan_fails = ?, plan_leech = ?
                WHERE user_id = ? AND kind = ? AND item_id = ? AND version = ?""", values)
