"""Typed fields out of the mappings ``trainer.core.yamlpos`` loads, a positioned Problem for each mistake.

``Reader(file, problems)`` checks a mapping's fields (unknown ones, with the
nearest known name; missing required ones) and reads texts, numbers in range,
flags and lists. A missing, null or wrong value gives the default and a
``Problem`` at its line and column, so a loader keeps going and reports every
mistake of a file in one pass.
"""

from __future__ import annotations

from difflib import get_close_matches
from math import isnan
from typing import Any

from trainer.core import yamlhints
from trainer.core.problems import Loc, Problem
from trainer.core.yamlpos import YList, YMap, loc, type_name


class Reader:
    """Reads typed fields out of loaded mappings, adding a Problem for each mistake.

    Getters return the default on a missing, null or wrong value, so the loader
    keeps going and reports every problem in the file.
    """

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def error(self, mark: Any, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(loc(self.file, mark), message, severity))

    def loc(self, mark: Any) -> Loc:
        return loc(self.file, mark)

    def fields(
        self, m: YMap, what: str, allowed: tuple[str, ...], required: tuple[str, ...] = (),
        at: Any = None,
    ) -> None:
        """Report unknown keys (suggesting the closest) and missing or empty required ones."""
        for key in m:
            if key not in allowed:
                close = get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                self.error(
                    m.at[key][0],
                    f"unknown field `{key}` in {what}{hint}; allowed: {', '.join(allowed)}",
                )
        for key in required:
            if key not in m:
                self.error(at or m.mark, f"{what} is missing the required field `{key}`")
            elif m[key] is None or m[key] == "":
                self.error(m.at[key][1], f"`{key}` is empty; {what} needs a value here")

    def mapping(self, value: Any, mark: Any, what: str) -> YMap | None:
        """The value if it is a mapping, else None and a problem."""
        if isinstance(value, YMap):
            return value
        if value is not None:
            message = f"{what}: expected a mapping (`name: value` lines), got {type_name(value)}"
            self.problems.append(yamlhints.text_problem(self.file, value, mark, message))
        return None

    def wrong(self, m: YMap, key: str, expected: str) -> None:
        self.error(m.at[key][1], f"`{key}`: expected {expected}, got {type_name(m[key])}")

    def text(self, m: YMap, key: str, default: str = "") -> str:
        """A string field; numbers are taken as their text."""
        value = m.get(key)
        if value is None:
            return default
        if value.__class__ is str:
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        hint = " (put it in quotes)" if isinstance(value, bool) else ""
        self.wrong(m, key, "text" + hint)
        return default

    def whole(
        self, m: YMap, key: str, default: int, lo: int | None = None, hi: int | None = None
    ) -> int:
        """An integer field within lo..hi."""
        value = m.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong(m, key, "a whole number")
            return default
        return value if self._in_range(m, key, value, lo, hi) else default

    def number(
        self, m: YMap, key: str, default: float | None, lo: float | None = None,
        hi: float | None = None, above: float | None = None,
    ) -> float | None:
        """A number field within lo..hi (and strictly above ``above``)."""
        value = m.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or isnan(value):
            self.wrong(m, key, "a number")
            return default
        if above is not None and value <= above:
            self.error(m.at[key][1], f"`{key}` must be greater than {above:g}, got {value:g}")
            return default
        return float(value) if self._in_range(m, key, value, lo, hi) else default

    def _in_range(
        self, m: YMap, key: str, value: float, lo: float | None, hi: float | None
    ) -> bool:
        if (lo is None or value >= lo) and (hi is None or value <= hi):
            return True
        if hi is None:
            bounds = f"at least {lo:g}"
        elif lo is None:
            bounds = f"at most {hi:g}"
        else:
            bounds = f"between {lo:g} and {hi:g}"
        self.error(m.at[key][1], f"`{key}` must be {bounds}, got {value:g}")
        return False

    def flag(self, m: YMap, key: str, default: bool = False) -> bool:
        value = m.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self.wrong(m, key, "true or false")
        return default

    def items(self, m: YMap, key: str, nonempty: bool = False) -> list[tuple[Any, Any]]:
        """A list field as (item, mark) pairs; a non-list is reported."""
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, YList):
            self.wrong(m, key, "a list")
            return []
        if nonempty and not value:
            self.error(m.at[key][1], f"`{key}` must not be an empty list")
        return list(zip(value, value.at, strict=True))

    def texts(self, m: YMap, key: str, nonempty: bool = False) -> tuple[str, ...]:
        """A list of strings (numbers taken as their text)."""
        out = []
        for item, mark in self.items(m, key, nonempty):
            if item.__class__ is str:
                out.append(item)
            elif isinstance(item, (int, float)) and not isinstance(item, bool):
                out.append(str(item))
            else:
                self.error(mark, f"`{key}`: each item must be text, got {type_name(item)}")
        return tuple(out)
