"""A typing test's result in words, with every error highlighted (not by colour alone)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from trainer.ui.text import clock_text, rate_text

if TYPE_CHECKING:
    from trainer.core.typing_test import Mark

WRONG = "bold reverse red"  # reverse video: readable without colour too
MISSING = "bold underline yellow"
UNREACHED = "dim"
FLAG_WORDS = {"pasted": "貼上的文字", "too_fast": "打字速度不合理", "timed_out": "時間到"}


def summary(cpm: float, accuracy: float, seconds: float, errors: int, passed: bool,
            pass_cpm: float, pass_accuracy: float, flags: Sequence[str],
            t: Callable[[str], str]) -> Text:
    """「82 字/分鐘 · 正確率 97.5% · 用時 1:12 · 錯 2 處 · 通過」 and the pass mark."""
    out = Text()
    speed = f"{rate_text(cpm)} 字/分鐘 · 正確率 {rate_text(accuracy)}%"
    out.append(t(f"{speed} · 用時 {clock_text(seconds)} · 錯 {errors} 處 · "), style="bold")
    out.append(t("通過") if passed else t("未通過"), style="bold green" if passed else "bold red")
    out.append(t(f"（及格：{rate_text(pass_cpm)} 字/分鐘、正確率 {rate_text(pass_accuracy)}%）"), style="dim")
    if flags:
        out.append("\n" + t("⚠ " + "、".join(FLAG_WORDS.get(f, f) for f in flags)), style="bold")
    return out


def marks_text(marks: Sequence[Mark], t: Callable[[str], str]) -> Text:
    """The passage with errors marked: 字〔打成〕 wrong, 字〔漏〕 missing, 〔+多打〕 extra, dim untyped."""
    out = Text()
    out.append(t("原文對照：") + "\n", style="bold")
    for m in marks:
        if m.kind == "ok":
            out.append(t(m.expected))
        elif m.kind == "wrong":
            out.append(t(m.expected) or "□", style=WRONG)
            out.append(f"〔{t(m.typed) or '□'}〕", style="red")
        elif m.kind == "missing":
            out.append(t(m.expected), style=MISSING)
            out.append(t("〔漏〕"), style="yellow")
        elif m.kind == "extra":
            out.append(f"〔+{t(m.typed)}〕", style=WRONG)
        else:
            out.append(t(m.expected), style=UNREACHED)
    out.append("\n" + t("反白＝打錯（〔〕內是打成的字）· 底線〔漏〕＝漏打 · 〔+字〕＝多打 · 淡色＝沒打到"),
               style="dim")
    return out


class TypingMarks(Static):
    """The highlighted passage of one test (attributes down: the marks)."""

    def __init__(self, marks: Sequence[Mark], t: Callable[[str], str], *, id: str | None = None) -> None:
        super().__init__(marks_text(marks, t), id=id, classes="typing-marks")
