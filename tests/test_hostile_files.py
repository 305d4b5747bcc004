"""Hostile files: content folders, replies files, import files and settings files built to break things.

Each must end in a clear, positioned error (``file:line:col: …`` or ``trainer:
error: …``), never a traceback, a hang or "internal error"; a refused import
leaves the database exactly as it was.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.progress_helpers import History
from trainer import cli, paths
from trainer.core import files
from trainer.core.loader import load_content
from trainer.store import Store
from trainer.store.transfer import export_history

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "case-colour-mismatch.yaml"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(paths.CONTENT_ENV, raising=False)
    monkeypatch.setenv(paths.DB_ENV, str(tmp_path / "progress.sqlite3"))


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def clean(code: int, out: str, err: str) -> None:
    """No traceback and no bug report, whatever happened."""
    assert "Traceback" not in out + err and "internal error" not in out + err, out + err


def content_root(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "scenarios").mkdir(parents=True)
    (root / "interview_bank").mkdir()
    shutil.copy(SCENARIO, root / "scenarios" / SCENARIO.name)
    return root


# ---------------------------------------------------------------- content folders


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _loop(path: Path) -> None:
    os.symlink(path.name + ".other", path)
    os.symlink(path.name, path.with_name(path.name + ".other"))


def _dangling(path: Path) -> None:
    os.symlink(path.with_name("deleted-meanwhile.yaml"), path)


def _folder(path: Path) -> None:
    path.mkdir()


def _device(path: Path) -> None:
    os.symlink("/dev/zero", path)


SPECIAL_FILES = [
    # (case, how to make scenarios/bad.yaml, message fragment)
    ("a FIFO blocks a plain read forever", _fifo, "it is a FIFO (named pipe), not a regular file"),
    ("a symbolic-link loop", _loop, "it is a symbolic link that points back at itself"),
    ("a file that vanished (a dangling link)", _dangling, "the file is gone"),
    ("a folder named like a content file", _folder, "it is a folder, not a content file"),
    ("an endless device", _device, "it is a socket or device, not a regular file"),
]


@pytest.mark.parametrize(("make", "fragment"), [c[1:] for c in SPECIAL_FILES], ids=[c[0] for c in SPECIAL_FILES])
def test_special_files_in_a_content_folder_are_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, fragment: str
) -> None:
    root = content_root(tmp_path)
    make(root / "scenarios" / "bad.yaml")
    code, out, err = run_cli(capsys, "--content", str(root), "validate")
    clean(code, out, err)
    assert code == 1
    assert f"{root}/scenarios/bad.yaml:1:1: {fragment}" in out, out


NAMED = [c for c in SPECIAL_FILES if c[1] is not _folder]  # a folder named there is a folder to search


@pytest.mark.parametrize(("make", "fragment"), [c[1:] for c in NAMED], ids=[c[0] for c in NAMED])
def test_special_files_named_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, fragment: str
) -> None:
    bad = tmp_path / "bad.yaml"
    make(bad)
    code, out, err = run_cli(capsys, "validate", str(bad))
    clean(code, out, err)
    assert code == 1 and f"{bad}:1:1: {fragment}" in out, out


def test_a_fifo_named_like_a_settings_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = content_root(tmp_path)
    os.mkfifo(root / "scoring.yaml")
    code, out, err = run_cli(capsys, "--content", str(root), "validate")
    clean(code, out, err)
    assert code == 1 and f"{root}/scoring.yaml:1:1: it is a FIFO" in out, out


def test_an_unreadable_content_folder_is_an_error_not_a_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = content_root(tmp_path)
    (root / "interview_bank" / "x.yaml").write_text("category: x\n", encoding="utf-8")
    real = os.scandir

    def scandir(path: Any) -> Any:  # root reads every folder: simulate a permission error
        if Path(path).name == "interview_bank":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    code, out, err = run_cli(capsys, "--content", str(root), "validate")
    clean(code, out, err)
    assert code == 1
    assert (f"{root}/interview_bank:1:1: cannot read the folder (permission denied: this account "
            "may not list it); its files were not loaded") in out, out


def test_a_file_that_grows_past_the_limit_while_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "grows.yaml"
    path.write_bytes(b"x" * 5000)
    real = os.fstat

    def small(fd: int) -> os.stat_result:  # it was small when looked at
        info = real(fd)
        return os.stat_result((info.st_mode, *list(info)[1:6], 10, *list(info)[7:]))

    monkeypatch.setattr(files.os, "fstat", small)
    data, problem = files.read_bytes(path, 1000)
    assert data is None and problem is not None and "the file is too large" in problem.message


def test_an_alias_bomb_in_a_settings_file(tmp_path: Path) -> None:
    root = content_root(tmp_path)
    (root / "thesaurus.yaml").write_text(
        "a: &x [" + ", ".join(["退款"] * 500) + "]\nb: [" + ", ".join(["*x"] * 5000) + "]\n", encoding="utf-8")
    _content, problems = load_content(root)
    assert [str(p).split(": ", 1)[1][:26] for p in problems if p.loc.file.endswith("thesaurus.yaml")] == [
        "aliases (`*name`) expand t"]


# ---------------------------------------------------------------- replies files


REPLIES = [
    # (case, file bytes, expected reply column per line or an error fragment)
    ("U+2028 and \\x85 are not line ends", "第一\u2028句\n第二\x85句\r\n".encode(),
     ["1: 第一\\u2028句", "2: 第二\\x85句"]),
    ("escape codes are shown, not sent", b"\x1b]0;pwned\x07\x1b[2Jhi\n", ["1: \\x1b]0;pwned\\x07\\x1b[2Jhi"]),
    ("a tab inside a reply stays on its line", b"a\tb\n", ["1: a\\tb"]),
    ("a reply too long", b"x" * 6000 + b"\n", "replies.txt:1: the reply is 6,000 characters long"),
    ("not UTF-8 on line 2", b"ok\n\xff\n", "replies.txt:2: not UTF-8 text"),
]


@pytest.mark.parametrize(("data", "expected"), [c[1:] for c in REPLIES], ids=[c[0] for c in REPLIES])
def test_replies_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, expected: Any) -> None:
    replies = tmp_path / "replies.txt"
    replies.write_bytes(data)
    code, out, err = run_cli(capsys, "score", str(SCENARIO), "--node", "open", "--replies", str(replies))
    clean(code, out, err)
    assert "\x1b" not in out + err and "\x85" not in out
    if isinstance(expected, str):
        assert code == 1 and expected in err, err
    else:
        assert code == 0
        assert [f"{row.split(chr(9))[0]} {row.split(chr(9))[3]}" for row in out.splitlines()] == expected


def test_replies_from_an_endless_device_stop_at_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "score", str(SCENARIO), "--node", "open", "--replies", "/dev/zero")
    clean(code, out, err)
    assert code == 1 and "/dev/zero is larger than 8 MB" in err


def test_json_output_escapes_what_json_leaves_raw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replies = tmp_path / "r.txt"
    replies.write_bytes("x\x9b31m\u202e\n".encode())
    code, out, err = run_cli(capsys, "score", str(SCENARIO), "--node", "open", "--replies", str(replies), "--json")
    assert code == 0 and "\x9b" not in out and "\u202e" not in out
    assert json.loads(out)["reply"] == "x\x9b31m\u202e"


# ---------------------------------------------------------------- import files


def _history(tmp_path: Path) -> dict[str, Any]:
    h = History.open(tmp_path / "source.sqlite3")
    h.practice("小美", "case-a", 80, day=0, hit=("道歉",), missed=("拍照",), replies=2)
    doc = export_history(h.store)
    doc["tables"] = {"turn_notes": [{"turn_id": {"$turn": [doc["users"][0]["sessions"][0]["uid"], 0]},
                                     "note": "好", "reviewer": "王", "at": "2026-01-01T00:00:00+00:00"}]}
    return doc


def _inject(doc: dict[str, Any]) -> None:
    note = doc["tables"]["turn_notes"][0]
    note['at") SELECT 1, (SELECT value FROM settings LIMIT 1), 2, 3 --'] = "x"


def _session(**change: Any) -> Any:
    return lambda doc: doc["users"][0]["sessions"][0].update(change)


def _turn(**change: Any) -> Any:
    return lambda doc: doc["users"][0]["sessions"][0]["turns"][0].update(change)


IMPORTS = [
    # (case, change to a good file, message fragment naming the record)
    ("a column name that is SQL", _inject, "tables.turn_notes[0]: unknown column 'at\") SELECT"),
    ("a table that is not linked", lambda d: d["tables"].update(settings=[{"key": "k"}]),
     "tables: unknown table 'settings'"),
    ("a score that is text", _turn(score="abc"), "users[0].sessions[0].turns[0].score: must be a number"),
    ("a score out of range", _turn(score=1e9), "turns[0].score: must be between 0 and 100"),
    ("a score that is NaN", _turn(score=float("nan")), "turns[0].score: must be between 0 and 100"),
    ("a session score as text", _session(score="abc"), "users[0].sessions[0].score: must be a number"),
    ("a start time that is not a time", _session(started_at="yesterday"), "started_at: must be an ISO 8601"),
    ("a mood that is a list", _turn(mood_after=[1]), "turns[0].mood_after: must be a whole number"),
    ("a result that is text", _turn(result="{}"), "turns[0].result: must be an object"),
    ("an unknown session field", _session(user_id=1), "users[0].sessions[0]: unknown field 'user_id'"),
    ("a note that is a number", lambda d: d["tables"]["turn_notes"][0].update(note=5),
     "tables.turn_notes[0].note: must be text"),
    ("a note without its reviewer", lambda d: d["tables"]["turn_notes"][0].pop("reviewer"),
     "tables.turn_notes[0].reviewer: is required"),
    ("a broken turn reference", lambda d: d["tables"]["turn_notes"][0].update(turn_id={"$turn": "x"}),
     "tables.turn_notes[0].turn_id: must be {\"$turn\": [uid, index]}"),
    ("an override past a CHECK", lambda d: d["tables"].update(turn_overrides=[
        {"turn_id": {"$turn": [d["users"][0]["sessions"][0]["uid"], 0]}, "score": 150.0, "reason": "",
         "reviewer": "王", "at": "2026-01-01T00:00:00+00:00"}]), "tables.turn_overrides[0] cannot be stored"),
]


def _snapshot(db: Path) -> bytes:
    with Store.open(db) as store, store._read() as conn:
        return "\n".join(conn.iterdump()).encode()


@pytest.mark.parametrize(("change", "fragment"), [c[1:] for c in IMPORTS], ids=[c[0] for c in IMPORTS])
def test_hostile_import_files_are_refused_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, fragment: str
) -> None:
    db = tmp_path / "target.sqlite3"
    with Store.open(db) as store:
        store.user_id("舊同事")
        store.set_setting("passphrase", "secret-hash")
    before = _snapshot(db)
    doc = _history(tmp_path)
    change(doc)
    file = tmp_path / "in.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", str(db), "import", "json", str(file))
    clean(code, out, err)
    assert code == 1 and fragment in err, err
    assert _snapshot(db) == before


def test_a_good_import_file_still_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "in.json"
    file.write_text(json.dumps(_history(tmp_path), ensure_ascii=False), encoding="utf-8")
    code, out, err = run_cli(capsys, "--db", str(tmp_path / "t.sqlite3"), "import", "json", str(file))
    assert code == 0 and "imported 1 sessions (2 replies)" in err, err


# ---------------------------------------------------------------- what reaches the terminal


VISIBLE = [
    # (case, text, as shown)
    ("ESC sequence", "\x1b[2J清屏", "\\x1b[2J清屏"),
    ("window title (OSC … BEL)", "\x1b]0;x\x07", "\\x1b]0;x\\x07"),
    ("one-byte CSI (C1)", "\x9b31m", "\\x9b31m"),
    ("carriage return overwrites the line", "ok\rFAIL", "ok\\x0dFAIL"),
    ("bidi override reorders the line", "abc\u202edef", "abc\\u202edef"),
    ("line separator", "a\u2028b", "a\\u2028b"),
    ("newline and tab are kept", "a\nb\tc", "a\nb\tc"),
    ("Chinese and emoji unchanged", "親，您好 😊", "親，您好 😊"),
]


@pytest.mark.parametrize(("text", "shown"), [c[1:] for c in VISIBLE], ids=[c[0] for c in VISIBLE])
def test_visible(text: str, shown: str) -> None:
    from trainer.core.visible import visible

    assert visible(text) == shown


def test_json_safe_is_the_same_data() -> None:
    from trainer.core.visible import json_safe

    data = {"r": "\x1b\x85\x9b\u202e\u2028\x7f好"}
    text = json_safe(json.dumps(data, ensure_ascii=False))
    assert json.loads(text) == data and all(c not in text for c in "\x1b\x85\x9b\u202e\u2028\x7f")


def test_validate_shows_escape_codes_in_content_instead_of_sending_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('id: s\ntitle: "\\e]0;pwned\\a"\nstart: a\nnodes: {a: {buyer: x, answers: [y]}}\n'
                   '"\\e[31mred": 1\n', encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", str(bad))
    clean(code, out, err)
    assert code == 1 and "\x1b" not in out + err
    assert "unknown field `\\x1b[31mred`" in out, out


IMPORT_FILES = [
    # (case, how to make the file, message fragment)
    ("a FIFO", _fifo, "it is a FIFO (named pipe), not a regular file"),
    ("an endless device", _device, "it is a socket or device"),
    ("JSON nested 100,000 deep", lambda p: p.write_text("[" * 100_000, encoding="utf-8"),
     "is not a JSON history file"),
    ("not JSON at all", lambda p: p.write_bytes(b"\x00\x01binary"), "is not a JSON history file"),
    ("a JSON list", lambda p: p.write_text("[1, 2]", encoding="utf-8"), "not a trainer history file"),
    ("users is text", lambda p: p.write_text('{"format": "trainer-history", "version": 1, "users": "x"}',
                                             encoding="utf-8"), "`users` must be a list"),
]


@pytest.mark.parametrize(("make", "fragment"), [c[1:] for c in IMPORT_FILES], ids=[c[0] for c in IMPORT_FILES])
def test_import_files_that_are_not_histories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, fragment: str
) -> None:
    db = tmp_path / "target.sqlite3"
    Store.open(db).close()
    before = _snapshot(db)
    file = tmp_path / "in.json"
    make(file)
    code, out, err = run_cli(capsys, "--db", str(db), "import", "json", str(file))
    clean(code, out, err)
    assert code == 1 and fragment in err, err
    assert _snapshot(db) == before


# ---------------------------------------------------------------- settings files


SETTINGS_FILES = [
    # (case, file name, bytes, "line:col", message fragment)
    ("scoring.yaml is a list", "scoring.yaml", b"- 1\n- 2\n", "1:1", "must be a mapping of fields"),
    ("scoring.yaml is binary", "scoring.yaml", b"\x00\xff\xfe", "1:2", "not UTF-8 text (byte 0xff)"),
    ("thesaurus.yaml with a tab", "thesaurus.yaml", b"groups:\n\t- [a, b]\n", "2:1", "YAML syntax error"),
    ("thesaurus.yaml nested 50,000 deep", "thesaurus.yaml", b"groups: " + b"[" * 50_000, "1:",
     "nest"),
]


@pytest.mark.parametrize(("name", "data", "where", "fragment"), [c[1:] for c in SETTINGS_FILES],
                         ids=[c[0] for c in SETTINGS_FILES])
def test_hostile_settings_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, where: str, fragment: str
) -> None:
    root = content_root(tmp_path)
    (root / name).write_bytes(data)
    code, out, err = run_cli(capsys, "--content", str(root), "validate")
    clean(code, out, err)
    assert code == 1
    assert any(line.startswith(f"{root}/{name}:{where}") and fragment in line for line in out.splitlines()), out


def test_an_overlong_avoid_phrase_is_matched_as_written() -> None:
    """The adverb-tolerant pattern of a phrase grows as the square of its length (a 1,500-character
    phrase took 2.6 s to compile): past ADVERB_MAX the phrase is matched as written."""
    from trainer.core.matching import ADVERB_MAX, adverb_pattern

    assert adverb_pattern("色差很正常") is not None
    assert adverb_pattern("快" * (ADVERB_MAX + 1)) is None


def test_an_overlong_thesaurus_word_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    from trainer.core.content import read_thesaurus
    from trainer.core.lexicon import WORD_MAX

    path = tmp_path / "thesaurus.yaml"
    path.write_text("groups:\n  - [好的, " + "好" * 1500 + ", 行]\n", "utf-8")
    problems: list = []
    lexicon = read_thesaurus(path, problems)
    assert lexicon is not None and lexicon.canonical("行") == "好的"
    assert [(p.loc.line, f"at most {WORD_MAX} characters" in p.message) for p in problems] == [(2, True)]
