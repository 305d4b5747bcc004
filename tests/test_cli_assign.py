"""``trainer assign / unassign / track`` and ``report assignments / certificate`` from the command line.

The main flow runs ``python -m trainer`` in subprocesses on a real database;
the refusals run ``cli.main`` in-process and check that the database is byte
for byte the same rows afterwards (exit 2, a clear message, nothing written).
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from trainer import cli, paths
from trainer.store import Store, groups
from trainer.store import assignments as rows

ROOT = Path(__file__).resolve().parents[1]
DUE = (date.today() + timedelta(days=7)).isoformat()
SCENARIO = "case-colour-mismatch"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database with trainees 小明 and 小美 in group 新人, and a manager 主管 in it too."""
    monkeypatch.delenv(paths.CONTENT_ENV, raising=False)
    monkeypatch.delenv("TRAINER_USER", raising=False)
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv(paths.DB_ENV, str(path))
    with Store.open(path) as store:
        for name in ("小明", "小美", "主管"):
            store.user_id(name)
        groups.add_group(store, "新人")
        for name in ("小明", "小美", "主管"):
            groups.join_group(store, "新人", name)
        with store._write() as conn:
            conn.execute("INSERT INTO user_roles (user_id, role) SELECT id, 'manager' FROM users WHERE name = '主管'")
    return path


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in (paths.CONTENT_ENV, paths.DB_ENV, "TRAINER_USER")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "trainer", "--db", str(db), *args], capture_output=True,
                          encoding="utf-8", env=env, cwd=ROOT, timeout=120)


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def finish(db: Path, user: str, item: str, score: float, mode: str = "coach") -> None:
    with Store.open(db) as store:
        sid = store.start_session(user, "practice", item, mode=mode, item_title="顏色", category="售後/描述不符")
        store.finish_session(sid, "resolved", score)


def test_assign_list_report_and_unassign(db: Path) -> None:
    done = run(db, "assign", SCENARIO, "category:物流", "--to", "@新人", "--due", DUE, "--passes", "2",
               "--min-score", "70", "--mode", "exam")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("→ @新人") == 2 and "考試模式" in done.stdout
    finish(db, "小明", SCENARIO, 80, "exam")
    listed = run(db, "assign", "--list")
    assert listed.returncode == 0 and "已通過 0/2" in listed.stdout  # the manager is not counted

    report = run(db, "report", "assignments", "--format", "csv")
    assert report.returncode == 0, report.stderr
    table = list(csv.DictReader(io.StringIO(report.stdout)))
    assert [(r["學員"], r["指派"], r["狀態"], r["次數"]) for r in table] == [
        ("小明", "1", "進行中", "1"), ("小美", "1", "未開始", "0"),
        ("小明", "2", "未開始", "0"), ("小美", "2", "未開始", "0")]
    assert table[0]["對象"] == "'@新人"  # a leading @ is neutralised for spreadsheets

    html = run(db, "report", "assignments", "--format", "html", "--group", "新人")
    assert html.returncode == 0 and html.stdout.count("<h2>") == 2 and "進行中 1" in html.stdout
    md = run(db, "report", "assignments")
    assert md.returncode == 0 and "| 小明 | 1 |" in md.stdout

    gone = run(db, "unassign", "1")
    assert gone.returncode == 0 and "已取消指派 1" in gone.stdout
    again = run(db, "unassign", "1")
    assert again.returncode == 2 and "no current assignment 1" in again.stderr


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.external += [v for k, v in attrs if k in ("src", "href") and v]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_track_certificate_html_and_xapi(db: Path, tmp_path: Path) -> None:
    assert run(db, "assign", SCENARIO, "--to", "小明", "--due", DUE).returncode == 0
    assert run(db, "track", "add", "新人<第一週>", "1").returncode == 0
    assert run(db, "assign", "presale-stock-question", "--to", "小明", "--due", DUE).returncode == 0
    assert run(db, "track", "add", "另一條", "2").returncode == 0
    finish(db, "小明", "presale-stock-question", 90)  # 另一條 is earned, but not asked for
    before = dump(db)
    early = run(db, "report", "certificate", "小明", "新人<第一週>")
    assert early.returncode == 2 and "還沒有通過" in early.stderr and "0/1 步" in early.stderr
    assert dump(db) == before
    finish(db, "小明", SCENARIO, 90)
    out = tmp_path / "cert.html"
    done = run(db, "report", "certificate", "小明", "新人<第一週>", "-o", str(out))
    assert done.returncode == 0, done.stderr
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    text = "".join(page.text)
    assert "茲證明 小明 已通過「新人<第一週>」" in text and page.external == []
    assert "新人&lt;第一週&gt;" in out.read_text(encoding="utf-8")
    listed = run(db, "track", "list")
    assert "已發證書 1" in listed.stdout
    xapi = run(db, "export", "xapi")
    assert xapi.returncode == 0 and '"en-US": "passed"' in xapi.stdout and "activities/track/" in xapi.stdout


def test_track_check_issues_for_everyone(db: Path) -> None:
    assert run(db, "assign", SCENARIO, "--to", "@新人", "--due", DUE).returncode == 0
    assert run(db, "track", "add", "第一週", "1").returncode == 0
    finish(db, "小美", SCENARIO, 90)
    done = run(db, "track", "check")
    assert done.returncode == 0 and "發出證書：小美　第一週" in done.stdout and "小明" not in done.stdout


BAD = [
    (["assign", "no-such-scenario", "--to", "小明", "--due", DUE], "unknown item"),
    (["assign", "category:沒有", "--to", "小明", "--due", DUE], "no category"),
    (["assign", SCENARIO, "--to", "@沒有", "--due", DUE], "no group"),
    (["assign", SCENARIO, "--to", "陌生人", "--due", DUE], "no trainee"),
    (["assign", SCENARIO, "--to", "小明", "--due", "2020-01-01"], "in the past"),
    (["assign", SCENARIO, "--to", "小明", "--due", "12/08"], "bad due date"),
    (["assign", SCENARIO, "--to", "小明"], "usage"),
    (["assign", SCENARIO, "--to", "小明", "--due", DUE, "--passes", "0"], "at least 1"),
    (["unassign", "7"], "no current assignment 7"),
    (["track", "add", "第一週", "7"], "no current assignment 7"),
    (["report", "assignments", "--group", "沒有"], "no group"),
    (["report", "certificate", "陌生人", "x"], "no trainee"),
    (["report", "certificate", "小明", "沒有"], "no track"),
    (["track", "check", "陌生人"], "no trainee"),
    (["leaderboard", "沒有"], "no group"),
]


@pytest.mark.parametrize(("args", "why"), BAD, ids=[" ".join(a[:2]) + f" ({w})" for a, w in BAD])
def test_bad_input_exits_2_and_writes_nothing(db: Path, capsys: pytest.CaptureFixture[str],
                                              args: list[str], why: str) -> None:
    before = dump(db)
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert why in err and "Traceback" not in err and err.startswith("trainer: error: ")
    assert dump(db) == before


def test_a_trainee_with_an_account_may_not_assign(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db) as store, store._write() as conn:
        conn.execute("UPDATE users SET password_hash = 'x'")
    before = dump(db)
    assert cli.main(["--user", "小明", "assign", SCENARIO, "--to", "小美", "--due", DUE]) == 2
    assert "only a manager may assign" in capsys.readouterr().err
    assert dump(db) == before
    assert cli.main(["assign", SCENARIO, "--to", "小美", "--due", DUE, "--by", "主管"]) == 0
    with Store.open(db) as store:
        [row] = rows.assignments(store)
    assert (row.person, row.created_by) == ("小美", "主管")


def test_no_database_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.sqlite3"
    assert cli.main(["--db", str(missing), "assign", "--list"]) == 2
    assert "no progress database" in capsys.readouterr().err and not missing.exists()
