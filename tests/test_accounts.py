"""Accounts (schema 4): adding, passwords, disabling, listing, the login check and its back-off."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from trainer.store import Store, StoreError
from trainer.store import accounts as acc
from trainer.store import groups as g
from trainer.store.access import delay_after
from trainer.store.transfer import HistoryProblems, export_history, import_history

PASSWORD = "correct horse"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def store(clock):
    with Store.open(":memory:", clock=clock) as s:
        yield s


def test_an_account_has_roles_groups_and_only_a_hash(store):
    acc.add_account(store, " 王經理 ", ["manager", "trainee"], PASSWORD, groups=["售後組", "新人一組"])
    acc.add_account(store, "小美", ["trainee"], "another one", groups=["新人一組"])
    store.user_id("筆電學員")  # a laptop name: not an account
    listed = acc.accounts(store)
    assert [(a.name, a.roles, a.groups, a.disabled) for a in listed] == [
        ("小美", ("trainee",), ("新人一組",), False),
        ("王經理", ("trainee", "manager"), ("售後組", "新人一組"), False)]
    assert g.members(store, "新人一組") == ["小美", "王經理"]
    assert acc.roles_of(store, "王經理") == ("trainee", "manager")
    assert acc.roles_of(store, "筆電學員") == ()
    with store._read() as conn:
        stored = conn.execute("SELECT password_hash FROM users WHERE name = '王經理'").fetchone()[0]
    assert stored.startswith(("scrypt$", "pbkdf2_sha256$")) and PASSWORD not in stored


def test_has_accounts_only_once_someone_has_a_password(store):
    store.user_id("筆電學員")
    assert not acc.has_accounts(store)
    acc.add_account(store, "管理員", ["admin"], PASSWORD)
    assert acc.has_accounts(store)


@pytest.mark.parametrize(("name", "roles", "password", "groups", "why"), [
    ("小美", ["trainee"], PASSWORD, [], "already exists"),
    ("新人", ["boss"], PASSWORD, [], "unknown role"),
    ("新人", [], PASSWORD, [], "at least one role"),
    ("新人", ["trainee"], "", [], "cannot be empty"),
    ("新人", ["trainee"], "short", [], "too short"),
    ("新人", ["trainee"], PASSWORD, ["  "], "group name cannot be empty"),
    ("  ", ["trainee"], PASSWORD, [], "name cannot be empty"),
    ("a\x1bb", ["trainee"], PASSWORD, [], "control"),
])
def test_a_bad_account_is_refused_and_nothing_is_written(store, name, roles, password, groups, why):
    store.user_id("小美")
    before = _dump(store)
    with pytest.raises(StoreError, match=why):
        acc.add_account(store, name, roles, password, groups=groups)
    assert _dump(store) == before


def _dump(store: Store) -> list[object]:
    with store._read() as conn:
        return [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("users", "user_roles", "user_groups", "group_members", "settings")]


def test_login_right_wrong_and_disabled(store):
    acc.add_account(store, "小美", ["trainee"], PASSWORD)
    assert acc.login(store, "小美", PASSWORD) == acc.LoginResult(True, roles=("trainee",))
    wrong = acc.login(store, "小美", "not it at all")
    assert not wrong.ok and wrong.failures == 1 and wrong.wait == 0
    assert acc.disable(store, "小美") and not acc.disable(store, "小美")
    assert acc.login(store, "小美", PASSWORD) == acc.LoginResult(False, disabled=True)
    assert not acc.login(store, "小美", "still wrong!").disabled  # a wrong password never says "disabled"
    assert acc.enabled_account(store, "小美") is None


def test_back_off_grows_and_a_wait_is_not_even_checked(store, clock):
    acc.add_account(store, "小美", ["trainee"], PASSWORD)
    waits = [acc.login(store, "小美", "wrong password").wait for _ in range(3)]
    assert waits == [0, 0, int(delay_after(3))]
    blocked = acc.login(store, "小美", PASSWORD)  # the right one, during the wait
    assert (blocked.ok, blocked.checked, blocked.wait) == (False, False, int(delay_after(3)))
    clock.tick(delay_after(3))
    assert acc.login(store, "小美", PASSWORD).ok
    assert acc.login(store, "小美", "wrong again").failures == 1  # a right one cleared the count


def test_an_unknown_name_looks_like_a_wrong_password(store, clock):
    acc.add_account(store, "小美", ["trainee"], PASSWORD)
    known = [acc.login(store, "小美", "wrong password") for _ in range(4)]
    unknown = [acc.login(store, "沒這個人", "wrong password") for _ in range(4)]
    assert [(r.ok, r.wait, r.failures, r.checked, r.disabled) for r in known] == \
        [(r.ok, r.wait, r.failures, r.checked, r.disabled) for r in unknown]


def test_a_new_password_replaces_the_old_and_clears_the_wait(store):
    acc.add_account(store, "小美", ["trainee"], PASSWORD)
    for _ in range(4):
        acc.login(store, "小美", "wrong password")
    acc.set_password(store, "小美", "a brand new one")
    assert acc.login(store, "小美", "a brand new one").ok
    assert not acc.login(store, "小美", PASSWORD).ok
    with pytest.raises(StoreError, match="too short"):
        acc.set_password(store, "小美", "1234567")
    with pytest.raises(StoreError, match="no account"):
        acc.set_password(store, "沒這個人", "long enough")


def test_export_leaves_hashes_and_back_off_out_and_import_refuses_them(store):
    acc.add_account(store, "小美", ["trainee"], PASSWORD, groups=["新人一組"])
    acc.login(store, "小美", "wrong password")
    sid = store.start_session("小美", "practice", "case-1", mode="coach", seed=1)
    store.finish_session(sid, "resolved", 80)
    doc = export_history(store)
    text = json.dumps(doc, ensure_ascii=False)
    for secret in ("password", "scrypt", "failed_logins", "retry_after", "login_failures"):
        assert secret not in text
    # The roles travel in the team section (and whether the account is disabled), never a secret.
    assert doc["team"]["accounts"] == [{"person": "小美", "roles": ["trainee"], "disabled": False}]
    assert doc["users"][0].keys() == {"name", "created_at", "kind", "sessions"}
    doc["users"][0]["password_hash"] = "scrypt$16384$8$1$00$00"
    with Store.open(":memory:") as other:
        with pytest.raises(HistoryProblems) as refused:
            import_history(other, doc)
        assert "password_hash" in str(refused.value.problems)
        assert not acc.has_accounts(other)
        del doc["users"][0]["password_hash"]
        import_history(other, doc)
        assert not acc.has_accounts(other)  # the history and roles move, the password does not
        assert acc.roles_of(other, "小美") == ("trainee",)


def test_a_laptop_trainee_can_be_claimed_as_an_account_keeping_history(store):
    sid = store.start_session("筆電學員", "practice", "case-x")
    store.finish_session(sid, "resolved", 80)
    with pytest.raises(StoreError, match="--claim"):
        acc.add_account(store, "筆電學員", ["trainee"], PASSWORD)
    acc.add_account(store, "筆電學員", ["trainee"], PASSWORD, claim=True)
    assert acc.login(store, "筆電學員", PASSWORD).ok
    assert [s.id for s in store.sessions("筆電學員")] == [sid]
    with pytest.raises(StoreError, match="already exists"):
        acc.add_account(store, "筆電學員", ["trainee"], PASSWORD, claim=True)
