"""Small inline SVG charts for the HTML reports: a score trend, horizontal bars, vertical columns.

Each function returns one ``<svg>`` element as text, sized in CSS pixels with a
``viewBox`` so it scales with the page, with a ``<title>`` for screen readers.
Values are always printed beside their marks, so the charts read in black and
white; colours come from CSS classes the report's stylesheet defines
(``.good``/``.fair``/``.weak``). Text is escaped; CJK labels are drawn by the
browser with the page's font stack, so they are measured correctly.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from trainer.reports.words import level

Point = tuple[str, float | None]  # (x label, value or None for a gap)


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" class="chart"><title>{escape(title)}</title>'
            + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "start") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>{escape(text)}</text>'


def trend(points: Sequence[Point], title: str, *, pass_mark: float | None = 60.0,
          width: int = 640, height: int = 220) -> str:
    """A 0–100 line chart: a dot per point, the line broken at gaps, a dashed pass mark."""
    left, right, top, bottom = 36, 12, 12, 28
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(1, len(points) - 1)

    def y(value: float) -> float:
        return top + inner_h * (1 - max(0.0, min(100.0, value)) / 100)

    body = []
    for tick in (0, 20, 40, 60, 80, 100):
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="grid"/>')
        body.append(_text(left - 6, y(tick) + 4, str(tick), "axis", "end"))
    if pass_mark is not None:
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(pass_mark):.1f}" '
                    f'y2="{y(pass_mark):.1f}" class="pass"/>')
    segment: list[str] = []
    for i, (_label, value) in enumerate(points):
        if value is None:
            body.append(_polyline(segment))
            segment = []
            continue
        x = left + i * step if len(points) > 1 else left + inner_w / 2
        segment.append(f"{x:.1f},{y(value):.1f}")
        body.append(f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="2.5" class="dot {level(value)[1]}">'
                    f"<title>{escape(points[i][0])}：{value:.0f}</title></circle>")
    body.append(_polyline(segment))
    body += _x_labels(points, left, step, height - 8)
    return _svg(width, height, title, body)


def _polyline(segment: list[str]) -> str:
    return f'<polyline points="{" ".join(segment)}" class="line"/>' if len(segment) > 1 else ""


def _x_labels(points: Sequence[Point], left: float, step: float, y: float) -> list[str]:
    """At most six evenly spread x labels, always the first and the last."""
    if not points:
        return []
    count = len(points)
    picks = sorted({round(i * (count - 1) / 5) for i in range(6)}) if count > 6 else range(count)
    anchors = {0: "start", count - 1: "end"}
    return [_text(left + i * step, y, points[i][0], "axis", anchors.get(i, "middle")) for i in picks]


def bars(rows: Sequence[tuple[str, float | None]], title: str, *, maximum: float = 100.0,
         width: int = 640, label_width: int = 200, row_height: int = 24, levels: bool = True) -> str:
    """Horizontal bars, one per row: the label on the left, the value at the bar's end.

    With ``levels`` (0–100 scores) each bar carries its mastery class; otherwise
    (counts) every bar is plain.
    """
    height = max(1, len(rows)) * row_height + 8
    span = width - label_width - 48
    body = []
    for i, (label, value) in enumerate(rows):
        top = 4 + i * row_height
        body.append(_text(label_width - 8, top + row_height * 0.65, label, "label", "end"))
        if value is None:
            body.append(_text(label_width, top + row_height * 0.65, "—", "value"))
            continue
        length = span * max(0.0, min(maximum, value)) / (maximum or 1)
        cls = level(value)[1] if levels else "plain"
        body.append(f'<rect x="{label_width}" y="{top + 4}" width="{length:.1f}" height="{row_height - 8}" '
                    f'class="bar {cls}"/>')
        body.append(_text(label_width + length + 6, top + row_height * 0.65, f"{value:.0f}", "value"))
    return _svg(width, height, title, body)


def columns(points: Sequence[tuple[str, float]], title: str, *, width: int = 640,
            height: int = 160) -> str:
    """Vertical columns of counts (sessions per day or week), the highest labelled."""
    left, bottom, top = 8, 24, 16
    inner_h = height - top - bottom
    peak = max((v for _, v in points), default=0) or 1
    step = (width - 2 * left) / max(1, len(points))
    body = [f'<line x1="{left}" x2="{width - left}" y1="{height - bottom}" y2="{height - bottom}" class="grid"/>']
    for i, (label, value) in enumerate(points):
        h = inner_h * value / peak
        x = left + i * step
        body.append(f'<rect x="{x + step * 0.1:.1f}" y="{height - bottom - h:.1f}" width="{step * 0.8:.1f}" '
                    f'height="{h:.1f}" class="column"><title>{escape(label)}：{value:g}</title></rect>')
        if value == peak:
            body.append(_text(x + step / 2, height - bottom - h - 4, f"{value:g}", "value", "middle"))
    body += _x_labels([(label, None) for label, _ in points], left + step / 2, step, height - 6)
    return _svg(width, height, title, body)
