"""The store contract: every backend (SQLite in memory, a SQLite file, PostgreSQL) behaves the same.

Each test runs once per backend (``store_spec``, tests/backends.py). Figures
computed on a backend are compared with the same history written to SQLite in
memory in the same test, and a few of them with numbers known in advance, so
a backend that drifts (a NULL sorted first, an integer average, a day shifted
by the time zone) fails here. The processes-and-files side of the contract is in
tests/test_store_contract_process.py.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.progress_helpers import DAY0, History, turn
from trainer.reports.figures import team_figures, user_figures
from trainer.reports.team import render_team
from trainer.store import SCHEMA_VERSION, Store, StoreError, StoreProtocol
from trainer.store import groups as g
from trainer.store import interviews as iv
from trainer.store import progress as q
from trainer.store.access import ensure_person, kind_of, trainees
from trainer.store.transfer import export_history, import_history

NOW = DAY0 + timedelta(days=20)


def history(spec: str) -> History:
    """A small team: two trainees practising over three weeks, a candidate's interview, a typing test."""
    h = History.open(spec)
    h.practice("小美", "case-colour", 55, day=0, missed=("拍照", "道歉"), replies=2, title="顏色不符")
    h.practice("小美", "case-colour", 82, day=1.5, hit=("拍照", "道歉"), title="顏色不符")
    h.practice("小美", "case-late", 40, day=3, missed=("查物流",), title="物流延誤", category="物流")
    h.practice("小美", "case-late", 70, day=9, status="open", title="物流延誤")
    h.practice("阿明", "case-colour", 91, day=2, hit=("拍照",), missed=("道歉",), title="顏色不符")
    h.practice("阿明", "case-refund", 30, day=15.7, missed=("退款時效",), status="discarded")
    h.practice("阿明", "case-refund", 64, day=16, missed=("退款時效",), title="退款")
    ensure_person(h.store, "王候選", "candidate")
    h.interview("王候選", [("q1", 70, ("同理心",)), ("q1#follow-up-1", 50, ()), ("q2.f1", 60, ()),
                         ("q2", 80, ())], day=4)
    h.interview("小美", [("q1", 65, ("同理心",)), ("q3", 45, ("流程",))], day=5)
    return h


def same(value: Any) -> Any:
    """``value`` without what differs by nature: random session uids, float noise (SQLite's julianday)."""
    if isinstance(value, dict):
        return {k: same(v) for k, v in value.items() if k != "uid"}
    if isinstance(value, list | tuple) and not hasattr(value, "_fields"):
        return type(value)(same(v) for v in value) if isinstance(value, list) else tuple(same(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return same(asdict(value))
    if hasattr(value, "_fields"):
        return same(value._asdict())
    if isinstance(value, datetime):  # julianday is a few microseconds off; PostgreSQL's epoch is exact
        return value.replace(microsecond=0) + timedelta(milliseconds=round(value.microsecond / 1000))
    return round(value, 4) if isinstance(value, float) else value


def figures(store: Store) -> dict[str, Any]:
    """Everything the progress screen, the team view and the reports read, in comparable form."""
    out: dict[str, Any] = {}
    for user in ("小美", "阿明", "王候選"):
        out[f"totals {user}"] = q.totals(store, user)
        out[f"days {user}"] = q.days(store, user, offset_minutes=480)
        out[f"days utc {user}"] = q.days(store, user, since="2026-11-03")
        out[f"attempts {user}"] = sorted(q.attempts(store, user))
        out[f"missed {user}"] = q.most_missed(store, user)
        out[f"stats {user}"] = store.item_stats(user)
        out[f"sessions {user}"] = store.sessions(user)
    out["weeks"] = q.weeks(store, offset_minutes=480)
    out["weeks utc"] = q.weeks(store, offset_minutes=-300, since="2026-11-02")
    out["members"] = q.members(store)
    out["missed by user"] = q.missed_by_user(store, since="2026-11-01", per_user=2)
    out["team attempts"] = {k: sorted(tuple(r) for r in v) for k, v in q.team_attempts(store).items()}
    out["labels"] = q.item_labels(store, [("practice", "case-late"), ("question", "q1")])
    out["names"] = q.user_names(store)
    out["trainees"] = trainees(store)
    out["users"] = store.users()
    return out


def test_both_backends_satisfy_the_protocol(store_spec: str) -> None:
    with Store.open(store_spec) as store:
        assert isinstance(store, StoreProtocol)
        assert store.schema_version == SCHEMA_VERSION


def test_sessions_and_turns(store_spec: str) -> None:
    with Store.open(store_spec) as store:
        sid = store.start_session(" 小美 ", "practice", "case-colour", mode="coach", seed=7, start_node="open",
                                  start_mood=60, item_title="顏色不符", category="售後", meta={"來源": "測試", "n": 1})
        first, second = turn(0, 75.5, hit=("道歉",), missed=("拍照",)), turn(1, 40, node="photo")
        ids = [store.record_turn(sid, first), store.record_turn(sid, second)]
        assert ids[0] < ids[1]
        with pytest.raises(StoreError, match="already recorded"):
            store.record_turn(sid, first)
        assert [t.index for t in store.turns(sid)] == [0, 1]
        got = store.turns(sid)[0]
        assert (got.reply, got.score, got.passed, got.result, got.typing_seconds) == (
            first.reply, 75.5, True, first.result, 9.0)
        assert [s.id for s in store.unfinished_sessions("小美")] == [sid]
        store.finish_session(sid, "resolved", 57.75)
        session = store.session(sid)
        assert (session.status, session.score, session.turn_count, session.meta) == (
            "finished", 57.75, 2, {"來源": "測試", "n": 1})
        with pytest.raises(StoreError, match="finished"):
            store.record_turn(sid, turn(2, 50))
        other = store.start_session("小美", "practice", "case-late")
        store.discard_session(other)
        assert [s.status for s in store.sessions("小美")] == ["discarded", "finished"]
        assert store.sessions("小美", limit=1)[0].id == other
        assert store.item_stats("小美") == {"case-colour": (57.75, 57.75, 1)}
        with pytest.raises(StoreError, match="no session 999"):
            store.session(999)


def test_people_and_settings(store_spec: str) -> None:
    with Store.open(store_spec) as store:
        assert store.user_id("小美") == store.user_id(" 小美")
        with pytest.raises(StoreError, match="empty"):
            store.user_id("  ")
        assert ensure_person(store, "王候選", "candidate") == "candidate"
        assert ensure_person(store, "小美", "candidate") == "trainee"  # an existing kind stays
        assert (kind_of(store, "王候選"), kind_of(store, "無名")) == ("candidate", None)
        assert [name for _, name in store.users()] == ["小美", "王候選"]
        assert store.get_setting("script", "hant") == "hant"
        store.set_setting("script", "hans")
        store.set_setting("script", "100% 'quoted' ?")
        assert store.get_setting("script") == "100% 'quoted' ?"


def test_interviews_overrides_notes_decisions_typing(store_spec: str) -> None:
    with Store.open(store_spec) as store:
        sid = store.start_session("王候選", "interview", "screen-classic", item_title="經典八問")
        store.record_turn(sid, turn(0, 70, node="q1"))
        iv.add_override(store, sid, 0, 85, "面試官", "答得好")
        iv.add_override(store, sid, 0, 80, "面試官")
        iv.add_note(store, sid, 0, "語氣親切", "面試官")
        iv.decide(store, sid, "待定", "再看看", "面試官")
        iv.decide(store, sid, "錄用", "", "主管")
        with pytest.raises(StoreError):
            iv.add_override(store, sid, 5, 50, "面試官")
        with pytest.raises(StoreError):
            iv.decide(store, sid, "也許", "", "面試官")
        typing = store.start_session("王候選", "typing", "passage-1")
        iv.record_typing(store, typing, turn(0, 0), {"passage": "passage-1", "cpm": 95.5, "accuracy": 0.97,
                         "seconds": 60.0, "chars": 96, "errors": 3, "completed": True, "passed": True,
                         "flags": ["pasted"]}, 80, 0.95, interview_id=sid)
        review = iv.review(store, sid)
        assert [o.score for o in review.overrides[0]] == [85, 80] and review.override(0).score == 80
        assert review.notes[0][0].note == "語氣親切"
        assert review.decision is not None and review.decision.decision == "錄用"
        assert [(t.cpm, t.passed, t.flags, t.interview_id) for t in review.typing] == [(95.5, True, ("pasted",), sid)]
        listed = iv.interviews(store)
        assert [(s.id, d.decision if d else None) for s, d in listed] == [(sid, "錄用")]
        assert store.session(typing).status == "finished"
        assert iv.typing_results(store, "王候選")[0].session_id == typing


def test_passphrase_is_kept_hashed(store_spec: str) -> None:
    with Store.open(store_spec) as store:
        iv.set_passphrase(store, "店長密碼 1234")
        assert iv.check_passphrase(store, "店長密碼 1234") and not iv.check_passphrase(store, "錯")
        assert "1234" not in (store.get_setting(iv.PASSPHRASE_KEY) or "")


def test_groups(store_spec: str) -> None:
    with Store.open(store_spec) as store:
        for name in ("小美", "阿明"):
            store.user_id(name)
        assert g.add_group(store, "新人一組") == g.add_group(store, " 新人一組 ")
        g.add_group(store, "售後組")
        g.join_group(store, "新人一組", "小美")
        g.join_group(store, "新人一組", "小美")
        g.join_group(store, "新人一組", "阿明")
        g.join_group(store, "售後組", "小美")
        assert g.groups(store) == sorted(["新人一組", "售後組"])
        assert g.members(store, "新人一組") == sorted(["小美", "阿明"])
        g.leave_group(store, "新人一組", "阿明")
        assert g.groups_of(store, "小美") == sorted(["新人一組", "售後組"]) and g.groups_of(store, "阿明") == []
        with pytest.raises(StoreError):
            g.join_group(store, "沒有這組", "小美")


def test_progress_queries_match_sqlite_in_memory(store_spec: str) -> None:
    h, reference = history(store_spec), history(":memory:")
    got, want = figures(h.store), figures(reference.store)
    for key in want:
        assert same(got[key]) == same(want[key]), key
    # and a few figures known in advance, so the reference itself is checked
    totals = got["totals 小美"]
    assert (totals.sessions, totals.replies, totals.open_sessions) == (4, 6, 1)
    assert totals.by_kind == {"practice": 3, "interview": 1}
    assert got["weeks"][0].day.isoformat() == "2026-10-26"  # DAY0 is a Sunday: its week's Monday
    assert [d.day.isoformat() for d in got["days 小美"]][:2] == ["2026-11-01", "2026-11-03"]  # 20:00 UTC is 04:00 at +8
    assert [m.user for m in got["members"]] == sorted(["小美", "阿明"])  # no candidate
    assert [a.item_id for a in got["attempts 王候選"]] == []  # candidates have no spaced practice
    assert {a.item_id for a in q.attempts(h.store, "小美") if a.kind == "question"} == {"q1", "q3"}
    assert isinstance(got["days 小美"][0].average, float) and isinstance(totals.replies, int)
    h.store.close()
    reference.store.close()


def test_reports_match_sqlite_in_memory(store_spec: str) -> None:
    h, reference = history(store_spec), history(":memory:")
    team, want = (team_figures(x.store, now=NOW, tz=UTC) for x in (h, reference))
    assert same(team) == same(want)
    assert [m.user for m in team.members] == sorted(["小美", "阿明"])
    for fmt in ("md", "csv", "html"):
        assert render_team(team, fmt) == render_team(want, fmt)
    assert same(user_figures(h.store, "小美", now=NOW, tz=UTC)) == same(
        user_figures(reference.store, "小美", now=NOW, tz=UTC))
    h.store.close()
    reference.store.close()


def _portable(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def test_export_import_round_trip_within_a_backend(store_spec: str, tmp_path: Any) -> None:
    h = history(store_spec)
    iv.add_note(h.store, h.store.sessions("王候選")[0].id, 0, "備註", "面試官")
    doc = export_history(h.store)
    assert len(doc["users"]) == 3 and "turn_notes" in doc["tables"]
    with Store.open(":memory:") as other:
        assert import_history(other, doc) == (9, 14, 0)
        assert import_history(other, doc) == (0, 0, 9)  # importing again adds nothing
        assert _portable(export_history(other)) == _portable(doc)
    h.store.close()


def test_interview_report_and_xapi_match_sqlite_in_memory(store_spec: str) -> None:
    from trainer.reports import interview as report
    from trainer.reports.xapi import statements

    h, reference = history(store_spec), history(":memory:")
    for x in (h, reference):
        sid = x.store.sessions("王候選")[0].id
        iv.add_override(x.store, sid, 0, 90, "面試官", "很好")
        iv.decide(x.store, sid, "錄用", "", "主管")
    texts = []
    for x in (h, reference):
        session = x.store.sessions("王候選")[0]
        texts += [report.render(report.build(x.store, None, session.id), fmt).replace(session.uid, "UID")
                  for fmt in ("md", "html")]
    assert texts[:2] == texts[2:] and "錄用" in texts[0]

    def summary(store: Store) -> list[tuple[Any, ...]]:
        return sorted((s["verb"]["id"], s["actor"]["name"], str(s.get("result", {}).get("score")))
                      for s in statements(store))

    assert summary(h.store) == summary(reference.store) and len(summary(h.store)) == 19
    h.store.close()
    reference.store.close()


def test_assignments_on_every_backend(store_spec: str, utc: None) -> None:
    from tests.test_assignments import CATALOG, status_of
    from trainer.services import assignments as svc

    h = History.open(store_spec)
    h.store.user_id("小明")
    g.add_group(h.store, "新人")
    g.join_group(h.store, "新人", "小明")
    h.at(0.1)
    aid = svc.create(h.store, CATALOG, ["case-a"], "@新人", "2026-11-08", svc.Rule(70, passes=2), by=None)[0]
    assert status_of(h, aid, "小明").status == svc.NOT_STARTED
    for day, score in ((1, 50), (2, 80), (3, 75)):
        h.practice("小明", "case-a", score, day=day)
    p = status_of(h, aid, "小明")
    assert (p.status, p.attempts, p.passes, p.best) == (svc.PASSED, 3, 2, 80)
    h.store.close()
