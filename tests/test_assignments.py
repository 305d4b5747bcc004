"""Assignments, tracks and certificates on a real store (trainer.services.assignments / certificates).

Every status comes from sessions written through the store's public API with a
clock moved by hand, so each figure is known in advance: only attempts after
the assignment count, in its mode; a group reaches its trainees (also those who
join later) but not its managers; max attempts; overdue; a track's certificate.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.hostile import IDS, TEXTS
from tests.progress_helpers import History
from trainer.reports.certificate import statement
from trainer.reports.xapi import statements
from trainer.services import assignments as svc
from trainer.services import certificates as certs
from trainer.store import StoreError, groups
from trainer.store import assignments as rows
from trainer.store import certificates as cert_rows

CATALOG = svc.Catalog({"case-a": ("顏色不符", "售後/描述不符"), "case-b": ("發貨慢", "物流/發貨慢")},
                      {"screen-20min": "二十分鐘初篩"})


@pytest.fixture
def h(utc: None) -> History:
    h = History.open()
    for name in ("小明", "小美", "主管"):
        h.store.user_id(name)
    groups.add_group(h.store, "新人")
    for name in ("小明", "主管"):
        groups.join_group(h.store, "新人", name)
    with h.store._write() as conn:  # the manager holds the manager role only
        conn.execute("INSERT INTO user_roles (user_id, role) SELECT id, 'manager' FROM users WHERE name = '主管'")
    return h


def assign(h: History, words: list[str], to: str, *, due: str = "2026-11-08", rule: svc.Rule | None = None,
           by: str | None = None) -> int:
    return svc.create(h.store, CATALOG, words, to, due, rule or svc.Rule(60), by=by)[0]


def status_of(h: History, assignment_id: int, person: str) -> svc.Progress:
    row = rows.assignment(h.store, assignment_id)
    assert row is not None
    found = svc.progress(h.store, row, svc.today_of(h.store), [person])
    assert len(found) == 1, f"{person} is not reached by assignment {assignment_id}"
    return found[0]


def test_status_moves_from_not_started_to_in_progress_to_passed(h: History) -> None:
    h.practice("小明", "case-a", 90, day=0)  # before the assignment: does not count
    h.at(0.1)
    aid = assign(h, ["case-a"], "@新人", rule=svc.Rule(70, passes=2))
    assert status_of(h, aid, "小明").status == svc.NOT_STARTED
    h.practice("小明", "case-a", 50, day=1)
    p = status_of(h, aid, "小明")
    assert (p.status, p.attempts, p.passes, p.best) == (svc.IN_PROGRESS, 1, 0, 50)
    h.practice("小明", "case-a", 80, day=2)
    assert status_of(h, aid, "小明").status == svc.IN_PROGRESS
    h.practice("小明", "case-a", 75, day=3)
    p = status_of(h, aid, "小明")
    assert (p.status, p.attempts, p.passes, p.best) == (svc.PASSED, 3, 2, 80)
    assert svc.describe(p) == "指派「顏色不符」：通過 2/2 次，截止 11/08（已通過）"


def test_overdue_after_the_due_day_and_a_late_pass_still_passes(h: History) -> None:
    aid = assign(h, ["case-a"], "小明", due="2026-11-03")
    h.at(2.6)  # 2026-11-03 22:24 UTC: still the due day
    assert status_of(h, aid, "小明").status == svc.NOT_STARTED
    h.at(3.0)  # 2026-11-04
    assert status_of(h, aid, "小明").status == svc.OVERDUE
    h.practice("小明", "case-a", 40, day=3.1)
    assert status_of(h, aid, "小明").status == svc.OVERDUE
    h.practice("小明", "case-a", 90, day=3.2)
    assert status_of(h, aid, "小明").status == svc.PASSED


def test_max_attempts_used_up_is_failed_and_later_attempts_do_not_count(h: History) -> None:
    aid = assign(h, ["case-a"], "小明", rule=svc.Rule(60, passes=1, max_attempts=2))
    h.practice("小明", "case-a", 30, day=1)
    h.practice("小明", "case-a", 40, day=1.5)
    h.practice("小明", "case-a", 99, day=2)
    p = status_of(h, aid, "小明")
    assert (p.status, p.attempts, p.best) == (svc.FAILED, 2, 40)


def test_only_the_required_mode_counts(h: History) -> None:
    aid = assign(h, ["case-a"], "小明", rule=svc.Rule(60, mode="exam"))
    h.practice("小明", "case-a", 95, day=1, mode="coach")
    assert status_of(h, aid, "小明").status == svc.NOT_STARTED
    h.practice("小明", "case-a", 95, day=1.5, mode="exam")
    assert status_of(h, aid, "小明").status == svc.PASSED


def test_group_reaches_trainees_who_join_later_but_not_managers(h: History) -> None:
    aid = assign(h, ["case-a"], "@新人")
    row = rows.assignment(h.store, aid)
    assert row is not None
    assert [name for _id, name in rows.recipients(h.store, row)] == ["小明"]
    groups.join_group(h.store, "新人", "小美")
    assert [name for _id, name in rows.recipients(h.store, row)] == ["小明", "小美"]
    assert [p.assignment.id for p in svc.for_trainee(h.store, "小美", svc.today_of(h.store))] == [aid]
    assert svc.for_trainee(h.store, "主管", svc.today_of(h.store)) == []


def test_a_category_counts_its_sub_categories_and_nothing_else(h: History) -> None:
    aid = assign(h, ["category:售後"], "小明")
    h.practice("小明", "case-b", 99, day=1, category="物流/發貨慢")
    assert status_of(h, aid, "小明").status == svc.NOT_STARTED
    h.practice("小明", "case-a", 99, day=1.5, category="售後/描述不符")
    assert status_of(h, aid, "小明").status == svc.PASSED


def test_an_interview_set_counts_interviews_of_that_set(h: History) -> None:
    aid = assign(h, ["screen-20min"], "小明")
    row = rows.assignment(h.store, aid)
    assert row is not None and row.item_kind == "set"
    sid = h.store.start_session("小明", "interview", "screen-20min", item_title="初篩", category="面試")
    h.store.finish_session(sid, "completed", 80)
    assert status_of(h, aid, "小明").status == svc.PASSED


@pytest.mark.parametrize(("words", "to", "due", "rule", "by", "why"), [
    (["nope"], "小明", "2026-11-08", svc.Rule(60), None, "unknown item"),
    (["category:沒有"], "小明", "2026-11-08", svc.Rule(60), None, "no category"),
    (["case-a"], "@沒有這組", "2026-11-08", svc.Rule(60), None, "no group"),
    (["case-a"], "陌生人", "2026-11-08", svc.Rule(60), None, "no trainee"),
    (["case-a"], "小明", "2026-10-31", svc.Rule(60), None, "in the past"),
    (["case-a"], "小明", "2026-13-01", svc.Rule(60), None, "bad due date"),
    (["case-a"], "小明", "2026-11-08", svc.Rule(60, passes=3, max_attempts=2), None, "less than"),
    (["screen-20min"], "小明", "2026-11-08", svc.Rule(60, mode="exam"), None, "--mode"),
    (["case-a", "typing"], "小明", "2026-11-08", svc.Rule(60), None, "typing on its own"),
    (["case-a", "nope"], "小明", "2026-11-08", svc.Rule(60), None, "unknown item"),
])
def test_bad_requests_are_refused_and_write_nothing(h: History, words: list[str], to: str, due: str,
                                                    rule: svc.Rule, by: str | None, why: str) -> None:
    with pytest.raises(svc.AssignError, match=why):
        svc.create(h.store, CATALOG, words, to, due, rule, by=by)
    assert rows.assignments(h.store, removed=True) == []


def test_with_accounts_only_a_manager_may_assign(h: History) -> None:
    assert svc.may_manage(h.store, "小明")  # a laptop: nobody has a password yet
    with h.store._write() as conn:
        conn.execute("UPDATE users SET password_hash = 'x' WHERE name IN ('小明', '主管')")
    with pytest.raises(svc.AssignError, match="only a manager"):
        assign(h, ["case-a"], "小美", by="小明")
    with pytest.raises(svc.AssignError, match="only a manager"):
        assign(h, ["case-a"], "小美", by=None)
    assert rows.assignments(h.store) == []
    assert assign(h, ["case-a"], "小美", by="主管") > 0


def test_unassign_hides_it_and_a_second_time_is_refused(h: History) -> None:
    aid = assign(h, ["case-a"], "小明")
    assert svc.remove(h.store, aid, by=None).id == aid
    assert svc.for_trainee(h.store, "小明", svc.today_of(h.store)) == []
    with pytest.raises(svc.AssignError, match=f"no current assignment {aid}"):
        svc.remove(h.store, aid, by=None)


def test_for_trainee_lists_open_ones_first_by_due_day(h: History) -> None:
    late = assign(h, ["case-a"], "小明", due="2026-11-20")
    soon = assign(h, ["case-b"], "@新人", due="2026-11-05")
    done = assign(h, ["case-a"], "小明", due="2026-11-02", rule=svc.Rule(10))
    h.practice("小明", "case-a", 50, day=0.5)
    found = svc.for_trainee(h.store, "小明", date(2026, 11, 1))
    assert [(p.assignment.id, p.status) for p in found] == [
        (soon, svc.NOT_STARTED), (late, svc.IN_PROGRESS), (done, svc.PASSED)]


def test_a_track_is_certified_once_every_step_passes_typing_included(h: History) -> None:
    a = assign(h, ["case-a"], "@新人")
    t = svc.create(h.store, CATALOG, ["typing"], "@新人", "2026-11-08", svc.Rule(50), by=None)[0]
    certs.add(h.store, "新人第一週", [a, t], by=None)
    h.practice("小明", "case-a", 90, day=1)
    assert certs.check(h.store, "小明") == []
    sid = h.store.start_session("小明", "typing", "welcome", item_title="歡迎", category="打字")
    with h.store._write() as conn:  # the typing test's row, as interviews.record_typing writes it
        conn.execute("INSERT INTO typing_results (session_id, passage_id, cpm, accuracy, seconds, chars, errors,"
                     " completed, passed, pass_cpm, pass_accuracy) VALUES (?, 'welcome', 55, 98, 60, 55, 1, 1,"
                     " 0, 60, 95)", (sid,))
        conn.execute("UPDATE sessions SET status = 'finished', score = 55, finished_at = ? WHERE id = ?",
                     (h.store._now(), sid))
    assert certs.check(h.store, "小明") == ["新人第一週"]
    assert certs.check(h.store, "小明") == []  # issued once
    [cert] = cert_rows.certificates(h.store, "小明")
    assert [s["best"] for s in cert.figures["steps"]] == [90, 55]
    xapi = statement(cert, "https://x.invalid")
    assert xapi["verb"]["id"].endswith("/verbs/passed")
    assert xapi["object"]["id"] == "https://x.invalid/activities/track/%E6%96%B0%E4%BA%BA%E7%AC%AC%E4%B8%80%E9%80%B1"
    assert [s["verb"]["display"]["en-US"] for s in statements(h.store)].count("passed") == 1


def test_a_track_needs_current_assignments(h: History) -> None:
    with pytest.raises(svc.AssignError, match="no current assignment 99"):
        certs.add(h.store, "路徑", [99], by=None)
    with pytest.raises(StoreError):
        cert_rows.add_track(h.store, " ", [1])
    assert cert_rows.tracks(h.store) == []


def test_debrief_line_finds_the_assignments_a_session_counts_for(h: History) -> None:
    a = assign(h, ["case-a"], "小明", rule=svc.Rule(60, mode="exam"))
    assign(h, ["case-b"], "小明")
    h.practice("小明", "case-a", 70, day=0.5, mode="exam")
    found = svc.for_session(h.store, "小明", "practice", "case-a", "售後/描述不符", "exam", date(2026, 11, 1))
    assert [p.assignment.id for p in found] == [a]
    assert svc.for_session(h.store, "小明", "practice", "case-a", "售後/描述不符", "coach",
                           date(2026, 11, 1)) == []



@pytest.mark.parametrize("text", TEXTS, ids=IDS)
def test_reports_escape_and_neutralise_hostile_names(h: History, text: str) -> None:
    from html import escape

    from trainer.reports.assignments import render
    from trainer.reports.certificate import page

    h.store.user_id(text)
    groups.join_group(h.store, "新人", text)
    rows.add_assignments(h.store, [rows.NewAssignment("scenario", "case-a", text, None, "新人", "2026-11-08", 60)])
    found = svc.everyone(h.store, date(2026, 11, 1))
    html = render(found, "html")
    assert escape(text) in html and (text == escape(text) or text not in html)
    csv_text = render(found, "csv")
    assert not any(line.startswith(("=", "+", "-", "@")) for line in csv_text.splitlines())
    cert = cert_rows.CertificateRow(1, text, text, "2026-11-01T08:00:00.000+00:00", {"steps": [{"title": text}]})
    assert text == escape(text) or text not in page(cert)


def test_the_previous_version_gains_the_assignment_tables_and_keeps_its_rows(tmp_path: Path) -> None:
    import sqlite3

    from trainer.store import SCHEMA_VERSION, Store
    from trainer.store.schema import MIGRATIONS, migrate

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, str(path), MIGRATIONS[:SCHEMA_VERSION - 1])  # the file as the previous version left it
    conn.execute("INSERT INTO users (name, created_at) VALUES ('小明', '2026-11-01T00:00:00.000+00:00')")
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [n for _i, n in store.users()] == ["小明"]
        assert rows.assignments(store) == [] and cert_rows.tracks(store) == []
