"""Helpers for the interview, typing-test and report tests: unlock, set up, type like a person.

Typing "like a person" matters: text that appears all at once is flagged as
too fast (rightly), so answers are typed in chunks with the fake clock moving
between them — no sleeps.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Select

from tests.ui_helpers import FakeClock, settle, workers_done
from trainer.core.content import Content
from trainer.core.interview import Given, InterviewPlan
from trainer.store import Store
from trainer.store import interviews as records
from trainer.ui.app import TrainerApp
from trainer.ui.interview_session import InterviewSession
from trainer.ui.screens.interview import InterviewScreen
from trainer.ui.screens.lock import LockScreen

PASSPHRASE = "ms-wang-2026"
INTERVIEWER = "王經理"
CANDIDATE = "陳小華"
CLASSIC = "screen-classic"  # 6 questions, two of them with a follow-up
TWO = ("iv-most-important-quality", "iv-salary")  # a short custom interview


def answered(store: Store, content: Content, answers: tuple[str, ...]) -> InterviewSession:
    """The candidate's interview of the TWO questions, with ``answers`` given in turn (unfinished)."""
    plan = InterviewPlan(CANDIDATE, TWO, "custom", "測試題組", None, False, None, 0, INTERVIEWER)
    session = InterviewSession.start(store, content, plan)
    for answer in answers:
        session.send(Given(answer, latency=40.0, typing_seconds=35.0))
    return session


async def unlock(pilot: Pilot[None], passphrase: str = PASSPHRASE, name: str = INTERVIEWER) -> None:
    """Fill the lock dialog on screen (setting the passphrase if it asks twice) and press Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, LockScreen), f"expected the lock, got {screen!r}"
    await workers_done(pilot.app)  # the dialog reads whether a passphrase is set off the UI thread
    await pilot.pause()
    screen.query_one("#lock-name", Input).value = name
    fields = [screen.query_one("#lock-pass", Input)]
    if screen.setting:
        fields.append(screen.query_one("#lock-again", Input))
    for field in fields:
        field.value = passphrase
    fields[-1].focus()
    await pilot.press("enter")
    await pilot.pause()
    await workers_done(pilot.app)  # the passphrase is checked off the UI thread
    await pilot.pause()
    await workers_done(pilot.app)  # and what it opens (the console) reads off it too
    await pilot.pause()


async def open_desk(pilot: Pilot[None]) -> None:
    """Home → i → the passphrase → the interviewer desk."""
    await pilot.press("i")
    await pilot.pause()
    await unlock(pilot)
    await workers_done(pilot.app)  # the desk reads its rows off the UI thread
    await pilot.pause()


async def start_interview(pilot: Pilot[None], candidate: str = CANDIDATE, source: str = CLASSIC,
                          typing: bool = True, limit: str = "") -> InterviewScreen:
    """Desk → n → the setup form → Ctrl+S: the candidate's view of the first question."""
    await pilot.press("n")
    await pilot.pause()
    form = pilot.app.screen
    form.query_one("#su-name", Input).value = candidate
    form.query_one("#su-source", Select).value = source
    form.query_one("#su-limit", Input).value = limit
    form.query_one("#su-typing").value = typing  # type: ignore[attr-defined]
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen), f"expected the interview, got {screen!r}"
    return screen


async def type_text(pilot: Pilot[None], clock: FakeClock, text: str, seconds: float = 40.0,
                    chunks: int = 3) -> None:
    """Type ``text`` into the focused box in ``chunks`` pieces over ``seconds`` (fake) seconds."""
    box = pilot.app.focused
    assert box is not None and box.id == "reply", f"the answer box should have focus, not {box!r}"
    step = max(1, -(-len(text) // chunks))
    ends = range(step, len(text) + step, step)
    for end in ends:
        box.text = text[:end]  # type: ignore[attr-defined]
        await pilot.pause()
        clock.advance(seconds / len(ends))


async def answer(pilot: Pilot[None], clock: FakeClock, text: str, seconds: float = 40.0) -> None:
    """Type an answer like a person and press Enter; waits for it to be committed."""
    await type_text(pilot, clock, text, seconds)
    await pilot.press("enter")
    await settle(pilot)


def stored_interview(store: Store, content: object, candidate: str = CANDIDATE,
                     questions: tuple[str, ...] = ("iv-most-important-quality", "iv-salary"),
                     typing: bool = False) -> int:
    """An interview set up straight in the store (no UI): returns its session id."""
    from trainer.ui.interview_session import InterviewSession

    plan = InterviewPlan(candidate, questions, "custom", "測試題組", None, typing, None, 0, INTERVIEWER)
    return InterviewSession.start(store, content, plan).session_id  # type: ignore[arg-type]


def set_passphrase(store: Store) -> None:
    records.set_passphrase(store, PASSPHRASE)


def current(app: TrainerApp) -> str:
    return type(app.screen).__name__
