"""Accounts (schema version 4): people with a password and roles, and the login check.

Functions that take a ``Store``, like ``trainer.store.groups``. An account is a
``users`` row with a ``password_hash`` (a salted scrypt hash made by
``trainer.store.hashing``, like the staff passphrase's); roles are
rows of ``user_roles``. A person without a password (a laptop trainee, a
candidate) is nobody to log in as.

The login check never says whether a name exists: an unknown name costs the
same hash and earns the same back-off as a wrong password (its wrong-try count
is kept in a setting named by a digest of the name), and a disabled account
is only reported as such to someone who gave its right password. The hash and
the back-off columns never leave the store (``transfer`` exports name, time
and kind only). SQL is written for both backends (docs/store.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from trainer.store.access import delay_after
from trainer.store.errors import StoreError
from trainer.store.hashing import hash_secret
from trainer.store.store import Store

ROLES = ("trainee", "manager", "interviewer", "admin")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # a longer "password" is a paste accident or an attack on the hash's time
MAX_NAME = 40  # as the app's name prompt
UNKNOWN_KEY = "login_failures:"  # + digest of a name nobody has: "COUNT UNTIL", as access.FAILURES_KEY


@dataclass(frozen=True)
class Account:
    """One account as ``trainer user list`` shows it (never its hash)."""

    name: str
    roles: tuple[str, ...]
    groups: tuple[str, ...]
    disabled: bool
    created: str


@dataclass(frozen=True)
class LoginResult:
    """One login try: ``ok``, else ``wait`` seconds before the next try may be checked."""

    ok: bool
    wait: int = 0
    failures: int = 0  # wrong tries in a row for this name
    checked: bool = True  # False: a wait was running, so the password was not even looked at
    disabled: bool = False  # the right password of a disabled account
    roles: tuple[str, ...] = ()


# --- checks shared by the CLI and the functions ---------------------------------------


def check_roles(roles: Iterable[str]) -> tuple[str, ...]:
    """``roles`` in the order of ``ROLES``, or a StoreError naming the unknown or missing one."""
    wanted = [r.strip() for r in roles if r.strip()]
    unknown = [r for r in wanted if r not in ROLES]
    if unknown:
        raise StoreError(f"unknown role {unknown[0]!r} (expected {' / '.join(ROLES)})")
    if not wanted:
        raise StoreError(f"an account needs at least one role ({' / '.join(ROLES)})")
    return tuple(r for r in ROLES if r in wanted)


def check_password(password: str) -> str:
    if not password:
        raise StoreError("the password cannot be empty")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"the password is too short: at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise StoreError(f"the password is too long: at most {MAX_PASSWORD} characters")
    return password


def check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise StoreError("an account name cannot be empty")
    if len(name) > MAX_NAME:
        raise StoreError(f"an account name has at most {MAX_NAME} characters")
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name):
        raise StoreError("an account name cannot hold control characters")
    return name


def _group_names(groups: Iterable[str]) -> list[str]:
    names = [g.strip() for g in groups]
    if any(not g for g in names):
        raise StoreError("a group name cannot be empty")
    return list(dict.fromkeys(names))


# --- managing accounts ----------------------------------------------------------------


def add_account(store: Store, name: str, roles: Sequence[str], password: str,
                groups: Sequence[str] = (), *, claim: bool = False) -> None:
    """A new account with ``roles``, in ``groups`` (created if missing): all or nothing.

    ``claim``: ``name`` is already a trainee without a password (a name typed on a
    laptop before accounts existed); it becomes the account and keeps its history.
    """
    name, roles, groups = check_name(name), check_roles(roles), _group_names(groups)
    digest = _new_hash(password)
    now = store._now()
    with store._write() as conn:
        user_id = _new_account(conn, name, digest, now, claim, store.path)
        conn.executemany("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", [(user_id, r) for r in roles])
        for group in groups:
            conn.execute("INSERT INTO user_groups (name, created_at) VALUES (?, ?)"
                         " ON CONFLICT (name) DO NOTHING", (group, now))
            conn.execute("INSERT INTO group_members (group_id, user_id, joined_at)"
                         " SELECT id, ?, ? FROM user_groups WHERE name = ? ON CONFLICT DO NOTHING",
                         (user_id, now, group))


def _new_account(conn: Any, name: str, digest: str, now: str, claim: bool, where: str) -> int:
    """The id of the account row for ``name``: inserted, or (``claim``) an existing laptop trainee's."""
    row = conn.execute("SELECT id, kind, password_hash FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        return int(conn.execute("INSERT INTO users (name, created_at, kind, password_hash)"
                                " VALUES (?, ?, 'trainee', ?) RETURNING id", (name, now, digest)).fetchone()[0])
    if claim and row[1] == "trainee" and row[2] is None:
        conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (digest, row[0]))
        return int(row[0])
    if row[2] is None and row[1] == "trainee":
        raise StoreError(f"{name!r} already exists in {where} as a trainee without an account; "
                         "add --claim to make it an account that keeps its history")
    raise StoreError(f"{name!r} already exists in {where}; pick another name "
                     "(`trainer user passwd` sets a new password)")


def _account_id(conn: Any, name: str, where: str) -> int:
    row = conn.execute("SELECT id FROM users WHERE name = ? AND password_hash IS NOT NULL",
                       (name.strip(),)).fetchone()
    if row is None:
        raise StoreError(f"no account called {name.strip()!r} in {where} (see `trainer user list`)")
    return int(row[0])


def _passwd_id(conn: Any, name: str, where: str) -> int:
    """An account, or a person with roles and no password yet (moved by ``import json``,
    which never carries password hashes): the admin gives them one."""
    row = conn.execute("SELECT id FROM users WHERE name = ? AND (password_hash IS NOT NULL OR EXISTS"
                       " (SELECT 1 FROM user_roles r WHERE r.user_id = users.id))", (name.strip(),)).fetchone()
    return _account_id(conn, name, where) if row is None else int(row[0])


def set_password(store: Store, name: str, password: str) -> None:
    """A new password for an existing account (or a person imported with roles but no password);
    its wrong-try count starts again."""
    digest = _new_hash(password)
    with store._write() as conn:
        user_id = _passwd_id(conn, name, store.path)
        conn.execute("UPDATE users SET password_hash = ?, failed_logins = 0, retry_after = NULL"
                     " WHERE id = ?", (digest, user_id))


def disable(store: Store, name: str) -> bool:
    """The account can no longer log in (its history stays); False if it already could not."""
    with store._write() as conn:
        user_id = _account_id(conn, name, store.path)
        was = conn.execute("SELECT disabled FROM users WHERE id = ?", (user_id,)).fetchone()[0]
        conn.execute("UPDATE users SET disabled = 1 WHERE id = ?", (user_id,))
    return not was


def accounts(store: Store) -> list[Account]:
    """Every account (people with a password), by name."""
    with store._read() as conn:
        people = conn.execute("SELECT id, name, disabled, created_at FROM users"
                              " WHERE password_hash IS NOT NULL ORDER BY name").fetchall()
        roles = _by_user(conn.execute("SELECT user_id, role FROM user_roles").fetchall())
        groups = _by_user(conn.execute("SELECT m.user_id, g.name FROM group_members m"
                                       " JOIN user_groups g ON g.id = m.group_id ORDER BY g.name").fetchall())
    return [Account(str(name), tuple(r for r in ROLES if r in roles.get(uid, ())), tuple(groups.get(uid, ())),
                    bool(off), str(created)) for uid, name, off, created in people]


def _by_user(rows: Iterable[Sequence[Any]]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for user_id, value in rows:
        out.setdefault(int(user_id), []).append(str(value))
    return out


def roles_of(store: Store, name: str) -> tuple[str, ...]:
    """The roles of ``name`` (none for a laptop trainee, a candidate or nobody)."""
    with store._read() as conn:
        found = {str(r[0]) for r in conn.execute(
            "SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.name = ?", (name.strip(),))}
    return tuple(r for r in ROLES if r in found)


def has_accounts(store: Store) -> bool:
    """Whether anyone here has a password (then the app asks for a login)."""
    with store._read() as conn:
        return conn.execute("SELECT 1 FROM users WHERE password_hash IS NOT NULL LIMIT 1").fetchone() is not None


def enabled_account(store: Store, name: str) -> tuple[str, ...] | None:
    """The roles of an enabled account called ``name``; None if there is none (for a trusted header)."""
    with store._read() as conn:
        row = conn.execute("SELECT disabled FROM users WHERE name = ? AND password_hash IS NOT NULL",
                           (name.strip(),)).fetchone()
    if row is None or row[0]:
        return None
    return roles_of(store, name)


# --- logging in -----------------------------------------------------------------------


def login(store: Store, name: str, password: str) -> LoginResult:
    """Check ``name`` + ``password`` unless a wait is running (see the module docstring)."""
    name = name.strip()[:MAX_NAME * 4]
    with store._read() as conn:
        row = conn.execute("SELECT id, password_hash, disabled, failed_logins, retry_after FROM users"
                           " WHERE name = ? AND password_hash IS NOT NULL", (name,)).fetchone()
    if row is None:
        return _unknown(store, name, password)
    user_id, stored, off, count, until = row
    left = _left(store, until)
    if left:
        return LoginResult(False, left, int(count), checked=False)
    if not _matches(password, str(stored)):
        count, delay = int(count) + 1, delay_after(int(count) + 1)
        with store._write() as conn:
            conn.execute("UPDATE users SET failed_logins = ?, retry_after = ? WHERE id = ?",
                         (count, _later(store, delay), user_id))
        return LoginResult(False, math.ceil(delay), count)
    with store._write() as conn:
        conn.execute("UPDATE users SET failed_logins = 0, retry_after = NULL WHERE id = ?", (user_id,))
    if off:
        return LoginResult(False, disabled=True)
    return LoginResult(True, roles=roles_of(store, name))


def _new_hash(password: str) -> str:
    """The stored form of a new password (checked against the rules), with a new salt."""
    # secrets, hmac and hashlib are imported where they are used: loading OpenSSL takes
    # ~2 ms, and every start imports this module to ask whether the store has accounts.
    import secrets

    return hash_secret(check_password(password), secrets.token_bytes(16))


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a, b)


def _matches(password: str, stored: str) -> bool:
    try:
        return _same(hash_secret(password[:MAX_PASSWORD], b"", stored), stored)
    except (ValueError, IndexError, AttributeError):  # a hash this build cannot read
        return False


def _unknown(store: Store, name: str, password: str) -> LoginResult:
    """A name nobody has: the same cost and the same back-off as a wrong password."""
    import hashlib

    key = UNKNOWN_KEY + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    count, until = _parse(store.get_setting(key))
    left = _left(store, until)
    if left:
        return LoginResult(False, left, count, checked=False)
    _matches(password, _dummy())
    count += 1
    delay = delay_after(count)
    store.set_setting(key, f"{count} {_later(store, delay)}")
    return LoginResult(False, math.ceil(delay), count)


@cache
def _dummy() -> str:
    """A hash to check unknown names against, so they cost what a real check costs."""
    import secrets

    return hash_secret("no such account", secrets.token_bytes(16))


def _parse(raw: str | None) -> tuple[int, str | None]:
    try:
        count, until = (raw or "").split(" ", 1)
        return max(0, int(count)), until
    except ValueError:
        return 0, None


def _later(store: Store, seconds: float) -> str:
    return (store._clock() + timedelta(seconds=seconds)).isoformat()


def _left(store: Store, until: object) -> int:
    """Whole seconds before ``until`` (an ISO time or None); a damaged time waits, never unlocks."""
    if not until:
        return 0
    try:
        moment = datetime.fromisoformat(str(until))
    except ValueError:
        return 5
    return max(0, math.ceil((moment - store._clock()).total_seconds()))
