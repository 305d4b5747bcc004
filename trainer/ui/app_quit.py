"""Quitting without losing a reply: the part of ``TrainerApp`` that Ctrl+Q runs.

Ctrl+Q quits once every reply or interview answer on its way to the store is
saved (a reply sent just before, Enter then Ctrl+Q at once, included); a reply
the database was too busy to take is printed on exit for the trainee to copy.
On a candidate's screen Ctrl+Q takes the staff passphrase instead.
"""

from __future__ import annotations

import asyncio

from rich.text import Text  # exit messages hold replies: never read as markup

from trainer.ui.app_start import FirstFrame

SAVE_GROUPS = ("reply", "answer", "lock")  # worker groups that save: quitting waits for them


class QuitSafely(FirstFrame):
    """Ctrl+Q (see the module docstring)."""

    async def action_quit(self) -> None:
        """Ctrl+Q: quit, except from a candidate's screen, where it takes the staff passphrase."""
        if self.ctx.lock.get() is None:
            await self._quit_after_saves()
            return
        from trainer.ui.screens.lock import LockScreen, staff_lock, staff_name
        from trainer.ui.screens.login import LoginScreen

        if isinstance(self.screen, LockScreen | LoginScreen):
            return  # already asking

        def unlocked(result: object) -> None:
            if staff_name(result):  # the interviewer ends the candidate's screen (the interview stays resumable)
                self.release_candidate(lambda: self.call_later(self._quit_after_saves))

        self.push_screen(staff_lock(self.ctx, "應試者的畫面：結束程式要輸入員工密碼。"), unlocked)

    async def _quit_after_saves(self) -> None:
        """Quit once a reply sent just before (Enter, then Ctrl+Q at once) has been saved."""
        from trainer.ui.interview_session import InterviewSession
        from trainer.ui.screens.chat import ChatScreen

        unsaved = []
        for screen in list(self.screen_stack):
            if isinstance(screen, ChatScreen):
                sent = await screen.save_before_quit()
                if sent is not None:
                    unsaved.append(sent.text)
        await self._saves_done(ChatScreen.QUIT_WAIT)  # an interview answer being saved, too
        for screen in self.screen_stack:
            session = getattr(screen, "session", None)
            if isinstance(session, InterviewSession):
                session.stop_retrying()
                unsaved += session.unsaved()
        if not unsaved:
            self.exit()
            return
        note = self.ctx.t("資料庫忙碌，最後一句回覆未能保存，請複製保留：")
        self.exit(return_code=1, message=Text("\n".join([note, *unsaved])))

    async def _saves_done(self, timeout: float) -> None:
        """Wait (at most ``timeout`` s) for workers that score and save replies or answers."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(
            w.group in SAVE_GROUPS and not w.is_finished for w in self.workers
        ):
            await asyncio.sleep(0.02)
