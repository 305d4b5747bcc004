"""The manager's 新增指派 dialog: items, to whom, due day and pass rule; saved in a worker.

Enter moves to the next field and saves from the last one (Ctrl+S saves from
any). The words are those of ``trainer assign``: items are scenario ids,
``category:名稱``, interview-set ids or ``typing``, separated by spaces; the
target is a trainee's name or ``@組名``. The service checks everything before
anything is written; its refusal shows in the dialog, which stays open.
Dismisses with the new assignments' ids.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from trainer.services import assignments as svc
from trainer.ui.context import Context
from trainer.ui.text import NO_CONTROL
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.wrap import para

FIELDS = (
    ("af-items", "項目：情境 id、category:售後、面試題組 id 或 typing（空格分開）"),
    ("af-to", "對象：學員姓名或 @組名"),
    ("af-due", "截止日期 YYYY-MM-DD"),
    ("af-score", "最低分數（空白：及格分；打字為 字/分鐘）"),
    ("af-passes", "要通過幾次（空白：1）"),
    ("af-max", "最多幾次（空白：不限）"),
    ("af-mode", "模式：coach 教練 / exam 考試（空白：不限）"),
)


class AssignForm(ModalScreen[list[int] | None]):
    """The dialog (see the module docstring)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "保存", tooltip="檢查並保存這個指派"),
        Binding("escape", "cancel", "取消", tooltip="不保存，關閉"),
    ]

    def __init__(self, ctx: Context) -> None:
        super().__init__(classes="console-dialog")
        self.ctx = ctx
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        with Vertical(classes="dialog-box", id="assign-form") as box:
            box.border_title = self.ctx.display.plain("新增指派")  # the title on the frame: one more row
            for field_id, hint in FIELDS:
                yield Input(placeholder=t(hint), id=field_id, compact=True, restrict=NO_CONTROL)
            yield Static("", classes="dialog-error", markup=False)
            yield Static(t("Enter 下一欄／保存 · Ctrl+S 保存 · Esc 取消"), classes="hint-line", markup=False)
        yield KeyFooter()  # this dialog's keys, over those of the screen below

    def value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value.strip()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        ids = [f for f, _ in FIELDS]
        at = ids.index(event.input.id or ids[-1])
        if at + 1 < len(ids):
            self.query_one(f"#{ids[at + 1]}", Input).focus()
        else:
            self.action_save()

    def _rule(self, values: dict[str, str], typing: bool) -> svc.Rule:
        """The pass rule typed in; AssignError for a number that is not one."""
        def number(field_id: str, what: str) -> float | None:
            text = values[field_id]
            try:
                return float(text) if text else None
            except ValueError:
                raise svc.AssignError(f"{what}「{text}」不是數字 / {what} is not a number") from None

        score = number("af-score", "最低分數")
        if score is None:
            score = svc.TYPING_CPM if typing else (self.ctx.content.settings.pass_mark if self.ctx.content else 60.0)
        passes, most = number("af-passes", "通過次數"), number("af-max", "最多次數")
        mode = values["af-mode"] or None
        if mode not in (None, "coach", "exam"):
            raise svc.AssignError(f"模式「{mode}」要是 coach 或 exam / mode must be coach or exam")
        return svc.Rule(score, int(passes or 1), None if most is None else int(most), mode)

    def action_save(self) -> None:
        self.query_one(".dialog-error", Static).update(self.ctx.t("保存中…"))
        self._save({field_id: self.value(field_id) for field_id, _ in FIELDS})

    @work(thread=True, exclusive=True, group="assign-form")
    def _save(self, values: dict[str, str]) -> None:
        words = values["af-items"].split()
        try:
            rule = self._rule(values, "typing" in words)
            ids = svc.create(self.ctx.store, svc.catalog_of(self.ctx.library), words, values["af-to"],
                             values["af-due"], rule, by=self.ctx.user or None)
        except svc.AssignError as exc:
            self.app.call_from_thread(self._refused, str(exc))
            return
        self.app.call_from_thread(self._saved, ids)

    def _refused(self, why: str) -> None:
        self.query_one(".dialog-error", Static).update(para(self.ctx.t(why)))

    def _saved(self, ids: list[int]) -> None:
        self.notify(self.ctx.t(f"已新增 {len(ids)} 個指派"))
        self.dismiss(ids)

    def action_cancel(self) -> None:
        self.dismiss(None)
