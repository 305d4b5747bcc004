"""A full-width colon 「：」 after a key is reported in Chinese at the 「：」, not as a raw YAML error."""

from __future__ import annotations

import pytest

from trainer.core.problems import Problem
from trainer.core.reader import Reader
from trainer.core.yamlpos import load_bytes

HINT = "鍵名 `{key}` 後面用了全形冒號「：」，請改成半形冒號加空格「: 」"

# (YAML text, [(line, col, key)] expected: 1-based, col at the 「：」)
SLIPS = [
    ("title: 退款\ndifficulty：2\nbrief: b\n", [(2, 11, "difficulty")]),
    ("title：退款\ndifficulty: 2\n", [(1, 6, "title")]),
    ("difficulty：2\n", [(1, 11, "difficulty")]),  # the whole file reads as one text
    ("# 說明\n\ndifficulty：2\n", [(3, 11, "difficulty")]),
    ("title: a\ndifficulty ：2\nbrief: b\n", [(2, 12, "difficulty")]),  # a space before it
    ("nodes:\n  start:\n    say：您好\n    next: end\n", [(3, 8, "say")]),
    ("points:\n  - label：運費\n    any: [運費]\n", [(2, 10, "label")]),
    ("points:\n  - label: a\n    any: [a]\n  - label：b\n    any: [b]\n", [(4, 10, "label")]),
    ("title：a\ndifficulty：2\nbrief: b\n", [(1, 6, "title"), (2, 11, "difficulty")]),
    ("x: 1\ny：\n  - a\n", [(2, 2, "y")]),
]


@pytest.mark.parametrize(("text", "slips"), SLIPS)
def test_full_width_colon_is_reported_at_the_colon(text: str, slips: list[tuple[int, int, str]]) -> None:
    value, problems = load_bytes(text.encode(), "f.yaml")
    assert value is None
    assert [(p.loc.line, p.loc.col) for p in problems] == [(line, col) for line, col, _ in slips]
    for problem, (line, _col, key) in zip(problems, slips, strict=True):
        assert problem.message.startswith(f"第 {line} 行：" + HINT.format(key=key))
        assert f"write `{key}: `" in problem.message  # and in English


# Full-width colons that are not a slip: Chinese text, quoted text, and unrelated errors.
NOT_SLIPS = [
    ("list:\n  - 注意：先核對訂單\n  - b\n", None),
    ("say: \"label：x\"\nnext: end\n", None),
    ("brief: 時間：三天內\n", None),
    ("points:\n  - SKU：紅色\n  - b: 1\n  - c: [\n", "YAML syntax error"),  # a real key between
]


@pytest.mark.parametrize(("text", "error"), NOT_SLIPS)
def test_other_full_width_colons_are_left_alone(text: str, error: str | None) -> None:
    value, problems = load_bytes(text.encode(), "f.yaml")
    assert [p.message.split(":")[0] for p in problems] == ([error] if error else [])
    assert (value is None) == bool(error)


@pytest.mark.parametrize(
    ("text", "where", "key"),
    [
        ("points:\n  - label：運費\n", (2, 10), "label"),  # loads as text where a mapping belongs
        ("points:\n  -   any：[a]\n", (2, 10), "any"),
    ],
)
def test_a_list_item_that_reads_as_text_gets_the_hint(
    text: str, where: tuple[int, int], key: str
) -> None:
    value, problems = load_bytes(text.encode(), "f.yaml")
    assert problems == []
    reader = Reader("f.yaml", problems)
    [(item, mark)] = reader.items(value, "points")
    assert reader.mapping(item, mark, "a key point") is None
    [problem] = problems
    assert (problem.loc.line, problem.loc.col) == where
    assert HINT.format(key=key) in problem.message


def test_a_list_item_of_other_text_keeps_the_plain_message() -> None:
    reader = Reader("f.yaml", [])
    value, _ = load_bytes("points:\n  - 運費\n".encode(), "f.yaml")
    [(item, mark)] = reader.items(value, "points")
    reader.mapping(item, mark, "a key point")
    assert reader.problems == [
        Problem(reader.loc(mark), "a key point: expected a mapping (`name: value` lines), got text")
    ]
