"""The buyer's mood as a number, a word and a bar: readable without colour."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from trainer.ui.text import MOOD_WORDS, Display, mood_word

BAR = 10


class MoodMeter(Static):
    """``心情 62 生氣 ▰▰▰▰▰▰▱▱▱▱`` (0 calm … 100 furious)."""

    mood: reactive[int] = reactive(50)

    def __init__(self, display: Display, mood: int = 50, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._display = display
        self.set_reactive(MoodMeter.mood, mood)

    def on_mount(self) -> None:
        self.watch_mood(self.mood)

    def watch_mood(self, mood: int) -> None:
        word, css = mood_word(mood)
        for _limit, _word, other in MOOD_WORDS:
            self.set_class(other == css, f"-{other}")
        filled = round(mood / 100 * BAR)
        self.update(self._display.t(f"心情 {mood:>3} {word} ") + "▰" * filled + "▱" * (BAR - filled))

