"""``trainer user add | list | passwd | disable``: refusals exit 2 and write nothing."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer import cli, paths
from trainer.store import Store
from trainer.store import accounts as acc
from trainer.store import groups as g

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse"


@pytest.fixture()
def db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "team.sqlite3"
    monkeypatch.setenv(paths.DB_ENV, str(path))
    return path


def run(capsys, monkeypatch, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(["user", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def digest(path: Path) -> str:
    """The store's bytes, its WAL included (a write would change one or the other)."""
    return "".join(hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "-"
                   for p in (path, Path(f"{path}-wal")))


def test_add_list_passwd_disable(capsys, monkeypatch, db):
    code, out, _ = run(capsys, monkeypatch, "add", "王經理", "--role", "manager,trainee", "--group", "售後組",
                       "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0 and "王經理" in out
    assert run(capsys, monkeypatch, "add", "面試官", "--role", "interviewer", "--role", "admin",
               "--password-stdin", stdin="another password\n")[0] == 0
    code, out, _ = run(capsys, monkeypatch, "list")
    lines = out.splitlines()
    assert lines[0].split() == ["name", "roles", "groups", "disabled", "created"]
    assert lines[1].split()[:4] == ["王經理", "trainee,manager", "售後組", "no"]
    assert lines[2].split()[:4] == ["面試官", "interviewer,admin", "-", "no"]
    assert run(capsys, monkeypatch, "passwd", "王經理", "--password-stdin", stdin="brand new one\n")[0] == 0
    assert run(capsys, monkeypatch, "disable", "面試官")[0] == 0
    code, out, _ = run(capsys, monkeypatch, "list", "--json")
    rows = json.loads(out)
    assert [(r["name"], r["disabled"]) for r in rows] == [("王經理", False), ("面試官", True)]
    with Store.open(db) as store:
        assert acc.login(store, "王經理", "brand new one").ok
        assert g.members(store, "售後組") == ["王經理"]
        assert acc.login(store, "面試官", "another password").disabled


def test_the_password_is_asked_twice_on_a_terminal(capsys, monkeypatch, db):
    answers = iter([PASSWORD, PASSWORD, PASSWORD, "something else"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr(sys, "stdin", type("Tty", (io.StringIO,), {"isatty": lambda self: True})())
    assert cli.main(["user", "add", "小美", "--role", "trainee"]) == 0
    assert cli.main(["user", "passwd", "小美"]) == 2
    assert "differ" in capsys.readouterr().err
    with Store.open(db) as store:
        assert acc.login(store, "小美", PASSWORD).ok


@pytest.mark.parametrize(("args", "stdin", "why"), [
    (["add", "小美", "--role", "trainee", "--password-stdin"], PASSWORD, "already exists"),
    (["add", "新人", "--role", "boss", "--password-stdin"], PASSWORD, "unknown role"),
    (["add", "新人", "--role", "trainee", "--password-stdin"], "", "cannot be empty"),
    (["add", "新人", "--role", "trainee", "--password-stdin"], "1234567", "too short"),
    (["add", "新人", "--role", "trainee", "--group", " ", "--password-stdin"], PASSWORD, "group name"),
    (["add", "新人", "--role", "trainee"], PASSWORD, "--password-stdin"),  # no terminal, no flag
    (["add", "  ", "--role", "trainee", "--password-stdin"], PASSWORD, "name cannot be empty"),
    (["passwd", "小美", "--password-stdin"], "short", "too short"),
    (["passwd", "沒這個人", "--password-stdin"], PASSWORD, "no account"),
    (["disable", "沒這個人"], "", "no account"),
])
def test_a_refused_command_exits_2_and_writes_nothing(capsys, monkeypatch, db, args, stdin, why):
    assert run(capsys, monkeypatch, "add", "小美", "--role", "trainee", "--password-stdin",
               stdin=PASSWORD + "\n")[0] == 0
    before = digest(db)
    code, out, err = run(capsys, monkeypatch, *args, stdin=stdin + "\n")
    assert code == 2, err
    assert why in err and "Traceback" not in err and out == ""
    assert digest(db) == before


def test_a_refused_first_command_creates_no_database(capsys, monkeypatch, db):
    assert run(capsys, monkeypatch, "add", "新人", "--role", "boss", "--password-stdin", stdin=PASSWORD)[0] == 2
    assert not db.exists()


def test_user_commands_run_as_a_process_without_textual(tmp_path):
    """Real process, real pipe: the password comes from stdin; Textual is never imported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), paths.DB_ENV: str(tmp_path / "t.sqlite3")}
    probe = ("import runpy, sys; sys.argv = ['trainer', *sys.argv[1:]]\n"
             "try: runpy.run_module('trainer', run_name='__main__', alter_sys=True)\n"
             "except SystemExit as e: code = e.code\n"
             "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr); sys.exit(code)")
    add = subprocess.run([sys.executable, "-c", probe, "user", "add", "小美", "--role", "trainee",
                          "--password-stdin"], input=PASSWORD + "\n", capture_output=True,
                         encoding="utf-8", env=env, timeout=60)
    assert add.returncode == 0 and "CLEAN" in add.stderr, add.stderr
    no_tty = subprocess.run([sys.executable, "-m", "trainer", "user", "passwd", "小美"], input="",
                            capture_output=True, encoding="utf-8", env=env, timeout=60)
    assert no_tty.returncode == 2 and "--password-stdin" in no_tty.stderr
    listed = subprocess.run([sys.executable, "-c", probe, "user", "list"], capture_output=True,
                            encoding="utf-8", env=env, timeout=60)
    assert listed.returncode == 0 and "小美" in listed.stdout and "CLEAN" in listed.stderr
