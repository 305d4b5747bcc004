"""``trainer check``: run every example reply and find branches no example takes.

Each ``examples`` entry must score within its ``min``/``max``; a failure carries
the actual result so the author sees why. For scenario nodes, the example
replies are also run through the node's ``next`` rules (with the buyer's
starting mood, moved by the mood rule) and a rule no example takes is warned
about: that path of the conversation has never been tried.

Authoring help (warnings, never failures): a key point with a single short
phrase, a model answer that misses its own rubric's points, and a rubric with no
example that must fail.
The house rules of ``rules.yaml`` are checked too: every ``breaks`` example must
break its rule and every ``keeps`` example must not (``check_house_examples``),
and a model answer that breaks a house rule or contradicts its case's facts is
warned about (``answers_breaking_house_rules``, with the other authoring help:
each model answer is scored once for both).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trainer.core.branching import choose_next, describe, holds, mood_after
from trainer.core.explain import format_result
from trainer.core.house_rules import prepare_rule, rule_hit
from trainer.core.matching import Text
from trainer.core.models import Example, Node, Rubric, Scenario
from trainer.core.normalise import fold
from trainer.core.problems import Problem
from trainer.core.regex_text import RegexText
from trainer.core.result import Result

if TYPE_CHECKING:
    from trainer.core.content import Content


@dataclass(frozen=True)
class Failure:
    """An example whose score fell outside its range."""

    where: str
    example: Example
    result: Result

    def format(self) -> str:
        lo = "" if self.example.min is None else f"≥ {self.example.min:g}"
        hi = "" if self.example.max is None else f"≤ {self.example.max:g}"
        want = " and ".join(x for x in (lo, hi) if x)
        head = f"{self.example.loc}: {self.where}: example scored {self.result.score}, expected {want}"
        body = "\n".join("    " + line for line in format_result(self.result).splitlines())
        return f"{head}\n    reply: {self.example.reply}\n{body}"


@dataclass
class CheckReport:
    """What ``trainer check`` found: failed examples, warnings, how many passed."""

    failures: list[Failure] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    passed: int = 0
    rule_failures: list[Problem] = field(default_factory=list)  # house-rule examples that failed

    @property
    def ok(self) -> bool:
        return not self.failures and not self.rule_failures

    def format(self) -> str:
        lines = [f.format() for f in self.failures] + [str(p) for p in self.rule_failures]
        lines += [str(w) for w in self.warnings]
        failed = len(self.failures) + len(self.rule_failures)
        total = self.passed + failed
        lines.append(
            f"{total} examples: {self.passed} passed, {failed} failed; "
            f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}"
        )
        return "\n".join(lines)


def _in_range(ex: Example, score: int) -> bool:
    return (ex.min is None or score >= ex.min) and (ex.max is None or score <= ex.max)


def _run_examples(content: Content, report: CheckReport, where: str, rubric: Rubric) -> list[Result]:
    results = []
    for ex in rubric.examples:
        result = content.scorer.score(rubric, ex.reply)
        results.append(result)
        if _in_range(ex, result.score):
            report.passed += 1
        else:
            report.failures.append(Failure(where, ex, result))
    return results


def _check_branches(scenario: Scenario, node: Node, results: list[Result], report: CheckReport) -> None:
    if len(node.next) < 2:
        return  # a single (or no) rule is always taken
    taken = set()
    for result in results:
        mood = mood_after(scenario.buyer.mood, result)
        chosen = choose_next(node, result, mood)
        if chosen is not None:
            taken.add(chosen[0])
    for i, rule in enumerate(node.next):
        if i not in taken:
            msg = (f"{scenario.id}/{node.id}: no example takes the branch "
                   f"if {describe(rule.when)} -> {rule.goto} "
                   f"(mood assumed to start at {scenario.buyer.mood})")
            report.warnings.append(Problem(rule.loc, msg, "warning"))


def _scenario_rubrics(content: Content) -> Iterator[tuple[Scenario, Node]]:
    for scenario in content.scenarios.values():
        for node in scenario.nodes.values():
            if node.rubric is not None:
                yield scenario, node


def run_checks(content: Content) -> CheckReport:
    """Score every example in ``content``; collect failures and untested branches."""
    report = CheckReport()
    for scenario, node in _scenario_rubrics(content):
        assert node.rubric is not None
        results = _run_examples(content, report, f"{scenario.id}/{node.id}", node.rubric)
        _check_branches(scenario, node, results, report)
    for where, rubric in content.rubrics():
        report.warnings += authoring_warnings(content, where, rubric)
    for question in content.questions.values():
        results = _run_examples(content, report, question.id, question.rubric)
        for n, follow in enumerate(question.follow_ups, 1):
            _run_examples(content, report, f"{question.id} follow-up {n}", follow.rubric)
            if follow.when is not None and not any(holds(follow.when, r, 50) for r in results):
                msg = (f"{question.id}: no example of the question triggers follow-up {n} "
                       f"(if {describe(follow.when)})")
                report.warnings.append(Problem(follow.loc, msg, "warning"))
    check_house_examples(content, report)
    return report


# ---------------------------------------------------------------- authoring help

SHORT_PHRASE = 2  # characters (folded): one such phrase alone is too narrow a key point


def authoring_warnings(content: Content, where: str, rubric: Rubric) -> list[Problem]:
    """Every authoring warning of one rubric (its model answers are scored once, here)."""
    answers = [(answer, content.scorer.score(rubric, answer)) for answer in rubric.answers]
    return (
        narrow_points(where, rubric)
        + answers_missing_points(where, rubric, answers)
        + no_failing_example(content, where, rubric)
        + answers_breaking_house_rules(where, rubric, answers)
    )


def narrow_points(where: str, rubric: Rubric) -> list[Problem]:
    """A key point with a single phrase of one or two characters misses most paraphrases."""
    out = []
    for point in rubric.points:
        phrases = {fold(p) for p in point.phrases} - {""}
        if len(phrases) == 1 and len(next(iter(phrases))) <= SHORT_PHRASE:
            msg = (f"{where}: key point 「{point.label}」 has a single short phrase "
                   f"「{point.phrases[0]}」; add the other ways a trainee would say it")
            out.append(Problem(point.loc, msg, "warning"))
    return out


def answers_missing_points(where: str, rubric: Rubric, answers: list[tuple[str, Result]]) -> list[Problem]:
    """A model answer scored against its own rubric should pass and hit every point."""
    out = []
    for n, (answer, result) in enumerate(answers, 1):
        missed = result.missed_labels
        # A house rule or case fact the answer breaks has its own warning
        # (answers_breaking_house_rules).
        house_break = any(hit.source != "node" for hit in result.avoid)
        if not missed and (result.passed or house_break):
            continue
        what = f"misses its own key point{'s' if len(missed) > 1 else ''} " + "、".join(
            f"「{label}」" for label in missed) if missed else f"scores {result.score}, below the pass mark"
        msg = (f"{where}: model answer {n} ({_start(answer)}) {what}; "
               "add its wording to the points' phrases (or the thesaurus)")
        out.append(Problem(rubric.loc, msg, "warning"))
    return out


def no_failing_example(content: Content, where: str, rubric: Rubric) -> list[Problem]:
    """Without an example that must fail, nothing shows the rubric can say no."""
    mark = content.settings.pass_mark
    if any(ex.max is not None and ex.max < mark for ex in rubric.examples):
        return []
    msg = (f"{where}: no example must fail (add one with `max` below the pass mark, {mark:g}, "
           "such as a rude or rule-breaking reply)")
    return [Problem(rubric.loc, msg, "warning")]


def _start(text: str, most: int = 12) -> str:
    return f"「{text[:most]}…」" if len(text) > most else f"「{text}」"
def check_house_examples(content: Content, report: CheckReport) -> None:
    """Each rule's ``breaks`` examples must break it, its ``keeps`` examples must not."""
    for rule in content.house.rules:
        prepared = prepare_rule(rule, content.lexicon)
        for reply, must_break in [(x, True) for x in rule.breaks] + [(x, False) for x in rule.keeps]:
            hit = rule_hit(prepared, Text.of(reply, content.lexicon), RegexText.of(reply))
            if (hit is not None) == must_break:
                report.passed += 1
                continue
            said = f"matched 「{hit.matched}」 ({hit.phrase})" if hit is not None else "matched nothing"
            want = "must break" if must_break else "must not break"
            report.rule_failures.append(
                Problem(rule.loc, f"rule `{rule.id}`: example 「{reply}」 {want} it, but it {said}")
            )


def answers_breaking_house_rules(where: str, rubric: Rubric, answers: list[tuple[str, Result]]) -> list[Problem]:
    """A model answer that breaks a house rule or contradicts its case's facts."""
    out = []
    for i, (_, result) in enumerate(answers, 1):
        for hit in result.avoid:
            if hit.source == "node":
                continue
            kind = "contradicts the case fact" if hit.source == "fact" else "breaks the house rule"
            out.append(Problem(
                rubric.loc, f"{where}: model answer {i} {kind} `{hit.rule}` with 「{hit.matched}」: "
                f"reword it, or add `allow: [{hit.rule}]` if the node really discusses this", "warning",
            ))
    return out
