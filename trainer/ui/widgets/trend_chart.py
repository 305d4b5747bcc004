"""A 0–100 score trend drawn with block characters: one column per point, a y axis, the pass mark.

Attributes down: the screen sets ``points`` (label, score or None) and
``pass_mark``; the widget draws what fits, the newest points on the right. The
labels under the axis are ASCII dates, so CJK width never shifts them; the
Chinese caption lives in a ``Static`` beside it. Heights carry the meaning (a
dotted line marks the pass mark), so it reads without colour; colour only adds
the mastery level of each column.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"
AXIS = 4  # "100┤"
Point = tuple[str, float | None]


def _style(value: float, pass_mark: float) -> str:
    if value >= 80:
        return "green"
    return "orange3" if value >= pass_mark else "red"


def _cell(value: float | None, top: float, bottom: float) -> str:
    """The block for ``value`` in the row spanning ``bottom``..``top``."""
    if value is None or value <= bottom:
        return " "
    if value >= top:
        return "█"
    return BLOCKS[max(1, min(8, round((value - bottom) / (top - bottom) * 8)))]


def draw(points: Sequence[Point], width: int, height: int, pass_mark: float = 60.0) -> Text:
    """The chart as text, ``height`` lines of ``width`` cells (the last line holds the x labels)."""
    rows = max(2, height - 1)
    room = max(1, width - AXIS)
    step = max(1, min(3, room // max(1, len(points))))
    shown = list(points)[-(room // step):] if points else []
    if not any(v is not None for _, v in shown):
        return Text("（還沒有分數）".center(max(0, width - 6)), style="dim")
    out = Text()
    pass_row = min(rows - 1, int((100 - pass_mark) / 100 * rows))
    for r in range(rows):
        top, bottom = 100 * (rows - r) / rows, 100 * (rows - r - 1) / rows
        label = "100" if r == 0 else f"{pass_mark:.0f}" if r == pass_row else "  0" if r == rows - 1 else ""
        out.append(label.rjust(3) + ("┤" if label else "│"), style="dim")
        for _, value in shown:
            glyph = _cell(value, top, bottom)
            if glyph == " " and r == pass_row:
                out.append("┈" * step, style="dim")
            else:
                style = _style(value, pass_mark) if value is not None else ""
                out.append((glyph * max(1, step - 1)) + (" " if step > 1 else ""), style=style)
        out.append("\n")
    out.append(_x_axis(shown, step, width), style="dim")
    return out


def _x_axis(shown: Sequence[Point], step: int, width: int) -> str:
    """The first and last labels under their columns (ASCII, so widths are exact)."""
    if not shown:
        return ""
    first, last = shown[0][0], shown[-1][0]
    span = len(shown) * step
    if len(shown) == 1:
        return (" " * AXIS + last)[:width]
    if span < len(first) + len(last) + 1:  # too few columns to put each under its own
        return (" " * AXIS + f"{first} ~ {last}")[:width]
    return (" " * AXIS + first + " " * (span - len(first) - len(last)) + last)[:width]


class TrendChart(Widget):
    """Scores over time (see the module docstring)."""

    DEFAULT_CSS = """
    TrendChart {
        height: 9;
    }
    """

    points: reactive[tuple[Point, ...]] = reactive(())
    pass_mark: reactive[float] = reactive(60.0)

    def render(self) -> Text:
        return draw(self.points, self.size.width, self.size.height, self.pass_mark)
