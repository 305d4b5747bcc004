"""Every probe of tests/probes/rule_breakers.yaml behaves: rule breakers fail, innocent look-alikes pass.

Each failing probe covers every key point of its node, so only the broken house
rule or the contradicted case fact can be what fails it; the test says so too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from trainer.core.content import Content
from trainer.core.loader import load_content
from trainer.core.models import Rubric

ROOT = Path(__file__).resolve().parent.parent
PROBES: list[dict[str, Any]] = yaml.safe_load((ROOT / "tests/probes/rule_breakers.yaml").read_text("utf-8"))["probes"]


@pytest.fixture(scope="module")
def content() -> Content:
    loaded, _ = load_content(ROOT)
    return loaded


def rubric_of(content: Content, probe: dict[str, Any]) -> Rubric:
    if "question" in probe:
        rubric = content.find_question_rubric(probe["question"])
    else:
        rubric = content.find_node_rubric(probe["scenario"], probe["node"])
    assert rubric is not None, f"no such node or question: {probe}"
    return rubric


def test_the_file_has_enough_probes_of_each_kind() -> None:
    fails = [p for p in PROBES if p["expect"] == "fail"]
    passes = [p for p in PROBES if p["expect"] == "pass"]
    assert len(fails) >= 24 and len(passes) >= 8
    assert len({p.get("scenario") for p in fails}) >= 12
    assert {p["expect"] for p in PROBES} == {"pass", "fail"}


@pytest.mark.parametrize("probe", PROBES, ids=[f"{p['expect']}:{p['note']}" for p in PROBES])
def test_probe_behaves(content: Content, probe: dict[str, Any]) -> None:
    rubric = rubric_of(content, probe)
    result = content.scorer.score(rubric, probe["reply"])
    broken = [(h.rule, h.matched) for h in result.avoid if h.source != "node"]
    if probe["expect"] == "fail":
        assert result.missed_labels == (), "a rule-breaker probe must cover every key point"
        assert broken, f"no house rule or case fact broken (score {result.score})"
        assert not result.passed, (result.score, broken)
    else:
        assert broken == [], broken
        assert result.passed, (result.score, result.missed_labels)
