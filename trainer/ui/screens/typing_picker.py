"""Choose a typing-test passage (or a random one); each shows its length and the trainee's best."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.store import StoreError
from trainer.store import interviews as records
from trainer.ui.context import Context
from trainer.ui.interview_session import typing_bank
from trainer.ui.text import rate_text
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.wrap import para

if TYPE_CHECKING:
    from trainer.core.typing_test import TypingBank

RANDOM = "__random__"


def open_typing(app: App[Any], ctx: Context) -> None:
    """Home's 打字 entry: the picker, once the content is loaded."""

    def show() -> None:
        bank, problems = typing_bank(ctx.content)
        if bank is None:
            detail = "\n".join(str(p) for p in problems[:3])
            app.notify(ctx.t("打字測驗的段落有錯誤，無法開始：") + "\n" + detail, severity="error",
                       timeout=10)
            return
        app.push_screen(TypingPickerScreen(ctx, bank))

    app.when_loaded(show)  # type: ignore[attr-defined]


class TypingPickerScreen(Screen[None]):
    """The passages (see the module docstring); Enter starts the highlighted one."""

    AUTO_FOCUS = "#ty-passages"
    BINDINGS = [Binding("escape", "back", "返回", tooltip="回到首頁")]

    def __init__(self, ctx: Context, bank: TypingBank) -> None:
        super().__init__()
        self.ctx = ctx
        self.bank = bank
        self._best: dict[str, float] = {}  # passage id -> best speed, as last read
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t, mark = self.ctx.t, self.bank.pass_mark
        yield Header()
        intro = t(f"選一段客服話術來打。及格：{rate_text(mark.cpm)} 字/分鐘、正確率 {rate_text(mark.accuracy)}%；"
                  f"每次最多 {self.bank.time_limit // 60} 分鐘。")
        yield Static(para(intro), id="ty-intro", markup=False)
        yield OptionList(id="ty-passages", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("打字測驗")

    def on_screen_resume(self) -> None:
        self.refill()

    def refill(self) -> None:
        """The passages with the trainee's best speed on each: at once with the speeds read last
        time, again when the fresh ones (read off the UI thread) differ."""
        self._show_passages(self._best)
        self._read_best()

    @work(thread=True, exclusive=True, group="typing-best", exit_on_error=False)
    def _read_best(self) -> None:
        """The trainee's best speeds: a store read, so not on the UI thread (it may be a network away)."""
        best: dict[str, float] = {}
        try:
            for row in records.typing_results(self.ctx.store, self.ctx.user, limit=1000):
                best[row.passage_id] = max(best.get(row.passage_id, 0.0), row.cpm)
        except StoreError as error:
            self.app.call_from_thread(self.notify, self.ctx.t(f"無法讀取打字成績：{error}"),
                                      severity="error", timeout=10)
            return
        self.app.call_from_thread(self._best_read, best)

    def _best_read(self, best: dict[str, float]) -> None:
        if self.is_attached and best != self._best:  # else gone, or nothing new to show
            self._best = best
            self._show_passages(best)

    def _show_passages(self, best: dict[str, float]) -> None:
        from trainer.core.typing_test import characters

        t = self.ctx.t
        box = self.query_one("#ty-passages", OptionList)
        box.clear_options()
        box.add_option(Option(t("隨機一段"), id=RANDOM))
        for p in self.bank.passages:
            mine = t(f" · 最佳 {rate_text(best[p.id])} 字/分") if p.id in best else ""
            box.add_option(Option(t(f"{p.title}（{len(characters(p.text))} 字，{p.source}）") + mine,
                                  id=p.id))
        box.highlighted = 0

    @on(OptionList.OptionSelected, "#ty-passages")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        from trainer.ui.screens.typing import TypingScreen

        passage = self.bank.get(event.option.id or "")
        self.app.push_screen(TypingScreen(self.ctx, self.bank, passage))

    def action_back(self) -> None:
        self.dismiss()
