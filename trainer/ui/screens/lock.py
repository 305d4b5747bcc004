"""The staff lock: other people's data, scores and model answers open only with the staff passphrase.

One passphrase for managers and interviewers (stored as the interviewer
passphrase: ``trainer.store.interviews``). On first use it asks to set it
(twice); after that it asks for it. Only a salted hash is stored. After a few
wrong tries each further try waits a growing delay, persisted in the store
(``trainer.store.access``): the dialog says how long and counts down on a
timer, never blocking. Dismisses with the person's name once unlocked, or None
on Esc. ``staff_only`` puts any action behind it; ``unlock_console`` is the
candidate's F10.

Signed in with an account (docs/accounts.md) there is no passphrase: ``guarded``
lets the roles decide (``trainer.services.identity.can``) and refuses with a
notice, and ``staff_lock`` re-asks the signed-in person's own password where the
candidate may be at the keyboard.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from trainer.store import StoreError, access
from trainer.store import interviews as records
from trainer.ui.context import Context
from trainer.ui.text import NO_CONTROL, visible
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.workers import running

LAST_INTERVIEWER = "last_interviewer"
MIN_PASSPHRASE = 6
MAX_NAME = 40


class LockScreen(ModalScreen[str | None]):
    """Ask for (or, the first time, set) the staff passphrase."""

    BINDINGS = [Binding("escape", "cancel", "取消", tooltip="不解鎖，回到原來的畫面")]

    def __init__(self, ctx: Context, why: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.why = why
        self.setting: bool | None = None  # first use (set it twice)? None until the store has said
        self.failures = 0  # wrong tries in a row (kept in the store across dialogs and restarts)
        self._wait_timer: Timer | None = None  # counts a back-off wait down
        self._wait_until = 0.0  # time.monotonic() when the running wait ends
        self._wait_prefix = ""
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        with Vertical(id="lock-dialog"):
            yield Static(t("員工密碼"), id="lock-title", markup=False)
            if self.why:
                yield Static(t(self.why), classes="hint-line", markup=False)
            # Labels above the fields, not placeholders: a filled-in field still says what it is.
            yield Static(t("您的姓名"), classes="field-label", markup=False)
            yield Input(placeholder=t("主管或面試官本人"), max_length=MAX_NAME, id="lock-name",
                        restrict=NO_CONTROL, compact=True)
            yield Static(t("員工密碼"), classes="field-label", markup=False)
            yield Input(placeholder=t("區分大小寫"), password=True, id="lock-pass", compact=True)
            # shown only the first time, once the store has said no passphrase is set
            label = Static(t("再輸入一次密碼"), classes="field-label", id="lock-again-label", markup=False)
            again = Input(placeholder=t("和上面一樣"), password=True, id="lock-again", compact=True)
            label.display = again.display = False
            yield label
            yield again
            yield Static("", id="lock-error", markup=False)
            yield Static(t("Enter 確定 · Esc 取消"), classes="hint-line", markup=False)
        yield KeyFooter()  # this dialog's keys, over those of the screen below

    def on_mount(self) -> None:
        self.query_one("#lock-name", Input).focus()
        self._open_off_ui()

    @work(thread=True, group="lock-check", exit_on_error=False)
    def _open_off_ui(self) -> None:
        """Is a passphrase set, who unlocked last, is a wait running: read off the UI thread."""
        try:
            setting = not records.has_passphrase(self.ctx.store)
            last = self.ctx.store.get_setting(LAST_INTERVIEWER) or ""
            wait = 0 if setting else access.wait_left(self.ctx.store)
        except StoreError as error:  # a busy or broken store: say so; Esc still leaves
            self.app.call_from_thread(self._fail, "無法讀取員工密碼的設定：" + str(error), "#lock-name")
            return
        self.app.call_from_thread(self._opened, setting, last, wait)

    def _opened(self, setting: bool, last: str, wait: int) -> None:
        if not self.is_attached:
            return  # dismissed (Esc) while it read
        self.setting = setting
        if setting:
            # Two lines where the phrase breaks: at 80 columns the dialog holds 58, and one line
            # wrapped the last two characters onto a line of their own.
            self.query_one("#lock-title", Static).update(
                self.ctx.t("第一次使用：請設定員工密碼\n（主管／面試官用，至少 6 個字元）"))
            self.query_one("#lock-again", Input).display = True
            self.query_one("#lock-again-label", Static).display = True
        name = self.query_one("#lock-name", Input)
        if last and not name.value:
            name.value = visible(last)
        if name.value and self.focused is name:
            self.query_one("#lock-pass", Input).focus()
        if wait:
            self._wait("", wait)  # a wait from earlier tries (maybe before a restart) is still running

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.setting is None:
            return  # the store has not said yet whether this sets the passphrase or checks it
        fields = [f for f in self.query(Input) if f.display]
        empty = next((f for f in fields if not f.value), None)
        if empty is not None and event.input is not fields[-1]:
            empty.focus()
            return
        self._try()

    def _try(self) -> None:
        name = self.query_one("#lock-name", Input).value.strip()
        passphrase = self.query_one("#lock-pass", Input).value
        if not name:
            self._fail("請輸入您的姓名（改分和備註會記下是誰做的）。", "#lock-name")
        elif self.setting:
            self._set(name, passphrase)
        else:
            self._check(name, passphrase)

    def _check(self, name: str, passphrase: str) -> None:
        if running(self, "lock-check"):
            return  # a check is under way: a second Enter must not count a second try
        self._check_off_ui(name, passphrase)

    @work(thread=True, group="lock-check", exclusive=True, exit_on_error=False)
    def _check_off_ui(self, name: str, passphrase: str) -> None:
        """The hash check (~0.1 s) and the wrong-try count, off the UI thread (the store may be a network away)."""
        try:
            attempt = access.try_passphrase(self.ctx.store, passphrase)
            if attempt.ok:
                self.ctx.store.set_setting(LAST_INTERVIEWER, name)  # offered next time
        except StoreError as error:  # a busy or broken store: say so, keep the dialog
            self.app.call_from_thread(self._fail, "無法確認密碼：" + str(error), "#lock-pass")
            return
        self.app.call_from_thread(self._checked, name, attempt)

    def _checked(self, name: str, attempt: access.Attempt) -> None:
        if not self.is_attached:
            return  # dismissed (Esc) while the check ran
        if attempt.ok:
            self.dismiss(name)
            return
        self.failures = attempt.failures
        wrong = f"密碼不正確（第 {self.failures} 次）。" if attempt.checked else ""
        self._fail(wrong, "#lock-pass")
        if attempt.wait:
            self._wait(wrong, attempt.wait)

    def _wait(self, before: str, seconds: int) -> None:
        """Say how long to wait, and count it down once a second (a timer: the UI stays live).

        The count runs on the clock here, not by asking the store each second: the
        store still refuses a try made early (``access.try_passphrase``).
        """
        self._wait_prefix = before
        self._wait_until = time.monotonic() + seconds
        if self._wait_timer is None:
            self._wait_timer = self.set_interval(1.0, self._show_wait)
        self._show_wait()

    def _show_wait(self) -> None:
        left = max(0, math.ceil(self._wait_until - time.monotonic()))
        if left:
            message = self._wait_prefix + f"密碼錯誤次數過多，請 {left} 秒後再試。"
        else:
            message = "可以再試一次。"
            if self._wait_timer is not None:
                self._wait_timer.stop()
                self._wait_timer = None
        self.query_one("#lock-error", Static).update(self.ctx.t(message))

    def _set(self, name: str, passphrase: str) -> None:
        again = self.query_one("#lock-again", Input).value
        if not running(self, "lock-check"):
            self._set_off_ui(name, passphrase, again)  # else a second Enter while it runs

    @work(thread=True, group="lock-check", exclusive=True, exit_on_error=False)
    def _set_off_ui(self, name: str, passphrase: str, again: str) -> None:
        """Set the first passphrase off the UI thread: the history check reads the store, the hash is scrypt."""
        try:
            problem = self._set_problem(passphrase, again)
            if problem is None:
                records.set_passphrase(self.ctx.store, passphrase)
                self.ctx.store.set_setting(LAST_INTERVIEWER, name)
        except StoreError as error:  # a busy or broken store: say so, keep the dialog
            problem = ("無法設定密碼：" + str(error), "#lock-pass")
        if problem is not None:
            self.app.call_from_thread(self._fail, *problem)
        else:
            self.app.call_from_thread(self._was_set, name)

    def _set_problem(self, passphrase: str, again: str) -> tuple[str, str] | None:
        """Why the first passphrase cannot be set (message, field to fix), or None."""
        if access.others_have_history(self.ctx.store, self.ctx.user):
            # Whoever set it first would hold everyone's data: on a machine others
            # already use, the owner sets it from the command line.
            return ("這台電腦上已有其他人的紀錄，第一次的員工密碼要由主管在命令列設定："
                    "trainer passphrase --set", "#lock-pass")
        if len(passphrase) < MIN_PASSPHRASE:
            return f"密碼至少要 {MIN_PASSPHRASE} 個字元。", "#lock-pass"
        if passphrase != again:
            return "兩次輸入的密碼不一樣，請再輸入一次。", "#lock-again"
        return None

    def _was_set(self, name: str) -> None:
        if self.is_attached:  # else dismissed (Esc) while it was set
            self.notify(self.ctx.t("員工密碼已設定（只保存雜湊值，不保存密碼本身）。"))
            self.dismiss(name)

    def _fail(self, message: str, field: str) -> None:
        if not self.is_attached:
            return  # dismissed (Esc) while a check ran
        self.query_one("#lock-error", Static).update(self.ctx.t(message))
        box = self.query_one(field, Input)
        if field != "#lock-name":
            box.value = ""
        box.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


def unlock_console(screen: Screen[Any], ctx: Context, session_id: int,
                   back: Callable[[bool], None]) -> None:
    """From the candidate's side: passphrase, then the console of ``session_id``.

    ``back(leave)`` runs when the interviewer is done: ``leave`` is True when
    they chose to leave the interview (it stays resumable), False to hand the
    screen back to the candidate (and on Esc at the passphrase).
    """

    def unlocked(result: object) -> None:
        name = staff_name(result)
        if not name:
            back(False)
            return
        from trainer.ui.screens.console import ConsoleScreen

        screen.app.push_screen(ConsoleScreen(ctx, session_id, name, live=True), done)

    def done(leave: bool | None) -> None:
        if leave:  # the interviewer leaves the interview: the screen is no longer the candidate's
            screen.app.release_candidate(lambda: back(True))  # type: ignore[attr-defined]
        else:
            back(False)

    screen.app.push_screen(staff_lock(ctx, "面試官輸入員工密碼後，可查看評分或暫停面試。"), unlocked)


def staff_only(app: App[Any], ctx: Context, why: str, then: Callable[[str], object]) -> None:
    """Run ``then(name)`` only after the staff passphrase (set on first use); Esc runs nothing.

    Signed in with an account, the signed-in person's own password is asked again
    instead (the candidate may be at the keyboard).
    """

    def unlocked(result: object) -> None:
        name = staff_name(result)
        if name:
            then(name)

    app.push_screen(staff_lock(ctx, why), unlocked)


def staff_lock(ctx: Context, why: str = "") -> ModalScreen[Any]:
    """The dialog that proves a staff member is at the keyboard: passphrase, or one's own password."""
    if not ctx.signed_in:
        return LockScreen(ctx, why)
    from trainer.ui.screens.login import LoginScreen

    assert ctx.identity is not None
    return LoginScreen(ctx, only=ctx.identity.name, why=why.replace("員工密碼", "您的密碼"))


def staff_name(result: object) -> str | None:
    """The name a ``staff_lock`` dialog dismissed with (a passphrase name, or an ``Identity``)."""
    name = getattr(result, "name", result)
    return name if isinstance(name, str) and name else None


def guarded(app: App[Any], ctx: Context, action: str, why: str, then: Callable[[str], object]) -> None:
    """Run ``then(name)`` if the person may do ``action``: by role when signed in, else by passphrase."""
    from trainer.services.identity import PASSPHRASE, YES, can

    answer = can(ctx.identity, action)
    if answer == YES:
        then(ctx.identity.name if ctx.identity is not None else ctx.user)
    elif answer == PASSPHRASE:
        staff_only(app, ctx, why, then)
    else:
        app.notify(ctx.t(REFUSED.get(action, "您的帳號沒有這項權限。")), severity="warning")


REFUSED = {
    "team": "團隊進度只開放給主管帳號。",
    "interviews": "面試官桌面只開放給面試官帳號。",
    "candidates": "應試者的結果只開放給面試官帳號。",
    "accounts": "帳號管理只開放給管理員帳號。",
}
