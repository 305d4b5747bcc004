"""Checking a history file for ``import json`` before anything is written.

The file comes from another machine, or from someone crafting it: every field
is checked against a whitelist with its type and range (a ``score: "abc"``
would break the reports later), every linked table and column must exist in
this database (so no name from the file ever reaches SQL unchecked), and each
problem names its record (``users[0].sessions[2].turns[1].score: …``).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from trainer.store.dialect import table_info
from trainer.store.rows import KINDS, MODES, STATUSES

FORMAT, VERSION = "trainer-history", 1
Check = Callable[[Any], str | None]  # a value -> what is wrong with it, or None
MAX_TEXT = 200_000
MAX_INT = 2**63 - 1


def text(nullable: bool = False, nonempty: bool = False, limit: int = MAX_TEXT) -> Check:
    def check(value: Any) -> str | None:
        if value is None:
            return None if nullable else "must be text, got nothing"
        if not isinstance(value, str):
            return f"must be text, got {type(value).__name__}"
        if nonempty and not value.strip():
            return "must not be empty"
        return f"is longer than {limit:,} characters" if len(value) > limit else None
    return check


def number(lo: float, hi: float, nullable: bool = False, whole: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if value is None:
            return None if nullable else "must be a number, got nothing"
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
            return f"must be a {'whole ' if whole else ''}number, got {value!r:.40}"
        if not math.isfinite(value) or not lo <= value <= hi:
            return f"must be between {lo:g} and {hi:g}, got {value!r}"
        return None
    return check


def choice(values: tuple[Any, ...]) -> Check:
    def check(value: Any) -> str | None:
        return None if value in values else f"must be one of {', '.join(map(repr, values))}, got {value!r:.40}"
    return check


def flag(value: Any) -> str | None:
    return None if isinstance(value, bool) or value in (0, 1) else f"must be true or false, got {value!r:.40}"


def stamp(nullable: bool = False) -> Check:
    def check(value: Any) -> str | None:
        wrong = text(nullable)(value)
        if wrong or value is None or (nullable and value == ""):  # "": the store fills it in
            return wrong
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return f"must be an ISO 8601 time, got {value!r:.40}"
        return None
    return check


def mapping(value: Any) -> str | None:
    return None if isinstance(value, dict) else f"must be an object, got {type(value).__name__}"


SCORE = number(0, 100)
SESSION: dict[str, Check] = {
    "uid": text(nonempty=True, limit=200), "kind": choice(KINDS), "item_id": text(nonempty=True, limit=500),
    "item_title": text(nullable=True), "category": text(nullable=True), "mode": choice(MODES),
    "seed": number(-MAX_INT, MAX_INT, nullable=True, whole=True), "start_node": text(nullable=True),
    "start_mood": number(0, 100, nullable=True, whole=True), "status": choice(STATUSES),
    "outcome": text(nullable=True), "score": number(0, 100, nullable=True), "started_at": stamp(),
    "finished_at": stamp(nullable=True), "meta": lambda v: None if v is None else mapping(v),
}
TURN: dict[str, Check] = {
    "index": number(0, 1_000_000, whole=True), "node_id": text(), "prompt": text(), "reply": text(),
    "score": SCORE, "raw_score": SCORE, "passed": flag, "result": mapping,
    "mood_before": number(0, 100, nullable=True, whole=True),
    "mood_after": number(0, 100, nullable=True, whole=True), "latency": number(0, 1e9),
    "typing_seconds": number(0, 1e9, nullable=True), "cpm": number(0, 1e9),
    "hints": number(0, 1_000_000, whole=True), "nudges": number(0, 1_000_000, whole=True),
    "next_node": text(nullable=True), "pasted": flag, "created_at": stamp(nullable=True),
}
TURN_OPTIONAL = {"mood_before", "mood_after", "typing_seconds", "hints", "nudges", "next_node",
                 "pasted", "created_at"}
PERSON: dict[str, Check] = {"name": text(nonempty=True, limit=200), "created_at": stamp(nullable=True),
                            # absent in files from before schema 3: inferred on import
                            "kind": lambda v: None if v in (None, "trainee", "candidate")
                            else "must be \"trainee\" or \"candidate\"",
                            "sessions": lambda v: None if v is None or isinstance(v, list) else "must be a list"}


def fields(where: str, data: Any, spec: dict[str, Check], optional: set[str] | None = None,
           extra: tuple[str, ...] = ()) -> list[str]:
    """Problems of one record: not an object, unknown or missing fields, wrong values."""
    if not isinstance(data, dict):
        return [f"{where}: must be an object"]
    problems = [f"{where}: unknown field {key!r:.60}" for key in data if key not in spec and key not in extra]
    for key, check in spec.items():
        if key not in data and optional is not None and key in optional:
            continue
        wrong = check(data.get(key))
        if wrong and key not in data:
            problems.append(f"{where}: missing `{key}`")
        elif wrong:
            problems.append(f"{where}.{key}: {wrong}")
    return problems


# ---------------------------------------------------------------- linked tables


Columns = dict[str, dict[str, tuple[str, bool]]]  # table -> column -> (declared type, required)


def table_columns(conn: sqlite3.Connection, tables: list[str]) -> Columns:
    """The columns of each linked table as this database declares them (the whitelist)."""
    out: Columns = {}
    for table in tables:
        info = table_info(conn, table)
        out[table] = {str(r[1]): (str(r[2]).upper(), bool(r[3]) and r[4] is None and not r[5])
                      for r in info}
    return out


_BY_TYPE: dict[str, Check] = {"INTEGER": number(-MAX_INT, MAX_INT, nullable=True, whole=True),
                              "REAL": number(-1e300, 1e300, nullable=True), "TEXT": text(nullable=True)}


def _plain(value: Any) -> str | None:
    return "must be a plain value" if isinstance(value, (dict, list)) else None


def _reference(value: Any, target: str) -> str | None:
    if value is None:
        return None
    if target == "sessions":
        ok = isinstance(value, dict) and set(value) == {"$session"} and isinstance(value["$session"], str)
        return None if ok else 'must be {"$session": uid}'
    turn = value.get("$turn") if isinstance(value, dict) and set(value) == {"$turn"} else None
    ok = (isinstance(turn, list) and len(turn) == 2 and isinstance(turn[0], str)
          and isinstance(turn[1], int) and not isinstance(turn[1], bool))
    return None if ok else 'must be {"$turn": [uid, index]}'


def check_tables(tables: Any, links: dict[str, dict[str, str]], columns: Columns,
                 skip: dict[str, str | None]) -> list[str]:
    """Problems of the ``tables`` section: only this database's linked tables and columns."""
    if not isinstance(tables, dict):
        return ["`tables` must be an object"]
    problems: list[str] = []
    for table, rows in tables.items():
        if table not in links:
            problems.append(f"tables: unknown table {table!r:.60} (not linked to sessions in this database)")
            continue
        if not isinstance(rows, list):
            problems.append(f"tables.{table}: must be a list")
            continue
        for n, row in enumerate(rows):
            problems += _check_row(f"tables.{table}[{n}]", row, links[table], columns[table], skip[table])
    return problems


def _check_row(where: str, row: Any, refs: dict[str, str], columns: dict[str, tuple[str, bool]],
               skip: str | None) -> list[str]:
    if not isinstance(row, dict):
        return [f"{where}: must be an object"]
    problems = [f"{where}: unknown column {key!r:.60}" for key in row if key not in columns]
    for column, (kind, required) in columns.items():
        if column == skip:
            continue
        value = row.get(column)
        if column in refs:
            wrong = _reference(value, refs[column])
        elif value is None:
            wrong = "is required" if required else None
        else:
            wrong = _BY_TYPE.get(kind, _plain)(value)
        if wrong:
            problems.append(f"{where}.{column}: {wrong}")
    return problems
