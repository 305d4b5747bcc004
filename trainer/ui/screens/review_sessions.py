"""A trainee's practice sessions for a reviewer: finished and unfinished, newest first.

Opened from the team view (F6 on a trainee). Each row: when, scenario, mode,
state, the score that counts, replies, and how many replies reviewers marked.
Enter opens the session in ``ReviewScreen``. Read in a worker. A title too wide
for its column ends in 「…」 (the full row on hover); from 120 columns on the
columns widen.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from trainer.reports.words import OUTCOME_WORDS, STATUS_WORDS, local_time
from trainer.services import review as service
from trainer.store import SessionRow, StoreError
from trainer.ui.context import Context
from trainer.ui.text import cells, score_text
from trainer.ui.theme import WIDE
from trainer.ui.widgets.fitted_table import Columns, FittedTable
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.wrap import para

LIMIT = 300
# Fixed widths (cells) that fit 80 columns with the separators and a scrollbar; wider from 120 on.
COLUMNS: Columns = (("開始", 16), ("情境", 24), ("模式", 4), ("狀態", 6), ("採計", 4), ("句數", 4), ("已審", 4))
WIDE_COLUMNS: Columns = (("開始", 16), ("情境", 56), ("模式", 4), ("狀態", 6), ("採計", 4), ("句數", 4),
                         ("已審", 4))
MODE_WORDS = {"coach": "教練", "exam": "考試"}  # 教練模式 / 考試模式 in a 4-cell column


@dataclass
class SessionsLoaded(Message):
    """A worker read the trainee's practice sessions (and how many replies each has marks on)."""

    sessions: list[SessionRow]
    reviewed: dict[int, int]
    error: str = ""


class ReviewSessionsScreen(Screen[None]):
    """One trainee's practice, to pick a session to review (see the module docstring)."""

    AUTO_FOCUS = "#rs-table"
    BINDINGS = [
        Binding("enter", "open", "審閱", tooltip="打開選中的練習，逐句審閱", priority=True),
        Binding("escape", "back", "返回", tooltip="回到團隊進度"),
    ]

    def __init__(self, ctx: Context, user: str, reviewer: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.user = user
        self.reviewer = reviewer
        self.sessions: list[SessionRow] = []
        self.reviewed: dict[int, int] = {}  # session id -> replies reviewers marked
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.ctx.t("載入中…"), id="rs-status", markup=False)
        table = FittedTable(id="rs-table", cursor_type="row", zebra_stripes=True)
        table.set_columns([(self.ctx.t(h), w) for h, w in COLUMNS])
        table.border_title = self.ctx.display.plain(f"{self.user} 的練習")  # a titled panel at 120+ columns
        yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t(f"審閱：{self.user} 的練習")
        self.load()

    def on_resize(self) -> None:
        columns = WIDE_COLUMNS if self.size.width >= WIDE else COLUMNS
        if self.query_one("#rs-table", FittedTable).set_columns([(self.ctx.t(h), w) for h, w in columns]):
            self._fill()

    def on_screen_resume(self) -> None:
        self.load()  # back from a review: its marks and score may have changed

    @work(thread=True, exclusive=True, group="review-sessions")
    def load(self) -> None:
        try:
            found = service.sessions(self.ctx.store, self.user, LIMIT)
        except StoreError as error:
            self.post_message(SessionsLoaded([], {}, str(error)))
            return
        self.post_message(SessionsLoaded([s for s, _ in found], {s.id: n for s, n in found}))

    @on(SessionsLoaded)
    def _loaded(self, message: SessionsLoaded) -> None:
        self.sessions, self.reviewed = message.sessions, message.reviewed
        self._fill()
        status = message.error or f"{self.user}：{len(self.sessions)} 場練習（含未完成）· Enter 審閱 · Esc 返回"
        self.query_one("#rs-status", Static).update(para(self.ctx.t(status)))

    def _fill(self) -> None:
        """The sessions as last read, in the current columns (the cursor stays where it was)."""
        t = self.ctx.t
        table = self.query_one("#rs-table", FittedTable)
        cursor = table.cursor_row
        table.clear()
        for s in self.sessions:
            state = (OUTCOME_WORDS.get(s.outcome or "", s.outcome or "已完成") if s.status == "finished"
                     else STATUS_WORDS.get(s.status, s.status))
            table.add_row(*cells(local_time(s.started_at), t(s.item_title or s.item_id),
                                 t(MODE_WORDS.get(s.mode or "", "")), t(state), score_text(s.score),
                                 str(s.turn_count), str(self.reviewed.get(s.id) or "")), key=str(s.id))
        if self.sessions:
            table.move_cursor(row=min(cursor, len(self.sessions) - 1))

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one("#rs-table", DataTable)
        if not self.sessions or not 0 <= table.cursor_row < len(self.sessions):
            return
        from trainer.ui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.ctx, self.sessions[table.cursor_row].id, self.reviewer))

    def action_back(self) -> None:
        self.dismiss()
