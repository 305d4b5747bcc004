"""Setting up an interview: the candidate, the questions, the time per question, the typing test.

The questions are a named set from ``interview_bank/`` or N questions drawn
by category and difficulty with a seed (the same seed draws the same
questions). Ctrl+S starts the interview: the screen is replaced by the
candidate's view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Header, Input, Select, Static

from trainer.store import StoreError
from trainer.ui.context import Context
from trainer.ui.interview_session import InterviewSession, draw_seed, typing_bank
from trainer.ui.text import NO_CONTROL, cell
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.workers import running

if TYPE_CHECKING:
    from trainer.core.interview import InterviewPlan
    from trainer.core.interview_models import InterviewSet

PICK = "__pick__"  # the source choice "draw questions by category"
DEFAULT_COUNT = 8


class InterviewSetupScreen(Screen[None]):
    """The interviewer's form (see the module docstring)."""

    AUTO_FOCUS = "#su-name"
    BINDINGS = [
        Binding("ctrl+s", "start", "開始面試", tooltip="把畫面交給應試者，開始第一題", priority=True),
        Binding("escape", "back", "返回", tooltip="不開始，回到面試官桌面"),
    ]

    def __init__(self, ctx: Context, interviewer: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.interviewer = interviewer
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t, content = self.ctx.t, self.ctx.library
        sets = [(cell(t(f"{s.title}（{len(s.questions)} 題）")), s.id) for s in content.sets.values()]
        bank, _ = typing_bank(content)
        passages = [(cell(t(p.title)), p.id) for p in bank.passages] if bank else []
        categories = sorted({q.category for q in content.questions.values()})
        levels = sorted({q.difficulty for q in content.questions.values()})
        yield Header()
        with VerticalScroll(id="su-form"):
            yield _row(t("應試者"), Input(placeholder=t("姓名"), id="su-name", max_length=40, compact=True,
                                                 restrict=NO_CONTROL))
            yield _row(t("題目"), Select([*sets, (cell(t("依分類、難度抽題")), PICK)], allow_blank=False,
                                         id="su-source", compact=True))
            yield _row(t("分類"), Select([(cell(t(c)), c) for c in categories], prompt=t("全部分類"),
                                         id="su-category", compact=True),
                       t("難度"), Select([(t(f"難度 {n}"), n) for n in levels], prompt=t("全部"),
                                         id="su-difficulty", compact=True), id="su-pick-1")
            yield _row(t("題數"), Input(str(DEFAULT_COUNT), type="integer", id="su-count", compact=True),
                       t("種子"), Input(str(draw_seed() % 10000), type="integer", id="su-seed",
                                        compact=True), id="su-pick-2")
            yield _row(t("每題時間"), Input(placeholder=t("秒；不填就用每題自己的時間"), type="integer",
                                            id="su-limit", compact=True))
            yield _row(t("打字測驗"), Checkbox(t("面試後做打字測驗"), bank is not None, id="su-typing",
                                            compact=True, disabled=bank is None),
                       t("段落"), Select(passages, prompt=t("隨機"), id="su-passage", compact=True))
            yield Static(id="su-preview", markup=False)
            yield Static("", id="su-error", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.ctx.t("新面試")
        self._update()

    @on(Select.Changed)
    @on(Input.Changed)
    def _update(self) -> None:
        """Show the draw fields only when drawing, and what the interview will hold."""
        picking = self._source() == PICK
        for row in ("#su-pick-1", "#su-pick-2"):
            self.query_one(row).display = picking
        questions = self._questions()
        minutes = sum(self._limit_of(q) for q in questions) / 60
        preview = f"共 {len(questions)} 題（另有追問），每題的作答時間合計約 {minutes:.0f} 分鐘"
        chosen = self._chosen_set()
        if chosen is not None and chosen.time_limit:  # the author's estimate of the whole set, follow-ups too
            preview += f"；整套預計約 {chosen.time_limit / 60:.0f} 分鐘"
        self.query_one("#su-preview", Static).update(self.ctx.t(preview + "。"))

    def _number(self, selector: str) -> int | None:
        value = self.query_one(selector, Input).value.strip()
        return int(value) if value.lstrip("-").isdigit() else None

    def _source(self) -> str:
        """The chosen set's id, or ``PICK`` (draw by category)."""
        return str(self.query_one("#su-source", Select).value)

    def _chosen_set(self) -> InterviewSet | None:
        """The chosen named set (None when drawing)."""
        return self.ctx.library.sets.get(self._source())

    def _questions(self) -> tuple[str, ...]:
        from trainer.core.interview import pick_questions

        content = self.ctx.library
        if self._source() != PICK:
            chosen = self._chosen_set()
            return tuple(q for q in chosen.questions if q in content.questions) if chosen else ()
        category = self.query_one("#su-category", Select).value
        level = self.query_one("#su-difficulty", Select).value
        return pick_questions(content.questions.values(), self._number("#su-count") or 0,
                              category=category if isinstance(category, str) else None,
                              difficulty=level if isinstance(level, int) else None,
                              seed=self._number("#su-seed") or 0)

    def _limit_of(self, question_id: str) -> int:
        from trainer.core.interview import DEFAULT_TIME_LIMIT

        question = self.ctx.library.questions[question_id]
        return self._number("#su-limit") or question.time_limit or DEFAULT_TIME_LIMIT

    def _plan(self) -> InterviewPlan | str:
        """The plan, or what is wrong with the form."""
        from trainer.core.interview import InterviewPlan

        name = self.query_one("#su-name", Input).value.strip()
        limit = self._number("#su-limit")
        questions = self._questions()
        if not name:
            return "請輸入應試者姓名。"
        if not questions:
            return "沒有符合條件的題目：請換一個題組，或放寬分類、難度。"
        if limit is not None and not 10 <= limit <= 3600:
            return "每題時間要在 10 到 3600 秒之間（或不填）。"
        source = self._source()
        picking = source == PICK
        passage = self.query_one("#su-passage", Select).value
        chosen = self._chosen_set()
        return InterviewPlan(
            candidate=name, questions=questions, set_id="custom" if picking else source,
            title="依分類抽題" if picking or chosen is None else chosen.title, time_limit=limit,
            typing=self.query_one("#su-typing", Checkbox).value,
            passage=passage if isinstance(passage, str) else None,
            seed=(self._number("#su-seed") or 0) if picking else 0, interviewer=self.interviewer,
            filters=self._filters() if picking else {},
        )

    def _filters(self) -> dict[str, object]:
        category = self.query_one("#su-category", Select).value
        level = self.query_one("#su-difficulty", Select).value
        return {"category": category if isinstance(category, str) else None,
                "difficulty": level if isinstance(level, int) else None,
                "count": self._number("#su-count")}

    def action_start(self) -> None:
        plan = self._plan()
        if isinstance(plan, str):
            self.query_one("#su-error", Static).update(self.ctx.t(plan))
            return
        if not running(self, "su-start"):
            self._start(plan)  # else a second Enter while the first one starts it

    @work(thread=True, group="su-start", exit_on_error=False)
    def _start(self, plan: InterviewPlan) -> None:
        """Write the interview and lock the screen to it off the UI thread, then hand it over."""
        from trainer.ui.screens.interview import InterviewScreen

        try:
            session = InterviewSession.start(self.ctx.store, self.ctx.library, plan)
            self.ctx.lock.hold(session.session_id)  # from now on only the passphrase leaves
        except StoreError as error:
            self.app.call_from_thread(self._show_error, f"無法開始：{error}")
            return
        self.app.call_from_thread(self.app.switch_screen, InterviewScreen(self.ctx, session))

    def _show_error(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#su-error", Static).update(self.ctx.t(message))

    def action_back(self) -> None:
        self.dismiss()


def _row(*parts: str | Input | Select[str] | Select[int] | Checkbox, id: str | None = None) -> Horizontal:
    """A form line: label, field (and optionally a second label and field)."""
    children = [Static(p, classes="su-label", markup=False) if isinstance(p, str) else p for p in parts]
    return Horizontal(*children, classes="su-row", id=id)
