"""Home: who is practising, the modes, and any unfinished conversation to resume or discard."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.store import SessionRow
from trainer.ui.context import Context
from trainer.ui.messages import PracticeChosen, SessionChosen
from trainer.ui.session import KIND
from trainer.ui.text import MODE_NAMES

MODES = (
    ("practice", "練習　與難纏的買家對話，每句回覆都有評分", True),
    ("interview", "面試　客服面試題（即將推出）", False),
    ("typing", "打字　中文打字速度測驗（即將推出）", False),
    ("progress", "進度　歷次成績與弱項（即將推出）", False),
)


class HomeScreen(Screen[None]):
    """The first screen (see the module docstring)."""

    BINDINGS = [
        Binding("p", "practice", "練習", tooltip="選一個情境開始練習"),
        Binding("r", "resume", "繼續", tooltip="繼續選中的未完成對話"),
        Binding("x", "discard", "放棄", tooltip="放棄選中的未完成對話"),
        Binding("u", "change_user", "換人", tooltip="換一位學員"),
    ]

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.unfinished: list[SessionRow] = []
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        yield Header()
        yield Static(id="user-line")
        yield Static(t("選擇模式"), classes="section")
        yield OptionList(*(Option(t(label), id=key, disabled=not ready)
                           for key, label, ready in MODES), id="modes")
        yield Static(t("未完成的對話"), classes="section")
        yield OptionList(id="unfinished")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#modes", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_user()

    def refresh_user(self) -> None:
        """Show the current trainee and their unfinished conversations."""
        t = self.ctx.t
        who = self.ctx.user or t("（未設定）")
        self.query_one("#user-line", Static).update(t("學員：") + who + t("　（按 u 換人）"))
        self.unfinished = self.ctx.store.unfinished_sessions(self.ctx.user, KIND) if self.ctx.user else []
        box = self.query_one("#unfinished", OptionList)
        box.clear_options()
        if not self.unfinished:
            box.add_option(Option(t("（沒有）"), disabled=True))
        for row in self.unfinished:
            box.add_option(Option(self._describe(row), id=str(row.id)))
        self.refresh_bindings()

    def _describe(self, row: SessionRow) -> str:
        t = self.ctx.t
        mode = MODE_NAMES.get(row.mode or "coach", "")
        when = _local(row.started_at)
        return t(f"{row.item_title or row.item_id} · {mode} · 已答 {row.turn_count} 句 · {when}")

    def _selected(self) -> SessionRow | None:
        box = self.query_one("#unfinished", OptionList)
        if not self.unfinished or box.highlighted is None:
            return self.unfinished[0] if self.unfinished else None
        return self.unfinished[min(box.highlighted, len(self.unfinished) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resume", "discard"):
            return bool(self.unfinished)
        return True

    @on(OptionList.OptionSelected, "#modes")
    def _mode_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "practice":
            self.action_practice()

    @on(OptionList.OptionSelected, "#unfinished")
    def _session_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(SessionChosen(int(event.option.id)))

    def action_practice(self) -> None:
        self.post_message(PracticeChosen())

    def action_resume(self) -> None:
        row = self._selected()
        if row is not None:
            self.post_message(SessionChosen(row.id))

    def action_discard(self) -> None:
        row = self._selected()
        if row is None:
            return
        self.ctx.store.discard_session(row.id)
        self.notify(self.ctx.t(f"已放棄「{row.item_title or row.item_id}」"))
        self.refresh_user()

    def action_change_user(self) -> None:
        self.app.ask_name()  # type: ignore[attr-defined]


def _local(stamp: str) -> str:
    """A stored UTC time as local ``YYYY-MM-DD HH:MM``."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16]
