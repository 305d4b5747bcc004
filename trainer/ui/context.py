"""What every screen is handed: the content, the store, the run's config and display script."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trainer.services.device import CandidateLock, ProcessLock, Settings, StoredLock, local_settings
from trainer.services.identity import Identity
from trainer.store import Store
from trainer.ui.config import UiConfig
from trainer.ui.text import Display

if TYPE_CHECKING:
    from trainer.core.content import Content
    from trainer.core.models import Scenario


@dataclass
class Context:
    """Shared, ready-made objects (attributes passed down to screens)."""

    content: Content | None  # None until a background load finishes (see TrainerApp)
    store: Store
    config: UiConfig
    display: Display = field(init=False)
    user: str = ""
    identity: Identity | None = None  # who signed in (None: a laptop store, the name prompt)
    lock: CandidateLock = field(init=False)
    settings: Settings = field(init=False)  # this device's: the store on a laptop, a local file if shared

    def __post_init__(self) -> None:
        self.display = Display(self.config.script)
        self.lock = ProcessLock() if self.config.shared else StoredLock(self.store)
        self.settings = local_settings() if self.config.shared else self.store

    @property
    def signed_in(self) -> bool:
        """An account is signed in: roles decide, and nobody can switch to another person."""
        return self.identity is not None and self.identity.signed_in

    def t(self, text: str) -> str:
        """``text`` in the display script."""
        return self.display.t(text)

    @property
    def library(self) -> Content:
        """The loaded content (screens that need it open only once it is loaded)."""
        assert self.content is not None, "content is still loading"
        return self.content

    def scenarios(self) -> list[Scenario]:
        """The bundled scenarios in the picker's order: category, difficulty, title."""
        return sorted(self.library.scenarios.values(),
                      key=lambda s: (s.category, s.difficulty, s.title, s.id))

    def next_scenario(self, scenario_id: str) -> Scenario | None:
        """The scenario after ``scenario_id`` in the picker's order (wrapping), if any."""
        order = self.scenarios()
        ids = [s.id for s in order]
        if scenario_id not in ids:
            return None
        return order[(ids.index(scenario_id) + 1) % len(order)]
