"""The login: 帳號 + 密碼, shown instead of the name prompt on a shared store or one with accounts.

The check (scrypt, a write of the wrong-try count) runs in a worker thread;
the screen says how long to wait after too many wrong tries and counts the
wait down on a timer. It never says whether an account name exists. Enter in
the account field moves to the password; Enter in the password submits.

The same screen re-asks the signed-in person's password (``only=NAME``) when
the candidate has the screen and the interviewer wants it back: then the name
is fixed and Esc cancels. At start-up there is no Esc: Ctrl+Q quits.
``RefusedScreen`` is what a browser sees when the proxy vouched for a name that
is no enabled account.
"""

from __future__ import annotations

import math
import time

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from trainer.services.identity import Identity, LoginOutcome, sign_in
from trainer.store import StoreError
from trainer.ui.context import Context
from trainer.ui.text import NO_CONTROL, visible
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.workers import running

MAX_NAME = 40
MAX_PASSWORD = 1024


class LoginScreen(ModalScreen[Identity | None]):
    """Ask 帳號 and 密碼; dismisses with the signed-in ``Identity`` (None: cancelled, re-asking only)."""

    # Tab and Enter move the focus as the key is handled (priority bindings), so a name,
    # Tab and a password typed or pasted at once all land in their own boxes.
    BINDINGS = [
        Binding("escape", "cancel", "取消", tooltip="不登入，回到原來的畫面"),
        Binding("enter", "enter", "登入", tooltip="帳號欄：到密碼欄；密碼欄：登入", priority=True),
        Binding("tab", "field(1)", "下一欄", tooltip="到密碼欄", priority=True),
        Binding("shift+tab", "field(0)", show=False, priority=True),
        # The key bar is this dialog's own (the screen below is not in use): it says how to leave.
        Binding("ctrl+q", "app.quit", "結束", tooltip="結束程式", priority=True),
    ]

    def __init__(self, ctx: Context, name: str = "", *, only: str | None = None, why: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.prefill = only or name
        self.only = only
        self.why = why
        self._until = 0.0  # monotonic time the current wait ends
        self._timer: Timer | None = None
        self._prefix = ""
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        with Vertical(id="login-dialog"):
            yield Static(t("請登入 · 客服陪練"), id="login-title", markup=False)
            if self.why:
                yield Static(t(self.why), classes="hint-line", markup=False)
            yield Static(t("帳號"), classes="field-label", markup=False)
            yield Input(visible(self.prefill), placeholder=t("管理員為你開的帳號"), max_length=MAX_NAME,
                        id="login-name", restrict=NO_CONTROL, compact=True, disabled=self.only is not None)
            yield Static(t("密碼"), classes="field-label", markup=False)
            yield Input(placeholder=t("區分大小寫"), password=True, max_length=MAX_PASSWORD, id="login-pass",
                        compact=True)
            yield Static("", id="login-error", markup=False)
            hint = "Enter 登入 · Esc 取消" if self.only else "Enter 登入 · Ctrl+Q 結束"
            yield Static(t(hint), classes="hint-line", markup=False)
        yield KeyFooter()  # this dialog's keys, over those of the screen below

    def on_mount(self) -> None:
        name = self.query_one("#login-name", Input)
        (self.query_one("#login-pass", Input) if name.value else name).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.only is not None if action == "cancel" else True

    def action_field(self, which: int) -> None:
        """Focus the account (0) or the password (1) box now, before the next key is handled."""
        box = self.query_one("#login-pass" if which or self.only else "#login-name", Input)
        self.set_focus(box)

    def action_enter(self) -> None:
        """Enter in the account box moves on; in the password box it submits."""
        if self.focused is not None and self.focused.id == "login-name":
            self.action_field(1)
            return
        # Keys typed just before this Enter may still wait in the boxes' own queues:
        # read the boxes once each has handled what it was sent.
        name_box, pass_box = self.query_one("#login-name", Input), self.query_one("#login-pass", Input)
        name_box.call_later(pass_box.call_later, self._submit)

    def _submit(self) -> None:
        if self._left() or running(self, "login"):
            return  # a wait is running (shown), or a check is under way
        name = self.only or self.query_one("#login-name", Input).value
        self._show("正在確認…")
        self._check(name, self.query_one("#login-pass", Input).value)

    @work(thread=True, group="login", exclusive=True, exit_on_error=False)
    def _check(self, name: str, password: str) -> None:
        try:
            outcome = sign_in(self.ctx.store, name, password)
        except StoreError as error:  # a busy or broken store: say so, keep the screen
            outcome = LoginOutcome(None, "無法確認帳號：" + str(error))
        self.app.call_from_thread(self._checked, outcome)

    def _checked(self, outcome: LoginOutcome) -> None:
        if outcome.identity is not None:
            self.dismiss(outcome.identity)
            return
        self.query_one("#login-pass", Input).value = ""
        self.query_one("#login-pass", Input).focus()
        self._show(outcome.message)
        if outcome.wait:
            self._wait(outcome.wait, outcome.message)

    def _wait(self, seconds: int, message: str) -> None:
        """Count the wait down once a second (a timer: the screen stays live)."""
        self._until = time.monotonic() + seconds
        self._prefix = message.split("請 ")[0]
        if self._timer is None:
            self._timer = self.set_interval(1.0, self._tick)

    def _left(self) -> int:
        return max(0, math.ceil(self._until - time.monotonic()))

    def _tick(self) -> None:
        left = self._left()
        if left:
            self._show(f"{self._prefix}請 {left} 秒後再試。")
            return
        self._show("可以再試一次。")
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _show(self, message: str) -> None:
        self.query_one("#login-error", Static).update(self.ctx.t(message))

    def action_cancel(self) -> None:
        if self.only is not None:
            self.dismiss(None)


class RefusedScreen(Screen[None]):
    """Nothing but a refusal: the proxy's account cannot sign in here. Ctrl+Q ends the session."""

    def __init__(self, ctx: Context, message: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="login-dialog"):
            yield Static(self.ctx.t("無法登入"), id="login-title", markup=False)
            yield Static(self.ctx.t(self.message), id="refused", markup=False)
            yield Static(self.ctx.t("請聯絡管理員。Ctrl+Q 結束"), classes="hint-line", markup=False)
        yield KeyFooter()
