"""A small question screens ask before starting a store worker: is one of that group still running?

A dialog whose check runs in a worker ignores a second Enter while it runs
(a second passphrase try must not be counted, an interview not started twice).
"""

from __future__ import annotations

from textual.dom import DOMNode


def running(node: DOMNode, group: str) -> bool:
    """Whether a worker of ``group`` that ``node`` started has not finished yet."""
    return any(w.group == group and not w.is_finished for w in node.workers)
