"""Helpers for the `trainer serve` tests: a real server process, real tabs, and /proc.

Processes are found by reading /proc (no psutil): a served app is a direct
child of the server (``exec`` leaves no shell in between) in its own process
group.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], object], timeout: float, what: str, step: float = 0.1) -> object:
    """Poll ``check`` until it returns something truthy; fail with ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(step)


# ---------------------------------------------------------------- /proc


@dataclass(frozen=True)
class ProcStat:
    pid: int
    state: str
    ppid: int
    pgrp: int


def proc_stat(pid: int) -> ProcStat | None:
    """The process's state, parent and group from /proc/PID/stat; None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text.rsplit(")", 1)[1].split()  # the command name may hold spaces and ')'
    return ProcStat(pid, fields[0], int(fields[1]), int(fields[2]))


def all_stats() -> list[ProcStat]:
    stats = (proc_stat(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit())
    return [s for s in stats if s is not None]


def alive(pid: int) -> bool:
    """Running (a zombie has ended, whoever has yet to reap it)."""
    stat = proc_stat(pid)
    return stat is not None and stat.state != "Z"


def live_children(pid: int) -> list[int]:
    return sorted(s.pid for s in all_stats() if s.ppid == pid and s.state != "Z")


def live_in_groups(pgids: Sequence[int]) -> list[int]:
    return sorted(s.pid for s in all_stats() if s.pgrp in set(pgids) and s.state != "Z")


def environ(pid: int) -> dict[str, str]:
    """The process's environment as it started (/proc/PID/environ)."""
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except FileNotFoundError:
        return {}
    pairs = (part.decode("utf-8", "replace").split("=", 1) for part in raw.split(b"\0") if b"=" in part)
    return {k: v for k, v in pairs}


def cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return []
    return [part.decode() for part in raw.split(b"\0") if part]


# ---------------------------------------------------------------- the server


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def apps(self) -> list[int]:
        return live_children(self.pid)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"}
    for name in ("TRAINER_CONTENT", "TRAINER_DB", "TRAINER_USER", "TRAINER_SERVED", "TRAINER_REMOTE_USER"):
        env.pop(name, None)
    return env


@contextmanager
def serving(tmp: Path, global_args: Sequence[str] = (), argv: Sequence[str] | None = None) -> Iterator[Served]:
    """``trainer [global_args] serve --port N`` (or ``argv``) on a free port; stopped afterwards."""
    port = free_port()
    if argv is None:
        argv = [sys.executable, "-m", "trainer", *global_args, "serve", "--port", str(port)]
    else:
        argv = [word.replace("{port}", str(port)) for word in argv]
    log = tmp / f"serve-{port}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(argv, stdout=sink, stderr=subprocess.STDOUT, env=_env(), cwd=tmp)
    served = Served(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_for(lambda: _answers(served), START_TIMEOUT, f"the server on port {port}\n{served.output()}")
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _answers(served: Served) -> bool:
    if served.process.poll() is not None:
        raise AssertionError(f"the server exited ({served.process.returncode}):\n{served.output()}")
    try:
        with urllib.request.urlopen(served.url + "/", timeout=2) as response:
            return bool(response.status == 200)
    except urllib.error.HTTPError as error:  # 403: it answers, but wants the trusted header
        return error.code == 403
    except OSError:
        return False


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return int(response.status), bytes(response.read())


# ---------------------------------------------------------------- a tab without a browser


class Tab:
    """What a browser tab does on the wire: the websocket textual-serve's page opens."""

    def __init__(self, served: Served, width: int = 100, height: int = 30,
                 headers: Sequence[str] = ()) -> None:
        import websocket  # websocket-client, installed with selenium (the test extra)

        ws_url = served.url.replace("http:", "ws:") + f"/ws?width={width}&height={height}"
        self.ws = websocket.create_connection(ws_url, timeout=START_TIMEOUT, header=list(headers))
        self.ws.send(json.dumps(["resize", {"width": width, "height": height}]))

    def wait_drawn(self) -> None:
        """Until the app sends its first screen bytes (it has started and drawn)."""
        import websocket

        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            opcode, data = self.ws.recv_data()
            if opcode == websocket.ABNF.OPCODE_BINARY and data:
                return
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                raise AssertionError("the server closed the tab before the app drew")
        raise AssertionError("the app never drew")

    def close(self) -> None:
        self.ws.close()
