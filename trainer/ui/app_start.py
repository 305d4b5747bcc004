"""How the app's first screen reaches the terminal: whole, soon, and once.

- Textual's start-up batch (around the app's Mount) drops every frame drawn
  inside it, the first screen's first full frame included; only partial updates
  followed (the chat without its reply box) until a full repaint ~20 ms later.
  ``_end_batch`` draws the screen whole as that batch ends, and publishes the
  layout signal the key bar waits for (``KeyFooter``).
- The launcher pauses the garbage collector for the start-up; ``_drawn`` (the
  first screen is out) turns it back on, and keeps the styles this start parsed
  for the next one (``trainer.ui.stylesheet``).
"""

from __future__ import annotations

import gc
from functools import partial

from trainer.ui.app_people import WhoIsPractising
from trainer.ui.stylesheet import CachingStylesheet

GC_PAUSE_MAX = 2.0  # seconds: the collector runs again by then, whatever the first screen is
KEEP_STYLES_AFTER = 1.0  # seconds after the first screen: its parsed styles are kept for the next start


class FirstFrame(WhoIsPractising):
    """The first-frame part of the app (see the module docstring)."""

    _shown = False  # the start-up batch is over

    def _end_batch(self) -> None:
        super()._end_batch()
        if not self._batch_count and not self._shown:  # the start-up batch: see the module docstring
            self._shown = True
            screen = self.screen
            self._display(screen, screen._compositor.render_update(
                full=True, screen_stack=self._background_screens))
            screen.screen_layout_refresh_signal.publish(screen)  # it is on the terminal now (KeyFooter)

    def _drawn(self) -> None:
        """The first screen is on the terminal: the collector runs again, and the styles this
        start parsed are kept for the next one (``trainer.ui.stylesheet``)."""
        collect_again()
        # Later, not now: pickling holds the interpreter for a few ms, which would hold back
        # the terminal writer still sending this first frame.
        self.set_timer(KEEP_STYLES_AFTER, partial(self.keep_styles, background=True))

    def keep_styles(self, *, background: bool = False) -> None:
        """Keep the parsed styles for the next start (the launcher calls it at exit too)."""
        if isinstance(self.stylesheet, CachingStylesheet):
            self.stylesheet.save(background=background)


def collect_again() -> None:
    """The first screen is drawn: the collector, paused by the launcher, runs again.

    What start-up built (modules, styles, widgets) lives on: frozen first, the
    collections from now on skip it instead of one long pause that would hold the
    terminal writer back (a few hundred kB of start-up cycles are never freed).
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
