"""審閱: a manager reads one practice session (finished or not) as a transcript and reviews it.

Every reply shows as the chat showed it (buyer and trainee bubbles), with its
breakdown: the automatic score, the score that counts, points hit and missed,
broken rules, and what reviewers added. ↑/↓ choose a reply; ``c`` comments on
it, ``o`` overrides its score (0–100, with a reason; the automatic score stays
and is shown beside), ``k`` teaches the rubric from it (a missed key point's
phrase or a thesaurus pair, see ``TeachScreen``). Comments and overrides record
who and when, show on the trainee's own history and count in every figure.
Reads and writes run in workers; the screen shows the store again after each.
At 120 columns and more the replies are a titled panel and the selected reply's
breakdown sits beside them (``#rv-detail``) instead of under each reply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from trainer.reports.words import OUTCOME_WORDS, STATUS_WORDS, local_time
from trainer.services import review as service
from trainer.store import SessionRow, StoreError, TurnRow
from trainer.ui.context import Context
from trainer.ui.screens.console_dialogs import NoteDialog, OverrideDialog
from trainer.ui.text import MODE_NAMES, score_text
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.widgets.review_card import ReviewCard, breakdown_text
from trainer.ui.wrap import para


@dataclass
class ReviewLoaded(Message):
    """A worker read the session, its replies and what reviewers added (or the error)."""

    review: service.SessionReview | None
    error: str = ""


@dataclass
class ReviewSaved(Message):
    """A worker wrote a comment or an override (``error`` when the store refused)."""

    error: str = ""


class ReviewScreen(Screen[None]):
    """One practice session, for a reviewer (see the module docstring)."""

    AUTO_FOCUS = "#rv-turns"
    BINDINGS = [
        Binding("down", "move(1)", "下一句", tooltip="選下一句回覆", priority=True),
        Binding("up", "move(-1)", "上一句", tooltip="選上一句回覆", priority=True),
        Binding("c", "comment", "評語", tooltip="替選中的回覆寫評語（學員在紀錄裡看得到）"),
        Binding("o", "override", "改分", tooltip="替選中的回覆改分，要寫理由（自動分數保留）"),
        Binding("k", "teach", "教評分", tooltip="把回覆裡的說法加進漏掉的要點或同義詞表"),
        Binding("escape", "back", "返回", tooltip="回到上一頁"),
    ]

    def __init__(self, ctx: Context, session_id: int, reviewer: str, *, index: int = 0) -> None:
        super().__init__()
        self.ctx = ctx
        self.session_id = session_id
        self.reviewer = reviewer
        self.selected = index
        self.session: SessionRow | None = None
        self.turns: list[TurnRow] = []
        self.marks: dict[int, service.TurnMarks] = {}
        self.review: service.SessionReview | None = None
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.ctx.t("載入中…"), id="rv-summary", markup=False)
        with Horizontal(id="rv-body"):
            turns = VerticalScroll(id="rv-turns")
            turns.border_title = self.ctx.display.plain("回覆")
            yield turns
            with VerticalScroll(id="rv-detail") as detail:  # beside the replies at 120+ columns
                detail.border_title = self.ctx.display.plain("講評")
                yield Static("", id="rv-detail-text", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("審閱練習")
        self.load()

    @work(thread=True, exclusive=True, group="review-load")
    def load(self) -> None:
        try:
            message = ReviewLoaded(service.read(self.ctx.store, self.session_id))
        except StoreError as error:
            message = ReviewLoaded(None, str(error))
        self.post_message(message)

    @on(ReviewLoaded)
    async def _loaded(self, message: ReviewLoaded) -> None:
        if message.review is None:
            self.query_one("#rv-summary", Static).update(self.ctx.t(f"無法讀取：{message.error}"))
            return
        self.review = message.review
        self.session, self.turns, self.marks = message.review.session, message.review.turns, message.review.marks
        self.title = self.ctx.t(f"審閱：{self.session.user} · {self.session.item_title or self.session.item_id}")
        self.query_one("#rv-summary", Static).update(para(self._summary()))
        body = self.query_one("#rv-turns", VerticalScroll)
        body.border_title = self.ctx.display.plain(f"回覆（{len(self.turns)} 句）")
        await body.remove_children()
        cards = [ReviewCard(self.session, turn, self.marks.get(turn.index), self.ctx.display, self._buyer())
                 for turn in self.turns]
        await body.mount_all(cards or [Static(self.ctx.t("（這次還沒有回覆）"), markup=False)])
        self.selected = max(0, min(self.selected, len(self.turns) - 1))
        self._highlight()
        self.refresh_bindings()

    def _buyer(self) -> str:
        content = self.ctx.content
        scenario = content.scenarios.get(self.session.item_id) if content and self.session else None
        return scenario.buyer.name if scenario else "買家"

    def _summary(self) -> str:
        s, review = self.session, self.review
        assert s is not None and review is not None
        state = (OUTCOME_WORDS.get(s.outcome or "", s.outcome or "已完成") if s.status == "finished"
                 else STATUS_WORDS.get(s.status, s.status))
        lines = [
            f"{s.user} · {s.item_title or s.item_id} · {MODE_NAMES.get(s.mode or '', '')} · {state}"
            f" · 開始 {local_time(s.started_at)}",
            f"採計總分 {score_text(review.counted_total)} · 自動總分 {score_text(review.automatic_total)}"
            f" · 共 {len(self.turns)} 句"
            f" · 已審 {len(self.marks)} 句 · 審閱人 {self.reviewer}",
        ]
        return self.ctx.t("\n".join(lines))

    @property
    def cards(self) -> list[ReviewCard]:
        return list(self.query(ReviewCard))

    def _highlight(self) -> None:
        cards = self.cards
        for i, card in enumerate(cards):
            card.set_class(i == self.selected, "-selected")
        if cards:
            self.query_one("#rv-turns", VerticalScroll).scroll_to_widget(cards[self.selected], animate=False)
        self._show_detail()

    def _show_detail(self) -> None:
        """The selected reply's breakdown in the side panel (shown at 120 columns and more)."""
        detail = self.query_one("#rv-detail", VerticalScroll)
        text = self.query_one("#rv-detail-text", Static)
        if not self.turns or self.session is None:
            text.update("")
            return
        turn = self.turn
        detail.border_title = self.ctx.display.plain(f"第 {turn.index + 1} 句的講評")
        text.update(para(breakdown_text(turn, self.marks.get(turn.index), self.ctx.display)))
        detail.scroll_home(animate=False)

    # ------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("comment", "override", "teach", "move"):
            return bool(self.turns)
        return True

    @property
    def turn(self) -> TurnRow:
        return self.turns[self.selected]

    def action_move(self, step: int) -> None:
        self.selected = max(0, min(len(self.turns) - 1, self.selected + step))
        self._highlight()

    def action_comment(self) -> None:
        index = self.turn.index

        def done(value: object) -> None:
            if isinstance(value, str):
                self.write(lambda: service.comment(self.ctx.store, self.session_id, index, value,
                                                        self.reviewer))

        self.app.push_screen(NoteDialog(self.ctx, f"評語：第 {index + 1} 句"), done)

    def action_override(self) -> None:
        turn = self.turn
        marks = self.marks.get(turn.index)

        def done(value: object) -> None:
            if isinstance(value, tuple):
                score, reason = value
                self.write(lambda: service.override(self.ctx.store, self.session_id, turn.index,
                                                    float(score), self.reviewer, str(reason)))

        current = marks.counted(turn.score) if marks else turn.score
        self.app.push_screen(OverrideDialog(self.ctx, f"改分：第 {turn.index + 1} 句", current,
                                            need_reason=True), done)

    def action_teach(self) -> None:
        from trainer.ui.screens.teach import TeachScreen

        if self.session is None:
            return
        if self.ctx.content is None:
            self.notify(self.ctx.t("內容還在載入，請稍候。"))
            return
        self.app.push_screen(TeachScreen(self.ctx, self.session, self.turn))

    @work(thread=True, group="review-write")
    def write(self, write: Callable[[], None]) -> None:
        """One store write off the UI thread; the screen reloads from the store after it."""
        try:
            write()
        except StoreError as error:
            self.post_message(ReviewSaved(str(error)))
            return
        self.post_message(ReviewSaved())

    @on(ReviewSaved)
    def _saved(self, message: ReviewSaved) -> None:
        if message.error:
            self.notify(self.ctx.t(f"無法保存：{message.error}"), severity="error", timeout=10)
            return
        self.notify(self.ctx.t("已保存。"), timeout=2)
        self.load()

    def action_back(self) -> None:
        self.dismiss()
