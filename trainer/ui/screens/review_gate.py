"""Who may open a manager's screens — the team view, reviewing practice, the review queue.

One function, so the rule lives in one place: on a laptop store without
accounts it is the staff passphrase (``trainer.ui.screens.lock.staff_only``),
and the name typed there is the reviewer recorded on every comment and
override. Signed in with an account, the manager role decides
(``trainer.ui.screens.lock.guarded``) and the reviewer is the signed-in person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App

from trainer.ui.context import Context

WHY = "團隊進度和審閱是全體學員的資料：請輸入員工密碼。"


def manager_only(app: App[Any], ctx: Context, then: Callable[[str], object], why: str = WHY) -> None:
    """Run ``then(reviewer)`` once the person at the screen may act as a manager; Esc runs nothing."""
    from trainer.services.identity import TEAM
    from trainer.ui.screens.lock import guarded

    guarded(app, ctx, TEAM, why, then)
