"""Adding one item to a list inside a YAML file, keeping every other byte as the author wrote it.

Used by "teach the rubric" (``trainer.services.teach``): a manager adds a phrase
to a key point's ``any:`` list, or a word to a thesaurus group. A full
round-trip dump would reflow long flow lists and wrapped lines, so the file is
parsed with ruamel.yaml (round-trip mode: positions of every node) and the new
item is spliced into the original text at the end of its list — ``, 新詞``
before a flow list's ``]``, or a ``- 新詞`` line after a block list's last
item. The result is parsed again and must equal the old data with exactly that
one item added, or the edit is refused (``EditError``): comments, layout,
quotes and line endings elsewhere are never touched.

Pure text in, text out; no files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from trainer.core.pyyaml import yaml

Key = str | int
SPECIAL = set(",[]{}#&*!|>'\"%@`\\")


class EditError(ValueError):
    """The edit cannot be made safely (the text is left as it was)."""


def load(text: str) -> Any:
    """The round-trip data of ``text`` (positions kept); ``EditError`` if it is not YAML."""
    yaml = YAML(typ="rt")
    try:
        return yaml.load(io.StringIO(text))
    except YAMLError as exc:
        raise EditError(f"the file is not valid YAML: {exc}") from exc


def scalar(value: str) -> str:
    """``value`` written as a YAML scalar that means exactly that string, in flow or block lists."""
    if "\n" in value or "\r" in value:
        raise EditError("a phrase must be on one line")
    if not value.strip():
        raise EditError("a phrase cannot be empty")
    plain = (value == value.strip() and not SPECIAL & set(value) and ": " not in value
             and not value.endswith(":") and value[0] not in "-?:" and _plain_is_string(value))
    return value if plain else "'" + value.replace("'", "''") + "'"


def _plain_is_string(value: str) -> bool:
    """Whether ``[value]`` reads as that one string — with PyYAML (YAML 1.1: ``yes`` is a boolean there),
    the parser the content loader uses."""
    try:
        loaded = yaml.safe_load(f"[{value}]")
    except yaml.YAMLError:
        return False
    return isinstance(loaded, list) and loaded == [value]


def walk(data: Any, path: Sequence[Key]) -> tuple[Any, Key | None, Any]:
    """The node at ``path`` with its parent and its key there (``EditError`` if there is none)."""
    parent: Any = None
    key: Key | None = None
    node = data
    for step in path:
        try:
            parent, key, node = node, step, node[step]
        except (KeyError, IndexError, TypeError) as exc:
            raise EditError(f"nothing at {'/'.join(map(str, path))} in the file") from exc
    return parent, key, node


def append(text: str, path: Sequence[Key], value: str) -> str:
    """``text`` with ``value`` added at the end of the list at ``path`` (see the module docstring)."""
    return _append(text, path, scalar(value), value)


def append_group(text: str, path: Sequence[Key], values: Sequence[str]) -> str:
    """``text`` with the flow list ``[values…]`` added at the end of the list at ``path``."""
    return _append(text, path, "[" + ", ".join(scalar(v) for v in values) + "]", list(values))


def _append(text: str, path: Sequence[Key], item: str, value: Any) -> str:
    data = load(text)
    parent, key, node = walk(data, path)
    if not isinstance(node, CommentedSeq) or not len(node):
        raise EditError(f"{'/'.join(map(str, path))} is not a list with items")
    offsets = _line_offsets(text)
    if node.fa.flow_style():
        line, col = _position(parent, key)
        new = _append_flow(text, offsets[line] + col, item)
    else:
        new = _append_block(text, offsets, node, item)
    _verify(data, load(new), path, value)
    return new


def _position(parent: Any, key: Key | None) -> tuple[int, int]:
    if isinstance(parent, CommentedMap):
        line, col = parent.lc.value(key)
        return int(line), int(col)
    if isinstance(parent, CommentedSeq) and isinstance(key, int):
        line, col = parent.lc.item(key)
        return int(line), int(col)
    raise EditError("the list is not inside a mapping or a list")


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for line in text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    return offsets


def _closing(text: str, start: int) -> int:
    """The index of the bracket closing the flow collection that opens at ``start``."""
    depth, i, quote = 0, start, ""
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote and not (quote == "'" and text[i + 1:i + 2] == "'"):
                quote = ""
            elif c == quote:  # '' inside a single-quoted scalar
                i += 1
        elif c in "'\"" and text[i - 1] in " [{,:":
            quote = c
        elif c == "#" and text[i - 1] in " \t":
            i = text.find("\n", i)
            if i < 0:
                break
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise EditError("the list's closing bracket was not found")


def _append_flow(text: str, start: int, item: str) -> str:
    if text[start:start + 1] != "[":
        raise EditError("the list does not start where the parser says")
    end = _closing(text, start)
    before = text[start + 1:end].rstrip()
    cut = start + 1 + len(before)
    joiner = " " if before.endswith(",") else ", "
    return text[:cut] + joiner + item + text[cut:]


def _append_block(text: str, offsets: list[int], node: CommentedSeq, item: str) -> str:
    line, col = (int(n) for n in node.lc.item(len(node) - 1))
    lines = text.splitlines(keepends=True)
    dash = lines[line].rfind("-", 0, col)
    if dash < 0 or lines[line][:dash].strip():
        raise EditError("the list's last item is not on a line of its own")
    end = line
    if lines[line][col:col + 1] in ("[", "{"):
        close = _closing(text, offsets[line] + col)
        end = next(n for n in range(line, len(lines)) if offsets[n + 1] > close)
    else:
        while end + 1 < len(lines) and _indent(lines[end + 1]) > dash and not lines[end + 1].lstrip().startswith("#"):
            end += 1
    newline = "\r\n" if "\r\n" in text else "\n"
    head = "".join(lines[:end + 1])
    if not head.endswith(("\n", "\r")):
        head += newline
    return head + " " * dash + "- " + item + newline + "".join(lines[end + 1:])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" ")) if line.strip() else 10**6


def _plain(data: Any) -> Any:
    """Round-trip data as plain lists, dicts and scalars, for comparing two versions."""
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def _verify(old: Any, new: Any, path: Sequence[Key], value: Any) -> None:
    expected = _plain(old)
    _, _, target = walk(expected, path)
    target.append(value)
    if _plain(new) != expected:
        raise EditError("the edit would change more than the one list item; the file was left as it was")
