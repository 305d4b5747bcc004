"""The chat transcript: a scrolling column of messages and feedback that never takes focus."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget


class Transcript(VerticalScroll, can_focus=False):
    """Messages in order; keeps the newest in view. Not focusable, so the reply box keeps focus."""

    def on_mount(self) -> None:
        # Anchored: stays at the bottom as messages and feedback grow, even when
        # a message's height settles after the scroll (until the trainee scrolls up).
        self.anchor()

    async def add(self, *widgets: Widget) -> None:
        await self.mount_all(widgets)
        self.scroll_end(animate=False)
