"""``trainer export json`` / ``trainer import json``: move people's history between machines, losslessly.

The file is one JSON document (``"format": "trainer-history"``, version 1):
every person (name, created_at) with every session — open, finished and
discarded — with every column, and every turn with its full scorer result; key
points (``turn_points``) are rebuilt from the results exactly as ``record_turn``
builds them. Rows of later tables that hang off sessions or turns (an
interviewer's overrides, notes, decisions, typing results…) are found from the
schema's foreign keys and travel too, their references written as session
``uid`` and turn index, so a table added by a future migration is carried
without changing this module.

An export of everyone also carries a ``"team"`` section — roles, groups and
their members, assignments, tracks and certificates, by name — read and
written by ``trainer.store.team_transfer``; never a password hash.

Import keys sessions on ``uid``: a session already present is skipped, so
importing the same file twice adds nothing. The whole import is one
transaction: all of it or none. Problems in the file are collected and listed
(``users[0].sessions[2].turns[1]: missing `reply```) before anything is written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.core.atomic import write_atomic
from trainer.core.files import read_bytes
from trainer.core.visible import json_safe, visible
from trainer.store import dialect, summary
from trainer.store import history_check as check
from trainer.store import team_transfer as team
from trainer.store.errors import StoreError
from trainer.store.history_check import FORMAT, VERSION
from trainer.store.progress import sessions_with_turns
from trainer.store.rows import TURN_COLUMNS, TurnRow, point_rows, to_json, turn_values
from trainer.store.schema import INFER_CANDIDATE
from trainer.store.store import Store

CORE_TABLES = {"schema_history", "users", "settings", "sessions", "turns", "turn_points"}
SESSION_FIELDS = ("uid", "kind", "item_id", "item_title", "category", "mode", "seed", "start_node",
                  "start_mood", "status", "outcome", "score", "started_at", "finished_at", "meta")
TURN_FIELDS = tuple(f.name for f in fields(TurnRow))
MAX_PROBLEMS = 20
MAX_IMPORT_BYTES = 1 << 30  # a year of a large team's history is under 1 GB


# ---------------------------------------------------------------- export


def export_history(store: Store, user: str | None = None) -> dict[str, Any]:
    """The history of ``user`` (everyone if None) as one JSON-ready document."""
    with store._read() as conn:
        people = conn.execute("SELECT name, created_at, kind FROM users" + (" WHERE name = ?" if user else "")
                              + " ORDER BY name", (user.strip(),) if user else ()).fetchall()
    if user and not people:
        raise StoreError(f"no trainee called {user.strip()!r} in {store.path}")
    users: list[dict[str, Any]] = []
    exported: dict[int, str] = {}  # session id -> uid
    for name, created_at, kind in people:
        sessions = []
        for session, turns in sessions_with_turns(store, user=name, finished_only=False):
            exported[session.id] = session.uid
            data = {key: getattr(session, key) for key in SESSION_FIELDS}
            data["turns"] = [{key: getattr(t, key) for key in TURN_FIELDS} for t in turns]
            sessions.append(data)
        users.append({"name": name, "created_at": created_at, "kind": kind, "sessions": sessions})
    doc = {"format": FORMAT, "version": VERSION, "schema": store.schema_version,
           "exported_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
           "users": users, "tables": _extra_rows(store, exported)}
    if not user:  # roles, groups, assignments… only with everyone: they name people left out otherwise
        with store._read() as conn:
            doc["team"] = team.export_team(conn)
    return doc


def _links(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """Every non-core table with columns pointing at sessions or turns: table -> {column: "sessions"|"turns"}."""
    out: dict[str, dict[str, str]] = {}
    for table in dialect.table_names(conn):
        if table in CORE_TABLES:
            continue
        refs = {column: target for column, target in dialect.foreign_keys(conn, table)
                if target in ("sessions", "turns")}
        if refs:
            out[table] = refs
    return out


def _rowid_alias(conn: sqlite3.Connection, table: str, refs: dict[str, str]) -> str | None:
    """The INTEGER PRIMARY KEY column of ``table``, reassigned on import — unless it is itself a
    reference (``typing_results.session_id``): then it is mapped like any other."""
    keys = [r for r in dialect.table_info(conn, table) if r[5]]
    if len(keys) == 1 and keys[0][2].upper() == "INTEGER" and keys[0][1] not in refs:
        return str(keys[0][1])
    return None


def _extra_rows(store: Store, exported: dict[int, str]) -> dict[str, list[dict[str, Any]]]:
    """Rows of linked tables that belong to an exported session, references as uid / [uid, index]."""
    out: dict[str, list[dict[str, Any]]] = {}
    with store._read() as conn:
        for table, refs in _links(conn).items():
            skip = _rowid_alias(conn, table, refs)
            rows = []
            order = dialect.row_order(conn, table)
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall():
                data = {k: row[k] for k in row.keys() if k != skip}
                mapped = _map_out(conn, data, refs, exported)
                if mapped is not None:
                    rows.append(mapped)
            if rows:
                out[table] = rows
    return out


def _map_out(conn: sqlite3.Connection, data: dict[str, Any], refs: dict[str, str],
             sessions: dict[int, str]) -> dict[str, Any] | None:
    """``data`` with its references made portable; None unless it belongs to an exported session."""
    owned = False
    for column, target in refs.items():
        value = data.get(column)
        if value is None:
            continue
        if target == "sessions":
            uid = sessions.get(value)
            data[column] = {"$session": uid}
        else:
            found = conn.execute("SELECT session_id, idx FROM turns WHERE id = ?", (value,)).fetchone()
            uid = sessions.get(found[0]) if found else None
            data[column] = {"$turn": [uid, found[1] if found else None]}
        owned = owned or uid is not None
    return data if owned else None


# ---------------------------------------------------------------- import


class HistoryProblems(StoreError):
    """The file is not a history this version can import; ``problems`` lists why."""

    def __init__(self, where: str, problems: list[str]) -> None:
        shown = problems[:MAX_PROBLEMS]
        more = f"\n  … and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        super().__init__(f"{where} cannot be imported:\n  " + "\n  ".join(shown) + more)
        self.problems = problems


def check_history(doc: Any, conn: sqlite3.Connection | None = None) -> list[str]:
    """Every problem that would stop an import, as ``path: message`` lines (empty = fine).

    With ``conn``, linked-table rows are checked against that database's tables and columns.
    """
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return [f"not a trainer history file (expected \"format\": \"{FORMAT}\")"]
    if doc.get("version") != VERSION:
        return [f"history format version {doc.get('version')!r:.40}; this trainer reads version {VERSION}"]
    users = doc.get("users")
    if not isinstance(users, list):
        return ["`users` must be a list"]
    problems: list[str] = []
    for u, person in enumerate(users):
        where = f"users[{u}]"
        found = check.fields(where, person, check.PERSON)
        problems += found
        if not found:
            for s, session in enumerate(person.get("sessions") or []):
                problems += _check_session(f"{where}.sessions[{s}]", session)
    problems += _check_tables(doc.get("tables") or {}, conn)
    if "team" in doc:  # the names it uses must be people of the file (or of this database)
        people = {p["name"].strip() for p in users if isinstance(p, dict) and isinstance(p.get("name"), str)}
        problems += team.check_team(doc["team"], people, conn)
    return problems


def _check_session(where: str, session: Any) -> list[str]:
    problems = check.fields(where, session, check.SESSION, extra=("turns",))
    turns = session.get("turns") or [] if isinstance(session, dict) else []
    if not isinstance(turns, list):
        return [*problems, f"{where}.turns: must be a list"]
    for t, turn in enumerate(turns):
        problems += check.fields(f"{where}.turns[{t}]", turn, check.TURN, check.TURN_OPTIONAL)
    return problems


def _check_tables(tables: Any, conn: sqlite3.Connection | None) -> list[str]:
    if conn is None or not isinstance(tables, dict):
        return [] if isinstance(tables, dict) else ["`tables` must be an object"]
    links = _links(conn)
    columns = check.table_columns(conn, list(links))
    skip = {table: _rowid_alias(conn, table, refs) for table, refs in links.items()}
    return check.check_tables(tables, links, columns, skip)


def import_history(store: Store, doc: Any, where: str = "the file") -> tuple[int, int, int]:
    """Add the sessions of ``doc`` that are not here yet, in one transaction.

    Returns (sessions added, turns added, sessions skipped as already present).
    """
    with store._read() as conn:
        problems = check_history(doc, conn)
    if problems:
        raise HistoryProblems(where, problems)
    added = turns = skipped = 0
    new_sessions: dict[str, int] = {}  # uid -> new id, for the linked tables
    with store._write() as conn:
        unknown_kind: list[int] = []  # people new here whose file does not say their kind
        for person in doc["users"]:
            user_id = _user(conn, person, store._now(), unknown_kind)
            for session in person.get("sessions") or []:
                if conn.execute("SELECT 1 FROM sessions WHERE uid = ?", (session["uid"],)).fetchone():
                    skipped += 1
                    continue
                new_sessions[session["uid"]] = sid = _insert_session(conn, user_id, session, where)
                turns += _insert_turns(conn, sid, session, where)
                added += 1
        _insert_extra(conn, doc.get("tables") or {}, new_sessions, where)
        team.import_team(conn, doc.get("team") or {})
        _infer_kinds(conn, unknown_kind)
        summary.refresh_sessions(conn, new_sessions.values())  # after the kinds: candidates leave team counts
    return added, turns, skipped


def _user(conn: sqlite3.Connection, person: dict[str, Any], now: str, unknown_kind: list[int]) -> int:
    """The person's id; a new person gets the file's kind (an existing one keeps theirs)."""
    name = person["name"].strip()
    cur = conn.execute("INSERT INTO users (name, created_at, kind) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                       (name, person.get("created_at") or now, person.get("kind") or "trainee"))
    user_id = int(conn.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()[0])
    if cur.rowcount and person.get("kind") is None:
        unknown_kind.append(user_id)
    return user_id


def _infer_kinds(conn: sqlite3.Connection, user_ids: list[int]) -> None:
    """A file from before kinds existed: the same rule as migration 3 (only interviews: a candidate)."""
    for user_id in user_ids:
        conn.execute(INFER_CANDIDATE + " AND users.id = ?", (user_id,))


def _insert_session(conn: sqlite3.Connection, user_id: int, s: dict[str, Any], where: str) -> int:
    values = [s.get(key) for key in SESSION_FIELDS]
    values[SESSION_FIELDS.index("meta")] = to_json(s.get("meta") or {})
    values[SESSION_FIELDS.index("seed")] = int(s.get("seed") or 0)
    values[SESSION_FIELDS.index("item_title")] = s.get("item_title") or ""
    values[SESSION_FIELDS.index("category")] = s.get("category") or ""
    marks = ", ".join("?" * (len(SESSION_FIELDS) + 1))
    try:
        cur = conn.execute(f"INSERT INTO sessions (user_id, {', '.join(SESSION_FIELDS)}) VALUES ({marks})"
                           " RETURNING id", (user_id, *values))
        return int(cur.fetchone()[0])
    except (sqlite3.IntegrityError, TypeError, ValueError) as exc:
        raise StoreError(f"{where}: session {s.get('uid')} cannot be stored: {exc}") from exc


def _insert_turns(conn: sqlite3.Connection, session_id: int, s: dict[str, Any], where: str) -> int:
    columns = ", ".join(("session_id", *TURN_COLUMNS))
    marks = ", ".join("?" * (len(TURN_COLUMNS) + 1))
    count = 0
    for data in s.get("turns") or []:
        try:
            turn = TurnRow(**{key: data.get(key, _TURN_DEFAULTS.get(key)) for key in TURN_FIELDS})
            cur = conn.execute(f"INSERT INTO turns ({columns}) VALUES ({marks}) RETURNING id",
                               turn_values(session_id, turn, s.get("started_at") or ""))
            turn_id = int(cur.fetchone()[0])
        except (sqlite3.IntegrityError, TypeError, ValueError) as exc:
            raise StoreError(f"{where}: turn {data.get('index')} of session {s.get('uid')} "
                             f"cannot be stored: {exc}") from exc
        conn.executemany("INSERT INTO turn_points (turn_id, pos, label, hit, credit) VALUES (?, ?, ?, ?, ?)",
                         point_rows(turn_id, turn.result))
        count += 1
    return count


_TURN_DEFAULTS: dict[str, Any] = {"mood_before": None, "mood_after": None, "typing_seconds": None,
                                  "hints": 0, "nudges": 0, "next_node": None, "pasted": False, "created_at": ""}


def _insert_extra(conn: sqlite3.Connection, tables: dict[str, Any], new_sessions: dict[str, int],
                  where: str) -> None:
    """Rows of linked tables whose sessions were added now (the others are here already)."""
    links = _links(conn)
    for table, rows in tables.items():
        if table not in links:
            raise StoreError(f"{where}: table {table!r} is not in this database (made by a newer trainer?)")
        skip = _rowid_alias(conn, table, links[table])
        allowed = {r[1] for r in dialect.table_info(conn, table)}
        for n, row in enumerate(rows):
            mapped = _map_in(conn, dict(row), links[table], new_sessions)
            if mapped is None:
                continue
            mapped.pop(skip or "", None)
            if not set(mapped) <= allowed:  # checked before; never let a name from the file reach SQL
                raise StoreError(f"{where}: tables.{table}[{n}]: unknown columns")
            names = ", ".join(f'"{k}"' for k in mapped)
            try:
                conn.execute(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(mapped))})',
                             list(mapped.values()))
            except sqlite3.Error as exc:
                raise StoreError(f"{where}: tables.{table}[{n}] cannot be stored ({exc}); "
                                 "nothing was imported") from exc


def _map_in(conn: sqlite3.Connection, row: dict[str, Any], refs: dict[str, str],
            new_sessions: dict[str, int]) -> dict[str, Any] | None:
    """``row`` with its references made local ids; None when it belongs to no session added now."""
    owned = False
    for column, target in refs.items():
        ref = row.get(column)
        if not isinstance(ref, dict):
            continue
        if target == "sessions":
            uid, index = ref.get("$session"), None
        else:
            uid, index = (list(ref.get("$turn") or []) + [None, None])[:2]
        owned = owned or uid in new_sessions
        found = conn.execute("SELECT id FROM sessions WHERE uid = ?", (uid,)).fetchone()
        if found is not None and index is not None:
            found = conn.execute("SELECT id FROM turns WHERE session_id = ? AND idx = ?", (found[0], index)).fetchone()
        row[column] = None if found is None else found[0]
    return row if owned else None


# ---------------------------------------------------------------- commands


def cmd_export_json(store: Store, user: str | None, out: Path | None) -> int:
    """``export json [--user NAME] [-o FILE]``: everyone's history (or one person's) as JSON."""
    try:
        doc = export_history(store, user)
    except StoreError as exc:
        return _error(str(exc), 2 if user else 1)
    # json_safe: the same data, with no raw control character to act on a terminal.
    text = json_safe(json.dumps(doc, ensure_ascii=False, indent=1)) + "\n"
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(out, text)  # a failed write keeps the previous export intact
    except OSError as exc:
        return _error(f"cannot write {out}: {exc.strerror or exc}; the previous file (if any) is unchanged")
    sessions = sum(len(u["sessions"]) for u in doc["users"])
    print(f"wrote {len(doc['users'])} people, {sessions} sessions to {out}", file=sys.stderr)
    return 0


def cmd_import_json(store: Store, path: Path) -> int:
    """``import json FILE``: add the sessions of FILE not already here (by uid); all or nothing."""
    if not os.path.lexists(path):
        return _error(f"no such file: {path}", 2)
    data, problem = read_bytes(path, MAX_IMPORT_BYTES, "history files")  # a FIFO or device is refused unread
    if data is None:
        return _error(f"cannot read {path}: {problem.message if problem else 'unknown error'}")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except RecursionError:
        return _error(f"{path} is not a JSON history file (nested too deeply)")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _error(f"{path} is not a JSON history file ({exc})")
    try:
        with store._read() as conn:
            before = team.team_rows(conn)
        added, turns, skipped = import_history(store, doc, str(path))
        with store._read() as conn:
            after = team.team_rows(conn)
    except StoreError as exc:
        return _error(str(exc))
    rows = ", ".join(f"{after[k] - before[k]} {k}" for k in after if after[k] > before[k])
    print(f"imported {added} sessions ({turns} replies){' and ' + rows if rows else ''} from {path}"
          + (f"; {skipped} already here, skipped" if skipped else ""), file=sys.stderr)
    return 0


def _error(message: str, code: int = 1) -> int:
    print(f"trainer: error: {visible(message)}", file=sys.stderr)
    return code

