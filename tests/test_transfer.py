"""``export json`` / ``import json`` (trainer.store.transfer): a history moves between machines without loss."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.progress_helpers import History, turn
from trainer.store import Store, StoreError
from trainer.store.transfer import (
    FORMAT,
    HistoryProblems,
    check_history,
    cmd_export_json,
    cmd_import_json,
    export_history,
    import_history,
)

# Tables a later migration might add, hanging off sessions and turns: they must travel too.
LINKED = """CREATE TABLE review_notes (
    id INTEGER PRIMARY KEY,
    turn_id INTEGER REFERENCES turns(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    note TEXT NOT NULL)"""
# … including one whose primary key is the session it belongs to, with a second, optional link.
KEYED = """CREATE TABLE session_extras (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    about_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    value REAL NOT NULL)"""


def same(doc: dict[str, Any]) -> dict[str, Any]:
    """The document without the one field that differs between exports: when it was made."""
    return {k: v for k, v in doc.items() if k != "exported_at"}


def sample(h: History) -> History:
    h.practice("小美", "case-a", 80, day=0, hit=("道歉",), missed=("拍照",), replies=3, title="顏色不符")
    h.practice("小美", "case-b", 30, day=1, status="open", mode="exam")
    h.practice("小美", "case-c", 55, day=2, status="discarded")
    h.interview("小美", [("iv-a", 70, ("耐心",)), ("iv-a#follow-up-1", 40, ())], day=3)
    h.practice("阿強", "case-a", 95, day=1)
    h.store.user_id("新人")
    return h


def test_export_import_export_is_lossless(tmp_path: Path) -> None:
    source = sample(History.open(tmp_path / "a.sqlite3"))
    doc = export_history(source.store)
    target = Store.open(tmp_path / "b.sqlite3")
    assert import_history(target, json.loads(json.dumps(doc, ensure_ascii=False))) == (5, 8, 0)
    assert same(export_history(target)) == same(doc)
    assert [t.result for t in target.turns(1)] == [t.result for t in source.store.turns(1)]
    assert target.item_stats("小美") == source.store.item_stats("小美")
    assert target.unfinished_sessions("小美")[0].mode == "exam"  # still resumable on the new machine


def test_importing_twice_adds_nothing() -> None:
    doc = export_history(sample(History.open()).store)
    target = Store.open(":memory:")
    import_history(target, doc)
    assert import_history(target, doc) == (0, 0, 5)
    assert same(export_history(target)) == same(doc)


def test_key_points_are_rebuilt_for_the_progress_figures() -> None:
    from trainer.store.progress import most_missed

    source = sample(History.open())
    target = Store.open(":memory:")
    import_history(target, export_history(source.store))
    assert most_missed(target, "小美") == most_missed(source.store, "小美")


def test_one_persons_history() -> None:
    doc = export_history(sample(History.open()).store, "阿強")
    assert [u["name"] for u in doc["users"]] == ["阿強"]
    with pytest.raises(StoreError, match="no trainee called '路人'"):
        export_history(History.open().store, "路人")


def test_rows_of_linked_tables_travel_with_their_sessions(tmp_path: Path) -> None:
    source = sample(History.open(tmp_path / "a.sqlite3"))
    with source.store._write() as conn:
        conn.execute(LINKED)
        conn.execute("INSERT INTO review_notes (turn_id, session_id, note) VALUES (2, 1, '第二句很好')")
        conn.execute("INSERT INTO review_notes (turn_id, session_id, note) VALUES (NULL, 4, '面試整體')")
    doc = export_history(source.store)
    assert doc["tables"]["review_notes"][0] == {"turn_id": {"$turn": [doc["users"][0]["sessions"][0]["uid"], 1]},
                                                "session_id": {"$session": doc["users"][0]["sessions"][0]["uid"]},
                                                "note": "第二句很好"}
    target = Store.open(tmp_path / "b.sqlite3")
    with target._write() as conn:
        conn.execute(LINKED)
    import_history(target, doc)
    import_history(target, doc)  # nothing doubles
    with target._read() as conn:
        rows = conn.execute("SELECT s.uid, t.idx, n.note FROM review_notes n JOIN sessions s ON s.id = n.session_id"
                            " LEFT JOIN turns t ON t.id = n.turn_id ORDER BY n.id").fetchall()
    assert [tuple(r) for r in rows] == [(doc["users"][0]["sessions"][0]["uid"], 1, "第二句很好"),
                                        (doc["users"][0]["sessions"][3]["uid"], None, "面試整體")]
    assert same(export_history(target)) == same(doc)


def test_a_table_keyed_by_its_session_travels(tmp_path: Path) -> None:
    source = sample(History.open(tmp_path / "a.sqlite3"))
    with source.store._write() as conn:
        conn.execute(KEYED)
        conn.execute("INSERT INTO session_extras VALUES (5, 4, 0.5)")  # 阿強's practice, about 小美's interview
        conn.execute("INSERT INTO session_extras VALUES (1, NULL, 0.25)")
    doc = export_history(source.store, "阿強")  # 小美's sessions stay behind: the link to them is dropped
    assert doc["tables"]["session_extras"] == [{"session_id": {"$session": doc["users"][0]["sessions"][0]["uid"]},
                                                "about_id": {"$session": None}, "value": 0.5}]
    target = Store.open(tmp_path / "b.sqlite3")
    with target._write() as conn:
        conn.execute(KEYED)
    import_history(target, export_history(source.store))
    with target._read() as conn:
        rows = conn.execute("SELECT s.item_id, a.kind, e.value FROM session_extras e JOIN sessions s"
                            " ON s.id = e.session_id LEFT JOIN sessions a ON a.id = e.about_id ORDER BY e.value")
        assert [tuple(r) for r in rows] == [("case-a", None, 0.25), ("case-a", "interview", 0.5)]


def test_a_table_this_database_lacks_is_refused_whole() -> None:
    doc = export_history(sample(History.open()).store)
    doc["tables"] = {"future_table": [{"session_id": {"$session": "x"}}]}
    target = Store.open(":memory:")
    with pytest.raises(StoreError, match="future_table"):
        import_history(target, doc)
    assert target.users() == []  # all or nothing


@pytest.mark.parametrize(("change", "problem"), [
    (lambda d: d.update(format="something-else"), "not a trainer history file"),
    (lambda d: d.update(version=9), "history format version 9"),
    (lambda d: d.update(users={}), "`users` must be a list"),
    (lambda d: d["users"][0].update(name=" "), "users[0].name: must not be empty"),
    (lambda d: d["users"][0]["sessions"][0].pop("uid"), "users[0].sessions[0]: missing `uid`"),
    (lambda d: d["users"][0]["sessions"][0].update(kind="karaoke"),
     "users[0].sessions[0].kind: must be one of 'practice', 'interview', 'typing', got 'karaoke'"),
    (lambda d: d["users"][0]["sessions"][0]["turns"][2].pop("reply"), "users[0].sessions[0].turns[2]: missing `reply`"),
])
def test_problems_in_the_file_are_listed(change: Any, problem: str) -> None:
    doc = export_history(sample(History.open()).store)
    change(doc)
    assert any(problem in p for p in check_history(doc)), check_history(doc)
    target = Store.open(":memory:")
    with pytest.raises(HistoryProblems, match=problem.replace("[", r"\[").replace("]", r"\]")):
        import_history(target, doc)
    assert target.users() == []


def test_every_problem_is_reported_not_just_the_first() -> None:
    doc = export_history(sample(History.open()).store)
    for session in doc["users"][0]["sessions"]:
        session.pop("started_at")
    assert len(check_history(doc)) == 4


def test_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = sample(History.open())
    out = tmp_path / "out" / "history.json"
    assert cmd_export_json(source.store, None, out) == 0
    assert "wrote 3 people, 5 sessions" in capsys.readouterr().err
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == FORMAT
    target = Store.open(tmp_path / "b.sqlite3")
    assert cmd_import_json(target, out) == 0
    assert "imported 5 sessions (8 replies)" in capsys.readouterr().err
    assert cmd_import_json(target, out) == 0
    assert "5 already here, skipped" in capsys.readouterr().err
    assert cmd_export_json(source.store, "小美", None) == 0
    assert json.loads(capsys.readouterr().out)["users"][0]["name"] == "小美"


@pytest.mark.parametrize(("content", "code", "message"), [
    (None, 2, "no such file"),
    (b"\xff\xfe not json", 1, "is not a JSON history file"),
    (b'{"format": "x"}', 1, "not a trainer history file"),
])
def test_import_errors_are_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None,
                                 code: int, message: str) -> None:
    path = tmp_path / "in.json"
    if content is not None:
        path.write_bytes(content)
    assert cmd_import_json(Store.open(":memory:"), path) == code
    err = capsys.readouterr().err
    assert err.startswith("trainer: error: ") and message in err and "Traceback" not in err


def test_export_of_an_unknown_person_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_export_json(Store.open(":memory:"), "路人", None) == 2
    assert "no trainee called '路人'" in capsys.readouterr().err


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(replies=st.lists(st.tuples(TEXT, st.floats(0, 100), st.booleans()), min_size=1, max_size=5),
       name=TEXT.filter(lambda s: s.strip() != ""), title=TEXT)
def test_any_text_survives_the_round_trip(replies: list[tuple[str, float, bool]], name: str, title: str) -> None:
    h = History.open()
    sid = h.store.start_session(name, "practice", "item", item_title=title, meta={"備註": title, "n": 1})
    for index, (reply, score, pasted) in enumerate(replies):
        row = turn(index, score, reply=reply, missed=(reply[:5] or "x",))
        h.store.record_turn(sid, row.__class__(**{**row.__dict__, "pasted": pasted}))
    h.store.finish_session(sid, None, replies[0][1])
    doc = export_history(h.store)
    target = Store.open(":memory:")
    import_history(target, json.loads(json.dumps(doc, ensure_ascii=False)))
    assert same(export_history(target)) == same(doc)


def test_a_candidate_stays_a_candidate_across_machines() -> None:
    from trainer.store import access

    h = History.open()
    h.interview("應徵者", [("iv-a", 70, ("耐心",))], day=0)
    h.practice("阿強", "case-a", 95, day=1)
    access.ensure_person(h.store, "另一位應徵者", access.CANDIDATE)
    doc = export_history(h.store)
    target = Store.open(":memory:")
    import_history(target, doc)
    assert access.kind_of(target, "另一位應徵者") == access.CANDIDATE
    assert access.kind_of(target, "阿強") == access.TRAINEE


@pytest.mark.parametrize(("sessions", "kind"), [
    ("interview only", "candidate"),
    ("practice too", "trainee"),
])
def test_a_file_from_before_kinds_infers_them_like_the_migration(sessions: str, kind: str) -> None:
    from trainer.store import access

    h = History.open()
    h.interview("某人", [("iv-a", 70, ("耐心",))], day=0)
    if sessions == "practice too":
        h.practice("某人", "case-a", 80, day=1)
    doc = export_history(h.store)
    for person in doc["users"]:
        del person["kind"]  # as written by a trainer from before schema 3
    target = Store.open(":memory:")
    import_history(target, doc)
    assert access.kind_of(target, "某人") == kind


def test_an_unknown_kind_is_refused() -> None:
    doc = export_history(sample(History.open()).store)
    doc["users"][0]["kind"] = "admin"
    assert any("kind" in p for p in check_history(doc))
