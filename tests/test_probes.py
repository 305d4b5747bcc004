"""Every probe in every ``tests/probes/*.yaml`` gets the verdict a supervisor gave it."""

from __future__ import annotations

import pytest

from tests.probe_helpers import all_probes, behaves, bundled_content, score_probe
from trainer.core.explain import format_result

CONTENT = bundled_content()
PROBES = all_probes()


def test_there_are_probes() -> None:
    paraphrases = [p for p in PROBES if p.file == "paraphrases.yaml"]
    assert sum(p.expect == "pass" for p in paraphrases) >= 24
    assert sum(p.expect == "fail" for p in paraphrases) >= 6


@pytest.mark.parametrize("probe", PROBES, ids=[p.name for p in PROBES])
def test_probe_behaves(probe) -> None:  # type: ignore[no-untyped-def]
    result = score_probe(CONTENT, probe)
    assert behaves(probe, result), (
        f"expected {probe.expect}, got {result.score} ({probe.note})\n{format_result(result)}"
    )
    # Explainable: every credited point quotes what the trainee typed and says how.
    for point in result.points:
        if point.hit:
            assert point.matched and point.matched in probe.reply and point.how, point
