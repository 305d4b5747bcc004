"""A cache of scenario files as ``read_scenario`` reads them, for ``trainer play``'s first frame.

Reading a scenario takes 2 ms; importing what reads it (PyYAML, the loader and
its checks) takes about 20 ms, most of what ``trainer play`` spends before its
first frame that plain ``trainer`` does not. So once a played file has passed
the full check, the scenario read from it is kept here (as a pickle), and the
next ``trainer play`` of the same bytes draws its chat from it; the full check
still runs behind the chat every time, as without the cache.

An entry is used only if it was written for the same file bytes (a BLAKE2
digest) by the same code (the Python version and the size and time of every
module in ``trainer/core``); anything else, and any error reading it, is a miss
that reads the file as before. A pickle runs code when loaded, so an entry is
read only from a file this user owns that nobody else may write, and written
with mode 0600 in a folder only this user may open. Nothing here is needed for
correctness: deleting the folder at any time is safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

from trainer.core.models import Scenario

FORMAT = 1  # bump when an entry's layout changes
_CORE = Path(__file__).resolve().parent


def load(cache_dir: Path, file: Path) -> Scenario | None:
    """The scenario cached for ``file``'s current bytes, or None (never raises for a bad entry)."""
    try:
        data = Path(file).read_bytes()
        entry = _read_private(_entry(cache_dir, file))
    except OSError:
        return None
    if entry is None:
        return None
    try:
        found = pickle.loads(entry)
    except Exception:  # a damaged or foreign entry is only a miss
        return None
    if (not isinstance(found, tuple) or len(found) != 3
            or found[:2] != (_fingerprint(), _digest(data)) or not isinstance(found[2], Scenario)):
        return None
    return found[2]


def save(cache_dir: Path, file: Path) -> None:
    """Read ``file`` as ``trainer play`` does and keep what it read for its current bytes.

    Nothing is kept for a file with problems, or one that changed while it was read;
    a cache that cannot be written is skipped.
    """
    from trainer.core.loader import read_scenario
    from trainer.core.problems import errors

    try:
        data = Path(file).read_bytes()
        scenario, problems = read_scenario(Path(file))
        if scenario is None or errors(problems) or Path(file).read_bytes() != data:
            return
        blob = pickle.dumps((_fingerprint(), _digest(data), scenario), protocol=pickle.HIGHEST_PROTOCOL)
        _write_private(_entry(cache_dir, file), blob)
    except (OSError, pickle.PicklingError):
        pass  # only a speed-up


def _entry(cache_dir: Path, file: Path) -> Path:
    name = hashlib.blake2b(str(Path(file).absolute()).encode("utf-8"), digest_size=16).hexdigest()
    return Path(cache_dir) / "scenarios" / f"{name}.pickle"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _fingerprint() -> tuple[object, ...]:
    """What the code that reads and holds a scenario is: an entry from other code is a miss."""
    modules = sorted((p.name, *_size_and_time(p)) for p in _CORE.glob("*.py"))
    return (FORMAT, sys.version_info[:2], tuple(modules))


def _size_and_time(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


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
