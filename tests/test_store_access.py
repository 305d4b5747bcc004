"""Schema version 3 and ``trainer.store.access``: kinds of people, the back-off, the candidate lock, the reset.

The migration is tested on a real version-2 file holding every mix of sessions a
person can have; the team queries are tested with a candidate in the database;
the back-off with a store clock moved by hand (no sleeps).
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from tests.progress_helpers import DAY0, History, turn
from trainer.cli import main
from trainer.store import Store, StoreError, access
from trainer.store import interviews as records
from trainer.store import progress as q
from trainer.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate

PASS = "manager-pass-1"

# (name, sessions as (kind, linked to an interview?)), the kind expected after the migration
PEOPLE = [
    ("只練習", [("practice", False)], "trainee"),
    ("只面試", [("interview", False)], "candidate"),
    ("面試加打字", [("interview", False), ("typing", True)], "candidate"),
    ("面試加自己打字", [("interview", False), ("typing", False)], "trainee"),
    ("練習也面試", [("practice", False), ("interview", False)], "trainee"),
    ("只打字", [("typing", False)], "trainee"),
    ("沒有紀錄", [], "trainee"),
]


def version_2_file(path: Path) -> None:
    """A database at schema version 2 with the people of ``PEOPLE`` (written with plain SQL)."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, str(path), MIGRATIONS[:2])
    stamp = DAY0.isoformat()
    for uid, (name, sessions, _) in enumerate(PEOPLE, 1):
        conn.execute("INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)", (uid, name, stamp))
        interview_id = None
        for kind, linked in sessions:
            sid = conn.execute("INSERT INTO sessions (uid, user_id, kind, item_id, started_at, status)"
                               " VALUES (?, ?, ?, 'x', ?, 'finished')",
                               (f"{uid}-{kind}", uid, kind, stamp)).lastrowid
            if kind == "interview":
                interview_id = sid
            if kind == "typing":
                conn.execute("INSERT INTO typing_results (session_id, passage_id, cpm, accuracy, seconds,"
                             " chars, errors, completed, passed, pass_cpm, pass_accuracy, interview_id)"
                             " VALUES (?, 'p', 50, 1, 60, 50, 0, 1, 1, 30, 0.9, ?)",
                             (sid, interview_id if linked else None))
    conn.close()


@pytest.mark.parametrize(("name", "expected"), [(p[0], p[2]) for p in PEOPLE])
def test_migration_3_makes_people_who_only_did_interviews_candidates(tmp_path: Path, name: str,
                                                                     expected: str) -> None:
    path = tmp_path / "old.sqlite3"
    version_2_file(path)
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION >= 3
        assert access.kind_of(store, name) == expected


def test_migration_3_keeps_everything_else_and_logs_itself(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    version_2_file(path)
    before = sqlite3.connect(path).execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    with Store.open(path) as store:
        assert len(store.users()) == len(PEOPLE)
        with store._read() as conn:
            assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == before
            assert [r[0] for r in conn.execute("SELECT version FROM schema_history")] == list(range(1, SCHEMA_VERSION + 1))
        assert access.trainees(store) == sorted(p[0] for p in PEOPLE if p[2] == "trainee")


def test_a_kind_other_than_trainee_or_candidate_is_refused_by_the_table(tmp_path: Path) -> None:
    with Store.open(tmp_path / "db.sqlite3") as store:
        with pytest.raises(StoreError, match="CHECK constraint"), store._write() as conn:
            conn.execute("INSERT INTO users (name, created_at, kind) VALUES ('x', 'now', 'manager')")
        with pytest.raises(StoreError):
            access.ensure_person(store, "x", "manager")


def test_ensure_person_creates_with_the_kind_but_never_changes_an_existing_one() -> None:
    with Store.open(":memory:") as store:
        store.user_id("小美")
        assert access.ensure_person(store, "小美", access.CANDIDATE) == "trainee"
        assert access.ensure_person(store, " 陳小華 ", access.CANDIDATE) == "candidate"
        assert access.kind_of(store, "陳小華") == "candidate" and access.kind_of(store, "無名") is None
        assert access.trainees(store) == ["小美"]
        with pytest.raises(StoreError):
            access.ensure_person(store, "  ", access.TRAINEE)


def test_has_history_means_any_session() -> None:
    h = History.open()
    h.store.user_id("新人")
    h.practice("小美", "case-a", 70, status="discarded")
    assert access.has_history(h.store, "小美") and not access.has_history(h.store, "新人")
    assert not access.has_history(h.store, "沒這個人")


def team_with_a_candidate() -> History:
    h = History.open()
    h.practice("小美", "case-a", 80, day=0, missed=("道歉",))
    h.interview("小美", [("iv-salary", 70, ("底薪",))], day=0.5)  # a trainee may be interviewed too
    access.ensure_person(h.store, "陳小華", access.CANDIDATE)
    h.interview("陳小華", [("iv-salary", 40, ("底薪",)), ("iv-calm", 50, ("道歉",))], day=1)
    return h


def test_team_queries_leave_candidates_out() -> None:
    h = team_with_a_candidate()
    store = h.store
    assert [m.user for m in q.members(store)] == ["小美"]
    assert set(q.missed_by_user(store)) == {"小美"}
    names = q.user_names(store)
    attempts = q.team_attempts(store)
    assert {names[uid] for rows in attempts.values() for uid, *_ in rows} == {"小美"}
    assert sum(w.sessions for w in q.weeks(store)) == 2  # 小美's practice and interview only


def test_candidates_have_no_spaced_practice() -> None:
    h = team_with_a_candidate()
    assert q.attempts(h.store, "陳小華") == []
    assert {a.kind for a in q.attempts(h.store, "小美")} == {"practice", "question"}


# --- the back-off ----------------------------------------------------------------------


@pytest.mark.parametrize(("failures", "seconds"), [
    (0, 0), (1, 0), (2, 0), (3, 5), (4, 10), (5, 20), (8, 160), (11, 900), (60, 900),
])
def test_delay_after_wrong_tries(failures: int, seconds: float) -> None:
    assert access.delay_after(failures) == seconds


def test_three_wrong_tries_then_a_wait_that_holds_even_the_right_passphrase() -> None:
    h = History.open()
    records.set_passphrase(h.store, PASS)
    tries = [access.try_passphrase(h.store, "guess") for _ in range(3)]
    assert [(a.ok, a.wait, a.failures) for a in tries] == [(False, 0, 1), (False, 0, 2), (False, 5, 3)]
    held = access.try_passphrase(h.store, PASS)
    assert (held.ok, held.wait, held.checked) == (False, 5, False)  # not even looked at
    h.clock.now += timedelta(seconds=5)
    assert access.wait_left(h.store) == 0
    assert access.try_passphrase(h.store, "guess").wait == 10  # the 4th wrong one doubles it
    h.clock.now += timedelta(seconds=10)
    assert access.try_passphrase(h.store, PASS).ok
    assert access.try_passphrase(h.store, "guess").failures == 1  # a right one clears the count


def test_the_wait_survives_reopening_the_file(tmp_path: Path) -> None:
    h = History.open(tmp_path / "db.sqlite3")
    records.set_passphrase(h.store, PASS)
    for _ in range(4):  # the 4th comes during the wait: not counted
        access.try_passphrase(h.store, "guess")
    h.store.close()
    again = Store.open(tmp_path / "db.sqlite3", clock=h.clock)
    assert access.wait_left(again) == 5 and not access.try_passphrase(again, PASS).ok


def test_a_damaged_count_waits_rather_than_unlocks() -> None:
    h = History.open()
    records.set_passphrase(h.store, PASS)
    h.store.set_setting(access.FAILURES_KEY, "lots")
    assert access.wait_left(h.store) == 5 and not access.try_passphrase(h.store, PASS).ok


# --- the candidate lock and the reset -----------------------------------------------------


@pytest.mark.parametrize(("stored", "expected"), [(None, None), ("12", 12), (" 7 ", 7), ("x", 0), ("", 0)])
def test_candidate_lock_reads_back(stored: str | None, expected: int | None) -> None:
    with Store.open(":memory:") as store:
        if stored is not None:
            store.set_setting(access.CANDIDATE_LOCK_KEY, stored)
        assert access.candidate_lock(store) == expected


def test_lock_and_release() -> None:
    with Store.open(":memory:") as store:
        access.lock_candidate(store, 3)
        assert access.candidate_lock(store) == 3
        access.release_candidate(store)
        assert access.candidate_lock(store) is None


def test_cli_passphrase_reset_forgets_it_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "db.sqlite3"
    with Store.open(db) as store:
        records.set_passphrase(store, PASS)
        store.start_session("小美", "practice", "case-a")
        for _ in range(5):
            access.try_passphrase(store, "guess")
    assert main(["--db", str(db), "passphrase"]) == 0
    shown = capsys.readouterr().out
    assert "a staff passphrase is set" in shown and "next try is allowed in" in shown
    assert main(["--db", str(db), "passphrase", "--reset"]) == 0
    assert "staff passphrase reset" in capsys.readouterr().out
    with Store.open(db) as store:
        assert not records.has_passphrase(store) and access.wait_left(store) == 0
        assert store.get_setting(access.FAILURES_KEY) is None and len(store.sessions("小美")) == 1
    assert main(["--db", str(db), "passphrase", "--reset"]) == 0
    assert "no staff passphrase was set" in capsys.readouterr().out


def test_cli_report_team_leaves_candidates_out_and_report_user_refuses_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    h = History.open(tmp_path / "db.sqlite3")
    h.practice("小美", "case-a", 80, day=0)
    access.ensure_person(h.store, "陳小華", access.CANDIDATE)
    sid = h.store.start_session("陳小華", "interview", "screen-classic", category="面試")
    h.store.record_turn(sid, turn(0, 40, node="iv-salary"))
    h.store.finish_session(sid, "completed", 40)
    h.store.close()
    assert main(["--db", str(tmp_path / "db.sqlite3"), "report", "team", "--format", "csv"]) == 0
    report = capsys.readouterr().out
    assert "小美" in report and "陳小華" not in report
    assert main(["--db", str(tmp_path / "db.sqlite3"), "report", "user", "陳小華"]) == 2
    assert "candidate" in capsys.readouterr().err


@pytest.mark.parametrize(("stdin", "code", "is_set"), [
    ("owner-secret-1\n", 0, True),
    ("short\n", 2, False),
    ("", 2, False),
])
def test_cli_passphrase_set_reads_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stdin: str,
                                           code: int, is_set: bool) -> None:
    import io

    db = tmp_path / "db.sqlite3"
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(["--db", str(db), "passphrase", "--set"]) == code
    with Store.open(db) as store:
        assert records.has_passphrase(store) == is_set
        assert not is_set or records.check_passphrase(store, "owner-secret-1")


def test_cli_passphrase_set_never_replaces_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    db = tmp_path / "db.sqlite3"
    with Store.open(db) as store:
        records.set_passphrase(store, PASS)
    monkeypatch.setattr("sys.stdin", io.StringIO("another-one-2\n"))
    assert main(["--db", str(db), "passphrase", "--set"]) == 1
    with Store.open(db) as store:
        assert records.check_passphrase(store, PASS)
