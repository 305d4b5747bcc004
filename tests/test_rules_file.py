"""rules.yaml, scenario facts and ``allow:``: problems at their place, facts reaching the scorer,
and authors' patterns that can neither break validation nor freeze scoring."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from trainer.core.check import run_checks
from trainer.core.loader import load_content
from trainer.core.models import AvoidRule, Rubric
from trainer.core.patterns import pattern_problem
from trainer.core.scorer import Scorer

ROOT = Path(__file__).resolve().parent.parent
R = "rules.yaml"
S = "scenarios/s.yaml"

SCENARIO = """
    id: s
    title: t
    category: 售後/描述不符
    facts: {fault: seller, shipped: yes}
    start: a
    nodes:
      a:
        buyer: 運費誰出？
        answers: [親，運費我們來出，您放心寄回。]
        points: [{label: 運費我們出, any: [運費我們來出, 我們承擔]}]
    """


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def problems_of(root: Path, files: dict[str, str]) -> list[str]:
    write(root, files)
    _, problems = load_content(root)
    return [str(p).replace(f"{root}/", "") for p in problems]


PROBLEMS = [
    # (case, files, "file:line:col", message fragment)
    ("unknown field in rules.yaml", {R: "rule: []\n", S: SCENARIO}, f"{R}:1:1", "unknown field `rule` in rules.yaml"),
    ("rule without why", {R: "rules:\n  - {id: a, any: [x]}\n", S: SCENARIO}, f"{R}:2:5",
     "a house rule is missing the required field `why`"),
    ("rule with neither phrases nor patterns", {R: "rules:\n  - {id: a, why: w}\n", S: SCENARIO}, f"{R}:2:5",
     "needs `any` (phrases), `patterns` or both"),
    ("bad rule id", {R: "rules:\n  - {id: A B, why: w, any: [x]}\n", S: SCENARIO}, f"{R}:2:10",
     "rule id `A B` may only use a-z, 0-9 and '-'"),
    ("duplicate rule id", {R: "rules:\n  - {id: a, why: w, any: [x]}\n  - {id: a, why: w, any: [y]}\n", S: SCENARIO},
     f"{R}:3:5", "duplicate rule id `a` (first at line 2)"),
    ("pattern that does not compile", {R: "rules:\n  - id: a\n    why: w\n    patterns: ['微信((']\n", S: SCENARIO},
     f"{R}:4:16", "house rule `a`: pattern `微信((` does not compile"),
    ("catastrophic pattern", {R: "rules:\n  - id: a\n    why: w\n    patterns: ['(a+)+$']\n", S: SCENARIO},
     f"{R}:4:16", "holds a quantifier"),
    ("pattern slow on adversarial text", {R: "rules:\n  - id: a\n    why: w\n    patterns: ['^(a|a)*$']\n", S: SCENARIO},
     f"{R}:4:16", "catastrophic backtracking"),
    ("fact claims without why", {R: "facts:\n  fault:\n    seller: {any: [x]}\n", S: SCENARIO}, f"{R}:3:13",
     "is missing the required field `why`"),
    ("unknown example list", {R: "rules:\n  - {id: a, why: w, any: [x], examples: {bad: [y]}}\n", S: SCENARIO},
     f"{R}:2:42", "unknown field `bad` in `examples`"),
    ("unknown fact in a scenario", {S: SCENARIO.replace("fault: seller", "blame: seller")}, f"{S}:4:16",
     "fact `blame` is not in rules.yaml"),
    ("unknown fact value in a scenario", {S: SCENARIO.replace("fault: seller", "fault: nobody")}, f"{S}:4:16",
     "`fault: nobody` is not a value rules.yaml knows (known: `buyer`, `seller`)"),
    ("allow naming no rule", {S: SCENARIO.replace("    points:", "    allow: [no-such-rule]\n    points:")}, f"{S}:7:3",
     "warning: s/a: `allow: no-such-rule` names no rule of rules.yaml"),
    ("node regex with nested quantifiers", {S: SCENARIO + "    avoid: [{any: ['(a+)+$'], regex: true, why: w}]\n"},
     f"{S}:11:13", "avoid rule: regex `(a+)+$` has a quantified group"),
    ("full-width regex that only breaks once folded", {S: SCENARIO + "    avoid: [{any: ['（沒有'], regex: true, why: w}]\n"},
     f"{S}:11:13", "avoid rule: regex `（沒有` does not compile"),
]


@pytest.mark.parametrize(("files", "where", "fragment"), [c[1:] for c in PROBLEMS], ids=[c[0] for c in PROBLEMS])
def test_problem_is_reported_where_it_is(tmp_path: Path, files: dict[str, str], where: str, fragment: str) -> None:
    found = problems_of(tmp_path, files)
    assert any(p.startswith(f"{where}: ") and fragment in p for p in found), found


def test_the_bundled_rules_file_has_no_problems() -> None:
    _, problems = load_content(ROOT)
    assert [str(p) for p in problems if "rules.yaml" in p.loc.file or "facts" in p.message] == []


def test_the_bundled_rules_file_matches_its_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    yaml = pytest.importorskip("yaml")
    text = (ROOT / R).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=trainer/schema/rules.schema.json\n")
    schema = json.loads((ROOT / "trainer/schema/rules.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    assert [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(yaml.safe_load(text))] == []


def test_facts_category_and_allow_reach_every_rubric(tmp_path: Path) -> None:
    write(tmp_path, {S: SCENARIO.replace("    points:", "    allow: [off-platform-trade]\n    points:")})
    content, _ = load_content(tmp_path)
    rubric = content.scenarios["s"].nodes["a"].rubric
    assert rubric is not None
    assert (rubric.category, rubric.facts, rubric.allow) == (
        "售後/描述不符", (("fault", "seller"), ("shipped", "yes")), ("off-platform-trade",),
    )


def test_a_folder_without_rules_yaml_gets_the_bundled_rules(tmp_path: Path) -> None:
    write(tmp_path, {S: SCENARIO})
    content, _ = load_content(tmp_path)
    rubric = content.scenarios["s"].nodes["a"].rubric
    assert rubric is not None
    complete = "親，運費我們來出，您放心寄回。"
    assert content.scorer.score(rubric, complete).passed
    contradicting = content.scorer.score(rubric, complete + "不過來回運費由您承擔哦。")
    assert not contradicting.passed and [h.rule for h in contradicting.avoid] == ["fault.seller"]


def test_a_folder_rules_yaml_extends_or_replaces_the_bundled_rules(tmp_path: Path) -> None:
    own = "rules:\n  - {id: no-pigeons, why: 不要用飛鴿傳書, any: [飛鴿]}\n"
    write(tmp_path, {S: SCENARIO, R: own})
    extended, problems = load_content(tmp_path)
    assert problems == []
    assert {"no-pigeons", "off-platform-trade", "fault.seller"} <= extended.house.ids()
    write(tmp_path, {R: "include_default: false\n" + own})
    alone, problems = load_content(tmp_path)
    assert alone.house.ids() == {"no-pigeons"}
    # the scenario's facts are now unknown: said where they are
    assert [p.message for p in problems] == [
        "fact `fault` is not in rules.yaml (known: none)", "fact `shipped` is not in rules.yaml (known: none)",
    ]


def test_check_runs_house_rule_examples_and_fails_on_a_wrong_one(tmp_path: Path) -> None:
    write(tmp_path, {S: SCENARIO, R: textwrap.dedent("""
        rules:
          - id: no-pigeons
            why: 不要用飛鴿傳書
            any: [飛鴿]
            examples: {breaks: [我用飛鴿傳書給您, 我寫信給您], keeps: [我不能用飛鴿傳書]}
        """)})
    content, _ = load_content(tmp_path)
    report = run_checks(content)
    assert not report.ok
    assert [p.message for p in report.rule_failures] == [
        "rule `no-pigeons`: example 「我寫信給您」 must break it, but it matched nothing"
    ]


def test_check_warns_when_a_model_answer_contradicts_the_case(tmp_path: Path) -> None:
    write(tmp_path, {S: SCENARIO.replace("親，運費我們來出，您放心寄回。", "親，我們承擔換貨，寄回的運費由您承擔。")})
    content, _ = load_content(tmp_path)
    (warning,) = [w for w in run_checks(content).warnings if "model answer" in w.message]
    assert "contradicts the case fact `fault.seller` with 「運費由您承擔」" in warning.message


def test_the_bundled_rule_examples_and_model_answers_pass_check() -> None:
    content, _ = load_content(ROOT)
    report = run_checks(content)
    assert report.rule_failures == []
    assert [w.message for w in report.warnings if "model answer" in w.message] == []


# --- authors' patterns at scoring time -----------------------------------


def test_a_runaway_node_regex_counts_as_not_matched() -> None:
    assert pattern_problem("^(a|a)*$") is not None  # validate rejects it ...
    rubric = Rubric(("好的",), avoid=(AvoidRule(("^(a|a)*$",), "w", regex=True),))
    result = Scorer().score(rubric, "a" * 30 + "b")  # ... and the scorer gives up on it
    assert result.avoid == () and "avoid" not in result.caps


@pytest.mark.parametrize(
    ("pattern", "reply", "hit"),
    [
        ("＾沒有＄", "沒有", True),  # full width: validate and scorer read it as ^没有$
        ("＾沒有＄", "沒有貨哦，您看看別的", False),
        ("^沒有[。！!]?$", "沒有！", True),
        ("\\D{2}號", "物流單號", True),  # escapes keep their case
    ],
)
def test_validate_and_scorer_read_a_pattern_alike(pattern: str, reply: str, hit: bool) -> None:
    assert pattern_problem(pattern) is None
    rubric = Rubric(("好的",), avoid=(AvoidRule((pattern,), "w", regex=True),))
    assert bool(Scorer().score(rubric, reply).avoid) is hit
