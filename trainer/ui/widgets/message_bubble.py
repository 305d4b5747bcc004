"""One chat message: who said it, when, and the text (buyer, trainee or a note)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from trainer.ui.text import visible
from trainer.ui.wrap import para

KINDS = ("buyer", "trainee", "note")


class MessageBubble(Static):
    """A message in the transcript; ``kind`` picks the side and colour (see app.tcss)."""

    def __init__(self, kind: str, speaker: str, message: str, when: str = "") -> None:
        super().__init__(para(_body(speaker, message, when)), classes=f"bubble -{kind}", markup=False)
        self.kind = kind
        self.speaker = speaker
        self.message = message


def _body(speaker: str, message: str, when: str) -> Text:
    body = Text()
    if speaker:
        body.append(visible(speaker), style="bold")
        if when:
            body.append(f"  {when}", style="dim")
        body.append("\n")
    body.append(visible(message))
    return body
