"""One stored reply as a reviewer reads it: the buyer's line and the reply as chat bubbles, then
the breakdown — automatic score, the override that counts, points, rules, comments — wrapped
by the CJK rule (``trainer.ui.wrap``), scores whole (``score_text``).

``marks_text`` (the overrides and comments of a reply) is shared with the trainee's own
history screen, so both read the same words.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from trainer.core.dimensions import dimension_values, signal_hits
from trainer.reports.words import local_time
from trainer.services.review import TurnMarks
from trainer.store import SessionRow, TurnRow
from trainer.ui.text import Display, score_text
from trainer.ui.widgets.message_bubble import MessageBubble
from trainer.ui.wrap import para


def points_of(result: dict[str, Any]) -> tuple[list[tuple[str, str]], list[str]]:
    """(label, matched words) of each point hit, and the labels missed, from a stored result."""
    points = result.get("points") if isinstance(result, dict) else None
    if not isinstance(points, dict):
        return [], []
    hit = [(str(h.get("label", "")), str(h.get("matched") or "")) if isinstance(h, dict) else (str(h), "")
           for h in points.get("hit") or ()]
    return hit, [str(m.get("label") if isinstance(m, dict) else m) for m in points.get("missed") or ()]


def marks_text(marks: TurnMarks | None, display: Display, automatic: float) -> Text:
    """「主管改分 85（自動 62）· 王主管 · 時間：理由」 and every comment, literal; empty without marks."""
    out = Text()
    if marks is None:
        return out
    t = display.t
    if marks.override is not None:
        o = marks.override
        reason = f"：{o.reason}" if o.reason else ""
        head = f"主管改分 {score_text(o.score)}（自動 {score_text(automatic)}）· {o.reviewer} {local_time(o.at)}"
        out.append("\n" + t(head) + t(reason), style="bold blue")
        if len(marks.overrides) > 1:
            out.append(t(f"（共改過 {len(marks.overrides)} 次）"), style="dim")
    for note in marks.notes:
        out.append("\n" + t(f"主管評語（{note.reviewer} {local_time(note.at)}）：") + t(note.note), style="italic")
    return out


def breakdown_text(turn: TurnRow, marks: TurnMarks | None, display: Display) -> Text:
    t = display.t
    out = Text()
    counted = marks.counted(turn.score) if marks else turn.score
    verdict = "通過" if turn.passed else "未通過"
    out.append(t(f"第 {turn.index + 1} 句　採計 {score_text(counted)}　自動 {score_text(turn.score)}（{verdict}）"),
               style="bold")
    if turn.hints:
        out.append(t(f"　提示 {turn.hints} 次，原始 {score_text(turn.raw_score)}"), style="dim")
    dims = " · ".join(f"{d.label} {score_text(value)}" for d, value in dimension_values(turn.result))
    out.append("　" + t(dims), style="dim")
    hit, missed = points_of(turn.result)
    marks_line = [f"✓{label}「{m}」" if m else f"✓{label}" for label, m in hit] + [f"✗{m}" for m in missed]
    if marks_line:
        out.append("\n" + t("　".join(marks_line)))
    for signal in signal_hits(turn.result):
        if signal.listed:
            out.append("\n" + t(f"⚠ {signal.mark()}"), style="bold red")
    out.append(marks_text(marks, display, turn.score))
    return out


class ReviewCard(Vertical):
    """A reply of the session under review (attributes down: the stored rows)."""

    DEFAULT_CSS = """
    ReviewCard { height: auto; margin-top: 1; padding: 0 1; border-left: outer $primary-muted; }
    ReviewCard.-selected { border-left: thick $accent; background: $boost; }
    ReviewCard .review-breakdown { height: auto; }
    """

    def __init__(self, session: SessionRow, turn: TurnRow, marks: TurnMarks | None, view: Display,
                 buyer: str) -> None:
        super().__init__(classes="review-card")
        self.session = session
        self.turn = turn
        self.marks = marks
        self.view = view
        self.buyer = buyer

    def compose(self) -> ComposeResult:
        t = self.view.t
        yield MessageBubble("buyer", t(self.buyer), self.view.content(self.turn.prompt))
        yield MessageBubble("trainee", t(self.session.user), t(self.turn.reply or "（空白）"),
                            local_time(self.turn.created_at)[11:])
        yield Static(para(breakdown_text(self.turn, self.marks, self.view)), classes="review-breakdown",
                     markup=False)
