"""Benchmark: served sessions — memory per session and time to first screen, 1/10/30 tabs at once.

    python bench/serve_sessions.py [--sessions 1,10,30] [--runs 1]

For each count N, a fresh ``trainer serve`` (SQLite store with accounts, so
every tab gets the login screen a served app shows) receives N websocket
connections opened together, as browser tabs would. Each is timed from the
moment it connects until its app has drawn the login (``請登入`` in the bytes
it sent); once all have drawn and ``--settle`` seconds have passed (the content
loads behind the first screen), the resident set size (VmRSS) of every app
process is read from /proc. Printed: the median and the slowest time to first
screen, the median RSS per app process.

Baseline, measured in the same run: the same server serving a bare Textual
app (one Input) to the same number of tabs. Needs Linux (/proc) and
websocket-client (comes with selenium, the test extra). No target; no assertions.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELLO = """
from textual.app import App
from textual.widgets import Input, Static
class Hello(App):
    def compose(self):
        yield Static("請登入")
        yield Input(placeholder="hello")
Hello().run()
"""
SERVER = ("import sys; from trainer.serve.server import TrainerServer; "
          "TrainerServer(sys.argv[1], '127.0.0.1', int(sys.argv[2])).serve()")
MARK = "請登入".encode()
TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(command: str, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", SERVER, command, str(port)], env=env, cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def tab(url: str, results: list[float], sockets: list[object], go: threading.Event) -> None:
    """One tab: connect when told, wait for the first screen, keep the socket open."""
    import websocket

    go.wait()
    began = time.monotonic()
    ws = websocket.create_connection(url.replace("http:", "ws:") + "/ws?width=100&height=30", timeout=TIMEOUT)
    ws.send('["resize", {"width": 100, "height": 30}]')
    seen = b""
    while MARK not in seen:
        opcode, data = ws.recv_data()
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            return
        seen = seen[-64:] + (data if isinstance(data, bytes) else data.encode())
    results.append(time.monotonic() - began)
    sockets.append(ws)


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid and stat[0] != "Z":
                found.append(int(entry.name))
    return found


def measure(command: str, sessions: int, folder: Path, settle: float) -> tuple[list[float], list[float]]:
    """(times to first screen, RSS of each app process) for ``sessions`` tabs opened together."""
    process, url = start(command, folder)
    times: list[float] = []
    sockets: list[object] = []
    go = threading.Event()
    threads = [threading.Thread(target=tab, args=(url, times, sockets, go)) for _ in range(sessions)]
    try:
        for thread in threads:
            thread.start()
        go.set()
        for thread in threads:
            thread.join(TIMEOUT)
        time.sleep(settle)  # the content loads behind the first screen: count it too
        memory = [m for m in (rss_mib(pid) for pid in children(process.pid)) if m is not None]
    finally:
        for ws in sockets:
            ws.close()  # type: ignore[attr-defined]
        stop(process)
    return times, memory


def trainer_command(folder: Path) -> str:
    from trainer.store import Store
    from trainer.store import accounts as acc

    db = folder / "bench.sqlite3"
    with Store.open(db) as store:
        acc.add_account(store, "bench", ["trainee"], "bench password")
    argv = [sys.executable, "-m", "trainer", "--db", str(db), "--content", str(ROOT)]
    return "exec " + " ".join(shlex.quote(a) for a in argv)


def line(label: str, times: list[float], memory: list[float], base: tuple[list[float], list[float]]) -> str:
    if not times:
        return f"{label:<28} no first screen"
    med, worst = statistics.median(times), max(times)
    mem = statistics.median(memory) if memory else float("nan")
    base_t = statistics.median(base[0]) if base[0] else float("nan")
    base_m = statistics.median(base[1]) if base[1] else float("nan")
    return (f"{label:<28} first screen median {med:6.2f} s (slowest {worst:6.2f} s, {len(times)} drawn)"
            f"  ×{med / base_t:4.1f} baseline | RSS/session {mem:5.1f} MiB  ×{mem / base_m:4.1f} baseline")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sessions", default="1,10,30", help="comma-separated tab counts")
    parser.add_argument("--settle", type=float, default=5.0,
                        help="seconds after the last first screen before RSS is read (default 5)")
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "hello.py").write_text(HELLO, encoding="utf-8")
        hello = f"exec {shlex.quote(sys.executable)} {shlex.quote(str(folder / 'hello.py'))}"
        app = trainer_command(folder)
        print(f"{os.cpu_count()} CPUs; each row: N tabs opened together on a fresh server")
        for n in counts:
            base = measure(hello, n, folder, args.settle)
            times, memory = measure(app, n, folder, args.settle)
            print(line(f"bare Textual, {n} tab(s)", *base, base))
            print(line(f"trainer login, {n} tab(s)", times, memory, base), flush=True)


if __name__ == "__main__":
    main()
