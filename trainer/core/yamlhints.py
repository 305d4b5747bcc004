"""Hints for a common YAML typing slip: a full-width colon 「：」 after a key.

Chinese input methods type 「：」 where YAML needs ``: ``, so ``difficulty：2`` is
read as plain text. The parser then fails a line or two later with an English
message that points at the wrong place (or, for ``- label：x``, loads a string
where a mapping was expected). These helpers find the slip and say so in Chinese
(with the English after it) at the line and column of the 「：」.
"""

from __future__ import annotations

import re
from typing import Any

from trainer.core.problems import Loc, Problem

# A key-like name (content keys are ASCII names) at the start of a line, maybe
# after list dashes, followed by a full-width colon.
_LINE = re.compile(r"(\s*(?:-[ \t]+)*)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*：")
# A real ``key:`` on a line: the parser would have read it, so the slip is not below it.
_REAL_KEY = re.compile(r"^\s*(?:-[ \t]+)*[^#\s][^:#]*:(?:\s|$)")


def message(line: int, key: str) -> str:
    """The problem text for a full-width colon after ``key`` on 1-based ``line``."""
    return (
        f"第 {line} 行：鍵名 `{key}` 後面用了全形冒號「：」，請改成半形冒號加空格「: 」"
        f" (a full-width colon after the key `{key}`: write `{key}: ` with an ASCII colon and a space)"
    )


def in_text(text: str) -> tuple[int, str] | None:
    """(0-based column of the 「：」, key) when ``text`` starts like ``key：…``."""
    match = _LINE.match(text)
    if match is None:
        return None
    return match.end() - 1, match.group(2)


def before_error(text: str, error_line: int) -> list[tuple[int, int, str]]:
    """The slips that explain a syntax error on 0-based ``error_line``.

    Walks up from the error line through the lines the parser took as one plain
    text (stopping at a line with a real ``key:``) and returns (line, column, key),
    0-based, top first.
    """
    lines = text.split("\n")
    found = []
    for i in range(min(error_line, len(lines) - 1), -1, -1):
        line = lines[i]
        hit = in_text(line)
        if hit is not None:
            found.append((i, hit[0], hit[1]))
        elif i < error_line and _REAL_KEY.match(line) and not line.lstrip().startswith("#"):
            break
    return found[::-1]


def syntax_problems(file: str, data: bytes, error: Exception) -> list[Problem]:
    """Problems for the slips that explain a YAML syntax error (none: not a slip)."""
    mark = getattr(error, "problem_mark", None)
    if mark is None or "：".encode() not in data:
        return []
    slips = before_error(data.decode("utf-8"), mark.line)
    return [Problem(Loc(file, line + 1, col + 1), message(line + 1, key)) for line, col, key in slips]


def text_problem(file: str, value: Any, mark: Any, fallback: str) -> Problem:
    """The hint at the 「：」 when ``value`` reads ``key：…``, else ``fallback`` at ``mark``."""
    hit = in_text(value) if isinstance(value, str) else None
    if mark is None:
        return Problem(Loc(file, 1, 1), fallback)
    if hit is None:
        return Problem(Loc(file, mark.line + 1, mark.column + 1), fallback)
    return Problem(Loc(file, mark.line + 1, mark.column + hit[0] + 1), message(mark.line + 1, hit[1]))
