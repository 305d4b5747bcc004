"""PyYAML, imported without compiling the one pattern trainer never uses.

PyYAML's pure-Python ``Reader`` compiles ``NON_PRINTABLE`` (a class of characters
spanning all of Unicode) as its module is imported: ~4–6 ms of every process that
imports PyYAML, the first play of a file and every ``trainer validate`` among them
(bench/README.md, sixth and eighth passes). trainer reads YAML with libyaml
(``CSafeLoader``), whose reader is C and checks the characters itself, so the
pattern goes unused: while PyYAML is imported, ``re.compile`` hands that one
pattern back as a ``LazyPattern`` that compiles it the first time it is used (by
the pure-Python loader, where libyaml is missing). Every other pattern, and every
later ``re.compile``, is untouched.

Modules that need PyYAML take it from here (``from trainer.core.pyyaml import
yaml``) so that whichever imports it first imports it this way.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import TYPE_CHECKING, Any

# As in yaml/reader.py (PyYAML 5 and 6): what the pure-Python reader rejects.
NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"
_LOCK = threading.Lock()


class LazyPattern:
    """Stands in for a compiled pattern until one of its methods is first looked up."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return getattr(self._compiled, name)


def _import_pyyaml() -> Any:
    """``import yaml``, with ``NON_PRINTABLE`` left uncompiled (see above)."""
    with _LOCK:
        if "yaml" in sys.modules:
            return sys.modules["yaml"]
        compile_now = re.compile

        def compile_or_defer(pattern: Any, flags: int = 0) -> Any:
            if pattern == NON_PRINTABLE:
                return LazyPattern(pattern, flags)
            return compile_now(pattern, flags)

        re.compile = compile_or_defer
        try:
            import yaml as module
        finally:
            re.compile = compile_now
        return module


if TYPE_CHECKING:
    import yaml as yaml  # re-exported: the module itself
else:
    yaml = _import_pyyaml()
