"""進度: a trainee's progress — trend, mastery, most-missed points, spaced practice and history.

The figures (``trainer.reports.figures.user_figures``) are computed in a worker
thread and arrive as ``ProgressLoaded``; the screen shows a summary line and
five tabs. Enter acts on the highlighted row: on a missed key point it starts a
scenario that trains it, on a scheduled item it starts that scenario, on a past
session it opens it read-only. A manager may open anyone's progress from the
team view: then it is read-only (nothing starts a practice in their name).
At 120 columns and more the tables get wider title columns and a 詳情 panel
beside each shows the highlighted row whole (a weak point: every place missed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Sparkline, Static, TabbedContent, TabPane

from trainer.reports.figures import UserFigures, local_tz, user_figures
from trainer.ui.context import Context
from trainer.ui.messages import ScenarioChosen
from trainer.ui.screens import progress_tables as tables
from trainer.ui.text import cell, cells
from trainer.ui.theme import WIDE
from trainer.ui.widgets.fitted_table import FittedTable
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.widgets.trend_chart import TrendChart
from trainer.ui.wrap import para

if TYPE_CHECKING:
    from trainer.core.models import Scenario

TABS = (("trend", "走勢"), ("mastery", "掌握度"), ("missed", "弱項"), ("schedule", "複習"), ("history", "紀錄"))
TREND_DAYS = 60  # the sparkline of sessions per day covers this many calendar days
OPENS = {"train_point": "missed", "practise_item": "schedule", "open_session": "history"}  # Enter per tab


@dataclass
class ProgressLoaded(Message):
    """A worker computed the figures of the trainee shown."""

    figures: UserFigures
    notes: list[str] = field(default_factory=list)  # certificates, this week's leaderboards


def question_categories(ctx: Context) -> dict[tuple[str, str], str]:
    """Each interview question's own category, when the content is loaded (the store only knows 面試)."""
    if ctx.content is None:
        return {}
    return {("question", q.id): q.category for q in ctx.content.questions.values() if q.category}


def notes(ctx: Context, user: str, *, own: bool) -> list[str]:
    """Lines under the summary (worker thread): the person's certificates (``own``: any just earned
    is issued first) and, on their own progress, this week's leaderboard of each group that has one on."""
    from trainer.reports.words import local_time
    from trainer.services import certificates as certs
    from trainer.services import leaderboard

    if own:
        certs.check(ctx.store, user)
    found = [f"證書：{c.track}（{local_time(c.issued_at)[:10]}）" for c in certs.of(ctx.store, user)]
    if own:
        found += [leaderboard.line(leaderboard.board(ctx.store, g), g, user)
                  for g in leaderboard.boards_of(ctx.store, user)]
    return found


def pass_mark(ctx: Context) -> float:
    return ctx.content.settings.pass_mark if ctx.content is not None else 60.0


def scenario_for_point(ctx: Context, label: str, missed_in: list[str]) -> Scenario | None:
    """A scenario that trains the key point ``label``: where it was missed most, else any that has it."""
    if ctx.content is None:
        return None
    for item_id in missed_in:
        if item_id in ctx.content.scenarios:
            return ctx.content.scenarios[item_id]
    for scenario in ctx.scenarios():
        if any(node.rubric and any(p.label == label for p in node.rubric.points)
               for node in scenario.nodes.values()):
            return scenario
    return None


class ProgressScreen(Screen[None]):
    """One person's progress (see the module docstring)."""

    AUTO_FOCUS = "ContentTabs"  # ←/→ switch tabs there; 1–5 jump to a tab and its table
    BINDINGS = [
        # One Enter per tab that has something to open; check_action keeps only the current one.
        Binding("enter", "train_point", "練這個要點", tooltip="開始一個練這個要點的情境", priority=True),
        Binding("enter", "practise_item", "練習", tooltip="開始練習選中的項目", priority=True),
        Binding("enter", "open_session", "查看", tooltip="打開選中的紀錄（唯讀）", priority=True),
        Binding("1", "show('trend')", "走勢", show=False, tooltip="平均分走勢和每天場數"),
        Binding("2", "show('mastery')", "掌握度", show=False, tooltip="各分類的掌握度"),
        Binding("3", "show('missed')", "弱項", show=False, tooltip="最常漏掉的要點"),
        Binding("4", "show('schedule')", "複習", show=False, tooltip="每個項目的下次複習日"),
        Binding("5", "show('history')", "紀錄", show=False, tooltip="每一次練習，可打開查看"),
        Binding("escape", "back", "返回", tooltip="回到上一頁"),
    ]

    def __init__(self, ctx: Context, user: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.user = user or ctx.user
        self.own = self.user == ctx.user  # someone else's progress (team view) is read-only
        self.figures: UserFigures | None = None
        self.wide = False  # 120+ terminal columns: wider columns, the row's details beside
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        yield Header()
        yield Static(t("載入中…"), id="pg-summary", markup=False)
        yield Static("", id="pg-certs", markup=False)
        with TabbedContent(id="pg-tabs"):
            with TabPane(t("1 走勢"), id="trend"):
                yield Static(t(f"平均分走勢（每欄一個練習日，虛線是及格線 {pass_mark(self.ctx):.0f}）"),
                             classes="pg-caption", markup=False)
                yield TrendChart(id="pg-trend")
                yield Static(id="pg-days-caption", classes="pg-caption", markup=False)
                yield Sparkline([], id="pg-days")
            for number, (key, label) in enumerate(TABS[1:], 2):
                # The table alone at 80 columns; at 120+ the highlighted row whole beside it.
                with TabPane(t(f"{number} {label}"), id=key), Vertical(classes="pg-body"):
                    yield FittedTable(id=f"pg-{key}", cursor_type="row", zebra_stripes=True)
                    with VerticalScroll(id=f"pg-{key}-detail", classes="pg-detail") as detail:
                        detail.border_title = self.ctx.display.plain("詳情")
                        yield Static("", id=f"pg-{key}-text", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("進度：" + self.user)
        self.query_one("#pg-certs").display = False
        self.load()

    def on_screen_resume(self) -> None:
        if self.figures is not None:  # back from a practice or a past session: refresh
            self.load()

    def on_resize(self) -> None:
        wide = self.size.width >= WIDE
        if wide != self.wide:
            self.wide = wide
            if self.figures is not None:
                self._fill_tables(self.figures)

    @work(thread=True, exclusive=True, group="progress")
    def load(self) -> None:
        """Compute the figures off the UI thread."""
        now = self.ctx.config.now().astimezone(local_tz())
        figures = user_figures(self.ctx.store, self.user, now=now, tz=now.tzinfo or local_tz(),
                               pass_mark=pass_mark(self.ctx), categories=question_categories(self.ctx))
        self.post_message(ProgressLoaded(figures, notes(self.ctx, self.user, own=self.own)))

    @on(ProgressLoaded)
    def _loaded(self, message: ProgressLoaded) -> None:
        f = self.figures = message.figures
        t = self.ctx.t
        self.query_one("#pg-summary", Static).update(para(tables.summary(f, t)))
        certs = self.query_one("#pg-certs", Static)
        certs.update(t("\n".join(message.notes)))
        certs.display = bool(message.notes)
        chart = self.query_one(TrendChart)
        chart.pass_mark = f.pass_mark
        chart.points = tuple((d.day.strftime("%m-%d"), d.average) for d in f.days)
        self._show_days(f)
        self._fill_tables(f)
        self.refresh_bindings()

    def _fill_tables(self, f: UserFigures) -> None:
        for key, build in (("mastery", tables.mastery), ("missed", tables.missed),
                           ("schedule", tables.schedule), ("history", tables.history)):
            self._fill(key, *build(f, self.ctx.t, self.wide))

    def _show_days(self, f: UserFigures) -> None:
        """Sessions per calendar day over the last ``TREND_DAYS`` days, and the replies in them."""
        per_day = {d.day: d for d in f.days}
        window = [per_day.get(f.now.date() - timedelta(days=n)) for n in range(TREND_DAYS - 1, -1, -1)]
        counts = [float(d.sessions) if d else 0.0 for d in window]
        replies = sum(d.replies for d in window if d)
        self.query_one("#pg-days", Sparkline).data = counts
        caption = f"最近 {TREND_DAYS} 天：共 {sum(counts):.0f} 場、{replies} 句回覆（最多一天 {max(counts):.0f} 場）"
        self.query_one("#pg-days-caption", Static).update(self.ctx.t(caption))

    def _fill(self, key: str, columns: tables.Columns, rows: list[tables.Row]) -> None:
        table: DataTable[tables.Cell] = self.query_one(f"#pg-{key}", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        for label, width in columns:
            table.add_column(cell(label), width=width)
        for row_key, row in rows:
            table.add_row(*cells(*row), key=row_key)
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        self._show_detail(key)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail((event.data_table.id or "").removeprefix("pg-"))

    def _show_detail(self, key: str) -> None:
        """The highlighted row of ``key``'s table whole in its 詳情 panel (drawn at 120+ columns only)."""
        table = self.query_one(f"#pg-{key}", FittedTable)
        text = ""
        if table.row_count and self.figures is not None:
            row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            missed = key == "missed"  # every place it was missed instead of the column's first three
            extra = tables.missed_places(self.figures, str(row_key.value), self.ctx.t) if missed else []
            shown = slice(0, 3 if missed else None)
            text = tables.detail([c.label.plain for c in table.ordered_columns][shown],
                                 table.full_row(row_key)[shown], extra)
        self.query_one(f"#pg-{key}-text", Static).update(para(text))

    # ------------------------------------------------------------ actions

    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active

    def action_show(self, key: str) -> None:
        self.query_one(TabbedContent).active = key
        if key != "trend":
            self.query_one(f"#pg-{key}", DataTable).focus()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()  # Enter means something on some tabs only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = OPENS.get(action)
        if tab is None:
            return True
        if self.tab != tab or self.figures is None or not self._current():
            return False
        # Someone else's progress: shown, but dimmed — nothing starts a practice in their name.
        return True if self.own or action == "open_session" else None

    def _current(self) -> str:
        """The key of the highlighted row of the current tab's table ("" if none)."""
        if self.tab == "trend":
            return ""
        table = self.query_one(f"#pg-{self.tab}", DataTable)
        if not table.row_count:
            return ""
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:  # a mouse click
        event.stop()
        action = {tab: action for action, tab in OPENS.items()}.get(self.tab)
        if action is not None:
            getattr(self, f"action_{action}")()

    def action_open_session(self) -> None:
        from trainer.ui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.ctx, int(self._current())))

    def action_practise_item(self) -> None:
        kind, _, item_id = self._current().partition(":")
        self._practise(kind, item_id)

    def action_train_point(self) -> None:
        assert self.figures is not None
        label = self._current()
        found = next((m for m in self.figures.missed if m.label == label), None)
        missed_in = [item for kind, item, _title, _n in (found.items if found else ()) if kind == "practice"]
        scenario = scenario_for_point(self.ctx, label, missed_in)
        if scenario is None:
            self.notify(self.ctx.t(f"「{label}」出自面試題，沒有情境練這個要點；請在面試模式練習。"))
            return
        self._start(scenario)

    def _practise(self, kind: str, item_id: str) -> None:
        if kind != "practice":
            self.notify(self.ctx.t("面試題要在面試模式練習。"))
            return
        scenario = self.ctx.content.scenarios.get(item_id) if self.ctx.content else None
        if scenario is None:
            self.notify(self.ctx.t("這個情境不在目前的內容中。"), severity="warning")
            return
        self._start(scenario)

    def _start(self, scenario: Scenario) -> None:
        if not self.own:
            self.notify(self.ctx.t(f"這是 {self.user} 的進度；只能查看，不能替他練習。"))
            return
        self.post_message(ScenarioChosen(scenario, self.ctx.config.mode))

    def action_back(self) -> None:
        self.dismiss()
