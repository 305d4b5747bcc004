"""The core stays pure and the non-UI commands stay light, checked in fresh processes.

Importing every ``trainer.core`` module must leave Textual, Rich, the store, the
UI and the CLI unloaded; running ``trainer --help`` / ``validate`` / ``check`` /
``score`` must never load Textual, and ``--help`` must not even load the loader,
YAML or the scorer's libraries (it has to start fast).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE_MODULES = sorted(
    f"trainer.core.{p.stem}" for p in (ROOT / "trainer" / "core").glob("*.py") if p.stem != "__init__"
)
SCENARIO = str(ROOT / "scenarios" / "case-colour-mismatch.yaml")

# Runs the CLI like `python -m trainer ARGS…`, then reports which of the
# FORBIDDEN modules (argv[1], comma-separated) ended up in sys.modules.
RUN_AND_REPORT = """
import runpy, sys
forbidden = sys.argv[1].split(",")
sys.argv = ["trainer", *sys.argv[2:]]
try:
    runpy.run_module("trainer", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
loaded = sorted(m for m in sys.modules if any(m == f or m.startswith(f + ".") for f in forbidden))
print("LOADED:" + ",".join(loaded), file=sys.stderr)
"""


def python(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TRAINER_CONTENT", None)
    return subprocess.run([sys.executable, *args], capture_output=True, encoding="utf-8",
                          env=env, cwd=ROOT, timeout=120)


def loaded_by(stderr: str) -> list[str]:
    line = [x for x in stderr.splitlines() if x.startswith("LOADED:")][-1]
    return [m for m in line.removeprefix("LOADED:").split(",") if m]


def test_core_modules_found() -> None:
    assert {"trainer.core.loader", "trainer.core.scorer", "trainer.core.check"} <= set(CORE_MODULES)


def test_core_imports_nothing_from_ui_store_or_cli() -> None:
    forbidden = ("textual", "rich", "trainer.store", "trainer.ui", "trainer.cli")
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}: importlib.import_module(name)\n"
        f"forbidden = {forbidden!r}\n"
        "bad = sorted(m for m in sys.modules if any(m == f or m.startswith(f + '.') for f in forbidden))\n"
        "print('LOADED:' + ','.join(bad), file=sys.stderr)\n"
    )
    proc = python("-c", code)
    assert proc.returncode == 0, proc.stderr
    assert loaded_by(proc.stderr) == []


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["check", SCENARIO],
        ["score", SCENARIO, "--node", "open", "--reply", "親，抱歉，請拍照給我看看"],
        ["score", SCENARIO, "--node", "open", "--reply", "親", "--json"],
        ["score", SCENARIO, "--node", "missing", "--reply", "親"],
    ],
    ids=lambda a: " ".join(x for x in a if not x.startswith("/"))[:40],
)
def test_commands_never_load_textual(args: list[str]) -> None:
    proc = python("-c", RUN_AND_REPORT, "textual,trainer.ui", *args)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert loaded_by(proc.stderr) == []


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["score", "--help"]])
def test_help_loads_nothing_heavy(args: list[str]) -> None:
    heavy = "textual,rich,yaml,rapidfuzz,opencc,cn2an,trainer.core.loader,trainer.core.scorer"
    proc = python("-c", RUN_AND_REPORT, heavy, *args)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert loaded_by(proc.stderr) == []
