"""教評分: from a reviewed reply, teach the rubric a phrase the scorer missed — shown as a diff first.

The manager picks a key point the reply was marked down on (↑/↓ in the list),
trims the reply in the text box to the words that express it, and presses
Enter. F2 switches between adding those words to the point's phrases and adding
them to the thesaurus as a synonym of one of the point's phrases (the second
box). The edit is tried on a copy in a worker (``trainer.services.teach``:
validate, check, and this reply re-scored): the screen shows the diff, what
validate and check said, and what the new rubric gives this reply. Ctrl+S
saves (atomically), only when the trial passed; the app then scores with the
new content. Past replies keep their stored scores. Esc closes. The reply and
what the trial said are wrapped by the CJK rule; scores are whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.input import Selection

from trainer.core.content import Content
from trainer.services import teach
from trainer.store import SessionRow, TurnRow
from trainer.ui.context import Context
from trainer.ui.text import NO_CONTROL, score_text
from trainer.ui.widgets.key_footer import KeyFooter
from trainer.ui.widgets.review_card import points_of
from trainer.ui.wrap import para

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MODES = {teach.PHRASE: "加到要點的短語", teach.SYNONYM: "加到同義詞表（和右邊的短語同義）"}


def _editable(text: str) -> str:
    """Text for a box the manager edits into a phrase: as written (never converted to the display
    script: the file gets the trainee's own characters), control characters dropped, one line."""
    return CONTROL.sub(" ", text).strip()


@dataclass
class Tried(Message):
    """A worker built and tried an edit (``error`` when it could not even be built)."""

    trial: teach.Trial | None
    error: str = ""


@dataclass
class Saved(Message):
    """A worker saved the edit and reloaded the content (``error`` when it could not)."""

    content: Content | None
    error: str = ""


class TeachScreen(ModalScreen[bool]):
    """Teach the rubric from one reply (see the module docstring); dismisses True after a save."""

    BINDINGS = [
        Binding("f2", "mode", "短語／同義詞", tooltip="在「加到要點短語」和「加到同義詞表」之間切換"),
        Binding("ctrl+s", "save", "保存", tooltip="把試過的修改寫進內容檔案", priority=True),
        Binding("escape", "close", "關閉", tooltip="不保存，關閉"),
    ]

    def __init__(self, ctx: Context, session: SessionRow, turn: TurnRow) -> None:
        super().__init__(classes="console-dialog")
        self.ctx = ctx
        self.session = session
        self.turn = turn
        self.target = teach.Target.of(session.kind, session.item_id, turn.node_id)
        self.mode = teach.PHRASE
        self.trial: teach.Trial | None = None
        self.saved = False
        rubric = teach.rubric_of(ctx.library, self.target)
        missed = set(points_of(turn.result)[1])
        self.points = [p for p in (rubric.points if rubric else ()) if p.label in missed]
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        with Vertical(classes="dialog-box", id="tc-box") as box:
            box.border_title = self.ctx.display.plain(f"教評分：第 {self.turn.index + 1} 句")
            yield Static(para(t("回覆：") + t(self.turn.reply)), classes="hint-line", markup=False)
            if not self.points:
                yield Static(para(t("這句沒有漏掉、而且目前內容裡還有的要點：沒有可教的。")), id="tc-none",
                             markup=False)
            yield OptionList(*(t(p.label) for p in self.points), id="tc-points", markup=False)
            yield Input(_editable(self.turn.reply), placeholder=t("回覆裡表達這個要點的字句"), id="tc-words",
                        compact=True, restrict=NO_CONTROL)
            yield Static(t(MODES[self.mode]), id="tc-mode", markup=False)
            yield Input("", placeholder=t("和要點的哪個短語同義"), id="tc-like", compact=True, restrict=NO_CONTROL)
            with VerticalScroll(id="tc-result-box") as result:
                result.border_title = self.ctx.display.plain("試改結果")
                yield Static("", id="tc-result", markup=False)
            yield Static(t("Enter 試一試 · Ctrl+S 保存 · F2 短語／同義詞 · Esc 關閉"), classes="hint-line",
                         markup=False)
        yield KeyFooter()  # this dialog's keys, over those of the screen below

    def on_mount(self) -> None:
        self.query_one("#tc-like", Input).display = False
        if self.points:
            self.query_one("#tc-points", OptionList).highlighted = 0
            self._point_changed()
        self.query_one("#tc-words", Input).focus()
        self.call_after_refresh(self._words_from_start)

    def _words_from_start(self) -> None:
        """The reply box shows its start (the whole reply still selected): a long reply is trimmed
        from the start, and its view never opens on a 「，」 in the middle of a sentence."""
        words = self.query_one("#tc-words", Input)
        words.selection = Selection(len(words.value), 0)

    @property
    def label(self) -> str | None:
        index = self.query_one("#tc-points", OptionList).highlighted
        return self.points[index].label if self.points and index is not None else None

    @on(OptionList.OptionHighlighted, "#tc-points")
    def _point_changed(self) -> None:
        index = self.query_one("#tc-points", OptionList).highlighted
        if self.points and index is not None:
            self.query_one("#tc-like", Input).value = _editable(self.points[index].phrases[0])
        self._forget()

    @on(Input.Changed)
    def _forget(self) -> None:
        """Any change makes the last trial stale: it must be tried again before a save."""
        if self.trial is not None and not self.saved:
            self.trial = None
            self.query_one("#tc-result", Static).update("")
            self.refresh_bindings()

    def action_mode(self) -> None:
        self.mode = teach.SYNONYM if self.mode == teach.PHRASE else teach.PHRASE
        self.query_one("#tc-mode", Static).update(self.ctx.t(MODES[self.mode]))
        self.query_one("#tc-like", Input).display = self.mode == teach.SYNONYM
        self._forget()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        label = self.label
        words = self.query_one("#tc-words", Input).value.strip()
        if label is None or not words:
            self._show(Text(self.ctx.t("先選一個要點，並在框裡留下表達它的字句。"), style="bold red"))
            return
        self._show(Text(self.ctx.t("檢查中…（validate、check、重新評分這句）")))
        self.try_edit(label, words, self.query_one("#tc-like", Input).value.strip())

    @work(thread=True, exclusive=True, group="teach")
    def try_edit(self, label: str, words: str, like: str) -> None:
        content = self.ctx.library
        try:
            if self.mode == teach.SYNONYM:
                edit = teach.synonym_edit(content, like, words)
            else:
                edit = teach.phrase_edit(content, self.target, label, words)
            self.post_message(Tried(teach.trial(content, edit, self.target, self.turn.reply)))
        except teach.EditError as error:
            self.post_message(Tried(None, str(error)))

    @on(Tried)
    def _tried(self, message: Tried) -> None:
        self.trial = message.trial
        if message.trial is None:
            self._show(Text(self.ctx.t(f"不能這樣改：{message.error}"), style="bold red"))
        else:
            self._show(self._trial_text(message.trial))
        self.refresh_bindings()

    def _trial_text(self, trial: teach.Trial) -> Text:
        t = self.ctx.t
        out = Text(t(trial.edit.summary), style="bold")
        out.append("\n" + trial.edit.diff.rstrip("\n"), style="dim")  # literal: a Text, never markup
        for problem in (*trial.errors, *trial.warnings):
            out.append("\n" + t("⚠ ") + str(problem), style="bold red" if problem.severity == "error" else "")
        for failure in trial.failures:
            out.append("\n" + t("✗ 改了以後這個例子不合格：\n") + failure, style="red")
        if trial.result is not None:
            r = trial.result
            hit = self.label in r.hit_labels
            scores = f"新規則下這句得 {score_text(r.score)} 分（原本 {score_text(self.turn.raw_score)} 分）；"
            out.append("\n" + t(scores + f"要點「{self.label}」" + ("命中" if hit else "仍然沒有命中")),
                       style="bold green" if hit else "bold")
        out.append("\n" + t("檢查通過：按 Ctrl+S 保存（過去的回覆不會重新評分）。" if trial.ok
                            else "檢查沒有通過：不能保存。"), style="bold")
        return out

    def _show(self, text: Text) -> None:
        self.query_one("#tc-result", Static).update(para(text))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return self.trial is not None and self.trial.ok and not self.saved
        return True

    def action_save(self) -> None:
        if self.trial is not None and self.trial.ok and not self.saved:
            self.save(self.trial.edit)

    @work(thread=True, exclusive=True, group="teach")
    def save(self, edit: teach.Edit) -> None:
        try:
            teach.save(edit)
            content, _problems = teach.reload(self.ctx.library)
        except teach.EditError as error:
            self.post_message(Saved(None, str(error)))
            return
        self.post_message(Saved(content))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        if message.content is None:
            self._show(Text(self.ctx.t(f"無法保存：{message.error}"), style="bold red"))
            return
        self.ctx.content = message.content  # from now on the app scores with the taught rubric
        self.saved = True
        self.refresh_bindings()
        assert self.trial is not None
        self.notify(self.ctx.t(f"已保存：{self.trial.edit.path}"), timeout=4)
        self._show(self._trial_text(self.trial).append("\n" + self.ctx.t("已保存。Esc 關閉。"), style="bold"))

    def action_close(self) -> None:
        self.dismiss(self.saved)
