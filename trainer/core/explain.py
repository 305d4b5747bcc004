"""Explaining a score in Chinese: the one-sentence feedback and the text breakdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.core.result import AvoidHit, PointResult, Result

_HOW = {"exact": "原文", "thesaurus": "同義詞", "fuzzy": "近似", "homophone": "同音"}


def feedback_sentence(
    score: int,
    passed: bool,
    caps: Sequence[str],
    points: Sequence[PointResult],
    avoid: Sequence[AvoidHit],
    rude: Sequence[str],
) -> str:
    """One sentence telling the trainee what to do better (or that it was good)."""
    missed = [p.label for p in points if not p.hit]
    if "empty" in caps:
        return "沒有收到回覆內容，請輸入您要對買家說的話。"
    if avoid:
        return f"觸犯規則：{avoid[0].why}"
    if "echo" in caps:
        return "只是重複了買家的話，請針對買家的問題給出處理方式。"
    if rude:
        return f"語氣不禮貌（「{rude[0]}」），先安撫買家，再說明處理方式。"
    if "short" in caps:
        return "回覆太短，請把處理方式和要點說清楚。"
    if passed and not missed:
        return "很好，要點都講到了，語氣也得體。"
    if missed:
        lead = "不錯，" if passed else ""
        return f"{lead}還可以補充：{'、'.join(missed)}。"
    return "要點都提到了，但說法可以更接近標準話術，語氣再親切一些。"


def format_result(result: Result) -> str:
    """A multi-line, human-readable breakdown (``trainer score`` without --json)."""
    verdict = "通過" if result.passed else "未通過"
    lines = [
        f"分數 {result.score}（{verdict}）",
        f"  要點 {result.coverage:.0f} · 相似 {result.similarity:.0f} · 語氣 {result.tone:.0f}",
    ]
    for p in result.points:
        if p.hit:
            how = _HOW.get(p.how or "", p.how or "")
            lines.append(f"  ✓ {p.label}：「{p.matched}」（{how}，對應「{p.phrase}」）")
        else:
            lines.append(f"  ✗ {p.label}")
    for a in result.avoid:
        lines.append(f"  ⚠ 觸犯規則「{a.matched}」：{a.why}")
    for r in result.rude:
        lines.append(f"  ⚠ 不禮貌用語：「{r}」")
    if result.caps and result.caps != ("empty",):
        lines.append(f"  封頂原因：{'、'.join(_CAPS.get(c, c) for c in result.caps)}")
    lines.append(f"  最接近的標準答案：{result.closest_answer}")
    lines.append(f"  建議：{result.feedback}")
    return "\n".join(lines)


_CAPS = {"avoid": "觸犯規則", "echo": "重複買家的話", "short": "回覆太短", "empty": "空白回覆"}
