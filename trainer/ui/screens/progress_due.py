"""練習到期項目: today's due scenarios, practised one after another.

Home hands over the due scenarios, most overdue first. The first starts at
once; each time the trainee comes back (Esc from the debrief or the chat) the
list shows what is done, with its score, and Enter starts the next one — or
resumes the conversation left half-way. ``s`` skips the highlighted item for
today. The list is fixed when the screen
opens: an item failed on the way comes back tomorrow's list, not this one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.ui.context import Context
from trainer.ui.messages import ScenarioChosen, SessionChosen
from trainer.ui.text import score_text
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.wrap import para

if TYPE_CHECKING:
    from trainer.core.models import Scenario
    from trainer.store import SessionRow


@dataclass
class DueItem:
    """One scenario in the queue and what became of it."""

    scenario: Scenario
    state: str = "todo"  # todo | started | done | skipped
    score: float | None = None
    after_id: int = 0  # sessions with a larger id were started from this queue


class DueQueueScreen(Screen[None]):
    """Today's due scenarios in order (see the module docstring)."""

    AUTO_FOCUS = "#dq-list"
    BINDINGS = [
        Binding("enter", "next", "下一個", tooltip="開始清單中下一個還沒練的情境", priority=True),
        Binding("s", "skip", "跳過", tooltip="今天先跳過選中的情境"),
        Binding("escape", "back", "回首頁", tooltip="回到首頁；沒練的明天還會到期"),
    ]

    def __init__(self, ctx: Context, scenarios: list[Scenario], *, autostart: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.items = [DueItem(s) for s in scenarios]
        self.autostart = autostart
        self._starting = False
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="dq-status", markup=False)
        yield OptionList(id="dq-list", markup=False)
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.title = self.ctx.t("練習到期項目")
        self.show()
        if self.autostart:
            await self.action_next()

    async def on_screen_resume(self) -> None:
        # the store is read off the UI thread (a shared store may be a network away)
        finished = await asyncio.to_thread(self.ctx.store.sessions, self.ctx.user, "practice",
                                           limit=20, status="finished")
        self._check_started(finished)
        self.show()

    @property
    def pending(self) -> list[DueItem]:
        return [i for i in self.items if i.state in ("todo", "started")]

    async def _latest_id(self) -> int:
        latest = await asyncio.to_thread(self.ctx.store.sessions, self.ctx.user, limit=1)
        return latest[0].id if latest else 0

    def _check_started(self, finished: list[SessionRow]) -> None:
        """Mark the item just practised done if a session of it finished since it was started."""
        for item in self.items:
            if item.state != "started":
                continue
            for row in finished:
                if row.id > item.after_id and row.item_id == item.scenario.id:
                    item.state, item.score = "done", row.score
                    break

    def show(self) -> None:
        t = self.ctx.t
        done = sum(1 for i in self.items if i.state == "done")
        if not self.items:
            text = t("今天沒有到期的情境。")
        elif not self.pending:
            text = t(f"今天到期的 {len(self.items)} 個情境都處理完了（完成 {done} 個）。按 Esc 回首頁。")
        else:
            text = t(f"今天到期 {len(self.items)} 個情境，已完成 {done} 個。Enter 開始下一個 · s 跳過 · Esc 結束")
        self.query_one("#dq-status", Static).update(para(text))
        box = self.query_one("#dq-list", OptionList)
        highlighted = box.highlighted
        box.clear_options()
        for n, item in enumerate(self.items, 1):
            box.add_option(Option(self._line(n, item), id=str(n)))
        nxt = self.pending[0] if self.pending else None
        box.highlighted = self.items.index(nxt) if nxt else highlighted
        self.refresh_bindings()

    def _line(self, n: int, item: DueItem) -> str:
        t = self.ctx.t
        mark = {"todo": "·", "started": "…", "done": "✓", "skipped": "–"}[item.state]
        state = {"todo": "待練", "started": "未完成", "done": f"完成 {score_text(item.score)} 分",
                 "skipped": "跳過"}[item.state]
        return t(f"{mark} {n}. {item.scenario.title}　{item.scenario.category}　（{state}）")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next", "skip"):
            return bool(self.pending)
        return True

    async def action_next(self) -> None:
        if not self.pending or self._starting:
            return
        self._starting = True  # a second Enter while the store is read starts nothing twice
        try:
            await self._start_next(self.pending[0])
        finally:
            self._starting = False

    async def _start_next(self, item: DueItem) -> None:
        unfinished = (await asyncio.to_thread(self.ctx.store.unfinished_sessions, self.ctx.user, "practice")
                      if item.state == "started" else [])
        left = [row for row in unfinished if row.id > item.after_id and row.item_id == item.scenario.id]
        if left:  # started from here and left half-way: carry on with that conversation
            self.post_message(SessionChosen(left[0].id))
            return
        item.after_id = await self._latest_id()
        item.state = "started"
        self.post_message(ScenarioChosen(item.scenario, self.ctx.config.mode))

    def action_skip(self) -> None:
        box = self.query_one("#dq-list", OptionList)
        index = box.highlighted if box.highlighted is not None else 0
        if 0 <= index < len(self.items) and self.items[index].state in ("todo", "started"):
            self.items[index].state = "skipped"
        self.show()

    def action_back(self) -> None:
        self.dismiss()
