"""One content file's YAML -> models (format v1), with a Problem for every mistake.

``scenario_from`` builds a ``Scenario`` from a scenario file's top mapping,
``bank_from`` an ``InterviewBank`` from an interview bank's; both check
structure, types, unknown and missing fields as they go and report through the
``Reader``, never raising for bad content. Reading files and folders, and the
cross-checks between them, are ``trainer.core.loader``'s. See ``docs/format.md``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from trainer.core.facts import read_facts
from trainer.core.models import (
    ENDINGS,
    AvoidRule,
    Buyer,
    Condition,
    Example,
    NextRule,
    Node,
    Point,
    Rubric,
    Scenario,
)
from trainer.core.reader import Reader
from trainer.core.yamlpos import YMap

if TYPE_CHECKING:  # imported where a bank is built: a scenario's first read need not define them
    from trainer.core.interview_models import FollowUp, InterviewBank, InterviewSet, Question

ID_RE = re.compile(r"[a-z0-9-]+")
SCENARIO_KEYS = (
    "id", "title", "category", "difficulty", "tags", "brief", "buyer", "patience", "facts", "start", "nodes",
)
BUYER_KEYS = ("name", "persona", "mood")
RUBRIC_KEYS = ("answers", "points", "avoid", "examples", "allow")
NODE_KEYS = ("buyer", "end", *RUBRIC_KEYS, "next")
POINT_KEYS = ("label", "any", "weight")
AVOID_KEYS = ("any", "why", "regex")
EXAMPLE_KEYS = ("reply", "min", "max")
NEXT_KEYS = ("if", "goto")
LABEL_CONDITIONS = ("missed", "hit")
NUMBER_CONDITIONS = ("score_below", "score_above", "mood_above", "mood_below")
NODE_CONDITIONS = (*LABEL_CONDITIONS, *NUMBER_CONDITIONS)
FOLLOW_UP_CONDITIONS = ("missed", "hit", "score_below", "score_above")
BANK_KEYS = ("category", "questions", "sets")
QUESTION_KEYS = (
    "id", "ask", *RUBRIC_KEYS, "time_limit", "difficulty", "tags", "follow_ups",
)
FOLLOW_UP_KEYS = ("ask", *RUBRIC_KEYS, "if")
SET_KEYS = ("id", "title", "questions", "time_limit")



# --- rubrics -------------------------------------------------------------


def _rubric(
    r: Reader, m: YMap, prompt: tuple[str, ...], mark: Any, kind: str = "chat"
) -> Rubric:
    answers = r.texts(m, "answers", nonempty=True)
    rubric = Rubric(answers, _points(r, m), _avoid(r, m), _examples(r, m), prompt, r.loc(mark), kind)
    return replace(rubric, allow=r.texts(m, "allow")) if "allow" in m else rubric


def _points(r: Reader, m: YMap) -> tuple[Point, ...]:
    out = []
    first: dict[str, int] = {}
    for item, mark in r.items(m, "points"):
        p = r.mapping(item, mark, "a key point")
        if p is None:
            continue
        r.fields(p, "a key point", POINT_KEYS, ("label", "any"))
        label = r.text(p, "label")
        if label and label in first:
            r.error(p.at["label"][1],
                    f"duplicate key-point label `{label}` (first at line {first[label]})")
        elif label:
            first[label] = mark.line + 1
        weight = r.number(p, "weight", 1.0, above=0)
        out.append(Point(label, r.texts(p, "any", nonempty=True), weight or 1.0, r.loc(mark)))
    return tuple(out)


def _avoid(r: Reader, m: YMap) -> tuple[AvoidRule, ...]:
    out = []
    for item, mark in r.items(m, "avoid"):
        a = r.mapping(item, mark, "an avoid rule")
        if a is not None:
            r.fields(a, "an avoid rule", AVOID_KEYS, ("any", "why"))
            phrases = r.texts(a, "any", nonempty=True)
            out.append(AvoidRule(phrases, r.text(a, "why"), r.flag(a, "regex"), r.loc(mark)))
    return tuple(out)


def _examples(r: Reader, m: YMap) -> tuple[Example, ...]:
    out = []
    for item, mark in r.items(m, "examples"):
        e = r.mapping(item, mark, "an example")
        if e is None:
            continue
        r.fields(e, "an example", EXAMPLE_KEYS)
        if e.get("reply") is None:  # an empty reply is a fine example (it must score 0)
            r.error(mark, "an example is missing the required field `reply`")
        if "min" not in e and "max" not in e:
            r.error(mark, "an example needs `min`, `max` or both (the score range it must get)")
        low = r.number(e, "min", None, 0, 100)
        high = r.number(e, "max", None, 0, 100)
        out.append(Example(r.text(e, "reply"), low, high, r.loc(mark)))
    return tuple(out)


def _condition(r: Reader, m: YMap, allowed: tuple[str, ...]) -> Condition | None:
    """The ``if:`` of a rule (None when absent)."""
    if "if" not in m:
        return None
    c = r.mapping(m["if"], m.at["if"][1], "`if`")
    if c is None:
        return None
    r.fields(c, "a condition (`if`)", allowed)
    if not c:
        r.error(m.at["if"][1], f"`if` is empty; use one of: {', '.join(allowed)}")

    def label(key: str) -> str | None:
        return r.text(c, key) or None if key in allowed else None

    def number(key: str) -> float | None:
        return r.number(c, key, None, 0, 100) if key in allowed else None

    return Condition(
        missed=label("missed"), hit=label("hit"),
        score_below=number("score_below"), score_above=number("score_above"),
        mood_above=number("mood_above"), mood_below=number("mood_below"),
    )


# --- scenarios -----------------------------------------------------------


def _lines(r: Reader, m: YMap, key: str) -> tuple[str, ...]:
    """A field that is a string or a non-empty list of strings."""
    value = m.get(key)
    if isinstance(value, list):
        return r.texts(m, key, nonempty=True)
    text = r.text(m, key)
    return (text,) if text else ()


def _next(r: Reader, m: YMap) -> tuple[NextRule, ...]:
    out = []
    for item, mark in r.items(m, "next"):
        rule = r.mapping(item, mark, "a `next` rule")
        if rule is not None:
            r.fields(rule, "a `next` rule", NEXT_KEYS, ("goto",))
            when = _condition(r, rule, NODE_CONDITIONS)
            out.append(NextRule(r.text(rule, "goto"), when, r.loc(mark)))
    return tuple(out)


def _node(r: Reader, nid: str, value: Any, marks: tuple[Any, Any]) -> Node | None:
    what = f"node `{nid}`"
    m = r.mapping(value, marks[1], what)
    if m is None:
        return None
    ending = "end" in m
    r.fields(m, what, NODE_KEYS, ("buyer",) if ending else ("buyer", "answers"), at=marks[0])
    buyer = _lines(r, m, "buyer")
    here = r.loc(marks[0])
    if not ending:
        return Node(nid, buyer, _rubric(r, m, buyer, marks[0]), _next(r, m), None, here)
    end = r.text(m, "end")
    if end and end not in ENDINGS:
        r.error(m.at["end"][1], f"`end` must be one of {', '.join(ENDINGS)}; got `{end}`")
    for key in (*RUBRIC_KEYS, "next"):
        if key in m:
            r.error(m.at[key][0], f"`{key}` is not allowed in an ending node (`end: {end}`): "
                    "no reply is expected there")
    return Node(nid, buyer, None, (), end or None, here)


def _nodes(r: Reader, m: YMap) -> dict[str, Node]:
    if m.get("nodes") is None:
        return {}
    nodes_map = r.mapping(m["nodes"], m.at["nodes"][1], "`nodes`")
    if nodes_map is None:
        return {}
    if not nodes_map:
        r.error(m.at["nodes"][1], "`nodes` must hold at least one node")
    nodes = {}
    for nid, value in nodes_map.items():
        node = _node(r, nid, value, nodes_map.at[nid])
        if node is not None:
            nodes[nid] = node
    return nodes


def _id(r: Reader, m: YMap, what: str) -> str:
    ident = r.text(m, "id")
    if ident and not ID_RE.fullmatch(ident):
        r.error(m.at["id"][1], f"{what} id `{ident}` may only use a-z, 0-9 and '-'")
    return ident


def _buyer(r: Reader, m: YMap) -> Buyer:
    if m.get("buyer") is None:
        return Buyer()
    b = r.mapping(m["buyer"], m.at["buyer"][1], "`buyer`")
    if b is None:
        return Buyer()
    r.fields(b, "`buyer`", BUYER_KEYS)
    name, persona = r.text(b, "name", Buyer.name), r.text(b, "persona")
    return Buyer(name, persona, r.whole(b, "mood", 50, 0, 100))


def scenario_from(r: Reader, m: YMap) -> Scenario | None:
    """A Scenario from a file's top mapping (None without an id)."""
    r.fields(m, "a scenario", SCENARIO_KEYS, ("id", "title", "start", "nodes"))
    sid = _id(r, m, "scenario")
    scenario = Scenario(
        id=sid, title=r.text(m, "title"), start=r.text(m, "start"), nodes=_nodes(r, m),
        category=r.text(m, "category"), difficulty=r.whole(m, "difficulty", 1, 1, 5),
        tags=r.texts(m, "tags"), brief=r.text(m, "brief"), buyer=_buyer(r, m),
        patience=r.whole(m, "patience", 60, 1), facts=read_facts(r, m), path=r.file,
        loc=r.loc(m.at["id"][1] if "id" in m else m.mark),
    )
    _check_start(r, m, scenario)
    return scenario if sid else None


def _check_start(r: Reader, m: YMap, scenario: Scenario) -> None:
    """``start`` must name a node that expects a reply."""
    node = scenario.nodes.get(scenario.start)
    if not scenario.start or "nodes" not in m:
        return
    if node is None and not (isinstance(m["nodes"], YMap) and scenario.start in m["nodes"]):
        close = get_close_matches(scenario.start, list(scenario.nodes), n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        r.error(m.at["start"][1], f"`start: {scenario.start}` names no node in `nodes`{hint}")
    elif node is not None and node.end is not None:
        r.error(m.at["start"][1], f"`start: {scenario.start}` is an ending node; "
                "the conversation must start with a node that expects a reply")


# --- interview banks -----------------------------------------------------


def _follow_up(r: Reader, item: Any, mark: Any) -> FollowUp | None:
    f = r.mapping(item, mark, "a follow-up")
    if f is None:
        return None
    r.fields(f, "a follow-up", FOLLOW_UP_KEYS, ("ask", "answers"))
    ask = r.text(f, "ask")
    when = _condition(r, f, FOLLOW_UP_CONDITIONS)
    from trainer.core.interview_models import FollowUp

    return FollowUp(ask, _rubric(r, f, (ask,), mark, "interview"), when, r.loc(mark))


def _question(r: Reader, item: Any, mark: Any, category: str) -> Question | None:
    q = r.mapping(item, mark, "a question")
    if q is None:
        return None
    r.fields(q, "a question", QUESTION_KEYS, ("id", "ask", "answers"))
    qid = _id(r, q, "question")
    ask = r.text(q, "ask")
    follow_ups = [_follow_up(r, i, k) for i, k in r.items(q, "follow_ups")]
    from trainer.core.interview_models import Question

    question = Question(
        id=qid, ask=ask, rubric=_rubric(r, q, (ask,), mark, "interview"), category=category,
        difficulty=r.whole(q, "difficulty", 1, 1, 5), tags=r.texts(q, "tags"),
        time_limit=r.whole(q, "time_limit", 0, 1) or None,
        follow_ups=tuple(f for f in follow_ups if f is not None), loc=r.loc(mark),
    )
    return question if qid else None


def _set(r: Reader, item: Any, mark: Any) -> InterviewSet | None:
    s = r.mapping(item, mark, "an interview set")
    if s is None:
        return None
    r.fields(s, "an interview set", SET_KEYS, ("id", "questions"))
    sid = _id(r, s, "interview set")
    questions = r.texts(s, "questions", nonempty=True)
    time_limit = r.whole(s, "time_limit", 0, 1) or None
    if not sid:
        return None
    from trainer.core.interview_models import InterviewSet

    return InterviewSet(sid, r.text(s, "title", sid), questions, time_limit, r.loc(mark))


def bank_from(r: Reader, m: YMap) -> InterviewBank:
    """An InterviewBank from a file's top mapping."""
    r.fields(m, "an interview bank", BANK_KEYS, ("category", "questions"))
    category = r.text(m, "category")
    questions = [_question(r, i, k, category) for i, k in r.items(m, "questions", nonempty=True)]
    sets = [_set(r, i, k) for i, k in r.items(m, "sets")]
    from trainer.core.interview_models import InterviewBank

    return InterviewBank(
        category, tuple(q for q in questions if q), tuple(s for s in sets if s), r.file
    )
