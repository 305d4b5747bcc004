"""The one module that decides paths: the content folder, the data folder, the database.

Everything else receives paths as arguments. Nothing here touches the disk at
import time, and nothing here creates a folder: the store creates the database
folder when it first opens it.

Resolution order
- content folder: ``--content DIR`` > ``$TRAINER_CONTENT`` > the bundled content
- database:       ``--db PATH``      > ``$TRAINER_DB``      > ``<data dir>/progress.sqlite3``
  (either may be a ``postgresql://`` URL instead of a path: see ``trainer.dburl``)
- data dir:       ``$TRAINER_DATA``  > ``platformdirs.user_data_dir("trainer")``
- cache dir:      ``$TRAINER_CACHE`` > ``platformdirs.user_cache_dir("trainer")`` (only speed-ups:
  safe to delete at any time; see ``trainer.core.readcache``)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from trainer import dburl

APP_NAME = "trainer"
CONTENT_ENV = "TRAINER_CONTENT"
DB_ENV = "TRAINER_DB"
DATA_ENV = "TRAINER_DATA"
CACHE_ENV = "TRAINER_CACHE"
DB_FILENAME = "progress.sqlite3"

# What a content folder holds (the names the loader reads and pyproject.toml ships).
SCENARIOS_DIR = "scenarios"
INTERVIEW_DIR = "interview_bank"
THESAURUS_FILE = "thesaurus.yaml"
SCORING_FILE = "scoring.yaml"
RULES_FILE = "rules.yaml"  # house rules and case facts; a folder without one uses the bundled file
TYPING_FILE = "typing_passages.yaml"  # the typing test's passages (issue 4)
REPORTS_DIR = "reports"  # interview reports written from the console, beside the database

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_content_dir() -> Path:
    """The content that ships with the app.

    An installed wheel carries it in ``trainer/_content``; a source checkout
    (or an editable install) has it at the repository root, beside ``trainer/``.
    """
    packaged = _PACKAGE_DIR / "_content"
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent


@dataclass(frozen=True)
class ContentChoice:
    """The content folder in use and where that choice came from."""

    path: Path
    source: str  # "--content" | "$TRAINER_CONTENT" | "bundled"


def content_dir(cli: str | os.PathLike[str] | None = None,
                env: Mapping[str, str] | None = None) -> ContentChoice:
    """The content folder: ``--content`` > ``$TRAINER_CONTENT`` > bundled."""
    env = os.environ if env is None else env
    if cli:
        return ContentChoice(_absolute(cli), "--content")
    if env.get(CONTENT_ENV):
        return ContentChoice(_absolute(env[CONTENT_ENV]), f"${CONTENT_ENV}")
    return ContentChoice(bundled_content_dir(), "bundled")


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where per-user data lives (``$TRAINER_DATA`` or the platform's user data dir)."""
    env = os.environ if env is None else env
    if env.get(DATA_ENV):
        return _absolute(env[DATA_ENV])
    from platformdirs import user_data_dir  # lazy: keeps `trainer --help` fast

    return Path(user_data_dir(APP_NAME, appauthor=False))


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where speed-ups are kept (``$TRAINER_CACHE`` or the platform's user cache dir)."""
    env = os.environ if env is None else env
    if env.get(CACHE_ENV):
        return _absolute(env[CACHE_ENV])
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def db_path(cli: str | os.PathLike[str] | None = None,
            env: Mapping[str, str] | None = None) -> Path | str:
    """The progress database: ``--db`` > ``$TRAINER_DB`` > ``<data dir>/progress.sqlite3``.

    A file is a ``Path``; a ``postgresql://`` URL stays a ``str`` (checked: any
    other ``scheme://`` or a malformed URL raises ``dburl.DbUrlError``).
    """
    env = os.environ if env is None else env
    chosen = str(cli) if cli else env.get(DB_ENV)
    if chosen and dburl.is_url(chosen):
        dburl.parse(chosen)
        return chosen
    if chosen:
        return _absolute(chosen)
    return data_dir(env) / DB_FILENAME


def shown_db(db: Path | str) -> str:
    """The database as a person may see it: a path, or the URL with its password masked."""
    return dburl.masked(str(db))


def is_bundled(content_root: Path) -> bool:
    """Whether ``content_root`` is the bundled content folder."""
    return content_root.resolve() == bundled_content_dir().resolve()


def default_thesaurus(content_root: Path) -> Path | None:
    """The thesaurus another folder's ``include_default: true`` extends: the bundled one.

    None for the bundled folder itself (its thesaurus is its own) or if it is missing.
    """
    thesaurus = bundled_content_dir() / THESAURUS_FILE
    if is_bundled(content_root) or not thesaurus.is_file():
        return None
    return thesaurus


def typing_file(content_root: Path | None) -> Path:
    """The typing test's passages: the content folder's own file, else the bundled one."""
    if content_root is not None and (content_root / TYPING_FILE).is_file():
        return content_root / TYPING_FILE
    return bundled_content_dir() / TYPING_FILE


def reports_dir(db: str | os.PathLike[str]) -> Path:
    """Where the app writes interview reports: ``reports/`` beside the progress database.

    A database on a server has no folder here: ``reports/`` in the user data folder.
    """
    if str(db) == ":memory:":
        return Path.cwd() / REPORTS_DIR
    if dburl.is_url(str(db)):
        return data_dir() / REPORTS_DIR
    return _absolute(db).parent / REPORTS_DIR


def _absolute(path: str | os.PathLike[str]) -> Path:
    return Path(path).expanduser().absolute()
