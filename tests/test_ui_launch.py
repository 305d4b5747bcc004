"""``trainer.ui.launch.run``: refusing bad content and bad databases, and losing nothing on a kill.

The kill test starts the real app in a subprocess under a pseudo-terminal (80×24),
types two replies as a trainee would, SIGKILLs the process mid-scenario and
checks that both replies are in the database and the session shows as unfinished.
"""

from __future__ import annotations

import os
import pty
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from trainer.store import Store
from trainer.ui.launch import run

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "logistics-signed-not-received.yaml"
REPLIES = (
    "親，抱歉讓您著急了，別擔心。我這就聯系圓通快遞查詢是誰簽收的，也麻煩您問問家人或門衛有沒有代收。",
    "我聯系過快遞了，簽收人不是您本人，我會一直跟進；萬一追不回來，我們給您補發或者退款。",
)


def broken_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "scenarios").mkdir(parents=True)
    (root / "scenarios" / "bad.yaml").write_text(
        "id: bad\ntitle: 壞\nstart: open\nnodes:\n  open:\n    buyer: 在嗎\n    answers: [在]\n"
        "    next:\n      - {goto: nowhere}\n", encoding="utf-8")
    return root


def test_invalid_content_is_reported_like_a_compiler(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = run(broken_content(tmp_path), tmp_path / "db.sqlite3", user="小明")
    err = capsys.readouterr().err
    assert code == 1
    assert any(line.startswith(str(tmp_path / "content" / "scenarios" / "bad.yaml") + ":")
               for line in err.splitlines()), err
    assert "trainer: error:" in err
    assert not (tmp_path / "db.sqlite3").exists()  # refused before touching the store


def test_a_corrupt_database_gives_a_clear_message_and_is_kept(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "progress.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    before = db.read_bytes()
    assert run(ROOT, db, user="小明") == 1
    err = capsys.readouterr().err
    assert err.startswith("trainer: error:") and "Traceback" not in err
    assert db.read_bytes() == before


@pytest.mark.parametrize(("options", "message"), [
    ({"from_node": "nowhere"}, "no node 'nowhere'"),
    ({"from_node": "resolved_end"}, "is an ending"),
    ({"mood": 120}, "between 0 and 100"),
    ({"mode": "quiz"}, "--mode must be one of"),
])
def test_play_options_are_checked_before_starting(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  options: dict[str, object], message: str) -> None:
    assert run(ROOT, tmp_path / "db.sqlite3", user="小明", play_file=SCENARIO, **options) == 1  # type: ignore[arg-type]
    assert message in capsys.readouterr().err


def test_play_refuses_a_file_that_is_not_a_scenario(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text("category: 面試\nquestions:\n  - id: q1\n    ask: 你好嗎？\n"
                    "    answers: [我很好，謝謝。]\n", encoding="utf-8")
    assert run(ROOT, tmp_path / "db.sqlite3", user="小明", play_file=bank) == 1
    assert "not a scenario file" in capsys.readouterr().err


# ---------------------------------------------------------------- killed mid-scenario

LAUNCH = (
    "import sys; from pathlib import Path; from trainer.ui.launch import run; "
    "sys.exit(run(Path(sys.argv[1]), Path(sys.argv[2]), user='小明', play_file=Path(sys.argv[3])))"
)


class Terminal:
    """A child process on a pseudo-terminal of 80×24 whose output is drained continuously."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None) -> None:
        import fcntl
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8",
               **(env or {})}
        env.pop("TEXTUAL", None)
        self.proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     cwd=ROOT, start_new_session=True)
        os.close(slave)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def type(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8"))

    def wait_for_output(self, text: str, timeout: float = 30.0) -> None:
        until = time.monotonic() + timeout
        while text.encode("utf-8") not in self.output:
            assert self.proc.poll() is None, f"the app exited: {bytes(self.output[-2000:])!r}"
            assert time.monotonic() < until, f"no {text!r} on screen"
            time.sleep(0.05)

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)


def wait_for(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    until = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < until, "timed out"
        time.sleep(0.05)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_killed_mid_scenario_loses_no_sent_reply(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    with Store.open(db) as store:
        store.set_setting("typing_pause", "off")
    term = Terminal([sys.executable, "-c", LAUNCH, str(ROOT), str(db), str(SCENARIO)])
    try:
        term.wait_for_output("輸入回覆")
        reader = Store.open(db)  # a second connection, as a second process would have
        [session] = reader.unfinished_sessions("小明")
        for n, reply in enumerate(REPLIES, 1):
            term.type(reply)
            term.type("\r")  # Enter
            wait_for(lambda n=n: len(reader.turns(session.id)) == n)
        term.type("親，我再幫您")  # typed but never sent: not expected anywhere
    finally:
        term.kill()
    assert term.proc.returncode == -signal.SIGKILL
    rows = reader.turns(session.id)
    assert [t.reply for t in rows] == list(REPLIES)
    assert all(t.result["points"] for t in rows)
    [still_open] = reader.unfinished_sessions("小明", "practice")
    assert still_open.id == session.id and still_open.turn_count == 2
    reader.close()


@pytest.mark.skipif(shutil.which("true") is None, reason="POSIX only")
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("played_before", [True, False], ids=["played-before", "first-play"])
def test_the_first_frame_of_trainer_play_is_the_whole_chat(tmp_path: Path, played_before: bool) -> None:
    """Textual drops the frames drawn inside its start-up batch and then sends only a part of
    the screen (no reply box) until a full repaint ~20 ms later; the app mounts the chat inside
    that batch and draws it whole as the batch ends (``trainer.ui.app_start``); the key bar
    follows; whether the scenario comes from ``trainer.core.readcache`` (played before) or is
    read with PyYAML (a first play). The cache folder is new: the styles are parsed in both."""
    from trainer.core import readcache

    cache = tmp_path / "cache"
    if played_before:
        readcache.save(cache, SCENARIO)
    term = Terminal([sys.executable, "-m", "trainer", "--db", str(tmp_path / "db.sqlite3"),
                     "--user", "小明", "play", str(SCENARIO)], env={"TRAINER_CACHE": str(cache)})
    try:
        term.wait_for_output("入回覆")
        term.wait_for_output("離開")  # the key bar, built once that frame is out (KeyFooter)
        out = bytes(term.output)
    finally:
        term.kill()
    title, box = "物流顯示簽收".encode(), "入回覆".encode()
    first = out.index(title)
    again = out.find(title, first + 1)  # the next frame that draws the title
    assert out.index(box) < (again if again >= 0 else len(out)), "the first frame has no reply box"


def test_launcher_imports_no_textual_before_the_content_is_checked(tmp_path: Path) -> None:
    code = ("import sys; from pathlib import Path; from trainer.ui.launch import run; "
            f"run(Path({str(broken_content(tmp_path))!r}), Path({str(tmp_path / 'db')!r})); "
            "print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- content loaded behind the home screen

async def test_content_loads_behind_the_home_screen(tmp_path: Path) -> None:
    from tests.ui_helpers import CONTENT, rig, screen_text, workers_done
    from trainer.ui.app import make_app
    from trainer.ui.screens.home import HomeScreen
    from trainer.ui.screens.picker import PickerScreen

    r = rig(tmp_path)
    app = make_app(lambda: CONTENT, r.store, r.app.ctx.config)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen) and "選擇模式" in screen_text(app)
        await pilot.press("p")  # waits for the content if it is not there yet
        await workers_done(app)
        await pilot.pause()
        assert app.ctx.content is CONTENT
        assert isinstance(app.screen, PickerScreen)


async def test_content_refused_in_the_background_exits_with_the_report(tmp_path: Path) -> None:
    from tests.ui_helpers import rig, workers_done
    from trainer.core.problems import Loc, Problem
    from trainer.ui.app import make_app
    from trainer.ui.launch import LaunchError

    def refuse():  # type: ignore[no-untyped-def]
        raise LaunchError("the content has 1 error", [Problem(Loc("bad.yaml", 3, 5), "broken")])

    r = rig(tmp_path)
    app = make_app(refuse, r.store, r.app.ctx.config)
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_done(app)
        await pilot.pause()
    assert app.return_code == 1
    assert isinstance(app.load_error, LaunchError)
    assert [str(p) for p in app.load_error.problems] == ["bad.yaml:3:5: broken"]


def test_play_on_bundled_content_opens_before_the_library_loads() -> None:
    """`trainer play` reads only the file before the app; the check with the folder's
    thesaurus and settings, then the rest of the bundled content, load behind the chat."""
    from trainer import paths
    from trainer.ui.launch import _prepare

    root = paths.bundled_content_dir()
    content, play = _prepare(root, root / "scenarios" / "case-colour-mismatch.yaml", "open", 80, "coach")
    assert callable(content)  # the library: loaded later, in a worker
    assert play is not None and play.content is None and play.check is not None
    assert (play.scenario.id, play.node, play.mood) == ("case-colour-mismatch", "open", 80)
    checked = play.check()
    assert list(checked.scenarios) == ["case-colour-mismatch"]
    assert checked.scenarios["case-colour-mismatch"] == play.scenario  # the same rubrics, facts on them
    assert len(checked.lexicon) > 100  # the folder's thesaurus is in use


def bad_play_file(tmp_path: Path, structure: bool) -> Path:
    """A scenario whose `goto` leads nowhere (a cross-check), and maybe an unknown field too."""
    path = tmp_path / "bad-play.yaml"
    extra = "    colour: red\n" if structure else ""
    path.write_text("id: bad-play\ntitle: 壞\nstart: open\nnodes:\n  open:\n    buyer: 在嗎\n"
                    f"    answers: [在]\n{extra}    next:\n      - {{goto: nowhere}}\n", encoding="utf-8")
    return path


def test_a_played_file_with_a_broken_structure_is_refused_with_every_problem(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bad_play_file(tmp_path, structure=True)
    assert run(ROOT, tmp_path / "db.sqlite3", user="小明", play_file=path) == 1
    err = capsys.readouterr().err
    assert "colour" in err and "nowhere" in err  # the structure and the cross-check, both
    assert not (tmp_path / "db.sqlite3").exists()  # refused before touching the store


async def test_a_played_file_failing_its_check_closes_the_chat_with_the_report(tmp_path: Path) -> None:
    from tests.ui_helpers import rig
    from trainer.ui.app import make_app
    from trainer.ui.launch import LaunchError, _prepare

    content, play = _prepare(ROOT, bad_play_file(tmp_path, structure=False), None, None, "coach")
    r = rig(tmp_path)
    app = make_app(content, r.store, replace(r.app.ctx.config, play=play))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):  # the check runs once the chat is drawn, then closes the app
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
    assert app.return_code == 1
    assert isinstance(app.load_error, LaunchError)
    assert any("nowhere" in str(problem) for problem in app.load_error.problems)


async def test_the_first_reply_of_a_played_file_is_scored_once_its_check_is_done(tmp_path: Path) -> None:
    from tests.ui_helpers import chat, rig, send, workers_done
    from trainer.ui.app import make_app
    from trainer.ui.launch import _prepare

    content, play = _prepare(ROOT, SCENARIO, None, None, "coach")
    assert play is not None and play.check is not None
    r = rig(tmp_path)
    app = make_app(content, r.store, replace(r.app.ctx.config, play=play))
    async with app.run_test(size=(80, 24)) as pilot:
        assert chat(app).session.scenario.id == "logistics-signed-not-received"
        await send(pilot, REPLIES[0])
        await workers_done(app)
        await pilot.pause()
        [turn] = chat(app).dialogue.turns
    assert app.return_code is None and app.load_error is None
    assert turn.score >= 60 and "聯系快遞查詢" not in turn.result.missed_labels
