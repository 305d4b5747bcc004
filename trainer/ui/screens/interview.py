"""The candidate's view of an interview: one question at a time, a countdown, nothing else.

Shows 「第 3 題，共 8 題」, the question (or follow-up) as asked, the time left
and the answer box. It never shows a score, a key point, a model answer or
another candidate: its only keys are Enter (send), Ctrl+J (new line) and F10,
which asks for the interviewer passphrase before the console opens. Each
answer is scored and committed in a worker thread; when the time runs out the
answer is committed as it stands (flagged 超時). Pasted text and impossible
typing speeds are flagged. After the last question comes the typing test (if
the plan has one), then a thank-you screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static, TextArea

from trainer.ui.context import Context
from trainer.ui.interview_session import InterviewSession
from trainer.ui.messages import ReplySubmitted
from trainer.ui.screens.lock import unlock_console
from trainer.ui.widgets.countdown import Countdown
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.widgets.reply_box import ReplyBox
from trainer.ui.wrap import para

if TYPE_CHECKING:
    from trainer.core.interview import Ask, Given
    from trainer.core.typing_test import TypingTrace


@dataclass
class AnswerSaved(Message):
    """A worker committed an answer (the screen moves on; it shows nothing of the score)."""


@dataclass
class AnswerFailed(Message):
    """A worker could not score or save an answer; ``error`` says why."""

    error: str


class InterviewScreen(Screen[None]):
    """The candidate's view (see the module docstring)."""

    AUTO_FOCUS = "#reply"
    BINDINGS = [Binding("f10", "interviewer", "面試官", tooltip="面試官輸入密碼後查看或暫停面試")]

    def __init__(self, ctx: Context, session: InterviewSession) -> None:
        super().__init__()
        self.ctx = ctx
        self.session = session
        self.busy = False  # an answer is being scored and saved
        self.paused_at: float | None = None  # the interviewer has the screen
        self._asked_at = ctx.config.clock()
        self._trace: TypingTrace | None = None
        ctx.display.bindings(self)

    @property
    def ask(self) -> Ask | None:
        return self.session.interview.current

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        yield Header()
        with Horizontal(id="iv-status"):
            yield Static(id="iv-progress", markup=False)
            yield Countdown(self.ctx.display, 0, id="iv-countdown")
            yield Static(t("應試者：" + self.session.candidate), id="iv-candidate", markup=False)
        with VerticalScroll(id="iv-body"):
            yield Static(id="iv-question", markup=False)
        box = ReplyBox(t("輸入回答：Enter 發送，Ctrl+J 換行"), id="reply")
        self.ctx.display.bindings(box)
        yield box
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("面試")
        self.sub_title = ""
        self._show()
        if self.ctx.config.tick > 0:
            self.set_interval(self.ctx.config.tick, self.tick)

    def _show(self) -> None:
        """Put the current question on screen and start its clock."""
        from trainer.core.typing_test import TypingTrace

        ask = self.ask
        if ask is None:
            return
        self.query_one("#iv-progress", Static).update(self.ctx.t(ask.progress))
        self.query_one("#iv-question", Static).update(para(self.ctx.display.content(ask.text)))
        self.query_one(Countdown).left = ask.time_limit
        self._asked_at = self.ctx.config.clock()
        self._trace = TypingTrace()
        box = self.query_one(ReplyBox)
        box.reset()
        box.history.clear()  # Ctrl+Z must not bring back the previous answer
        box.focus()

    # ------------------------------------------------------------ answering

    @on(TextArea.Changed, "#reply")
    def _typing(self, event: TextArea.Changed) -> None:
        if self._trace is not None:
            self._trace.add(self.ctx.config.clock(), event.text_area.text)

    @on(ReplySubmitted)
    def _submitted(self, message: ReplySubmitted) -> None:
        message.stop()
        if self.busy or self.paused_at is not None or not message.text.strip():
            self.app.bell()
            return
        self._send(message.text, message.pasted, timed_out=False)

    def _send(self, text: str, pasted: bool, *, timed_out: bool) -> None:
        from trainer.core.interview import Given

        now = self.ctx.config.clock()
        trace = self._trace
        started = trace.started if trace is not None else None
        typed = None if started is None else round(now - started, 2)
        given = Given(text, round(now - self._asked_at, 2), typed, pasted, timed_out,
                      trace.peak() if trace is not None else 0.0)
        self.busy = True
        self.query_one("#iv-question", Static).update(self.ctx.t("已收到您的回答。"))
        self._save(given)

    @work(thread=True, group="answer")
    def _save(self, given: Given) -> None:
        """Score and commit off the UI thread; the screen hears back by message."""
        try:
            self.session.send(given)
        except Exception as error:  # any failure: reported, never lost silently
            self.post_message(AnswerFailed(str(error)))
            return
        self.post_message(AnswerSaved())

    @on(AnswerSaved)
    def _saved(self) -> None:
        self.busy = False
        if self.ask is not None:
            self._show()
            return
        self._after_questions()

    def _after_questions(self) -> None:
        from trainer.ui.screens.interview_done import after_questions

        self.app.switch_screen(after_questions(self.ctx, self.session))

    @on(AnswerFailed)
    def _failed(self, message: AnswerFailed) -> None:
        self.busy = False
        self.notify(self.ctx.t(f"無法保存這個回答：{message.error}。請通知面試官。"),
                    severity="error", timeout=10)
        self._show()

    # ------------------------------------------------------------ the clock

    def tick(self) -> None:
        """Update the countdown; when it reaches zero, commit the answer as it stands."""
        ask = self.ask
        if ask is None or self.busy or self.paused_at is not None:
            return
        left = ask.time_limit - (self.ctx.config.clock() - self._asked_at)
        self.query_one(Countdown).left = max(0.0, left)
        if left <= 0:
            box = self.query_one(ReplyBox)
            self._send(box.text, box.pasted, timed_out=True)

    # ------------------------------------------------------------ the interviewer

    def action_interviewer(self) -> None:
        """Stop the clock and hand over to the interviewer (passphrase first)."""
        if self.paused_at is None:
            self.paused_at = self.ctx.config.clock()
        unlock_console(self, self.ctx, self.session.session_id, self._back)

    def _back(self, leave: bool) -> None:
        """The interviewer is done: carry on (the clock resumes) or leave the interview."""
        if self.paused_at is not None:
            # the interviewer's time does not count (a question shown meanwhile starts later)
            now = self.ctx.config.clock()
            self._asked_at += max(0.0, now - max(self.paused_at, self._asked_at))
            self.paused_at = None
        if leave:
            self.dismiss()
        else:
            self.query_one(ReplyBox).focus()
