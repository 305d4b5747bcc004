"""``export xapi`` (trainer.reports.xapi): every finished session and reply as well-formed xAPI 1.0.3 statements.

``problems(statement)`` checks each statement against the parts of the xAPI
data spec an LRS enforces (required properties, UUIDs, IRIs, language maps,
scaled scores, ISO 8601 durations and timestamps); every exported statement
must come back with no problem.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.progress_helpers import DAY0, History
from trainer.reports.xapi import cmd_export_xapi, iso_duration, statements, write_statements
from trainer.store import Store

DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s]+$")
LANG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


def is_uuid(value: Any) -> bool:
    try:
        return bool(str(uuid.UUID(str(value))) == value)
    except ValueError:
        return False


def language_map(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(
        LANG.match(k) and isinstance(v, str) for k, v in value.items())


def timestamp(value: Any) -> bool:
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except (TypeError, ValueError):
        return False


def problems(s: dict[str, Any]) -> list[str]:
    """What is wrong with statement ``s`` (empty when it is well formed)."""
    found = [f"missing {key}" for key in ("id", "actor", "verb", "object", "timestamp") if key not in s]
    if found:
        return found
    actor, verb, obj = s["actor"], s["verb"], s["object"]
    checks = {
        "id is a UUID": is_uuid(s["id"]),
        "actor is an Agent": actor.get("objectType") == "Agent",
        "actor has exactly one identifier": sum(k in actor for k in ("mbox", "mbox_sha1sum", "openid", "account")) == 1,
        "account has homePage IRI and name": IRI.match(actor["account"]["homePage"]) is not None
        and bool(actor["account"]["name"]),
        "verb id is an IRI": IRI.match(verb["id"]) is not None,
        "verb display is a language map": language_map(verb.get("display")),
        "object is an Activity with an IRI": obj.get("objectType") == "Activity" and IRI.match(obj["id"]) is not None,
        "activity name is a language map": language_map(obj["definition"]["name"]),
        "activity type is an IRI": IRI.match(obj["definition"]["type"]) is not None,
        "timestamp is ISO 8601 with a zone": timestamp(s["timestamp"]),
        "version is 1.0.x": str(s.get("version", "1.0.3")).startswith("1.0."),
    }
    found = [name for name, ok in checks.items() if not ok]
    return found + result_problems(s.get("result", {})) + context_problems(s.get("context", {}))


def result_problems(result: dict[str, Any]) -> list[str]:
    found = []
    score = result.get("score")
    if score is not None:
        if not -1 <= score["scaled"] <= 1:
            found.append("scaled score outside -1..1")
        if not score["min"] <= score["raw"] <= score["max"]:
            found.append("raw score outside min..max")
    if "success" in result and not isinstance(result["success"], bool):
        found.append("success is not a boolean")
    if "duration" in result and not DURATION.match(result["duration"]):
        found.append(f"duration {result['duration']!r} is not ISO 8601")
    found += [f"extension key {k} is not an IRI" for k in result.get("extensions", {}) if not IRI.match(k)]
    return found


def context_problems(context: dict[str, Any]) -> list[str]:
    found = [] if "registration" not in context or is_uuid(context["registration"]) else ["registration not a UUID"]
    found += [f"extension key {k} is not an IRI" for k in context.get("extensions", {}) if not IRI.match(k)]
    for parent in context.get("contextActivities", {}).get("parent", []):
        if not IRI.match(parent["id"]):
            found.append("parent activity id is not an IRI")
    return found


@pytest.fixture
def h() -> History:
    h = History.open()
    h.practice("小美", "case-a", 80, day=0, hit=("道歉",), missed=("拍照",), replies=2, title="顏色不符")
    h.practice("小美", "case-b", 30, day=1, status="open")
    h.practice("小美", "case-c", 55, day=2, status="discarded")
    h.interview("小美", [("iv-a", 70, ()), ("iv-a#follow-up-1", 40, ("耐心",))], day=3)
    h.practice("阿 強", "案例/一", 45, day=4, mode="exam")
    return h


def export(store: Store, **options: Any) -> list[dict[str, Any]]:
    buffer = io.StringIO()
    count = write_statements(store, buffer, **options)
    data = json.loads(buffer.getvalue())
    assert isinstance(data, list) and len(data) == count
    return data


def test_every_statement_is_well_formed(h: History) -> None:
    data = export(h.store)
    assert [problems(s) for s in data] == [[]] * len(data)
    assert len({s["id"] for s in data}) == len(data)


def test_finished_sessions_and_their_replies_only(h: History) -> None:
    data = export(h.store)
    verbs = [(s["verb"]["display"]["en-US"], s["object"]["id"].rsplit("/activities/", 1)[1]) for s in data]
    assert verbs == [
        ("answered", "scenario/case-a/node/n0"), ("answered", "scenario/case-a/node/n1"),
        ("completed", "scenario/case-a"),
        ("answered", "question/iv-a"), ("answered", "question/iv-a%23follow-up-1"),
        ("completed", "interview/screen-classic"),
        ("answered", "scenario/%E6%A1%88%E4%BE%8B%2F%E4%B8%80/node/n0"),
        ("completed", "scenario/%E6%A1%88%E4%BE%8B%2F%E4%B8%80"),
    ]


def test_results_carry_score_success_response_and_duration(h: History) -> None:
    reply, *_rest, done = export(h.store)[:3]
    assert reply["result"]["score"] == {"scaled": 0.8, "raw": 80.0, "min": 0, "max": 100}
    assert reply["result"]["success"] is True and reply["result"]["duration"] == "PT12.5S"
    assert reply["result"]["response"] == "親，您好，我幫您看看。"
    assert reply["result"]["extensions"]["https://trainer.invalid/xapi/extensions/missed-points"] == ["拍照"]
    assert reply["context"]["contextActivities"]["parent"][0]["id"].endswith("/scenario/case-a")
    assert reply["object"]["definition"]["interactionType"] == "long-fill-in"
    assert done["result"]["duration"] == "PT3M" and done["result"]["completion"] is True
    assert done["object"]["definition"]["name"] == {"zh-TW": "顏色不符"}
    assert reply["context"]["registration"] == done["context"]["registration"]
    assert done["actor"] == {"objectType": "Agent", "name": "小美",
                             "account": {"homePage": "https://trainer.invalid/xapi", "name": "小美"}}


def test_the_pass_mark_decides_success(h: History) -> None:
    completed = [s for s in export(h.store, pass_mark=50) if s["verb"]["id"].endswith("/completed")]
    assert [s["result"]["success"] for s in completed] == [True, True, False]
    assert [s["result"]["success"] for s in statements(h.store) if s["verb"]["id"].endswith("/completed")] == [
        True, False, False]


def test_ids_are_stable_across_exports_and_bases_are_configurable(h: History) -> None:
    assert [s["id"] for s in export(h.store)] == [s["id"] for s in export(h.store)]
    other = export(h.store, base="https://lms.example.com/trainer/")
    assert other[0]["object"]["id"].startswith("https://lms.example.com/trainer/activities/")
    assert [problems(s) for s in other] == [[]] * len(other)


def test_since_keeps_sessions_finished_from_that_moment(h: History) -> None:
    since = DAY0.replace(day=3).isoformat()
    assert {s["context"]["registration"] for s in export(h.store, since=since)} == {
        r.uid for r in h.store.sessions("小美") + h.store.sessions("阿 強")
        if r.status == "finished" and r.finished_at and r.finished_at >= since}


def test_an_empty_database_is_an_empty_array() -> None:
    assert export(Store.open(":memory:")) == []


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "PT0S"), (12.5, "PT12.5S"), (59.999, "PT1M"), (60, "PT1M"), (61.25, "PT1M1.25S"),
    (3600, "PT1H"), (3725.5, "PT1H2M5.5S"), (-3, "PT0S"),
])
def test_iso_durations(seconds: float, text: str) -> None:
    assert iso_duration(seconds) == text
    assert DURATION.match(text)


def test_the_command_writes_a_file_or_stdout(h: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lrs" / "statements.json"
    assert cmd_export_xapi(h.store, None, out) == 0
    assert "wrote 8 statements" in capsys.readouterr().err
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 8
    assert cmd_export_xapi(h.store, date(2030, 1, 1), None) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_an_unwritable_file_is_a_clean_error(h: History, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_export_xapi(h.store, None, tmp_path) == 1  # a folder
    assert capsys.readouterr().err.startswith("trainer: error: cannot write")
