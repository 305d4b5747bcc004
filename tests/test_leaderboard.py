"""The optional weekly leaderboard of a group: off by default, a manager's switch, ranks and streaks.

DAY0 of the history (2026-11-01 08:00 UTC) is a Sunday; the week of day 1 starts Monday 2026-11-02.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.progress_helpers import History
from tests.ui_helpers import rig, screen_text, settle
from trainer import cli
from trainer.services import leaderboard
from trainer.services.assignments import AssignError
from trainer.store import groups
from trainer.store import leaderboard as boards

pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture
def h(tmp_path: Path) -> History:
    h = History.open(tmp_path / "progress.sqlite3")
    for name in ("小明", "小美", "阿強", "主管"):
        h.store.user_id(name)
    groups.add_group(h.store, "新人")
    for name in ("小明", "小美", "阿強", "主管"):
        groups.join_group(h.store, "新人", name)
    with h.store._write() as conn:
        conn.execute("INSERT INTO user_roles (user_id, role) SELECT id, 'manager' FROM users WHERE name = '主管'")
    h.practice("小明", "a", 99, day=0)      # Sunday: last week (counts for the streak only)
    h.practice("小明", "a", 70, day=1)      # Monday
    h.practice("小明", "b", 85, day=2)
    h.practice("小美", "a", 92, day=2)
    h.at(2.5)
    return h


def test_ranks_by_best_score_this_week_with_streaks_and_no_managers(h: History) -> None:
    places = leaderboard.board(h.store, "新人")
    assert [(p.rank, p.person, p.best, p.sessions, p.streak) for p in places] == [
        (1, "小美", 92, 1, 1), (2, "小明", 85, 2, 3), (None, "阿強", None, 0, 0)]
    assert leaderboard.line(places, "新人", "小明") == "本週排行（新人）：1. 小美 92 · 2. 小明 85｜你第 2 名，連續 3 天"
    assert leaderboard.line(places, "新人", "阿強").endswith("｜你本週還沒練習，連續 0 天")


def test_off_by_default_and_only_a_manager_switches_it_when_there_are_accounts(h: History) -> None:
    assert not boards.is_on(h.store, "新人") and boards.boards_of(h.store, "小明") == []
    with h.store._write() as conn:
        conn.execute("UPDATE users SET password_hash = 'x'")
    with pytest.raises(AssignError, match="only a manager"):
        leaderboard.switch(h.store, "新人", True, by="小明")
    leaderboard.switch(h.store, "新人", True, by="主管")
    assert boards.boards_of(h.store, "小明") == ["新人"]
    with pytest.raises(AssignError, match="no group"):
        leaderboard.switch(h.store, "沒有", True, by="主管")


def test_cli_switches_and_prints_it(h: History, capsys: pytest.CaptureFixture[str]) -> None:
    db = h.store.path
    h.store.close()
    assert cli.main(["--db", db, "leaderboard", "新人"]) == 0
    out = capsys.readouterr().out
    assert "學員看得到：關閉" in out
    assert cli.main(["--db", db, "leaderboard", "新人", "--on"]) == 0
    assert "已開啟" in capsys.readouterr().out
    assert cli.main(["--db", db, "leaderboard", "沒有"]) == 2
    assert "no group" in capsys.readouterr().err


async def test_the_trainee_sees_it_on_their_progress_screen_once_switched_on(h: History, tmp_path: Path) -> None:
    from trainer.ui.screens.progress import ProgressScreen

    leaderboard.switch(h.store, "新人", True, by=None)
    r = rig(tmp_path, store=h.store, user="小明")
    async with r.app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(r.app.screen, ProgressScreen)
        assert "本週排行（新人）：1. 小美 92 · 2. 小明 85｜你第 2 名，連續 3 天" in screen_text(r.app)
