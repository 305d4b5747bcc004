"""One answer as the interviewer sees it: score (and override), breakdown, flags, notes, model answer."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from trainer.core.dimensions import dimension_values
from trainer.reports.interview import AnswerItem, flag_text, label, local_time
from trainer.ui.text import Display, score_text
from trainer.ui.wrap import para


class AnswerCard(Static):
    """An answer of the interview (attributes down: the report's item)."""

    def __init__(self, item: AnswerItem, display: Display) -> None:
        classes = "answer-card" + (" -follow-up" if item.follow_up else "")
        super().__init__(para(card_text(item, display)), classes=classes, markup=False)
        self.item = item


def card_text(item: AnswerItem, display: Display) -> Text:
    t = display.t
    out = Text()
    out.append(t(f"{label(item)}："), style="bold")
    out.append(display.content(item.turn.prompt), style="bold")
    out.append("\n" + t("答：") + t(item.turn.reply or "（空白）"))
    out.append("\n" + t(f"自動 {score_text(item.auto)}（{'通過' if item.turn.passed else '未通過'}）"), style="bold")
    if item.override:
        o = item.override
        reason = f"：{o.reason}" if o.reason else ""
        out.append(t(f" → 面試官 {score_text(o.score)}（{o.reviewer} {local_time(o.at)[5:]}{reason}）"),
                   style="bold blue")
    dims = " · ".join(f"{d.label} {score_text(value)}" for d, value in dimension_values(item.result))
    out.append("　" + t(dims), style="dim")
    marks = [f"✓{lbl}「{m}」" if m else f"✓{lbl}" for lbl, m in item.hit] + [f"✗{m}" for m in item.missed]
    if marks:
        out.append("\n" + t("　".join(marks)))
    for hit in item.signals:
        out.append("\n" + t(f"⚠ {hit.mark()}"), style="bold red")
    if item.flags:
        out.append("\n" + t(f"⚠ 標記：{flag_text(item.flags)}"), style="bold red")
    for n in item.notes:
        out.append("\n" + t(f"備註（{n.reviewer}）：{n.note}"), style="italic")
    for i, model in enumerate(item.model_answers, 1):
        number = f" {i}" if len(item.model_answers) > 1 else ""
        out.append("\n" + t(f"參考答案{number}："), style="bold")
        out.append(display.content(model), style="dim")
    return out
