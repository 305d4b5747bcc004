"""Scenario picker: every scenario with its category, difficulty, best and last score.

Typing goes to the search box (type-to-search over title, category, tags and
id, in either script; the exact title first, then titles holding every word,
then the rest); ↑/↓ move through the list and Enter starts the highlighted
scenario. Category and difficulty filters sit beside the search box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Select, Static

from trainer.store import StoreError
from trainer.ui.context import Context
from trainer.ui.messages import ScenarioChosen
from trainer.ui.text import MODE_HELP, MODE_NAMES, NO_CONTROL, cell, cells, score_text
from trainer.ui.theme import WIDE
from trainer.ui.widgets.fitted_table import FittedTable
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.wrap import para

if TYPE_CHECKING:
    from trainer.core.models import Scenario

COLUMNS = (("情境", 32), ("分類", 16), ("難度", 4), ("最佳", 4), ("最近", 4), ("複習", 4))
WIDE_COLUMNS = (("情境", 56), ("分類", 28), ("難度", 4), ("最佳", 4), ("最近", 4), ("複習", 4))  # 120+ columns


def relevance(scenario: Scenario, query: str) -> int | None:
    """How well ``query`` fits (0 the exact title, 1 every word in the title, 2 in the other fields).

    None when some word of ``query`` is in none of title, category, tags and id.
    """
    from trainer.core.normalise import fold

    title, words = fold(scenario.title), [fold(w) for w in query.split()]
    if words and title == fold(query.strip()):
        return 0
    if all(w in title for w in words):
        return 1
    haystack = fold(" ".join((scenario.title, scenario.category, scenario.id, *scenario.tags)))
    return 2 if all(w in haystack for w in words) else None


def ranked(scenarios: list[Scenario], query: str) -> list[Scenario]:
    """The scenarios ``query`` matches, the most relevant first (list order among equals)."""
    scored = [(rank, s) for s in scenarios if (rank := relevance(s, query)) is not None]
    return [s for _rank, s in sorted(scored, key=lambda pair: pair[0])]


class PickerScreen(Screen[None]):
    """Choose a scenario and a mode (see the module docstring)."""

    BINDINGS = [
        Binding("enter", "choose", "開始", tooltip="開始練習選中的情境", priority=True),
        Binding("f2", "toggle_mode", "切換模式", tooltip="教練模式／考試模式"),
        Binding("down", "move(1)", "下一個", show=False, priority=True),
        Binding("up", "move(-1)", "上一個", show=False, priority=True),
        Binding("escape", "back", "返回", tooltip="回到首頁"),
    ]

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.mode = ctx.config.mode
        self.shown: list[Scenario] = []
        self.nothing_found = False  # the list is empty: its notice was shown once, not per keystroke
        # The trainee's figures as last read (off the UI thread): every keystroke refills from these.
        self._stats: dict[str, tuple[float | None, float | None, int]] = {}
        self._due: set[str] = set()
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        scenarios = self.ctx.scenarios()
        categories = sorted({s.category for s in scenarios if s.category})
        levels = sorted({s.difficulty for s in scenarios})
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder=t("輸入文字搜尋…"), id="search", restrict=NO_CONTROL)
            yield Select([(cell(t(c)), c) for c in categories], prompt=t("全部分類"), id="category")
            yield Select([(t(f"難度 {n}"), n) for n in levels], prompt=t("全部難度"),
                         id="difficulty")
        yield Static(id="mode-line", markup=False)
        table = FittedTable(id="scenarios", cursor_type="row", zebra_stripes=True)
        self._set_columns(table, COLUMNS)
        yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        self._show_mode()

    def on_resize(self) -> None:
        """Wider columns from 120 terminal columns on: fewer titles cut with 「…」."""
        columns = WIDE_COLUMNS if self.size.width >= WIDE else COLUMNS
        table = self.query_one("#scenarios", FittedTable)
        if [c.width for c in table.ordered_columns] != [w for _label, w in columns]:
            self._set_columns(table, columns)
            self.refill()

    def _set_columns(self, table: FittedTable, columns: tuple[tuple[str, int], ...]) -> None:
        table.clear(columns=True)
        for label, width in columns:
            table.add_column(cell(self.ctx.t(label)), width=width)

    def on_screen_resume(self) -> None:
        self.refill()  # the figures read last time, at once; the fresh ones follow from the worker
        self._read_figures()

    @work(thread=True, exclusive=True, group="picker-figures", exit_on_error=False)
    def _read_figures(self) -> None:
        """The trainee's scores and what is due, off the UI thread (the store may be a network away)."""
        try:
            stats = self.ctx.store.item_stats(self.ctx.user, "practice") if self.ctx.user else {}
            due = _due_ids(self.ctx)
        except StoreError as error:
            self.app.call_from_thread(self.notify, self.ctx.t(f"無法讀取成績：{error}"), severity="error",
                                      timeout=10)
            return
        self.app.call_from_thread(self._figures_read, stats, due)

    def _figures_read(self, stats: dict[str, tuple[float | None, float | None, int]], due: set[str]) -> None:
        if not self.is_attached or (stats, due) == (self._stats, self._due):
            return  # gone, or nothing new to show
        self._stats, self._due = stats, due
        self.refill()

    def refill(self) -> None:
        """Rebuild the list from the filters and the trainee's latest scores."""
        t = self.ctx.t
        table = self.query_one("#scenarios", DataTable)
        query = self.query_one("#search", Input).value
        category = self.query_one("#category", Select).value
        level = self.query_one("#difficulty", Select).value
        stats, due = self._stats, self._due
        self.shown = ranked([s for s in self.ctx.scenarios()
                             if (category is Select.NULL or s.category == category)
                             and (level is Select.NULL or s.difficulty == level)], query)
        table.clear()
        for s in self.shown:
            best, last, _attempts = stats.get(s.id, (None, None, 0))
            table.add_row(*cells(t(s.title), t(s.category), str(s.difficulty), _num(best), _num(last),
                                 t("到期") if s.id in due else ""), key=s.id)
        if not self.shown and not self.nothing_found:
            self.notify(t("沒有符合的情境"), timeout=2)
        self.nothing_found = not self.shown

    def _show_mode(self) -> None:
        t = self.ctx.t
        text = t(f"{MODE_NAMES[self.mode]}：{MODE_HELP[self.mode]}（F2 切換）")
        self.query_one("#mode-line", Static).update(para(text))

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        self.refill()

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self._choose()

    def _from_search(self) -> None:
        # Enter/↑/↓ are priority keys so they work while typing in the search box;
        # anywhere else (an open Select, the table itself) they keep their own meaning.
        if self.focused is not self.query_one("#search", Input):
            raise SkipAction()

    def action_choose(self) -> None:
        self._from_search()
        self._choose()

    def _choose(self) -> None:
        table = self.query_one("#scenarios", DataTable)
        if self.shown and 0 <= table.cursor_row < len(self.shown):
            self.post_message(ScenarioChosen(self.shown[table.cursor_row], self.mode))

    def action_move(self, step: int) -> None:
        self._from_search()
        table = self.query_one("#scenarios", DataTable)
        if self.shown:
            table.move_cursor(row=max(0, min(len(self.shown) - 1, table.cursor_row + step)))

    def action_toggle_mode(self) -> None:
        self.mode = "exam" if self.mode == "coach" else "coach"
        self._show_mode()

    def action_back(self) -> None:
        self.dismiss()


def _num(value: float | None) -> str:
    return score_text(value, "")


def _due_ids(ctx: Context) -> set[str]:
    """The scenarios due for review by the end of today (spaced practice, issue 6)."""
    from trainer.ui.screens.progress_home import due_items

    return {i.item_id for i in due_items(ctx) if i.kind == "practice"}
