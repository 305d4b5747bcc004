"""The app's stylesheet: Textual's, except that a re-parse keeps what it parsed.

``Stylesheet.reparse`` (run when the theme is set, so at every start) parses
every source into a throwaway stylesheet and keeps only its rules, after
``set_variables`` has emptied the real one's cache. The first widget class
that adds its default CSS then makes the real one parse every source again:
app.tcss alone is ~15 ms. Here the throwaway stylesheet fills the real one's
cache (the variables are the same), so that second parse reads the cache and
parses only the new source. Errors behave as in Textual: the stylesheet in use
is left as it was.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class CachingStylesheet(Stylesheet):
    """``Stylesheet`` whose ``reparse`` leaves its parse cache filled (see the module docstring)."""

    def reparse(self) -> None:
        fresh = Stylesheet(variables=self._variables)
        fresh._parse_cache = self._parse_cache  # same variables: what it parses stays valid here
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
