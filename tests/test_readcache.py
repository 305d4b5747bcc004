"""``trainer.core.readcache``: a played file's scenario kept for the next ``trainer play``.

An entry is used only for the same bytes, by the same code, from a private file;
every other case is a miss that reads the file as before, never an error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.core import readcache
from trainer.core.loader import read_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "logistics-signed-not-received.yaml"


def played(tmp_path: Path) -> Path:
    copy = tmp_path / "played.yaml"
    copy.write_bytes(SCENARIO.read_bytes())
    return copy


def entry(cache: Path) -> Path:
    [found] = (cache / "scenarios").iterdir()
    return found


def test_a_saved_scenario_comes_back_as_read(tmp_path: Path) -> None:
    file, cache = played(tmp_path), tmp_path / "cache"
    assert readcache.load(cache, file) is None  # nothing yet
    readcache.save(cache, file)
    scenario, _ = read_scenario(file)
    assert readcache.load(cache, file) == scenario
    if os.name == "posix":  # private: a pickle runs code when loaded
        assert entry(cache).stat().st_mode & 0o777 == 0o600
        assert (cache / "scenarios").stat().st_mode & 0o777 == 0o700


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    file, cache = played(tmp_path), tmp_path / "cache"
    readcache.save(cache, file)
    file.write_text(file.read_text("utf-8").replace("title:", "title: 改", 1), encoding="utf-8")
    assert readcache.load(cache, file) is None


def test_an_entry_from_other_code_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file, cache = played(tmp_path), tmp_path / "cache"
    readcache.save(cache, file)
    monkeypatch.setattr(readcache, "FORMAT", readcache.FORMAT + 1)
    assert readcache.load(cache, file) is None


def test_an_entry_is_for_one_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Entries are named by a CRC of the path: two paths sharing a name must not share a
    # scenario, even with the same bytes (its locations name the file it was read from).
    file, cache = played(tmp_path), tmp_path / "cache"
    twin = tmp_path / "twin.yaml"
    twin.write_bytes(file.read_bytes())
    monkeypatch.setattr(readcache, "_entry", lambda cache_dir, _file: cache_dir / "scenarios" / "0000abcd.pickle")
    readcache.save(cache, file)
    assert readcache.load(cache, twin) is None
    assert readcache.load(cache, file) is not None


@pytest.mark.parametrize("damage", ["truncated", "not a pickle", "another object"])
def test_a_damaged_entry_is_only_a_miss(tmp_path: Path, damage: str) -> None:
    import pickle

    file, cache = played(tmp_path), tmp_path / "cache"
    readcache.save(cache, file)
    path = entry(cache)
    blob = {"truncated": path.read_bytes()[:100], "not a pickle": b"id: x\n",
            "another object": pickle.dumps((("x",), "y"))}[damage]
    path.write_bytes(blob)
    assert readcache.load(cache, file) is None


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_entry_others_may_write_or_a_link_is_not_read(tmp_path: Path) -> None:
    file, cache = played(tmp_path), tmp_path / "cache"
    readcache.save(cache, file)
    path = entry(cache)
    path.chmod(0o620)
    assert readcache.load(cache, file) is None
    path.chmod(0o600)
    moved = tmp_path / "elsewhere.pickle"
    path.rename(moved)
    path.symlink_to(moved)
    assert readcache.load(cache, file) is None


def test_a_file_with_problems_or_an_unwritable_cache_keeps_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: 壞\nstart: open\nnodes:\n  open:\n    colour: red\n", encoding="utf-8")
    readcache.save(tmp_path / "cache", bad)
    assert not (tmp_path / "cache").exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    readcache.save(blocker, played(tmp_path))  # no error: only a speed-up
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_file_played_before_opens_without_yaml(tmp_path: Path) -> None:
    """The second `trainer play` of a file that passed its check draws its chat without
    importing PyYAML or the loader; its check still runs behind the chat."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom trainer import paths\n"
        "from trainer.ui.launch import _prepare\n"
        f"_, play = _prepare(paths.bundled_content_dir(), Path({str(SCENARIO)!r}), None, None, 'coach')\n"
        "print(play.scenario.id, 'yaml' in sys.modules, 'trainer.core.loader' in sys.modules)\n"
        "if sys.argv[1] == 'check':\n    play.check()\n")
    env = {**os.environ, "TRAINER_CACHE": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}

    def prepare(then: str) -> str:
        out = subprocess.run([sys.executable, "-c", code, then], capture_output=True, text=True,
                             env=env, cwd=tmp_path, timeout=120)
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    assert prepare("check") == "logistics-signed-not-received True True"  # first play: read, checked, kept
    assert prepare("-") == "logistics-signed-not-received False False"


def test_a_first_play_keeps_what_it_read_before_its_first_frame(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is read once as a scenario (before the chat), checked once, and what was read is
    kept: the check does not read it a third time to fill the cache."""
    from trainer import paths
    from trainer.core import loader
    from trainer.ui import launch

    file, cache = played(tmp_path), tmp_path / "cache"
    monkeypatch.setenv("TRAINER_CACHE", str(cache))
    reads: list[Path] = []
    original = loader.read_scenario

    def counted(path: Path, data: bytes | None = None) -> object:
        reads.append(path)
        return original(path, data)

    monkeypatch.setattr(loader, "read_scenario", counted)
    _, play = launch._prepare(paths.bundled_content_dir(), file, None, None, "coach")
    assert play is not None and play.check is not None
    play.check()
    assert reads == [file.absolute()]
    assert readcache.load(cache, file) == play.scenario


def test_what_was_read_is_not_kept_once_the_file_changed(tmp_path: Path) -> None:
    file, cache = played(tmp_path), tmp_path / "cache"
    done = readcache.read(file)
    assert done.scenario is not None and done.data == file.read_bytes()
    file.write_text(file.read_text("utf-8").replace("title:", "title: 改", 1), encoding="utf-8")
    readcache.keep_read(cache, file, done)  # its check would have read the new bytes
    assert not (cache / "scenarios").exists()
    assert readcache.load(cache, file) is None


def test_what_cannot_be_pickled_is_skipped(tmp_path: Path) -> None:
    import threading

    from trainer.core import keep

    keep.save(tmp_path / "x.pickle", ("fp",), {"lock": threading.Lock()})  # TypeError inside
    assert not (tmp_path / "x.pickle").exists()
    assert keep.load(tmp_path / "x.pickle", ("fp",)) is None


def test_the_folder_keeps_the_files_played_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries do not pile up: beyond KEPT the oldest go, and so do files named as an older
    version named them and temporary files a killed write left (a fresh one is in use: kept)."""
    monkeypatch.setattr(readcache, "KEPT", 2)
    cache, folder = tmp_path / "cache", tmp_path / "cache" / "scenarios"
    folder.mkdir(parents=True)
    old_format = folder / ("ab" * 16 + ".pickle")  # a BLAKE2-named entry of FORMAT 1
    stale, fresh = folder / ".x1.tmp", folder / ".x2.tmp"
    for leftover in (old_format, stale, fresh):
        leftover.write_bytes(b"old")
    os.utime(stale, (1, 1))
    files = []
    for index in range(3):
        file = tmp_path / f"played-{index}.yaml"
        file.write_bytes(SCENARIO.read_bytes())
        readcache.save(cache, file)
        os.utime(readcache._entry(cache, file), ns=(index * 10**9, (index + 1) * 10**9))
        files.append(file)
    readcache.save(cache, files[2])  # the newest again: pruning runs after each save
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [".x2.tmp", readcache._entry(cache, files[1]).name, readcache._entry(cache, files[2]).name])
    assert readcache.load(cache, files[0]) is None and readcache.load(cache, files[2]) is not None
