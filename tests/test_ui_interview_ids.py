"""The desk and console show the interview's id; the desk shows the counted total beside the
automatic one; the console's numbers follow one rule (scores whole, rates one decimal)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.interview_helpers import INTERVIEWER, answered, open_desk, set_passphrase
from tests.ui_helpers import CONTENT, rig, screen_text, settle
from trainer.store import interviews as records
from trainer.ui.screens.console import ConsoleScreen
from trainer.ui.screens.interview_desk import InterviewDeskScreen
from trainer.ui.text import rate_text, score_text
from trainer.ui.widgets.fitted_table import FittedTable


@pytest.mark.parametrize(("value", "score", "rate"), [
    (40.5, "41", "40.5"), (40.49, "40", "40.5"), (87.25, "87", "87.3"), (92, "92", "92.0"),
    (0, "0", "0.0"), (99.95, "100", "100.0"), (None, "—", "—"),
])
def test_scores_are_whole_and_rates_have_one_decimal(value: float | None, score: str, rate: str) -> None:
    assert (score_text(value), rate_text(value)) == (score, rate)


def _interview(store) -> tuple[int, float, float]:  # type: ignore[no-untyped-def]
    """A finished two-answer interview with the first answer overridden to 88: (id, counted, auto)."""
    session = answered(store, CONTENT, ("最重要的是耐心，先安撫買家情緒，再幫他解決問題。", "希望底薪四千左右。"))
    session.finish()
    records.add_override(store, session.session_id, 0, 88.0, INTERVIEWER, "舉例具體")
    turns = store.turns(session.session_id)
    auto = sum(t.score for t in turns) / len(turns)
    counted = (88.0 + sum(t.score for t in turns[1:])) / len(turns)
    return session.session_id, counted, auto


async def test_desk_shows_the_id_and_the_counted_total_beside_the_automatic(tmp_path: Path) -> None:
    r = rig(tmp_path)
    set_passphrase(r.store)
    sid, counted, auto = _interview(r.store)
    assert score_text(counted) != score_text(auto)
    async with r.app.run_test(size=(80, 24)) as pilot:
        await open_desk(pilot)
        await settle(pilot)
        desk = r.app.screen
        assert isinstance(desk, InterviewDeskScreen)
        table = desk.query_one("#desk-table", FittedTable)
        row = [c.plain for c in table.get_row_at(0)]
        assert row[0] == str(sid)
        assert row[5:7] == [score_text(counted), score_text(auto)]
        text = screen_text(r.app)
        assert "編號" in text and "採計" in text and "自動" in text
        await pilot.press("enter")
        await settle(pilot)
        console = r.app.screen
        assert isinstance(console, ConsoleScreen)
        text = screen_text(r.app)
        assert f"編號 {sid}" in text
        assert f"自動總分 {score_text(auto)} · 採計總分 {score_text(counted)}" in text
        decimals = [m for m in re.findall(r"(\d+\.\d+)(\s*\S*)", text) if not m[1].startswith(("字/分鐘", "%"))]
        assert decimals == []  # every score whole; only rates carry a decimal
        await pilot.press("e")
        await settle(pilot)
        summary = str(console.query_one("#cs-summary").render())
        assert "報告：" in summary and f"interview-{sid}-" in summary
    assert sorted(p.suffix for p in (tmp_path / "reports").iterdir()) == [".html", ".md"]
