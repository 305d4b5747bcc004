"""Schema version 2 and ``trainer.store.interviews``: the passphrase hash, overrides beside the
automatic score, notes, decisions, typing results, the list of interviews, and the migration."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from trainer.store import Store, StoreError, TurnRow
from trainer.store import interviews as records
from trainer.store.schema import MIGRATIONS, migrate

TYPING: dict[str, Any] = {"passage": "welcome", "seconds": 70.0, "chars": 70, "correct": 69, "errors": 1,
                          "reached": 70, "length": 70, "cpm": 59.1, "accuracy": 98.6, "completed": True,
                          "flags": [], "passed": False, "marks": [["ok", "親", "親"]]}


@pytest.fixture()
def store() -> Iterator[Store]:
    with Store.open(":memory:") as s:
        yield s


def turn(index: int, score: float = 70) -> TurnRow:
    return TurnRow(index=index, node_id=f"q{index}", prompt="問題", reply="回答", score=score, raw_score=score,
                   passed=score >= 60, result={"score": score, "points": {"hit": [], "missed": ["耐心"]}},
                   mood_before=None, mood_after=None, latency=30, typing_seconds=25, cpm=80, hints=0,
                   nudges=0, next_node=None)


def interview(store: Store, name: str = "陳小華", answers: int = 2) -> int:
    sid = store.start_session(name, "interview", "screen-classic", item_title="經典八問")
    for i in range(answers):
        store.record_turn(sid, turn(i))
    return sid


# --- the passphrase --------------------------------------------------------------------------


def test_passphrase_is_stored_only_as_a_salted_hash(store: Store) -> None:
    assert not records.has_passphrase(store) and not records.check_passphrase(store, "anything")
    records.set_passphrase(store, "ms-wang-2026")
    stored = store.get_setting(records.PASSPHRASE_KEY) or ""
    assert "ms-wang-2026" not in stored and stored.startswith("scrypt$16384$8$1$")
    assert records.check_passphrase(store, "ms-wang-2026")
    assert not records.check_passphrase(store, "ms-wang-2027")
    assert not records.check_passphrase(store, "")
    records.set_passphrase(store, "ms-wang-2026")  # the same passphrase again: a new salt
    assert store.get_setting(records.PASSPHRASE_KEY) != stored
    with pytest.raises(StoreError):
        records.set_passphrase(store, "")


def test_a_pbkdf2_hash_is_read_too(store: Store) -> None:
    store.set_setting(records.PASSPHRASE_KEY, records._hash("abcdef", b"salt" * 4, "pbkdf2_sha256$1000$00$00"))
    assert records.check_passphrase(store, "abcdef") and not records.check_passphrase(store, "abcdeg")
    store.set_setting(records.PASSPHRASE_KEY, "garbage")
    assert not records.check_passphrase(store, "abcdef")


# --- the interviewer's rows beside the automatic ones ----------------------------------------


def test_overrides_are_kept_beside_the_automatic_score_with_who_and_when(store: Store) -> None:
    sid = interview(store)
    records.add_override(store, sid, 1, 85, "王經理", "講得很具體")
    records.add_override(store, sid, 1, 80, "李主管")
    review = records.review(store, sid)
    assert store.turns(sid)[1].score == 70  # never replaced
    latest = review.override(1)
    assert latest is not None and (latest.score, latest.reviewer, latest.reason) == (80, "李主管", "")
    assert [o.score for o in review.overrides[1]] == [85, 80] and review.override(0) is None
    assert latest.at.startswith("20")
    with pytest.raises(StoreError, match="between 0 and 100"):
        records.add_override(store, sid, 0, 101, "王經理")
    with pytest.raises(StoreError, match="no answer 5"):
        records.add_override(store, sid, 5, 50, "王經理")
    with pytest.raises(StoreError, match="name"):
        records.add_override(store, sid, 0, 50, "  ")


def test_notes_and_decisions(store: Store) -> None:
    sid = interview(store)
    records.add_note(store, sid, 0, "  表達清楚  ", "王經理")
    records.decide(store, sid, "待定", "打字再測一次", "王經理")
    records.decide(store, sid, "錄用", "", "李主管")
    review = records.review(store, sid)
    assert [(n.index, n.note) for n in review.notes[0]] == [(0, "表達清楚")]
    assert review.decision is not None and (review.decision.decision, review.decision.reviewer) == ("錄用", "李主管")
    assert [d.decision for d in review.decisions] == ["待定", "錄用"]
    with pytest.raises(StoreError, match="unknown decision"):
        records.decide(store, sid, "也許", "", "王經理")
    practice = store.start_session("小明", "practice", "case")
    with pytest.raises(StoreError, match="not an interview"):
        records.decide(store, practice, "錄用", "", "王經理")


def test_interviews_lists_every_candidate_with_the_latest_decision(store: Store) -> None:
    first, second, gone = interview(store, "甲"), interview(store, "乙"), interview(store, "丙")
    store.discard_session(gone)
    store.start_session("小明", "practice", "case")
    records.decide(store, first, "不錄用", "", "王經理")
    listed = records.interviews(store)
    assert [(row.id, d.decision if d else None) for row, d in listed] == [(second, None), (first, "不錄用")]


# --- typing results --------------------------------------------------------------------------


def typing_session(store: Store, user: str, interview_id: int | None = None, **changes: Any) -> int:
    sid = store.start_session(user, "typing", "welcome", item_title="歡迎與售前")
    result = {**TYPING, **changes}
    row = replace(turn(0, result["cpm"]), node_id="welcome", result=result)
    records.record_typing(store, sid, row, result, 60, 95, interview_id)
    return sid


def test_a_typing_test_is_committed_whole_and_found_per_person_and_per_interview(store: Store) -> None:
    iv = interview(store)
    candidate = typing_session(store, "陳小華", iv)
    trainee = typing_session(store, "小明", passed=True, cpm=75.0)
    session = store.session(candidate)
    assert (session.status, session.outcome, session.score, session.turn_count) == ("finished", "failed", 59.1, 1)
    assert store.session(trainee).outcome == "passed"
    (mine,) = records.typing_results(store, "小明")
    assert (mine.session_id, mine.cpm, mine.passed, mine.interview_id) == (trainee, 75.0, True, None)
    (linked,) = records.typing_results(store, interview_id=iv)
    assert (linked.user, linked.accuracy, linked.pass_cpm, linked.flags) == ("陳小華", 98.6, 60, ())
    assert records.review(store, iv).typing == [linked]
    assert len(records.typing_results(store)) == 2
    with pytest.raises(StoreError, match="finished"):  # a finished test cannot be written twice
        records.record_typing(store, candidate, turn(1), TYPING, 60, 95)


# --- the migration ---------------------------------------------------------------------------


def test_a_version_1_database_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, str(path), MIGRATIONS[:1])
    conn.execute("INSERT INTO users (name, created_at) VALUES ('阿美', '2026-01-01T00:00:00.000+00:00')")
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version >= 2
        assert store.users()[0][1] == "阿美"
        sid = interview(store, "阿美", 1)
        records.add_override(store, sid, 0, 90, "王經理")
        assert records.review(store, sid).override(0) is not None


def test_deleting_a_session_takes_its_interviewer_rows_along(store: Store) -> None:
    sid = interview(store)
    records.add_override(store, sid, 0, 50, "王經理")
    records.add_note(store, sid, 0, "備註", "王經理")
    records.decide(store, sid, "錄用", "", "王經理")
    with store._write() as conn:
        conn.execute("DELETE FROM sessions WHERE id = ?", (sid,))
        left = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("turn_overrides", "turn_notes", "session_decisions")]
    assert left == [0, 0, 0]
