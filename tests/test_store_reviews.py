"""``trainer.store.reviews``: overrides and comments on practice replies, the score that counts
everywhere (reports, mastery, spaced practice, interviews too), and the review queue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.progress_helpers import DAY0, History
from trainer.reports.figures import team_figures, user_figures
from trainer.reports.team import render_user
from trainer.store import StoreError, reviews
from trainer.store import interviews as records
from trainer.store import progress as q


@pytest.fixture()
def h() -> Iterator[History]:
    history = History.open()
    yield history
    history.store.close()


def test_an_override_is_kept_beside_the_automatic_score_and_changes_the_session_total(h: History) -> None:
    sid = h.practice("小美", "case-a", 50, replies=2)
    reviews.override_turn(h.store, sid, 1, 90, "王主管", " 其實講到了換貨 ")
    marks = reviews.turn_marks(h.store, sid)
    assert marks[1].override is not None
    assert (marks[1].override.score, marks[1].override.reason, marks[1].override.reviewer) == (90, "其實講到了換貨", "王主管")
    assert marks[1].override.at.startswith(DAY0.date().isoformat())
    assert [t.score for t in h.store.turns(sid)] == [50, 50]  # automatic scores untouched
    assert h.store.session(sid).score == 70  # (50 + 90) / 2
    assert reviews.counted_scores(h.store, sid) == [50, 90]
    assert reviews.automatic_total([t.score for t in h.store.turns(sid)]) == 50
    reviews.override_turn(h.store, sid, 1, 60, "王主管", "再想想")
    assert h.store.session(sid).score == 55  # the latest override counts
    assert len(reviews.turn_marks(h.store, sid)[1].overrides) == 2


def test_an_override_on_an_open_session_counts_once_it_is_finished(h: History) -> None:
    sid = h.practice("小美", "case-a", 40, replies=2, status="open")
    reviews.override_turn(h.store, sid, 0, 100, "王主管")
    assert h.store.session(sid).score is None
    h.store.finish_session(sid, "resolved", 40)
    assert h.store.session(sid).score == 70


@pytest.mark.parametrize(("score", "reviewer", "index", "message"), [
    (101, "王主管", 0, "between 0 and 100"),
    (-1, "王主管", 0, "between 0 and 100"),
    (50, "  ", 0, "name cannot be empty"),
    (50, "王主管", 7, "has no answer 7"),
])
def test_a_bad_override_is_refused_and_writes_nothing(h: History, score: float, reviewer: str, index: int,
                                                      message: str) -> None:
    sid = h.practice("小美", "case-a", 50)
    with pytest.raises(StoreError, match=message):
        reviews.override_turn(h.store, sid, index, score, reviewer)
    assert reviews.turn_marks(h.store, sid) == {}
    assert h.store.session(sid).score == 50


def test_comments_are_kept_with_who_and_when_and_empty_ones_refused(h: History) -> None:
    sid = h.practice("小美", "case-a", 50)
    reviews.comment_turn(h.store, sid, 0, "先道歉再問照片", "王主管")
    with pytest.raises(StoreError, match="empty"):
        reviews.comment_turn(h.store, sid, 0, "   ", "王主管")
    (note,) = reviews.turn_marks(h.store, sid)[0].notes
    assert (note.note, note.reviewer) == ("先道歉再問照片", "王主管")
    assert h.store.session(sid).score == 50  # a comment is not a score


def test_an_override_counts_in_the_report_mastery_and_spaced_practice(h: History) -> None:
    sid = h.practice("小美", "case-a", 40, day=0)
    before = user_figures(h.store, "小美", now=DAY0, pass_mark=60)
    assert before.items[("practice", "case-a")].schedule.last_score == 40
    reviews.override_turn(h.store, sid, 0, 95, "王主管", "答得好")
    after = user_figures(h.store, "小美", now=DAY0, pass_mark=60)
    item = after.items[("practice", "case-a")]
    assert item.schedule.last_score == 95
    assert item.schedule.due > before.items[("practice", "case-a")].schedule.due  # a pass waits longer
    assert after.categories[0].mastery == 95
    assert "95" in render_user(after, "md")
    team = team_figures(h.store, now=DAY0, pass_mark=60)
    assert team.members[0].average == 95


def test_interview_overrides_count_in_spaced_practice_and_the_team_figures(h: History) -> None:
    sid = h.interview("小美", [("iv-a", 30, ("耐心",)), ("iv-b", 50, ())], day=0)
    records.add_override(h.store, sid, 0, 90, "面試官", "回答其實完整")
    attempts = {a.item_id: a.score for a in q.attempts(h.store, "小美")}
    assert attempts == {"iv-a": 90, "iv-b": 50}
    assert h.store.session(sid).score == 70  # (90 + 50) / 2
    assert team_figures(h.store, now=DAY0, pass_mark=60).members[0].average == 70


def test_the_queue_lists_disagreements_first_then_replies_nearest_the_pass_mark(h: History) -> None:
    h.practice("小美", "case-a", 58, day=0, mode="coach")  # 2 from 60
    far = h.practice("小美", "case-b", 80, day=0)  # far from the pass mark
    h.practice("阿強", "case-c", 63, day=0)  # 3 from 60
    exam = h.practice("阿強", "case-d", 30, day=1, mode="exam")
    h.practice("阿強", "case-d", 85, day=1, mode="coach")  # exam 30 vs coach 85: disagree
    h.practice("阿強", "case-e", 70, day=1, mode="exam")
    h.practice("阿強", "case-e", 75, day=1, mode="coach")  # close enough: no row
    queue = reviews.review_queue(h.store, 60)
    assert [(r.why, r.user, r.item_id) for r in queue] == [
        ("disagree", "阿強", "case-d"), ("near", "小美", "case-a"), ("near", "阿強", "case-c")]
    assert queue[0].session_id == exam and queue[0].gap == 55
    assert far not in {r.session_id for r in queue}


def test_a_reviewed_reply_leaves_the_queue_and_old_or_discarded_ones_are_not_listed(h: History) -> None:
    sid = h.practice("小美", "case-a", 58, day=0)
    h.practice("小美", "case-b", 59, day=0, status="discarded")
    old = h.practice("小美", "case-c", 61, day=0)
    h.store.user_id("小美")
    assert {r.session_id for r in reviews.review_queue(h.store, 60)} == {sid, old}
    reviews.comment_turn(h.store, sid, 0, "看過了", "王主管")
    since = (DAY0.replace(hour=9)).isoformat()
    assert reviews.review_queue(h.store, 60, since=since) == []
    assert [r.session_id for r in reviews.review_queue(h.store, 60)] == [old]


def test_candidates_are_not_in_the_queue(h: History) -> None:
    from trainer.store import access

    access.ensure_person(h.store, "應徵者", "candidate")
    h.practice("應徵者", "case-a", 60, day=0)
    assert reviews.review_queue(h.store, 60) == []


def test_the_xapi_export_reports_the_score_that_counts(h: History) -> None:
    from trainer.reports.xapi import statements

    sid = h.practice("小美", "case-a", 40, replies=2)
    reviews.override_turn(h.store, sid, 1, 80, "王主管", "其實答對了")
    found = list(statements(h.store))
    answered = [s["result"] for s in found if s["verb"]["id"].endswith("/answered")]
    assert [(r["score"]["raw"], r["success"]) for r in answered] == [(40.0, False), (80.0, True)]
    completed = next(s["result"] for s in found if s["verb"]["id"].endswith("/completed"))
    assert completed["score"]["raw"] == 60.0 and completed["success"] is True


def test_disagreements_take_at_most_half_of_the_queue(h: History) -> None:
    for item in ("case-x", "case-y"):
        h.practice("阿強", item, 20, day=0, mode="exam")
        h.practice("阿強", item, 90, day=0, mode="coach")
    h.practice("小美", "case-a", 61, day=0)
    assert [r.why for r in reviews.review_queue(h.store, 60, limit=2)] == ["disagree", "near"]
