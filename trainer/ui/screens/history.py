"""A past session, read-only: every line of the transcript with its score and what it hit and missed.

Built from the stored rows alone (the scenario may have changed or gone since):
the session's summary, then each turn — the buyer's line or the question, the
reply, its score, the key points hit ✓ and missed ✗, broken rules ⚠, hints
used, time taken and the scorer's advice. Model answers show only where the
trainee saw them at the time (coach mode), never for exams and interviews.
A manager's comments and score overrides (docs/review.md) show under the reply
they are about, with who and when; the score that counts is the override's.
Nothing here can change the record; Esc goes back.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from trainer.core.dimensions import signal_hits
from trainer.reports.words import KIND_WORDS, OUTCOME_WORDS, STATUS_WORDS, duration_text, local_time
from trainer.services import review as service
from trainer.store import SessionRow, StoreError, TurnRow
from trainer.ui.context import Context
from trainer.ui.text import MODE_NAMES, rate_text, score_text
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.widgets.review_card import marks_text
from trainer.ui.wrap import para


def _points(result: dict[str, Any]) -> tuple[list[str], list[str]]:
    points = result.get("points") if isinstance(result, dict) else None
    if not isinstance(points, dict):
        return [], []
    hit = [str(h.get("label") if isinstance(h, dict) else h) for h in points.get("hit") or ()]
    return hit, [str(m) for m in points.get("missed") or ()]


class HistoryScreen(Screen[None]):
    """One stored session, read-only (see the module docstring)."""

    AUTO_FOCUS = "#hs-body"
    BINDINGS = [
        Binding("escape", "back", "返回", tooltip="回到進度"),
        Binding("pageup", "scroll(-1)", "上翻", show=False),
        Binding("pagedown", "scroll(1)", "下翻", show=False),
    ]

    def __init__(self, ctx: Context, session_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.session_id = session_id
        self.marks: dict[int, service.TurnMarks] = {}
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="hs-body"):
            yield Static(self.ctx.t("載入中…"), id="hs-summary", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._read()

    @work(thread=True, exclusive=True)
    def _read(self) -> None:
        """The stored rows, off the UI thread (a shared store may be a network away)."""
        try:
            row = self.ctx.store.session(self.session_id)
            turns = self.ctx.store.turns(self.session_id)
            marks = service.read(self.ctx.store, self.session_id).marks
        except StoreError as error:
            self.app.call_from_thread(self._show_error, str(error))
            return
        self.app.call_from_thread(self._show, row, turns, marks)

    def _show_error(self, message: str) -> None:
        self.query_one("#hs-summary", Static).update(Text(self.ctx.t(message)))

    def _show(self, row: SessionRow, turns: list[TurnRow], marks: dict[int, service.TurnMarks]) -> None:
        self.marks = marks
        self.title = self.ctx.t("紀錄：" + (row.item_title or row.item_id))
        self.query_one("#hs-summary", Static).update(para(self._summary(row, turns)))
        body = self.query_one("#hs-body", VerticalScroll)
        lines = [Static(para(self._turn(row, turn)), classes="hs-turn", markup=False) for turn in turns]
        if not turns:
            lines.append(Static(self.ctx.t("（這次沒有回覆）"), classes="hs-turn", markup=False))
        body.mount_all(lines)

    def _summary(self, row: SessionRow, turns: list[TurnRow]) -> Text:
        t = self.ctx.t
        kind = KIND_WORDS.get(row.kind, row.kind)
        mode = MODE_NAMES.get(row.mode or "", "")
        state = (OUTCOME_WORDS.get(row.outcome or "", row.outcome or "已完成") if row.status == "finished"
                 else STATUS_WORDS.get(row.status, row.status))
        out = Text(t(row.item_title or row.item_id), style="bold")
        score = f"速度 {rate_text(row.score)} 字/分鐘" if row.kind == "typing" else f"分數 {score_text(row.score)}"
        overridden = any(m.override for m in self.marks.values())
        if overridden and row.kind != "typing":
            score += f"（含主管改分；自動 {score_text(service.SessionReview(row, turns, self.marks).automatic_total)}）"
        parts = [kind, mode, state, score, f"共 {len(turns)} 句"]
        out.append("\n" + t(" · ".join(p for p in parts if p)))
        out.append("\n" + t(f"開始 {local_time(row.started_at)}"
                            + (f"　結束 {local_time(row.finished_at)}" if row.finished_at else "")))
        out.append("\n" + t("（唯讀紀錄：只能查看，不會改動）"), style="dim")
        return out

    def _speaker(self, row: SessionRow) -> tuple[str, str]:
        if row.kind == "interview":
            return "面試官", "答"
        if row.kind == "typing":
            return "範文", "打出"
        scenario = self.ctx.content.scenarios.get(row.item_id) if self.ctx.content else None
        return (scenario.buyer.name if scenario else "買家"), "你"

    def _turn(self, row: SessionRow, turn: TurnRow) -> Text:
        t, content = self.ctx.t, self.ctx.display.content
        asker, answerer = self._speaker(row)
        out = Text()
        if row.kind == "typing":
            out.append(t(f"速度 {rate_text(turn.cpm)} 字/分鐘　用時 {duration_text(turn.latency)}"), style="bold")
        else:
            verdict = "通過" if turn.passed else "未通過"
            out.append(t(f"第 {turn.index + 1} 句　分數 {score_text(turn.score)}（{verdict}）"), style="bold")
            extras = [f"用時 {duration_text(turn.latency)}"] + ([f"提示 {turn.hints} 次"] if turn.hints else [])
            out.append(t("　" + " · ".join(extras)), style="dim")
        out.append("\n" + t(f"{asker}：") + content(turn.prompt))
        out.append("\n" + t(f"{answerer}：") + t(turn.reply or "（空白）"))
        out.append(self._marks(turn))
        out.append(marks_text(self.marks.get(turn.index), self.ctx.display, turn.score))
        answer = turn.result.get("closest_answer") if isinstance(turn.result, dict) else None
        if answer and row.kind == "practice" and row.mode != "exam":
            out.append("\n" + t("參考答案："), style="bold")
            out.append(content(str(answer)))
        feedback = turn.result.get("feedback") if isinstance(turn.result, dict) else None
        if feedback and row.mode != "exam" and row.kind == "practice":
            out.append("\n" + t("建議：") + t(str(feedback)), style="italic")
        return out

    def _marks(self, turn: TurnRow) -> str:
        hit, missed = _points(turn.result)
        marks = [f"✓{label}" for label in hit] + [f"✗{label}" for label in missed]
        marks += [f"⚠{hit.mark()}" for hit in signal_hits(turn.result) if hit.listed]
        return "\n" + self.ctx.t("　".join(marks)) if marks else ""

    def action_scroll(self, pages: int) -> None:
        body = self.query_one("#hs-body", VerticalScroll)
        if pages < 0:
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    def action_back(self) -> None:
        self.dismiss()
