"""Who is practising: the name prompt on a laptop, the login on a shared store, the candidate lock.

A part of ``TrainerApp`` (``trainer.ui.app``) kept in its own module: the app
asks here who the person at the keyboard is, checks a new name against the
store off the UI thread (someone else's history needs the staff passphrase, a
candidate's name is refused), remembers it, and ends a candidate lock that a
login or the interviewer's passphrase releases.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text  # exit messages hold names: never read as markup
from textual import work
from textual.app import App

from trainer.store import StoreError, access
from trainer.ui.context import Context

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from trainer.services.identity import Identity
    from trainer.ui.screens.home import HomeScreen

LAST_USER = access.LAST_USER_KEY


class WhoIsPractising(App[None]):
    """The name, login and candidate-lock part of the app (see the module docstring)."""

    ctx: Context

    def _play(self) -> AwaitMount | None:
        raise NotImplementedError  # TrainerApp: open the played file's chat

    def _mount_login(self) -> None:
        """Accounts (docs/accounts.md): the proxy's word, a refusal, or the login screen."""
        config = self.ctx.config
        if config.refusal is not None:
            from trainer.ui.screens.login import RefusedScreen

            self.push_screen(RefusedScreen(self.ctx, config.refusal))
        elif config.identity is not None:
            self._take(config.identity)  # Home shows it as it first draws
            if config.play is not None:
                self._play()
        else:
            self._ask_login()

    def _ask_login(self) -> None:
        from trainer.ui.screens.login import LoginScreen

        self.push_screen(LoginScreen(self.ctx, self.ctx.config.user or ""), self._signed_in)

    def _signed_in(self, identity: Identity | None) -> None:
        if identity is None:
            self._ask_login()
            return
        self._take(identity)
        self._switch(None)

    def _take(self, identity: Identity) -> None:
        self.ctx.identity = identity
        self.ctx.user = identity.name
        if self.ctx.lock.get() is not None:
            self.release_candidate()  # a candidate cannot log in: a restart already took the screen back

    def release_candidate(self, then: Callable[[], object] | None = None) -> None:
        """End the candidate lock (a store write, off the UI thread; quitting waits for it), then ``then``."""

        def release() -> None:
            try:
                self.ctx.lock.release()
            except StoreError as error:
                self.call_from_thread(self.notify, self.ctx.t(f"無法解除應試者畫面：{error}"),
                                      severity="error", timeout=10)
                return
            if then is not None:
                self.call_from_thread(then)

        self.run_worker(release, thread=True, group="lock", exit_on_error=False)

    def ask_name(self) -> None:
        """Ask the trainee's name (first run, or 換人 on the home screen); with accounts, the login."""
        if self.ctx.signed_in:
            self.notify(self.ctx.t("已登入的帳號不能換成別人；要換人請結束程式再登入。"), severity="warning")
        elif self.ctx.config.login:
            self._ask_login()
        else:
            from trainer.ui.screens.name_prompt import NamePrompt  # only a first run or 換人 asks

            self.push_screen(NamePrompt(self.ctx, self.ctx.user), self._name_given)

    def _name_given(self, name: str | None) -> None:
        """A name from the prompt: someone else's history needs the staff passphrase first."""
        if name and name != self.ctx.user:
            self._check_name(name)
        else:
            self._switch(name)

    @work(thread=True, group="name", exclusive=True, exit_on_error=False)
    def _check_name(self, name: str) -> None:
        """Whose name it is, asked off the UI thread."""
        try:
            kind = access.kind_of(self.ctx.store, name)
            history = kind is not None and access.has_history(self.ctx.store, name)
        except StoreError as error:
            self.call_from_thread(self._name_failed, error)
            return
        self.call_from_thread(self._name_checked, name, kind, history)

    def _name_checked(self, name: str, kind: str | None, history: bool) -> None:
        if kind == access.CANDIDATE:
            self.notify(self.ctx.t("這是應試者的名字，不能當學員使用。"), severity="warning")
            self._refused()
        elif history:
            from trainer.ui.screens.lock import LockScreen

            why = "這位學員已有練習紀錄：換成這位學員要輸入員工密碼。"  # no name: text is never markup
            self.push_screen(LockScreen(self.ctx, why),
                             lambda staff: self._switch(name) if staff else self._refused())
        else:
            self._switch(name)

    def _name_failed(self, error: StoreError) -> None:
        self.notify(self.ctx.t(f"無法讀取進度資料庫：{error}"), severity="error", timeout=10)
        self._refused()

    def _refused(self) -> None:
        """The name was not allowed: keep the current trainee, or ask again if there is none."""
        if not self.ctx.user:
            self.ask_name()

    def _switch(self, name: str | None) -> None:
        if name:
            self._save_name(name)
        else:
            self._switched(None)

    @work(thread=True, group="name", exit_on_error=False)
    def _save_name(self, name: str) -> None:
        """Record the trainee and remember the name, off the UI thread."""
        try:  # a database that went read-only or busy mid-run: say so, never a traceback
            self.ctx.store.user_id(name)
            self.ctx.store.set_setting(LAST_USER, name)
        except StoreError as error:
            self.call_from_thread(self.exit, return_code=1,
                                  message=Text(self.ctx.t("無法保存名字，進度無法記錄：") + str(error)))
            return
        self.call_from_thread(self._switched, name)

    def _switched(self, name: str | None) -> None:
        if name:
            self.ctx.user = name
        if not self.ctx.user:  # dismissed the first question: nobody to record progress for
            self.exit(message=self.ctx.t("沒有名字就無法記錄進度，下次見。"))
            return
        home = self.screen_stack[1] if len(self.screen_stack) > 1 else None
        if home is not None and _is_home(home):
            cast("HomeScreen", home).refresh_user()
        if self.ctx.config.play is not None and _is_home(self.screen):
            self._play()


def _is_home(screen: object) -> bool:
    home = sys.modules.get("trainer.ui.screens.home")
    return home is not None and isinstance(screen, home.HomeScreen)
