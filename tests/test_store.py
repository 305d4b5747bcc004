"""The progress store in one process: the API on fresh databases, migrations, bad files.

Every test opens a fresh database (``":memory:"`` or a file under ``tmp_path``).
Opening bad files and migrations are in ``test_store_files.py``; the tests that
need other processes (kill, Ctrl+C, two writers, import hygiene) are in
``test_store_process.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from trainer.store import SCHEMA_VERSION, SessionRow, Store, StoreError, TurnRow
from trainer.store import rows as rows_module
from trainer.store.schema import MIGRATIONS

RESULT: dict[str, Any] = {
    "score": 72,
    "passed": True,
    "dimensions": {"coverage": 66.7, "similarity": 80.0, "tone": 90.0},
    "points": {
        "hit": [
            {"label": "道歉", "credit": 1.0, "phrase": "抱歉", "matched": "抱歉", "how": "exact"},
            {"label": "請拍照", "credit": 0.5, "phrase": "拍照", "matched": "拍個照", "how": "fuzzy"},
        ],
        "missed": ["給方案"],
    },
    "avoid": [],
    "closest_answer": "親，非常抱歉，麻煩您拍照給我看看，我們馬上為您處理。",
    "caps": [],
    "polite": ["親"],
    "rude": [],
    "feedback": "還差一點：給方案",
}


def make_turn(index: int = 0, **changes: Any) -> TurnRow:
    turn = TurnRow(
        index=index, node_id=f"n{index}", prompt="親？顏色跟圖片不一樣！", reply="親，抱歉，請拍個照給我看看",
        score=67.0, raw_score=72.0, passed=True, result=RESULT, mood_before=60, mood_after=50,
        latency=12.5, typing_seconds=9.0, cpm=86.7, hints=1, nudges=0, next_node=f"n{index + 1}",
    )
    return replace(turn, **changes)


class FakeClock:
    """A clock that moves one minute per reading, so ordering by time is exact."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    path = ":memory:" if request.param == "memory" else tmp_path / "progress.sqlite3"
    with Store.open(path, clock=FakeClock()) as opened:
        yield opened


# -- opening -------------------------------------------------------------------


def test_open_creates_folders_file_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "progress.sqlite3"
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        conn = store._conn
        assert conn is not None
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        history = conn.execute("SELECT version FROM schema_history").fetchall()
        assert [r[0] for r in history] == list(range(1, SCHEMA_VERSION + 1))
    assert path.is_file()


def test_reopen_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as store:
        store.set_setting("last_user", "小美")
    with Store.open(str(path)) as store:
        assert store.get_setting("last_user") == "小美"
        assert store.schema_version == SCHEMA_VERSION


def test_memory_databases_are_separate() -> None:
    with Store.open(":memory:") as a, Store.open(":memory:") as b:
        a.user_id("小美")
        assert b.users() == []


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "p.sqlite3")
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="closed"):
        store.users()


# -- users and settings ----------------------------------------------------------


def test_user_id_gets_or_creates(store: Store) -> None:
    first = store.user_id("小美")
    assert store.user_id("小美") == first
    assert store.user_id("  小美 ") == first  # surrounding spaces are not part of a name
    second = store.user_id("Amy")
    assert store.users() == sorted([(first, "小美"), (second, "Amy")], key=lambda u: u[1])


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_user_name_is_refused(store: Store, name: str) -> None:
    with pytest.raises(StoreError, match="empty"):
        store.user_id(name)


def test_settings(store: Store) -> None:
    assert store.get_setting("script") is None
    assert store.get_setting("script", "hant") == "hant"
    store.set_setting("script", "hans")
    store.set_setting("script", "hant")
    store.set_setting("last_user", "小美")
    assert (store.get_setting("script"), store.get_setting("last_user")) == ("hant", "小美")


# -- sessions and turns ------------------------------------------------------------


def test_start_session_round_trip(store: Store) -> None:
    sid = store.start_session(
        "小美", "practice", "case-colour-mismatch", mode="coach", seed=7, start_node="open",
        start_mood=40, item_title="顏色不符", category="售後", meta={"script": "hant", "n": [1, 2]},
    )
    row = store.session(sid)
    assert isinstance(row, SessionRow)
    assert (row.id, row.user, row.kind, row.item_id, row.item_title, row.category) == (
        sid, "小美", "practice", "case-colour-mismatch", "顏色不符", "售後")
    assert (row.mode, row.seed, row.start_node, row.start_mood) == ("coach", 7, "open", 40)
    assert (row.status, row.outcome, row.score, row.finished_at, row.turn_count) == (
        "open", None, None, None, 0)
    assert row.meta == {"script": "hant", "n": [1, 2]}
    assert row.started_at == "2026-11-01T08:02:00.000+00:00"  # clock read once for the user
    assert len(row.uid) == 36


def test_session_defaults(store: Store) -> None:
    row = store.session(store.start_session("Amy", "typing", "passage-1"))
    assert (row.mode, row.seed, row.start_node, row.start_mood, row.meta) == (None, 0, None, None, {})


@pytest.mark.parametrize(
    ("kind", "mode", "message"),
    [
        ("chat", None, "unknown session kind 'chat'"),
        ("practice", "coaching", "unknown session mode 'coaching'"),
    ],
)
def test_start_session_refuses_unknown_kind_or_mode(store: Store, kind: str, mode: str | None,
                                                      message: str) -> None:
    with pytest.raises(StoreError, match=message):
        store.start_session("小美", kind, "x", mode=mode)
    assert store.sessions("小美") == []


def test_record_turn_round_trip(store: Store) -> None:
    sid = store.start_session("小美", "practice", "case")
    sent = [make_turn(0), make_turn(1, typing_seconds=None, mood_before=None, mood_after=None,
                                    next_node=None, pasted=True, passed=False)]
    ids = [store.record_turn(sid, t) for t in sent]
    assert ids == sorted(ids) and len(set(ids)) == 2
    back = store.turns(sid)
    assert [replace(t, created_at="") for t in back] == sent
    assert all(t.created_at.endswith("+00:00") for t in back)
    assert store.session(sid).turn_count == 2


def test_record_turn_keeps_a_given_created_at(store: Store) -> None:
    sid = store.start_session("小美", "practice", "case")
    store.record_turn(sid, make_turn(0, created_at="2025-01-02T03:04:05.000+00:00"))
    assert store.turns(sid)[0].created_at == "2025-01-02T03:04:05.000+00:00"


def test_turns_come_back_in_index_order(store: Store) -> None:
    sid = store.start_session("小美", "practice", "case")
    for index in (2, 0, 1):
        store.record_turn(sid, make_turn(index))
    assert [t.index for t in store.turns(sid)] == [0, 1, 2]
    assert store.turns(999) == []


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (RESULT, [(0, "道歉", 1, 1.0), (1, "請拍照", 1, 0.5), (2, "給方案", 0, 0.0)]),
        ({"points": {"hit": [], "missed": ["道歉", "道歉"]}}, [(0, "道歉", 0, 0.0), (1, "道歉", 0, 0.0)]),
        ({"points": {"hit": ["道歉"], "missed": []}}, [(0, "道歉", 1, 1.0)]),
        ({"accuracy": 98.5, "errors": []}, []),  # a typing test has no key points
        ({}, []),
    ],
    ids=["full-result", "repeated-label", "bare-label", "typing", "empty"],
)
def test_record_turn_fills_turn_points(store: Store, result: dict[str, Any],
                                       expected: list[tuple[int, str, int, float]]) -> None:
    sid = store.start_session("小美", "practice", "case")
    turn_id = store.record_turn(sid, make_turn(0, result=result))
    assert store._conn is not None
    got = store._conn.execute(
        "SELECT pos, label, hit, credit FROM turn_points WHERE turn_id = ? ORDER BY pos", (turn_id,)
    ).fetchall()
    assert [tuple(r) for r in got] == expected


def test_duplicate_turn_is_refused_and_the_store_stays_usable(store: Store) -> None:
    sid = store.start_session("小美", "practice", "case")
    store.record_turn(sid, make_turn(0))
    with pytest.raises(StoreError, match="turn 0 of session .* is already recorded"):
        store.record_turn(sid, make_turn(0, reply="另一個"))
    store.record_turn(sid, make_turn(1))
    assert [t.reply for t in store.turns(sid)] == [make_turn(0).reply] * 2


@pytest.mark.parametrize(
    ("close", "message"),
    [
        ("finish", "cannot record a turn in session .*: it is finished"),
        ("discard", "cannot record a turn in session .*: it is discarded"),
        ("unknown", "no session"),
    ],
)
def test_record_turn_needs_an_open_session(store: Store, close: str, message: str) -> None:
    sid = store.start_session("小美", "practice", "case")
    if close == "finish":
        store.finish_session(sid, "resolved", 80)
    elif close == "discard":
        store.discard_session(sid)
    else:
        sid += 100
    with pytest.raises(StoreError, match=message):
        store.record_turn(sid, make_turn(0))


def test_finish_session(store: Store) -> None:
    sid = store.start_session("小美", "practice", "case")
    store.record_turn(sid, make_turn(0))
    store.finish_session(sid, "resolved", 67.5)
    row = store.session(sid)
    assert (row.status, row.outcome, row.score, row.turn_count) == ("finished", "resolved", 67.5, 1)
    assert row.finished_at is not None and row.finished_at > row.started_at
    with pytest.raises(StoreError, match="cannot finish session .*: it is finished"):
        store.finish_session(sid, "lost", 0)


def test_discard_keeps_rows_but_leaves_progress(store: Store) -> None:
    sid = store.start_session("小美", "practice", "case")
    store.record_turn(sid, make_turn(0))
    store.discard_session(sid)
    assert store.session(sid).status == "discarded"
    assert len(store.turns(sid)) == 1
    assert store.unfinished_sessions("小美") == []
    assert store.item_stats("小美") == {}
    with pytest.raises(StoreError, match="no session"):
        store.discard_session(sid + 100)


def test_unknown_session_is_an_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no session 42"):
        store.session(42)


def test_unfinished_sessions(store: Store) -> None:
    a = store.start_session("小美", "practice", "case-a")
    b = store.start_session("小美", "interview", "set-1")
    c = store.start_session("小美", "practice", "case-b")
    store.start_session("Amy", "practice", "case-a")
    done = store.start_session("小美", "practice", "case-c")
    store.finish_session(done, "lost", 10)
    assert [s.id for s in store.unfinished_sessions("小美")] == [c, b, a]
    assert [s.id for s in store.unfinished_sessions("小美", "practice")] == [c, a]
    assert store.unfinished_sessions("nobody") == []


def test_sessions_newest_first_with_filters(store: Store) -> None:
    ids = [store.start_session("小美", kind, f"item-{i}")
           for i, kind in enumerate(["practice", "typing", "practice", "practice"])]
    store.start_session("Amy", "practice", "item-x")
    store.finish_session(ids[0], "resolved", 90)
    assert [s.id for s in store.sessions("小美")] == ids[::-1]
    assert [s.id for s in store.sessions("小美", "practice")] == [ids[3], ids[2], ids[0]]
    assert [s.id for s in store.sessions("小美", limit=2)] == [ids[3], ids[2]]
    assert [s.id for s in store.sessions("小美", status="finished")] == [ids[0]]
    assert store.sessions("nobody") == []


def test_item_stats_best_last_attempts(store: Store) -> None:
    plays = [  # (user, kind, item, how it ended, score)
        ("小美", "practice", "a", "finish", 50.0),
        ("小美", "practice", "a", "finish", 90.0),
        ("小美", "practice", "a", "finish", 70.0),
        ("小美", "practice", "a", "discard", 100.0),
        ("小美", "practice", "a", "open", None),
        ("小美", "practice", "b", "finish", None),
        ("小美", "interview", "a", "finish", 10.0),
        ("Amy", "practice", "a", "finish", 99.0),
    ]
    for user, kind, item, end, score in plays:
        sid = store.start_session(user, kind, item)
        if end == "finish":
            store.finish_session(sid, "resolved", score)
        elif end == "discard":
            store.discard_session(sid)
    assert store.item_stats("小美") == {"a": (90.0, 70.0, 3), "b": (None, None, 1)}
    assert store.item_stats("小美", "interview") == {"a": (10.0, 10.0, 1)}
    assert store.item_stats("nobody") == {}


def test_store_works_from_another_thread(store: Store) -> None:
    sid = store.start_session("小美", "practice", "case")
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            store.record_turn(sid, make_turn(0))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert errors == [] and len(store.turns(sid)) == 1


def test_two_stores_on_one_file_see_each_others_commits(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as a, Store.open(path) as b:
        sid = a.start_session("小美", "practice", "case")
        a.record_turn(sid, make_turn(0))
        assert len(b.turns(sid)) == 1
        b.record_turn(sid, make_turn(1))
        assert [t.index for t in a.turns(sid)] == [0, 1]


# -- Ctrl+C ------------------------------------------------------------------------


def test_ctrl_c_between_turns_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with pytest.raises(KeyboardInterrupt):
        with Store.open(path) as store:
            sid = store.start_session("小美", "practice", "case")
            for index in range(3):
                store.record_turn(sid, make_turn(index))
            raise KeyboardInterrupt
    with Store.open(path) as store:
        assert [t.index for t in store.turns(sid)] == [0, 1, 2]
        assert [s.id for s in store.unfinished_sessions("小美")] == [sid]


def test_ctrl_c_inside_record_turn_leaves_no_half_turn(store: Store,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    sid = store.start_session("小美", "practice", "case")
    store.record_turn(sid, make_turn(0))

    def interrupted(*_: Any) -> list[Any]:
        raise KeyboardInterrupt

    # The interrupt lands after the turn row is inserted, before its points are.
    monkeypatch.setattr("trainer.store.store.point_rows", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.record_turn(sid, make_turn(1))
    monkeypatch.setattr("trainer.store.store.point_rows", rows_module.point_rows)
    assert [t.index for t in store.turns(sid)] == [0]
    store.record_turn(sid, make_turn(1))  # the connection is not stuck in a transaction
    assert [t.index for t in store.turns(sid)] == [0, 1]


def test_a_result_that_is_not_json_is_refused_cleanly(store: Store) -> None:
    sid = store.start_session("小美", "practice", "case")
    with pytest.raises(StoreError, match="turn 0 of session .* cannot be stored"):
        store.record_turn(sid, make_turn(0, result={"points": {1, 2}}))
    store.record_turn(sid, make_turn(0))
    assert len(store.turns(sid)) == 1
