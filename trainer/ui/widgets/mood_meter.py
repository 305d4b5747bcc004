"""The buyer's mood as a number, a word and a bar: readable without colour."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from trainer.ui.text import MOOD_WORDS, Display, mood_word

BAR = 10


class MoodMeter(Static):
    """``心情 62 生氣 ▰▰▰▰▰▰▱▱▱▱`` (0 calm … 100 furious)."""

    mood: reactive[int] = reactive(50, init=False)  # drawn by __init__; watched for changes

    def __init__(self, display: Display, mood: int = 50, *, id: str | None = None) -> None:
        # Drawn from the start (not on mount): the first frame has it, with no second layout.
        super().__init__(self._line(display, mood), id=id, markup=False, classes=f"-{mood_word(mood)[1]}")
        self._display = display
        self.set_reactive(MoodMeter.mood, mood)

    def watch_mood(self, mood: int) -> None:
        css = mood_word(mood)[1]
        for _limit, _word, other in MOOD_WORDS:
            self.set_class(other == css, f"-{other}")
        self.update(self._line(self._display, mood))

    @staticmethod
    def _line(display: Display, mood: int) -> str:
        filled = round(mood / 100 * BAR)
        return display.t(f"心情 {mood:>3} {mood_word(mood)[0]} ") + "▰" * filled + "▱" * (BAR - filled)

