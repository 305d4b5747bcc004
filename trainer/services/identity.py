"""Who is signed in and what they may do: ``Identity``, ``can``, and how the app decides to ask.

Two cases (docs/accounts.md):

- **accounts** — the store is shared (a ``postgresql://`` store, or the app is
  served to browsers) or has accounts: everyone logs in, and what they see
  follows their roles (``PERMISSIONS``). Nobody can become someone else.
- **laptop** — one SQLite file without accounts: today's behaviour. The name
  prompt says who practises and the staff passphrase guards the team view and
  the interview desk (``Identity.laptop`` holds no roles; ``can`` then says
  ``PASSPHRASE`` for guarded actions).

No Textual here: screens and the launcher call it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from trainer.serve.env import REMOTE_USER_ENV, SERVED_ENV  # set by `trainer serve` for its apps
from trainer.store import Store
from trainer.store import accounts as acc

__all__ = ["REMOTE_USER_ENV", "SERVED_ENV", "Identity", "can"]


TEAM, REPORTS, OTHERS, INTERVIEWS, CANDIDATES, ACCOUNTS, PRACTICE = (
    "team", "reports", "others", "interviews", "candidates", "accounts", "practice")
PERMISSIONS: dict[str, frozenset[str]] = {
    TEAM: frozenset({"manager"}),  # the team view
    REPORTS: frozenset({"manager"}),
    OTHERS: frozenset({"manager"}),  # other people's data
    INTERVIEWS: frozenset({"interviewer"}),  # the interview desk
    CANDIDATES: frozenset({"interviewer"}),  # candidates' results
    ACCOUNTS: frozenset({"admin"}),
    PRACTICE: frozenset({"trainee", "manager", "interviewer", "admin"}),
}
GUARDED = frozenset({TEAM, REPORTS, OTHERS, INTERVIEWS, CANDIDATES, ACCOUNTS})

Answer = Literal["yes", "no", "passphrase"]
YES: Answer = "yes"
NO: Answer = "no"
PASSPHRASE: Answer = "passphrase"


@dataclass(frozen=True)
class Identity:
    """The person using the app; ``signed_in`` False on a laptop store (a typed name, no roles)."""

    name: str
    roles: tuple[str, ...] = ()
    signed_in: bool = True

    @classmethod
    def laptop(cls, name: str) -> Identity:
        return cls(name, (), signed_in=False)


def can(identity: Identity | None, action: str) -> Answer:
    """Whether ``identity`` may do ``action``: yes, no, or (laptop) only with the staff passphrase."""
    if action not in PERMISSIONS:
        raise ValueError(f"unknown action {action!r}")
    if identity is None or not identity.signed_in:
        return PASSPHRASE if action in GUARDED else YES
    return YES if PERMISSIONS[action] & set(identity.roles) else NO


def shared_spec(db: object) -> bool:
    """Whether the store named by ``db`` (a path or URL) is a shared server database."""
    # Also "postgresql:/…": a URL that went through pathlib.Path lost one slash.
    return str(db).lower().startswith(("postgresql:", "postgres:"))


def served(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this app process was started by ``trainer serve`` for a browser tab."""
    return (environ if environ is not None else os.environ).get(SERVED_ENV) == "1"


def needs_login(store: Store, db: object, environ: Mapping[str, str] | None = None) -> bool:
    """Login instead of the name prompt: a shared store, a served app, or a store with accounts."""
    return shared_spec(db) or served(environ) or acc.has_accounts(store)


def is_shared(db: object, environ: Mapping[str, str] | None = None) -> bool:
    """Whether per-device settings must stay off the store (it is used by many devices)."""
    return shared_spec(db) or served(environ)


def remote_user(environ: Mapping[str, str] | None = None) -> str | None:
    """The account name a trusted proxy header gave this served app process, if any."""
    env = environ if environ is not None else os.environ
    if not served(env):
        return None  # only `trainer serve` may vouch for someone
    name = env.get(REMOTE_USER_ENV, "").strip()
    return name or None


def sign_in_trusted(store: Store, name: str) -> Identity | None:
    """The identity of an enabled account vouched for by the proxy; None if there is none."""
    roles = acc.enabled_account(store, name)
    return None if roles is None else Identity(name.strip(), roles)


@dataclass(frozen=True)
class LoginOutcome:
    """What the login screen shows: the identity, else a Chinese message and a wait."""

    identity: Identity | None
    message: str = ""
    wait: int = 0


def sign_in(store: Store, name: str, password: str) -> LoginOutcome:
    """Check a login; the message never says whether the name exists."""
    name = name.strip()
    if not name or not password:
        return LoginOutcome(None, "請輸入帳號和密碼。")
    result = acc.login(store, name, password)
    if result.ok:
        return LoginOutcome(Identity(name, result.roles))
    if result.disabled:
        return LoginOutcome(None, "這個帳號已停用，請聯絡管理員。")
    if not result.checked:
        return LoginOutcome(None, f"錯誤次數過多，請 {result.wait} 秒後再試。", result.wait)
    if result.wait:
        return LoginOutcome(None, f"帳號或密碼不正確。錯誤次數過多，請 {result.wait} 秒後再試。", result.wait)
    return LoginOutcome(None, "帳號或密碼不正確。")
