"""What Home needs for assignments: the trainee's open assignments and how to start one.

Home lists them first, soonest due first (an overdue one says 逾期), and calls
``start`` for the one chosen: a scenario starts in the assignment's mode (coach
if none is set); a category starts its scenario the trainee has practised least;
typing opens the typing test; an interview set is sat in 面試 mode, so Home only
says so. The list is read in a worker thread (``open_assignments``). Each line
wraps by the CJK rule (``prompt``), and so do the progress lines the debrief and
the typing result show after an attempt (``attempt_lines``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from trainer.services import assignments as svc
from trainer.services.assignments import Progress
from trainer.ui.context import Context
from trainer.ui.messages import ScenarioChosen
from trainer.ui.wrap import Wrapped, para

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from trainer.core.models import Scenario

ItemStats = dict[str, tuple[float | None, float | None, int]]  # item -> (best, last, attempts)


def open_assignments(ctx: Context) -> tuple[list[Progress], ItemStats, date]:
    """The trainee's assignments still to do, soonest due first, their item stats and today (worker)."""
    if not ctx.user:
        return [], {}, svc.today_of(ctx.store)
    today = svc.today_of(ctx.store)
    found = [p for p in svc.for_trainee(ctx.store, ctx.user, today) if p.open]
    return found, (ctx.store.item_stats(ctx.user) if found else {}), today


def attempt_lines(ctx: Context, kind: str, item_id: str, category: str, mode: str | None) -> list[str]:
    """After an attempt (worker thread): the progress of each assignment it counts for, and any
    certificate it completes (issued now). Shown by the debrief and the typing result."""
    from trainer.services import certificates as certs

    if not ctx.user:
        return []
    found = svc.for_session(ctx.store, ctx.user, kind, item_id, category, mode, svc.today_of(ctx.store))
    lines = [svc.describe(p) for p in found]
    return lines + [f"取得證書：{name}（在進度畫面查看）" for name in certs.check(ctx.store, ctx.user)]


def show_attempt_lines(screen: Screen[Any], ctx: Context, kind: str, item_id: str, category: str,
                       mode: str | None) -> None:
    """In a worker thread: ``attempt_lines`` into the screen's ``#assign-progress`` box, shown if any."""
    lines = attempt_lines(ctx, kind, item_id, category, mode)
    if lines:
        screen.app.call_from_thread(_show_lines, screen, ctx.t("\n".join(lines)))


def _show_lines(screen: Screen[Any], text: str) -> None:
    from textual.widgets import Static

    box = screen.query_one("#assign-progress", Static)
    box.update(para(text))
    box.display = True


def label(ctx: Context, p: Progress, today: date) -> str:
    """``逾期 · 手機殼顏色和圖片不一樣 · 通過 0/2 · 截止 12/08（考試）``."""
    a = p.assignment
    due = date.fromisoformat(a.due)
    left = (due - today).days
    when = "今天截止" if left == 0 else f"截止 {due.strftime('%m/%d')}"
    mode = {"coach": "（教練）", "exam": "（考試）"}.get(a.mode or "", "")
    head = f"{p.status} · " if p.status != svc.NOT_STARTED else ""
    return ctx.t(f"{head}{a.title} · 通過 {min(p.passes, a.passes)}/{a.passes} · {when}{mode}")


def prompt(ctx: Context, p: Progress, today: date) -> Wrapped:
    """Home's line for ``p``: ``label`` wrapped so no line starts with 「，」 or 「）」."""
    return para(label(ctx, p, today))


def _least_practised(ctx: Context, category: str, stats: ItemStats) -> Scenario | None:
    """The scenario of ``category`` (or its sub-categories) the trainee has practised least."""
    choices = [s for s in ctx.scenarios() if s.category == category or s.category.startswith(category + "/")]
    if not choices:
        return None
    return min(choices, key=lambda s: stats.get(s.id, (None, None, 0))[2])


def start(app: App[Any], ctx: Context, p: Progress, stats: ItemStats) -> None:
    """Start the assignment ``p`` in its required mode (once the content is loaded)."""
    a = p.assignment

    def go() -> None:
        if a.item_kind == "typing":
            from trainer.ui.screens.typing_picker import open_typing

            open_typing(app, ctx)
            return
        if a.item_kind == "set":
            app.notify(ctx.t("面試題組在面試模式作答（按 i，由面試官開始）。"), timeout=4)
            return
        scenario = (ctx.library.scenarios.get(a.item_id) if a.item_kind == "scenario"
                    else _least_practised(ctx, a.item_id, stats))
        if scenario is None:
            app.notify(ctx.t(f"內容裡找不到「{a.title}」。"), severity="warning")
            return
        app.post_message(ScenarioChosen(scenario, a.mode or "coach"))

    when_loaded = getattr(app, "when_loaded", None)
    if callable(when_loaded):
        when_loaded(go)
    else:
        go()
