"""Coach-mode feedback on one reply: score, points hit and missed, broken rules, model answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from trainer.core.result import MISSTATED
from trainer.ui.text import Display
from trainer.ui.wrap import para

if TYPE_CHECKING:
    from trainer.core.dialogue import Turn


class FeedbackPanel(Static):
    """The scorer's verdict on a turn, in words; ``answer=False`` hides the model answer."""

    def __init__(self, turn: Turn, display: Display, *, answer: bool = True) -> None:
        super().__init__(para(feedback_text(turn, display, answer=answer)), markup=False,
                         classes="feedback -pass" if turn.result.passed else "feedback -fail")
        self.turn = turn


def feedback_text(turn: Turn, display: Display, *, answer: bool = True) -> Text:
    t = display.t
    r = turn.result
    out = Text()
    verdict = t("通過") if r.passed else t("未通過")
    out.append(t(f"分數 {turn.score}（{verdict}）"), style="bold")
    if turn.hints:
        out.append(t(f"  用了 {turn.hints} 次提示，原始分數 {r.score}"), style="dim")
    for p in r.points:
        if p.hit:
            out.append("\n✓ ", style="bold green")
            out.append(t(f"{p.label}「{p.matched}」") if p.matched else t(p.label))
        else:
            out.append("\n✗ ", style="bold red")
            said = p.how == MISSTATED and p.matched
            out.append(t(f"{p.label}（說錯了「{p.matched}」）") if said else t(f"{p.label}（沒提到）"))
    for hit in r.signals:  # broken rules, insults, rudeness, caps: the registry's order
        if not hit.listed:
            continue
        out.append("\n" + t(f"✗ {hit.label}"), style="bold red")
        out.append(t(hit.detail()))
    out.append("\n" + t(f"建議：{r.feedback}"))
    if answer:
        out.append("\n" + t("參考答案："), style="bold")
        out.append(display.content(r.closest_answer))
    return out
