"""Debrief: how the conversation went, turn by turn, and what to practise next.

Shows the outcome, the total score, every turn (the buyer's line, the reply,
its score, the points hit and missed and — except in exam mode — the model
answer), and the key points missed most. If the session counts for an
assignment, its progress shows under the summary (「指派「…」：通過 1/2 次，截止
12/08（進行中）」), and a certificate earned by it is issued and announced; both are
read in a worker. ``r`` tries the same scenario again,
``n`` moves to the next one, Esc goes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from trainer.ui.context import Context
from trainer.ui.messages import ScenarioChosen
from trainer.ui.session import ChatSession, missed_most
from trainer.ui.text import MODE_NAMES, OUTCOMES
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.wrap import para

if TYPE_CHECKING:
    from trainer.core.dialogue import Turn


class DebriefScreen(Screen[None]):
    """The end of a conversation (see the module docstring)."""

    AUTO_FOCUS = "#debrief"
    BINDINGS = [
        Binding("r", "again", "再練一次", tooltip="同一個情境重新開始"),
        Binding("n", "next", "下一個情境", tooltip="練習清單中的下一個情境"),
        Binding("escape", "back", "返回", tooltip="回到上一頁"),
    ]

    def __init__(self, ctx: Context, session: ChatSession) -> None:
        super().__init__()
        self.ctx = ctx
        self.session = session
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        d = self.session.dialogue
        exam = self.session.mode == "exam"
        outcome = OUTCOMES.get(d.outcome or "", d.outcome or "")
        yield Header()
        with VerticalScroll(id="debrief"):
            yield Static(para(t(f"結果：{outcome}　總分 {d.total_score}　（{MODE_NAMES[self.session.mode]}，"
                                f"共 {len(d.turns)} 句）")), id="summary", classes=f"-{d.outcome}", markup=False)
            yield Static("", id="assign-progress", markup=False)
            yield Static(para(self._missed()), id="missed", markup=False)
            for turn in d.turns:
                yield Static(para(self._turn(turn, answer=not exam)), classes="debrief-turn", markup=False)
            last = t(f"{self.session.scenario.buyer.name}最後說：{d.line}")
            yield Static(para(last), classes="debrief-turn", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("總結：" + self.session.scenario.title)
        self.query_one("#assign-progress").display = False
        if self.ctx.user:
            self._assignments()

    @work(thread=True, exclusive=True, group="assigned")
    def _assignments(self) -> None:
        """This attempt's assignments and any certificate it completes (store I/O off the UI thread)."""
        from trainer.ui.screens.home_assigned import show_attempt_lines

        s = self.session.scenario
        show_attempt_lines(self, self.ctx, "practice", s.id, s.category, self.session.mode)

    def _missed(self) -> str:
        t = self.ctx.t
        most = missed_most(self.session.dialogue.turns)
        if not most:
            return t("每句的要點都講到了。")
        return t("最常漏掉的要點：" + "、".join(f"{label}（{n} 次）" for label, n in most))

    def _turn(self, turn: Turn, *, answer: bool) -> Text:
        t = self.ctx.t
        r = turn.result
        out = Text()
        out.append(t(f"第 {turn.index + 1} 句　分數 {turn.score}"), style="bold")
        out.append(t("　通過" if r.passed else "　未通過"))
        if turn.hints:
            out.append(t(f"　用了 {turn.hints} 次提示"), style="dim")
        out.append("\n" + t(f"{self.session.scenario.buyer.name}：{turn.buyer_line}"))
        out.append("\n" + t(f"你：{turn.reply}"))
        marks = [f"✓{label}" for label in r.hit_labels] + [f"✗{label}" for label in r.missed_labels]
        marks += [f"✗{hit.mark()}" for hit in r.signals if hit.listed]
        if marks:
            out.append("\n" + t("　".join(marks)))
        if answer:
            out.append("\n" + t("參考答案："), style="bold")
            out.append(self.ctx.display.content(r.closest_answer))
        return out

    def action_again(self) -> None:
        self.post_message(ScenarioChosen(self.session.scenario, self.session.mode, replace=True))

    def action_next(self) -> None:
        following = self.ctx.next_scenario(self.session.scenario.id)
        if following is None:
            self.notify(self.ctx.t("這個情境不在練習清單中，請從首頁挑選。"))
            return
        self.post_message(ScenarioChosen(following, self.session.mode, replace=True))

    def action_back(self) -> None:
        self.dismiss()
