"""Showing text from people and content files on a terminal without it acting on the terminal.

A reply, a name or a content line may hold ESC sequences (colours, cursor moves,
a changed window title), C1 controls such as ``\\x9b`` (a one-byte CSI), a
carriage return that overwrites the line, or bidi overrides that reorder what is
shown. Console output renders each as a visible escape (``\\x1b``, ``\\u202e``);
line feeds and tabs, which output needs, are kept.
"""

from __future__ import annotations

import re

_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """``text`` with every control character except newline and tab shown as an escape."""
    if _HIDDEN.search(text) is None:
        return text
    return _HIDDEN.sub(_escape, text)


def visible_line(text: str) -> str:
    """``visible`` for text that must stay on one line: newlines and tabs are escaped too."""
    return visible(text).replace("\n", "\\n").replace("\t", "\\t")


def json_safe(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the controls JSON leaves
    raw (DEL, C1, line separators, bidi overrides) written as ``\\uXXXX``: the same data, safe
    to print."""
    if _HIDDEN.search(text) is None:
        return text
    return _HIDDEN.sub(_json_escape, text)
