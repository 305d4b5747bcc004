"""``trainer export xapi``: every finished session and reply as xAPI 1.0.3 statements, one JSON array.

A company LMS or learning record store (LRS) takes the array as it is (``POST
/statements`` accepts a list). Each finished session gives one ``completed``
statement (object: the scenario, interview set or typing passage; result: the
scaled score, success against the pass mark, the session's duration), and each
reply in a practice or interview session one ``answered`` statement (object: the
scenario node or interview question as a ``cmi.interaction``; result: scaled
score, success, the reply as ``response``, the time taken to answer as
``duration``; context: the session as ``registration`` and the scenario as
parent). Each certificate (docs/assignments.md) gives one ``passed`` statement
whose object is the track. Statement ids are UUID-5s of the session's ``uid`` (and the reply's
index), so exporting twice gives the same ids and an LRS keeps one copy.

Activity and extension IRIs live under ``base`` (default
``https://trainer.invalid/xapi``: ``.invalid`` never resolves; pass your own
domain to make them yours); people are identified by an ``account`` on that
home page, named as in the app. Statements are written one at a time, so the
export of a million replies does not hold them all in memory.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from trainer.core.atomic import atomic_open
from trainer.core.visible import json_safe
from trainer.reports.figures import stamp
from trainer.reports.output import error
from trainer.store import SessionRow, Store, StoreError, TurnRow
from trainer.store.progress import sessions_with_turns
from trainer.store.reviews import latest_overrides

DEFAULT_BASE = "https://trainer.invalid/xapi"
VERSION = "1.0.3"
LANG = "zh-TW"
ADL = "http://adlnet.gov/expapi"
VERBS = {
    "completed": (f"{ADL}/verbs/completed", "完成", "completed"),
    "answered": (f"{ADL}/verbs/answered", "回答", "answered"),
}
ACTIVITY_TYPES = {
    "practice": ("scenario", f"{ADL}/activities/simulation"),
    "interview": ("interview", f"{ADL}/activities/assessment"),
    "typing": ("typing", f"{ADL}/activities/performance"),
}
INTERACTION = f"{ADL}/activities/cmi.interaction"
PASS_MARK = 60.0


def cmd_export_xapi(store: Store, since: date | None, out: Path | None, *,
                    base: str = DEFAULT_BASE, pass_mark: float = PASS_MARK) -> int:
    """``export xapi [--since DATE] [-o FILE]``: finished sessions since local midnight of ``since``."""
    start = "" if since is None else stamp(datetime.combine(since, time(0)).astimezone())
    if out is None:
        try:
            write_statements(store, sys.stdout, since=start, base=base, pass_mark=pass_mark)
        except StoreError as exc:
            return error(str(exc))
        return 0
    try:
        with atomic_open(out) as fh:  # a failed export keeps the previous file
            count = write_statements(store, fh, since=start, base=base, pass_mark=pass_mark)
    except StoreError as exc:
        return error(str(exc))
    except OSError as exc:
        return error(f"cannot write {out}: {exc.strerror or exc}")
    return _wrote(out, count)


def _wrote(out: Path, count: int) -> int:
    print(f"wrote {count} statements to {out}", file=sys.stderr)
    return 0


def write_statements(store: Store, fh: IO[str], *, since: str = "", base: str = DEFAULT_BASE,
                     pass_mark: float = PASS_MARK) -> int:
    """Write the JSON array of statements to ``fh``, one statement per line; returns how many."""
    count = 0
    fh.write("[")
    for statement in statements(store, since=since, base=base, pass_mark=pass_mark):
        line = json_safe(json.dumps(statement, ensure_ascii=False, sort_keys=True))
        fh.write(("\n" if count == 0 else ",\n") + line)
        count += 1
    fh.write("\n]\n" if count else "]\n")
    return count


def statements(store: Store, *, since: str = "", base: str = DEFAULT_BASE,
               pass_mark: float = PASS_MARK) -> Iterator[dict[str, Any]]:
    """Every statement, session by session: its replies, then the session's ``completed``."""
    base = base.rstrip("/")
    overridden = latest_overrides(store)  # a reviewer's score is the one that counts
    for session, turns in sessions_with_turns(store, since=since):
        if session.kind != "typing":
            for turn in turns:
                counted = overridden.get((session.id, turn.index))
                yield reply_statement(session, turn, base, counted, pass_mark)
        yield session_statement(session, turns, base, pass_mark)
    from trainer.reports.certificate import statements as certificate_statements

    yield from certificate_statements(store, base, since)  # a certificate: `passed` the track


def _id(base: str, *parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join((base, *map(str, parts)))))


def actor(name: str, base: str) -> dict[str, Any]:
    return {"objectType": "Agent", "name": name, "account": {"homePage": base, "name": name}}


def verb(key: str) -> dict[str, Any]:
    iri, zh, en = VERBS[key]
    return {"id": iri, "display": {LANG: zh, "en-US": en}}


def item_activity(session: SessionRow, base: str) -> dict[str, Any]:
    """The scenario, interview set or typing passage the session was about."""
    path, kind_iri = ACTIVITY_TYPES.get(session.kind, (session.kind, f"{ADL}/activities/simulation"))
    name = session.item_title or session.item_id
    definition: dict[str, Any] = {"name": {LANG: name}, "type": kind_iri}
    if session.category:
        definition["description"] = {LANG: session.category}
    return {"objectType": "Activity", "id": f"{base}/activities/{path}/{_segment(session.item_id)}",
            "definition": definition}


def node_activity(session: SessionRow, turn: TurnRow, base: str) -> dict[str, Any]:
    """A scenario node or an interview question, as a long-fill-in interaction."""
    parent = item_activity(session, base)["id"]
    if session.kind == "interview":
        iri = f"{base}/activities/question/{_segment(turn.node_id)}"
    else:
        iri = f"{parent}/node/{_segment(turn.node_id)}"
    return {"objectType": "Activity", "id": iri,
            "definition": {"name": {LANG: f"{session.item_title or session.item_id}：{turn.node_id}"},
                           "description": {LANG: turn.prompt},
                           "type": INTERACTION, "interactionType": "long-fill-in"}}


def _segment(text: str) -> str:
    """An id as one path segment, percent-encoded (so the IRI is a plain URI too, for strict LRSs)."""
    return quote(text, safe="-._~")


def score(value: float | None, passed: bool | None) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if value is not None:
        raw = max(0.0, min(100.0, float(value)))
        result["score"] = {"scaled": round(raw / 100, 4), "raw": raw, "min": 0, "max": 100}
    if passed is not None:
        result["success"] = bool(passed)
    return result


def reply_statement(session: SessionRow, turn: TurnRow, base: str, counted: float | None = None,
                    pass_mark: float = PASS_MARK) -> dict[str, Any]:
    """A reply's ``answered``; ``counted``: a reviewer's override, reported instead of the automatic score."""
    result = score(turn.score, turn.passed) if counted is None else score(counted, counted >= pass_mark)
    result.update(response=turn.reply, duration=iso_duration(turn.latency), completion=True)
    points = turn.result.get("points") if isinstance(turn.result, dict) else None
    if isinstance(points, dict):
        result["extensions"] = {f"{base}/extensions/missed-points": list(points.get("missed") or [])}
    return {
        "id": _id(base, session.uid, turn.index), "actor": actor(session.user, base), "verb": verb("answered"),
        "object": node_activity(session, turn, base), "result": result,
        "context": _context(session, base, parent=True), "timestamp": turn.created_at or session.started_at,
        "version": VERSION,
    }


def session_statement(session: SessionRow, turns: list[TurnRow], base: str,
                      pass_mark: float = PASS_MARK) -> dict[str, Any]:
    scored = session.kind != "typing" and session.score is not None
    if session.kind == "typing":
        passed: bool | None = turns[0].passed if turns else None
    else:
        passed = None if session.score is None else session.score >= pass_mark
    result = score(session.score if scored else None, passed)
    result["completion"] = True
    seconds = _seconds(session)
    if seconds is not None:
        result["duration"] = iso_duration(seconds)
    if session.outcome:
        result["extensions"] = {f"{base}/extensions/outcome": session.outcome}
    return {
        "id": _id(base, session.uid), "actor": actor(session.user, base), "verb": verb("completed"),
        "object": item_activity(session, base), "result": result, "context": _context(session, base),
        "timestamp": session.finished_at or session.started_at, "version": VERSION,
    }


def _context(session: SessionRow, base: str, *, parent: bool = False) -> dict[str, Any]:
    context: dict[str, Any] = {"registration": session.uid, "platform": "trainer", "language": LANG}
    if session.mode:
        context["extensions"] = {f"{base}/extensions/mode": session.mode}
    if parent:
        context["contextActivities"] = {"parent": [{"objectType": "Activity",
                                                    "id": item_activity(session, base)["id"]}]}
    return context


def _seconds(session: SessionRow) -> float | None:
    if not session.finished_at:
        return None
    try:
        start, end = datetime.fromisoformat(session.started_at), datetime.fromisoformat(session.finished_at)
    except ValueError:
        return None
    return max(0.0, (end - start).total_seconds())


def iso_duration(seconds: float) -> str:
    """Seconds as an ISO 8601 duration, to the hundredth: ``3725.5`` → ``PT1H2M5.5S``."""
    hundredths = max(0, round(seconds * 100))
    hours, rest = divmod(hundredths, 360000)
    minutes, rest = divmod(rest, 6000)
    secs = f"{rest / 100:.2f}".rstrip("0").rstrip(".")
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if rest or not (hours or minutes) else "")
