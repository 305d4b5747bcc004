"""A trainee's typing-test result: speed, accuracy, time, pass or not, every error highlighted.

If the test counts for a typing assignment (docs/assignments.md), its progress
shows under the summary, read in a worker, with any certificate it completes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from trainer.ui.context import Context
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.widgets.typing_marks import TypingMarks, summary

if TYPE_CHECKING:
    from trainer.core.typing_test import Passage, TypingBank, TypingResult


class TypingResultScreen(Screen[None]):
    """The result of one test; ``r`` the same passage again, ``n`` another one."""

    AUTO_FOCUS = "#ty-result"
    BINDINGS = [
        Binding("r", "again", "再測一次", tooltip="同一段再打一次"),
        Binding("n", "next", "換一段", tooltip="隨機換一段再測"),
        Binding("escape", "back", "返回", tooltip="回到上一頁"),
    ]

    def __init__(self, ctx: Context, bank: TypingBank, passage: Passage, result: TypingResult) -> None:
        super().__init__()
        self.ctx = ctx
        self.bank = bank
        self.passage = passage
        self.result = result
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t, r, mark = self.ctx.t, self.result, self.bank.pass_mark
        yield Header()
        with VerticalScroll(id="ty-result"):
            yield Static(summary(r.cpm, r.accuracy, r.seconds, r.errors, r.passed, mark.cpm,
                                 mark.accuracy, r.flags, t), id="ty-summary", markup=False)
            if not r.completed and "timed_out" not in r.flags:
                yield Static(t(f"只打到第 {r.reached} 字（共 {r.length} 字）：要打完整段才算通過。"),
                             classes="hint-line", markup=False)
            yield Static("", id="assign-progress", markup=False)
            yield TypingMarks(r.marks, t, id="ty-marks")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t(f"打字測驗結果：{self.passage.title}")
        self.query_one("#assign-progress").display = False
        self._assignments()

    @work(thread=True, exclusive=True, group="assigned")
    def _assignments(self) -> None:
        """A typing assignment's progress, and any certificate this test completes (off the UI thread)."""
        from trainer.ui.screens.home_assigned import show_attempt_lines

        show_attempt_lines(self, self.ctx, "typing", self.passage.id, "打字", None)

    def action_again(self) -> None:
        from trainer.ui.screens.typing import TypingScreen

        self.app.switch_screen(TypingScreen(self.ctx, self.bank, self.passage))

    def action_next(self) -> None:
        from trainer.ui.interview_session import draw_seed
        from trainer.ui.screens.typing import TypingScreen

        others = [p for p in self.bank.passages if p.id != self.passage.id] or [self.passage]
        choice = others[draw_seed() % len(others)]
        self.app.switch_screen(TypingScreen(self.ctx, self.bank, choice))

    def action_back(self) -> None:
        self.dismiss()
