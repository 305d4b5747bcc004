"""``--db`` / ``$TRAINER_DB`` as a URL: PostgreSQL URLs dispatch to the server, anything else is refused.

Real ``python -m trainer`` processes: a URL that cannot be used is one clear
line naming it with the password masked, exit 2, nothing written (no folder
called ``postgresql:``). And a team moves SQLite → JSON → PostgreSQL → JSON →
SQLite with ``export json`` / ``import json`` without losing anything.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.backends import PgSchemas, pg_server, with_schema
from tests.progress_helpers import History
from trainer import dburl, paths
from trainer.store import accounts as acc
from trainer.store import assignments as asg
from trainer.store import certificates as cert
from trainer.store import interviews as iv

ROOT = Path(__file__).resolve().parents[1]


def trainer(tmp_path: Path, *args: str, env: dict[str, str] | None = None,
            input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "trainer", *args], capture_output=True, text=True, cwd=tmp_path,
                          input=input,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "TRAINER_DATA": str(tmp_path / "data"),
                               **(env or {})}, timeout=60)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(("url", "why"), [
    ("mysql://root:s3cret@db/trainer", "unsupported database URL mysql://root:***@db/trainer"),
    ("sqlite:///tmp/x.db", "unsupported database URL sqlite:///tmp/x.db"),
    ("postgresql://me:s3cret@db:99999/trainer", "postgresql://me:***@db:99999/trainer cannot be used: the port"),
    ("postgresql://me:s3cret@db:port/trainer", "postgresql://me:***@db:port/trainer cannot be used: the port"),
    ("postgresql://me:s3cret@db:5432", "postgresql://me:***@db:5432 names no database"),
])
def test_an_unusable_url_is_refused_with_the_password_masked(tmp_path: Path, url: str, why: str) -> None:
    for args, env in (((f"--db={url}", "report", "team"), None), (("export", "json"), {"TRAINER_DB": url}),
                      ((f"--db={url}", "info"), None)):
        done = trainer(tmp_path, *args, env=env)
        assert done.returncode == 2, done.stderr
        assert why in done.stderr and "s3cret" not in done.stderr + done.stdout
        assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no folder named postgresql: or mysql:


def test_no_server_at_the_url_is_exit_2_with_the_password_masked(tmp_path: Path) -> None:
    url = f"postgresql://trainer:s3cret@127.0.0.1:{free_port()}/team"
    for args in (("report", "team"), ("import", "json", "missing.json"), ("export", "json")):
        done = trainer(tmp_path, "--db", url, *args)
        if args[0] == "import":  # the file is checked first
            assert done.returncode == 1 and "no such file" in done.stderr
            continue
        assert done.returncode == 2, done.stderr
        assert f"cannot connect to the progress database postgresql://trainer:***@127.0.0.1:{url.split(':')[3]}"\
            in done.stderr
        assert "s3cret" not in done.stderr and "Traceback" not in done.stderr


def test_the_app_refuses_a_url_it_cannot_reach_before_starting(tmp_path: Path) -> None:
    done = trainer(tmp_path, "--db", f"postgresql://u:pw@127.0.0.1:{free_port()}/x", "--user", "小美")
    assert done.returncode == 2 and "cannot connect" in done.stderr and ":pw@" not in done.stderr


PW_ROLE = "trainer_pw"  # .ci/run's test cluster checks this role's password; it trusts every other role
PASSWORD = "right:pw@1 ok"  # needs quoting in a URL


def test_a_wrong_password_is_refused_with_the_servers_reason_and_the_right_one_opens(tmp_path: Path) -> None:
    schemas = PgSchemas(pg_server())
    try:
        conn = schemas.conn
        conn.execute(f"DO $$ BEGIN CREATE ROLE {PW_ROLE} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        conn.execute(f"ALTER ROLE {PW_ROLE} PASSWORD '{PASSWORD}'")
        schemas.fresh()
        schema = schemas.made[-1]
        conn.execute(f'ALTER SCHEMA "{schema}" OWNER TO {PW_ROLE}')
        server = urlsplit(schemas.url)

        def url(password: str) -> str:
            return with_schema(f"postgresql://{PW_ROLE}:{quote(password, safe='')}@{server.hostname}:"
                               f"{server.port}{server.path}", schema)

        wrong = trainer(tmp_path, "--db", url("not:it 9"), "report", "team")
        if wrong.returncode == 0:
            message = (f"the test cluster trusts {PW_ROLE}: put `host all {PW_ROLE} 127.0.0.1/32 scram-sha-256` "
                       "before its other host lines in pg_hba.conf, as .ci/run does")
            pytest.fail(message) if os.environ.get("CI") == "true" else pytest.skip(message)
        assert wrong.returncode == 2, wrong.stderr
        assert f'password authentication failed for user "{PW_ROLE}"' in wrong.stderr
        assert f"postgresql://{PW_ROLE}:***@" in wrong.stderr and "check the URL, the server and the password" \
            in wrong.stderr
        assert "not:it" not in wrong.stderr + wrong.stdout and quote("not:it 9", safe="") not in wrong.stderr
        assert "Traceback" not in wrong.stderr
        right = trainer(tmp_path, "--db", url(PASSWORD), "report", "team")
        assert right.returncode == 0, right.stderr
        assert PASSWORD not in right.stdout + right.stderr
    finally:
        schemas.drop_all()  # the role stays: created once per throwaway cluster


def test_paths_keep_a_url_and_mask_it() -> None:
    url = "postgres://me:pa%40ss@db.local:6543/trainer?sslmode=require"
    assert paths.db_path(url) == url
    assert paths.db_path(None, {"TRAINER_DB": url}) == url
    assert paths.shown_db(url) == "postgres://me:***@db.local:6543/trainer?sslmode=require"
    assert dburl.masked("postgresql://db/x?password=abc&sslmode=a") == "postgresql://db/x?password=***&sslmode=a"
    assert paths.db_path("relative/progress.sqlite3").is_absolute()  # type: ignore[union-attr]
    assert paths.reports_dir(url) == paths.data_dir() / paths.REPORTS_DIR


def _team(db: Path) -> None:
    h = History.open(db)
    h.practice("小美", "case-colour", 55, day=0, missed=("拍照",), replies=2, title="顏色不符")
    h.practice("阿明", "case-late", 80, day=1, hit=("查物流",), status="open")
    sid = h.interview("王候選", [("q1", 70, ("同理心",)), ("q1#follow-up-1", 50, ())], day=2)
    iv.add_override(h.store, sid, 0, 88, "面試官", "追問答得好")
    iv.add_note(h.store, sid, 1, "語氣 100% 親切 ?", "面試官")
    iv.decide(h.store, sid, "錄用", "", "主管")
    acc.add_account(h.store, "主管", ["manager", "interviewer"], "long enough pw", ["新人組"])
    acc.add_account(h.store, "小美", ["trainee"], "long enough pw", ["新人組"], claim=True)
    ids = asg.add_assignments(h.store, [
        asg.NewAssignment("scenario", "case-colour", "顏色不符", None, "新人組", "2026-12-31", 80, 2, None, "exam"),
        asg.NewAssignment("typing", "typing", "", "阿明", None, "2026-12-24", 60)])
    asg.remove_assignment(h.store, ids[1])
    cert.issue(h.store, "小美", cert.add_track(h.store, "新人第一週", ids[:1], "主管"), {"分數": 88})
    h.store.close()


def _history(path: Path) -> dict[str, object]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc.pop("exported_at")
    return dict(doc)


def test_a_team_moves_sqlite_to_postgresql_and_back_without_loss(tmp_path: Path, pg_spec: str) -> None:
    first, last = tmp_path / "first.sqlite3", tmp_path / "last.sqlite3"
    _team(first)
    steps = [(first, "export", "first.json"), (pg_spec, "import", "first.json"), (pg_spec, "export", "pg.json"),
             (last, "import", "pg.json"), (last, "export", "last.json"), (pg_spec, "import", "last.json"),
             (pg_spec, "export", "again.json")]
    for db, action, file in steps:
        args = ("export", "json", "-o", file) if action == "export" else ("import", "json", file)
        done = trainer(tmp_path, "--db", str(db), *args)
        assert done.returncode == 0, done.stderr
    original = _history(tmp_path / "first.json")
    assert _history(tmp_path / "pg.json") == original
    assert _history(tmp_path / "last.json") == original
    assert _history(tmp_path / "again.json") == original  # importing again added nothing, team rows included
    team = original["team"]  # type: ignore[index]
    assert [len(team[k]) for k in ("accounts", "groups", "members", "assignments", "tracks", "certificates")] \
        == [2, 1, 2, 2, 1, 1]
    assert "password" not in (tmp_path / "first.json").read_text(encoding="utf-8")
    # Moved accounts have their roles but no password: the admin sets one on the new server.
    done = trainer(tmp_path, "--db", pg_spec, "user", "passwd", "主管", "--password-stdin", input="a new one here\n")
    assert done.returncode == 0, done.stderr
    assert len(original["users"]) == 4 and set(original["tables"]) == {  # type: ignore[arg-type]
        "session_decisions", "turn_notes", "turn_overrides"}


def test_without_psycopg_a_url_says_what_to_install(tmp_path: Path) -> None:
    script = ("import sys\nsys.modules['psycopg'] = None  # as if it were not installed\n"
              "from trainer.cli import main\n"
              "sys.exit(main(['--db', 'postgresql://u:s3cret@127.0.0.1:5432/team', 'report', 'team']))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "pip install 'psycopg[binary]'" in done.stderr and "postgresql://u:***@127.0.0.1:5432/team" in done.stderr
    assert "s3cret" not in done.stderr and "Traceback" not in done.stderr
