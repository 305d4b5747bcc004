"""Report and export files survive a failed write; CSV cells cannot run as spreadsheet formulas."""

from __future__ import annotations

import csv
import errno
import io
import os
from pathlib import Path
from typing import Any

import pytest

from tests.progress_helpers import History
from trainer.core import atomic
from trainer.reports.team import cmd_report_team, csv_cell
from trainer.reports.xapi import cmd_export_xapi
from trainer.store.transfer import cmd_export_json

OLD = "the previous good export\n"


def _full_disk(fd: int) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


WRITERS = [
    # (case, command writing to a file)
    ("report team csv", lambda store, out: cmd_report_team(store, "csv", out)),
    ("report team md", lambda store, out: cmd_report_team(store, "md", out)),
    ("export json", lambda store, out: cmd_export_json(store, None, out)),
    ("export xapi", lambda store, out: cmd_export_xapi(store, None, out)),
]


@pytest.mark.parametrize("write", [c[1] for c in WRITERS], ids=[c[0] for c in WRITERS])
def test_a_full_disk_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], write: Any
) -> None:
    h = History.open()
    h.practice("小美", "case-a", 80, day=0)
    out = tmp_path / "report.out"
    out.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(atomic.os, "fsync", _full_disk)
    assert write(h.store, out) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.out"]  # no temporary file left


@pytest.mark.parametrize("write", [c[1] for c in WRITERS], ids=[c[0] for c in WRITERS])
def test_a_good_write_replaces_the_file_and_keeps_its_mode(tmp_path: Path, write: Any) -> None:
    h = History.open()
    h.practice("小美", "case-a", 80, day=0)
    out = tmp_path / "report.out"
    out.write_text(OLD, encoding="utf-8")
    os.chmod(out, 0o640)
    assert write(h.store, out) == 0
    assert out.read_text(encoding="utf-8-sig") != OLD and out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.out"]


def test_a_failure_half_way_through_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    out.write_text(OLD, encoding="utf-8")
    with pytest.raises(RuntimeError), atomic.atomic_open(out) as fh:
        fh.write("half")
        raise RuntimeError("interrupted")
    assert out.read_text(encoding="utf-8") == OLD and len(list(tmp_path.iterdir())) == 1


CELLS = [
    # (case, value, as written)
    ("formula", "=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("plus", "+1+1", "'+1+1"),
    ("minus", "-2+3", "'-2+3"),
    ("at", "@SUM(A1)", "'@SUM(A1)"),
    ("tab", "\t=1", "'\t=1"),
    ("carriage return", "\r=1", "'\r=1"),
    ("plain Chinese", "小美", "小美"),
    ("a number stays a number", 80, 80),
    ("equals later in the text", "a=b", "a=b"),
]


@pytest.mark.parametrize(("value", "written"), [c[1:] for c in CELLS], ids=[c[0] for c in CELLS])
def test_csv_cells(value: object, written: object) -> None:
    assert csv_cell(value) == written


def test_team_csv_neutralises_hostile_names(tmp_path: Path) -> None:
    h = History.open()
    names = ["=1+2", "+cmd", "-x", "@me"]  # the store strips leading tabs and CRs from names
    for name in names:
        h.practice(name, "case-a", 80, day=0)
    out = tmp_path / "team.csv"
    assert cmd_report_team(h.store, "csv", out) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == sorted("'" + n for n in names)


def test_writing_to_a_device_writes_through_and_leaves_it_a_device(capsys: pytest.CaptureFixture[str]) -> None:
    h = History.open()
    h.practice("小美", "case-a", 80, day=0)
    assert cmd_report_team(h.store, "md", Path("/dev/null")) == 0
    assert Path("/dev/null").is_char_device()


def test_a_link_is_kept_and_the_file_it_points_at_replaced(tmp_path: Path) -> None:
    real = tmp_path / "reports" / "team.md"
    real.parent.mkdir()
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(real)
    atomic.write_atomic(link, "new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"


def test_a_folder_as_output_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    h = History.open()
    assert cmd_report_team(h.store, "md", tmp_path) == 1
    assert "cannot write" in capsys.readouterr().err and list(tmp_path.iterdir()) == []
