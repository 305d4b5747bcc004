"""Writing a file so that a failure never leaves it half-written.

Reports and exports are written to a temporary file in the same folder,
flushed to disk (``fsync``) and only then renamed over the target. On a full
disk, a lost permission or an interrupted run the temporary file is removed
and the previous good file stays exactly as it was.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_open(path: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
    """A UTF-8 text handle whose content replaces ``path`` only if the block succeeds.

    A symbolic link is followed (the file it points at is replaced, the link
    kept); a device or pipe (``-o /dev/stdout``, a FIFO) has no previous content
    to keep and is written straight through.
    """
    target = Path(os.path.realpath(path))
    kind = _kind(target)
    if kind is not None and stat.S_ISDIR(kind):
        raise IsADirectoryError(errno.EISDIR, "it is a folder", str(path))
    if kind is not None and not stat.S_ISREG(kind):
        with target.open("w", encoding="utf-8", newline=newline) as fh:
            yield fh
        return
    with _replacing(target, newline) as fh:
        yield fh


@contextmanager
def _replacing(path: Path, newline: str | None) -> Iterator[IO[str]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _keep_mode(path, temp)
        os.replace(temp, path)
    except BaseException:
        _remove(temp)
        raise
    _sync_folder(path.parent)


def _kind(path: Path) -> int | None:
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        return None


def write_atomic(path: Path, text: str, *, newline: str | None = None) -> None:
    """Replace ``path`` with ``text`` (UTF-8), all or nothing; raises OSError on failure."""
    with atomic_open(path, newline=newline) as fh:
        fh.write(text)


def _keep_mode(path: Path, temp: str) -> None:
    # mkstemp makes the file private (0600); a report replacing an older one keeps
    # that file's permissions, a new one gets the usual ones (0666 less the umask).
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)


def _remove(temp: str) -> None:
    try:
        os.unlink(temp)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible everywhere (some file systems refuse).
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
