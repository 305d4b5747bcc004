"""Problems found in content, collected as rows and reported like a compiler does."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Loc:
    """A position in a content file; line and col are 1-based (0 = unknown). Positions sort
    by file, then line, then column."""

    file: str
    line: int = 0
    col: int = 0

    # Written out rather than order=True, which compiles four methods when this module is
    # imported (every start imports it); sorting needs only this one.
    def __lt__(self, other: Loc) -> bool:
        if not isinstance(other, Loc):
            return NotImplemented
        return (self.file, self.line, self.col) < (other.file, other.line, other.col)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in the content."""

    loc: Loc
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else "warning: "
        return f"{self.loc}: {tag}{self.message}"


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def errors(problems: list[Problem]) -> list[Problem]:
    """Only the problems that make content unusable."""
    return [p for p in problems if p.severity == "error"]
