"""A cache of scenario files as ``read_scenario`` reads them, for ``trainer play``'s first frame.

Reading a scenario takes 2 ms; importing what reads it (PyYAML, the loader and
its checks) takes about 20 ms, most of what ``trainer play`` spends before its
first frame that plain ``trainer`` does not. So once a played file has passed
the full check, the scenario read from it is kept here, and the next ``trainer
play`` of the same bytes draws its chat from it; the full check still runs
behind the chat every time, as without the cache.

An entry is used only if it was written for the same file bytes (a BLAKE2
digest) by the same code (the Python version and the size and time of every
module in ``trainer/core``); anything else is a miss that reads the file as
before. Entries are private pickle files (``trainer.core.keep``). Nothing here
is needed for correctness: deleting the folder at any time is safe.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from trainer.core import keep
from trainer.core.models import Scenario

FORMAT = 1  # bump when an entry's layout changes
_CORE = Path(__file__).resolve().parent


def load(cache_dir: Path, file: Path) -> Scenario | None:
    """The scenario cached for ``file``'s current bytes, or None (never raises for a bad entry)."""
    try:
        data = Path(file).read_bytes()
    except OSError:
        return None
    found = keep.load(_entry(cache_dir, file), (_fingerprint(), _digest(data)))
    return found if isinstance(found, Scenario) else None


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
    except Exception:  # gone, unreadable, anything: the check behind the chat reports what matters
        return
    keep.save(_entry(cache_dir, file), (_fingerprint(), _digest(data)), scenario)


def _entry(cache_dir: Path, file: Path) -> Path:
    name = hashlib.blake2b(str(Path(file).absolute()).encode("utf-8"), digest_size=16).hexdigest()
    return Path(cache_dir) / "scenarios" / f"{name}.pickle"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _fingerprint() -> tuple[object, ...]:
    """What the code that reads and holds a scenario is: an entry from other code is a miss."""
    return (FORMAT, sys.version_info[:2], keep.stamp(list(_CORE.glob("*.py"))))
