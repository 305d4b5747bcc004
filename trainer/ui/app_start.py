"""How the app's first screen reaches the terminal: whole, soon, and once.

- Textual's start-up batch (around the app's Mount) drops every frame drawn
  inside it, the first screen's first full frame included; only partial updates
  followed (the chat without its reply box) until a full repaint ~20 ms later.
  ``_end_batch`` draws the screen whole as that batch ends, and publishes the
  layout signal the key bar waits for (``KeyFooter``).
- The launcher pauses the garbage collector for the start-up; ``_drawn`` (the
  first screen is out) turns it back on, and keeps the styles this start parsed
  for the next one (``trainer.ui.stylesheet``).
- In a browser tab the app starts focused. Textual's web driver posts an
  ``AppBlur`` as it starts, and that lands after the page's own focus (the page
  focuses the terminal at its first byte: ``serve/templates/app_index.html``),
  so the login's field showed no focus until the first key. That first blur is
  dropped; any later one (the person leaves the tab) is Textual's as before.
- A new screen gets its breakpoint classes (-narrow, -wide) as it is pushed,
  for the terminal's size then: Textual sets them on the screen's first Resize,
  and a changed class restyles every widget of the screen (~5 ms for the chat,
  after they were all styled once as they were mounted).
"""

from __future__ import annotations

import gc
from functools import partial
from typing import Any

from textual import events
from textual.geometry import Size
from textual.screen import Screen

from trainer.ui.app_people import WhoIsPractising
from trainer.ui.stylesheet import CachingStylesheet

GC_PAUSE_MAX = 2.0  # seconds: the collector runs again by then, whatever the first screen is
KEEP_STYLES_AFTER = 1.0  # seconds after the first screen: its parsed styles are kept for the next start


class FirstFrame(WhoIsPractising):
    """The first-frame part of the app (see the module docstring)."""

    _shown = False  # the start-up batch is over
    _blurred = False  # the web driver's start-up AppBlur has come (see the module docstring)

    def _end_batch(self) -> None:
        super()._end_batch()
        if not self._batch_count and not self._shown:  # the start-up batch: see the module docstring
            self._shown = True
            screen = self.screen
            self._display(screen, screen._compositor.render_update(
                full=True, screen_stack=self._background_screens))
            screen.screen_layout_refresh_signal.publish(screen)  # it is on the terminal now (KeyFooter)

    def on_app_blur(self, event: events.AppBlur) -> None:
        if self.is_web and not self._blurred:
            self._blurred = True
            event.prevent_default()  # App._on_app_blur would take the app's focus away

    def _load_screen_css(self, screen: Screen[Any]) -> None:
        super()._load_screen_css(screen)  # every push, switch or install of a screen passes here
        # No restyle now: a new screen is styled as it mounts, a screen shown before as it resumes.
        screen.update_classes(breakpoint_classes(screen, self.size), update=False)

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


def breakpoint_classes(screen: Screen[Any], size: Size) -> dict[str, bool]:
    """Each breakpoint class of ``screen`` and whether ``size`` gives it, as ``Screen._on_resize``
    decides (the screen's own breakpoints, else the app's)."""
    app = screen.app
    across = (app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None
              else screen.HORIZONTAL_BREAKPOINTS) or []
    down = (app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None else screen.VERTICAL_BREAKPOINTS) or []
    given = screen._get_breakpoint_classes(size.width, across) | screen._get_breakpoint_classes(size.height, down)
    return {name: name in given for _, name in (*across, *down)}
