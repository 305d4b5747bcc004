"""The shell command one browser tab runs: ``exec python -m trainer [global options]``.

textual-serve starts it with ``asyncio.create_subprocess_shell``. The leading
``exec`` makes the shell replace itself with Python, so each tab is exactly one
process (the one the server signals), not ``sh`` plus Python. Every argument is
quoted with :func:`shlex.quote`: a path with spaces, quotes or ``$`` arrives
unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AppOptions:
    """The global options every served app process gets, as the server was given them."""

    db: Path | str  # a file, or a postgresql:// URL
    content: Path
    user: str | None = None
    script: str | None = None


def app_argv(options: AppOptions, python: str = sys.executable) -> list[str]:
    """The child's argv: the same interpreter, the same store and content as the server.

    A database URL is left out: it may hold a password, and argv is in every process
    list. The server puts it in ``$TRAINER_DB`` instead, which the child inherits.
    """
    db = [] if isinstance(options.db, str) else ["--db", str(options.db)]
    argv = [python, "-m", "trainer", *db, "--content", str(options.content)]
    if options.user:
        argv += ["--user", options.user]
    if options.script:
        argv += ["--script", options.script]
    return argv


def shell_command(argv: Sequence[str]) -> str:
    """``exec`` + ``argv``, every word quoted for ``/bin/sh``."""
    import shlex  # here: identity imports this module at every start, and only `serve` quotes

    if not argv:
        raise ValueError("empty command")
    return "exec " + " ".join(shlex.quote(word) for word in argv)
