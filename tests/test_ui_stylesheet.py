"""CachingStylesheet: a re-parse fills the cache, so the next parse reads only the new source."""

from __future__ import annotations

import os

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


# ------------------------------------------------------------------ kept between runs

def _kept_sheet(folder, variables=None) -> CachingStylesheet:  # type: ignore[no-untyped-def]
    """A stylesheet as a new start makes it: variables set (the theme), then the app's CSS read."""
    sheet = CachingStylesheet(variables={}, keep_in=folder)
    sheet.set_variables(variables or App().get_css_variables())
    sheet.add_source(APP_CSS, read_from=("app.tcss", "app"))
    return sheet


def test_a_new_start_reads_the_kept_rules_instead_of_parsing(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    parsed = _counting(monkeypatch)
    first = _kept_sheet(tmp_path)
    first.reparse()
    first.save()
    assert parsed == ["app"]
    second = _kept_sheet(tmp_path)
    second.reparse()
    assert parsed == ["app"]  # nothing parsed again
    assert [r.selector_names for r in second.rules] == [r.selector_names for r in first.rules]
    assert [r.styles.get_rules() for r in second.rules] == [r.styles.get_rules() for r in first.rules]
    if os.name == "posix":
        [kept] = (tmp_path / "styles").iterdir()
        assert kept.stat().st_mode & 0o777 == 0o600


def test_styles_named_as_an_older_version_named_them_are_deleted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "styles").mkdir()
    old = tmp_path / "styles" / ("cd" * 16 + ".pickle")  # BLAKE2-named, FORMAT 1: never read again
    old.write_bytes(b"old")
    sheet = _kept_sheet(tmp_path)
    sheet.reparse()
    sheet.save()
    [kept] = (tmp_path / "styles").iterdir()
    assert kept != old and kept.name.endswith(".pickle") and len(kept.stem) == 8


def test_edited_css_another_theme_or_another_textual_is_parsed_again(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from trainer.ui import stylesheet

    first = _kept_sheet(tmp_path)
    first.reparse()
    first.save()
    parsed = _counting(monkeypatch)
    edited = _kept_sheet(tmp_path)
    edited.add_source(APP_CSS + "\n.y { color: red; }", read_from=("app.tcss", "app"))
    edited.reparse()
    assert parsed == ["app"]
    other = dict(App().get_css_variables(), primary="#123456")
    _kept_sheet(tmp_path, other).reparse()
    assert parsed == ["app", "app"]
    monkeypatch.setattr(stylesheet, "FORMAT", stylesheet.FORMAT + 1)  # as after an upgrade
    _kept_sheet(tmp_path).reparse()
    assert parsed == ["app", "app", "app"]


def test_a_source_with_errors_is_never_kept(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sheet = _kept_sheet(tmp_path)
    sheet.add_source("Label { colour: red; }", read_from=("bad.tcss", "bad"))
    with pytest.raises(StylesheetParseError):
        sheet.reparse()
    sheet.save()
    parsed = _counting(monkeypatch)
    again = _kept_sheet(tmp_path)
    again.add_source("Label { colour: red; }", read_from=("bad.tcss", "bad"))
    with pytest.raises(StylesheetParseError):  # reported again, not read back as good rules
        again.reparse()
    assert "bad" in parsed


def _styled(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every widget on screen (by its place in the tree) and the rules the stylesheet gave it."""
    out = {}
    for node in [app.screen, *app.screen.walk_children()]:
        place = "/".join(f"{type(n).__name__}#{n.id or ''}" for n in reversed(node.ancestors_with_self))
        out[place] = repr(sorted(node.styles.base.get_rules().items()))
    return out


async def test_the_app_looks_the_same_with_kept_styles(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The app keeps its styles at exit; the next start reads them and styles every widget the same."""
    styled, parsed = [], []
    for run in range(2):
        if run:
            parsed = _counting(monkeypatch)
        r = rig(tmp_path / str(run), cache=tmp_path / "cache")
        async with r.app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for _ in range(200):  # the key bar builds after the first frame: its styles too
                if r.app.screen.query("FooterKey"):
                    break
                await pilot.pause(0.02)
            styled.append(_styled(r.app))
        r.app.keep_styles()
        r.store.close()
        assert list((tmp_path / "cache" / "styles").iterdir())
    assert parsed == []  # app.tcss and every widget's default CSS read back
    both = styled[0].keys() & styled[1].keys()
    assert len(both) > 10
    assert {place: styled[0][place] for place in both} == {place: styled[1][place] for place in both}


def test_starts_with_other_widgets_add_to_the_kept_rules_and_an_edit_replaces(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`trainer` (Home) and `trainer play` (the chat) parse different widgets' CSS: each
    start keeps its own beside the other's; an edited source replaces the text it had."""
    label = ("Label { color: red; }", ("widget.py", "Label.DEFAULT_CSS"))
    for extra in (None, label):
        sheet = _kept_sheet(tmp_path)
        if extra:
            sheet.add_source(extra[0], read_from=extra[1], is_default_css=True)
        sheet.reparse()
        sheet.save()
    edited = _kept_sheet(tmp_path)
    edited.add_source(APP_CSS + "\n.y { color: red; }", read_from=("app.tcss", "app"))
    edited.reparse()
    edited.save()
    parsed = _counting(monkeypatch)
    again = _kept_sheet(tmp_path)
    again.add_source(APP_CSS + "\n.y { color: red; }", read_from=("app.tcss", "app"))
    again.add_source(label[0], read_from=label[1], is_default_css=True)
    again.reparse()
    assert parsed == []
    [kept] = (tmp_path / "styles").iterdir()
    assert kept.read_bytes().count(APP_CSS.encode()) == 1  # the first app.tcss text is gone: only the edit's
    assert sum(key[1] == ("app.tcss", "app") for key in again._kept) == 1

