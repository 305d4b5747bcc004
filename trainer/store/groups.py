"""Groups of trainees (新人一組, 售後組…), schema version 4.

Functions that take a ``Store``, like ``trainer.store.access``. A group holds
people; who counts as a trainee of it is the caller's business (assignments
reach only members who hold the trainee role, or are plain laptop trainees).
SQL here is written for both backends: ``?`` marks, ``ON CONFLICT``, ``RETURNING``.
"""

from __future__ import annotations

from trainer.store.errors import StoreError
from trainer.store.store import Store


def _name(text: str, what: str) -> str:
    name = text.strip()
    if not name:
        raise StoreError(f"a {what} name cannot be empty")
    return name


def group_id(store: Store, name: str) -> int | None:
    """The id of the group called ``name``, or None."""
    with store._read() as conn:
        row = conn.execute("SELECT id FROM user_groups WHERE name = ?", (name.strip(),)).fetchone()
    return None if row is None else int(row[0])


def add_group(store: Store, name: str) -> int:
    """The id of group ``name``, created if new."""
    name = _name(name, "group")
    with store._write() as conn:
        conn.execute("INSERT INTO user_groups (name, created_at) VALUES (?, ?)"
                     " ON CONFLICT (name) DO NOTHING", (name, store._now()))
        return int(conn.execute("SELECT id FROM user_groups WHERE name = ?", (name,)).fetchone()[0])


def groups(store: Store) -> list[str]:
    """Every group's name, sorted."""
    with store._read() as conn:
        return [str(r[0]) for r in conn.execute("SELECT name FROM user_groups ORDER BY name")]


def join_group(store: Store, group: str, person: str) -> None:
    """Put an existing ``person`` into an existing ``group`` (already there: nothing changes)."""
    with store._write() as conn:
        gid = conn.execute("SELECT id FROM user_groups WHERE name = ?", (group.strip(),)).fetchone()
        uid = conn.execute("SELECT id FROM users WHERE name = ?", (person.strip(),)).fetchone()
        if gid is None:
            raise StoreError(f"no group called {group.strip()!r}")
        if uid is None:
            raise StoreError(f"nobody called {person.strip()!r}")
        conn.execute("INSERT INTO group_members (group_id, user_id, joined_at) VALUES (?, ?, ?)"
                     " ON CONFLICT (group_id, user_id) DO NOTHING", (gid[0], uid[0], store._now()))


def leave_group(store: Store, group: str, person: str) -> None:
    with store._write() as conn:
        conn.execute("DELETE FROM group_members WHERE group_id = (SELECT id FROM user_groups WHERE name = ?)"
                     " AND user_id = (SELECT id FROM users WHERE name = ?)", (group.strip(), person.strip()))


def members(store: Store, group: str) -> list[str]:
    """The names of everyone in ``group``, sorted (an unknown group has none)."""
    with store._read() as conn:
        return [str(r[0]) for r in conn.execute(
            "SELECT u.name FROM group_members m JOIN user_groups g ON g.id = m.group_id"
            " JOIN users u ON u.id = m.user_id WHERE g.name = ? ORDER BY u.name", (group.strip(),))]


def groups_of(store: Store, person: str) -> list[str]:
    """The groups ``person`` is in, sorted."""
    with store._read() as conn:
        return [str(r[0]) for r in conn.execute(
            "SELECT g.name FROM group_members m JOIN user_groups g ON g.id = m.group_id"
            " JOIN users u ON u.id = m.user_id WHERE u.name = ? ORDER BY g.name", (person.strip(),))]
