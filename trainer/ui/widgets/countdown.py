"""A visible countdown: the time left to answer, warning as it runs low."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from trainer.ui.text import Display, clock_text

LOW = 20  # seconds: from here on the countdown is shown as a warning


class Countdown(Static):
    """``剩餘 1:15``; ``-low`` under 20 seconds, ``-over`` at zero. The owner sets ``left``."""

    left: reactive[float] = reactive(0.0)

    def __init__(self, display: Display, seconds: float, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._display = display
        self.set_reactive(Countdown.left, float(seconds))

    def on_mount(self) -> None:
        self.watch_left(self.left)

    def watch_left(self, left: float) -> None:
        self.set_class(0 < left <= LOW, "-low")
        self.set_class(left <= 0, "-over")
        shown = clock_text(left + 0.999) if left > 0 else "0:00"  # 0.4 s left still shows 0:01
        self.update(f"{self._display.t('剩餘')} {shown}")
