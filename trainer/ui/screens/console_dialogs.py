"""The interviewer console's three small dialogs: override a score, add a note, decide."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from trainer.store.interviews import DECISIONS
from trainer.ui.context import Context
from trainer.ui.text import NO_CONTROL, score_text
from trainer.ui.widgets.key_footer import KeyFooter


class _Dialog(ModalScreen[object]):
    """A titled box; Esc cancels (dismisses with None)."""

    BINDINGS = [Binding("escape", "cancel", "取消", tooltip="不保存，關閉")]

    def __init__(self, ctx: Context, title: str) -> None:
        super().__init__(classes="console-dialog")
        self.ctx = ctx
        self.heading = title
        ctx.display.bindings(self)

    def _error(self, message: str) -> None:
        self.query_one(".dialog-error", Static).update(self.ctx.t(message))

    def action_cancel(self) -> None:
        self.dismiss(None)


class OverrideDialog(_Dialog):
    """A new score (0–100) and why; dismisses with ``(score, reason)``."""

    def __init__(self, ctx: Context, title: str, current: float, *, need_reason: bool = False) -> None:
        super().__init__(ctx, title)
        self.current = current
        self.need_reason = need_reason  # a manager's override of practice must say why

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        with Vertical(classes="dialog-box"):
            yield Static(t(self.heading), classes="dialog-title", markup=False)
            now = score_text(self.current)
            yield Static(t(f"目前採計 {now} 分；自動分數會保留，不會被取代。"), classes="hint-line", markup=False)
            yield Input(placeholder=t("新分數 0–100"), type="number", id="ov-score", compact=True)
            yield Input(placeholder=t("理由（必填）" if self.need_reason else "理由（建議填寫）"), id="ov-reason",
                        compact=True, restrict=NO_CONTROL)
            yield Static("", classes="dialog-error", markup=False)
            yield Static(t("Enter 保存 · Esc 取消"), classes="hint-line", markup=False)
        yield KeyFooter()  # this dialog's keys, over those of the screen below

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            score = float(self.query_one("#ov-score", Input).value)
        except ValueError:
            score = -1.0
        if not 0 <= score <= 100:
            self._error("分數要在 0 到 100 之間。")
            self.query_one("#ov-score", Input).focus()
            return
        if event.input.id == "ov-score":
            self.query_one("#ov-reason", Input).focus()
            return
        reason = self.query_one("#ov-reason", Input).value
        if self.need_reason and not reason.strip():
            self._error("請寫改分的理由（學員看得到）。")
            return
        self.dismiss((score, reason))


class NoteDialog(_Dialog):
    """A note on an answer; dismisses with its text."""

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        with Vertical(classes="dialog-box"):
            yield Static(t(self.heading), classes="dialog-title", markup=False)
            yield Input(placeholder=t("備註"), id="note-text", compact=True, restrict=NO_CONTROL)
            yield Static("", classes="dialog-error", markup=False)
            yield Static(t("Enter 保存 · Esc 取消"), classes="hint-line", markup=False)
        yield KeyFooter()  # this dialog's keys, over those of the screen below

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self._error("備註是空的。")
            return
        self.dismiss(event.value)


class ChoiceSet(RadioSet):
    """A radio set where the arrow keys choose (Textual's only move the highlight until Space)."""

    def action_next_button(self) -> None:
        super().action_next_button()
        self._choose_highlighted()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self._choose_highlighted()

    def _choose_highlighted(self) -> None:
        if self._selected is not None:
            button = self._nodes[self._selected]
            if isinstance(button, RadioButton):
                button.value = True


class DecisionDialog(_Dialog):
    """錄用 / 待定 / 不錄用 and a comment; dismisses with ``(decision, comment)``."""

    def __init__(self, ctx: Context, title: str, current: str | None) -> None:
        super().__init__(ctx, title)
        self.current = current

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        with Vertical(classes="dialog-box"):
            yield Static(t(self.heading), classes="dialog-title", markup=False)
            with ChoiceSet(id="decision"):
                for d in DECISIONS:
                    yield RadioButton(t(d), value=d == self.current, name=d)
            yield Input(placeholder=t("說明（例如：打字太慢，兩週後再試）"), id="decision-comment",
                        compact=True, restrict=NO_CONTROL)
            yield Static("", classes="dialog-error", markup=False)
            yield Static(t("↑↓ 選擇 · Tab 到說明 · Enter 保存 · Esc 取消"), classes="hint-line", markup=False)
        yield KeyFooter()  # this dialog's keys, over those of the screen below

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is None or pressed.name is None:
            self._error("請先選擇 錄用、待定 或 不錄用。")
            self.query_one(RadioSet).focus()
            return
        self.dismiss((pressed.name, event.value))
