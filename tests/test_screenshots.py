"""The README's screenshots: every glyph on its own cells, in the SVG and in headless Chromium.

Rich's SVG export gives a run of Chinese the length of half its cells, so a
browser squeezes it (overlapping, half-width). ``tools/svg_cells.fix_cells``
places each glyph by cell columns; these tests check the rewrite on a fresh
export and that Chromium draws no two glyphs of a line over each other in the
committed screenshots (skipped without Chromium, like the browser tests).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text

from tests.test_serve_browser import driver  # noqa: F401  (the shared Chromium fixture)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from svg_cells import fix_cells  # noqa: E402

SHOTS = ("chat", "chat-wide", "console", "progress")

# Every glyph's box in page pixels, with its line (its y) and the character.
GLYPH_BOXES = """
const out = [];
for (const el of document.querySelectorAll("text[clip-path]")) {
  for (let i = 0; i < el.getNumberOfChars(); i++) {
    const ch = el.textContent[i];
    if (ch.trim() === "" || ch === "\\u00a0") { continue; }
    const box = el.getExtentOfChar(i);
    out.push([el.getAttribute("y"), box.x, box.width, ch]);
  }
}
return out;
"""


def _export(text: str) -> str:
    console = Console(record=True, width=40, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(Text(text))
    return console.export_svg()


def test_a_chinese_run_gets_two_cells_a_character() -> None:
    raw = _export("ab 親，您好！cd")
    fixed = fix_cells(raw)
    runs = re.findall(r'textLength="([\d.]+)"[^>]*>([^<\n]+)</text>', raw)
    assert len(runs) == 1  # Rich: one run, as long as 10 narrow characters
    # After: the narrow runs keep their cells; each wide character is its own element, centred.
    wide = re.findall(r'<text [^>]*text-anchor="middle">([^<]*)</text>', fixed)
    assert wide == ["親", "，", "您", "好", "！"]
    narrow = re.findall(r'<text [^>]*textLength="([\d.]+)"[^>]*>([^<]*)</text>', fixed)
    assert [body for _, body in narrow] == ["ab&#160;", "cd"]


def test_wide_glyphs_are_centred_on_their_own_cells() -> None:
    fixed = fix_cells(_export("ab親c"))
    xs = {body: float(x) for x, body in re.findall(r'<text [^>]*x="([\d.]+)"[^>]*>([^<]*)</text>', fixed)}
    cell = xs["c"] / 4  # "c" starts at column 4 (a, b, then 親 on two cells)
    assert xs["親"] == pytest.approx(3 * cell, abs=0.01)  # the middle of columns 2-3


def test_text_outside_runs_is_left_alone() -> None:
    raw = _export("plain ascii only")
    assert re.findall(r">plain[^<]*<", fix_cells(raw)) == re.findall(r">plain[^<]*<", raw)


@pytest.mark.parametrize("name", SHOTS)
def test_committed_screenshots_are_fixed(name: str) -> None:
    svg = (ROOT / "docs" / f"screenshot-{name}.svg").read_text(encoding="utf-8")
    assert fix_cells(svg) == svg, "run python tools/screenshot.py"


@pytest.mark.parametrize("name", SHOTS)
def test_no_two_glyphs_overlap_in_chromium(name: str, driver: Any) -> None:  # noqa: F811
    driver.get((ROOT / "docs" / f"screenshot-{name}.svg").as_uri())
    boxes = driver.execute_script(GLYPH_BOXES)
    assert len(boxes) > 200
    lines: dict[str, list[tuple[float, float, str]]] = {}
    for y, x, width, char in boxes:
        lines.setdefault(y, []).append((x, width, char))
    chinese = 0
    for y, glyphs in lines.items():
        glyphs.sort()
        for (x1, w1, c1), (x2, _w2, c2) in zip(glyphs, glyphs[1:], strict=False):
            assert x1 + w1 <= x2 + 0.5, f"{c1!r} overlaps {c2!r} on the line at y={y}"
        for _x, width, char in glyphs:
            if "\u4e00" <= char <= "\u9fff":
                chinese += 1
                assert width >= 15, f"{char!r} drawn {width:.1f}px wide (squeezed)"
    assert chinese > 20
