"""The multi-line reply box: Enter sends, Ctrl+J (or Shift+Enter) starts a new line.

Ctrl+J is the portable newline key: every terminal sends it as a line feed,
which Textual reads as ``ctrl+j``. Shift+Enter works only where the terminal
reports it separately (the kitty keyboard protocol); elsewhere it is plain Enter.
"""

from __future__ import annotations

import time

from textual import events
from textual.binding import Binding
from textual.widgets import TextArea

from trainer.ui.messages import ReplySubmitted
from trainer.ui.text import visible

NEWLINE_KEYS = ("ctrl+j", "shift+enter")


class ReplyBox(TextArea):
    """Where the trainee types; posts ``ReplySubmitted`` on Enter."""

    BINDINGS = [
        Binding("enter", "send", "發送", tooltip="送出回覆"),
        Binding("ctrl+j", "newline", "換行", tooltip="在回覆中另起一行（也可用 Shift+Enter）"),
    ]

    def __init__(self, placeholder: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                         highlight_cursor_line=False, placeholder=placeholder)
        self.pasted = False

    async def _on_key(self, event: events.Key) -> None:
        # Runs before TextArea's own handler, which would insert a newline for Enter.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._submit(event.time)
        elif event.key in NEWLINE_KEYS:
            event.stop()
            event.prevent_default()
            self.action_newline()

    async def _on_paste(self, event: events.Paste) -> None:
        # Runs before TextArea's own handler (which inserts the text): note it, and insert it
        # here instead when it holds control characters (the box would draw an ESC raw).
        if event.text:
            self.pasted = True
        shown = visible(event.text)
        if shown != event.text and not self.read_only:
            event.prevent_default()
            self.move_cursor(self.replace(shown, *self.selection).end_location)

    def action_send(self) -> None:
        self._submit(time.monotonic())

    def action_newline(self) -> None:
        self.insert("\n")

    def _submit(self, pressed_at: float) -> None:
        self.post_message(ReplySubmitted(self.text, self.pasted, pressed_at))

    def reset(self) -> None:
        """Empty the box after a reply was taken."""
        self.clear()
        self.pasted = False


class TypingBox(ReplyBox):
    """The typing test's box: Enter hands the passage in (the key bar says so, not 發送)."""

    BINDINGS = [Binding("enter", "send", "完成", tooltip="打完了：交出這一段")]
