"""How long the buyer has been waiting for a reply, against their patience."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from trainer.ui.text import Display, clock_text


class ReplyTimer(Static):
    """``等待 0:12 / 1:00``; turns ``-late`` once the buyer's patience has run out."""

    elapsed: reactive[float] = reactive(0.0)

    def __init__(self, display: Display, patience: int, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._display = display
        self.patience = patience

    def on_mount(self) -> None:
        self.watch_elapsed(self.elapsed)

    def watch_elapsed(self, elapsed: float) -> None:
        self.set_class(elapsed >= self.patience, "-late")
        label = self._display.t("等待")
        self.update(f"{label} {clock_text(elapsed)} / {clock_text(self.patience)}")
