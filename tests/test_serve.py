"""`trainer serve` without a browser: the child command, the offline page, and process ownership.

Every test here runs a real server process and real app processes, and checks
them through /proc. The browser end-to-end tests are in test_serve_browser.py.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from contextlib import AbstractContextManager
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.serve_helpers import ROOT, Served, Tab, alive, cmdline, fetch, live_in_groups, serving, wait_for
from tests.test_import_hygiene import RUN_AND_REPORT, loaded_by, python
from trainer.serve.command import AppOptions, app_argv, shell_command

FAKE_APP = ROOT / "tests" / "fixtures" / "serve" / "fake_app.py"
TAB_CLOSED_WITHIN = 5.0  # seconds: "closing a tab ends that app process within seconds"
GRACE = 1.0  # the stubborn-app server's SIGTERM-to-SIGKILL grace
SERVER_WITH_GRACE = ("from trainer.serve.server import TrainerServer; import sys; "
                     "TrainerServer(sys.argv[1], '127.0.0.1', int(sys.argv[2]), grace=float(sys.argv[3])).serve()")

# ---------------------------------------------------------------- the child command


@pytest.mark.parametrize("word", [
    "plain", "with space", "it's", 'say "hi"', "$HOME", "`id`", "a;b|c&d", "*", "~", "練習 資料庫", "-x", "",
])
def test_shell_command_passes_every_word_unchanged(word: str) -> None:
    argv = [sys.executable, "-c", "import json, sys; print(json.dumps(sys.argv[1:]))", word, f"/tmp/{word}/db"]
    done = subprocess.run(["/bin/sh", "-c", shell_command(argv)], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [word, f"/tmp/{word}/db"]


def test_shell_command_execs_so_the_shell_is_the_app() -> None:
    command = shell_command([sys.executable, "-c", "import os; print(os.getpid())"])
    shell = subprocess.Popen(["/bin/sh", "-c", command], stdout=subprocess.PIPE, text=True)
    out, _ = shell.communicate(timeout=30)
    assert int(out) == shell.pid  # no sh left between the server and Python
    with pytest.raises(ValueError):
        shell_command([])


@pytest.mark.parametrize(("options", "tail"), [
    (AppOptions(Path("/d b/p.sqlite3"), Path("/c")), ["--db", "/d b/p.sqlite3", "--content", "/c"]),
    (AppOptions(Path("/p"), Path("/c"), user="王小明"), ["--db", "/p", "--content", "/c", "--user", "王小明"]),
    (AppOptions(Path("/p"), Path("/c"), script="hans"), ["--db", "/p", "--content", "/c", "--script", "hans"]),
    (AppOptions(Path("/p"), Path("/c"), "a", "hant"), ["--db", "/p", "--content", "/c", "--user", "a", "--script", "hant"]),
    # a database URL (it may hold a password) goes by $TRAINER_DB, never on the command line
    (AppOptions("postgresql://u:pw@db/t", Path("/c")), ["--content", "/c"]),
])
def test_app_argv_carries_the_global_options(options: AppOptions, tail: list[str]) -> None:
    assert app_argv(options, python="py") == ["py", "-m", "trainer", *tail]


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize(("args", "message"), [
    (["serve", "--port", "70000"], "port out of range"),
    (["serve", "--port", "http"], "not a port number"),
    (["serve", "--public-url", "trainer.example.com"], "not an http:// or https:// URL"),
    (["serve", "--public-url", "https://"], "not an http:// or https:// URL"),
])
def test_bad_serve_options_exit_2(args: list[str], message: str) -> None:
    proc = python("-m", "trainer", *args)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr


@pytest.mark.parametrize("args", [["--help"], ["serve", "--help"], ["validate"]])
def test_cli_fast_path_loads_no_textual_and_no_server(args: list[str]) -> None:
    proc = python("-c", RUN_AND_REPORT, "textual,textual_serve,aiohttp,trainer.serve.server", *args)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert loaded_by(proc.stderr) == []


def test_a_busy_port_is_a_clear_error(tmp_path: Path) -> None:
    with serving(tmp_path, ["--db", str(tmp_path / "p.sqlite3")]) as served:
        port = served.url.rsplit(":", 1)[1]
        proc = python("-m", "trainer", "--db", str(tmp_path / "q.sqlite3"), "serve", "--port", port)
    assert proc.returncode == 1, proc.stderr
    assert "trainer: error:" in proc.stderr and "Traceback" not in proc.stderr


# ---------------------------------------------------------------- the page: offline


class Links(HTMLParser):
    """Every address the page makes the browser fetch: href/src attributes and CSS url()/@import."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ws: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in {"href", "src", "data-pingurl"} and value:
                self.urls.append(value)
            if name == "data-session-websocket-url" and value:
                self.ws.append(value)
            if name == "style" and value:
                self.urls += css_urls(value)

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += css_urls(data)


def css_urls(css: str) -> list[str]:
    return [m.group(2) for m in re.finditer(r"""(?:url\(|@import\s+)(["']?)([^"')\s]+)\1""", css)]


def page_links(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def test_css_urls_finds_what_a_browser_would_fetch() -> None:
    css = 'a{background:url("/x.png")} @import "https://e.com/a.css"; b{src:url(f.ttf)}'
    assert css_urls(css) == ["/x.png", "https://e.com/a.css", "f.ttf"]
    assert page_links('<link href="https://fonts.googleapis.com/css">').urls == ["https://fonts.googleapis.com/css"]


def test_the_page_fetches_nothing_outside_the_server(tmp_path: Path) -> None:
    with serving(tmp_path, ["--db", str(tmp_path / "p.sqlite3")]) as served:
        links = page_links(fetch(served.url + "/")[1].decode("utf-8"))
        assert links.urls, "the page should load its script, styles and font"
        outside = [u for u in links.urls if not u.startswith(served.url + "/")]
        assert outside == []
        assert any(u.endswith(".ttf") for u in links.urls)  # the bundled font, served here
        assert {fetch(u)[0] for u in links.urls} == {200}
        css_and_js = b"".join(fetch(u)[1] for u in links.urls if u.endswith((".css", ".js")))
        assert b"googleapis" not in css_and_js and b"fonts.gstatic" not in css_and_js
        assert links.ws == [served.url.replace("http:", "ws:") + "/ws"]


@pytest.mark.parametrize(("public_url", "host", "base", "ws"), [
    (None, "team-host:8080", "http://team-host:8080", "ws://team-host:8080/ws"),
    ("https://trainer.example.com", "127.0.0.1", "https://trainer.example.com", "wss://trainer.example.com/ws"),
    ("http://10.0.0.5:9000/", "x", "http://10.0.0.5:9000", "ws://10.0.0.5:9000/ws"),
])
def test_page_addresses_follow_public_url_else_the_request(
        tmp_path: Path, public_url: str | None, host: str, base: str, ws: str) -> None:
    extra = [] if public_url is None else ["--public-url", public_url]
    argv = [sys.executable, "-m", "trainer", "--db", str(tmp_path / "p.sqlite3"), "serve", "--port", "{port}", *extra]
    with serving(tmp_path, argv=argv) as served:
        import urllib.request

        request = urllib.request.Request(served.url + "/", headers={"Host": host})
        with urllib.request.urlopen(request, timeout=10) as response:
            links = page_links(response.read().decode("utf-8"))
    assert links.ws == [ws]
    assert all(u.startswith(base + "/static/") for u in links.urls), links.urls


# ---------------------------------------------------------------- the server owns its app processes


def open_tabs(served: Served, n: int) -> tuple[list[Tab], list[int]]:
    """``n`` tabs, each drawn; returns them and their app processes (children of the server)."""
    tabs = [Tab(served) for _ in range(n)]
    for tab in tabs:
        tab.wait_drawn()
    wait_for(lambda: len(served.apps()) == n, 10, f"{n} app processes")
    return tabs, served.apps()


def gone(pids: list[int], within: float) -> float:
    """Seconds until none of ``pids`` nor anything in their process groups runs (fails after ``within``)."""
    start = time.monotonic()
    wait_for(lambda: not live_in_groups(pids) and not any(alive(p) for p in pids), within,
             f"app processes {pids} to end (left: {live_in_groups(pids)})")
    return time.monotonic() - start


def test_each_tab_is_one_app_process_with_the_servers_options(tmp_path: Path) -> None:
    db = tmp_path / "a b's \"db\".sqlite3"
    with serving(tmp_path, ["--db", str(db), "--user", "王 小明", "--script", "hans"]) as served:
        _tabs, apps = open_tabs(served, 2)
        for pid in apps:
            argv = cmdline(pid)
            assert argv[1:3] == ["-m", "trainer"]  # Python itself: `exec` left no shell behind
            assert argv[argv.index("--db") + 1] == str(db)
            assert argv[argv.index("--user") + 1] == "王 小明"
            assert argv[argv.index("--script") + 1] == "hans"
            assert Path(argv[argv.index("--content") + 1]).resolve() == ROOT


def test_closing_a_tab_ends_its_app_process_within_seconds(tmp_path: Path) -> None:
    with serving(tmp_path, ["--db", str(tmp_path / "p.sqlite3"), "--user", "測試"]) as served:
        tabs, apps = open_tabs(served, 2)
        tabs[0].close()
        wait_for(lambda: len(served.apps()) == 1, TAB_CLOSED_WITHIN, "the closed tab's app to end")
        (left,) = served.apps()
        assert left in apps and alive(left)  # the other tab's app is untouched
        tabs[1].close()
        assert gone(apps, TAB_CLOSED_WITHIN) < TAB_CLOSED_WITHIN


@pytest.mark.parametrize(("signum", "exit_code"), [
    (signal.SIGTERM, 0),
    (signal.SIGINT, 0),
    (signal.SIGKILL, -signal.SIGKILL),  # no chance to clean up: the kernel's PDEATHSIG ends the apps
])
def test_stopping_the_server_leaves_no_app_process(tmp_path: Path, signum: int, exit_code: int) -> None:
    with serving(tmp_path, ["--db", str(tmp_path / "p.sqlite3"), "--user", "測試"]) as served:
        _tabs, apps = open_tabs(served, 2)
        served.process.send_signal(signum)
        assert served.process.wait(20) == exit_code, served.output()
        gone(apps, 10)


def stubborn_server(tmp_path: Path, mode: str = "stubborn") -> AbstractContextManager[Served]:
    command = shell_command([sys.executable, str(FAKE_APP), mode])
    return serving(tmp_path, argv=[sys.executable, "-c", SERVER_WITH_GRACE, command, "{port}", str(GRACE)])


def test_an_app_ignoring_quit_and_sigterm_is_killed_with_its_group(tmp_path: Path) -> None:
    with stubborn_server(tmp_path) as served:
        tabs, apps = open_tabs(served, 2)
        wait_for(lambda: len(live_in_groups(apps)) == 4, 10, "each app's grandchild")
        tabs[0].close()
        took = gone(apps[:1], 4 * GRACE + 3)
        assert took >= GRACE  # it was asked first (quit, then SIGTERM) and only then killed
        assert len(live_in_groups(apps[1:])) == 2
        served.process.send_signal(signal.SIGTERM)
        assert served.process.wait(20) == 0, served.output()
        gone(apps, 5)


def test_an_app_that_exits_ends_its_tab(tmp_path: Path) -> None:
    import websocket

    with stubborn_server(tmp_path, "exits") as served:
        tab = Tab(served)
        tab.wait_drawn()
        opcode, _data = tab.ws.recv_data(control_frame=True)
        assert opcode == websocket.ABNF.OPCODE_CLOSE
        assert wait_for(lambda: served.apps() == [], 5, "the app to be reaped")
