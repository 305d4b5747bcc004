"""The wheel carries the bundled content and the JSON Schemas (non-editable installs need them).

Builds the wheel once with ``pip wheel --no-build-isolation`` (a few seconds,
offline); skipped when the build backend (hatchling, in the ``test`` extra) is
not installed.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    pytest.importorskip("hatchling", reason="hatchling (the build backend) is not installed")
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "--no-index", "--quiet", "-w", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = out.glob("trainer-*.whl")
    with zipfile.ZipFile(built) as zf:
        yield zf


def names(wheel: zipfile.ZipFile) -> set[str]:
    return set(wheel.namelist())


def repo_files(pattern: str) -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob(pattern))


def test_wheel_carries_the_bundled_content(wheel: zipfile.ZipFile) -> None:
    expected = repo_files("scenarios/*.yaml") + repo_files("interview_bank/*.yaml")
    expected += ["thesaurus.yaml", "scoring.yaml", "rules.yaml"]
    assert len(expected) > 2
    missing = [f for f in expected if f"trainer/_content/{f}" not in names(wheel)]
    assert missing == []
    for f in expected:  # byte for byte
        assert wheel.read(f"trainer/_content/{f}") == (ROOT / f).read_bytes()


def test_wheel_carries_the_schemas(wheel: zipfile.ZipFile) -> None:
    schemas = repo_files("trainer/schema/*.json")
    assert schemas, "trainer/schema/*.json should exist"
    assert [s for s in schemas if s not in names(wheel)] == []


def test_wheel_has_the_code_and_the_console_script(wheel: zipfile.ZipFile) -> None:
    code = {"trainer/__init__.py", "trainer/cli.py", "trainer/paths.py", "trainer/core/scorer.py"}
    assert code <= names(wheel)
    (entry_points,) = [n for n in names(wheel) if n.endswith(".dist-info/entry_points.txt")]
    assert "trainer = trainer.cli:main" in wheel.read(entry_points).decode()
    assert not [n for n in names(wheel) if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names(wheel) if n.startswith(("tests/", "bench/", ".venv/"))]


def test_wheel_carries_the_served_page_and_needs_textual_serve(wheel: zipfile.ZipFile) -> None:
    assert "trainer/serve/templates/app_index.html" in names(wheel)  # `trainer serve` renders it
    (metadata,) = [n for n in names(wheel) if n.endswith(".dist-info/METADATA")]
    requires = [line for line in wheel.read(metadata).decode().splitlines() if line.startswith("Requires-Dist:")]
    assert "Requires-Dist: textual-serve>=1.1" in requires
