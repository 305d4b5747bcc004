"""App processes owned by the server: each in its own process group, ended as a group.

Every app process starts in a new session (so its process group id is its pid)
and asks the kernel to SIGKILL it if the server dies first (``PR_SET_PDEATHSIG``),
so even ``kill -9`` of the server leaves no orphan behind. Ending a child is
SIGTERM to its group, a grace period, then SIGKILL to the group.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import sys
from asyncio.subprocess import Process
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _load_prctl() -> Callable[..., int] | None:
    """libc's ``prctl``, looked up once here: the forked child must not call ``dlopen``."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
        return prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()


def die_with_parent() -> None:
    """``preexec_fn`` for a child: be SIGKILLed when the server goes away (Linux only)."""
    if _PRCTL is None:
        return
    parent = os.getppid()
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the server died before prctl took effect
        os._exit(1)


def signal_group(pgid: int, signum: int) -> bool:
    """Send ``signum`` to process group ``pgid``; False if the group is gone."""
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        return False
    except PermissionError:  # the group id was reused by someone else's process
        return False
    return True


async def end_process(process: Process, grace: float) -> int | None:
    """SIGTERM the process's group, wait ``grace`` seconds, then SIGKILL it; returns the exit code."""
    pgid = process.pid
    if process.returncode is None:
        signal_group(pgid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), grace)
        except TimeoutError:
            pass
    # Anything left in the group (the leader ignoring SIGTERM, or a child it started).
    signal_group(pgid, signal.SIGKILL)
    return await process.wait()


def kill_groups_now(pgids: list[int]) -> None:
    """Last resort on the way out (the event loop is gone): SIGKILL every group at once."""
    for pgid in pgids:
        signal_group(pgid, signal.SIGKILL)
