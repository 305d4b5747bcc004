"""Who is practising: asks a name once (it is remembered in the store's settings)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trainer.ui.context import Context
from trainer.ui.text import NO_CONTROL, visible
from trainer.ui.widgets.key_footer import KeyFooter

MAX_NAME = 40


class NamePrompt(ModalScreen[str | None]):
    """A one-field dialog; dismisses with the name, or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "取消", tooltip="不輸入名字")]

    def __init__(self, ctx: Context, current: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.current = current
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        with Vertical(id="name-dialog"):
            yield Static(t("您好！請輸入您的名字，練習紀錄會記在這個名字下。"), id="name-question", markup=False)
            yield Input(visible(self.current), placeholder=t("名字"), max_length=MAX_NAME, id="name",
                        restrict=NO_CONTROL)
            yield Static(t("Enter 確定 · Esc 取消"), classes="hint-line", markup=False)
        yield KeyFooter()  # this dialog's keys, over those of the screen below

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
