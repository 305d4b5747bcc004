"""A static check that keeps text out of markup parsers in ``trainer/ui`` (the Pilot tests catch the rest).

Textual parses plain strings as markup in ``Static``/``Label``/``OptionList``
(unless ``markup=False``), in data-table cells and column labels, and in
``Select`` options. This reads every module's syntax tree: those calls must say
``markup=False`` or go through ``trainer.ui.text.cell``/``cells``, and no code
may parse markup on purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.content import Content

from tests.hostile import IDS, TEXTS
from trainer.ui.text import Display, cell, visible

UI = Path(__file__).resolve().parents[1] / "trainer" / "ui"
MODULES = sorted(UI.rglob("*.py"))
PARSE_CALLS = {"from_markup", "render_markup"}  # Text.from_markup, Content.from_markup, rich's
WIDGETS = {"Static", "Label", "OptionList"}
TABLE_CALLS = {"add_row", "add_column", "add_rows", "add_columns", "update_cell", "update_cell_at"}
WRAPPED = {"cell", "cells", "Text", "Content", "plain"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def problems(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name, line = _name(node.func), node.lineno
        markup = next((k.value for k in node.keywords if k.arg == "markup"), None)
        if isinstance(markup, ast.Constant) and markup.value is True:
            found.append(f"{line}: markup=True")
        if name in PARSE_CALLS:
            found.append(f"{line}: {name}() parses markup")
        if name in WIDGETS and markup is None:
            found.append(f"{line}: {name}(...) without markup=False")
        if name in TABLE_CALLS:
            values = [a.value if isinstance(a, ast.Starred) else a for a in node.args]
            if name == "update_cell" or name == "update_cell_at":
                values = values[-1:]
            for value in values:
                if not (isinstance(value, ast.Call) and _name(value.func) in WRAPPED):
                    found.append(f"{line}: {name}(...) with a value not wrapped in cell()/cells()")
    return found


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(UI)) for p in MODULES])
def test_no_ui_module_hands_text_to_a_markup_parser(path: Path) -> None:
    assert problems(ast.parse(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(("code", "expected"), [
    ('Static(name)', ["1: Static(...) without markup=False"]),
    ('Static(name, markup=False)', []),
    ('Label(name, markup=True)', ["1: markup=True"]),
    ('OptionList(id="x")', ["1: OptionList(...) without markup=False"]),
    ('Text.from_markup(name)', ["1: from_markup() parses markup"]),
    ('table.add_row(name, key="k")', ["1: add_row(...) with a value not wrapped in cell()/cells()"]),
    ('table.add_row(*cells(name), key="k")', []),
    ('table.add_column(cell(label), width=4)', []),
    ('table.add_column(label, width=4)', ["1: add_column(...) with a value not wrapped in cell()/cells()"]),
    ('table.update_cell(row, col, value)', ["1: update_cell(...) with a value not wrapped in cell()/cells()"]),
])
def test_the_check_itself(code: str, expected: list[str]) -> None:
    assert problems(ast.parse(code)) == expected


@pytest.mark.parametrize("script", ["hant", "hans"])
@pytest.mark.parametrize("text", TEXTS, ids=IDS)
def test_the_display_script_never_turns_text_into_markup(script: str, text: str) -> None:
    display = Display(script)
    shown = display.plain(text)
    assert isinstance(shown, Content) and shown.spans == []  # no style, no link, no action
    assert str(shown) == visible(display.t(text)) == display.t(text)
    assert str(shown).count("[") == text.count("[") and str(shown).count("]") == text.count("]")
    assert not any(ord(c) < 32 and c not in "\t\n" or 0x7F <= ord(c) < 0xA0 for c in str(shown))


@pytest.mark.parametrize(("text", "expected"), [
    ("\x1b[31m紅", "␛[31m紅"),
    ("a\x07b\x08c", "a␇b␈c"),
    ("一\r\n二\t三", "一\n二\t三"),
    ("\x9b31m", "\ufffd31m"),
    ("\x7f", "␡"),
])
def test_control_characters_are_shown_as_visible_stand_ins(text: str, expected: str) -> None:
    assert visible(text) == expected
    assert str(cell(text)) == expected and cell(text).spans == []
