"""What Home needs from issue 6: the "due today" line and the ways into 進度, the due queue and 團隊.

Kept here so Home stays a list of entries: it calls these and shows the text.
Screens load when first opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.reports.figures import ItemFigures, due_today, local_tz
from trainer.store import StoreError
from trainer.ui.context import Context

if TYPE_CHECKING:
    from textual.app import App

    from trainer.core.models import Scenario


def due_items(ctx: Context) -> list[ItemFigures]:
    """The trainee's items due by the end of today, most overdue first (none without a trainee)."""
    if not ctx.user:
        return []
    now = ctx.config.now().astimezone(local_tz())
    mark = ctx.content.settings.pass_mark if ctx.content is not None else 60.0
    return due_today(ctx.store, ctx.user, now=now, tz=now.tzinfo, pass_mark=mark)


def due_line(ctx: Context, due: list[ItemFigures]) -> str:
    """``今日到期：3 個情境、1 題面試題（按 d 依序練習）`` or why nothing is listed."""
    t = ctx.t
    scenarios = sum(1 for i in due if i.kind == "practice")
    questions = len(due) - scenarios
    if not due:
        return t("今日到期：沒有（練習過的情境會按表排定複習日）")
    parts = ([f"{scenarios} 個情境"] if scenarios else []) + ([f"{questions} 題面試題"] if questions else [])
    tail = "（按 d 依序練習）" if scenarios else "（面試題在面試模式練習）"
    return t("今日到期：" + "、".join(parts) + tail)


def due_scenarios(ctx: Context, due: list[ItemFigures]) -> list[Scenario]:
    """The due scenarios that the loaded content still has, in the order to practise them."""
    if ctx.content is None:
        return []
    return [ctx.content.scenarios[i.item_id] for i in due
            if i.kind == "practice" and i.item_id in ctx.content.scenarios]


def open_progress(app: App[None], ctx: Context) -> None:
    from trainer.ui.screens.progress import ProgressScreen

    app.push_screen(ProgressScreen(ctx))


def open_due(app: App[None], ctx: Context) -> None:
    """Run today's due scenarios in order (once the content is loaded)."""

    def read() -> None:  # a worker thread: the schedule is a store read
        try:
            scenarios = due_scenarios(ctx, due_items(ctx))
        except StoreError as error:
            app.call_from_thread(app.notify, ctx.t(f"無法讀取到期的情境：{error}"), severity="error")
            return
        app.call_from_thread(show, scenarios)

    def show(scenarios: list[Scenario]) -> None:
        from trainer.ui.screens.progress_due import DueQueueScreen

        if not scenarios:
            app.notify(ctx.t("今天沒有到期的情境。"), timeout=3)
            return
        app.push_screen(DueQueueScreen(ctx, scenarios))

    def start() -> None:
        app.run_worker(read, thread=True, group="due-open", exclusive=True, exit_on_error=False)

    when_loaded = getattr(app, "when_loaded", None)
    if callable(when_loaded):
        when_loaded(start)
    else:
        start()


def open_team(app: App[None], ctx: Context, reviewer: str = "") -> None:
    """The team view; ``reviewer`` (the manager who unlocked it) signs comments and overrides."""
    from trainer.ui.screens.team import TeamScreen

    app.push_screen(TeamScreen(ctx, reviewer))
