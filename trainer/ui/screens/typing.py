"""The typing test (打字測驗): type a customer-service passage as fast and as exactly as you can.

The clock starts with the first committed character (an input method hands
over finished characters, so composing pinyin is not counted as typing) and
stops at Enter or when the time limit runs out. The result is measured by
``trainer.core.typing_test.measure`` and committed at once.

A trainee (``interview=None``) then sees the result with every error
highlighted. A candidate (part of an interview) sees no result: the test is
saved under their name, linked to the interview, and the thank-you screen
follows; F10 hands over to the interviewer as on the interview screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static, TextArea

from trainer.store import StoreError
from trainer.ui.context import Context
from trainer.ui.interview_session import InterviewSession, draw_seed, save_typing, typing_bank
from trainer.ui.messages import ReplySubmitted
from trainer.ui.screens.lock import unlock_console
from trainer.ui.widgets.countdown import Countdown
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.widgets.reply_box import ReplyBox, TypingBox
from trainer.ui.wrap import para

if TYPE_CHECKING:
    from trainer.core.typing_test import Passage, TypingBank, TypingResult


class TypingScreen(Screen[None]):
    """One typing test (see the module docstring)."""

    AUTO_FOCUS = "#reply"
    BINDINGS = [
        Binding("escape", "leave", "離開", tooltip="不測了，回到上一頁（不保存）"),
        Binding("f10", "interviewer", "面試官", tooltip="面試官輸入密碼後查看或暫停"),
    ]

    def __init__(self, ctx: Context, bank: TypingBank | None = None, passage: Passage | None = None,
                 *, interview: InterviewSession | None = None, seed: int | None = None) -> None:
        super().__init__()
        from trainer.core.typing_test import TypingTrace

        self.ctx = ctx
        self.interview = interview
        self.bank = bank or _require(typing_bank(ctx.content)[0])
        planned = self.bank.get(interview.plan.passage or "") if interview else None
        self.passage = passage or planned or self.bank.draw(draw_seed() if seed is None else seed)
        self.user = interview.candidate if interview else ctx.user
        self.trace = TypingTrace()
        self.result: TypingResult | None = None
        self.paused_at: float | None = None
        self._paused = 0.0  # seconds the interviewer held the screen
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        yield Header()
        with Horizontal(id="ty-status"):
            yield Static(id="ty-count", markup=False)
            yield Countdown(self.ctx.display, self.bank.time_limit, id="ty-countdown")
        with VerticalScroll(id="ty-body"):
            yield Static(para(t("請照著下面這段話打字，打完按 Enter。第一個字出現時開始計時。")),
                         classes="hint-line", markup=False)
            yield Static(para(self.ctx.display.content(self.passage.text)), id="ty-passage", markup=False)
        box = TypingBox(t("在這裡打字：打完按 Enter"), id="reply")
        self.ctx.display.bindings(box)
        yield box
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t(f"打字測驗：{self.passage.title}")
        self._count("")
        if self.ctx.config.tick > 0:
            self.set_interval(self.ctx.config.tick, self.tick)

    def _count(self, text: str) -> None:
        from trainer.core.typing_test import characters

        total = len(characters(self.passage.text))
        self.query_one("#ty-count", Static).update(
            self.ctx.t(f"已打 {len(characters(text))} / {total} 字"))

    @on(TextArea.Changed, "#reply")
    def _typing(self, event: TextArea.Changed) -> None:
        self.trace.add(self.ctx.config.clock(), event.text_area.text)
        self._count(event.text_area.text)

    def _elapsed(self) -> float:
        started = self.trace.started
        if started is None:
            return 0.0
        return max(0.0, self.ctx.config.clock() - started - self._paused)

    def tick(self) -> None:
        """Update the countdown; at zero the test ends with what has been typed."""
        if self.result is not None or self.paused_at is not None:
            return
        left = self.bank.time_limit - self._elapsed()
        self.query_one(Countdown).left = max(0.0, left)
        if left <= 0:
            self._finish(timed_out=True)

    @on(ReplySubmitted)
    def _submitted(self, message: ReplySubmitted) -> None:
        message.stop()
        if self.result is not None or self.paused_at is not None or not message.text.strip():
            self.app.bell()
            return
        self._finish(timed_out=False)

    def _finish(self, *, timed_out: bool) -> None:
        from trainer.core.typing_test import measure

        box = self.query_one(ReplyBox)
        self.result = measure(self.passage, box.text, self._elapsed(), self.bank.pass_mark,
                              pasted=box.pasted, timed_out=timed_out, peak=self.trace.peak())
        box.disabled = True
        self._save(box.text, self.result)

    @work(thread=True, group="answer", exit_on_error=False)  # quitting waits for it
    def _save(self, typed: str, result: TypingResult) -> None:
        """Commit the test off the UI thread, then show what comes next."""
        session_id = self.interview.session_id if self.interview else None
        try:
            save_typing(self.ctx.store, self.user, self.passage, typed, result, self.bank, session_id)
        except StoreError as error:
            self.app.call_from_thread(self.notify, self.ctx.t(f"無法保存打字測驗：{error}"),
                                      severity="error", timeout=10)
            return
        if self.interview is not None:
            self.interview.typing_done = True
        self.app.call_from_thread(self._saved, result)

    def _saved(self, result: TypingResult) -> None:
        if self.interview is not None:  # the thanks screen finishes the interview
            from trainer.ui.screens.interview_done import InterviewDoneScreen

            self.app.switch_screen(InterviewDoneScreen(self.ctx, self.interview))
            return
        from trainer.ui.screens.typing_result import TypingResultScreen

        self.app.switch_screen(TypingResultScreen(self.ctx, self.bank, self.passage, result))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A candidate cannot leave, only hand over to the interviewer; a trainee has no interviewer.
        if action == "leave":
            return self.interview is None
        if action == "interviewer":
            return self.interview is not None
        return True

    def action_leave(self) -> None:
        if self.interview is None:
            self.dismiss()

    def action_interviewer(self) -> None:
        if self.interview is None:
            return
        if self.paused_at is None:
            self.paused_at = self.ctx.config.clock()
        unlock_console(self, self.ctx, self.interview.session_id, self._back)

    def _back(self, leave: bool) -> None:
        if self.paused_at is not None:
            if self.trace.started is not None:
                self._paused += self.ctx.config.clock() - self.paused_at
            self.paused_at = None
        if leave:
            self.dismiss()
        else:
            self.query_one(ReplyBox).focus()


def _require(bank: TypingBank | None) -> TypingBank:
    if bank is None:
        raise RuntimeError("the typing passages cannot be loaded (see `typing_passages.yaml`)")
    return bank
