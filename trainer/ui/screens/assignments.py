"""指派: the manager's list of assignments — create (n), withdraw (x), see who is where.

Reached from the team view (F8) and the palette. One row per current
assignment: the item, to whom, the due day, the pass rule and the count of each
status among the people it reaches. The rows are read in a worker; creating
and withdrawing run in workers too, and a refusal (unknown item, past due day,
no manager role) is shown as the service words it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from trainer.services import assignments as svc
from trainer.services.assignments import AssignmentRow
from trainer.ui.context import Context
from trainer.ui.text import cell, cells

MODE_WORDS = {"coach": "教練", "exam": "考試"}


@dataclass
class AssignmentsLoaded(Message):
    """A worker read the assignments and the status counts of each."""

    rows: list[tuple[AssignmentRow, Counter[str]]]


def rule_text(row: AssignmentRow) -> str:
    unit = "字/分" if row.item_kind == "typing" else "分"
    text = f"≥{row.min_score:g}{unit} ×{row.passes}"
    if row.max_attempts:
        text += f" 限{row.max_attempts}次"
    return text + (f" {MODE_WORDS[row.mode]}" if row.mode else "")


def counts_text(counts: Counter[str]) -> str:
    total = sum(counts.values())
    parts = [f"{s} {counts[s]}" for s in (svc.OVERDUE, svc.FAILED) if counts.get(s)]
    return "　".join([f"通過 {counts.get(svc.PASSED, 0)}/{total}", *parts])


class AssignmentsScreen(Screen[None]):
    """Every current assignment (see the module docstring)."""

    AUTO_FOCUS = "#as-table"
    BINDINGS = [
        Binding("n", "new", "新增指派", tooltip="指派情境、分類、面試題組或打字給學員或組"),
        Binding("x", "remove", "取消指派", tooltip="取消選中的指派（紀錄會保留）"),
        Binding("escape", "back", "返回", tooltip="回到團隊進度"),
    ]

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[tuple[AssignmentRow, Counter[str]]] = []
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.ctx.t("載入中…"), id="as-status", markup=False)
        yield DataTable(id="as-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.ctx.t("指派")
        self.load()

    @work(thread=True, exclusive=True, group="assignments")
    def load(self) -> None:
        store = self.ctx.store
        today = svc.today_of(store)
        found = [(row, Counter(p.status for p in svc.progress(store, row, today)))
                 for row in svc.current(store)]
        self.post_message(AssignmentsLoaded(found))

    @on(AssignmentsLoaded)
    def _loaded(self, message: AssignmentsLoaded) -> None:
        t = self.ctx.t
        self.rows = message.rows
        table: DataTable[object] = self.query_one("#as-table", DataTable)
        table.clear(columns=True)
        for heading, width in (("編號", 4), ("項目", 22), ("對象", 8), ("截止", 10), ("規則", 12), ("進度", None)):
            table.add_column(cell(t(heading)), width=width)
        for row, counts in self.rows:
            table.add_row(*cells(str(row.id), t(row.title), row.target, row.due, t(rule_text(row)),
                                 t(counts_text(counts))), key=str(row.id))
        self.query_one("#as-status", Static).update(
            t(f"{len(self.rows)} 個指派 · n 新增 · x 取消選中的指派") if self.rows else t("目前沒有指派：按 n 新增。"))

    def _selected(self) -> AssignmentRow | None:
        table = self.query_one("#as-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row][0]

    def action_new(self) -> None:
        from trainer.ui.screens.assign_form import AssignForm

        def saved(ids: list[int] | None) -> None:
            if ids:
                self.load()

        def opened() -> None:
            self.app.push_screen(AssignForm(self.ctx), saved)

        when_loaded = getattr(self.app, "when_loaded", None)
        if callable(when_loaded):
            when_loaded(opened)
        else:
            opened()

    def action_remove(self) -> None:
        row = self._selected()
        if row is not None:
            self._remove(row.id)

    @work(thread=True, group="assignments-write")
    def _remove(self, assignment_id: int) -> None:
        try:
            row = svc.remove(self.ctx.store, assignment_id, by=self.ctx.user or None)
        except svc.AssignError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, self.ctx.t(f"已取消指派 {row.id}：{row.title}"))
        self.app.call_from_thread(self.load)

    def action_back(self) -> None:
        self.dismiss()
