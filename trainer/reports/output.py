"""Where a report goes: stdout unless ``-o FILE``; errors as ``trainer: error: …`` and an exit code.

The report and export commands share these so every one of them behaves the
same: UTF-8 always, a clean message instead of a traceback, 0 on success, 1
when something could not be read or written, 2 for a bad argument.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def error(message: str, code: int = EXIT_FAIL) -> int:
    """Print ``trainer: error: message`` to stderr; returns ``code`` for the caller to return."""
    print(f"trainer: error: {message}", file=sys.stderr)
    return code


def emit(text: str, out: Path | None, *, bom: bool = False) -> int:
    """Write ``text`` to ``out`` (UTF-8; with a BOM if asked, for spreadsheets) or to stdout."""
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return EXIT_OK
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(("\ufeff" if bom else "") + text, encoding="utf-8", newline="")
    except OSError as exc:
        return error(f"cannot write {out}: {exc.strerror or exc}")
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK
