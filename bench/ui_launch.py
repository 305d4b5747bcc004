"""Benchmark: launch to the first screen ready for typing, against a bare Textual app.

    python bench/ui_launch.py [--runs 9]

Each run starts a fresh process on a pseudo-terminal of 80×24 and stops the
clock when the first frame holding the focused input reaches the terminal:

- ``play``: ``python -m trainer play FILE``, the chat screen with the reply box
  focused (CLI imported, the file read, store opened, session started), for a file
  played before: its scenario comes from the cache (``trainer.core.readcache``), as
  do the parsed styles (``trainer.ui.stylesheet``), kept by the warm-up run;
- ``play-first``: the same with an empty cache folder, as the first run after an
  install (styles parsed, the file read with PyYAML);
- ``play-edited``: the styles cached but not the file, as when a manager plays a
  file just edited (its bytes differ from the last play's): read with PyYAML;
- ``home``: ``python -m trainer`` with no command, the home screen (the trainee's
  name remembered in the database);
- ``hello``: a bare Textual hello-world, one focused ``Input`` (the baseline).

The trainer cases go through the command line a user types (``python -m trainer``
imports the same ``trainer.cli`` the ``trainer`` script does), and every run gets
a fresh database holding only the remembered trainee, so the sessions that earlier
runs opened and left never pile up in the next run's unfinished list.

Prints the medians and the ratios to the baseline, measured in the same run.
Targets: home / hello <= 1.5 and play / hello <= 1.5, and play no slower than
home. trainer's launcher pauses the garbage collector until its first screen is
drawn, so a second baseline, ``hello-gc-paused``, does the same: the ratios to it
are the fair ones for what trainer itself costs. Bytecode is written and used as
after ``pip install`` (``PYTHONDONTWRITEBYTECODE`` is dropped for the children).
No assertions. POSIX only (needs a pty).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCENARIO = ROOT / "scenarios" / "logistics-signed-not-received.yaml"

from trainer.core import readcache  # noqa: E402
from trainer.store import Store  # noqa: E402

HELLO = """
import gc, sys
if "--gc-paused" in sys.argv:
    gc.disable()  # as trainer's launcher does until its first screen
from textual.app import App
from textual.widgets import Input
class Hello(App):
    def compose(self):
        yield Input(placeholder="READY-HELLO")
Hello().run()
"""


def fresh_db(tmp: Path, run: int) -> Path:
    """A new database for one run, the trainee already remembered (as after a first launch)."""
    db = tmp / f"bench-{run}.sqlite3"
    with Store.open(db) as store:
        store.set_setting("last_user", "bench")
    return db


def trainer_cmd(db: Path, *command: str) -> list[str]:
    """``python -m trainer`` on the checkout's content and ``db``, as a user would start it."""
    return [sys.executable, "-m", "trainer", "--content", str(ROOT), "--db", str(db), *command]


Marker = str | tuple[str, ...]  # a text, or any one of several


def first_lines(path: Path) -> tuple[str, ...]:
    """The first characters of each line the buyer may open the scenario with (one is drawn at random)."""
    import yaml

    data = yaml.safe_load(path.read_text("utf-8"))
    lines = data["nodes"][data.get("start", "start")]["buyer"]
    return tuple(line[:5] for line in ([lines] if isinstance(lines, str) else lines))


def time_to_text(args: list[str], markers: Marker | list[Marker], cache: Path,
                 timeout: float = 60.0, linger: float = 0.0) -> tuple[float, float]:
    """Seconds from spawning ``args`` on a fresh 80×24 pty until every marker is written to it,
    and the CPU seconds the process used by then (killed at once, or ``linger`` seconds later:
    other load on the machine stretches the first figure, hardly the second)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    # PYTHONDONTWRITEBYTECODE would make every run compile the checkout's modules from
    # source while Textual's come from the .pyc files pip wrote: not what a user runs
    # (pip writes them for trainer too), and unfair to the trainer cases.
    env = {name: value for name, value in os.environ.items()
           if name not in ("TRAINER_USER", "TRAINER_DB", "TRAINER_CONTENT", "PYTHONDONTWRITEBYTECODE")}
    env |= {"TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "TRAINER_CACHE": str(cache)}
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True)
    os.close(slave)
    groups = [[m] if isinstance(m, str) else list(m) for m in (markers if isinstance(markers, list) else [markers])]
    wanted = [[m.encode("utf-8") for m in group] for group in groups]
    seen = bytearray()
    try:
        while not all(any(m in seen for m in group) for group in wanted):
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{markers!r} never appeared: {bytes(seen[-500:])!r}")
            seen += os.read(master, 65536)
        wall = time.perf_counter() - start
        time.sleep(linger)
        os.killpg(proc.pid, signal.SIGKILL)
        _pid, _status, usage = os.wait4(proc.pid, 0)
        proc.returncode = -signal.SIGKILL
        return wall, usage.ru_utime + usage.ru_stime
    finally:
        if proc.returncode is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        warm = tmp / "cache"
        readcache.save(warm, SCENARIO)  # as after one play of the file (its check passed)
        CaseMaker = Callable[[Path], list[str]]
        play: CaseMaker = lambda db: trainer_cmd(db, "play", str(SCENARIO))  # noqa: E731
        # The reply box and the buyer's first line, whichever of its openings was drawn.
        shown: list[Marker] = ["入回覆", first_lines(SCENARIO)]
        # Which cache folder a run gets: the warm one, an empty one, or the warm one's styles only.
        cases: dict[str, tuple[CaseMaker, Marker | list[Marker], str]] = {
            # The focused box draws its cursor on the placeholder's first character,
            # so match from the second one on (else we would wait for a cursor blink).
            "hello": (lambda db: [py, "-c", HELLO], "EADY-HELLO", "warm"),
            # The same with the collector paused, as trainer pauses it until its first screen:
            # the ratios to it show what is left once both get that help.
            "hello-gc-paused": (lambda db: [py, "-c", HELLO, "--gc-paused"], "EADY-HELLO", "warm"),
            "play": (play, shown, "warm"),
            "play-first": (play, shown, "empty"),  # a new, empty cache folder each run
            "play-edited": (play, shown, "styles"),  # a new folder each run, with the styles only
            "home": (lambda db: trainer_cmd(db), "選擇模式", "warm"),
        }
        runs = iter(range(1_000_000))

        def cache_for(kind: str) -> Path:
            if kind == "warm":
                return warm
            folder = tmp / f"{kind}-{next(runs)}"
            if kind == "styles" and (warm / "styles").is_dir():
                shutil.copytree(warm / "styles", folder / "styles")
            return folder

        for make, marker, kind in cases.values():  # warm the OS file cache, .pyc files and styles
            time_to_text(make(fresh_db(tmp, next(runs))), marker, cache_for(kind), linger=2.5)
        times: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):  # interleaved, so drift hits every case alike
            for name, (make, marker, kind) in cases.items():
                cmd = make(fresh_db(tmp, next(runs)))
                wall, used = time_to_text(cmd, marker, cache_for(kind))
                times[name].append(wall)
                cpu[name].append(used)
    hello, hello_cpu = statistics.median(times["hello"]), statistics.median(cpu["hello"])
    paused = statistics.median(times["hello-gc-paused"])
    for name, values in times.items():
        med, used = statistics.median(values), statistics.median(cpu[name])
        print(f"{name:15} median {med * 1000:7.1f} ms  (min {min(values) * 1000:6.1f}, "
              f"{args.runs} runs)  ratio to hello {med / hello:4.2f} (to hello-gc-paused "
              f"{med / paused:4.2f})   cpu {used * 1000:6.1f} ms, ratio {used / hello_cpu:4.2f}")
    for name in ("home", "play", "play-edited", "play-first"):
        ratio = statistics.median(times[name]) / hello
        print(f"target: {name} / hello <= 1.5 -> {'met' if ratio <= 1.5 else 'NOT met'} ({ratio:.2f}; "
              f"{statistics.median(times[name]) / paused:.2f} against hello-gc-paused)")
    for name in ("play", "play-edited", "play-first"):
        ratio = statistics.median(times[name]) / statistics.median(times["home"])
        print(f"target: {name} no slower than home -> {'met' if ratio <= 1.0 else 'NOT met'} ({ratio:.2f})")


if __name__ == "__main__":
    main()
