"""The key bar at the foot of every screen: Textual's ``Footer``, built after the screen's
first frame and rebuilt only when its keys change.

Textual's footer composes empty, then rebuilds all its key widgets each time
the screen says its bindings were updated: on mount, on every focus change,
when the app regains focus. Two things made that slow to open a screen:

- the first build (a widget per key, ~15 ms) ran before the screen's first
  frame, holding back what the screen is for (the buyer's first line, say);
- most later rebuilds showed exactly the same keys (opening a chat rebuilt the
  same six keys three times).

This one waits for the screen's first layout to be on the terminal before its
first build (the bar fills in a frame later; a layout made inside Textual's
start-up batch is not on the terminal until the batch ends), and remembers what it last
showed so it rebuilds only when a key, its label, its state or its tooltip differs.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A ``Footer`` that builds after the first frame and skips rebuilds showing the same keys."""

    _shown: object = None  # what the last compose showed (None: nothing yet)
    _painted = False  # the screen has drawn its first layout

    def compose(self) -> ComposeResult:
        self._shown = self._keys() if self._bindings_ready else None
        yield from super().compose()

    def on_mount(self) -> None:
        super().on_mount()
        self.screen.screen_layout_refresh_signal.subscribe(self, self._first_paint)

    def _first_paint(self, screen: Screen[object]) -> None:
        if self.app._batch_count:  # laid out, not on the terminal yet (the app's start-up batch)
            return  # the app publishes the signal again once that frame is out (trainer.ui.app_start)
        screen.screen_layout_refresh_signal.unsubscribe(self)
        self._painted = True
        self.bindings_changed(screen)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self._painted:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()

    def _keys(self) -> object:
        """Everything ``Footer.compose`` reads: each shown binding, its state and tooltip, the style."""
        shown = tuple((binding, enabled, tooltip)
                      for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                      if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING)
        return shown, self.compact, self.show_command_palette
