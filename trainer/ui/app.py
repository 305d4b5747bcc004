"""The practice app and its one factory, ``make_app``, used by the launcher and the tests.

The app owns navigation only: Home is the base screen; the picker, chat and
debrief are pushed over it. Screens post messages (``ScenarioChosen``,
``SessionChosen``, ``ConversationEnded`` …) and the app answers by opening the
next screen. Everything a screen needs comes down through ``Context``.

Content may be given ready (tests, ``trainer play``) or as a function that loads
it: then the home screen shows at once and the content loads in a worker
thread behind it (importing the scorer and reading every file costs several
times a bare Textual start-up). Anything that needs the content waits for it;
if loading fails, the app exits with code 1 and ``load_error`` says why.

Accounts (docs/accounts.md): on a shared store or one with accounts the login
screen replaces the name prompt, roles decide what opens, and 換人 is off.
Access on a laptop store (docs/interview.md, "Who sees what"): while a candidate has the screen
the store says so, and the app starts at the candidate's screen and Ctrl+Q
asks for the staff passphrase; switching to a trainee who already has a
history asks for it too; a candidate's name is refused as a trainee. That part,
who is practising, is ``trainer.ui.app_people``; how the first screen is drawn,
``trainer.ui.app_start``; quitting without losing a reply, ``trainer.ui.app_quit``
(the app's base classes, in that order).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text  # exit messages hold names and replies: never read as markup
from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import get_current_worker

from trainer.store import Store, StoreError
from trainer.ui.app_quit import QuitSafely
from trainer.ui.app_start import GC_PAUSE_MAX
from trainer.ui.commands import TrainerCommands
from trainer.ui.config import UiConfig
from trainer.ui.context import Context
from trainer.ui.messages import (
    ConversationEnded,
    FirstLineShown,
    PracticeChosen,
    ScenarioChosen,
    SessionChosen,
)
from trainer.ui.session import ChatSession, PendingScorer, find_scenario
from trainer.ui.stylesheet import CachingStylesheet
from trainer.ui.text import visible
from trainer.ui.theme import THEMES as OWN_THEMES
from trainer.ui.theme import WIDE
from trainer.ui.wrap import wrap_lines

if TYPE_CHECKING:
    from textual.widget import AwaitMount

    from trainer.core.content import Content
    from trainer.core.models import Scenario
    from trainer.ui.config import PlayTarget
    from trainer.ui.screens.home import HomeScreen

ContentSource = Callable[[], "Content"]

THEMES = ("trainer-dark", "trainer-light")  # trainer.ui.theme: the app's own dark and light
TOAST_CHARS = 300  # a longer notification is cut (see TrainerApp.notify)
TOAST_WIDTH, TOAST_FRAME = 60, 3  # Textual's toast: 60 cells, at most half the screen; padding and edge


class TrainerApp(QuitSafely):
    """淘寶客服培訓: practice conversations with difficult buyers."""

    CSS_PATH = "app.tcss"
    TITLE = "淘寶客服培訓"
    COMMANDS = {TrainerCommands}
    # Every screen gets -narrow or -wide: at 120 columns and more the chat puts the coach's
    # feedback beside the conversation (app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "結束", tooltip="結束程式（已送出的回覆都已保存）", priority=True),
        Binding("ctrl+p", "command_palette", "命令", tooltip="所有操作的清單", show=False,
                priority=True),
    ]

    def __init__(self, ctx: Context, load: ContentSource | None = None) -> None:
        super().__init__()
        self.stylesheet = CachingStylesheet(variables=self.get_css_variables(),  # no CSS read yet
                                            keep_in=ctx.config.cache)
        self.ctx = ctx
        for theme in OWN_THEMES:
            self.register_theme(theme)
        self.theme = THEMES[0]
        self.title = ctx.t(self.TITLE)
        self.load_error: Exception | None = None  # why the background load failed
        self._load_content = load
        self._waiting: list[Callable[[], object]] = []  # actions waiting for the content
        self._pending = PendingScorer()  # the played file's scorer, while it is checked
        self._first_line_seen = False
        self._started = False  # on_mount has set up the first screens
        ctx.display.bindings(self)

    def get_default_screen(self) -> Screen[object]:
        return _Base()

    async def on_mount(self) -> None:
        # The launcher pauses the garbage collector for the start-up (trainer.ui.launch): it
        # runs again once the first screen is drawn (the buyer's first line for ``play``).
        self.set_timer(GC_PAUSE_MAX, self._drawn)
        try:  # off the UI thread (a shared store may be a network away); the first frame is blank
            user = await asyncio.to_thread(self._starting)
        except StoreError as error:
            self.exit(return_code=1, message=Text(self.ctx.t("無法讀取進度資料庫：") + str(error)))
            return
        play = self.ctx.config.play
        if self.ctx.config.login:
            self._mount_with_login(play)
            return
        self.ctx.user = user
        locked = self.ctx.lock.get() is not None
        if play is None or locked or not self.ctx.user:
            self.push_screen(_home(self.ctx))
            self.call_after_refresh(self._drawn)  # the chat, if it comes first, says when instead
        # else: the chat first, Home once the chat is left (``_Base``): building Home under it
        # would hold back the buyer's first line
        if play is None and self._load_content is not None:
            self.call_after_refresh(self._load)  # after the first frame is on screen
        mounted = None
        if locked:
            from trainer.ui.screens.candidate_hold import CandidateHoldScreen

            self.push_screen(CandidateHoldScreen(self.ctx))  # before the first frame: Home is never seen
        elif not self.ctx.user:
            self.ask_name()
        elif play is not None:
            mounted = self._play()
        self._started = True
        if mounted is not None:
            # Mounted inside Textual's start-up batch, so the frame drawn when it ends
            # (``_end_batch``) is the whole chat, not the part mounted by then.
            await mounted

    def _starting(self) -> str:
        """The store's word on how to start (worker thread): the trainee, and the candidate lock."""
        from trainer.services.device import starting_user

        self.ctx.lock.get()  # read once here: the UI thread then asks the lock's memory
        return "" if self.ctx.config.login else starting_user(self.ctx.store, self.ctx.config.user or "")

    def _mount_with_login(self, play: PlayTarget | None) -> None:
        """A store with accounts: Home under the login (``_switch`` plays the file after it)."""
        self.call_after_refresh(self._drawn)
        self.push_screen(_home(self.ctx))
        if play is None and self._load_content is not None:
            self.call_after_refresh(self._load)  # a played file loads once its first line shows
        self._mount_login()
        self._started = True

    def base_resumed(self) -> None:
        """Every screen was left (the played chat, with no Home under it): show Home now."""
        if self._started and self.return_code is None and len(self.screen_stack) == 1:
            self.push_screen(_home(self.ctx, at_start=False))

    @on(FirstLineShown)
    def _first_line_shown(self) -> None:
        """``trainer play``: check the file and load the library once the chat is drawn."""
        play = self.ctx.config.play
        self._drawn()
        if self._first_line_seen or play is None:
            return
        self._first_line_seen = True
        if play.check is not None:
            self._check_play()  # then the library
        elif self._load_content is not None:
            self._load()

    # ------------------------------------------------------------ content in the background

    @work(thread=True, group="content")
    def _check_play(self) -> None:
        """Check the played file (``trainer play``) behind its chat; a problem closes the app."""
        play = self.ctx.config.play
        assert play is not None and play.check is not None
        try:
            content = play.check()
        except Exception as error:  # the report is printed once the app has closed
            self._pending.fail(error)
            self.call_from_thread(self._load_failed, error)
            return
        self._pending.resolve(content.scorer)
        if self._load_content is not None:
            self.call_from_thread(self._load)

    @work(thread=True, group="content")
    def _load(self) -> None:
        assert self._load_content is not None
        try:
            content = self._load_content()
        except Exception as error:  # any failure: reported, never lost silently
            self.call_from_thread(self._load_failed, error)
            return
        self.call_from_thread(self._loaded, content)

    def _loaded(self, content: Content) -> None:
        self.ctx.content = content
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def _load_failed(self, error: Exception) -> None:
        self.load_error = error
        self.exit(return_code=1)

    def when_loaded(self, action: Callable[[], object]) -> None:
        """Run ``action`` now if the content is loaded, else as soon as it is."""
        if self.ctx.content is not None:
            action()
            return
        self._waiting.append(action)
        self.notify(self.ctx.t("正在載入情境…"), timeout=2)

    # ------------------------------------------------------------ navigation

    def _play(self) -> AwaitMount | None:
        """Open the played file's chat; what to await for it to be mounted (None: not opened)."""
        play = self.ctx.config.play
        assert play is not None
        pending = self._pending if play.check is not None else None
        session = self._start(play.scenario, play.mode, play.node, play.mood, play.content, pending)
        if session is None:
            return None
        return self.push_screen(_chat(self.ctx, session))

    def _start(self, scenario: Scenario, mode: str, node: str | None = None,
               mood: int | None = None, content: Content | None = None,
               pending: PendingScorer | None = None) -> ChatSession | None:
        played = content is not None or pending is not None
        try:
            return ChatSession.start(self.ctx.store, self.ctx.user, content if played else self.ctx.library,
                                     scenario, played=played, scorer=pending,
                                     mode=mode, seed=self.ctx.config.seed, node=node, mood=mood)
        except StoreError as error:
            self.notify(str(error), title=self.ctx.t("無法開始對話"), severity="error")
            return None

    @on(PracticeChosen)
    def _open_picker(self) -> None:
        from trainer.ui.screens.picker import (
            PickerScreen,  # screens load when first opened
        )

        self.when_loaded(lambda: self.push_screen(PickerScreen(self.ctx)))

    @on(ScenarioChosen)
    def _open_chat(self, message: ScenarioChosen) -> None:
        session = self._start(message.scenario, message.mode)
        if session is None:
            return
        screen = _chat(self.ctx, session)
        if message.replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @on(SessionChosen)
    def _resume_chosen(self, message: SessionChosen) -> None:
        self.when_loaded(lambda: self._resume(message.session_id))

    @work(thread=True, group="resume", exclusive=True)
    def _resume(self, session_id: int) -> None:
        """Rebuild the conversation off the UI thread: replaying scores every stored reply again."""
        row = self.ctx.store.session(session_id)
        scenario = find_scenario(self.ctx.library, row)
        if scenario is None:
            self.call_from_thread(
                self.notify, self.ctx.t(f"找不到情境「{row.item_title or row.item_id}」，只能放棄這次對話。"),
                severity="warning", markup=False)  # a title from a content file: text, not markup
            return
        session = ChatSession.resume(self.ctx.store, row, scenario, self.ctx.library)
        if not get_current_worker().is_cancelled:  # a second resume asked meanwhile wins
            self.call_from_thread(self._open_resumed, session)

    def _open_resumed(self, session: ChatSession) -> None:
        self.push_screen(_chat(self.ctx, session))

    @on(ConversationEnded)
    def _open_debrief(self, message: ConversationEnded) -> None:
        from trainer.ui.screens.debrief import DebriefScreen

        self.switch_screen(DebriefScreen(self.ctx, message.session))

    # ------------------------------------------------------------ app-wide actions

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(placeholder=self.ctx.t("搜尋操作…"),
                                            id="--command-palette"))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification is plain text: messages carry names, titles and errors (never markup).

        A toast is a glance, not a page: a very long message (a 10,000-character
        title) is cut so that the toast still fits on the screen.
        """
        if len(message) > TOAST_CHARS:
            message = message[:TOAST_CHARS] + "…"
        # Broken here by the CJK rule (a toast wraps by itself, and may start a line with 「。」).
        width = min(TOAST_WIDTH, self.size.width // 2) - TOAST_FRAME
        message = "\n".join(wrap_lines(visible(message), width)) if width > 4 else visible(message)
        super().notify(message, title=visible(title), severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """Ctrl+C outside a text box: say how to quit (in a text box it copies)."""
        self.notify(self.ctx.t("按 Ctrl+Q 結束程式；已送出的回覆都已保存。"), timeout=3)

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]


class _Base(Screen[object]):
    """The app's bottom screen: Home normally sits on it; when the trainee leaves a chat
    that ``trainer play`` opened without Home under it, Home is pushed then."""

    def on_screen_resume(self) -> None:
        app = self.app
        if isinstance(app, TrainerApp) and app.is_running and len(app.screen_stack) == 1:
            app.call_later(app.base_resumed)


def _home(ctx: Context, *, at_start: bool = True) -> HomeScreen:
    from trainer.ui.screens.home import HomeScreen  # not needed before a played chat's first line

    return HomeScreen(ctx, at_start=at_start)


def _chat(ctx: Context, session: ChatSession) -> Screen[None]:
    from trainer.ui.screens.chat import ChatScreen

    return ChatScreen(ctx, session)


def make_app(content: Content | ContentSource, store: Store,
             config: UiConfig | None = None) -> TrainerApp:
    """The one factory: the launcher and the tests build the app the same way.

    ``content`` is the loaded content, or a function that loads it (called in a
    worker thread once the home screen is up; it raises to refuse the content).
    """
    config = config or UiConfig()
    if callable(content):
        return TrainerApp(Context(None, config=config, store=store), load=content)
    return TrainerApp(Context(content, store, config))
