"""Where a report goes: stdout unless ``-o FILE``; errors as ``trainer: error: …`` and an exit code.

The report and export commands share these so every one of them behaves the
same: UTF-8 always, a clean message instead of a traceback, 0 on success, 1
when something could not be read or written, 2 for a bad argument. A file is
replaced atomically (a failed write keeps the previous one); on the terminal,
control characters in names or answers are shown as escapes, never obeyed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from trainer.core.atomic import write_atomic
from trainer.core.visible import visible

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def error(message: str, code: int = EXIT_FAIL) -> int:
    """Print ``trainer: error: message`` to stderr; returns ``code`` for the caller to return."""
    print(f"trainer: error: {visible(message)}", file=sys.stderr)
    return code


def emit(text: str, out: Path | None, *, bom: bool = False) -> int:
    """Write ``text`` to ``out`` (UTF-8; with a BOM if asked, for spreadsheets) or to stdout."""
    if out is None:
        sys.stdout.write(visible(text))
        sys.stdout.flush()
        return EXIT_OK
    try:
        write_atomic(out, ("\ufeff" if bom else "") + text, newline="")
    except OSError as exc:
        return error(f"cannot write {out}: {exc.strerror or exc}; the previous file (if any) is unchanged")
    print(visible(f"wrote {out}"), file=sys.stderr)
    return EXIT_OK
