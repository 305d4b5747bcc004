"""The interviewer console: every answer with its score, points and model answer; notes,
overrides, the decision and the report. Opened only after the interviewer passphrase.

↑/↓ choose an answer; ``o`` overrides its score (stored beside the automatic
one, with who and when), ``n`` adds a note, ``d`` records the decision
(錄用 / 待定 / 不錄用, with a comment), ``e`` writes the report (Markdown and
HTML) beside the database. Opened from the candidate's screen (``live``),
``c`` hands the screen back to the candidate and Esc leaves the interview
(it stays resumable); opened from the interviewer desk, Esc goes back there.
Dismisses with True when the interviewer leaves, False to hand back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from trainer import paths
from trainer.reports.interview import STATUS_WORDS, InterviewReport, build, local_time, write_both
from trainer.store import StoreError
from trainer.store import interviews as records
from trainer.ui.context import Context
from trainer.ui.screens.console_dialogs import DecisionDialog, NoteDialog, OverrideDialog
from trainer.ui.text import plain, rate_text, score_text
from trainer.ui.widgets.answer_card import AnswerCard
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.widgets.typing_marks import marks_text
from trainer.ui.wrap import para

NAME_CHARS = 40  # the summary cuts a longer candidate name (the screen's title and tooltip show it whole)
# The console has the most keys of any screen: the arrows share one label, and the labels are
# short, so that every key, 結束 included, fits an 80-column footer (tooltips say the rest).
CHOOSE = Binding.Group("選回答", compact=True)


class ConsoleScreen(Screen[bool]):
    """One interview, for the interviewer (see the module docstring)."""

    AUTO_FOCUS = "#cs-answers"
    BINDINGS = [
        Binding("up", "move(-1)", "上一則", tooltip="選上一則回答", priority=True, group=CHOOSE),
        Binding("down", "move(1)", "下一則", tooltip="選下一則回答", priority=True, group=CHOOSE),
        Binding("o", "override", "改分", tooltip="替選中的回答改分（自動分數保留）"),
        Binding("n", "note", "備註", tooltip="替選中的回答加備註"),
        Binding("d", "decide", "決定", tooltip="錄用／待定／不錄用"),
        Binding("e", "export", "匯出", tooltip="匯出報告：寫出 Markdown 和 HTML 檔"),
        Binding("c", "hand_back", "交還", tooltip="把畫面交還應試者，繼續面試"),
        Binding("escape", "leave", "離開", tooltip="離開這場面試（未完成的可以之後繼續）"),
    ]

    def __init__(self, ctx: Context, session_id: int, interviewer: str, *, live: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.session_id = session_id
        self.interviewer = interviewer
        self.live = live
        self.selected = 0
        self.report: InterviewReport | None = None  # read in on_mount, off the UI thread
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.ctx.t("讀取中…"), id="cs-summary", markup=False)
        yield VerticalScroll(id="cs-answers")
        yield KeyFooter()

    def _cards(self) -> list[Static]:
        """A card per answer, then the typing test's marked passage."""
        report = self._loaded()
        cards: list[Static] = [AnswerCard(item, self.ctx.display) for item in report.answers]
        if not cards:
            cards.append(Static(self.ctx.t("還沒有任何回答。"), classes="hint-line", markup=False))
        if report.typing is not None and report.typing.marks:
            from trainer.core.typing_test import marks_from

            cards.append(Static(marks_text(marks_from(report.typing.marks), self.ctx.t),
                                classes="typing-marks", markup=False))
        return cards

    def on_mount(self) -> None:
        self.title = self.ctx.t(f"面試官主控台（編號 {self.session_id}）")
        summary = self.query_one("#cs-summary")
        summary.border_title = plain(self.ctx.t(f"面試 編號 {self.session_id}"))  # a panel at 120+ columns
        summary.border_subtitle = plain(self.ctx.t(f"trainer report interview {self.session_id}"))
        self.run_worker(self._first_read(), group="cs-read", exit_on_error=False)

    async def _first_read(self) -> None:
        """The report, read off the UI thread; until it is here only Esc works."""
        summary = self.query_one("#cs-summary", Static)
        try:
            await self._reload()
        except (KeyError, StoreError) as error:  # gone, or a busy or broken store: say so, Esc still leaves
            summary.update(self.ctx.t(f"無法讀取這場面試：{error}"))
            return
        assert self.report is not None
        self.title = self.ctx.t(f"面試官主控台：{self.report.session.user}（編號 {self.session_id}）")
        summary.tooltip = plain(self.ctx.t(self.report.session.user))
        self.refresh_bindings()

    def _summary(self) -> str:
        """Three short lines: who and what, the totals and the decision, the typing test."""
        assert self.report is not None
        r, s = self.report, self.report.session
        main = sum(1 for a in r.answers if not a.follow_up)
        decision = r.review.decision
        typing = r.typing.row if r.typing else None
        who = s.user if len(s.user) <= NAME_CHARS else s.user[:NAME_CHARS - 1] + "…"  # whole in the title
        lines = [
            f"編號 {s.id} · {who} · {r.title[:20]} · {local_time(s.started_at)} · "
            f"{STATUS_WORDS.get(s.status, s.status)[:3]} · 已答 {main}/{r.planned} 題",
            f"自動總分 {score_text(r.auto_total)} · 採計總分 {score_text(r.total)} · "
            f"有標記 {len(r.flagged)} 則 · 決定：{decision.decision if decision else '尚未決定'}",
            "打字：" + (f"{rate_text(typing.cpm)} 字/分鐘 · 正確率 {rate_text(typing.accuracy)}% · "
                       f"{'通過' if typing.passed else '未通過'}" if typing else
                       ("未完成" if s.meta.get("typing") else "本次沒有")),
        ]
        return self.ctx.t("\n".join(lines))

    def _loaded(self) -> InterviewReport:
        assert self.report is not None, "the console's actions wait for its report (check_action)"
        return self.report

    @property
    def cards(self) -> list[AnswerCard]:
        return list(self.query(AnswerCard))

    def _highlight(self) -> None:
        cards = self.cards
        for i, card in enumerate(cards):
            card.set_class(i == self.selected, "-selected")
        if cards:
            self.query_one("#cs-answers", VerticalScroll).scroll_to_widget(cards[self.selected],
                                                                          animate=False)

    async def _reload(self) -> None:
        # off the UI thread: a shared store may be a network away
        self.report = await asyncio.to_thread(build, self.ctx.store, self.ctx.content, self.session_id)
        self.query_one("#cs-summary", Static).update(para(self._summary()))
        answers = self.query_one("#cs-answers", VerticalScroll)
        await answers.remove_children()
        await answers.mount_all(self._cards())
        self.selected = min(self.selected, max(0, len(self._loaded().answers) - 1))
        self._highlight()

    # ------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.report is None:  # still reading (or unreadable): only leaving works
            return action == "leave" or (action == "hand_back" and self.live) or None
        if action in ("override", "note", "move"):
            return bool(self._loaded().answers)
        if action == "hand_back":
            return self.live and self._loaded().session.status == "open"
        return True

    def action_move(self, step: int) -> None:
        self.selected = max(0, min(len(self._loaded().answers) - 1, self.selected + step))
        self._highlight()

    def action_override(self) -> None:
        item = self._loaded().answers[self.selected]

        async def done(value: object) -> None:
            if isinstance(value, tuple):
                score, reason = value
                await self._write(lambda: records.add_override(
                    self.ctx.store, self.session_id, item.turn.index, float(score), self.interviewer,
                    str(reason)))

        title = f"改分：{item.turn.prompt[:24]}"
        self.app.push_screen(OverrideDialog(self.ctx, title, item.score), done)

    def action_note(self) -> None:
        item = self._loaded().answers[self.selected]

        async def done(value: object) -> None:
            if isinstance(value, str):
                await self._write(lambda: records.add_note(
                    self.ctx.store, self.session_id, item.turn.index, value, self.interviewer))

        self.app.push_screen(NoteDialog(self.ctx, f"備註：{item.turn.prompt[:24]}"), done)

    def action_decide(self) -> None:
        current = self._loaded().review.decision

        async def done(value: object) -> None:
            if isinstance(value, tuple):
                decision, comment = value
                await self._write(lambda: records.decide(
                    self.ctx.store, self.session_id, str(decision), str(comment), self.interviewer))

        title = f"決定：{self._loaded().session.user}"
        self.app.push_screen(DecisionDialog(self.ctx, title, current.decision if current else None), done)

    async def _write(self, write: Callable[[], None]) -> None:
        """Run one store write, then show the console again from the store."""
        try:
            await asyncio.to_thread(write)
        except StoreError as error:
            self.notify(self.ctx.t(f"無法保存：{error}"), severity="error", timeout=10)
            return
        await self._reload()
        self.notify(self.ctx.t("已保存。"), timeout=2)

    async def action_export(self) -> None:
        folder = paths.reports_dir(self.ctx.store.path)
        try:
            written = await asyncio.to_thread(write_both, self.ctx.store, self.ctx.content, self.session_id, folder)
        except (OSError, StoreError) as error:
            self.notify(self.ctx.t(f"無法寫出報告：{error}"), severity="error", timeout=10)
            return
        self.notify(self.ctx.t("報告已寫出：\n") + "\n".join(str(p) for p in written), timeout=15)
        self.query_one("#cs-summary", Static).update(para(self._summary() + "\n" + self.ctx.t("報告：")
                                                          + " · ".join(str(p) for p in written)))

    def action_hand_back(self) -> None:
        self.dismiss(False)

    def action_leave(self) -> None:
        self.dismiss(True)
