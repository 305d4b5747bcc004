"""指派: the manager's list of assignments — create (n), withdraw (x), see who is where.

Reached from the team view (F8) and the palette. One row per current
assignment: the item, to whom, the due day, the pass rule and the count of each
status among the people it reaches. The rows are read in a worker; creating
and withdrawing run in workers too, and a refusal (unknown item, past due day,
no manager role) is shown as the service words it. A title, target or rule too
wide for its column ends in 「…」 (the full row on hover); the selected
assignment is shown whole in the 詳情 panel — under the list at 80 columns,
beside it from 120 on — with where each person it reaches stands.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from trainer.services import assignments as svc
from trainer.services.assignments import AssignmentRow, Progress
from trainer.store import StoreError
from trainer.ui.context import Context
from trainer.ui.text import cells, rate_text, score_text
from trainer.ui.widgets.fitted_table import Columns, FittedTable
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.wrap import para

MODE_WORDS = {"coach": "教練", "exam": "考試"}
# Fixed widths (cells): 76 with the separators, so the list fits 80 columns (and its panel at 120+).
COLUMNS: Columns = (("編號", 4), ("項目", 20), ("對象", 8), ("截止", 10), ("規則", 12), ("進度", 10))


@dataclass
class AssignmentsLoaded(Message):
    """A worker read the assignments and where each person they reach stands (or the error)."""

    rows: list[tuple[AssignmentRow, list[Progress]]]
    error: str = ""


def minimum_text(row: AssignmentRow, value: float | None) -> str:
    """A typing minimum or best is a rate (字/分鐘, one decimal); any other a whole score."""
    return rate_text(value) if row.item_kind == "typing" else score_text(value)


def rule_text(row: AssignmentRow) -> str:
    unit = "字/分" if row.item_kind == "typing" else "分"
    text = f"≥{minimum_text(row, row.min_score)}{unit} ×{row.passes}"
    if row.max_attempts:
        text += f" 限{row.max_attempts}次"
    return text + (f" {MODE_WORDS[row.mode]}" if row.mode else "")


def counts_text(counts: Counter[str]) -> str:
    total = sum(counts.values())
    parts = [f"{s} {counts[s]}" for s in (svc.OVERDUE, svc.FAILED) if counts.get(s)]
    return "　".join([f"通過 {counts.get(svc.PASSED, 0)}/{total}", *parts])


def detail_text(row: AssignmentRow, people: list[Progress]) -> str:
    """The whole assignment, then one line per person it reaches (the 詳情 panel)."""
    mode = f"（{MODE_WORDS[row.mode]}）" if row.mode else ""
    lines = [f"{row.title}{mode}",
             f"{svc.KIND_WORDS.get(row.item_kind, row.item_kind)} {row.item_id} · 對象 {row.target}"
             f" · 截止 {row.due} · 編號 {row.id}",
             f"規則：{rule_text(row)} · 指派人 {row.created_by or '—'}",
             f"進度：{counts_text(Counter(p.status for p in people))}"]
    for p in people:
        used = f"{p.attempts}/{row.max_attempts}" if row.max_attempts else str(p.attempts)
        lines.append(f"{p.person}：{p.status} · 通過 {min(p.passes, row.passes)}/{row.passes}"
                     f" · 練了 {used} 次 · 最佳 {minimum_text(row, p.best)}")
    return "\n".join(lines)


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
        self.rows: list[tuple[AssignmentRow, list[Progress]]] = []
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.ctx.t("載入中…"), id="as-status", markup=False)
        with Container(id="as-body"):  # the details under the list, beside it at 120+ columns
            table = FittedTable(id="as-table", cursor_type="row", zebra_stripes=True)
            table.set_columns([(self.ctx.t(h), w) for h, w in COLUMNS])
            table.border_title = self.ctx.display.plain("目前的指派")
            yield table
            with VerticalScroll(id="as-detail") as detail:
                detail.border_title = self.ctx.display.plain("詳情")
                yield Static("", id="as-detail-text", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("指派")
        self.load()

    @work(thread=True, exclusive=True, group="assignments")
    def load(self) -> None:
        store = self.ctx.store
        try:
            today = svc.today_of(store)
            found = [(row, svc.progress(store, row, today)) for row in svc.current(store)]
        except StoreError as error:
            self.post_message(AssignmentsLoaded([], f"無法讀取指派：{error}"))
            return
        self.post_message(AssignmentsLoaded(found))

    @on(AssignmentsLoaded)
    def _loaded(self, message: AssignmentsLoaded) -> None:
        t = self.ctx.t
        self.rows = message.rows
        table = self.query_one("#as-table", FittedTable)
        cursor = table.cursor_row
        table.clear()
        for row, people in self.rows:
            counts = Counter(p.status for p in people)
            table.add_row(*cells(str(row.id), t(row.title), row.target, row.due, t(rule_text(row)),
                                 t(counts_text(counts))), key=str(row.id))
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        status = message.error or (f"{len(self.rows)} 個指派 · n 新增 · x 取消選中的指派" if self.rows
                                   else "目前沒有指派：按 n 新增。")
        self.query_one("#as-status", Static).update(para(t(status)))
        self._show_detail()

    @on(DataTable.RowHighlighted, "#as-table")
    def _show_detail(self) -> None:
        """The selected assignment whole, and where each person it reaches stands."""
        table = self.query_one("#as-table", FittedTable)
        index = table.cursor_row
        found = self.rows[index] if self.rows and 0 <= index < len(self.rows) else None
        self.query_one("#as-detail").display = found is not None  # no empty panel without assignments
        if found is not None:
            self.query_one("#as-detail-text", Static).update(para(self.ctx.t(detail_text(*found))))

    def _selected(self) -> AssignmentRow | None:
        table = self.query_one("#as-table", FittedTable)
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
