"""What the ``trainer`` commands share: the clean error, literal output, and reading the content.

``CliError`` is a failure the entry point prints as ``trainer: error: …`` with
its exit code (``trainer.cli.main``, with ``trainer.reports.output.error``). ``out`` prints text from content or
replies with control characters shown, never obeyed. ``load`` reads the content
in use (or files given over it, with its thesaurus and settings), and ``report``
prints every problem as ``file:line:col: message`` and a summary line.
Imports stay light: YAML and the loader come in inside ``load``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trainer import paths
from trainer.reports.output import EXIT_FAIL, EXIT_USAGE  # the exit codes every command shares

if TYPE_CHECKING:
    from trainer.core.content import Content
    from trainer.core.problems import Problem

PROG = "trainer"
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A clean failure: printed as ``trainer: error: …`` with its exit code."""

    def __init__(self, message: str, code: int = EXIT_FAIL):
        super().__init__(message)
        self.code = code


def out(text: str = "") -> None:
    """Print to stdout; control characters from content or replies are shown, not obeyed."""
    from trainer.core.visible import visible

    print(visible(text), file=sys.stdout)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def unreachable(error: Exception) -> bool:
    """Whether a store error means the database server could not be reached (exit 2: check the URL)."""
    from trainer.store.postgres import StoreUnreachable

    return isinstance(error, StoreUnreachable)


# ---------------------------------------------------------------- content


def content_choice(args: argparse.Namespace) -> paths.ContentChoice:
    choice = paths.content_dir(args.content)
    if not choice.path.is_dir():
        where = {"bundled": "the bundled content"}.get(choice.source, choice.source)
        raise CliError(f"content folder not found: {choice.path} (from {where})", EXIT_USAGE)
    return choice


def targets(args: argparse.Namespace) -> list[Path]:
    return [existing(p) for p in args.paths]


def existing(name: str) -> Path:
    path = Path(name)
    if not os.path.lexists(path):  # a link loop or a dangling link is the loader's to report
        raise CliError(f"no such file or folder: {name}", EXIT_USAGE)
    return path


def load(args: argparse.Namespace, targets: list[Path]) -> tuple[Content, list[Problem]]:
    """The content in use, or ``targets`` loaded over it (its thesaurus and settings)."""
    from trainer.core.content import default_lexicon
    from trainer.core.loader import load_content, load_paths

    choice = content_choice(args)
    base, problems = load_content(choice.path, default_lexicon(paths.default_thesaurus(choice.path)))
    if not targets:
        return base, problems
    return load_paths(targets, base)


def errors(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def count_files(targets: Sequence[Path]) -> int:
    """How many content files the targets hold (for the summary line)."""
    return sum(1 for _ in _yaml_files(targets))


def _yaml_files(targets: Sequence[Path]) -> Iterator[Path]:
    from trainer.core import files
    from trainer.core.loader import is_content_root

    ignored: list[Problem] = []  # the loader reports unlistable folders itself
    for target in targets:
        if not target.is_dir():
            yield target
        elif is_content_root(target):
            for sub in (paths.SCENARIOS_DIR, paths.INTERVIEW_DIR):
                yield from files.yaml_in(target / sub, ignored)
            for name in (paths.THESAURUS_FILE, paths.SCORING_FILE):
                if files.exists(target / name):
                    yield target / name
        else:
            yield from files.yaml_under(target, ignored)


def report(problems: Sequence[Problem], files: int) -> None:
    """Every problem as ``file:line:col: message``, then a one-line summary."""
    for problem in problems:
        out(str(problem))
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    out(f"{plural(n_err, 'error')}, {plural(n_warn, 'warning')} in {plural(files, 'file')}")
