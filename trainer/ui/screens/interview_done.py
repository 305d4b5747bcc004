"""The candidate's last screen: thanks, and nothing about how it went."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Header, Static

from trainer.store import StoreError
from trainer.ui.context import Context
from trainer.ui.interview_session import InterviewSession, typing_bank
from trainer.ui.screens.lock import unlock_console
from trainer.ui.widgets.key_footer import KeyFooter


class InterviewDoneScreen(Screen[None]):
    """「面試已完成」; F10 hands over to the interviewer (passphrase first)."""

    BINDINGS = [Binding("f10", "interviewer", "面試官", tooltip="面試官輸入密碼後查看評分")]

    def __init__(self, ctx: Context, session: InterviewSession) -> None:
        super().__init__()
        self.ctx = ctx
        self.session = session
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        yield Header()
        with Middle(), Center():
            yield Static(t(f"面試已完成，謝謝您，{self.session.candidate}！\n\n請通知面試官。"),
                         id="iv-done", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("面試")
        self._finish()

    @work(thread=True, group="answer", exit_on_error=False)  # quitting waits for it
    def _finish(self) -> None:
        """Close the session off the UI thread (answers kept after a failed save go in first)."""
        try:
            self.session.finish()
        except StoreError as error:  # it stays open: resuming it later finishes it
            self.app.call_from_thread(self.notify, self.ctx.t(f"無法保存面試結束：{error}。請通知面試官。"),
                                      severity="error", timeout=10)

    def action_interviewer(self) -> None:
        unlock_console(self, self.ctx, self.session.session_id, self._back)

    def _back(self, leave: bool) -> None:
        if leave:
            self.dismiss()


def after_questions(ctx: Context, session: InterviewSession) -> Screen[Any]:
    """What the candidate sees once every question is answered: the typing test, or thanks.

    The thanks screen finishes the interview when nothing is left (a typing test
    that cannot be loaded is skipped rather than stopping the interview).
    """
    if session.needs_typing and typing_bank(ctx.content)[0] is not None:
        from trainer.ui.screens.typing import TypingScreen

        return TypingScreen(ctx, interview=session)
    return InterviewDoneScreen(ctx, session)
