"""The store contract across processes, on every durable backend (a SQLite file, PostgreSQL).

Two writer processes on one store both get every row in; a writer killed with
SIGKILL right after a committed reply loses nothing it committed; a database
with a newer schema, or another program's tables, is refused and left as it was.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.store import SCHEMA_VERSION, Store, StoreError

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60
pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals as on POSIX")

# argv: SPEC USER TURNS PAUSE_AT — records TURNS turns, printing after each commit;
# at PAUSE_AT it blocks on stdin (the test kills it there).
WRITER = r'''
import sys
from trainer.store import Store, TurnRow

spec, user, count, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
store = Store.open(spec)
sid = store.start_session(user, "practice", "case-" + user)
print("session", sid, flush=True)
result = {"points": {"hit": [{"label": "道歉", "credit": 1.0}], "missed": ["拍照", "方案"]}}
for index in range(count):
    store.record_turn(sid, TurnRow(index, f"n{index}", "親？人呢？", f"{user} 回覆 {index}", 60.0, 65.0, True,
                                   result, 50, 45, 3.0, 2.5, 120.0, 0, 0, None))
    print("turn", index, flush=True)
    if index == pause:
        sys.stdin.readline()
print("done", flush=True)
'''


def writer(tmp_path: Path, spec: str, user: str, count: int, pause: int = -1) -> subprocess.Popen[str]:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    return subprocess.Popen([sys.executable, str(script), spec, user, str(count), str(pause)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            encoding="utf-8", env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path)


def whole_turns(spec: str, user: str) -> list[int]:
    """The indexes of ``user``'s stored turns, each checked whole (its reply and 3 key points)."""
    with Store.open(spec) as store:
        (session,) = store.sessions(user)
        turns = store.turns(session.id)
        assert all(t.reply == f"{user} 回覆 {t.index}" for t in turns)
        with store._read() as conn:
            points = conn.execute("SELECT COUNT(*) FROM turn_points p JOIN turns t ON t.id = p.turn_id"
                                  " WHERE t.session_id = ?", (session.id,)).fetchone()[0]
        assert points == 3 * len(turns)
        return [t.index for t in turns]


def test_two_writer_processes_get_every_row_in(durable_spec: str, tmp_path: Path) -> None:
    Store.open(durable_spec).close()  # both find the schema in place
    n = 120
    procs = {user: writer(tmp_path, durable_spec, user, n) for user in ("小美", "阿明")}
    for proc in procs.values():
        out, err = proc.communicate(timeout=TIMEOUT)
        assert proc.returncode == 0, err
        assert out.strip().endswith("done")
    for user in procs:
        assert whole_turns(durable_spec, user) == list(range(n))


def test_two_processes_migrating_a_new_database_at_once(durable_spec: str, tmp_path: Path) -> None:
    procs = [writer(tmp_path, durable_spec, user, 3) for user in ("小美", "阿明")]
    for proc in procs:
        _, err = proc.communicate(timeout=TIMEOUT)
        assert proc.returncode == 0, err
    with Store.open(durable_spec) as store:
        assert store.schema_version == SCHEMA_VERSION
        with store._read() as conn:
            versions = [r[0] for r in conn.execute("SELECT version FROM schema_history ORDER BY version")]
        assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_sigkill_after_a_reply_loses_nothing_committed(durable_spec: str, tmp_path: Path) -> None:
    k = 5
    proc = writer(tmp_path, durable_spec, "小美", 50, pause=k)
    assert proc.stdout is not None
    seen = []
    while not seen or seen[-1] != f"turn {k}":
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else ""
        seen.append(line.strip())
    proc.send_signal(signal.SIGKILL)  # no close, no cleanup
    proc.wait(timeout=TIMEOUT)
    assert proc.returncode == -signal.SIGKILL
    assert whole_turns(durable_spec, "小美") == list(range(k + 1))
    with Store.open(durable_spec) as store:  # still open, so it can be resumed
        assert [s.status for s in store.unfinished_sessions("小美")] == ["open"]


def _snapshot(spec: str) -> object:
    """Everything in the database, to show that a refused open changed nothing."""
    if not spec.startswith("postgresql://"):
        return Path(spec).read_bytes()
    import psycopg

    with psycopg.connect(spec) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                                             " ORDER BY tablename")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}


def _raw_sql(spec: str, *statements: str) -> None:
    if spec.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(spec, autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)
        return
    with sqlite3.connect(spec, isolation_level=None) as conn:
        for sql in statements:
            conn.execute(sql)
    conn.close()


def test_a_newer_schema_is_refused_untouched(durable_spec: str) -> None:
    with Store.open(durable_spec) as store:
        store.start_session("小美", "practice", "case-colour")
    if durable_spec.startswith("postgresql://"):
        _raw_sql(durable_spec, "INSERT INTO schema_history (version) VALUES (99)")
    else:
        _raw_sql(durable_spec, "PRAGMA user_version = 99")
    before = _snapshot(durable_spec)
    with pytest.raises(StoreError, match=rf"created by a newer version of trainer \(schema 99, this version knows {SCHEMA_VERSION}\)"):
        Store.open(durable_spec)
    assert _snapshot(durable_spec) == before


def test_another_programs_database_is_refused_untouched(durable_spec: str) -> None:
    _raw_sql(durable_spec, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)",
             "INSERT INTO invoices (id, total) VALUES (1, 9.5)")
    before = _snapshot(durable_spec)
    with pytest.raises(StoreError, match="another program"):
        Store.open(durable_spec)
    assert _snapshot(durable_spec) == before


def test_a_dropped_postgresql_connection_is_replaced(pg_spec: str) -> None:
    import psycopg

    with Store.open(pg_spec) as store:
        sid = store.start_session("小美", "practice", "case-colour")
        with store._read() as conn:
            pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(pg_spec, autocommit=True) as admin:  # the server ends our session
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError):
            store.session(sid)
        assert store.session(sid).id == sid  # the next call has a fresh connection
        with store._read() as conn:
            assert conn.execute("SELECT pg_backend_pid()").fetchone()[0] != pid
