"""Tracks (an ordered list of assignments, e.g. 新人第一週) and the certificates issued for them.

Functions that take a ``Store``, like ``trainer.store.assignments``. Whether a
person passed a track is the service's business
(``trainer.services.assignments``); this module stores the track, its steps and
a certificate once issued (one per person and track: issuing twice keeps the
first). Portable SQL: ``?`` marks, ``ON CONFLICT``, ``RETURNING``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from trainer.store.errors import StoreError
from trainer.store.store import Store


@dataclass(frozen=True)
class TrackRow:
    """A track and the ids of its assignments, in order."""

    id: int
    name: str
    steps: tuple[int, ...]
    created_by: str
    created_at: str


@dataclass(frozen=True)
class CertificateRow:
    """A certificate: who passed which track, when, and the figures of every step then."""

    id: int
    person: str
    track: str
    issued_at: str
    figures: dict[str, Any]


def add_track(store: Store, name: str, steps: Sequence[int], created_by: str = "") -> int:
    """A new track of existing, current assignments; returns its id (a taken name is refused)."""
    name = name.strip()
    if not name:
        raise StoreError("a track name cannot be empty")
    if not steps:
        raise StoreError("a track needs at least one assignment")
    with store._write() as conn:
        if conn.execute("SELECT 1 FROM tracks WHERE name = ?", (name,)).fetchone() is not None:
            raise StoreError(f"a track called {name!r} already exists")
        for step in steps:
            found = conn.execute("SELECT 1 FROM assignments WHERE id = ? AND removed_at IS NULL",
                                 (int(step),)).fetchone()
            if found is None:
                raise StoreError(f"no current assignment {step}")
        track_id = int(conn.execute("INSERT INTO tracks (name, created_by, created_at) VALUES (?, ?, ?)"
                                    " RETURNING id", (name, created_by, store._now())).fetchone()[0])
        conn.executemany("INSERT INTO track_steps (track_id, pos, assignment_id) VALUES (?, ?, ?)",
                         [(track_id, pos, int(step)) for pos, step in enumerate(steps)])
        return track_id


def tracks(store: Store) -> list[TrackRow]:
    """Every current track with its steps, by name."""
    with store._read() as conn:
        rows = conn.execute("SELECT id, name, created_by, created_at FROM tracks"
                            " WHERE removed_at IS NULL ORDER BY name").fetchall()
        steps: dict[int, list[int]] = {}
        for track_id, assignment_id in conn.execute(
                "SELECT track_id, assignment_id FROM track_steps ORDER BY track_id, pos"):
            steps.setdefault(int(track_id), []).append(int(assignment_id))
    return [TrackRow(int(r[0]), str(r[1]), tuple(steps.get(int(r[0]), ())), str(r[2]), str(r[3]))
            for r in rows]


def track(store: Store, name: str) -> TrackRow | None:
    return next((t for t in tracks(store) if t.name == name.strip()), None)


def issue(store: Store, person: str, track_id: int, figures: dict[str, Any]) -> bool:
    """Record ``person``'s certificate for the track unless they have one; whether it is new."""
    with store._write() as conn:
        user = conn.execute("SELECT id FROM users WHERE name = ?", (person.strip(),)).fetchone()
        if user is None:
            raise StoreError(f"nobody called {person.strip()!r}")
        cur = conn.execute(
            "INSERT INTO certificates (user_id, track_id, issued_at, figures) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id, track_id) DO NOTHING",
            (int(user[0]), int(track_id), store._now(),
             json.dumps(figures, ensure_ascii=False, separators=(",", ":"))))
        return cur.rowcount > 0


def certificates(store: Store, person: str | None = None) -> list[CertificateRow]:
    """Certificates issued (to ``person``, else to anyone), oldest first."""
    sql = ("SELECT c.id, u.name, t.name, c.issued_at, c.figures FROM certificates c"
           " JOIN users u ON u.id = c.user_id JOIN tracks t ON t.id = c.track_id")
    args: tuple[str, ...] = ()
    if person is not None:
        sql, args = sql + " WHERE u.name = ?", (person.strip(),)
    with store._read() as conn:
        rows = conn.execute(sql + " ORDER BY c.issued_at, c.id", args).fetchall()
    return [CertificateRow(int(r[0]), str(r[1]), str(r[2]), str(r[3]), figures_of(r[4])) for r in rows]


def figures_of(raw: object) -> dict[str, Any]:
    """A certificate's stored figures (JSON text) as a dict; ``{}`` when unreadable."""
    try:
        data = json.loads(str(raw))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
