"""The app's stylesheet: Textual's, except that what it parses is kept, in the run and between runs.

In the run: ``Stylesheet.reparse`` (run when the theme is set, so at every
start) parses every source into a throwaway stylesheet and keeps only its
rules, after ``set_variables`` has emptied the real one's cache. The first
widget class that adds its default CSS then makes the real one parse every
source again: app.tcss alone is ~15 ms. Here the throwaway stylesheet fills the
real one's cache (the variables are the same), so that second parse reads the
cache and parses only the new source.

Between runs: parsing every source of a start (app.tcss and the widgets' default
CSS) is ~14 ms of the first frame; reading them back is ~2 ms. With a ``keep``
folder, the parsed rules of each set of theme variables are kept in a private
pickle file (``trainer.core.keep``) whose fingerprint is the Python version and
the size and time of Textual's CSS modules and the variables themselves (the
file's name is only a checksum of them, and the folder keeps the ``KEPT`` last
written); a source is looked up by its whole text, so an edited app.tcss is
parsed again. ``save`` adds what this run parsed to the file, if it lacked any
of it (the app calls it once its first screen is drawn, and at exit).

Errors behave as in Textual: the stylesheet in use is left as it was, and a
source with errors is never kept (it is parsed, and reported, every time).
"""

from __future__ import annotations

import sys
import threading
from functools import partial
from pathlib import Path

import rich.style
import textual.color
import textual.css
from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from trainer.core import keep

FORMAT = 2  # bump when the kept file's layout changes
SOURCES = 256  # parsed sources kept in memory: every source of the app (~60), with room
# What makes and holds parsed rules: an upgrade of Textual or Rich changes some of them.
_PARSER = [*Path(textual.css.__file__ or "").parent.glob("*.py"),
           *(Path(module.__file__ or "") for module in (textual.color, rich.style))]

Key = tuple[object, ...]  # (css, read_from, is_default_rules, tie_breaker, scope), as Textual's cache
KEPT = 16  # files kept, one per set of theme variables (the app has a few themes)


class CachingStylesheet(Stylesheet):
    """``Stylesheet`` that keeps its parse cache filled, and between runs in ``keep`` (see above)."""

    def __init__(self, *, variables: dict[str, str] | None = None, keep_in: Path | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache: LRUCache[Key, list[RuleSet]] = LRUCache(SOURCES)
        self._keep_in = keep_in
        self._kept: dict[Key, list[RuleSet]] = {}  # what the kept file of these variables holds
        self._used: set[Key] = set()  # the sources parsed or read from the cache in this run

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._used = set()
        if self._keep_in is not None:
            self._read_kept()

    def _parse_rules(self, css: str, read_from: CSSLocation, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        self._used.add((css, read_from, is_default_rules, tie_breaker, scope))  # Textual's cache key
        return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)

    def reparse(self) -> None:
        fresh = CachingStylesheet(variables=self._variables)
        fresh._parse_cache = self._parse_cache  # same variables: what it parses stays valid here
        fresh._used = self._used
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(css, read_from=read_from, is_default_css=is_defaults,
                             tie_breaker=tie_breaker, scope=scope)
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False

    def save(self, *, background: bool = False) -> None:
        """Keep what this run parsed for the current variables beside what was kept before (the
        home screen and a played chat use different widgets), if that adds anything; a source
        kept before from the same place with other text (an edited app.tcss) is dropped.
        ``background``: written by another thread (pickling takes a few ms)."""
        if self._keep_in is None:
            return
        parsed = {key: self._parse_cache[key] for key in list(self._used) if key in self._parse_cache}
        good = {key: rules for key, rules in parsed.items() if not any(rule.errors for rule in rules)}
        texts = {key[1]: key[0] for key in good}  # place -> its text in this run
        merged = {key: rules for key, rules in self._kept.items() if texts.get(key[1], key[0]) == key[0]}
        merged.update(good)
        if merged.keys() == self._kept.keys():
            return
        self._kept = merged
        write = partial(_write, self._file(), self._fingerprint(), merged)
        if background:  # rules are not changed once parsed: pickling them there is safe
            threading.Thread(target=write, name="keep-styles", daemon=True).start()
        else:
            write()

    def _read_kept(self) -> None:
        assert self._keep_in is not None
        found = keep.load(self._file(), self._fingerprint())
        self._kept = {}
        if not isinstance(found, dict):
            return
        for key, rules in found.items():
            if isinstance(key, tuple) and isinstance(rules, list) and all(isinstance(r, RuleSet) for r in rules):
                self._parse_cache[key] = rules
                self._kept[key] = rules

    def _theme(self) -> str:
        return repr(sorted(self._variables.items()))

    def _file(self) -> Path:
        assert self._keep_in is not None
        return self._keep_in / "styles" / keep.entry_name(self._theme())  # its fingerprint holds the theme

    def _fingerprint(self) -> tuple[object, ...]:
        return (FORMAT, sys.version_info[:2], keep.stamp(_PARSER), self._theme())


def _write(file: Path, fingerprint: tuple[object, ...], rules: dict[Key, list[RuleSet]]) -> None:
    keep.save(file, fingerprint, rules)
    keep.prune(file.parent, KEPT)
