"""Who may do what (trainer.services.identity), and when the app asks for a login."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.services import identity as ident
from trainer.services.identity import Identity, can
from trainer.store import Store
from trainer.store import accounts as acc

TRAINEE = Identity("小美", ("trainee",))
MANAGER = Identity("王經理", ("manager",))
INTERVIEWER = Identity("面試官", ("interviewer",))
ADMIN = Identity("管理員", ("admin",))
BOTH = Identity("組長", ("trainee", "manager"))
LAPTOP = Identity.laptop("小美")


@pytest.mark.parametrize(("who", "action", "answer"), [
    (TRAINEE, ident.TEAM, "no"), (TRAINEE, ident.INTERVIEWS, "no"), (TRAINEE, ident.PRACTICE, "yes"),
    (TRAINEE, ident.ACCOUNTS, "no"), (TRAINEE, ident.OTHERS, "no"),
    (MANAGER, ident.TEAM, "yes"), (MANAGER, ident.REPORTS, "yes"), (MANAGER, ident.OTHERS, "yes"),
    (MANAGER, ident.INTERVIEWS, "no"), (MANAGER, ident.CANDIDATES, "no"),
    (INTERVIEWER, ident.INTERVIEWS, "yes"), (INTERVIEWER, ident.CANDIDATES, "yes"),
    (INTERVIEWER, ident.TEAM, "no"),
    (ADMIN, ident.ACCOUNTS, "yes"), (ADMIN, ident.TEAM, "no"),
    (BOTH, ident.TEAM, "yes"), (BOTH, ident.PRACTICE, "yes"),
    (LAPTOP, ident.TEAM, "passphrase"), (LAPTOP, ident.INTERVIEWS, "passphrase"),
    (LAPTOP, ident.PRACTICE, "yes"), (None, ident.TEAM, "passphrase"),
])
def test_roles_decide(who, action, answer):
    assert can(who, action) == answer


def test_an_unknown_action_is_a_bug():
    with pytest.raises(ValueError):
        can(TRAINEE, "fly")


@pytest.mark.parametrize(("db", "env", "accounts", "login"), [
    ("/home/me/progress.sqlite3", {}, False, False),
    ("/home/me/progress.sqlite3", {}, True, True),
    ("postgresql://trainer@db/trainer", {}, False, True),
    ("POSTGRES://db/x", {}, False, True),
    (Path("postgresql://trainer@db/trainer"), {}, False, True),
    ("/srv/trainer.sqlite3", {ident.SERVED_ENV: "1"}, False, True),
    ("/srv/trainer.sqlite3", {ident.SERVED_ENV: "0"}, False, False),
])
def test_when_the_app_asks_for_a_login(db, env, accounts, login):
    with Store.open(":memory:") as store:
        if accounts:
            acc.add_account(store, "小美", ["trainee"], "long enough")
        assert ident.needs_login(store, db, env) is login


def test_sign_in_messages_never_tell_names_apart():
    with Store.open(":memory:") as store:
        acc.add_account(store, "小美", ["trainee"], "long enough")
        acc.add_account(store, "停用者", ["trainee"], "long enough")
        acc.disable(store, "停用者")
        assert ident.sign_in(store, "小美", "long enough").identity == Identity("小美", ("trainee",))
        assert ident.sign_in(store, "小美", "wrong one").message == ident.sign_in(store, "誰", "wrong one").message
        assert "停用" in ident.sign_in(store, "停用者", "long enough").message
        assert "停用" not in ident.sign_in(store, "停用者", "wrong one").message
        assert ident.sign_in(store, "", "x").identity is None


def test_a_trusted_name_counts_only_in_a_served_app():
    with Store.open(":memory:") as store:
        acc.add_account(store, "小美", ["trainee"], "long enough")
        served = {ident.SERVED_ENV: "1", ident.REMOTE_USER_ENV: "小美"}
        assert ident.remote_user(served) == "小美"
        assert ident.remote_user({ident.REMOTE_USER_ENV: "小美"}) is None
        assert ident.sign_in_trusted(store, "小美") == Identity("小美", ("trainee",))
        assert ident.sign_in_trusted(store, "沒這個人") is None
        acc.disable(store, "小美")
        assert ident.sign_in_trusted(store, "小美") is None
