"""A yes/no question before something that cannot be undone (丟棄這段對話？).

``y`` or the 確定 button answers yes; ``n``, Esc or 取消 answers no. The
cancelling button has focus, so a stray Enter never throws anything away.
Dismisses with True (yes) or False.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from trainer.ui.context import Context
from trainer.ui.text import plain
from trainer.ui.widgets.key_footer import KeyFooter


class ConfirmDialog(ModalScreen[bool]):
    """Ask ``question`` about ``subject``; ``yes`` names what happens (see the module docstring)."""

    AUTO_FOCUS = "#cf-no"
    BINDINGS = [
        Binding("y", "answer(True)", "確定", tooltip="確定這樣做"),
        Binding("n", "answer(False)", "取消", tooltip="不做，關閉"),
        Binding("escape", "answer(False)", "取消", show=False),
    ]

    def __init__(self, ctx: Context, question: str, subject: str, yes: str) -> None:
        super().__init__(classes="console-dialog")
        self.ctx = ctx
        self.question = question
        self.subject = subject
        self.yes = yes
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        with Vertical(classes="dialog-box", id="cf-box"):
            yield Static(t(self.question), classes="dialog-title", markup=False)
            yield Static(t(self.subject), id="cf-subject", markup=False)
            with Horizontal(id="cf-buttons"):
                yield Button(plain(t(f"{self.yes}（y）")), id="cf-yes", variant="error")
                yield Button(plain(t("取消（n）")), id="cf-no")
        yield KeyFooter()  # this dialog's keys, over the screen's below (which do nothing now)

    def on_mount(self) -> None:
        self.query_one("#cf-box").border_title = plain(self.ctx.t("請確認"))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "cf-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
