"""Groups of trainees (schema 4): create, join, list, leave."""

from __future__ import annotations

import pytest

from trainer.store import Store, StoreError
from trainer.store import groups as g


@pytest.fixture()
def store():
    with Store.open(":memory:") as s:
        yield s


def test_groups_hold_people(store):
    assert g.add_group(store, " 新人一組 ") == g.add_group(store, "新人一組")
    g.add_group(store, "售後組")
    store.user_id("小美")
    store.user_id("阿明")
    g.join_group(store, "新人一組", "小美")
    g.join_group(store, "新人一組", "小美")
    g.join_group(store, "售後組", "小美")
    g.join_group(store, "新人一組", "阿明")
    assert g.groups(store) == sorted(["新人一組", "售後組"])
    assert g.members(store, "新人一組") == sorted(["小美", "阿明"])
    assert g.groups_of(store, "小美") == sorted(["新人一組", "售後組"])
    g.leave_group(store, "新人一組", "阿明")
    assert g.members(store, "新人一組") == ["小美"]
    assert g.members(store, "沒有這組") == []
    assert g.group_id(store, "沒有這組") is None


def test_unknown_group_or_person_is_refused(store):
    store.user_id("小美")
    with pytest.raises(StoreError, match="no group"):
        g.join_group(store, "沒有這組", "小美")
    g.add_group(store, "售後組")
    with pytest.raises(StoreError, match="nobody"):
        g.join_group(store, "售後組", "陌生人")
    with pytest.raises(StoreError, match="empty"):
        g.add_group(store, "  ")
