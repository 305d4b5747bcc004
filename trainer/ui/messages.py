"""Messages that travel up from widgets and workers: small dataclasses, named in the past tense.

They are events, so two of them are equal only if they are the same one (``eq=False``,
which also saves compiling an ``__eq__`` for each class at every start).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the core's scorer is heavy to import; the first frame must not wait for it
    from trainer.core.dialogue import Turn
    from trainer.core.models import Scenario
    from trainer.ui.session import ChatSession


@dataclass(eq=False)
class ReplySubmitted(Message):
    """The trainee pressed Enter in the reply box."""

    text: str
    pasted: bool  # some of the text arrived by pasting
    pressed_at: float  # the key event's time (monotonic), for the feedback benchmark


@dataclass(eq=False)
class TurnScored(Message):
    """A worker scored and committed a reply."""

    turn: Turn
    pressed_at: float


@dataclass(eq=False)
class TurnFailed(Message):
    """A worker could not score or save a reply; ``error`` says why."""

    error: str
    text: str


@dataclass(eq=False)
class NameEntered(Message):
    """The trainee typed their name."""

    name: str


@dataclass(eq=False)
class PracticeChosen(Message):
    """The trainee picked 練習 on the home screen."""


@dataclass(eq=False)
class ScenarioChosen(Message):
    """Start a conversation on ``scenario`` (from the picker, the debrief or ``play``)."""

    scenario: Scenario
    mode: str
    replace: bool = False  # replace the current screen (debrief: try again / next)


@dataclass(eq=False)
class SessionChosen(Message):
    """Resume the unfinished session ``session_id``."""

    session_id: int


@dataclass(eq=False)
class ConversationEnded(Message):
    """The trainee asked for the debrief of a finished conversation."""

    session: ChatSession


@dataclass(eq=False)
class SaveRetrying(Message):
    """The database was busy (another program writing); the worker is retrying the save."""

    attempt: int


@dataclass(eq=False)
class FirstLineShown(Message):
    """The chat drew its first buyer line: slower work may start behind it (``trainer play``)."""
