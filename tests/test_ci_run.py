"""`.ci/run` installs the browser test packages under CI=true, then runs the README's test command.

The script runs for real from a copy, with every outside command (apt-get, sudo,
env, id, python3, pip, python) replaced by a stub that logs its arguments (and runs nothing).
"""

from __future__ import annotations

import os
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
esac
"""
TESTS = ["python3 -m venv .venv", "pip install -e .[test]", "python -m pytest -q"]
INSTALL = ["apt-get update -q", f"env DEBIAN_FRONTEND=noninteractive apt-get install -y -q {PACKAGES}"]


def run_ci(tmp_path: Path, ci: str | None, uid: str) -> list[str]:
    checkout = tmp_path / "checkout"
    (checkout / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", checkout / ".ci" / "run")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for name in ("apt-get", "sudo", "id", "python3", "pip", "python", "env"):
        (stubs / name).write_text(STUB)
        (stubs / name).chmod(0o755)
    log = tmp_path / "log"
    env = {"PATH": f"{stubs}:/usr/bin:/bin", "STUB_LOG": str(log), "STUB_UID": uid}
    if ci is not None:
        env["CI"] = ci
    subprocess.run(["bash", str(checkout / ".ci" / "run")], env=env, check=True, timeout=60)
    return log.read_text().splitlines()


@pytest.mark.parametrize(("ci", "uid", "expected"), [
    ("true", "0", ["id -u", *INSTALL, *TESTS]),
    ("true", "1000", ["id -u", *(f"sudo {c}" for c in INSTALL), *TESTS]),
    (None, "0", TESTS),
    ("false", "0", TESTS),
])
def test_ci_installs_chromium_only_in_ci(tmp_path: Path, ci: str | None, uid: str, expected: list[str]) -> None:
    assert run_ci(tmp_path, ci, uid) == expected


def test_ci_run_is_executable() -> None:
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


@pytest.mark.parametrize(("ci", "code", "said"), [
    ("true", 1, "CI=true: .ci/run should have installed them"),
    ("", 0, "SKIPPED"),
])
def test_browser_tests_skip_locally_but_fail_in_ci_without_chromium(ci: str, code: int, said: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CI": ci, "TRAINER_CHROMIUM": "/nonexistent/chromium"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           "tests/test_serve_browser.py", "-k", "outside"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == code, done.stdout
    assert said in done.stdout and "apt-get install -y chromium chromium-driver fonts-noto-cjk" in done.stdout
