"""`trainer serve` end to end in headless Chromium: log in, play a turn, feedback, the store, roles, tabs.

Needs Debian's ``chromium``, ``chromium-driver`` and ``fonts-noto-cjk`` and
selenium (the test extra). Locally they skip with how to install them when
missing; with ``CI=true`` a missing piece fails instead (``.ci/run`` installs them).
``TRAINER_CHROMIUM`` names another Chromium binary.

The terminal is drawn on a canvas, so the page's text cannot be read from the
DOM: a script added before the page loads records what the app sends over the
tab's websocket (what xterm.js draws), and the tests read that.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.serve_helpers import ROOT, Served, alive, serving, wait_for

CHROMIUM = os.environ.get("TRAINER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
INSTALL = ("apt-get install -y chromium chromium-driver fonts-noto-cjk && "
           "pip install -e '.[test]' (selenium)")
SCREENSHOTS = {"chat": ROOT / "docs" / "screenshot-served.png",
               "login": ROOT / "docs" / "screenshot-served-login.png"}
UPDATE_SCREENSHOT_ENV = "TRAINER_UPDATE_SCREENSHOT"  # =1: write them into docs/
SCENARIO = "下單三天還沒發貨"  # logistics-slow-shipping: a short, forgiving first turn
REPLY = "趙先生，真的很抱歉讓您等這麼久，這幾天訂單多、快遞也比較忙，所以發貨慢了。您別著急，我現在就幫您查一下這筆訂單的情況，查到馬上回覆您。"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-component-update", "--disable-sync", "--window-size=1280,800")
DRAWN = 30.0  # seconds: first screens are slow on a loaded machine
TRAINEE, MANAGER, PASSWORD = "瀏覽器學員", "王經理", "served password"

# Runs in the page before its own scripts: keep every websocket message as text.
RECORD_WEBSOCKETS = """
(() => {
  if (window.__served) { return; }  // added once per tab, maybe more than once
  window.__served = {text: "", sockets: []};
  const decoder = new TextDecoder();
  const Native = window.WebSocket;
  const keep = (data) => {
    if (typeof data === "string") { window.__served.text += data; }
    else if (data instanceof ArrayBuffer) { window.__served.text += decoder.decode(data, {stream: true}); }
    else if (data instanceof Blob) { data.arrayBuffer().then(keep); }
  };
  function Recorded(url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    window.__served.sockets.push(url);
    ws.addEventListener("message", (event) => keep(event.data));
    return ws;
  }
  Recorded.prototype = Native.prototype;
  Object.assign(Recorded, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Recorded;
})();
"""
ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def missing_browser() -> str | None:
    """What is missing to run the browser tests, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f"{path} not found"
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
        if not fonts.strip():
            return "no Chinese font (fonts-noto-cjk)"
    return None


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    why = missing_browser()
    if why:
        message = f"browser tests need Chromium: {why}; install with: {INSTALL}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: .ci/run should have installed them)")
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="trainer-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screen_text(driver: Any) -> str:
    """Everything the app has sent this page so far, escape sequences removed."""
    return ESCAPES.sub("", driver.execute_script("return window.__served.text"))


def wait_text(driver: Any, text: str, after: int = 0, timeout: float = DRAWN) -> int:
    """Wait until ``text`` has been drawn (past position ``after``); returns where it ends."""
    def found() -> int:
        at = screen_text(driver).find(text, after)
        return at + len(text) if at >= 0 else 0
    return int(wait_for(found, timeout, f"{text!r} on the page"))  # type: ignore[call-overload]


def open_app(driver: Any, served: Served) -> int:
    """Load the page in the current tab and wait until the app's login has drawn; returns where."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_WEBSOCKETS})
    driver.get(served.url + "/")
    at = wait_text(driver, "請登入")  # a served app always asks for a login
    wait_for(lambda: "-first-byte" in driver.find_element("tag name", "body").get_attribute("class"),
             DRAWN, "the terminal to show")
    return at


def log_in(driver: Any, name: str, password: str) -> None:
    """Type the account, Enter, the password and Enter all at once, as a quick typist would."""
    from selenium.webdriver.common.keys import Keys

    keys(driver, name + Keys.ENTER + password + Keys.ENTER)


@pytest.fixture()
def team_db(tmp_path: Path) -> Path:
    """A store with a trainee and a manager account."""
    from trainer.store import Store
    from trainer.store import accounts as acc

    db = tmp_path / "served progress.sqlite3"
    with Store.open(db) as store:
        acc.add_account(store, TRAINEE, ["trainee"], PASSWORD)
        acc.add_account(store, MANAGER, ["manager"], PASSWORD)
    return db


def keys(driver: Any, text: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(text)


def replies(db: Path) -> list[tuple[str, float, str]]:
    with sqlite3.connect(db) as conn:
        return [(r, s, u) for r, s, u in conn.execute(
            "SELECT t.reply, t.score, u.name FROM turns t JOIN sessions s ON s.id = t.session_id"
            " JOIN users u ON u.id = s.user_id ORDER BY t.id")]


def test_a_new_tab_takes_the_keyboard_without_a_click(driver: Any, team_db: Path, tmp_path: Path) -> None:
    """Keys typed as the page opens go to whatever has the focus (no element is picked, as a
    person just types): they must reach the login."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    with serving(tmp_path, ["--db", str(team_db)]) as served:
        at = open_app(driver, served)
        # The app has the focus before any key: the key bar (the login's own: ⏎ 登入 tab 下一欄
        # ^q 結束) is drawn only then; the web driver's own start-up blur used to come last.
        wait_text(driver, "下一欄")
        ActionChains(driver).send_keys(TRAINEE + Keys.ENTER + PASSWORD + Keys.ENTER).perform()
        wait_text(driver, "帳號：" + TRAINEE, after=at)


def test_a_wrong_password_is_refused_and_a_manager_opens_the_team_view(driver: Any, team_db: Path,
                                                                        tmp_path: Path) -> None:
    with serving(tmp_path, ["--db", str(team_db)]) as served:
        at = open_app(driver, served)
        log_in(driver, MANAGER, "not the password")
        at = wait_text(driver, "帳號或密碼不正確", after=at)
        keys(driver, PASSWORD)  # the password box is cleared and focused again
        from selenium.webdriver.common.keys import Keys

        keys(driver, Keys.ENTER)
        at = wait_text(driver, "帳號：" + MANAGER, after=at)
        keys(driver, "m")
        wait_text(driver, TRAINEE, after=wait_text(driver, "團隊進度", after=at))  # the team lists the trainee


def test_a_trainee_logs_in_plays_one_turn_and_has_no_team_view(driver: Any, team_db: Path,
                                                                 tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    db = team_db
    with serving(tmp_path, ["--db", str(db)]) as served:
        at = open_app(driver, served)
        check_screenshot(driver, tmp_path, "login")
        log_in(driver, TRAINEE, PASSWORD)
        at = wait_text(driver, "帳號：" + TRAINEE, after=at)  # home, signed in
        keys(driver, "p")  # 練習
        at = wait_text(driver, "切換模式", after=at)  # the picker's footer
        keys(driver, SCENARIO)  # typing goes to the picker's search box
        at = wait_text(driver, SCENARIO, after=at)
        keys(driver, Keys.ENTER)
        at = wait_text(driver, "輸入回覆", after=at)  # the chat screen's reply box
        keys(driver, REPLY)
        keys(driver, Keys.ENTER)
        end = wait_text(driver, "建議：", after=at)  # coach feedback under the reply
        assert len(served.apps()) == 1
        [(reply, score, user)] = wait_for(lambda: replies(db), 10, "the reply in the store")  # type: ignore[misc]
        assert (reply, user) == (REPLY, TRAINEE)
        assert f"分數 {round(score)}" in screen_text(driver)[at:end]
        check_screenshot(driver, tmp_path, "chat")
        keys(driver, Keys.ESCAPE)  # back to the picker
        at = wait_text(driver, "切換模式", after=end)
        keys(driver, Keys.ESCAPE)  # and home
        at = wait_text(driver, "帳號：" + TRAINEE, after=at)
        keys(driver, "m")  # the team view: refused, with a notice
        wait_text(driver, "團隊進度只開放給主管帳號", after=at)


def check_screenshot(driver: Any, tmp_path: Path, name: str) -> None:
    """The served screen as a PNG (into docs/, ``SCREENSHOTS``, with TRAINER_UPDATE_SCREENSHOT=1)."""
    import time

    time.sleep(0.5)  # what was waited for is in; let xterm.js paint it
    docs = SCREENSHOTS[name]
    target = docs if os.environ.get(UPDATE_SCREENSHOT_ENV) == "1" else tmp_path / docs.name
    assert driver.save_screenshot(str(target))
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == tuple(driver.execute_script("return [window.innerWidth, window.innerHeight]"))


def test_the_page_loads_nothing_from_outside(driver: Any, tmp_path: Path) -> None:
    with serving(tmp_path, ["--db", str(tmp_path / "p.sqlite3")]) as served:
        open_app(driver, served)
        loaded = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
            ".concat(window.__served.sockets, [document.fonts.check('16px \"Roboto Mono\"')])")
        *urls, font_ready = loaded
        assert font_ready is True  # the bundled Roboto Mono loaded
        parts = [urlsplit(u) for u in urls]
        assert {"/static/js/textual.js", "/ws"} <= {p.path for p in parts}
        assert any(p.path.endswith(".ttf") for p in parts)
        assert [u for u, p in zip(urls, parts, strict=True) if p.netloc != urlsplit(served.url).netloc] == []


def test_closing_the_tab_ends_its_app_process(driver: Any, tmp_path: Path) -> None:
    with serving(tmp_path, ["--db", str(tmp_path / "p.sqlite3")]) as served:
        first = driver.current_window_handle
        driver.switch_to.new_window("tab")
        open_app(driver, served)
        [app] = wait_for(lambda: served.apps(), 5, "the tab's app process")  # type: ignore[misc]
        driver.close()
        driver.switch_to.window(first)
        wait_for(lambda: not alive(app), 5, "the closed tab's app process to end")
        assert served.apps() == []
