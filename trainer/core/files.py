"""Reading content files and listing content folders without hanging or crashing.

A content folder is written by people and may hold anything: a FIFO or device
named like a content file (a plain ``read`` blocks forever), a symbolic-link
loop, a folder called ``x.yaml``, a file deleted while the library loads, a
folder the user may not read, a file that grows past the size limit while it
is read. Each of these comes back here as one positioned ``Problem`` instead of
a hang, a traceback or a silently skipped folder.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from trainer.core.problems import Loc, Problem

YAML_SUFFIX = ".yaml"
_CHUNK = 1 << 16

_OPEN_ERRORS = {
    errno.ELOOP: "it is a symbolic link that points back at itself (a link loop); it was not read",
    errno.ENOENT: "the file is gone (deleted while loading, or a link to a missing file)",
    errno.EACCES: "permission denied: this account may not read the file",
    errno.EPERM: "permission denied: this account may not read the file",
    errno.ENXIO: "it is a socket or device, not a content file; it was not read",
    errno.EISDIR: "it is a folder, not a content file; rename it so it does not end in .yaml",
}


def problem(path: Path | str, message: str) -> Problem:
    """A problem with the whole file or folder (line 1, column 1)."""
    return Problem(Loc(str(path), 1, 1), message)


def _kind_problem(path: Path, mode: int) -> Problem | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return problem(path, _OPEN_ERRORS[errno.EISDIR])
    kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket or device"
    return problem(path, f"it is {kind}, not a regular file; it was not read")


def too_large(path: Path, size: int, max_bytes: int, kind: str = "content files") -> Problem:
    return problem(
        path,
        f"the file is too large ({size / 1048576:.1f} MB; {kind} "
        f"may be at most {max_bytes / 1048576:g} MB), so it was not read",
    )


def read_bytes(
    path: Path, max_bytes: int, kind: str = "content files"
) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file of at most ``max_bytes``, or None and why not.

    The file is opened non-blocking (so a FIFO cannot stall the open), checked
    to be a regular file before a byte is read, and read in bounded chunks (so a
    file that grows while being read cannot exhaust memory).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        return None, problem(path, _open_message(error))
    try:
        info = os.fstat(fd)
        wrong = _kind_problem(path, info.st_mode)
        if wrong is not None:
            return None, wrong
        if info.st_size > max_bytes:
            return None, too_large(path, info.st_size, max_bytes, kind)
        return _read_bounded(fd, path, max_bytes, kind)
    except OSError as error:
        return None, problem(path, _open_message(error))
    finally:
        os.close(fd)


def _read_bounded(fd: int, path: Path, max_bytes: int, kind: str) -> tuple[bytes | None, Problem | None]:
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, _CHUNK)
        if not chunk:
            return b"".join(chunks), None
        total += len(chunk)
        if total > max_bytes:
            return None, too_large(path, total, max_bytes, kind)
        chunks.append(chunk)


def _open_message(error: OSError) -> str:
    known = _OPEN_ERRORS.get(error.errno or 0)
    return known or f"cannot read the file: {error.strerror or error}"


def yaml_in(folder: Path, problems: list[Problem]) -> list[Path]:
    """Every ``*.yaml`` entry directly in ``folder`` (of any kind: the reader checks), sorted.

    A folder that cannot be listed adds a problem to ``problems`` (never skipped silently).
    """
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(YAML_SUFFIX))
    except OSError as error:
        problems.append(_folder_problem(folder, error))
        return []
    return [folder / name for name in names]


def yaml_under(folder: Path, problems: list[Problem]) -> list[Path]:
    """Every ``*.yaml`` entry in ``folder`` and its subfolders; links to folders are not followed."""
    found: list[Path] = []

    def failed(error: OSError) -> None:
        problems.append(_folder_problem(Path(error.filename or folder), error))

    for top, dirs, names in os.walk(folder, onerror=failed):
        found += [Path(top, name) for name in (*dirs, *names) if name.endswith(YAML_SUFFIX)]
    return sorted(found)


def _folder_problem(folder: Path, error: OSError) -> Problem:
    if error.errno in (errno.EACCES, errno.EPERM):
        why = "permission denied: this account may not list it"
    else:
        why = error.strerror or str(error)
    return problem(folder, f"cannot read the folder ({why}); its files were not loaded")


def exists(path: Path) -> bool:
    """True for anything at ``path``, even a broken link or a link loop (the reader says what)."""
    return os.path.lexists(path)


def identity(path: Path) -> Path:
    """A key for "this file was read already" that a link loop cannot break."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
        return path.absolute()
