"""Who may see what, until real accounts exist: people's kinds, passphrase back-off, the candidate lock.

Functions that take a ``Store`` (its connection, lock and clock), like
``trainer.store.interviews``:

- **kinds** (schema version 3): every person is a ``trainee`` or a ``candidate``.
  Candidates never appear in trainee lists, the team figures or spaced practice.
- **back-off**: after ``FREE_TRIES`` wrong staff passphrases, each further try
  must wait a growing delay; the count and the time are store settings, so a
  restart does not reset them. Nothing here sleeps: the caller is told how long.
- **candidate lock**: while a candidate has the screen, the interview's session
  id is a setting; a restarted app reopens at the candidate's screen.
- **reset**: the machine owner's way out of a forgotten passphrase.

See docs/interview.md ("Who sees what").
"""

from __future__ import annotations

import math
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from trainer.store.errors import StoreError
from trainer.store.store import Store

TRAINEE, CANDIDATE = "trainee", "candidate"
KINDS = (TRAINEE, CANDIDATE)
TRAINEE_SQL = "u.kind = 'trainee'"  # for queries that join `users u`: trainees only

LAST_USER_KEY = "last_user"  # the trainee this device remembers (the app's name question)
FAILURES_KEY = "passphrase_failures"  # "COUNT UNTIL": wrong tries in a row, next try allowed at
CANDIDATE_LOCK_KEY = "candidate_lock"  # the interview session id while a candidate has the screen
FREE_TRIES = 3
FIRST_DELAY = 5.0  # seconds after the FREE_TRIES-th wrong try; doubles each time after
MAX_DELAY = 15 * 60.0


# --- kinds of people ------------------------------------------------------------------


def kind_of(store: Store, name: str) -> str | None:
    """``trainee`` / ``candidate``, or None when nobody has that name yet."""
    with store._read() as conn:
        row = conn.execute("SELECT kind FROM users WHERE name = ?", (name.strip(),)).fetchone()
    return None if row is None else str(row[0])


def ensure_person(store: Store, name: str, kind: str) -> str:
    """Create ``name`` as a ``kind`` if new; returns the person's kind (an existing one stays)."""
    if kind not in KINDS:
        raise StoreError(f"unknown kind of person {kind!r} (expected {' / '.join(KINDS)})")
    name = name.strip()
    if not name:
        raise StoreError("a user name cannot be empty")
    with store._write() as conn:
        conn.execute("INSERT INTO users (name, created_at, kind) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                     (name, store._now(), kind))
        return str(conn.execute("SELECT kind FROM users WHERE name = ?", (name,)).fetchone()[0])


def has_history(store: Store, name: str) -> bool:
    """Whether ``name`` has any session at all (of any kind or status)."""
    return _any_session(store, "=", name)


def _any_session(store: Store, compare: str, name: str | None) -> bool:
    """Whether a session exists whose person's name is (``=``) or is not (``!=``) ``name``."""
    assert compare in ("=", "!="), compare  # a fixed operator, never text from outside
    with store._read() as conn:
        row = conn.execute("SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id"
                           f" WHERE u.name {compare} ? LIMIT 1", ((name or "").strip(),)).fetchone()
    return row is not None


def remembered_user(db: Path | str) -> str | None:
    """The remembered trainee of an existing database, read-only: nothing is created or migrated."""
    if isinstance(db, str):  # a database URL: a shared store remembers nobody for this device
        return None
    if not db.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (LAST_USER_KEY,)).fetchone()
    except sqlite3.Error:  # not a progress database (yet): the app will say so
        return None
    return str(row[0]) if row and row[0] else None


def others_have_history(store: Store, name: str | None) -> bool:
    """Whether anyone but ``name`` has a session here (then the first passphrase is not theirs to set)."""
    return _any_session(store, "!=", name)


def trainees(store: Store) -> list[str]:
    """Every trainee's name, sorted (candidates left out)."""
    with store._read() as conn:
        return [r[0] for r in conn.execute(f"SELECT name FROM users u WHERE {TRAINEE_SQL} ORDER BY name")]


# --- wrong passphrases slow down ------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """The outcome of one try: ``ok``, else ``wait`` seconds before the next (0: try again now)."""

    ok: bool
    wait: int
    failures: int  # wrong tries in a row so far (0 after a right one)
    checked: bool = True  # False: a wait was running, so the passphrase was not even looked at


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong tries in a row: none for the first few, then doubling."""
    if failures < FREE_TRIES:
        return 0.0
    return min(MAX_DELAY, FIRST_DELAY * float(2 ** min(failures - FREE_TRIES, 20)))


def _failures(store: Store) -> tuple[int, datetime | None]:
    raw = store.get_setting(FAILURES_KEY)
    try:
        count, until = (raw or "").split(" ", 1)
        return max(0, int(count)), datetime.fromisoformat(until)
    except ValueError:  # none yet, or damaged: a damaged count must not unlock, so it waits
        return (FREE_TRIES, store._clock() + timedelta(seconds=FIRST_DELAY)) if raw else (0, None)


def wait_left(store: Store) -> int:
    """Whole seconds before the next try is allowed (0: now)."""
    _, until = _failures(store)
    if until is None:
        return 0
    return max(0, math.ceil((until - store._clock()).total_seconds()))


def try_passphrase(store: Store, passphrase: str) -> Attempt:
    """Check ``passphrase`` unless a wait is running; count a wrong one, clear the count on a right one."""
    left = wait_left(store)
    count, _ = _failures(store)
    if left:
        return Attempt(False, left, count, checked=False)
    from trainer.store.interviews import check_passphrase  # hashing: only when a passphrase is typed

    if check_passphrase(store, passphrase):
        _clear(store, FAILURES_KEY)
        return Attempt(True, 0, 0)
    count += 1
    delay = delay_after(count)
    store.set_setting(FAILURES_KEY, f"{count} {(store._clock() + timedelta(seconds=delay)).isoformat()}")
    return Attempt(False, math.ceil(delay), count)


def _clear(store: Store, *keys: str) -> None:
    with store._write() as conn:
        conn.executemany("DELETE FROM settings WHERE key = ?", [(k,) for k in keys])


def reset_passphrase(store: Store) -> bool:
    """Forget the staff passphrase and the wrong-try count; whether one was set.

    The next guarded entry asks for a new passphrase (twice). Nothing else changes.
    """
    from trainer.store.interviews import PASSPHRASE_KEY

    had = store.get_setting(PASSPHRASE_KEY) is not None
    _clear(store, PASSPHRASE_KEY, FAILURES_KEY)
    return had


# --- the candidate lock ---------------------------------------------------------------


def lock_candidate(store: Store, session_id: int) -> None:
    """A candidate has the screen for interview ``session_id``: only the passphrase ends it."""
    store.set_setting(CANDIDATE_LOCK_KEY, str(int(session_id)))


def candidate_lock(store: Store) -> int | None:
    """The interview whose candidate has the screen, if any (0: locked, but the id is unreadable)."""
    raw = store.get_setting(CANDIDATE_LOCK_KEY)
    if raw is None:
        return None
    return int(raw) if raw.strip().isdigit() else 0  # damaged: stay locked rather than open


def release_candidate(store: Store) -> None:
    """The interviewer (with the passphrase) took the screen back."""
    _clear(store, CANDIDATE_LOCK_KEY)
