"""The ``team`` section of ``export json`` / ``import json``: roles, groups, assignments, tracks, certificates."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.progress_helpers import History
from trainer.store import Store
from trainer.store import accounts as acc
from trainer.store import assignments as asg
from trainer.store import certificates as cert
from trainer.store import groups as grp
from trainer.store.errors import StoreError
from trainer.store.transfer import HistoryProblems, check_history, export_history, import_history

PASSWORD = "long enough pw"


def same(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def team_store(path: str = ":memory:") -> Store:
    """A team with every kind of row: accounts, groups, assignments (one removed), a track, a certificate."""
    h = History.open(path)
    h.practice("小美", "case-a", 80, day=0)
    acc.add_account(h.store, "王經理", ["manager"], PASSWORD)
    acc.add_account(h.store, "小美", ["trainee"], PASSWORD, ["新人組"], claim=True)
    acc.add_account(h.store, "阿強", ["trainee", "interviewer"], PASSWORD, ["新人組", "售後組"])
    acc.disable(h.store, "阿強")
    with h.store._write() as conn:
        conn.execute("UPDATE user_groups SET leaderboard = 1 WHERE name = '售後組'")
        conn.execute("UPDATE users SET failed_logins = 3, retry_after = '2030-01-01T00:00:00' WHERE name = '小美'")
    ids = asg.add_assignments(h.store, [
        asg.NewAssignment("scenario", "case-a", "顏色不符", None, "新人組", "2026-12-31", 80, 2, 5, "exam", "王經理"),
        asg.NewAssignment("typing", "typing", "打字", "小美", None, "2026-12-24", 60),
        asg.NewAssignment("category", "售後", "", "阿強", None, "2026-11-30", 70)])
    asg.remove_assignment(h.store, ids[2])
    track_id = cert.add_track(h.store, "新人第一週", ids[:2], "王經理")
    cert.issue(h.store, "小美", track_id, {"case-a": 88, "備註": "<b>好</b>"})
    return h.store


def test_the_team_travels_and_importing_twice_adds_nothing(store_spec: str) -> None:
    doc = json.loads(json.dumps(export_history(team_store()), ensure_ascii=False))
    team = doc["team"]
    assert [a["person"] for a in team["accounts"]] == ["小美", "王經理", "阿強"]
    assert team["accounts"][2] == {"person": "阿強", "roles": ["trainee", "interviewer"], "disabled": True}
    assert [g["leaderboard"] for g in team["groups"]] == [True, False]
    assert team["tracks"][0]["steps"] == [0, 1] and team["certificates"][0]["figures"]["備註"] == "<b>好</b>"
    target = Store.open(store_spec)  # every backend, PostgreSQL too
    import_history(target, doc)
    import_history(target, doc)
    assert same(export_history(target)) == same(doc)
    assert len(asg.assignments(target, removed=True)) == 3
    assert [c.track for c in cert.certificates(target, "小美")] == ["新人第一週"]


def test_no_password_hash_or_login_back_off_is_exported() -> None:
    text = json.dumps(export_history(team_store()), ensure_ascii=False)
    for word in ("password", "scrypt", "failed_logins", "retry_after", "2030-01-01"):
        assert word not in text


def test_imported_accounts_have_roles_and_get_a_password_from_the_admin() -> None:
    target = Store.open(":memory:")
    import_history(target, export_history(team_store()))
    assert acc.roles_of(target, "王經理") == ("manager",)
    assert not acc.has_accounts(target)  # nobody can log in until the admin sets passwords
    assert not acc.login(target, "王經理", PASSWORD).ok
    acc.set_password(target, "王經理", "a new one here")
    assert acc.login(target, "王經理", "a new one here").ok
    with pytest.raises(StoreError, match="no account"):
        acc.set_password(target, "路人", "a new one here")


def test_an_existing_team_keeps_its_own_rows() -> None:
    doc = export_history(team_store())
    target = Store.open(":memory:")
    acc.add_account(target, "王經理", ["admin"], PASSWORD, ["新人組"])
    import_history(target, doc)
    assert acc.roles_of(target, "王經理") == ("manager", "admin")  # roles are added, none taken away
    assert acc.login(target, "王經理", PASSWORD).ok  # the local password stays
    assert grp.members(target, "新人組") == ["小美", "王經理", "阿強"]


def test_a_one_person_export_has_no_team_section() -> None:
    assert "team" not in export_history(team_store(), "小美")


@pytest.mark.parametrize(("change", "problem"), [
    (lambda t: t.update(secrets=[]), "team: unknown section 'secrets'"),
    (lambda t: t["accounts"][0].update(password_hash="scrypt$x"), "team.accounts[0]: unknown field 'password_hash'"),
    (lambda t: t["accounts"][0].update(roles=["boss"]), "team.accounts[0].roles: must be a list of trainee"),
    (lambda t: t["groups"][0].update(name=" "), "team.groups[0].name: must not be empty"),
    (lambda t: t["groups"][0].pop("created_at"), "team.groups[0]: missing `created_at`"),
    (lambda t: t["members"][0].update(person="路人"), "team.members[0].person: nobody called '路人'"),
    (lambda t: t["members"][0].update(group="別組"), "team.members[0].group: no group called '別組'"),
    (lambda t: t["assignments"][0].update(person="小美"), "team.assignments[0]: must name one person or one group"),
    (lambda t: t["assignments"][1].update(min_score="abc"), "team.assignments[1].min_score: must be a number"),
    (lambda t: t["assignments"][1].update(item_kind="karaoke"), "team.assignments[1].item_kind: must be one of"),
    (lambda t: t["tracks"][0].update(steps=[0, 7]), "team.tracks[0].steps: a step is not a position"),
    (lambda t: t["certificates"][0].update(track="別的"), "team.certificates[0].track: no track called '別的'"),
    (lambda t: t["certificates"][0].update(figures=[]), "team.certificates[0].figures: must be an object"),
])
def test_a_bad_team_section_is_refused_with_nothing_written(change: Any, problem: str) -> None:
    doc = copy.deepcopy(export_history(team_store()))
    change(doc["team"])
    target = Store.open(":memory:")
    with target._read() as conn:
        assert any(problem in p for p in check_history(doc, conn)), check_history(doc, conn)
    with pytest.raises(HistoryProblems, match=problem.replace("[", r"\[").replace("]", r"\]")):
        import_history(target, doc)
    assert target.users() == [] and grp.groups(target) == []


def test_a_password_hash_on_a_person_is_refused() -> None:
    doc = export_history(team_store())
    doc["users"][0]["password_hash"] = "scrypt$x"
    assert any("unknown field 'password_hash'" in p for p in check_history(doc))


def test_the_import_message_counts_the_team_rows_it_added(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from trainer.store.transfer import cmd_import_json

    out = tmp_path / "team.json"
    out.write_text(json.dumps(export_history(team_store()), ensure_ascii=False), encoding="utf-8")
    target = Store.open(tmp_path / "t.sqlite3")
    assert cmd_import_json(target, out) == 0
    first = capsys.readouterr().err
    assert "roles" in first and "groups" in first and "assignments" in first and "certificates" in first, first
    assert cmd_import_json(target, out) == 0  # again: nothing added, so no team rows named
    again = capsys.readouterr().err
    assert "imported 0 sessions (0 replies) from" in again and "roles" not in again, again
    target.close()
