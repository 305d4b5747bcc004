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


# Runs the CLI like RUN_AND_REPORT, but the app runs headless at 80×24 and quits
# once its first screen has drawn, so we see what the path to that screen loaded.
RUN_APP_AND_REPORT = """
import runpy, sys
import textual.app
forbidden = sys.argv[1].split(",")
sys.argv = ["trainer", *sys.argv[2:]]
screens = []
async def first_screen(pilot):
    await pilot.pause()
    screens.append(type(pilot.app.screen).__name__)
    focused = pilot.app.focused
    screens.append(type(focused).__name__ if focused is not None else "-")
    pilot.app.exit()
run = textual.app.App.run
textual.app.App.run = lambda self, **kw: run(self, headless=True, size=(80, 24), auto_pilot=first_screen)
try:
    runpy.run_module("trainer", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
loaded = sorted(m for m in sys.modules if any(m == f or m.startswith(f + ".") for f in forbidden))
print("SCREEN:" + ",".join(screens), file=sys.stderr)
print("LOADED:" + ",".join(loaded), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("command", "screen"),
    [([], "HomeScreen"), (["play", str(ROOT / "scenarios" / "logistics-signed-not-received.yaml")],
                          "ChatScreen")],
    ids=["home", "play"],
)
def test_first_screen_does_not_load_cn2an(tmp_path: Path, command: list[str], screen: str) -> None:
    """cn2an costs ~100 ms to import and only replies with Chinese numerals need it."""
    args = ["--content", str(ROOT), "--db", str(tmp_path / "db.sqlite3"), "--user", "小明", *command]
    proc = python("-c", RUN_APP_AND_REPORT, "cn2an", *args)
    assert "Traceback" not in proc.stderr, proc.stderr
    shown = [x for x in proc.stderr.splitlines() if x.startswith("SCREEN:")][-1]
    assert shown.removeprefix("SCREEN:").split(",")[0] == screen, proc.stderr
    assert loaded_by(proc.stderr) == []
