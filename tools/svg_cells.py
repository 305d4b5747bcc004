"""Place every glyph of a Rich SVG export on its terminal cells.

Rich's ``export_svg`` puts each run of text at the right column but gives it
``textLength = char width × number of characters``: a run holding Chinese (two
cells a character) is squeezed to half its width, and a browser draws it
overlapping and half-width. ``fix_cells`` rewrites every ``<text>`` run: each
run of narrow characters keeps one element whose length is its cell count, and
each wide character gets an element of its own, centred on its two cells.
"""

from __future__ import annotations

import html
import re

from rich.cells import get_character_cell_size

_TEXT = re.compile(
    r'<text class="(?P<cls>[^"]*)" x="(?P<x>[-\d.]+)" y="(?P<y>[-\d.]+)" '
    r'textLength="(?P<length>[\d.]+)" clip-path="(?P<clip>[^"]*)">(?P<body>.*?)</text>', re.S)


def fix_cells(svg: str) -> str:
    """``svg`` (a Rich export) with every glyph placed by terminal cells."""
    return _TEXT.sub(_rewrite, svg)


def _rewrite(match: re.Match[str]) -> str:
    text = html.unescape(match["body"])
    if not text:
        return match[0]
    char_width = float(match["length"]) / len(text)  # what Rich used for every character
    x = float(match["x"])
    parts: list[str] = []
    for run, cells in _runs(text):
        parts.append(_element(match, run, x, cells, char_width))
        x += cells * char_width
    return "".join(parts)


def _runs(text: str) -> list[tuple[str, int]]:
    """``text`` cut into runs of narrow characters and single wide ones, with their cells."""
    runs: list[tuple[str, int]] = []
    for char in text:
        cells = get_character_cell_size(char)
        if cells == 0 and runs:  # a combining mark stays with the character before it
            runs[-1] = (runs[-1][0] + char, runs[-1][1])
        elif cells == 2 or not runs or runs[-1][1] == -2:
            runs.append((char, -2 if cells == 2 else cells))
        else:
            runs[-1] = (runs[-1][0] + char, runs[-1][1] + cells)
    return [(run, abs(cells)) for run, cells in runs]


def _element(match: re.Match[str], run: str, x: float, cells: int, char_width: float) -> str:
    body = html.escape(run, quote=False).replace(" ", "&#160;").replace("\xa0", "&#160;")
    common = f'class="{match["cls"]}" y="{match["y"]}" clip-path="{match["clip"]}"'
    if cells == 2 and get_character_cell_size(run[0]) == 2:
        # Centred on its two cells: a CJK glyph is one em wide, two cells are a little more.
        return f'<text {common} x="{x + char_width:.2f}" text-anchor="middle">{body}</text>'
    if run.strip() == "":
        return ""  # spaces draw nothing (Rich leaves out all-blank runs too)
    return f'<text {common} x="{x:.2f}" textLength="{cells * char_width:.2f}">{body}</text>'
