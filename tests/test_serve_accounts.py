"""`trainer serve` and identity: served apps know they are served; a proxy header counts only when trusted.

Real server, real app processes; what each app process was told is read from
/proc/PID/environ (the only way anything from a request reaches it).
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.serve_helpers import Tab, environ, serving, wait_for
from trainer.serve.server import trusted_name
from trainer.store import Store
from trainer.store import accounts as acc

HEADER = "X-Remote-User"


def accounts_db(tmp_path: Path) -> Path:
    db = tmp_path / "team.sqlite3"
    with Store.open(db) as store:
        acc.add_account(store, "alice", ["trainee"], "long enough")
    return db


def the_app_env(served, tab: Tab) -> dict[str, str]:
    tab.wait_drawn()
    pid = wait_for(lambda: served.apps(), 30, "the tab's app process")[0]  # type: ignore[index]
    return environ(pid)


def test_without_the_option_the_header_is_ignored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRAINER_REMOTE_USER", "alice")  # not even the server's own environment counts
    db = accounts_db(tmp_path)
    with serving(tmp_path, ["--db", str(db)]) as served:
        tab = Tab(served, headers=[f"{HEADER}: alice"])
        env = the_app_env(served, tab)
        tab.close()
    assert env.get("TRAINER_SERVED") == "1"
    assert "TRAINER_REMOTE_USER" not in env


def test_with_the_option_the_proxy_names_the_account(tmp_path: Path) -> None:
    db = accounts_db(tmp_path)
    argv = [sys.executable, "-m", "trainer", "--db", str(db), "serve", "--port", "{port}",
            "--trust-header", HEADER]
    with serving(tmp_path, argv=argv) as served:
        tab = Tab(served, headers=[f"{HEADER}: alice"])
        env = the_app_env(served, tab)
        tab.close()
        plain = urllib.request.Request(served.url + "/")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(plain, timeout=10)
        assert refused.value.code == 403 and HEADER in refused.value.read().decode()
        vouched = urllib.request.Request(served.url + "/", headers={HEADER: "alice"})
        with urllib.request.urlopen(vouched, timeout=10) as page:
            assert page.status == 200
        import websocket

        with pytest.raises(websocket.WebSocketBadStatusException):
            Tab(served)  # no header: no app process at all
    assert env.get("TRAINER_SERVED") == "1" and env.get("TRAINER_REMOTE_USER") == "alice"


@pytest.mark.parametrize(("value", "name"), [
    ("alice", "alice"), ("  王小明 ", "王小明"), ("", None), ("   ", None), ("a\x1bb", None),
    ("x" * 41, None), ("bad\udcff", None),
])
def test_trusted_names_are_plain(value: str, name: str | None) -> None:
    assert trusted_name(value) == name


def test_a_vouched_name_that_is_no_account_gets_a_refusal_screen(tmp_path: Path) -> None:
    """The proxy named someone the store does not know (or a disabled account): the tab says so."""
    import websocket

    db = accounts_db(tmp_path)
    with Store.open(db) as store:
        acc.add_account(store, "bob", ["trainee"], "long enough")
        acc.disable(store, "bob")
    argv = [sys.executable, "-m", "trainer", "--db", str(db), "serve", "--port", "{port}",
            "--trust-header", HEADER]
    with serving(tmp_path, argv=argv) as served:
        for name in ("nobody", "bob"):
            tab = Tab(served, headers=[f"{HEADER}: {name}"])
            seen = b""
            while "已停用".encode() not in seen:
                opcode, data = tab.ws.recv_data()
                assert opcode != websocket.ABNF.OPCODE_CLOSE, seen.decode(errors="replace")
                seen += data if isinstance(data, bytes) else data.encode()
            assert "無法登入".encode() in seen and name.encode() in seen
            tab.close()


@pytest.mark.parametrize(("value", "ok"), [
    ("X-Remote-User", True), ("Remote-User", True), ("", False), ("X Remote", False),
    ("X-Remote-User:", False), ("X-Ünicode", False),
])
def test_the_trusted_header_must_be_a_header_name(tmp_path: Path, value: str, ok: bool) -> None:
    from trainer.cli import build_parser

    parser = build_parser()
    if ok:
        assert parser.parse_args(["serve", "--trust-header", value]).trust_header == value
        return
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args(["serve", "--trust-header", value])
    assert exit_.value.code == 2
