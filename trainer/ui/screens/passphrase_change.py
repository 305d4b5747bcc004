"""Changing the staff passphrase: the current one first (with the same back-off as the lock), then the new one twice.

Opened from the interviewer desk (``p``). Dismisses True once changed, False on
Esc. A forgotten passphrase cannot be changed here: the machine owner resets it
with ``trainer passphrase --reset`` (docs/interview.md).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trainer.store import StoreError, access
from trainer.store import interviews as records
from trainer.ui.context import Context
from trainer.ui.screens.lock import MIN_PASSPHRASE
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.workers import running

FIELDS = ("#pw-current", "#pw-new", "#pw-again")


class PassphraseChangeScreen(ModalScreen[bool]):
    """Current passphrase, new passphrase, new passphrase again (see the module docstring)."""

    BINDINGS = [Binding("escape", "cancel", "取消", tooltip="不改密碼，回到原來的畫面")]

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        with Vertical(id="lock-dialog"):
            yield Static(t("更改員工密碼"), id="lock-title", markup=False)
            yield Static(t(f"新密碼至少 {MIN_PASSPHRASE} 個字元；主管和面試官都用這個密碼。"),
                         classes="hint-line", markup=False)
            # Labels above the fields: three masked fields look alike once typed in.
            for label, field_id, hint in ((t("目前的密碼"), "pw-current", t("區分大小寫")),
                                          (t("新密碼"), "pw-new", t(f"至少 {MIN_PASSPHRASE} 個字元")),
                                          (t("再輸入一次新密碼"), "pw-again", t("和上面一樣"))):
                yield Static(label, classes="field-label", markup=False)
                yield Input(placeholder=hint, password=True, id=field_id, compact=True)
            yield Static("", id="lock-error", markup=False)
            yield Static(t("Enter 確定 · Esc 取消"), classes="hint-line", markup=False)
        yield KeyFooter()  # this dialog's keys, over those of the screen below

    def on_mount(self) -> None:
        self.query_one("#pw-current", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        empty = next((f for f in FIELDS if not self.query_one(f, Input).value), None)
        if empty is not None and event.input.id != FIELDS[-1][1:]:
            self.query_one(empty, Input).focus()
            return
        self._change()

    def _change(self) -> None:
        current, new, again = (self.query_one(f, Input).value for f in FIELDS)
        if len(new) < MIN_PASSPHRASE:
            self._fail(f"新密碼至少要 {MIN_PASSPHRASE} 個字元。", "#pw-new")
            return
        if new != again:
            self._fail("兩次輸入的新密碼不一樣，請再輸入一次。", "#pw-again")
            return
        if running(self, "pw-change"):
            return  # a check is under way: a second Enter must not count a second try
        self._change_off_ui(current, new)

    @work(thread=True, group="pw-change", exclusive=True, exit_on_error=False)
    def _change_off_ui(self, current: str, new: str) -> None:
        """Check the current passphrase and store the new one's hash off the UI thread (~0.1 s each)."""
        try:
            attempt = access.try_passphrase(self.ctx.store, current)
            if attempt.ok:
                records.set_passphrase(self.ctx.store, new)
        except StoreError as error:  # a busy or broken store: say so, keep the dialog
            self.app.call_from_thread(self._fail, "無法更改密碼：" + str(error), "#pw-current")
            return
        self.app.call_from_thread(self._changed, attempt)

    def _changed(self, attempt: access.Attempt) -> None:
        if not self.is_attached:
            return  # dismissed (Esc) while the check ran
        if not attempt.ok:
            wrong = f"目前的密碼不正確（第 {attempt.failures} 次）。" if attempt.checked else ""
            wait = f"密碼錯誤次數過多，請 {attempt.wait} 秒後再試。" if attempt.wait else ""
            self._fail(wrong + wait, "#pw-current")
            return
        self.notify(self.ctx.t("員工密碼已更改。"))
        self.dismiss(True)

    def _fail(self, message: str, field: str) -> None:
        if not self.is_attached:
            return  # dismissed (Esc) while a check ran
        self.query_one("#lock-error", Static).update(self.ctx.t(message))
        box = self.query_one(field, Input)
        box.value = ""
        box.focus()

    def action_cancel(self) -> None:
        self.dismiss(False)
