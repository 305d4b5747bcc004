"""The interviewer desk (behind the passphrase): every interview, new ones, resuming, reviewing.

Lists every candidate's interviews, newest first, with the status, the total
score and the decision. ``n`` sets up a new interview; Enter opens the console
of the highlighted one; ``r`` resumes an unfinished one at its next question
(the screen goes to the candidate); ``x`` discards an unfinished one; ``p``
changes the staff passphrase (the current one first).
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from trainer.reports.interview import local_time
from trainer.services.identity import INTERVIEWS
from trainer.store import SessionRow, StoreError
from trainer.store import interviews as records
from trainer.store.interviews import DecisionRow
from trainer.ui.context import Context
from trainer.ui.interview_session import InterviewSession
from trainer.ui.screens.lock import guarded
from trainer.ui.text import cells, score_text
from trainer.ui.theme import WIDE
from trainer.ui.widgets.fitted_table import FittedTable
from trainer.ui.widgets.key_footer import KeyFooter

SHORT_STATUS = {"open": "進行中", "finished": "已完成"}
# 編號 is what `trainer report interview ID` takes; 採計 is the total that counts (overrides
# included), 自動 the scorer's beside it. Fits 80 columns with the separators.
COLUMNS = (("編號", 4), ("應試者", 10), ("題組", 14), ("日期", 11), ("狀態", 6), ("採計", 4), ("自動", 4),
           ("決定", 6))
# 120+ terminal columns: candidates' names and the sets' titles cut later.
WIDE_COLUMNS = (("編號", 6), ("應試者", 20), ("題組", 34), ("日期", 11), ("狀態", 6), ("採計", 4), ("自動", 4),
                ("決定", 8))


def open_desk(app: App[Any], ctx: Context) -> None:
    """Home's 面試 entry: the passphrase (set on first use) or an interviewer's account, then the desk."""

    def unlocked(name: str) -> None:
        app.push_screen(InterviewDeskScreen(ctx, name))

    app.when_loaded(lambda: guarded(app, ctx, INTERVIEWS, "", unlocked))  # type: ignore[attr-defined]


def candidate_view(app: App[Any], ctx: Context, session: InterviewSession) -> None:
    """Hand the screen to the candidate where the interview stands (question, typing or done)."""
    from trainer.ui.screens.interview import InterviewScreen
    from trainer.ui.screens.interview_done import after_questions

    assert ctx.lock.get() == session.session_id, "hold the lock (in the worker) before the candidate sees it"
    if not session.interview.finished:
        app.push_screen(InterviewScreen(ctx, session))
    else:
        app.push_screen(after_questions(ctx, session))


class InterviewDeskScreen(Screen[None]):
    """The interviewer's list of interviews (see the module docstring)."""

    AUTO_FOCUS = "#desk-table"
    BINDINGS = [
        Binding("n", "new", "新面試", tooltip="設定一場新面試"),
        Binding("enter", "open", "查看", tooltip="打開選中面試的主控台", priority=True),
        Binding("r", "resume", "繼續", tooltip="從下一題繼續選中的未完成面試"),
        Binding("x", "discard", "放棄", tooltip="放棄選中的未完成面試"),
        Binding("p", "passphrase", "改密碼", tooltip="更改員工密碼（要先輸入目前的密碼）"),
        Binding("escape", "back", "返回", tooltip="回到首頁"),
    ]

    def __init__(self, ctx: Context, interviewer: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.interviewer = interviewer
        self.rows: list[SessionRow] = []
        self._read: tuple[list[tuple[SessionRow, DecisionRow | None]], dict[int, tuple[float, float]]] | None = None
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        yield Header()
        yield Static(t(f"面試官：{self.interviewer}　（n 新面試 · Enter 查看 · r 繼續）"), id="desk-who", markup=False)
        table = FittedTable(id="desk-table", cursor_type="row", zebra_stripes=True)
        table.set_columns([(t(label), width) for label, width in COLUMNS])
        table.border_title = self.ctx.display.plain("面試紀錄")  # a titled panel at 120+ columns
        yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("面試官桌面")

    def on_screen_resume(self) -> None:
        self.refill()

    def on_resize(self) -> None:
        """Wider columns from 120 terminal columns on; the rows read last time are shown again."""
        columns = WIDE_COLUMNS if self.size.width >= WIDE else COLUMNS
        table = self.query_one("#desk-table", FittedTable)
        if table.set_columns([(self.ctx.t(label), width) for label, width in columns]) and self._read:
            self._show_rows(*self._read)

    def refill(self) -> None:
        """Every interview with its status, total and decision, newest first (read off the UI thread)."""
        self._read_rows()

    @work(thread=True, exclusive=True, group="desk-rows", exit_on_error=False)
    def _read_rows(self) -> None:
        """The interviews and their totals: store reads, so not on the UI thread (it may be a network away)."""
        try:
            found = records.interviews(self.ctx.store)
            totals = records.totals(self.ctx.store)
        except StoreError as error:
            self.app.call_from_thread(self.notify, self.ctx.t(f"無法讀取面試紀錄：{error}"),
                                      severity="error", timeout=10)
            return
        self.app.call_from_thread(self._show_rows, found, totals)

    def _show_rows(self, found: list[tuple[SessionRow, DecisionRow | None]],
                   totals: dict[int, tuple[float, float]]) -> None:
        if not self.is_attached:
            return  # left while the rows were read
        t = self.ctx.t
        self._read = (found, totals)
        table = self.query_one("#desk-table", DataTable)
        table.clear()
        self.rows = [row for row, _ in found]
        for row, decision in found:
            counted, auto = totals.get(row.id, (None, None))
            table.add_row(*cells(str(row.id), row.user, t(row.item_title or row.item_id),
                                 local_time(row.started_at)[5:], t(SHORT_STATUS.get(row.status, row.status)),
                                 score_text(counted, ""), score_text(auto, ""),
                                 t(decision.decision) if decision else ""), key=str(row.id))
        self.refresh_bindings()

    def _selected(self) -> SessionRow | None:
        table = self.query_one("#desk-table", DataTable)
        if not self.rows:
            return None
        return self.rows[min(max(table.cursor_row, 0), len(self.rows) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self._selected() if self.is_mounted else None
        if action == "open":
            return row is not None
        if action in ("resume", "discard"):
            return row is not None and row.status == "open"
        return True

    def action_new(self) -> None:
        from trainer.ui.screens.interview_setup import InterviewSetupScreen

        self.app.push_screen(InterviewSetupScreen(self.ctx, self.interviewer))

    def action_open(self) -> None:
        from trainer.ui.screens.console import ConsoleScreen

        row = self._selected()
        if row is not None:
            self.app.push_screen(ConsoleScreen(self.ctx, row.id, self.interviewer))

    def action_resume(self) -> None:
        row = self._selected()
        if row is None or row.status != "open":
            return
        self._resume(row)

    @work(thread=True, group="desk-resume", exclusive=True, exit_on_error=False)
    def _resume(self, row: SessionRow) -> None:
        """Rebuild the interview (a replay of its scoring) and lock the screen to it, off the UI thread."""
        try:
            session = InterviewSession.resume(self.ctx.store, self.ctx.library, row)
            self.ctx.lock.hold(session.session_id)  # from now on only the passphrase leaves
        except (KeyError, StoreError) as error:
            self.app.call_from_thread(self.notify, self.ctx.t(f"無法繼續這場面試：{error}"),
                                      severity="error", timeout=10)
            return
        self.app.call_from_thread(candidate_view, self.app, self.ctx, session)

    def action_discard(self) -> None:
        row = self._selected()
        if row is not None and row.status == "open":
            self._discard(row)

    @work(thread=True, group="desk-discard", exit_on_error=False)
    def _discard(self, row: SessionRow) -> None:
        """Discard off the UI thread (a store write), then say so and list the rest."""
        try:
            self.ctx.store.discard_session(row.id)
        except StoreError as error:
            self.app.call_from_thread(self.notify, self.ctx.t(f"無法放棄這場面試：{error}"),
                                      severity="error", timeout=10)
            return
        self.app.call_from_thread(self.notify, self.ctx.t(f"已放棄 {row.user} 的面試。"))
        self.app.call_from_thread(self.refill)

    def action_passphrase(self) -> None:
        from trainer.ui.screens.passphrase_change import PassphraseChangeScreen

        self.app.push_screen(PassphraseChangeScreen(self.ctx))

    def action_back(self) -> None:
        self.dismiss()
