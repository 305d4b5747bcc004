"""Progress figures from the store: the read-only queries (trainer.store.progress) and what is built on them
(trainer.reports.figures), on small histories whose every number is known."""

from __future__ import annotations

from datetime import UTC, date, timedelta, timezone
from pathlib import Path

import pytest

from tests.progress_helpers import DAY0, History
from trainer.reports.figures import due_today, group_of, team_figures, user_figures
from trainer.store import progress as q

UTC8 = timezone(timedelta(hours=8))


@pytest.fixture
def h() -> History:
    return History.open()


def test_attempts_count_finished_practice_and_each_interview_question(h: History) -> None:
    h.practice("小美", "case-a", 80, day=0)
    h.practice("小美", "case-a", 50, day=1, status="open")
    h.practice("小美", "case-b", 40, day=1, status="discarded")
    h.interview("小美", [("iv-a", 70, ()), ("iv-a#follow-up-1", 20, ()), ("iv-b", 30, ())], day=2)
    h.interview("小美", [("iv-c", 90, ())], day=3, finish=False)
    h.practice("阿強", "case-a", 90, day=0)
    rows = sorted(q.attempts(h.store, "小美"), key=lambda r: (r.kind, r.item_id))
    assert [(r.kind, r.item_id, r.score) for r in rows] == [
        ("practice", "case-a", 80), ("question", "iv-a", 70), ("question", "iv-b", 30)]
    assert rows[1].title == "問題 iv-a？"
    assert rows[0].at == pytest.approx((DAY0 + timedelta(minutes=3)).timestamp(), abs=0.001)
    everyone = q.team_attempts(h.store)
    assert sorted(r[1] for r in everyone["practice"]) == ["case-a", "case-a"]
    assert sorted(r[1] for r in everyone["question"]) == ["iv-a", "iv-b"]
    assert q.item_labels(h.store, [("question", "iv-a"), ("practice", "case-a")]) == {
        ("question", "iv-a"): ("問題 iv-a？", "面試"), ("practice", "case-a"): ("case-a", "售後/測試")}


def test_totals_and_days_are_per_local_day(h: History) -> None:
    h.practice("小美", "a", 80, day=0, replies=3)  # 08:03 UTC on day 0
    h.practice("小美", "b", 60, day=0.65, replies=2)  # 23:39 UTC: already day 1 in UTC+8
    h.practice("小美", "c", 10, day=2, status="open")
    totals = q.totals(h.store, "小美")
    assert (totals.sessions, totals.replies, totals.average, totals.open_sessions) == (2, 5, 70, 1)
    assert [(d.day, d.sessions, d.replies) for d in q.days(h.store, "小美")] == [(date(2026, 11, 1), 2, 5)]
    local = q.days(h.store, "小美", offset_minutes=480)
    assert [(d.day, d.average) for d in local] == [(date(2026, 11, 1), 80), (date(2026, 11, 2), 60)]
    assert q.totals(h.store, "nobody").sessions == 0


@pytest.mark.parametrize(("days", "today", "current", "longest"), [
    ([], 10, 0, 0),
    ([1, 2, 3], 3, 3, 3),
    ([1, 2, 3], 4, 3, 3),  # practised yesterday: the streak is still alive
    ([1, 2, 3], 5, 0, 3),  # missed a day: broken
    ([1, 2, 5, 6, 7, 8, 10], 10, 1, 4),
    ([3, 1, 2, 2], 3, 3, 3),  # order and repeats do not matter
])
def test_streaks(days: list[int], today: int, current: int, longest: int) -> None:
    found = q.streak([date(2026, 11, d) for d in days], date(2026, 11, today))
    assert (found.current, found.longest, found.days) == (current, longest, len(set(days)))


def test_most_missed_points_with_where_they_were_missed(h: History) -> None:
    h.practice("小美", "case-a", 50, day=0, hit=("道歉",), missed=("拍照", "給方案"), replies=2)
    h.practice("小美", "case-b", 40, day=1, missed=("拍照",), title="情境 B")
    h.interview("小美", [("iv-a", 30, ("拍照",))], day=2)
    h.practice("小美", "case-c", 90, day=3, hit=("道歉", "拍照"), status="discarded", missed=("給方案",))
    missed = q.most_missed(h.store, "小美")
    assert [(m.label, m.missed, m.seen) for m in missed] == [("拍照", 4, 4), ("給方案", 2, 2)]
    assert missed[0].items == (("practice", "case-a", "case-a", 2), ("practice", "case-b", "情境 B", 1),
                               ("question", "iv-a", "問題 iv-a？", 1))
    assert missed[0].rate == 1.0
    assert q.most_missed(h.store, "小美", limit=1) == missed[:1]


def test_members_and_their_weakest_points(h: History) -> None:
    h.practice("小美", "case-a", 50, day=0, missed=("拍照", "道歉"), replies=2)
    h.practice("小美", "case-a", 70, day=1, hit=("拍照",), missed=("道歉",))
    h.practice("阿強", "case-b", 90, day=1, hit=("道歉",))
    h.store.user_id("新人")
    members = {m.user: m for m in q.members(h.store)}
    assert (members["小美"].sessions, members["小美"].replies, members["小美"].average) == (2, 3, 60)
    assert members["新人"].sessions == 0 and members["新人"].average is None
    weakest = q.missed_by_user(h.store)
    assert [(m.label, m.missed, m.seen) for m in weakest["小美"]] == [("道歉", 3, 3), ("拍照", 2, 3)]
    assert weakest["阿強"] == [] and weakest["新人"] == []
    since = (DAY0 + timedelta(days=0.5)).isoformat()
    assert [m.label for m in q.missed_by_user(h.store, since=since)["小美"]] == ["道歉"]


def test_sessions_with_turns_reads_in_batches(h: History) -> None:
    ids = [h.practice("小美", f"case-{n}", 70, day=n, replies=n + 1) for n in range(5)]
    h.practice("小美", "open-one", 70, day=6, status="open")
    found = list(q.sessions_with_turns(h.store, batch=2))
    assert [s.id for s, _ in found] == ids
    assert [len(turns) for _, turns in found] == [1, 2, 3, 4, 5]
    everything = list(q.sessions_with_turns(h.store, finished_only=False, user="小美", batch=4))
    assert len(everything) == 6
    later = list(q.sessions_with_turns(h.store, since=(DAY0 + timedelta(days=2)).isoformat()))
    assert [s.item_id for s, _ in later] == ["case-2", "case-3", "case-4"]


@pytest.mark.parametrize(("kind", "category", "group"), [
    ("practice", "售後/運費爭議", "售後"),
    ("practice", "物流", "物流"),
    ("practice", "", "未分類"),
    ("question", "面試/經典八問", "面試/經典八問"),
    ("question", "", "面試"),
])
def test_category_groups(kind: str, category: str, group: str) -> None:
    assert group_of(kind, category) == group


def test_user_figures(h: History) -> None:
    h.practice("小美", "case-a", 40, day=0, category="售後/運費爭議", missed=("道歉",))
    h.practice("小美", "case-a", 80, day=1, category="售後/運費爭議", hit=("道歉",))
    h.practice("小美", "case-b", 50, day=1, category="售後/維權", missed=("拍照",))
    h.practice("小美", "case-c", 95, day=2, category="物流/發貨慢")
    for day in range(4):
        h.practice("小美", "case-d", 20, day=3 + day / 10, category="物流/丟件", missed=("報案",))
    h.interview("小美", [("iv-a", 70, ())], day=3)
    now = DAY0 + timedelta(days=3, hours=4)
    f = user_figures(h.store, "小美", now=now, tz=UTC, categories={("question", "iv-a"): "面試/經典八問"})
    assert {(c.name, c.kind): (c.items, round(c.mastery), c.passed) for c in f.categories} == {
        ("售後", "practice"): (2, 65, 1), ("物流", "practice"): (2, 58, 1), ("面試/經典八問", "question"): (1, 70, 1)}
    assert [c.name for c in f.categories] == ["售後", "物流", "面試/經典八問"]
    # by due time: case-b failed on day 1 (back 10 minutes later), case-a passed on day 1 (due day 2),
    # case-c passed on day 2 (due day 3, this morning), case-d failed again this afternoon
    assert [i.item_id for i in f.due] == ["case-b", "case-a", "case-c", "case-d"]
    assert [i.item_id for i in f.leeches] == ["case-d"]
    assert (f.streak.current, f.streak.longest) == (4, 4)
    assert f.totals.sessions == 9 and [m.label for m in f.missed][:1] == ["報案"]
    assert f.recent[0].item_id == "case-d" and len(f.recent) == 9
    assert [i.item_id for i in due_today(h.store, "小美", now=now, tz=UTC)] == [i.item_id for i in f.due]


def test_user_figures_of_someone_with_no_history(h: History) -> None:
    f = user_figures(h.store, "路人", now=DAY0, tz=UTC)
    assert (f.totals.sessions, f.items, f.categories, f.due, f.missed, f.recent) == (0, {}, [], [], [], [])


def test_team_figures_on_a_file_match_those_in_memory(tmp_path: Path) -> None:
    on_file = History.open(tmp_path / "team.sqlite3")
    in_memory = History.open()
    for h in (on_file, in_memory):
        h.practice("小美", "case-a", 40, day=0, missed=("道歉",), category="售後/x")
        for day in range(4):
            h.practice("阿強", "case-b", 30, day=day, missed=("拍照", "道歉"), title="情境 B", category="物流/y")
        h.practice("阿強", "case-c", 90, day=5, category="售前/z")
        h.store.user_id("新人")
    now = DAY0 + timedelta(days=6)
    a = team_figures(on_file.store, now=now, tz=UTC)
    b = team_figures(in_memory.store, now=now, tz=UTC)
    assert a == b
    members = {m.user: m for m in a.members}
    assert [m.user for m in a.members] == ["小美", "新人", "阿強"]
    assert a.groups == ["售前", "售後", "物流"]
    assert members["阿強"].leeches == ["情境 B"] and members["阿強"].due == 2  # case-b failed, case-c due today
    assert members["阿強"].categories == {"物流": 30, "售前": 90}
    assert [w.label for w in members["阿強"].weakest] == ["拍照", "道歉"]
    assert members["新人"].sessions == 0 and members["新人"].categories == {}
    assert sum(w.sessions for w in a.weeks) == 6
