"""The chat screen: a conversation with one difficult buyer.

The reply box has focus from the first frame. Enter hands the reply to a worker
thread that scores it and commits it to the store (``ChatSession.send``); the
result comes back as ``TurnScored``. The reply stays in the (read-only) box until
it is saved: a busy database is retried with back-off (``SaveRetrying`` says so),
and a save that still fails leaves it there for Enter to retry. On quit the app
calls ``save_before_quit`` so a reply sent just before Ctrl+Q is not lost. In coach mode the feedback appears under
the reply; in exam mode nothing does until the debrief. The buyer's next line
follows a "typing…" pause that grows with its length, and a buyer left waiting
longer than the scenario's patience sends a nudge. Time comes from the config's
clock, and ``tick`` is public so tests can drive patience without sleeping.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Static, TextArea

from trainer.store import StoreBusy, StoreError
from trainer.ui.context import Context
from trainer.ui.messages import (
    ConversationEnded,
    FirstLineShown,
    ReplySubmitted,
    SaveRetrying,
    TurnFailed,
    TurnScored,
)
from trainer.ui.session import ChatSession, Sent
from trainer.ui.text import MODE_NAMES, OUTCOMES, plain
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.widgets.message_bubble import MessageBubble
from trainer.ui.widgets.mood_meter import MoodMeter
from trainer.ui.widgets.reply_box import ReplyBox
from trainer.ui.widgets.reply_timer import ReplyTimer
from trainer.ui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from trainer.core.dialogue import Dialogue, Turn
    from trainer.ui.text import Display
    from trainer.ui.widgets.feedback_panel import FeedbackPanel


class ChatScreen(Screen[None]):
    """One conversation (see the module docstring)."""

    # Seconds between save attempts while the database is busy; each attempt itself
    # waits up to the store's busy timeout (5 s), so this covers about two minutes.
    RETRY_DELAYS: tuple[float, ...] = (0.5, 1, 2, 4, 8, 15, 15, 15, 15, 15)
    QUIT_WAIT = 10.0  # on quit, how long to wait for a reply still being saved

    AUTO_FOCUS = "#reply"
    BINDINGS = [
        Binding("ctrl+t", "hint", "提示", tooltip="顯示這句該講到的要點（每次提示都會扣分）"),
        Binding("escape", "leave", "離開", tooltip="先離開；對話已保存，可從首頁繼續"),
        Binding("pageup", "scroll(-1)", "上翻", show=False, priority=True),
        Binding("pagedown", "scroll(1)", "下翻", show=False, priority=True),
    ]

    def __init__(self, ctx: Context, session: ChatSession) -> None:
        super().__init__()
        self.ctx = ctx
        self.session = session
        self.coach = session.mode == "coach"
        self.busy = False  # a reply is being scored and saved, or the buyer is typing
        self.ended = False  # the ending line is on screen
        self._line_at = ctx.config.clock()
        self._typing_from: float | None = None
        self.feedback_latencies: list[float] = []  # Enter → feedback painted (bench)
        self._sent: Sent | None = None  # the reply on its way to the store (kept in the box)
        self._saving = threading.Event()  # set while a worker scores or saves a reply
        self._stop = threading.Event()  # quitting: stop retrying
        self._leave_anyway = False  # Esc pressed once with a reply not saved yet
        ctx.display.bindings(self)

    @property
    def dialogue(self) -> Dialogue:
        return self.session.dialogue

    def compose(self) -> ComposeResult:
        t, display = self.ctx.t, self.ctx.display
        scenario = self.session.scenario
        self.title = t(scenario.title)  # before the header is drawn: one frame, no redraw
        yield Header()
        with Horizontal(id="status"):
            buyer = Static(t(scenario.buyer.name), id="buyer", markup=False)
            buyer.tooltip = plain(t(scenario.buyer.name))  # the line cuts a long name with …
            yield buyer
            meter = MoodMeter(display, self.dialogue.mood, id="mood")
            meter.display = self.coach  # exam mode: no hint of how it is going
            yield meter
            yield ReplyTimer(display, scenario.patience, id="timer")
            yield Static(t(MODE_NAMES[self.session.mode]), id="mode", markup=False)
        with Horizontal(id="chat-body"):
            # What is already said is composed, not mounted after: it is in the first frame.
            yield Transcript(*self._opening(), id="transcript")
            # At 120 columns and more (the screen's -wide class) the coach's feedback sits here,
            # beside the conversation, instead of under each reply; exam mode has none.
            feedback = [_panel(turn, display) for turn in self.dialogue.turns] if self.coach else []
            coach = Transcript(*feedback, id="coach", classes="" if self.coach else "-exam")
            coach.border_title, coach.border_subtitle = plain(t("教練講評")), plain(t("最新的在下面"))
            yield coach
        box = ReplyBox(t("輸入回覆：Enter 發送，Ctrl+J 換行"), id="reply")
        box.border_title = plain(t("回覆"))  # set before mounting: in the first frame, no relayout
        display.bindings(box)
        yield box
        yield KeyFooter()

    async def on_mount(self) -> None:
        self._line_at = self.ctx.config.clock()  # the buyer's line is on screen from the first frame
        if self.dialogue.finished:
            await self._end()
        if self.session.session_id is None:  # a new conversation: its row, off the UI thread
            self._open_row()
        self.call_after_refresh(self.post_message, FirstLineShown())
        if self.ctx.config.tick > 0:
            self.set_interval(self.ctx.config.tick, self.tick)

    def _opening(self) -> list[MessageBubble | FeedbackPanel]:
        """The brief, the turns already answered, and the buyer's line now."""
        t, scenario = self.ctx.t, self.session.scenario
        brief = [MessageBubble("note", "", t("情境：") + self.ctx.display.content(scenario.brief))]
        line = MessageBubble("buyer", t(scenario.buyer.name), self.ctx.display.content(self.dialogue.line),
                             self._now())
        return [*(brief if scenario.brief else []), *self._restored(), line]

    def _restored(self) -> list[MessageBubble | FeedbackPanel]:
        """The turns already answered (a resumed session), without times."""
        t, name = self.ctx.t, self.ctx.t(self.session.scenario.buyer.name)
        out: list[MessageBubble | FeedbackPanel] = []
        for turn in self.dialogue.turns:
            out.append(MessageBubble("buyer", name, self.ctx.display.content(turn.buyer_line)))
            out.append(MessageBubble("trainee", self.ctx.user, t(turn.reply)))
            if self.coach:
                out.append(_panel(turn, self.ctx.display))
        return out

    @property
    def _transcript(self) -> Transcript:
        return self.query_one("#transcript", Transcript)

    @property
    def _coach(self) -> Transcript:
        return self.query_one("#coach", Transcript)

    def _now(self) -> str:
        return self.ctx.config.now().strftime("%H:%M")

    # ------------------------------------------------------------ sending a reply

    @on(TextArea.Changed, "#reply")
    def _typing(self, event: TextArea.Changed) -> None:
        if event.text_area.text and self._typing_from is None:
            self._typing_from = self.ctx.config.clock()

    @on(ReplySubmitted)
    async def _submitted(self, message: ReplySubmitted) -> None:
        message.stop()
        if self.ended:
            self.post_message(ConversationEnded(self.session))
            return
        text = message.text.strip()
        if self.busy or not text:
            self.app.bell()
            return
        self.busy = True
        self._saving.set()  # before any await: a quit arriving meanwhile must wait for this reply
        if self._sent is not None:  # a save that failed: Enter retries it, the reply unchanged
            self._score(self._sent, message.pressed_at)
            return
        now = self.ctx.config.clock()
        typed = None if self._typing_from is None else round(now - self._typing_from, 2)
        self._sent = sent = Sent(text, round(now - self._line_at, 2), typed, message.pasted)
        self.query_one(ReplyBox).read_only = True  # stays on screen until it is saved
        self._typing_from = None
        await self._transcript.add(MessageBubble("trainee", self.ctx.user, self.ctx.t(text), self._now()))
        self._score(sent, message.pressed_at)

    @work(thread=True, group="reply")
    def _score(self, sent: Sent, pressed_at: float) -> None:
        """Score and commit the reply off the UI thread; the result comes back as a message."""
        try:
            self.post_message(TurnScored(self._send_retrying(sent), pressed_at))
        except Exception as error:  # any failure: reported, and the reply kept in the box
            self.post_message(TurnFailed(str(error), sent.text))
        finally:
            self._saving.clear()

    def _send_retrying(self, sent: Sent) -> Turn:
        """``session.send``, retried with back-off while another program holds the database."""
        delays = iter(self.RETRY_DELAYS)
        attempt = 0
        while True:
            try:
                return self.session.send(sent)
            except StoreBusy:
                delay = next(delays, None)
                if delay is None or self._stop.is_set():
                    raise
                attempt += 1
                self.post_message(SaveRetrying(attempt))
                self._stop.wait(delay)

    @on(SaveRetrying)
    def _retrying(self, message: SaveRetrying) -> None:
        if message.attempt == 1:
            self.notify(self.ctx.t("資料庫忙碌中，正在重試保存…（回覆保留在輸入框中）"),
                        severity="warning", timeout=8)

    async def save_before_quit(self) -> Sent | None:
        """Let a reply sent just before quitting be scored and saved; the reply if it could not be."""
        box = self.query_one(ReplyBox)
        deadline = time.monotonic() + self.QUIT_WAIT
        while time.monotonic() < deadline:
            if not (self._saving.is_set() or box.message_queue_size or self.message_queue_size):
                break
            await asyncio.sleep(0.02)
        self._stop.set()
        return self.session.unsaved()

    @on(TurnScored)
    async def _scored(self, message: TurnScored) -> None:
        turn = message.turn
        self._sent = None
        self._leave_anyway = False
        box = self.query_one(ReplyBox)
        box.read_only = False
        box.reset()
        self.query_one(MoodMeter).mood = turn.mood_after
        if self.coach:  # under the reply, and beside the chat (only one of them is shown)
            await self._transcript.add(_panel(turn, self.ctx.display))
            await self._coach.add(_panel(turn, self.ctx.display))
            self.call_after_refresh(self._feedback_shown, message.pressed_at)
        await self._buyer_types(self.dialogue.line)

    def _feedback_shown(self, pressed_at: float) -> None:
        self.feedback_latencies.append(time.monotonic() - pressed_at)

    @on(TurnFailed)
    def _failed(self, message: TurnFailed) -> None:
        self.busy = False
        if self.session.pending() is None:  # failed before it was scored: let it be edited
            self._sent = None
            self.query_one(ReplyBox).read_only = False
        self.notify(self.ctx.t(f"無法保存這句回覆：{message.error}。回覆仍在輸入框中，按 Enter 再試一次；"
                               "之前的回覆都已保存。"), severity="error", timeout=15, markup=False)

    # ------------------------------------------------------------ the buyer's side

    async def _buyer_types(self, line: str) -> None:
        pause = self.ctx.config.typing.pause(line)
        if pause <= 0:
            await self._buyer_says(line)
            return
        name = self.ctx.t(self.session.scenario.buyer.name)
        self.query_one("#buyer", Static).update(name + self.ctx.t(" 正在輸入…"))
        self.set_timer(pause, lambda: self._buyer_says(line))

    async def _buyer_says(self, line: str) -> None:
        name = self.ctx.t(self.session.scenario.buyer.name)
        self.query_one("#buyer", Static).update(name)
        await self._transcript.add(MessageBubble("buyer", name, self.ctx.display.content(line),
                                                  self._now()))
        self._line_at = self.ctx.config.clock()
        self.query_one(ReplyTimer).elapsed = 0
        if self.dialogue.finished:
            await self._end()
        self.busy = False

    async def _end(self) -> None:
        self.ended = True
        outcome = OUTCOMES.get(self.dialogue.outcome or "", self.dialogue.outcome or "")
        text = self.ctx.t(f"對話結束：{outcome}。按 Enter 查看總結。")
        await self._transcript.add(MessageBubble("note", "", text))
        self.query_one(ReplyBox).placeholder = plain(text)  # a placeholder string is parsed as markup
        if self.dialogue.turns and self.session.needs_finishing():
            self._finish()  # resumed after the last reply was saved but before the ending was
        self.refresh_bindings()

    @work(thread=True, group="reply")
    def _finish(self) -> None:
        self.session.finish()

    @work(thread=True, group="reply", exit_on_error=False)
    def _open_row(self) -> None:
        """Write the new conversation's row; if the store is busy now, the first reply writes it."""
        try:
            self.session.open_row()
        except StoreError:
            pass  # ``send`` opens it before the first reply, and says so if it still cannot

    async def tick(self) -> None:
        """Advance the reply timer; nudge once the buyer's patience has run out."""
        if self.busy or self.ended:
            return
        elapsed = self.ctx.config.clock() - self._line_at
        self.query_one(ReplyTimer).elapsed = elapsed
        if elapsed >= self.session.scenario.patience * (self.dialogue.nudges + 1):
            line = self.dialogue.nudge()
            self.query_one(MoodMeter).mood = self.dialogue.mood
            name = self.ctx.t(self.session.scenario.buyer.name)
            await self._transcript.add(MessageBubble("buyer", name, self.ctx.t(line), self._now()))

    # ------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hint":
            return self.coach and not self.ended
        return True

    async def action_hint(self) -> None:
        if self.busy or self.ended or not self.coach:
            return
        from trainer.core.dialogue import HINT_COST

        labels = self.dialogue.hint()
        used = self.dialogue.hints
        text = self.ctx.t(f"提示：這句要講到 {'、'.join(labels)}（第 {used} 次提示，每次扣 {HINT_COST} 分）")
        await self._transcript.add(MessageBubble("note", "", text))

    def action_leave(self) -> None:
        if self.session.unsaved() is not None and not self._leave_anyway:
            self._leave_anyway = True  # the second Esc leaves without it, knowingly
            self.notify(self.ctx.t("這句回覆還沒保存。按 Enter 再試一次；再按一次 Esc 會放棄這句回覆並離開。"),
                        severity="warning", timeout=10)
            return
        if self._unanswered():
            # Opened and left without a reply: nothing to resume, so it is not kept as unfinished.
            self.app.run_worker(self.session.discard, thread=True, group="discard")
        elif not self.ended:
            self.notify(self.ctx.t("對話已保存，可從首頁繼續。"), timeout=3)
        self.dismiss()

    def _unanswered(self) -> bool:
        """No reply was sent (none saved, none on its way): leaving leaves nothing to resume."""
        return not (self.dialogue.turns or self.busy or self._sent is not None or self.ended)

    def action_scroll(self, pages: int) -> None:
        transcript = self._transcript
        if pages < 0:
            transcript.scroll_page_up(animate=False)
        else:
            transcript.scroll_page_down(animate=False)


def _panel(turn: Turn, display: Display) -> FeedbackPanel:
    """The coach's feedback on one turn. Its module is imported here, at the first one: a new
    chat's first frame has none, and the first frame should not wait for it."""
    from trainer.ui.widgets.feedback_panel import FeedbackPanel

    return FeedbackPanel(turn, display)
