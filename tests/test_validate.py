"""Cross-checks: ids across files, gotos, reachability, endings, labels, regexes, ranges.

One table row per mistake: the files, then the exact ``file:line:col`` the
problem must be reported at and a fragment of its message. A second table lists
content that must pass without any problem.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from trainer.core.content import Content
from trainer.core.loader import load_content
from trainer.core.models import AvoidRule, Example, Node, Rubric, Scenario
from trainer.core.problems import Loc
from trainer.core.validate import check_rubric, validate_content

S = "scenarios/s.yaml"
B = "interview_bank/b.yaml"


def load(root: Path, files: dict[str, str]) -> list[str]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    _, problems = load_content(root)
    return [str(p).replace(f"{root}/", "") for p in problems]


SCENARIO_TWO = """
    id: s
    title: t
    start: a
    nodes:
      a: {buyer: hi, answers: [ok]}
    """
BANK = "category: c\nquestions:\n  - {id: q-1, ask: x, answers: [y]}\n"

CASES = [
    # (case, files, "file:line:col", message fragment)
    ("goto to a missing node", {S: """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            next:
              - {goto: bb}
          b: {buyer: bye, end: resolved}
        """}, f"{S}:9:9", "`goto: bb` names no node of this scenario; did you mean `b`?"),
    ("unreachable node", {S: """
        id: s
        title: t
        start: a
        nodes:
          a: {buyer: hi, answers: [ok]}
          lonely: {buyer: 在嗎, answers: [在]}
        """}, f"{S}:6:3", "node `lonely` cannot be reached from `start: a`"),
    ("loop that never ends", {S: """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            next: [{goto: b}]
          b:
            buyer: again
            answers: [ok]
            next: [{goto: a}]
        """}, f"{S}:5:3", "from node `a` the conversation can never end"),
    ("missed names no label", {S: """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            points: [{label: 道歉, any: [抱歉]}]
            next:
              - {if: {missed: 退款}, goto: a}
        """}, f"{S}:10:9", "`missed: 退款` names no key point of node `a` (its labels: `道歉`)"),
    ("hit names no label", {S: """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            next:
              - {if: {hit: 退款}, goto: a}
        """}, f"{S}:9:9", "`hit: 退款` names no key point of node `a` (its labels: none)"),
    ("rule after an unconditional rule", {S: """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            next:
              - {goto: b}
              - {if: {score_below: 40}, goto: b}
          b: {buyer: bye, end: lost}
        """}, f"{S}:10:9", "warning: this rule is never used: the rule at line 9 has no `if`"),
    ("regex that does not compile", {S: """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            avoid:
              - {any: ['^沒有(('], regex: true, why: 不能只答沒有}
        """}, f"{S}:9:9", "avoid rule: regex `^沒有((` does not compile: missing )"),
    ("empty phrase", {S: """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            points:
              - {label: 道歉, any: [抱歉, '  ']}
        """}, f"{S}:9:9", "key point `道歉`: phrase 2 in `any` is empty"),
    ("empty avoid phrase", {S: """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            avoid:
              - {any: [''], why: 不行}
        """}, f"{S}:9:9", "avoid rule: phrase 1 in `any` is empty"),
    ("empty model answer", {S: """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok, '']
        """}, f"{S}:5:3", "model answer 2 is empty"),
    ("impossible example range", {S: """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            examples:
              - {reply: 好, min: 80, max: 30}
        """}, f"{S}:9:9", "example range is impossible: `min: 80` is above `max: 30`"),
    ("duplicate scenario id across files", {
        "scenarios/one.yaml": SCENARIO_TWO, "scenarios/two.yaml": SCENARIO_TWO,
    }, "scenarios/two.yaml:1:5", "duplicate scenario id `s`; first defined at "),
    ("duplicate question id across banks", {
        "interview_bank/a.yaml": BANK, "interview_bank/b.yaml": BANK,
    }, "interview_bank/b.yaml:3:5", "duplicate question id `q-1`; first defined at "),
    ("duplicate set id across banks", {
        "interview_bank/a.yaml": BANK + "sets: [{id: set-1, questions: [q-1]}]\n",
        "interview_bank/b.yaml": "category: c\nquestions: [{id: q-2, ask: x, answers: [y]}]\n"
                                 "sets: [{id: set-1, questions: [q-2]}]\n",
    }, "interview_bank/b.yaml:3:8", "duplicate interview set id `set-1`; first defined at "),
    ("set lists an unknown question", {B: BANK + "sets:\n  - {id: set-1, questions: [q-1, q-2]}\n"},
     f"{B}:5:5", "interview set `set-1` lists question `q-2`, which is in no interview bank; did you mean `q-1`?"),
    ("set lists a question twice", {B: BANK + "sets:\n  - {id: set-1, questions: [q-1, q-1]}\n"},
     f"{B}:5:5", "warning: interview set `set-1` lists question `q-1` twice"),
    ("follow-up condition names no label", {B: """
        category: c
        questions:
          - id: q-1
            ask: 最重要的是什麼？
            answers: [耐心]
            points: [{label: 耐心, any: [耐心]}]
            follow_ups:
              - {ask: '除了{hit}呢？', answers: [熟悉產品], if: {hit: 耐性}}
        """}, f"{B}:8:9", "`hit: 耐性` names no key point of the main question `q-1` (its labels: `耐心`)"),
]


@pytest.mark.parametrize(("files", "where", "fragment"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_cross_check_is_reported_where_it_is(tmp_path: Path, files: dict[str, str], where: str,
                                             fragment: str) -> None:
    found = load(tmp_path, files)
    assert any(p.startswith(f"{where}: ") and fragment in p for p in found), found


def test_a_duplicate_names_the_first_file_and_line(tmp_path: Path) -> None:
    found = load(tmp_path, {"scenarios/one.yaml": SCENARIO_TWO, "scenarios/two.yaml": SCENARIO_TWO})
    assert found == [
        "scenarios/two.yaml:1:5: duplicate scenario id `s`; first defined at scenarios/one.yaml:1:5"
    ]


CLEAN = [
    ("no next ends the conversation", """
        id: s
        title: t
        start: a
        nodes:
          a: {buyer: hi, answers: [ok]}
        """),
    ("conditional rules may all fail, which ends it", """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            next:
              - {if: {score_below: 40}, goto: a}
        """),
    ("a loop with a way out", """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            points: [{label: 道歉, any: [抱歉]}]
            next:
              - {if: {missed: 道歉}, goto: a}
              - {goto: done}
          done: {buyer: 好吧, end: resolved}
        """),
    ("a valid regex", """
        id: s
        title: t
        start: a
        nodes:
          a:
            buyer: hi
            answers: [ok]
            avoid: [{any: ['^沒有[。！!]?$'], regex: true, why: 不能只答沒有}]
            examples: [{reply: '', max: 0}, {reply: 好, min: 0, max: 100}]
        """),
]


@pytest.mark.parametrize("text", [c[1] for c in CLEAN], ids=[c[0] for c in CLEAN])
def test_clean_content_has_no_problems(tmp_path: Path, text: str) -> None:
    assert load(tmp_path, {S: text}) == []


def test_only_reachable_nodes_are_checked_for_endings(tmp_path: Path) -> None:
    found = load(tmp_path, {S: """
        id: s
        title: t
        start: a
        nodes:
          a: {buyer: hi, answers: [ok]}
          x: {buyer: 1, answers: [ok], next: [{goto: y}]}
          y: {buyer: 2, answers: [ok], next: [{goto: x}]}
        """})
    assert [p.split(": ", 1)[1] for p in found] == [
        "node `x` cannot be reached from `start: a` (no `goto` leads to it)",
        "node `y` cannot be reached from `start: a` (no `goto` leads to it)",
    ]


def test_validate_content_checks_models_built_in_memory() -> None:
    here = Loc("mem.yaml", 3, 5)
    rubric = Rubric(
        answers=("好",),
        avoid=(AvoidRule(("[",), "不行", regex=True, loc=here),),
        examples=(Example("好", min=90, max=10, loc=here),),
    )
    scenario = Scenario("s", "t", "a", {"a": Node("a", ("hi",), rubric)})
    content = Content(scenarios={"s": scenario})
    messages = [p.message for p in validate_content(content)]
    assert len(messages) == 2 and "does not compile" in messages[0] and "impossible" in messages[1]
    assert check_rubric(Rubric(answers=("ok",))) == []


def test_validate_covers_the_typing_passages(tmp_path: Path) -> None:
    from trainer.core.loader import load_paths

    bad = tmp_path / "typing_passages.yaml"
    bad.write_text("passages: [1]\nbogus: 2\n", encoding="utf-8")
    _, problems = load_paths([bad])
    assert [(p.loc.line, p.loc.col) for p in problems] == [(1, 12), (2, 1)]


def test_problems_are_reported_in_file_line_column_order(tmp_path: Path) -> None:
    """The loader sorts what it found by place: file, then line, then column (numbers, not text)."""
    places = [Loc("b.yaml", 2, 1), Loc("a.yaml", 10, 1), Loc("a.yaml", 9, 30), Loc("a.yaml", 9, 4)]
    assert sorted(places) == [Loc("a.yaml", 9, 4), Loc("a.yaml", 9, 30), Loc("a.yaml", 10, 1),
                              Loc("b.yaml", 2, 1)]
    got = load(tmp_path, {S: "id: s\ntitle: 1\nnodes: 2\n", "scenarios/a.yaml": "id: [\n"})
    places_got = [(f, int(line), int(col)) for f, line, col, *_ in (g.split(":") for g in got)]
    assert len(got) >= 3 and places_got == sorted(places_got)
