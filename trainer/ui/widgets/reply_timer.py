"""How long the buyer has been waiting for a reply, against their patience."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from trainer.ui.text import Display, clock_text


class ReplyTimer(Static):
    """``等待 0:12 / 1:00``; turns ``-late`` once the buyer's patience has run out."""

    elapsed: reactive[float] = reactive(0.0, init=False)  # drawn by __init__; watched for changes

    def __init__(self, display: Display, patience: int, *, id: str | None = None) -> None:
        # Drawn from the start (not on mount): the first frame has it, with no second layout.
        super().__init__(self._line(display, 0.0, patience), id=id, markup=False,
                         classes="-late" if patience <= 0 else "")
        self._display = display
        self.patience = patience

    def watch_elapsed(self, elapsed: float) -> None:
        self.set_class(elapsed >= self.patience, "-late")
        self.update(self._line(self._display, elapsed, self.patience))

    @staticmethod
    def _line(display: Display, elapsed: float, patience: int) -> str:
        return f"{display.t('等待')} {clock_text(elapsed)} / {clock_text(patience)}"
