"""「面試進行中」: what a restarted app shows while a candidate's interview holds the screen.

The store remembers which interview's candidate has the screen
(``trainer.store.access.candidate_lock``). On start the app puts this screen
over Home at once (before the first frame, so nothing of Home is ever seen),
then, once the content is loaded, reopens the candidate's screen where the
interview stands. It stays below the candidate's screens; when the interviewer
has left the interview (passphrase given) it closes and Home shows. F10: the
staff passphrase ends the lock from here too (an interview that cannot be
reopened, say its questions left the content).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Header, Static

from trainer.store import StoreError
from trainer.ui.context import Context
from trainer.ui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from trainer.ui.interview_session import InterviewSession


class CandidateHoldScreen(Screen[None]):
    """The candidate lock after a restart (see the module docstring)."""

    BINDINGS = [Binding("f10", "interviewer", "面試官", tooltip="面試官輸入員工密碼後結束這個畫面")]

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self._gone = False  # dismissed already (not `_closing`: Textual's message pump uses that name)
        self._pending: InterviewSession | None = None  # read while a dialog was over this screen
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        with Middle(), Center():
            yield Static(self.ctx.t("面試進行中，請稍候…"), id="iv-done", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("面試")
        self.app.when_loaded(self._reopen)  # type: ignore[attr-defined]

    def _reopen(self) -> None:
        self._read_off_ui()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _read_off_ui(self) -> None:
        """The interview rebuilt from the store (which replays its scoring), off the UI thread."""
        from trainer.ui.interview_session import InterviewSession

        try:
            session_id = self.ctx.lock.get()
            if session_id is None:
                self.app.call_from_thread(self._close)
                return
            row = self.ctx.store.session(session_id)
            if row.kind != "interview":
                raise StoreError(f"session {session_id} is not an interview")
            session = InterviewSession.resume(self.ctx.store, self.ctx.library, row)
        except (KeyError, StoreError):
            self.app.call_from_thread(self._cannot)
            return
        self.app.call_from_thread(self._show, session)

    def _cannot(self) -> None:
        if self.is_attached:
            self.query_one("#iv-done", Static).update(self.ctx.t("這場面試無法繼續，請通知面試官。"))

    def _show(self, session: InterviewSession) -> None:
        """The candidate's screen where the interview stands."""
        from trainer.ui.screens.interview_desk import candidate_view

        if self.is_current:
            candidate_view(self.app, self.ctx, session)
        else:  # the interviewer's F10 dialog is up: show it when this screen is back on top
            self._pending = session

    def on_screen_resume(self) -> None:
        if self.ctx.lock.get() is None:  # the interviewer left the interview
            self._close()
        elif self._pending is not None:
            session, self._pending = self._pending, None
            self._show(session)

    def action_interviewer(self) -> None:
        from trainer.ui.screens.lock import staff_only

        def unlocked(_name: str) -> None:
            self.app.release_candidate(self._close)  # type: ignore[attr-defined]

        staff_only(self.app, self.ctx, "面試官輸入員工密碼後，結束應試者的畫面。", unlocked)

    def _close(self) -> None:
        if not self._gone and self.is_current:
            self._gone = True
            self.dismiss()
            if not self.ctx.user:  # started locked, so nobody was asked who is practising
                self.app.ask_name()  # type: ignore[attr-defined]
