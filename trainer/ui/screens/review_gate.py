"""Who may open a manager's screens — the team view, reviewing practice, the review queue.

One function, so the rule lives in one place: until accounts and roles exist
it is the staff passphrase (``trainer.ui.screens.lock.staff_only``), and the
name typed there is the reviewer recorded on every comment and override. With
roles, this is where the manager role is checked instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App

from trainer.ui.context import Context

WHY = "團隊進度和審閱是全體學員的資料：請輸入員工密碼。"


def manager_only(app: App[Any], ctx: Context, then: Callable[[str], object], why: str = WHY) -> None:
    """Run ``then(reviewer)`` once the person at the screen may act as a manager; Esc runs nothing."""
    from trainer.ui.screens.lock import staff_only

    staff_only(app, ctx, why, then)
