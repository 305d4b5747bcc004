"""The per-group weekly leaderboard's rows: on/off per group (``user_groups.leaderboard``) and practice days.

Functions that take a ``Store``. Off by default; a manager switches it on per
group. Only the group's trainees (as assignments count them) and only finished
practice sessions are read. The ranking is ``trainer.services.leaderboard``'s.
Portable SQL.
"""

from __future__ import annotations

from trainer.store.assignments import TRAINEE_MEMBER
from trainer.store.errors import StoreError
from trainer.store.store import Store


def set_leaderboard(store: Store, group: str, on: bool) -> None:
    with store._write() as conn:
        cur = conn.execute("UPDATE user_groups SET leaderboard = ? WHERE name = ?", (int(on), group.strip()))
        if cur.rowcount == 0:
            raise StoreError(f"no group called {group.strip()!r}")


def is_on(store: Store, group: str) -> bool:
    with store._read() as conn:
        row = conn.execute("SELECT leaderboard FROM user_groups WHERE name = ?", (group.strip(),)).fetchone()
    return bool(row and row[0])


def boards_of(store: Store, person: str) -> list[str]:
    """The groups of ``person`` whose leaderboard is on, by name."""
    with store._read() as conn:
        return [str(r[0]) for r in conn.execute(
            "SELECT g.name FROM group_members m JOIN user_groups g ON g.id = m.group_id"
            " JOIN users u ON u.id = m.user_id WHERE u.name = ? AND g.leaderboard = 1 ORDER BY g.name",
            (person.strip(),))]


def practice(store: Store, group: str, since: str) -> list[tuple[str, float | None, str]]:
    """``(name, score, finished_at)`` of the group's trainees' finished practice since ``since``."""
    sql = f"""SELECT u.name, s.score, s.finished_at FROM sessions s JOIN users u ON u.id = s.user_id
        JOIN group_members m ON m.user_id = u.id JOIN user_groups g ON g.id = m.group_id
        WHERE g.name = ? AND {TRAINEE_MEMBER} AND s.kind = 'practice' AND s.status = 'finished'
          AND s.finished_at >= ? ORDER BY s.finished_at"""
    with store._read() as conn:
        return [(str(r[0]), None if r[1] is None else float(r[1]), str(r[2]))
                for r in conn.execute(sql, (group.strip(), since))]


def trainees(store: Store, group: str) -> list[str]:
    sql = f"""SELECT u.name FROM group_members m JOIN users u ON u.id = m.user_id
        JOIN user_groups g ON g.id = m.group_id WHERE g.name = ? AND {TRAINEE_MEMBER} ORDER BY u.name"""
    with store._read() as conn:
        return [str(r[0]) for r in conn.execute(sql, (group.strip(),))]
