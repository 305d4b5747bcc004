"""Helpers for the UI tests: build the app the way the launcher does, drive it, read the screen.

Every app gets a fresh SQLite file under ``tmp_path``, a fixed seed, a fake clock
(advanced by hand: no sleeps), a fixed wall time, no typing pause and no timer.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from trainer.core.loader import load_content
from trainer.store import Store
from trainer.ui.app import TrainerApp, make_app
from trainer.ui.config import NO_TYPING, UiConfig
from trainer.ui.screens.chat import ChatScreen

ROOT = Path(__file__).resolve().parents[1]
CONTENT, _PROBLEMS = load_content(ROOT)
USER = "小明"
FIXED_NOW = datetime(2026, 11, 2, 10, 30)
SIZE = (80, 24)


@dataclass
class FakeClock:
    """A monotonic clock that moves only when told to."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Rig:
    """An app under test with its store and clock."""

    app: TrainerApp
    store: Store
    clock: FakeClock = field(default_factory=FakeClock)


def fixed_store_clock() -> datetime:

    return datetime(2026, 11, 2, 2, 30, tzinfo=UTC)


def rig(tmp_path: Path, *, store: Store | None = None, **config: Any) -> Rig:
    """An app on a fresh database under ``tmp_path`` (or ``store``), deterministic settings."""
    clock = FakeClock()
    store = store or Store.open(tmp_path / "progress.sqlite3", clock=fixed_store_clock)
    settings: dict[str, Any] = dict(user=USER, typing=NO_TYPING, seed=7, tick=0, clock=clock,
                                    now=lambda: FIXED_NOW)
    settings.update(config)
    return Rig(make_app(CONTENT, store, UiConfig(**settings)), store, clock)


def chat(app: TrainerApp) -> ChatScreen:
    screen = app.screen
    assert isinstance(screen, ChatScreen), f"expected the chat screen, got {screen!r}"
    return screen


async def send(pilot: Pilot[None], text: str) -> None:
    """Type a reply (set the box's text: pressing each key costs ~60 ms) and press Enter."""
    app = pilot.app
    box = app.focused
    assert box is not None and box.id == "reply", f"the reply box should have focus, not {box!r}"
    box.text = text  # type: ignore[attr-defined]
    await pilot.press("enter")
    await settle(pilot)


async def workers_done(app: App[Any]) -> None:
    """Wait until no worker runs. A worker a newer one of its exclusive group cancelled
    (home refreshes its lists so) is done, not an error; a worker that failed still raises."""
    for _ in range(50):
        running = [worker for worker in app.workers if not worker.is_finished]
        if not running:
            return
        results = await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, WorkerCancelled):
                raise result
    raise AssertionError(f"workers still running: {list(app.workers)}")


async def settle(pilot: Pilot[None]) -> None:
    """Wait for the scoring worker, the messages it posts and the scroll they cause.

    The transcript scrolls to the newest message after the next refresh; a busy
    machine can otherwise show the screen before that scroll has happened.
    """
    await workers_done(pilot.app)
    await pilot.pause()
    await workers_done(pilot.app)
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def open_chat(pilot: Pilot[None], scenario_id: str) -> ChatScreen:
    """Home → 練習 → search for the scenario → Enter."""
    await pilot.press("p")
    await pilot.pause()
    title = CONTENT.scenarios[scenario_id].title
    pilot.app.focused.value = title  # type: ignore[union-attr]
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = chat(pilot.app)  # type: ignore[arg-type]
    assert screen.session.scenario.id == scenario_id
    return screen


async def play_to_end(pilot: Pilot[None], reply_for: Any, limit: int = 30) -> list[str]:
    """Answer every buyer line with ``reply_for(dialogue)`` until the ending; returns the replies."""
    screen = chat(pilot.app)  # type: ignore[arg-type]
    sent = []
    for _ in range(limit):
        if screen.ended:
            break
        reply = reply_for(screen.dialogue)
        await send(pilot, reply)
        sent.append(reply)
    assert screen.ended
    return sent


def model_answer(dialogue: Any) -> str:
    return dialogue.rubric.answers[0]


def screen_text(app: TrainerApp) -> str:
    """The current screen as plain text, exactly as it would show at the app's size."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system=None, record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True,
                                                       screen_stack=app._background_screens))
    return console.export_text()


FRAMES = " ▌▎▍▋▊▉█▐│┃▕╭╰─"  # borders and bubble bars a line may start with on screen


def starts_badly(text: str) -> list[str]:
    """Lines whose first character past frames and bubble bars is closing punctuation (the CJK rule)."""
    from trainer.ui.wrap import NO_START

    return [line for line in text.splitlines() if (body := line.strip(FRAMES)) and body[0] in NO_START]


async def screenfuls(pilot: Pilot[None], scroller: Any) -> list[str]:
    """The screen's text at each page while ``scroller`` is paged down to its end."""
    shown = []
    while True:
        shown.append(screen_text(pilot.app))
        if scroller.scroll_y >= scroller.max_scroll_y:
            return shown
        scroller.scroll_page_down(animate=False)
        await settle(pilot)


def toasted(app: TrainerApp, phrase: str) -> int:
    """How many of the app's notifications say ``phrase`` (compared without whitespace:
    ``TrainerApp.notify`` breaks a toast's lines by the CJK rule, a break may replace a space)."""
    def bare(text: str) -> str:
        return "".join(text.split())
    return sum(bare(phrase) in bare(str(n.message)) for n in app._notifications)
