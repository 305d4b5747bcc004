"""The README's quick start and CI agree: `.ci/run` runs the README's test command verbatim."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", section, re.S)
    return [line.strip() for block in blocks for line in block.strip().splitlines() if line.strip()]


def test_quick_start_is_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    run, test = commands
    assert run.endswith("&& trainer") and "pip install ." in run
    assert "pytest" in test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test_command = quick_start_commands()[1]
    ci = ROOT / ".ci" / "run"
    lines = [line.strip() for line in ci.read_text(encoding="utf-8").splitlines()]
    assert test_command in lines
    assert "set -euo pipefail" in lines
    assert os.access(ci, os.X_OK)
