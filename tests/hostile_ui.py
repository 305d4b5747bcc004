"""Pilot helpers for the hostile-corpus tests: an app on any content, and what "shown literally" means.

``literal`` is the check every screen goes through: no click action anywhere on
the screen, and each given text shown as it is (on screen where it fits, else in
the widget holding it). ``record_everyone`` writes every hostile string as a
trainee and as a reviewed candidate.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from tests.hostile import CORPUS, SAFE_ANSWER, TEXTS, hostile_content, render, shown
from tests.interview_helpers import set_passphrase
from tests.progress_helpers import History
from tests.ui_helpers import FIXED_NOW, FakeClock, Rig, fixed_store_clock, settle
from trainer.core.content import Content
from trainer.core.interview import Given, InterviewPlan
from trainer.core.loader import load_content
from trainer.core.problems import errors
from trainer.store import Store
from trainer.store import interviews as records
from trainer.ui.app import make_app
from trainer.ui.config import NO_TYPING, UiConfig
from trainer.ui.interview_session import InterviewSession

SIZE = (160, 48)
CASES = [pytest.param(index, text, id=case) for index, (case, text) in enumerate(CORPUS)]


def load_hostile(tmp_path_factory: pytest.TempPathFactory) -> Content:
    """The bundled content plus a scenario, question and typing passage per hostile string."""
    content, problems = load_content(hostile_content(tmp_path_factory.mktemp("hostile")))
    assert not errors(problems), problems
    return content


def write_everyone(tmp_path_factory: pytest.TempPathFactory, hostile: Content) -> tuple[Path, list[int]]:
    """A database written once per module (scoring 72 answers takes a while); tests copy it.

    Closed before it is copied: its last transactions may still be in the write-ahead log
    beside it, which a copy of the file alone would lose (the closing connection folds them in).
    """
    path = tmp_path_factory.mktemp("everyone") / "progress.sqlite3"
    h = History.open(path)
    interviews = record_everyone(h, hostile)
    h.store.close()
    return path, interviews


def app_on(tmp_path: Path, content: Content, store: Store | None = None, **config: Any) -> Rig:
    """An app on ``content`` (as ``ui_helpers.rig`` builds it on the bundled content)."""
    clock = FakeClock()
    store = store or Store.open(tmp_path / "progress.sqlite3", clock=fixed_store_clock)
    settings: dict[str, Any] = dict(user="小明", typing=NO_TYPING, seed=7, tick=0, clock=clock,
                                    now=lambda: FIXED_NOW)
    settings.update(config)
    return Rig(make_app(content, store, UiConfig(**settings)), store, clock)


def plain_texts(app: Any) -> str:
    """Everything the screen's text widgets hold (also what is scrolled away or cut off)."""
    parts = [app.screen.title or ""]
    parts += [str(widget.render()) for widget in app.screen.query(Static)]
    for table in app.screen.query(DataTable):
        parts += [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
        full_text = getattr(table, "full_text", None)  # a FittedTable: cells cut with … on screen
        if full_text is not None:
            parts += [full_text(row) for row in range(table.row_count)]
    for options in app.screen.query(OptionList):
        parts += [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return "\n".join(parts)


async def literal(pilot: Pilot[None], *texts: str) -> str:
    """Every text is shown as it is: on the screen where it fits, else in the widget holding it.

    Nothing on the screen may carry a click action (markup such as ``[@click=…]``).
    """
    await settle(pilot)
    screen, actions = render(pilot.app)
    assert actions == [], f"clickable actions on {pilot.app.screen!r}: {actions}"
    held = plain_texts(pilot.app)
    for text in texts:
        where = screen if len(text) <= 40 else held
        assert shown(text) in where, f"{shown(text)!r} is not shown literally on {pilot.app.screen!r}"
    return screen


def stack(pilot: Pilot[None]) -> list[str]:
    return [type(screen).__name__ for screen in pilot.app.screen_stack]


def everyone(tmp_path: Path, made: tuple[Path, list[int]]) -> tuple[History, list[int]]:
    """Every hostile string as a trainee and as a candidate, in a copy of ``everyone_db``."""
    path = tmp_path / "progress.sqlite3"
    shutil.copy(made[0], path)
    return History.open(path), made[1]


def record_everyone(h: History, hostile: Content) -> list[int]:
    """Every hostile string as a trainee (a practice) and as a candidate (an interview, reviewed)."""
    for index, text in enumerate(TEXTS):
        h.practice(text, f"hostile-{index:02d}", 50, day=0, hit=(text,), missed=(text + "?",), title=text,
                   category=text)
    interviews = []
    for text in TEXTS:
        plan = InterviewPlan(text + " 應試", ("hq-00", "hq-01"), "custom", text, None, False, None, 0, text)
        session = InterviewSession.start(h.store, hostile, plan)
        while session.interview.current is not None:  # both questions and their follow-ups
            session.send(Given(SAFE_ANSWER + text, 30.0, 25.0, False, False, 2.0))
        session.finish()
        sid = session.session_id
        records.add_note(h.store, sid, 0, text, text)
        records.add_override(h.store, sid, 0, 42.0, text, text)
        records.decide(h.store, sid, "待定", text, text)
        interviews.append(sid)
    set_passphrase(h.store)
    return interviews


def terminal_output(app: Any) -> str:
    """What the app writes to a real terminal for the current screen (escape codes and all)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console = Console(file=io.StringIO(), force_terminal=True, width=app.size[0], legacy_windows=False,
                      color_system="truecolor")
    return "".join(update.render_segments(console))
