"""CachingStylesheet: a re-parse fills the cache, so the next parse reads only the new source."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import StylesheetParseError

from tests.ui_helpers import rig, settle
from trainer.ui.stylesheet import CachingStylesheet

APP_CSS = "Screen { background: $panel; }\n.x { color: $primary; }"


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = textual_stylesheet.parse

    def parse(scope, css, read_from, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(read_from[1])
        return real(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", parse)
    return parsed


def _sheet() -> CachingStylesheet:
    sheet = CachingStylesheet(variables=App().get_css_variables())
    sheet.add_source(APP_CSS, read_from=("app.tcss", "app"))
    return sheet


def test_after_a_reparse_a_new_source_is_the_only_one_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _counting(monkeypatch)
    sheet = _sheet()
    sheet.reparse()
    assert parsed == ["app"]
    sheet.add_source("Label { color: red; }", read_from=("widget.py", "Label.DEFAULT_CSS"), is_default_css=True)
    rules = sheet.rules  # a widget class's default CSS makes it parse again
    assert parsed == ["app", "Label.DEFAULT_CSS"]
    assert len(rules) == 3
    sheet.set_variables(App().get_css_variables())  # new variables (a theme change): all parsed again
    sheet.reparse()
    assert parsed[2:] == ["app", "Label.DEFAULT_CSS"]


def test_a_broken_source_leaves_the_rules_as_they_were() -> None:
    sheet = _sheet()
    sheet.reparse()
    before = list(sheet.rules)
    sheet.add_source("Label { colour: red; }", read_from=("bad.tcss", "bad"))
    with pytest.raises(StylesheetParseError):
        sheet.reparse()
    assert list(sheet.rules) == before  # the broken source is skipped, as in Textual


async def test_the_app_uses_it_and_the_theme_still_switches(tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = rig(tmp_path)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(r.app.stylesheet, CachingStylesheet)
        before = r.app.screen.styles.background
        r.app.action_toggle_theme()
        await settle(pilot)
        assert r.app.screen.styles.background != before
