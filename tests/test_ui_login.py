"""The login screen and what each role may open, played with Pilot on real stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import IDS, TEXTS, render, shown
from tests.ui_helpers import SIZE, rig, screen_text, settle, toasted
from trainer.services.identity import Identity
from trainer.store import Store, StoreError
from trainer.store import accounts as acc
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.interview_desk import InterviewDeskScreen
from trainer.ui.screens.lock import LockScreen
from trainer.ui.screens.login import LoginScreen, RefusedScreen
from trainer.ui.screens.name_prompt import NamePrompt
from trainer.ui.screens.team import TeamScreen

PASSWORD = "correct horse"


def team_store(tmp_path: Path) -> Store:
    return team_store_on(Store.open(tmp_path / "team.sqlite3"))


def team_store_on(store: Store) -> Store:
    """Four accounts on ``store``: a trainee, a manager, an interviewer and a disabled trainee."""
    acc.add_account(store, "小美", ["trainee"], PASSWORD)
    acc.add_account(store, "王經理", ["manager"], PASSWORD)
    acc.add_account(store, "面試官", ["interviewer"], PASSWORD)
    acc.add_account(store, "停用者", ["trainee"], PASSWORD)
    acc.disable(store, "停用者")
    return store


async def log_in(pilot, name: str, password: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, LoginScreen), screen
    screen.query_one("#login-name").value = name
    screen.query_one("#login-pass").value = password
    screen.query_one("#login-pass").focus()
    await pilot.press("enter")
    await settle(pilot)


def error_line(app) -> str:
    return str(app.screen.query_one("#login-error").render())


async def test_a_trainee_logs_in_sees_no_team_and_cannot_switch(tmp_path: Path) -> None:
    r = rig(tmp_path, store=team_store(tmp_path), user=None, login=True)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, LoginScreen)
        assert r.app.screen.query_one("#login-pass").password  # masked
        labels = [str(s.render()) for s in r.app.screen.query(".field-label")]
        hints = [str(box.placeholder) for box in r.app.screen.query("Input")]
        assert labels == ["帳號", "密碼"] and not set(labels) & set(hints)  # a hint, not the label twice
        behind = screen_text(r.app)  # Home, under the login: nobody yet, and no 換人 to offer
        [line] = [line for line in behind.splitlines() if "（未登入）" in line]
        assert "帳號：（未登入）" in line and "換人" not in line
        await settle(pilot)
        assert "換人" not in behind.splitlines()[-1] and "換人" not in screen_text(r.app).splitlines()[-1]
        await log_in(pilot, "小美", PASSWORD)
        assert isinstance(r.app.screen, HomeScreen)
        assert r.app.ctx.identity == Identity("小美", ("trainee",)) and r.app.ctx.user == "小美"
        assert "帳號：小美" in screen_text(r.app) and "換人" not in screen_text(r.app)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(r.app.screen, HomeScreen)  # refused with a notice, no passphrase asked
        assert toasted(r.app, "主管")
        await pilot.press("i")
        await settle(pilot)
        assert not isinstance(r.app.screen, InterviewDeskScreen | LockScreen)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(r.app.screen, HomeScreen) and r.app.ctx.user == "小美"
        r.app.ask_name()  # any other way in refuses as well
        await pilot.pause()
        assert not isinstance(r.app.screen, NamePrompt | LoginScreen)


async def test_a_manager_opens_the_team_view_without_the_passphrase(tmp_path: Path) -> None:
    r = rig(tmp_path, store=team_store(tmp_path), user=None, login=True)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await log_in(pilot, "王經理", PASSWORD)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(r.app.screen, TeamScreen)
        assert "小美" in screen_text(r.app)


async def test_an_interviewer_opens_the_desk_in_their_own_name(tmp_path: Path) -> None:
    r = rig(tmp_path, store=team_store(tmp_path), user=None, login=True)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await log_in(pilot, "面試官", PASSWORD)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(r.app.screen, InterviewDeskScreen)
        assert r.app.screen.interviewer == "面試官"


@pytest.mark.parametrize(("name", "password", "says"), [
    ("小美", "wrong password", "帳號或密碼不正確"),
    ("沒這個人", "wrong password", "帳號或密碼不正確"),
    ("停用者", PASSWORD, "停用"),
    ("小美", "", "請輸入帳號和密碼"),
])
async def test_a_refused_login_stays_on_the_login_screen(tmp_path: Path, name: str, password: str,
                                                         says: str) -> None:
    r = rig(tmp_path, store=team_store(tmp_path), user=None, login=True)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await log_in(pilot, name, password)
        assert isinstance(r.app.screen, LoginScreen)
        assert says in error_line(r.app)
        assert r.app.ctx.identity is None and r.app.ctx.user == ""
        await pilot.press("escape")  # no way past the login
        assert isinstance(r.app.screen, LoginScreen)


async def test_too_many_wrong_passwords_show_the_wait(tmp_path: Path) -> None:
    r = rig(tmp_path, store=team_store(tmp_path), user=None, login=True)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(3):
            await log_in(pilot, "小美", "wrong password")
        assert "秒後再試" in error_line(r.app)
        await log_in(pilot, "小美", PASSWORD)  # during the wait: not even checked
        assert isinstance(r.app.screen, LoginScreen)


async def test_names_and_messages_are_literal(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "team.sqlite3")
    acc.add_account(store, "[b]x[/b]", ["trainee"], PASSWORD)
    r = rig(tmp_path, store=store, user=None, login=True)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await log_in(pilot, "[b]x[/b]", PASSWORD)
        assert "帳號：[b]x[/b]" in screen_text(r.app)


async def test_a_trusted_identity_skips_the_login_and_a_refusal_shows_alone(tmp_path: Path) -> None:
    store = team_store(tmp_path)
    r = rig(tmp_path, store=store, user=None, login=True, identity=Identity("小美", ("trainee",)))
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, HomeScreen) and r.app.ctx.user == "小美"
    r = rig(tmp_path, store=store, user=None, login=True, refusal="帳號「誰」在這裡不存在或已停用。")
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, RefusedScreen)
        assert "不存在或已停用" in screen_text(r.app)
        await pilot.press("escape", "p", "m")
        assert isinstance(r.app.screen, RefusedScreen)


async def test_the_laptop_store_without_accounts_keeps_the_name_prompt(tmp_path: Path) -> None:
    r = rig(tmp_path, user=None)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, NamePrompt)


def test_launch_options_follow_the_store_and_the_server(tmp_path: Path, monkeypatch) -> None:
    from trainer import paths
    from trainer.services import identity as ident
    from trainer.ui.launch import _accounts

    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "data"))
    for name in (ident.SERVED_ENV, ident.REMOTE_USER_ENV):
        monkeypatch.delenv(name, raising=False)
    with Store.open(tmp_path / "laptop.sqlite3") as laptop:
        assert _accounts(laptop, tmp_path / "laptop.sqlite3", None) is None
        monkeypatch.setenv(ident.SERVED_ENV, "1")
        served = _accounts(laptop, tmp_path / "laptop.sqlite3", None)
        assert served == {"login": True, "shared": True}
        monkeypatch.setenv(ident.REMOTE_USER_ENV, "誰")
        assert "不存在或已停用" in _accounts(laptop, tmp_path / "laptop.sqlite3", None)["refusal"]
    store = team_store(tmp_path)
    monkeypatch.setenv(ident.REMOTE_USER_ENV, "小美")
    assert _accounts(store, store.path, None)["identity"] == Identity("小美", ("trainee",))
    monkeypatch.delenv(ident.SERVED_ENV)  # outside `trainer serve` nobody vouches for a name
    assert _accounts(store, store.path, None) == {"login": True, "shared": False}


def test_a_shared_store_keeps_device_settings_and_the_candidate_lock_off_the_store(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    from trainer import paths
    from trainer.services.device import DEVICE_FILE, DeviceSettings
    from trainer.ui.launch import _build

    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "data"))
    DeviceSettings(tmp_path / "data" / DEVICE_FILE).set("script", "hans")
    store = team_store(tmp_path)
    store.set_setting("script", "hant")
    app = _build(lambda: None, store, None, None, None, {"login": True, "shared": True})  # type: ignore[arg-type]
    assert app.ctx.config.script == "hans"
    app.ctx.lock.hold(42)
    assert app.ctx.lock.get() == 42 and store.get_setting("candidate_lock") is None
    laptop = _build(lambda: None, store, None, None, None, {"login": True, "shared": False})  # type: ignore[arg-type]
    assert laptop.ctx.config.script == "hant"
    laptop.ctx.lock.hold(7)
    assert store.get_setting("candidate_lock") == "7"


async def test_keys_typed_at_once_land_in_their_boxes(tmp_path: Path) -> None:
    """A name, Enter, a password and Enter sent together (a fast typist, a password manager, a
    browser) sign in: Enter moves the focus at once and reads the boxes after their own keys."""
    from textual import events

    r = rig(tmp_path, store=team_store(tmp_path), user=None, login=True)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for char in "小美\r" + PASSWORD + "\r":
            key = {"\r": "enter", " ": "space"}.get(char, char)
            r.app.post_message(events.Key(key, char))
        await settle(pilot)
        await settle(pilot)
        assert isinstance(r.app.screen, HomeScreen) and r.app.ctx.user == "小美"


async def test_taking_the_screen_back_asks_the_signed_in_persons_own_password(tmp_path: Path) -> None:
    """The candidate may be at the keyboard: a signed-in interviewer re-enters their password."""
    from trainer.ui.screens.lock import staff_only

    r = rig(tmp_path, store=team_store(tmp_path), user=None, login=True)
    unlocked: list[str] = []
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await log_in(pilot, "面試官", PASSWORD)
        staff_only(r.app, r.app.ctx, "面試官輸入員工密碼後，結束應試者的畫面。", unlocked.append)
        await pilot.pause()
        screen = r.app.screen
        assert isinstance(screen, LoginScreen) and screen.only == "面試官"
        assert screen.query_one("#login-name").disabled  # the name is fixed
        assert "您的密碼" in screen_text(r.app)
        await log_in(pilot, "面試官", "wrong password")
        assert unlocked == [] and isinstance(r.app.screen, LoginScreen)
        await log_in(pilot, "面試官", PASSWORD)
        assert unlocked == ["面試官"] and isinstance(r.app.screen, HomeScreen)
        staff_only(r.app, r.app.ctx, "", unlocked.append)
        await pilot.pause()
        await pilot.press("escape")  # re-asking may be cancelled
        await pilot.pause()
        assert unlocked == ["面試官"] and isinstance(r.app.screen, HomeScreen)


@pytest.mark.parametrize("text", TEXTS, ids=IDS)
async def test_hostile_names_are_shown_literally(tmp_path: Path, text: str) -> None:
    """An account name (or a proxy's name) from the hostile corpus: shown as typed, never run."""
    store = Store.open(tmp_path / "team.sqlite3")
    try:
        acc.add_account(store, text, ["trainee"], PASSWORD)
        fits = True
    except StoreError:  # control characters, too long: not an account name at all
        fits = False
    if fits:
        r = rig(tmp_path, store=store, user=None, login=True)
        async with r.app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            await log_in(pilot, text, PASSWORD)
            screen, actions = render(r.app)
            assert isinstance(r.app.screen, HomeScreen) and actions == []
            assert shown(text, 20) in screen
    message = f"帳號「{text}」在這裡不存在或已停用。"
    r = rig(tmp_path, store=store, user=None, login=True, refusal=message)
    async with r.app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen, actions = render(r.app)
        assert actions == [] and shown(message, 12) in screen


async def test_in_a_browser_only_the_web_drivers_start_up_blur_is_dropped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's web driver blurs the app as it starts, after the page has focused it
    (``trainer.ui.app_start``): that one blur is dropped, a later one (the tab left) is not."""
    from textual import events

    from trainer.ui.app import TrainerApp

    monkeypatch.setattr(TrainerApp, "is_web", property(lambda self: True))
    r = rig(tmp_path, store=team_store(tmp_path), user=None, login=True)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        r.app.post_message(events.AppBlur())  # the driver's, as it starts
        await pilot.pause()
        assert r.app.app_focus and r.app.screen.query_one("#login-name").has_focus
        r.app.post_message(events.AppBlur())  # the person went to another tab
        await pilot.pause()
        assert not r.app.app_focus
        r.app.post_message(events.AppFocus())
        await pilot.pause()
        assert r.app.app_focus


async def test_the_login_shows_its_own_keys_and_quits_from_them(tmp_path: Path) -> None:
    r = rig(tmp_path, store=team_store(tmp_path), user=None, login=True)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await settle(pilot)
        key_bar = screen_text(r.app).splitlines()[-1]
        # The login's keys, not those of Home below it (which nobody may use before logging in).
        assert "登入" in key_bar and "下一欄" in key_bar and "^q 結束" in key_bar, key_bar
        assert "練習" not in key_bar and "命令" not in key_bar
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert r.app.return_code is not None or not r.app.is_running
