"""A cache of scenario files as ``read_scenario`` reads them, for ``trainer play``'s first frame.

Reading a scenario takes 2 ms; importing what reads it (PyYAML, the loader and
its checks) takes about 20 ms, most of what ``trainer play`` spends before its
first frame that plain ``trainer`` does not. So once a played file has passed
the full check, the scenario read from it is kept here, and the next ``trainer
play`` of the same bytes draws its chat from it; the full check still runs
behind the chat every time, as without the cache.

An entry is used only if it was written for the same path and the same bytes
(the entry holds both and compares them whole) by the same code (the Python
version and the size and time of every module in ``trainer/core``); anything
else is a miss that reads the file as before. Entries are private pickle files
(``trainer.core.keep``); the folder keeps the ``KEPT`` files played last. Nothing
here is needed for correctness: deleting the folder at any time is safe.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from trainer.core import keep
from trainer.core.models import Scenario

if TYPE_CHECKING:
    from trainer.core.problems import Problem

FORMAT = 2  # bump when an entry's layout changes
KEPT = 200  # entries kept (the files played last); each holds a scenario and its file's bytes
_CORE = Path(__file__).resolve().parent


def load(cache_dir: Path, file: Path) -> Scenario | None:
    """The scenario cached for ``file``'s current bytes, or None (never raises for a bad entry)."""
    try:
        data = Path(file).read_bytes()
    except OSError:
        return None
    found = keep.load(_entry(cache_dir, file), _fingerprint(file, data))
    return found if isinstance(found, Scenario) else None


class Read(NamedTuple):
    """A scenario file as ``read_scenario`` read it, and the bytes it was parsed from (None:
    the file could not be read)."""

    scenario: Scenario | None
    problems: list[Problem]
    data: bytes | None


def read(file: Path) -> Read:
    """Read ``file`` once, as ``trainer play`` does before its first frame, keeping the bytes
    the scenario was parsed from for ``keep_read``."""
    from trainer.core.files import read_bytes
    from trainer.core.loader import read_scenario
    from trainer.core.yamlpos import MAX_BYTES

    data, problem = read_bytes(Path(file), MAX_BYTES)
    if data is None:  # the problem the loader itself would report
        return Read(None, [problem] if problem is not None else [], None)
    scenario, problems = read_scenario(Path(file), data)
    return Read(scenario, problems, data)


def keep_read(cache_dir: Path, file: Path, done: Read) -> None:
    """Keep what ``read`` read, once its check passed, for the file's bytes then.

    Nothing is kept for a file with problems, or one whose bytes are not those it was
    read from any more; a cache that cannot be written is skipped.
    """
    from trainer.core.problems import errors

    try:
        if done.scenario is None or done.data is None or errors(done.problems):
            return
        if Path(file).read_bytes() != done.data:
            return
    except Exception:  # gone, unreadable, anything: the check behind the chat reports what matters
        return
    entry = _entry(cache_dir, file)
    keep.save(entry, _fingerprint(file, done.data), done.scenario)
    keep.prune(entry.parent, KEPT)


def save(cache_dir: Path, file: Path) -> None:
    """Read ``file`` and keep what it read (``read`` then ``keep_read``; never raises)."""
    try:
        done = read(file)
    except Exception:
        return
    keep_read(cache_dir, file, done)


def _entry(cache_dir: Path, file: Path) -> Path:
    return Path(cache_dir) / "scenarios" / keep.entry_name(str(Path(file).absolute()))


def _fingerprint(file: Path, data: bytes) -> tuple[object, ...]:
    """What an entry is for: the code that reads and holds a scenario, the file's path and its
    whole bytes (compared, not digested). Anything else is a miss."""
    code = (FORMAT, sys.version_info[:2], keep.stamp(list(_CORE.glob("*.py"))))
    return (code, str(Path(file).absolute()), data)
