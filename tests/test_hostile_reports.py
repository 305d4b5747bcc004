"""The hostile corpus in the HTML reports and their SVG charts: every string escaped, nothing run.

A name, a title, a key point, a note or a decision holding ``<script>`` or a
quote must come out as text (``&lt;script&gt;``), inside elements and inside
attributes alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path

import pytest

from tests.hostile import CORPUS, SAFE_ANSWER, TEXTS
from tests.progress_helpers import History, turn
from trainer.reports import svg
from trainer.reports.figures import team_figures, user_figures
from trainer.reports.interview import build
from trainer.reports.interview_html import to_html
from trainer.reports.team_html import team_page, user_page
from trainer.store import interviews as records

NOW = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)
CASES = [pytest.param(text, id=case) for case, text in CORPUS]


def assert_escaped(page: str, text: str) -> None:
    """``text`` is on the page escaped, and (where escaping changes it) never as it is."""
    assert escape(text) in page, f"{escape(text)[:60]!r} not in the page"
    if escape(text) != text:
        assert text not in page, f"{text[:60]!r} is on the page unescaped"


def history(tmp_path: Path, text: str) -> History:
    h = History.open(tmp_path / "progress.sqlite3")
    h.practice(text, "hostile-00", 50, day=0, hit=(text,), missed=(text,), title=text, category=text)
    h.practice(text + " 2", "hostile-01", 80, day=0.5, missed=(text,), title=text, category=text)
    return h


@pytest.mark.parametrize("text", CASES)
def test_the_team_and_user_pages_escape_every_hostile_string(tmp_path: Path, text: str) -> None:
    h = history(tmp_path, text)
    team = team_page(team_figures(h.store, now=NOW, tz=UTC))
    user = user_page(user_figures(h.store, text, now=NOW, tz=UTC))
    for page in (team, user):
        assert_escaped(page, text)
        assert page.count("<script>") == team.count("<script>") == 1  # the page's own sorting script only


@pytest.mark.parametrize("text", CASES)
def test_the_interview_report_escapes_names_answers_notes_and_decisions(tmp_path: Path, text: str) -> None:
    h = History.open(tmp_path / "progress.sqlite3")
    sid = h.interview(text, [("iv-most-important-quality", 70.0, (text,))])
    records.add_note(h.store, sid, 0, text, text)
    records.add_override(h.store, sid, 0, 50.0, text, text)
    records.decide(h.store, sid, "待定", text, text)
    page = to_html(build(h.store, None, sid))
    assert_escaped(page, text)
    assert "<script" not in page


@pytest.mark.parametrize("text", CASES)
def test_the_charts_escape_labels_and_titles(text: str) -> None:
    drawn = [svg.trend([(text, 50.0), (text, 70.0)], text), svg.bars([(text, 40.0)], text),
             svg.columns([(text, 2.0), (text, 3.0)], text)]
    for chart in drawn:
        assert_escaped(chart, text)
        assert "<script" not in chart


def test_the_corpus_reaches_the_reports_through_the_answers_too(tmp_path: Path) -> None:
    h = History.open(tmp_path / "progress.sqlite3")
    reply = SAFE_ANSWER + "".join(TEXTS[:13])
    sid = h.store.start_session("甲", "interview", "x", item_title="經典", category="面試")
    h.store.record_turn(sid, turn(0, 60, reply=reply, prompt="".join(TEXTS[:13])))
    page = to_html(build(h.store, None, sid))
    assert escape(reply) in page and "<script" not in page
