"""The bundled content library meets its quality bar and passes validate and check."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.core.check import run_checks
from trainer.core.dialogue import Dialogue
from trainer.core.loader import load_content
from trainer.core.models import Rubric

ROOT = Path(__file__).resolve().parent.parent
CONTENT, PROBLEMS = load_content(ROOT)


def rubrics() -> list[tuple[str, Rubric]]:
    return list(CONTENT.rubrics())


def test_validate_finds_no_problem() -> None:
    assert [str(p) for p in PROBLEMS] == []


def test_check_passes_every_example_and_tests_every_branch() -> None:
    report = run_checks(CONTENT)
    assert [f.format() for f in report.failures] == []
    assert [str(w) for w in report.warnings] == []


def test_library_size() -> None:
    assert len(CONTENT.scenarios) >= 40  # 26 of the first library + 16 of content v2
    assert len(CONTENT.questions) >= 54
    assert len(CONTENT.sets) >= 6
    assert {s.difficulty for s in CONTENT.scenarios.values()} == {1, 2, 3, 4, 5}


@pytest.mark.parametrize(("label", "rubric"), rubrics(), ids=[label for label, _ in rubrics()])
def test_every_rubric_meets_the_quality_bar(label: str, rubric: Rubric) -> None:
    assert len(rubric.answers) >= 2
    assert len(rubric.points) >= 3
    assert len(rubric.examples) >= 3
    assert any(e.min is not None and e.min >= 85 for e in rubric.examples)
    assert any(e.max is not None and e.max < 40 for e in rubric.examples)
    # Examples are written independently of the model answers, not copied.
    assert not {e.reply for e in rubric.examples} & set(rubric.answers)


@pytest.mark.parametrize("sid", sorted(CONTENT.scenarios))
def test_every_scenario_has_depth_and_two_kinds_of_ending(sid: str) -> None:
    scenario = CONTENT.scenarios[sid]
    endings = {n.end for n in scenario.nodes.values() if n.end}
    assert "resolved" in endings and endings & {"lost", "escalated"}
    d = Dialogue(scenario, CONTENT.scorer)
    while not d.finished:
        d.step(d.rubric.answers[0])  # type: ignore[union-attr]
    assert len(d.turns) >= 3
