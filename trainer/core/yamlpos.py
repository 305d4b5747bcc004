"""YAML loading that keeps the line and column of every mapping key, value and list item.

``load_file(path)`` composes the YAML node tree (with libyaml when available) and
walks it into plain Python values: ``YMap`` (a dict) and ``YList`` (a list) that
remember where each entry starts, so the loader can point at the exact place of a
mistake. Nothing here raises for bad content: unreadable, oversized, non-UTF-8,
empty or malformed files, duplicate keys and recursive aliases all come back as
``Problem`` rows. ``trainer.core.reader.Reader`` then reads typed fields out of
those mappings, adding a positioned ``Problem`` for every unknown, missing or
wrong field.

Mapping keys are kept as their source text (``1:`` and ``yes:`` stay ``"1"`` and
``"yes"``): every key in the content formats is a name, never a number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trainer.core import yamlhints
from trainer.core.files import read_bytes
from trainer.core.problems import Loc, Problem
from trainer.core.pyyaml import yaml

SafeConstructor = yaml.constructor.SafeConstructor
MappingNode = yaml.nodes.MappingNode
ScalarNode = yaml.nodes.ScalarNode

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 200
# Aliases may make the loaded document larger than its source, but not by much:
# 100,000 aliases of one long answer are a 400 KB file that expands to gigabytes
# of text for the scorer. Units: one per container, len + 1 per scalar, so a file
# without aliases never exceeds its own length in characters.
EXPAND_FACTOR = 4
EXPAND_SLACK = 200_000
# Below this many possible nesting openers, libyaml's recursive composer is safe
# without a depth scan (it overflows the C stack somewhere past 20,000 levels).
_SCAN_TRIGGER = 2000

_LOADER: Any = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_CONSTRUCTOR = SafeConstructor()


def _null(node: ScalarNode) -> None:
    return None


def _bool(node: ScalarNode) -> bool:
    return SafeConstructor.bool_values[node.value.lower()]


_SCALARS: dict[str, Any] = {
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:bool": _bool,
    "tag:yaml.org,2002:null": _null,
}


class YMap(dict):  # type: ignore[type-arg]
    """A mapping with ``mark`` (where it starts) and ``at[key] = (key mark, value mark)``.

    Marks are PyYAML marks: ``line`` and ``column`` are 0-based.
    """

    __slots__ = ("at", "mark")

    def __init__(self, mark: Any = None) -> None:
        super().__init__()
        self.mark = mark
        self.at: dict[str, tuple[Any, Any]] = {}


class YList(list):  # type: ignore[type-arg]
    """A list with ``mark`` (where it starts) and ``at[i]`` (where item i starts)."""

    __slots__ = ("at", "mark")

    def __init__(self, mark: Any = None) -> None:
        super().__init__()
        self.mark = mark
        self.at: list[Any] = []


def loc(file: str, mark: Any) -> Loc:
    """The 1-based ``Loc`` of a PyYAML mark (line 1, column 1 when unknown)."""
    if mark is None:
        return Loc(file, 1, 1)
    return Loc(file, mark.line + 1, mark.column + 1)


_TYPE_NAMES = (
    (bool, "true/false"), (dict, "a mapping"), (list, "a list"), (str, "text"),
    (int, "a whole number"), (float, "a number"), (type(None), "nothing"),
)


def type_name(value: Any) -> str:
    """How a value's type reads in a problem message ("a list", "true/false"…)."""
    names = (name for kind, name in _TYPE_NAMES if isinstance(value, kind))
    return next(names, type(value).__name__)


class _TooLarge(Exception):
    """Aliases expanded the document past its budget (``mark``: the last node read)."""

    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark


class _Walker:
    """Turns a composed node tree into YMap/YList/scalars, recording problems."""

    def __init__(self, file: str, budget: int) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.done: dict[int, tuple[Any, int]] = {}  # containers built, with their size (aliases share them)
        self.active: set[int] = set()  # containers being built (to catch recursion)
        self.size = 0  # expanded size so far, in the units of EXPAND_FACTOR
        self.budget = budget

    def value(self, node: Any) -> Any:
        if node.__class__ is ScalarNode:
            self.grow(len(node.value) + 1, node)
            if node.tag == _STR:
                return node.value
            return self.scalar(node)
        key = id(node)
        if key in self.done:
            out, size = self.done[key]
            self.grow(size, node)
            return out
        if key in self.active:
            self.problem(node.start_mark, "an alias refers to a mapping or list that contains it")
            return None
        self.active.add(key)
        before = self.size
        self.grow(1, node)
        if node.__class__ is MappingNode:
            out = self.mapping(node)
        else:
            out = self.sequence(node)
        self.active.discard(key)
        self.done[key] = (out, self.size - before)
        return out

    def grow(self, units: int, node: Any) -> None:
        self.size += units
        if self.size > self.budget:
            raise _TooLarge(node.start_mark)

    def scalar(self, node: ScalarNode) -> Any:
        convert = _SCALARS.get(node.tag)
        if convert is None:  # timestamps, binary, custom tags: keep the text
            return node.value
        try:
            return convert(node)
        except (ValueError, KeyError, IndexError):
            return node.value

    def mapping(self, node: MappingNode) -> YMap:
        out = YMap(node.start_mark)
        at = out.at
        merges = []
        for knode, vnode in node.value:
            if knode.__class__ is not ScalarNode:
                self.problem(knode.start_mark, "a key must be a plain name, not a mapping or list")
                continue
            if knode.tag == _MERGE:
                merges.append(vnode)
                continue
            key = knode.value
            if key in out:
                first = at[key][0]
                self.problem(
                    knode.start_mark,
                    f"duplicate key `{key}` (first at line {first.line + 1}); "
                    "the first one is used",
                )
                continue
            out[key] = self.value(vnode)
            at[key] = (knode.start_mark, vnode.start_mark)
        for vnode in merges:
            self.merge(out, vnode)
        return out

    def merge(self, out: YMap, vnode: Any) -> None:
        """Apply a ``<<: *anchor`` merge: keys written in the mapping itself win."""
        merged = self.value(vnode)
        sources = merged if isinstance(merged, list) else [merged]
        for source in sources:
            if not isinstance(source, YMap):
                self.problem(vnode.start_mark, "`<<` must merge a mapping or a list of mappings")
                continue
            for key, value in source.items():
                if key not in out:
                    out[key] = value
                    out.at[key] = source.at[key]

    def sequence(self, node: Any) -> YList:
        out = YList(node.start_mark)
        at = out.at
        for item in node.value:
            out.append(self.value(item))
            at.append(item.start_mark)
        return out

    def problem(self, mark: Any, message: str) -> None:
        self.problems.append(Problem(loc(self.file, mark), message))


def _byte_loc(file: str, data: bytes, offset: int) -> Loc:
    """The line and column (in characters) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Loc(file, data.count(b"\n", 0, offset) + 1, col)


def _syntax_problem(file: str, data: bytes, error: yaml.YAMLError) -> Problem:
    """A Problem for a YAML error, at its problem mark, with libyaml's wording."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark
        message = (error.problem or "invalid YAML").removeprefix("but ")
        if error.context:
            context = error.context
            at = error.context_mark
            if at is not None and at.line != getattr(mark, "line", None):
                context += f" at line {at.line + 1}"
            message += f" ({context})"
        if mark is not None and _char_at(data, mark) == "\t":
            message += "; indent with spaces, not tabs"
        return Problem(loc(file, mark), f"YAML syntax error: {message}")
    if isinstance(error, yaml.reader.ReaderError):
        return Problem(
            _byte_loc(file, data, error.position),
            f"YAML syntax error: {error.reason} (character #x{error.character:04x})",
        )
    return Problem(Loc(file, 1, 1), f"YAML syntax error: {error}")


def _char_at(data: bytes, mark: Any) -> str:
    lines = data.decode("utf-8", errors="replace").split("\n")
    line = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    return line[mark.column] if 0 <= mark.column < len(line) else ""


def _too_deep(file: str, data: bytes) -> Problem | None:
    """Refuse absurd nesting before composing (libyaml's composer recurses in C)."""
    openers = data.count(b"[") + data.count(b"{") + data.count(b"- ") + data.count(b"? ")
    if openers < _SCAN_TRIGGER:
        return None
    depth = 0
    for event in yaml.parse(data, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(
                    loc(file, event.start_mark),
                    f"mappings and lists are nested more than {MAX_DEPTH} levels deep",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def load_bytes(data: bytes, file: str, allow_empty: bool = False) -> tuple[Any, list[Problem]]:
    """Parse UTF-8 YAML bytes; returns (value or None, problems).

    An empty file (or one of only comments) is a problem unless ``allow_empty``,
    which makes it an empty ``YMap``.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [
            Problem(
                _byte_loc(file, data, error.start),
                f"the file is not UTF-8 text (byte 0x{data[error.start]:02x}); "
                "save it with UTF-8 encoding",
            )
        ]
    try:
        deep = _too_deep(file, data)
        if deep is not None:
            return None, [deep]
        root = yaml.compose(data, Loader=_LOADER)
    except yaml.YAMLError as error:
        return None, yamlhints.syntax_problems(file, data, error) or [_syntax_problem(file, data, error)]
    if root is None:
        if allow_empty:
            return YMap(), []
        return None, [Problem(Loc(file, 1, 1), "the file is empty")]
    if root.__class__ is ScalarNode and yamlhints.in_text(root.value):  # `difficulty：2` alone
        return None, [yamlhints.text_problem(file, root.value, root.start_mark, "")]
    walker = _Walker(file, EXPAND_FACTOR * len(data) + EXPAND_SLACK)
    try:
        value = walker.value(root)
    except RecursionError:
        return None, [Problem(Loc(file, 1, 1), "mappings and lists are nested too deeply")]
    except _TooLarge as error:
        return None, [Problem(loc(file, error.mark), _too_large_message(walker.budget))]
    return value, walker.problems


def _too_large_message(budget: int) -> str:
    return (
        f"aliases (`*name`) expand this file past {budget:,} characters, the most a file "
        "of its size may hold once loaded; it was not loaded (use fewer aliases)"
    )


def load_file(
    path: Path, max_bytes: int = MAX_BYTES, allow_empty: bool = False, data: bytes | None = None
) -> tuple[Any, list[Problem]]:
    """Read and parse one YAML file, refusing oversized and special files unread; ``data``: its
    bytes, already read with ``read_bytes`` (parsed as they are, not read again)."""
    if data is None:
        data, problem = read_bytes(path, max_bytes)
        if data is None:
            return None, [problem] if problem is not None else []
    return load_bytes(data, str(path), allow_empty)


def load_mapping(
    path: Path, max_bytes: int = MAX_BYTES, allow_empty: bool = False, data: bytes | None = None
) -> tuple[YMap | None, list[Problem]]:
    """``load_file`` for files whose top level must be a mapping of fields."""
    value, problems = load_file(path, max_bytes, allow_empty, data)
    if value is None or isinstance(value, YMap):
        return value, problems
    mark = getattr(value, "mark", None)
    problems.append(
        Problem(
            loc(str(path), mark),
            f"the file must be a mapping of fields (`name: value` lines), "
            f"got {type_name(value)}",
        )
    )
    return None, problems
