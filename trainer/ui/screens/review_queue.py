"""待審: what a manager should look at first, across every trainee.

Two kinds of rows (``trainer.store.reviews.review_queue``): scenarios where a
trainee's exam and coach results disagree a lot (widest gap first), then
unreviewed replies whose score sat within a few points of the pass mark
(closest first), over the last ``WINDOW_DAYS`` days. Enter opens the session at
that reply in ``ReviewScreen``; a reply commented on or overridden leaves the
queue. Read in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from trainer.reports.figures import stamp
from trainer.reports.words import local_time
from trainer.services import review as service
from trainer.store import StoreError
from trainer.ui.context import Context
from trainer.ui.screens.progress import pass_mark
from trainer.ui.text import cell, cells

WINDOW_DAYS = 30
REPLY_CHARS = 40


@dataclass
class QueueLoaded(Message):
    """A worker read the review queue."""

    rows: list[service.QueueRow]
    error: str = ""


def why_text(row: service.QueueRow) -> str:
    if row.why == "disagree":
        return f"考試 {row.score:.0f}／教練 {row.other or 0:.0f}"
    return f"接近及格 {row.score:g}"


class ReviewQueueScreen(Screen[None]):
    """The review queue (see the module docstring)."""

    AUTO_FOCUS = "#rq-table"
    BINDINGS = [
        Binding("enter", "open", "審閱", tooltip="打開這一句所在的練習", priority=True),
        Binding("escape", "back", "返回", tooltip="回到團隊進度"),
    ]

    def __init__(self, ctx: Context, reviewer: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.reviewer = reviewer
        self.rows: list[service.QueueRow] = []
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.ctx.t("載入中…"), id="rq-status", markup=False)
        yield DataTable(id="rq-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.ctx.t("待審")
        self.load()

    def on_screen_resume(self) -> None:
        self.load()  # a reply just reviewed leaves the queue

    @work(thread=True, exclusive=True, group="review-queue")
    def load(self) -> None:
        since = stamp(self.ctx.config.now() - timedelta(days=WINDOW_DAYS))
        try:
            rows = service.queue(self.ctx.store, pass_mark(self.ctx), since)
        except StoreError as error:
            self.post_message(QueueLoaded([], str(error)))
            return
        self.post_message(QueueLoaded(rows))

    @on(QueueLoaded)
    def _loaded(self, message: QueueLoaded) -> None:
        t = self.ctx.t
        self.rows = message.rows
        table: DataTable[object] = self.query_one("#rq-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        for label, width in (("原因", 16), ("學員", 10), ("情境", 18), ("時間", 11), ("回覆", None)):
            table.add_column(cell(t(label)), width=width)
        for i, r in enumerate(self.rows):
            reply = r.reply if len(r.reply) <= REPLY_CHARS else r.reply[:REPLY_CHARS] + "…"
            table.add_row(*cells(t(why_text(r)), r.user, t(r.title), local_time(r.at)[5:],
                                 t(reply) if reply else t("（整場）")), key=str(i))
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        mark = pass_mark(self.ctx)
        status = message.error or (f"{len(self.rows)} 項待審（近 {WINDOW_DAYS} 天：考試和教練分數差很多的情境，"
                                   f"及格線 {mark:g} ±{service.NEAR_PASS:g} 的回覆）· Enter 審閱")
        self.query_one("#rq-status", Static).update(t(status))

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one("#rq-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return
        from trainer.ui.screens.review import ReviewScreen

        row = self.rows[table.cursor_row]
        self.app.push_screen(ReviewScreen(self.ctx, row.session_id, self.reviewer, index=row.index))

    def action_back(self) -> None:
        self.dismiss()
