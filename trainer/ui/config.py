"""How one run of the app is set up: who, which script, which clocks, where to start.

Everything that differs between a real run and a test lives here, so tests build
the same app with a fixed seed, a fake clock and no typing pause.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from trainer.core.content import Content
    from trainer.core.models import Scenario
    from trainer.services.identity import Identity

MODES = ("coach", "exam")
SCRIPTS = ("hant", "hans")


@dataclass(frozen=True)
class PlayTarget:
    """Open the chat screen directly on a scenario (``trainer play FILE``)."""

    scenario: Scenario
    node: str | None = None  # None: the scenario's start
    mood: int | None = None  # None: the buyer's own starting mood
    mode: str = "coach"
    # The content the file was loaded with (its scorer): lets the chat open before
    # the whole content folder has loaded behind it. None: use the library.
    content: Content | None = None
    # Loads and checks the file with the folder's thesaurus, settings and rules, and returns
    # that content (raises LaunchError for problems): run behind the chat, whose first line
    # needs only the scenario. None: ``content`` (or the library) is ready.
    check: Callable[[], Content] | None = None


@dataclass(frozen=True)
class Typing:
    """The buyer's "typing…" pause before a line: base + per character, capped."""

    base: float = 0.4
    per_char: float = 0.04
    cap: float = 2.5

    def pause(self, line: str) -> float:
        if self.base <= 0 and self.per_char <= 0:
            return 0.0
        return min(self.cap, self.base + self.per_char * len(line))


NO_TYPING = Typing(0.0, 0.0, 0.0)


@dataclass(frozen=True)
class UiConfig:
    """Settings of one run (see the module docstring)."""

    user: str | None = None  # None: the remembered last user, else ask
    script: str = "hant"  # hant | hans: the display script
    typing: Typing = field(default_factory=Typing)
    clock: Callable[[], float] = time.monotonic  # reply latency, patience
    now: Callable[[], datetime] = datetime.now  # the time printed on messages
    seed: int | None = None  # None: a fresh random seed per session
    play: PlayTarget | None = None
    tick: float = 1.0  # seconds between timer / patience checks; 0 = no timer (tests)
    mode: str = "coach"  # the practice mode picked by default
    # Accounts (docs/accounts.md): ``login`` asks 帳號 + 密碼 instead of a name; ``shared``
    # keeps per-device state off the store; ``identity`` is already signed in (a trusted
    # proxy vouched for it); ``refusal`` is shown instead of the app (the proxy's name
    # is no enabled account).
    login: bool = False
    shared: bool = False
    identity: Identity | None = None
    refusal: str | None = None
    cache: Path | None = None  # where speed-ups are kept between runs (the launcher's paths.cache_dir)
