"""待審: what a manager should look at first, across every trainee.

Two kinds of rows (``trainer.store.reviews.review_queue``): scenarios where a
trainee's exam and coach results disagree a lot (widest gap first), then
unreviewed replies whose score sat within a few points of the pass mark
(closest first), over the last ``WINDOW_DAYS`` days. Enter opens the session at
that reply in ``ReviewScreen``; a reply commented on or overridden leaves the
queue. Read in a worker. Names, titles and replies too wide for their column end
in 「…」 (the full row on hover); from 120 columns on the columns widen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from trainer.reports.figures import stamp
from trainer.reports.words import local_time
from trainer.services import review as service
from trainer.store import StoreError
from trainer.ui.context import Context
from trainer.ui.screens.progress import pass_mark
from trainer.ui.text import cells, score_text
from trainer.ui.theme import WIDE
from trainer.ui.widgets.fitted_table import Columns, FittedTable
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.wrap import para

WINDOW_DAYS = 30
# Fixed widths (cells) that fit 80 columns with the separators and a scrollbar; wider from 120 on.
COLUMNS: Columns = (("原因", 16), ("學員", 8), ("情境", 14), ("時間", 11), ("回覆", 19))
WIDE_COLUMNS: Columns = (("原因", 16), ("學員", 12), ("情境", 28), ("時間", 11), ("回覆", 39))


@dataclass
class QueueLoaded(Message):
    """A worker read the review queue."""

    rows: list[service.QueueRow]
    error: str = ""


def why_text(row: service.QueueRow) -> str:
    if row.why == "disagree":
        return f"考試 {score_text(row.score)}／教練 {score_text(row.other or 0)}"
    return f"接近及格 {score_text(row.score)}"


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
        table = FittedTable(id="rq-table", cursor_type="row", zebra_stripes=True)
        table.set_columns([(self.ctx.t(h), w) for h, w in COLUMNS])
        table.border_title = self.ctx.display.plain("待審的回覆")  # a titled panel at 120+ columns
        yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("待審")
        self.load()

    def on_resize(self) -> None:
        columns = WIDE_COLUMNS if self.size.width >= WIDE else COLUMNS
        if self.query_one("#rq-table", FittedTable).set_columns([(self.ctx.t(h), w) for h, w in columns]):
            self._fill()

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
        self.rows = message.rows
        self._fill()
        mark = pass_mark(self.ctx)
        status = message.error or (f"{len(self.rows)} 項待審（近 {WINDOW_DAYS} 天：考試和教練分數差很多的情境，"
                                   f"及格線 {score_text(mark)} ±{score_text(service.NEAR_PASS)} 的回覆）· Enter 審閱")
        self.query_one("#rq-status", Static).update(para(self.ctx.t(status)))

    def _fill(self) -> None:
        """The rows as last read, in the current columns (the cursor stays where it was)."""
        t = self.ctx.t
        table = self.query_one("#rq-table", FittedTable)
        cursor = table.cursor_row
        table.clear()
        for i, r in enumerate(self.rows):
            reply = r.reply.replace("\n", " ")  # one line: the full reply is on hover and in the review
            table.add_row(*cells(t(why_text(r)), r.user, t(r.title), local_time(r.at)[5:],
                                 t(reply) if reply else t("（整場）")), key=str(i))
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

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
