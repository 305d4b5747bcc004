"""Cross-checks of loaded content, each finding collected as a ``Problem``.

The loader checks each file's structure and types; this module checks what
only makes sense across fields, nodes and files: duplicate ids, ``goto`` to a
missing node, nodes unreachable from ``start``, nodes from which no ending can
be reached, conditions naming no key point, branches after an unconditional
rule, regexes that do not compile or can backtrack for minutes, empty phrases, impossible example ranges
and interview sets listing unknown questions.

A node ends the conversation when it has ``end:``, when it has no ``next``, or
when none of its ``next`` rules holds (``branching.choose_next`` returns None).
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches
from typing import TYPE_CHECKING, Protocol, TypeVar

from trainer.core.interview_models import InterviewSet, Question
from trainer.core.models import Condition, Node, Rubric, Scenario
from trainer.core.patterns import pattern_problem
from trainer.core.problems import Loc, Problem

if TYPE_CHECKING:
    from trainer.core.content import Content


class _HasId(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def loc(self) -> Loc: ...


T = TypeVar("T", bound=_HasId)


def unique(items: Iterable[T], kind: str, problems: list[Problem]) -> dict[str, T]:
    """Index items by id; a repeated id is reported at the repeat, naming the first."""
    out: dict[str, T] = {}
    for item in items:
        first = out.get(item.id)
        if first is None:
            out[item.id] = item
        else:
            problems.append(
                Problem(item.loc, f"duplicate {kind} id `{item.id}`; first defined at {first.loc}")
            )
    return out


def validate_content(content: Content) -> list[Problem]:
    """Every cross-check over loaded content."""
    return validate_all(
        content.scenarios.values(), content.questions.values(), content.sets.values(),
        set(content.questions),
    )


def validate_all(
    scenarios: Iterable[Scenario], questions: Iterable[Question],
    sets: Iterable[InterviewSet], question_ids: set[str],
) -> list[Problem]:
    """The cross-checks over explicit lists (the loader includes duplicates too)."""
    problems: list[Problem] = []
    for scenario in scenarios:
        problems.extend(check_scenario(scenario))
    for question in questions:
        problems.extend(check_question(question))
    for interview_set in sets:
        problems.extend(check_set(interview_set, question_ids))
    return problems


# --- scenarios -----------------------------------------------------------


def check_scenario(scenario: Scenario) -> list[Problem]:
    """Gotos, conditions, rule order, rubrics, reachability and endings of one scenario."""
    problems: list[Problem] = []
    for node in scenario.nodes.values():
        if node.rubric is not None:
            problems.extend(check_rubric(node.rubric))
        problems.extend(_check_rules(scenario, node))
    if scenario.start in scenario.nodes:
        problems.extend(_check_graph(scenario))
    return problems


def _check_rules(scenario: Scenario, node: Node) -> list[Problem]:
    problems = []
    labels = _labels(node.rubric)
    always_at: Loc | None = None
    for rule in node.next:
        if always_at is not None:
            problems.append(Problem(
                rule.loc, f"this rule is never used: the rule at line {always_at.line} has no "
                "`if`, so it always matches first", "warning",
            ))
        if rule.goto and rule.goto not in scenario.nodes:
            close = get_close_matches(rule.goto, list(scenario.nodes), n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            problems.append(
                Problem(rule.loc, f"`goto: {rule.goto}` names no node of this scenario{hint}")
            )
        problems.extend(_check_condition(rule.when, labels, rule.loc, f"node `{node.id}`"))
        if rule.when is None and always_at is None:
            always_at = rule.loc
    return problems


def _edges(scenario: Scenario) -> dict[str, list[str]]:
    nodes = scenario.nodes
    return {nid: [r.goto for r in node.next if r.goto in nodes] for nid, node in nodes.items()}


def _can_end(node: Node, nodes: dict[str, Node]) -> bool:
    """An ending node, a node without ``next``, or one whose rules may all fail.

    A ``goto`` to a missing node counts as a way out: it is reported on its own.
    """
    return (
        node.end is not None
        or all(rule.when is not None for rule in node.next)
        or any(rule.goto not in nodes for rule in node.next)
    )


def _reach(starts: Iterable[str], edges: dict[str, list[str]]) -> set[str]:
    seen = set(starts)
    todo = list(seen)
    while todo:
        for target in edges[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _check_graph(scenario: Scenario) -> list[Problem]:
    """Nodes unreachable from ``start`` and nodes from which no ending is reachable."""
    edges = _edges(scenario)
    reachable = _reach([scenario.start], edges)
    backwards: dict[str, list[str]] = {nid: [] for nid in edges}
    for source, targets in edges.items():
        for target in targets:
            backwards[target].append(source)
    exits = [nid for nid, node in scenario.nodes.items() if _can_end(node, scenario.nodes)]
    ending = _reach(exits, backwards)
    problems = []
    for nid, node in scenario.nodes.items():
        if nid not in reachable:
            problems.append(Problem(
                node.loc, f"node `{nid}` cannot be reached from `start: {scenario.start}` "
                "(no `goto` leads to it)",
            ))
        elif nid not in ending:
            problems.append(Problem(
                node.loc, f"from node `{nid}` the conversation can never end: every path "
                "loops back without reaching an `end:` node or a node without `next`",
            ))
    return problems


# --- rubrics and conditions ----------------------------------------------


def _labels(rubric: Rubric | None) -> list[str]:
    return [p.label for p in rubric.points] if rubric is not None else []


def _check_condition(
    cond: Condition | None, labels: list[str], loc: Loc, owner: str
) -> list[Problem]:
    problems = []
    for key in ("missed", "hit"):
        label = getattr(cond, key, None)
        if label is not None and label not in labels:
            known = ", ".join(f"`{x}`" for x in dict.fromkeys(labels) if x) or "none"
            problems.append(Problem(
                loc, f"`{key}: {label}` names no key point of {owner} (its labels: {known})"
            ))
    return problems


def check_rubric(rubric: Rubric) -> list[Problem]:
    """Empty answers and phrases, uncompilable regexes, impossible example ranges."""
    problems = []
    for i, answer in enumerate(rubric.answers, 1):
        if not answer.strip():
            problems.append(Problem(rubric.loc, f"model answer {i} is empty"))
    for point in rubric.points:
        problems.extend(_check_phrases(point.phrases, point.loc, f"key point `{point.label}`"))
    for rule in rubric.avoid:
        problems.extend(_check_phrases(rule.phrases, rule.loc, "avoid rule"))
        for pattern in rule.phrases if rule.regex else ():
            # The same check and the same compiled form as the scorer's (trainer.core.patterns).
            problem = pattern_problem(pattern)
            if problem is not None:
                problems.append(Problem(rule.loc, f"avoid rule: regex `{pattern}` {problem}"))
    for example in rubric.examples:
        problems.extend(_check_example_range(example.min, example.max, example.loc))
    return problems


def _check_phrases(phrases: tuple[str, ...], loc: Loc, owner: str) -> list[Problem]:
    return [
        Problem(loc, f"{owner}: phrase {i} in `any` is empty")
        for i, phrase in enumerate(phrases, 1)
        if not phrase.strip()
    ]


def _check_example_range(low: float | None, high: float | None, loc: Loc) -> list[Problem]:
    problems = []
    for name, value in (("min", low), ("max", high)):
        if value is not None and not 0 <= value <= 100:
            problems.append(Problem(loc, f"example `{name}: {value:g}` is outside 0..100"))
    if low is not None and high is not None and low > high:
        problems.append(Problem(
            loc, f"example range is impossible: `min: {low:g}` is above `max: {high:g}`"
        ))
    return problems


# --- interview questions and sets ----------------------------------------


def check_question(question: Question) -> list[Problem]:
    """The question's rubric, and each follow-up's rubric and condition."""
    problems = check_rubric(question.rubric)
    labels = _labels(question.rubric)
    for follow_up in question.follow_ups:
        problems.extend(check_rubric(follow_up.rubric))
        owner = f"the main question `{question.id}`"
        problems.extend(_check_condition(follow_up.when, labels, follow_up.loc, owner))
    return problems


def check_set(interview_set: InterviewSet, question_ids: set[str]) -> list[Problem]:
    """Questions a set lists must exist in some bank; a repeat is a warning."""
    problems = []
    seen: set[str] = set()
    for qid in interview_set.questions:
        if qid in seen:
            problems.append(Problem(
                interview_set.loc,
                f"interview set `{interview_set.id}` lists question `{qid}` twice", "warning",
            ))
        seen.add(qid)
        if qid not in question_ids:
            close = get_close_matches(qid, sorted(question_ids), n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            problems.append(Problem(
                interview_set.loc,
                f"interview set `{interview_set.id}` lists question `{qid}`, "
                f"which is in no interview bank{hint}",
            ))
    return problems
