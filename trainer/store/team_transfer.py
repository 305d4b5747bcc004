"""The ``"team"`` section of ``export json`` / ``import json``: roles, groups, assignments, tracks, certificates.

Written only when everyone is exported (no ``--user``). References are names
(a person's, a group's, a track's), never ids, so the section means the same on
any database; a track's steps are positions in ``team.assignments``. Password
hashes and login back-off columns are never written, and a file carrying them
is refused (they are unknown fields): people moved this way have their roles
but no password until an admin runs ``trainer user passwd``.

Import adds what is missing and keeps what is here: a role, group, membership
or certificate already present is left as it is; an assignment already present
(the same fields, bar ``removed_at``) is reused, so importing twice adds
nothing; a track whose name is taken is kept as it is here. Every field is
checked (``team.groups[0].name: …``) before anything is written.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from trainer.store import history_check as check
from trainer.store.accounts import ROLES
from trainer.store.assignments import ITEM_KINDS, MODES, SELECT
from trainer.store.certificates import figures_of

NAME = check.text(nonempty=True, limit=200)


def _names(allowed: tuple[str, ...]) -> check.Check:
    def inner(value: Any) -> str | None:
        if not isinstance(value, list) or any(v not in allowed for v in value):
            return f"must be a list of {' / '.join(allowed)}, got {value!r:.60}"
        return None
    return inner


def _indexes(value: Any) -> str | None:
    ok = isinstance(value, list) and value and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    return None if ok else "must be a non-empty list of positions in `team.assignments`"


ACCOUNT: dict[str, check.Check] = {"person": NAME, "roles": _names(ROLES), "disabled": check.flag}
GROUP: dict[str, check.Check] = {"name": NAME, "leaderboard": check.flag, "created_at": check.stamp()}
MEMBER: dict[str, check.Check] = {"group": NAME, "person": NAME, "joined_at": check.stamp()}
ASSIGNMENT: dict[str, check.Check] = {
    "item_kind": check.choice(ITEM_KINDS), "item_id": check.text(nonempty=True, limit=500),
    "title": check.text(), "person": check.text(nullable=True, nonempty=True, limit=200),
    "group": check.text(nullable=True, nonempty=True, limit=200), "due": check.stamp(),
    "min_score": check.number(0, 1e9), "passes": check.number(1, 1_000_000, whole=True),
    "max_attempts": check.number(1, 1_000_000, nullable=True, whole=True),
    "mode": check.choice((None, *MODES)), "created_by": check.text(limit=200),
    "created_at": check.stamp(), "removed_at": check.stamp(nullable=True),
}
TRACK: dict[str, check.Check] = {"name": NAME, "steps": _indexes, "created_by": check.text(limit=200),
                                 "created_at": check.stamp(), "removed_at": check.stamp(nullable=True)}
CERTIFICATE: dict[str, check.Check] = {"person": NAME, "track": NAME, "issued_at": check.stamp(),
                                       "figures": check.mapping}
SECTIONS: dict[str, dict[str, check.Check]] = {
    "accounts": ACCOUNT, "groups": GROUP, "members": MEMBER, "assignments": ASSIGNMENT,
    "tracks": TRACK, "certificates": CERTIFICATE}
# An assignment is the same one when all of these agree (removing it later does not make it new).
KEY = ("item_kind", "item_id", "title", "person", "group", "due", "min_score", "passes", "max_attempts",
       "mode", "created_by", "created_at")


# ---------------------------------------------------------------- export


def export_team(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Everything about the team that is not a session, references as names."""
    return {"accounts": _accounts(conn),
            "groups": [{"name": r[0], "leaderboard": bool(r[1]), "created_at": r[2]} for r in conn.execute(
                "SELECT name, leaderboard, created_at FROM user_groups ORDER BY name")],
            "members": [{"group": r[0], "person": r[1], "joined_at": r[2]} for r in conn.execute(
                "SELECT g.name, u.name, m.joined_at FROM group_members m JOIN user_groups g ON g.id = m.group_id"
                " JOIN users u ON u.id = m.user_id ORDER BY g.name, u.name")],
            **_assignments_and_tracks(conn),
            "certificates": [{"person": r[0], "track": r[1], "issued_at": r[2], "figures": figures_of(r[3])}
                             for r in conn.execute(
                "SELECT u.name, t.name, c.issued_at, c.figures FROM certificates c JOIN users u"
                " ON u.id = c.user_id JOIN tracks t ON t.id = c.track_id ORDER BY c.issued_at, u.name, t.name")]}


def _accounts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """People with roles or disabled: their roles and whether they may log in (never the hash)."""
    roles: dict[str, list[str]] = {}
    for name, role in conn.execute("SELECT u.name, r.role FROM user_roles r JOIN users u ON u.id = r.user_id"):
        roles.setdefault(str(name), []).append(str(role))
    disabled = {str(r[0]) for r in conn.execute("SELECT name FROM users WHERE disabled = 1")}
    return [{"person": name, "roles": [r for r in ROLES if r in roles.get(name, [])], "disabled": name in disabled}
            for name in sorted(set(roles) | disabled)]


def _assignments_and_tracks(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    rows = conn.execute(SELECT + " ORDER BY a.created_at, a.id").fetchall()
    position = {int(r[0]): n for n, r in enumerate(rows)}
    steps: dict[int, list[int]] = {}
    for track_id, assignment_id in conn.execute("SELECT track_id, assignment_id FROM track_steps"
                                                " ORDER BY track_id, pos"):
        steps.setdefault(int(track_id), []).append(position[int(assignment_id)])
    tracks = [{"name": r[1], "steps": steps.get(int(r[0]), []), "created_by": r[2], "created_at": r[3],
               "removed_at": r[4]} for r in conn.execute(
        "SELECT id, name, created_by, created_at, removed_at FROM tracks ORDER BY name")]
    return {"assignments": [_assignment(r) for r in rows], "tracks": tracks}


def _assignment(r: Any) -> dict[str, Any]:
    values = (r[1], r[2], r[3], r[4], r[5], r[6], float(r[7]), int(r[8]),
              None if r[9] is None else int(r[9]), r[10], r[11], r[12])
    return {**dict(zip(KEY, values, strict=True)), "removed_at": r[13]}


# ---------------------------------------------------------------- check


def check_team(team: Any, people: set[str], conn: sqlite3.Connection | None) -> list[str]:
    """Problems of the ``team`` section; with ``conn``, every name must be in the file or here."""
    if not isinstance(team, dict):
        return ["team: must be an object"]
    problems = [f"team: unknown section {key!r:.60}" for key in team if key not in SECTIONS]
    for section, spec in SECTIONS.items():
        rows = team.get(section, [])
        if not isinstance(rows, list):
            problems.append(f"team.{section}: must be a list")
            continue
        for n, row in enumerate(rows):
            problems += check.fields(f"team.{section}[{n}]", row, spec)
    if problems:
        return problems
    problems += _check_shapes(team)
    if conn is not None:
        problems += _check_names(team, people | _all(conn, "users"), conn)
    return problems


def _check_shapes(team: dict[str, Any]) -> list[str]:
    problems = []
    for n, a in enumerate(team.get("assignments", [])):
        if (a.get("person") is None) == (a.get("group") is None):
            problems.append(f"team.assignments[{n}]: must name one person or one group (not both)")
    count = len(team.get("assignments", []))
    for n, t in enumerate(team.get("tracks", [])):
        if any(not 0 <= step < count for step in t["steps"]):
            problems.append(f"team.tracks[{n}].steps: a step is not a position in `team.assignments`")
    return problems


def _all(conn: sqlite3.Connection, table: str) -> set[str]:
    return {str(r[0]) for r in conn.execute(f"SELECT name FROM {table}")}  # noqa: S608 - a fixed table name


def _check_names(team: dict[str, Any], people: set[str], conn: sqlite3.Connection) -> list[str]:
    """Every person, group and track named must be in the file (or already in this database)."""
    groups = {g["name"].strip() for g in team.get("groups", [])} | _all(conn, "user_groups")
    tracks = {t["name"].strip() for t in team.get("tracks", [])} | _all(conn, "tracks")
    known = {"person": (people, "nobody called"), "group": (groups, "no group called"),
             "track": (tracks, "no track called")}
    problems = []
    for section in ("accounts", "members", "assignments", "certificates"):
        for n, row in enumerate(team.get(section, [])):
            for field, (names, missing) in known.items():
                value = row.get(field)
                if isinstance(value, str) and value.strip() not in names:
                    problems.append(f"team.{section}[{n}].{field}: {missing} {value.strip()!r:.60}"
                                    " in the file or here")
    return problems


# ---------------------------------------------------------------- import

# The team tables, and what ``import json`` calls their rows when it says what it added.
TEAM_TABLES = (("user_roles", "roles"), ("user_groups", "groups"), ("group_members", "group memberships"),
               ("assignments", "assignments"), ("tracks", "tracks"), ("certificates", "certificates"))


def team_rows(conn: sqlite3.Connection) -> dict[str, int]:
    """How many rows each team table holds, by the words of ``TEAM_TABLES``."""
    return {label: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608 - fixed names
            for table, label in TEAM_TABLES}


def import_team(conn: sqlite3.Connection, team: dict[str, Any]) -> None:
    """Add the checked ``team`` section inside the caller's transaction."""
    team = {section: [{k: row.get(k) for k in spec} for row in team.get(section, [])]  # absent: null
            for section, spec in SECTIONS.items()}
    users = {str(r[1]): int(r[0]) for r in conn.execute("SELECT id, name FROM users")}
    for a in team.get("accounts", []):
        uid = users[a["person"].strip()]
        conn.executemany("INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT (user_id, role)"
                         " DO NOTHING", [(uid, role) for role in a["roles"]])
        if a["disabled"]:  # disabling is the safe direction: an import never re-enables anyone
            conn.execute("UPDATE users SET disabled = 1 WHERE id = ?", (uid,))
    for g in team.get("groups", []):
        conn.execute("INSERT INTO user_groups (name, leaderboard, created_at) VALUES (?, ?, ?)"
                     " ON CONFLICT (name) DO NOTHING", (g["name"].strip(), int(bool(g["leaderboard"])),
                                                        g["created_at"]))
    groups = {str(r[1]): int(r[0]) for r in conn.execute("SELECT id, name FROM user_groups")}
    conn.executemany("INSERT INTO group_members (group_id, user_id, joined_at) VALUES (?, ?, ?)"
                     " ON CONFLICT (group_id, user_id) DO NOTHING",
                     [(groups[m["group"].strip()], users[m["person"].strip()], m["joined_at"])
                      for m in team.get("members", [])])
    ids = _import_assignments(conn, team.get("assignments", []), users, groups)
    _import_tracks(conn, team.get("tracks", []), ids)
    tracks = {str(r[1]): int(r[0]) for r in conn.execute("SELECT id, name FROM tracks")}
    conn.executemany("INSERT INTO certificates (user_id, track_id, issued_at, figures) VALUES (?, ?, ?, ?)"
                     " ON CONFLICT (user_id, track_id) DO NOTHING",
                     [(users[c["person"].strip()], tracks[c["track"].strip()], c["issued_at"],
                       json.dumps(c["figures"], ensure_ascii=False, separators=(",", ":")))
                      for c in team.get("certificates", [])])


def _key(a: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(float(a[k]) if k == "min_score" else a[k] for k in KEY)


def _import_assignments(conn: sqlite3.Connection, rows: list[dict[str, Any]], users: dict[str, int],
                        groups: dict[str, int]) -> list[int]:
    """The id of each assignment of the file here: the one already present, else a new one."""
    here = {_key(_assignment(r)): int(r[0]) for r in conn.execute(SELECT)}
    ids = []
    for a in rows:
        a = {**a, "person": _strip(a["person"]), "group": _strip(a["group"])}
        found = here.get(_key(a))
        if found is None:
            found = here[_key(a)] = int(conn.execute(
                "INSERT INTO assignments (item_kind, item_id, title, user_id, group_id, due, min_score, passes,"
                " max_attempts, mode, created_by, created_at, removed_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (a["item_kind"], a["item_id"], a["title"], users.get(a["person"] or ""),
                 groups.get(a["group"] or ""), a["due"], float(a["min_score"]), a["passes"],
                 a["max_attempts"], a["mode"], a["created_by"], a["created_at"], a["removed_at"])).fetchone()[0])
        ids.append(found)
    return ids


def _strip(value: str | None) -> str | None:
    return None if value is None else value.strip()


def _import_tracks(conn: sqlite3.Connection, rows: list[dict[str, Any]], ids: list[int]) -> None:
    """New tracks with their steps; a name already here keeps its own track."""
    for t in rows:
        cur = conn.execute("INSERT INTO tracks (name, created_by, created_at, removed_at) VALUES (?, ?, ?, ?)"
                           " ON CONFLICT (name) DO NOTHING RETURNING id",
                           (t["name"].strip(), t["created_by"], t["created_at"], t["removed_at"]))
        row = cur.fetchone()
        if row is not None:
            conn.executemany("INSERT INTO track_steps (track_id, pos, assignment_id) VALUES (?, ?, ?)",
                             [(int(row[0]), pos, ids[step]) for pos, step in enumerate(t["steps"])])
