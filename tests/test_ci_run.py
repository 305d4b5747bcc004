"""`.ci/run` installs the browser test packages under CI=true, starts a throwaway PostgreSQL
cluster (installing PostgreSQL under CI=true when initdb is missing), then runs the README's test command.

The script runs for real from a copy, with every outside command (apt-get, sudo,
env, id, python3, pip, python, initdb, pg_ctl, runuser, chown) replaced by a stub that logs
its arguments (and runs nothing); the temp folder and the stubs' folder are logged as $TMP and $STUBS.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = "chromium chromium-driver fonts-noto-cjk"
STUB = """#!/bin/sh
echo "$(basename "$0") $*" >> "$STUB_LOG"
case "$(basename "$0") $*" in
  "id -u") echo "$STUB_UID" ;;
  "python3 -m venv .venv") mkdir -p .venv/bin && : > .venv/bin/activate ;;
  "python3 -c "*) echo 54321 ;;
  "python -m pytest -q") echo "pytest sees TRAINER_TEST_PG=$TRAINER_TEST_PG" >> "$STUB_LOG" ;;
esac
"""
TESTS = ["python3 -m venv .venv", "pip install -e .[test]", "python -m pytest -q"]
INSTALL = ["apt-get update -q", f"env DEBIAN_FRONTEND=noninteractive apt-get install -y -q {PACKAGES}"]
PG = "postgresql://postgres@127.0.0.1:54321/postgres"
INITDB = "$STUBS/initdb -D $TMP/data -U postgres --auth=trust --no-sync --locale=C -E UTF8"
START = ("$STUBS/pg_ctl -D $TMP/data -w -l $TMP/log -o -p 54321 -k $TMP -c listen_addresses=127.0.0.1 "
         "-c fsync=off -c hba_file=$TMP/hba.conf start")
STOP = "$STUBS/pg_ctl -D $TMP/data -m fast -w stop"
PORT = "python3 -c import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])"
AS_ROOT = ["id -u", "chown postgres $TMP", PORT, f"runuser -u postgres -- {INITDB}", f"runuser -u postgres -- {START}"]
AS_USER = ["id -u", "sudo chown postgres $TMP", PORT, f"sudo -u postgres -- {INITDB}", f"sudo -u postgres -- {START}"]
TESTS_PG = [*TESTS[:2], "python -m pytest -q", f"pytest sees TRAINER_TEST_PG={PG}"]
PG_STUBS = ("initdb", "pg_ctl", "runuser", "chown")


def run_ci(tmp_path: Path, ci: str | None, uid: str, postgres: bool = True) -> list[str]:
    checkout = tmp_path / "checkout"
    (checkout / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", checkout / ".ci" / "run")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for name in ("apt-get", "sudo", "id", "python3", "pip", "python", "env", *(PG_STUBS if postgres else ())):
        (stubs / name).write_text(STUB)
        (stubs / name).chmod(0o755)
    log = tmp_path / "log"
    env = {"PATH": f"{stubs}:/usr/bin:/bin", "STUB_LOG": str(log), "STUB_UID": uid,
           "PG_LIBDIR": str(tmp_path / "no-postgresql-here"), "TMPDIR": str(tmp_path)}
    if ci is not None:
        env["CI"] = ci
    subprocess.run(["bash", str(checkout / ".ci" / "run")], env=env, check=True, timeout=60, capture_output=True)
    if not (ci == "true" and uid != "0"):  # (there the stubbed sudo removes nothing)
        assert [p for p in tmp_path.iterdir() if p.name.startswith("tmp.")] == [], "the cluster's folder outlived the run"
    lines = log.read_text().splitlines()
    return [re.sub(r"/[^ ]*/tmp\.\w+", "$TMP", line.replace(str(stubs), "$STUBS")) for line in lines]


@pytest.mark.parametrize(("ci", "uid", "expected"), [
    ("true", "0", ["id -u", *INSTALL, *AS_ROOT, *TESTS_PG, f"runuser -u postgres -- {STOP}"]),
    ("true", "1000", ["id -u", *(f"sudo {c}" for c in INSTALL), *AS_USER, *TESTS_PG, f"sudo -u postgres -- {STOP}",
                      "sudo rm -rf $TMP"]),
    (None, "0", [*AS_ROOT, *TESTS_PG, f"runuser -u postgres -- {STOP}"]),
    ("false", "1000", ["id -u", PORT, *(c.removeprefix("$STUBS/") for c in (INITDB, START)), *TESTS_PG,
                       STOP.removeprefix("$STUBS/")]),
])
def test_ci_installs_chromium_only_in_ci_and_runs_a_cluster(tmp_path: Path, ci: str | None, uid: str,
                                                            expected: list[str]) -> None:
    assert run_ci(tmp_path, ci, uid) == expected


@pytest.mark.parametrize(("ci", "expected"), [
    # the stubbed apt-get installs nothing, so there is still no cluster to start
    ("true", ["id -u", *INSTALL, "env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql",
              *TESTS, "pytest sees TRAINER_TEST_PG="]),
    (None, [*TESTS, "pytest sees TRAINER_TEST_PG="]),
])
def test_without_initdb_ci_installs_postgresql_and_a_laptop_skips_it(tmp_path: Path, ci: str | None,
                                                                     expected: list[str]) -> None:
    assert run_ci(tmp_path, ci, "0", postgres=False) == expected


def test_ci_run_is_executable() -> None:
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


@pytest.mark.parametrize(("ci", "code", "said"), [
    ("true", 1, "CI=true: .ci/run should have installed them"),
    ("", 0, "SKIPPED"),
])
def test_browser_tests_skip_locally_but_fail_in_ci_without_chromium(ci: str, code: int, said: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CI": ci, "TRAINER_CHROMIUM": "/nonexistent/chromium"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-n", "0", "-p", "no:cacheprovider",
                           "tests/test_serve_browser.py", "-k", "outside"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == code, done.stdout
    assert said in done.stdout and "apt-get install -y chromium chromium-driver fonts-noto-cjk" in done.stdout
