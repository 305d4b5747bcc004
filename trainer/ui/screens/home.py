"""Home: who is practising, what is assigned to them, the modes, and any unfinished conversation.

The trainee's open assignments (docs/assignments.md) lead, soonest due first,
before the spaced-practice line; they are read in a worker and the list is
hidden while there are none. Enter on one starts it in its required mode.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from trainer.services.device import SCRIPT_NAMES
from trainer.store import SessionRow
from trainer.ui.context import Context
from trainer.ui.messages import PracticeChosen, SessionChosen
from trainer.ui.session import KIND
from trainer.ui.text import MODE_NAMES, plain
from trainer.ui.widgets.key_footer import KeyFooter

MODES = (
    ("practice", "練習　與難纏的買家對話，每句回覆都有評分", True),
    ("interview", "面試　面試官設定題目，應試者作答；評分要密碼", True),
    ("typing", "打字　用客服話術測中文打字速度和正確率", True),
    ("progress", "進度　分數走勢、弱項、複習排程和歷次紀錄", True),
)

ROLE_NAMES = {"trainee": "學員", "manager": "主管", "interviewer": "面試官", "admin": "管理員"}
NBSP = "\u00a0"  # a space that a wrapped line does not break at
DUE_DELAY = 0.25  # seconds after start-up before today's due items are looked up


class HomeScreen(Screen[None]):
    """The first screen (see the module docstring)."""

    BINDINGS = [
        Binding("p", "practice", "練習", tooltip="選一個情境開始練習"),
        Binding("r", "resume", "繼續", tooltip="繼續選中的未完成對話"),
        Binding("x", "discard", "放棄", tooltip="放棄選中的未完成對話"),
        Binding("u", "change_user", "換人", tooltip="換一位學員（換成已有紀錄的學員要員工密碼）"),
        Binding("i", "interview", "面試", show=False, tooltip="面試官桌面：新面試、繼續、查看評分（要密碼）"),
        Binding("t", "typing", "打字", show=False, tooltip="中文打字速度測驗"),
        Binding("g", "progress", "進度", show=False, tooltip="分數走勢、弱項、複習排程和歷次紀錄"),
        Binding("d", "due", "到期", tooltip="依序練習今天到期的情境"),
        Binding("m", "team", "團隊", tooltip="全體學員的進度（主管用，要員工密碼）"),
        Binding("s", "toggle_script", "繁體／简体", show=False, tooltip="切換顯示的字體（這台電腦會記住）"),
        Binding("a", "assigned", "練習指派", show=False, tooltip="開始選中的指派（最早截止的在最上面）"),
    ]

    def __init__(self, ctx: Context, *, at_start: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self._at_start = at_start  # False: built after start-up (leaving a played chat)
        self.unfinished: list[SessionRow] = []
        self._unfinished_of: str | None = None  # the trainee ``unfinished`` was read for
        self.due: list[Any] | None = None  # today's due items (ItemFigures); None until first looked up
        self.assigned: list[Any] = []  # open assignments (Progress), soonest due first
        self._assigned_stats: dict[str, Any] = {}
        ctx.display.bindings(self)

    def compose(self) -> ComposeResult:
        t = self.ctx.t
        yield Header()
        yield Static(id="user-line", markup=False)
        # Stacked at 80 columns; at 120+ the modes (and the due line) dock left, the lists beside them.
        with Vertical(id="home-body"):
            yield Static(t("指派給你的練習"), id="assigned-title", classes="section", markup=False)
            yield OptionList(id="assigned", markup=False)
            with Vertical(id="home-modes"):
                yield Static(id="due-line", markup=False)
                modes = OptionList(*(Option(t(label), id=key, disabled=not ready)
                                     for key, label, ready in MODES), id="modes", markup=False)
                modes.border_title = plain(t("選擇模式"))
                yield modes
            unfinished = OptionList(id="unfinished", markup=False)
            unfinished.border_title = plain(t("未完成的對話"))
            unfinished.border_subtitle = plain(t("r 繼續 · x 放棄"))
            yield unfinished
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#modes", OptionList).focus()
        self._show_assigned([], {}, None)

    def on_screen_resume(self) -> None:
        self.refresh_user()

    def refresh_user(self) -> None:
        """Show the current trainee and their unfinished conversations."""
        t = self.ctx.t
        who = self.ctx.user or t("（未設定）")
        script = SCRIPT_NAMES[self.ctx.display.script]
        line = self.query_one("#user-line", Static)
        line.update(t(self._who(who)) + f"　{t('顯示')}：{script}" + t("（s 切換）"))
        line.tooltip = plain(t("學員：" + who))  # a long name is cut with … on the line itself
        self._show_due()
        if self.ctx.user:
            self.run_worker(self._find_assigned, thread=True, exclusive=True, group="assigned")
        # The list as last read, at once (none for another trainee: nobody resumes someone
        # else's conversation); the fresh one follows from a worker (the store may be a network away).
        self._show_unfinished(self.ctx.user, self.unfinished if self._unfinished_of == self.ctx.user else [])
        if self.ctx.user:
            self.run_worker(self._find_unfinished, thread=True, exclusive=True, group="unfinished")

    def _find_unfinished(self) -> tuple[str | None, list[SessionRow]]:
        user = self.ctx.user
        found = self.ctx.store.unfinished_sessions(user, KIND) if user else []
        # A session opened and left before any reply has nothing to resume: not listed.
        return user, [row for row in found if row.turn_count > 0]

    def _show_unfinished(self, user: str | None, rows: list[SessionRow]) -> None:
        if user != self.ctx.user:
            return  # read for the trainee before a switch
        t = self.ctx.t
        self.unfinished, self._unfinished_of = rows, user
        box = self.query_one("#unfinished", OptionList)
        box.clear_options()
        if not self.unfinished:
            box.add_option(Option(t("（沒有）"), disabled=True))
        for row in self.unfinished:
            box.add_option(Option(self._describe(row), id=str(row.id)))
        self._show_cursor(0)
        self.refresh_bindings()

    def _who(self, who: str) -> str:
        identity = self.ctx.identity
        if identity is None and self.ctx.config.login:  # behind the login: nobody yet, no 換人
            return "帳號：（未登入）"
        if identity is None or not identity.signed_in:
            return "學員：" + who + "　（u 換人）"
        roles = "、".join(ROLE_NAMES.get(r, r) for r in identity.roles)
        return "帳號：" + who + "　（" + roles + "）"

    def _describe(self, row: SessionRow) -> str:
        t = self.ctx.t
        mode = MODE_NAMES.get(row.mode or "coach", "")
        # A narrow panel wraps the row between its parts, never inside one (「2026-12-04」, 「03:36」).
        parts = [mode, f"已答 {row.turn_count} 句", _local(row.started_at)]
        return t(f"{row.item_title or row.item_id} · " + " · ".join(p.replace(" ", NBSP) for p in parts))

    def _selected(self) -> SessionRow | None:
        box = self.query_one("#unfinished", OptionList)
        if not self.unfinished or box.highlighted is None:
            return self.unfinished[0] if self.unfinished else None
        return self.unfinished[min(box.highlighted, len(self.unfinished) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resume", "discard"):
            return bool(self.unfinished)
        if action == "due":
            return any(i.kind == "practice" for i in self.due or ())
        if action == "change_user":
            # An account never turns into someone else; behind the login, nobody is signed in yet.
            return not (self.ctx.signed_in or self.ctx.config.login)
        return True

    @on(OptionList.OptionSelected, "#modes")
    def _mode_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "practice":
            self.action_practice()
        elif event.option.id == "interview":
            self.action_interview()
        elif event.option.id == "typing":
            self.action_typing()
        elif event.option.id == "progress":
            self.action_progress()

    @on(OptionList.OptionSelected, "#assigned")
    def _assigned_chosen(self, event: OptionList.OptionSelected) -> None:
        self._start_assigned(event.option_index)

    def action_assigned(self) -> None:
        """The highlighted assignment (the soonest due if none is)."""
        if not self.assigned:
            self.notify(self.ctx.t("目前沒有指派給你的練習。"), timeout=3)
            return
        self._start_assigned(self.query_one("#assigned", OptionList).highlighted or 0)

    def _start_assigned(self, index: int) -> None:
        if 0 <= index < len(self.assigned):
            from trainer.ui.screens.home_assigned import start

            start(self.app, self.ctx, self.assigned[index], self._assigned_stats)

    @on(OptionList.OptionSelected, "#unfinished")
    def _session_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(SessionChosen(int(event.option.id)))

    def action_practice(self) -> None:
        self.post_message(PracticeChosen())

    def action_interview(self) -> None:
        from trainer.ui.screens.interview_desk import open_desk  # screens load when first opened

        open_desk(self.app, self.ctx)

    def action_typing(self) -> None:
        from trainer.ui.screens.typing_picker import open_typing

        open_typing(self.app, self.ctx)

    def action_resume(self) -> None:
        row = self._selected()
        if row is not None:
            self.post_message(SessionChosen(row.id))

    def action_discard(self) -> None:
        from trainer.ui.screens.confirm import ConfirmDialog

        row = self._selected()
        if row is None:
            return
        self._show_cursor(self.unfinished.index(row))

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(lambda: self._discard(row), thread=True, group="discard")

        subject = self._describe(row)
        self.app.push_screen(ConfirmDialog(self.ctx, "丟棄這段對話？", subject, "丟棄"), answered)

    def _discard(self, row: SessionRow) -> str:
        self.ctx.store.discard_session(row.id)
        return self.ctx.t(f"已放棄「{row.item_title or row.item_id}」")

    def _show_cursor(self, index: int) -> None:
        """Highlight the row ``x`` and ``r`` act on, so it is visible even while the modes have focus."""
        box = self.query_one("#unfinished", OptionList)
        if self.unfinished:
            box.highlighted = min(index, len(self.unfinished) - 1)

    async def action_toggle_script(self) -> None:
        """繁體 ⇄ 简体: applied to this screen, the footer and the title at once, then remembered."""
        from trainer.services.device import save_script

        display = self.ctx.display
        display.script = "hans" if display.script == "hant" else "hant"
        script = display.script
        self.app.title = self.ctx.t(self.app.TITLE or "")
        display.bindings(self.app)
        display.bindings(self)
        await self.recompose()
        self.refresh_user()
        self.query_one("#modes", OptionList).focus()
        self.run_worker(lambda: save_script(self.ctx.settings, script), thread=True, group="script")

    def action_change_user(self) -> None:
        self.app.ask_name()  # type: ignore[attr-defined]

    # ------------------------------------------------------------ progress (issue 6)

    def _show_due(self) -> None:
        """Today's due items, in a worker thread (a shared store may be a network away): at
        start-up a moment after the first frame (which must not wait for the figures' imports)."""
        if self.due is None and self._at_start:
            self.due = []
            self.set_timer(DUE_DELAY, self._look_up_due)
        else:
            self.run_worker(self._find_due, thread=True, exclusive=True, group="due")

    def _look_up_due(self) -> None:
        if self.is_current:  # else Home is covered (`play`, or already elsewhere): looked up on return
            self.run_worker(self._find_due, thread=True, exclusive=True, group="due")

    def _find_due(self) -> tuple[list[Any], str]:
        from trainer.ui.screens.progress_home import due_items, due_line

        due = due_items(self.ctx)
        return due, due_line(self.ctx, due)

    @on(Worker.StateChanged)
    def _due_worker_done(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "due" and event.state == WorkerState.SUCCESS and event.worker.result:
            self._due_found(*event.worker.result)
        elif event.worker.group == "discard" and event.state == WorkerState.SUCCESS:
            self.notify(str(event.worker.result))
            self.refresh_user()
        elif event.worker.group == "script" and event.state == WorkerState.ERROR:
            self.notify(self.ctx.t(f"無法記住字體設定：{event.worker.error}"), severity="warning", timeout=8)
        elif event.worker.group == "discard" and event.state == WorkerState.ERROR:
            self.notify(self.ctx.t(f"無法放棄這段對話：{event.worker.error}"), severity="error", timeout=10)
        elif event.worker.group == "assigned" and event.state == WorkerState.SUCCESS and event.worker.result:
            self._show_assigned(*event.worker.result)
        elif event.worker.group == "unfinished" and event.state == WorkerState.SUCCESS and event.worker.result:
            if event.worker.result != (self._unfinished_of, self.unfinished):  # else keep the cursor
                self._show_unfinished(*event.worker.result)
        elif event.worker.group == "unfinished" and event.state == WorkerState.ERROR:
            self.notify(self.ctx.t(f"無法讀取未完成的對話：{event.worker.error}"), severity="error", timeout=10)

    # ------------------------------------------------------------ assignments

    def _find_assigned(self) -> tuple[list[Any], dict[str, Any], Any]:
        from trainer.ui.screens.home_assigned import open_assignments

        return open_assignments(self.ctx)

    def _show_assigned(self, found: list[Any], stats: dict[str, Any], today: Any) -> None:
        """The open assignments first on the screen (hidden when there are none)."""
        first = not self.assigned and bool(found)
        self.assigned, self._assigned_stats = found, stats
        box = self.query_one("#assigned", OptionList)
        box.clear_options()
        if found:
            from trainer.ui.screens.home_assigned import prompt

            box.add_options([Option(prompt(self.ctx, p, today)) for p in found])
            box.highlighted = 0
        title = self.query_one("#assigned-title", Static)
        # The list shows a few rows (more at 120 columns) and scrolls: the count says how many there are.
        count = self.ctx.t(f"（共 {len(found)} 項）") if len(found) > 1 else ""
        title.update(self.ctx.t("指派給你的練習") + count)
        box.display = title.display = bool(found)
        if first and self.focused in (None, self.query_one("#modes", OptionList)):
            box.focus()  # what is assigned comes first: Enter starts the soonest due
        elif not found and box.has_focus:
            self.query_one("#modes", OptionList).focus()

    def _due_found(self, due: list[Any], line: str) -> None:
        self.due = due
        self.query_one("#due-line", Static).update(line)
        self.refresh_bindings()

    def action_progress(self) -> None:
        from trainer.ui.screens.progress_home import open_progress

        open_progress(self.app, self.ctx)

    def action_due(self) -> None:
        from trainer.ui.screens.progress_home import open_due

        open_due(self.app, self.ctx)

    def action_team(self) -> None:
        from trainer.ui.screens.progress_home import open_team
        from trainer.ui.screens.review_gate import manager_only

        manager_only(self.app, self.ctx, lambda name: open_team(self.app, self.ctx, name))


def _local(stamp: str) -> str:
    """A stored UTC time as local ``YYYY-MM-DD HH:MM``."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16]
