"""Private pickle files for speed-ups kept between runs (``readcache``, the app's parsed styles).

A pickle runs code when it is loaded, so a file is read only if it is a regular
file (not a link) of this user's that nobody else may write, and written whole
(a temporary file renamed) with mode 0600 in a folder only this user may open.
Each file holds a fingerprint beside the object: what made it (code, versions).
A file made by anything else, damaged or unreadable, is only a miss: ``load``
never raises, ``save`` skips a folder it cannot write. Files are named by
``entry_name``; ``prune`` bounds a folder: files not named so (an older
version's), and the oldest beyond a count, go.
"""

from __future__ import annotations

import os
import pickle
import re
import stat
import tempfile
import time
import zlib
from pathlib import Path


def load(path: Path, fingerprint: object) -> object | None:
    """The object kept in ``path`` with this ``fingerprint``, or None."""
    try:
        blob = _read_private(path)
        found = pickle.loads(blob) if blob is not None else None
    except Exception:  # unreadable, damaged or foreign: only a miss
        return None
    if not isinstance(found, tuple) or len(found) != 2 or found[0] != fingerprint:
        return None
    value: object = found[1]
    return value


def save(path: Path, fingerprint: object, value: object) -> None:
    """Keep ``value`` in ``path`` with its ``fingerprint`` (skipped if it cannot be written)."""
    try:
        blob = pickle.dumps((fingerprint, value), protocol=pickle.HIGHEST_PROTOCOL)
        _write_private(path, blob)
    except Exception:  # unwritable, or an object that cannot be pickled (TypeError): only a speed-up
        pass


STALE_TEMP = 3600  # seconds: a temporary file this old was left by a write that was killed
NAMED = r"[0-9a-f]{8}\.pickle"  # what entry_name makes


def entry_name(key: str) -> str:
    """The file name for ``key`` (a path, a theme): its CRC-32. hashlib would load OpenSSL,
    ~1.5 ms of every start; two keys with one CRC only take turns in one file, since the
    fingerprint in it holds the key."""
    return f"{zlib.crc32(key.encode('utf-8', 'surrogatepass')):08x}.pickle"


def prune(folder: Path, most: int) -> None:
    """Delete the ``*.pickle`` files of ``folder`` not named by ``entry_name`` (an older
    version's, never read again), then all but the ``most`` newest, and temporary files a
    killed write left; anything that cannot be listed or deleted is left (never raises)."""
    try:
        for temp in Path(folder).glob(".*.tmp"):
            if time.time() - temp.stat().st_mtime > STALE_TEMP:
                temp.unlink(missing_ok=True)
        found = [(entry.stat().st_mtime_ns, entry) for entry in Path(folder).glob("*.pickle")]
        current = []
        for when, entry in found:
            if re.fullmatch(NAMED, entry.name):
                current.append((when, entry))
            else:
                entry.unlink(missing_ok=True)
        current.sort(key=lambda pair: pair[0], reverse=True)
        for _when, entry in current[most:]:
            entry.unlink(missing_ok=True)
    except OSError:
        pass


def _read_private(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of this user's that only this user may write."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o022 or not _own(info.st_uid):
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read()
    finally:
        if fd >= 0:
            os.close(fd)


def _write_private(path: Path, blob: bytes) -> None:
    """Replace ``path`` with ``blob`` whole (a temporary file renamed), mode 0600, folder 0700."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")  # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _own(uid: int) -> bool:
    getuid = getattr(os, "getuid", None)  # not on Windows, where the folder's ACL decides
    return getuid is None or uid == getuid()


def stamp(files: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of each file: what changes when code is edited or upgraded."""
    found = []
    for file in files:
        info = file.stat()
        found.append((file.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))
