"""Explaining a score in Chinese: the one-sentence feedback and the text breakdown.

Both loop over the registry (``trainer.core.dimensions``): nothing here names
a dimension or a signal, so a new one needs no change in this file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from trainer.core.dimensions import DIMENSIONS, SIGNAL_BY_NAME, SignalHit
from trainer.core.result import MISSTATED

if TYPE_CHECKING:
    from trainer.core.result import PointResult, Result

# How a key point was matched (PointResult.how), in words; an unknown `how`
# shows as itself, so a new kind of match only needs a row here.
HOW_LABELS: dict[str, str] = {
    "exact": "原文",
    "thesaurus": "同義詞",
    "fuzzy": "近似",
    "homophone": "同音字",
}


def how_label(how: str | None) -> str:
    return HOW_LABELS.get(how or "", how or "")


def feedback_sentence(
    passed: bool,
    signals: Sequence[SignalHit],
    points: Sequence[PointResult],
    kind: str = "chat",
    dimensions: Mapping[str, float] | None = None,
) -> str:
    """One sentence telling the trainee what to do better (or that it was good).

    The most important signal speaks first (``signals`` is in registry order);
    without one, the missed key points do, then a dimension below its ``low``
    mark (so "good" never contradicts the figures shown beside it).
    """
    if signals:
        return signals[0].advice(kind)
    missed = [p.label for p in points if not p.hit]
    if passed and not missed:
        low = [d for d in DIMENSIONS if d.low is not None and (dimensions or {}).get(d.name, 100.0) < d.low]
        return f"要點都講到了；{low[0].advice}" if low else "很好，要點都講到了，語氣也得體。"
    if missed:
        lead = "不錯，" if passed else ""
        return f"{lead}還可以補充：{'、'.join(missed)}。"
    return "要點都提到了，但說法可以更接近標準話術，語氣再親切一些。"


def format_result(result: Result) -> str:
    """A multi-line, human-readable breakdown (``trainer score`` without --json)."""
    verdict = "通過" if result.passed else "未通過"
    dims = " · ".join(f"{d.label} {result.dimensions.get(d.name, 0.0):.0f}" for d in DIMENSIONS)
    lines = [f"分數 {result.score}（{verdict}）", f"  {dims}"]
    for p in result.points:
        if p.hit:
            lines.append(f"  ✓ {p.label}：「{p.matched}」（{how_label(p.how)}，對應「{p.phrase}」）")
        elif p.how == MISSTATED:
            lines.append(f"  ✗ {p.label}：說錯了「{p.matched}」")
        else:
            lines.append(f"  ✗ {p.label}")
    lines += [f"  ⚠ {hit.mark()}" for hit in result.signals if hit.listed]
    if result.caps and result.caps != ("empty",):
        lines.append(f"  封頂原因：{'、'.join(cap_label(c) for c in result.caps)}")
    lines.append(f"  最接近的標準答案：{result.closest_answer}")
    lines.append(f"  建議：{result.feedback}")
    return "\n".join(lines)


def cap_label(name: str) -> str:
    found = SIGNAL_BY_NAME.get(name)
    return found.label if found else name
