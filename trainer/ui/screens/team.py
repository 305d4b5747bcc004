"""團隊: everyone in the database at a glance, for the manager — sortable and filterable.

Two views of one row per person. 總覽: last active, sessions, average, weakest
category, items due today, items flagged (failed many times) and the most-missed
key points over their whole history. 分類 (F5): the average of every category.
Type to filter (a name, a category or a key point, in either script); F3
changes the sort column (or click a heading), F4 reverses it (letters go to the
filter box); Enter opens that person's 進度, read-only. F6 審閱 lists that
person's practice sessions to review reply by reply; F7 待審 opens the review
queue (docs/review.md); F8 opens the manager's assignments (指派). The figures
come from a worker thread (a big team takes a second or so). At 120 columns
and more the names and categories get wider columns and the highlighted person
is shown whole in a 詳情 panel beside the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from trainer.reports.figures import MemberFigures, TeamFigures, local_tz, team_figures
from trainer.reports.words import level, local_time, window_text
from trainer.ui.context import Context
from trainer.ui.screens.progress import pass_mark
from trainer.ui.screens.progress_tables import LEVEL_STYLES
from trainer.ui.text import NO_CONTROL, cell, cells, score_text, visible
from trainer.ui.theme import WIDE
from trainer.ui.widgets.fitted_table import FittedTable
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.wrap import para

Cell = str | Text
DETAIL_COLUMNS = 34  # the 詳情 panel's width at 120+ columns (app.tcss #tm-detail)
SCROLLBAR = 2  # kept free for the table's vertical scrollbar


@dataclass(frozen=True)
class Column:
    """A column of the team table: its heading and width, how it sorts and what it shows."""

    heading: str
    width: int | None
    key: Callable[[MemberFigures], Any]  # missing values sort last, whichever the direction
    cell: Callable[[MemberFigures], Cell]


@dataclass
class TeamLoaded(Message):
    """A worker computed the team's figures."""

    figures: TeamFigures


def weakest_category(member: MemberFigures) -> tuple[str, float] | None:
    if not member.categories:
        return None
    name = min(member.categories, key=lambda c: (member.categories[c], c))
    return name, member.categories[name]


def _score(value: float | None) -> Text:
    return Text(score_text(value), style=LEVEL_STYLES[level(value)[1]])


def overview(t: Callable[[str], str], figures: TeamFigures, wide: bool = False) -> list[Column]:
    """The 總覽 columns; ``wide`` (120+ terminal columns): names and categories cut later."""
    def weak(m: MemberFigures) -> str:
        found = weakest_category(m)
        return f"{t(found[0])} {score_text(found[1])}" if found else "—"

    return [
        Column(t("學員"), 14 if wide else 10, lambda m: m.user, lambda m: m.user),
        Column(t("最近練習"), 11, lambda m: m.last_at or "", lambda m: local_time(m.last_at, figures.tz)[5:]),
        Column(t("場數"), 4, lambda m: m.sessions, lambda m: str(m.sessions)),
        Column(t("平均"), 4, lambda m: -1 if m.average is None else m.average, lambda m: _score(m.average)),
        Column(t("最弱分類"), 14 if wide else 12, lambda m: min(m.categories.values(), default=101), weak),
        Column(t("到期"), 4, lambda m: m.due, lambda m: str(m.due) if m.due else ""),
        Column(t("待加強"), 6, lambda m: len(m.leeches), lambda m: str(len(m.leeches)) if m.leeches else ""),
        Column(t("最弱要點"), None, lambda m: m.weakest[0].missed if m.weakest else 0,
               lambda m: t("、".join(f"{w.label}×{w.missed}" for w in m.weakest))),
    ]


def by_category(t: Callable[[str], str], figures: TeamFigures, wide: bool = False) -> list[Column]:
    def group(name: str) -> Column:
        short = t(name.removeprefix("面試/"))
        return Column(short, max(4, 2 * len(short)), lambda m: m.categories.get(name, -1),
                      lambda m: _score(m.categories.get(name)))

    return [Column(t("學員"), 14 if wide else 10, lambda m: m.user, lambda m: m.user),
            Column(t("平均"), 4, lambda m: -1 if m.average is None else m.average, lambda m: _score(m.average)),
            *(group(name) for name in figures.groups)]


def member_text(t: Callable[[str], str], m: MemberFigures, figures: TeamFigures) -> str:
    """The selected person whole (the 詳情 panel beside the table at 120+ columns)."""
    lines = [visible(m.user),
             t(f"最近練習 {local_time(m.last_at, figures.tz) if m.last_at else '—'}"),
             t(f"{m.sessions} 場 · {m.replies} 句 · 平均 {score_text(m.average, '—')}"),
             t(f"今日到期 {m.due} · 待加強 {len(m.leeches)}")]
    if m.categories:
        lines.append(t("分類：") + " · ".join(f"{t(name)} {score_text(value)}"
                                              for name, value in sorted(m.categories.items())))
    if m.weakest:
        lines.append(t(f"最弱要點（{window_text(figures.window_days)}）：")
                     + "、".join(f"{t(w.label)}×{w.missed}" for w in m.weakest))
    if m.leeches:
        lines.append(t("待加強：") + "、".join(t(title) for title in m.leeches))
    return "\n".join(lines)


class TeamScreen(Screen[None]):
    """Everyone's progress (see the module docstring)."""

    AUTO_FOCUS = "#tm-filter"
    BINDINGS = [
        Binding("enter", "open", "開啟", tooltip="查看選中學員的進度（唯讀）", priority=True),
        Binding("down", "move(1)", "下一個", show=False, priority=True),
        Binding("up", "move(-1)", "上一個", show=False, priority=True),
        # Sorting is also a click on a heading; F3/F4 stay in the palette (^p) so the footer fits 80 columns.
        Binding("f3", "sort", "排序", tooltip="換一個排序欄位", show=False),
        Binding("f4", "reverse", "反向", tooltip="反轉排序方向", show=False),
        Binding("f5", "view", "分類／總覽", tooltip="在總覽和各分類平均分之間切換"),
        Binding("f6", "review", "審閱", tooltip="逐句審閱選中學員的練習：評語、改分、教評分"),
        Binding("f7", "queue", "待審", tooltip="先看接近及格線、或考試和教練分數差很多的回覆"),
        Binding("f8", "assignments", "指派", tooltip="新增、查看和取消指派（截止日期和通過規則）"),
        Binding("escape", "back", "返回", tooltip="回到首頁"),
    ]

    def __init__(self, ctx: Context, reviewer: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.reviewer = reviewer  # who unlocked the team view: signs comments and overrides
        self.figures: TeamFigures | None = None
        self.categories = False  # the 分類 view
        self.sort_column = 1  # last active, most recent first
        self.descending = True
        self.shown: list[MemberFigures] = []
        self._width = 0  # the screen's width the table was filled for
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        yield Header()
        yield Input(placeholder=t("篩選：姓名、分類或要點…"), id="tm-filter", restrict=NO_CONTROL)
        yield Static(t("載入中…"), id="tm-status", markup=False)
        with Vertical(id="tm-body"):
            table = FittedTable(id="tm-table", cursor_type="row", zebra_stripes=True)
            table.border_title = self.ctx.display.plain("學員")  # a titled panel at 120+ columns
            yield table
            with VerticalScroll(id="tm-detail") as detail:  # shown at 120+ columns only
                detail.border_title = self.ctx.display.plain("詳情")
                yield Static("", id="tm-detail-text", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("團隊進度")
        self.load()

    @property
    def wide(self) -> bool:
        """120+ terminal columns: wider columns, the person's details beside."""
        return self._width >= WIDE

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._width = self.size.width
            self.refill()  # the last column takes what the others leave: cut with 「…」, never hidden

    @work(thread=True, exclusive=True, group="team")
    def load(self) -> None:
        now = self.ctx.config.now().astimezone(local_tz())
        figures = team_figures(self.ctx.store, now=now, tz=now.tzinfo or local_tz(), pass_mark=pass_mark(self.ctx))
        self.post_message(TeamLoaded(figures))

    @on(TeamLoaded)
    def _loaded(self, message: TeamLoaded) -> None:
        self.figures = message.figures
        self.refill()

    @on(Input.Changed, "#tm-filter")
    def _filter_changed(self) -> None:
        self.refill()

    @property
    def columns(self) -> list[Column]:
        assert self.figures is not None
        return (by_category if self.categories else overview)(self.ctx.t, self.figures, self.wide)

    def refill(self) -> None:
        """Filter, sort and show the rows."""
        if self.figures is None:
            return
        t, columns = self.ctx.t, self.columns
        query = self.query_one("#tm-filter", Input).value
        key = columns[self.sort_column].key
        self.shown = sorted((m for m in self.figures.members if self._matches(m, query)),
                            key=lambda m: (key(m), m.user), reverse=self.descending)
        table: DataTable[Cell] = self.query_one("#tm-table", DataTable)
        table.clear(columns=True)
        for column in columns:
            table.add_column(cell(column.heading), width=column.width or self._rest_width(columns))
        for m in self.shown:
            table.add_row(*cells(*(column.cell(m) for column in columns)), key=m.user)
        order = t("由高到低" if self.descending else "由低到高")
        view = t("分類平均" if self.categories else "總覽")
        self.query_one("#tm-status", Static).update(
            t(f"{len(self.shown)}／{len(self.figures.members)} 人 · {view} · 依「") + columns[self.sort_column].heading
            + t(f"」{order}（F3 換欄位，F4 反向，F5 切換）· 弱項看{window_text(self.figures.window_days)}"))
        self._show_detail()

    def _rest_width(self, columns: list[Column]) -> int:
        """The cells left for the column without a width of its own (the table's last)."""
        table = self.size.width - (DETAIL_COLUMNS + 2 if self.wide else 0)  # the panel, the table's border
        fixed = sum((c.width or 0) + 2 for c in columns)  # each cell, this one too, has a space either side
        heading = max(cell_len(c.heading) for c in columns if c.width is None)
        return max(heading, table - SCROLLBAR - fixed)

    @on(DataTable.RowHighlighted, "#tm-table")
    def _show_detail(self) -> None:
        """The highlighted person whole in the 詳情 panel (drawn at 120+ columns only)."""
        member = self._member()
        text = member_text(self.ctx.t, member, self.figures) if member and self.figures else ""
        self.query_one("#tm-detail-text", Static).update(para(text))

    def _matches(self, m: MemberFigures, query: str) -> bool:
        if not query.strip():
            return True
        from trainer.core.normalise import fold

        haystack = fold(" ".join((m.user, *m.categories, *(w.label for w in m.weakest), *m.leeches)))
        return all(fold(word) in haystack for word in query.split())

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        if event.column_index == self.sort_column:
            self.descending = not self.descending
            self.refill()
        else:
            self._sort_by(event.column_index)

    def action_sort(self) -> None:
        if self.figures is not None:
            self._sort_by((self.sort_column + 1) % len(self.columns))

    def _sort_by(self, column: int) -> None:
        """A new sort column starts with the most first (names: A to Z)."""
        self.sort_column, self.descending = column, column != 0
        self.refill()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.refill()

    def action_view(self) -> None:
        self.categories = not self.categories
        self._sort_by(1)  # by last active (總覽) or by average (分類)

    def action_move(self, step: int) -> None:
        table = self.query_one("#tm-table", DataTable)
        if self.shown:
            table.move_cursor(row=max(0, min(len(self.shown) - 1, table.cursor_row + step)))

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_open()

    def _member(self) -> MemberFigures | None:
        table = self.query_one("#tm-table", DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _chosen(self) -> str | None:
        member = self._member()
        return member.user if member else None

    def action_open(self) -> None:
        user = self._chosen()
        if user is None:
            return
        from trainer.ui.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen(self.ctx, user))

    def _as_reviewer(self, then: Callable[[str], object]) -> None:
        """Run ``then(reviewer)``: at once when the team view was unlocked by name, else after the gate."""
        if self.reviewer:
            then(self.reviewer)
            return
        from trainer.ui.screens.review_gate import manager_only

        def unlocked(name: str) -> None:
            self.reviewer = name
            then(name)

        manager_only(self.app, self.ctx, unlocked)

    def action_review(self) -> None:
        user = self._chosen()
        if user is None:
            return
        from trainer.ui.screens.review_sessions import ReviewSessionsScreen

        self._as_reviewer(lambda name: self.app.push_screen(ReviewSessionsScreen(self.ctx, user, name)))

    def action_queue(self) -> None:
        from trainer.ui.screens.review_queue import ReviewQueueScreen

        self._as_reviewer(lambda name: self.app.push_screen(ReviewQueueScreen(self.ctx, name)))

    def action_assignments(self) -> None:
        from trainer.ui.screens.assignments import AssignmentsScreen

        self.app.push_screen(AssignmentsScreen(self.ctx))

    def action_back(self) -> None:
        self.dismiss()
