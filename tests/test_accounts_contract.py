"""Accounts on every store backend (memory, file, PostgreSQL): add, login back-off, disable, list."""

from __future__ import annotations

import pytest

from trainer.store import Store, StoreError
from trainer.store import accounts as acc
from trainer.store import groups as g

PASSWORD = "correct horse"


def test_accounts_on_every_backend(store_spec: str) -> None:
    with Store.open(store_spec) as store:
        assert not acc.has_accounts(store)
        acc.add_account(store, "王經理", ["manager", "trainee"], PASSWORD, groups=["售後組"])
        acc.add_account(store, "小美", ["trainee"], PASSWORD, groups=["售後組", "新人一組"])
        with pytest.raises(StoreError, match="already exists"):
            acc.add_account(store, "小美", ["trainee"], PASSWORD)
        assert acc.has_accounts(store)
        assert [(a.name, a.roles, a.groups, a.disabled) for a in acc.accounts(store)] == [
            ("小美", ("trainee",), ("售後組", "新人一組"), False),
            ("王經理", ("trainee", "manager"), ("售後組",), False)]
        assert g.members(store, "售後組") == ["小美", "王經理"]
        assert acc.login(store, "王經理", PASSWORD).roles == ("trainee", "manager")
        fails = [acc.login(store, "小美", "wrong password") for _ in range(4)]
        unknown = [acc.login(store, "誰", "wrong password") for _ in range(4)]
        assert [(r.wait, r.failures) for r in fails] == [(r.wait, r.failures) for r in unknown]
        assert fails[-1].wait > 0
        acc.set_password(store, "小美", "a new password")
        assert acc.login(store, "小美", "a new password").ok
        assert acc.disable(store, "小美")
        assert acc.login(store, "小美", "a new password").disabled
        assert acc.enabled_account(store, "小美") is None
        assert acc.enabled_account(store, "王經理") == ("trainee", "manager")
