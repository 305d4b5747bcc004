"""Database URLs (``postgresql://user:password@host:port/dbname``): told apart from file paths, checked, masked.

``--db`` / ``$TRAINER_DB`` take a file path or a URL. Anything shaped like
``scheme://…`` is a URL: a PostgreSQL one is checked here (port, database name)
before anything connects; any other scheme is refused, so a typo never becomes a
SQLite file in a folder called ``postgresql:``. Every message shows the URL with
its password masked (``postgresql://trainer:***@db/trainer``).

Standard library only: ``trainer.paths`` and the store both use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

SCHEMES = ("postgresql", "postgres")
URL_SHAPE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
MASK = "***"


class DbUrlError(ValueError):
    """A ``--db`` URL that cannot be used; ``str()`` names it with the password masked."""


def is_url(spec: str) -> bool:
    """Whether ``spec`` is a URL (``scheme://…``) rather than a file path."""
    return bool(URL_SHAPE.match(spec))


def masked(spec: str) -> str:
    """``spec`` with any password replaced by ``***`` (a path comes back unchanged)."""
    if not is_url(spec):
        return spec
    try:
        parts = urlsplit(spec)
    except ValueError:
        return re.sub(r"(://[^/@:]*:)[^/@]*@", rf"\g<1>{MASK}@", spec)
    if parts.password is None and "password=" not in parts.query:
        return spec  # as given: re-joining would rewrite it (sqlite:/// → sqlite:/)
    if parts.password is not None:
        user, host = parts.netloc.rpartition("@")[0].partition(":")[0], parts.netloc.rpartition("@")[2]
        parts = parts._replace(netloc=f"{user}:{MASK}@{host}")
    # libpq also takes ?password=…
    return urlunsplit(parts._replace(query=re.sub(r"(^|&)(password=)[^&]*", rf"\g<1>\g<2>{MASK}", parts.query)))


@dataclass(frozen=True)
class DbUrl:
    """A checked PostgreSQL URL: ``raw`` goes to the driver, ``shown`` into every message."""

    raw: str
    shown: str
    host: str
    port: int | None
    dbname: str
    user: str


def parse(spec: str) -> DbUrl:
    """Check a PostgreSQL URL; :class:`DbUrlError` (password masked) when it cannot be used."""
    shown = masked(spec)
    scheme = spec.split("://", 1)[0].lower()
    if scheme not in SCHEMES:
        raise DbUrlError(f"unsupported database URL {shown}: only postgresql://user:password@host:port/dbname "
                         "(or postgres://…) or a file path can be used with --db / $TRAINER_DB")
    try:
        parts = urlsplit(spec)
        port = parts.port
    except ValueError as exc:
        raise DbUrlError(f"database URL {shown} cannot be used: {_why(exc)}; expected "
                         "postgresql://user:password@host:port/dbname") from None
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname or "/" in dbname:
        raise DbUrlError(f"database URL {shown} names no database: expected "
                         "postgresql://user:password@host:port/dbname")
    return DbUrl(raw=spec, shown=shown, host=parts.hostname or "", port=port, dbname=dbname,
                 user=unquote(parts.username or ""))


def _why(exc: ValueError) -> str:
    text = str(exc)
    return "the port must be a number from 1 to 65535" if "port" in text.lower() else text
