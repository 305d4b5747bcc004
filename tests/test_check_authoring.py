"""`trainer check` authoring help: narrow key points, model answers that miss their points, no failing example."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.core.check import run_checks
from trainer.core.loader import load_paths

BANK = """\
category: 測試
questions:
  - id: q
    ask: 買家問運費誰出？
    answers:
      - 親，這次是我們的問題，來回運費由我們承擔，您放心退貨。
      - 不好意思親，運費我們出，您放心，直接寄回就好。
    points:
{points}
    examples:
{examples}
"""
POINTS = """\
      - {label: 運費我們出, any: [運費由我們承擔, 運費我們出]}
      - {label: 可以退貨, any: [退貨, 寄回]}"""
EXAMPLES = """\
      - {reply: 親，運費由我們承擔，您放心退貨。, min: 60}
      - {reply: 自己看吧。, max: 39}"""


def warnings(tmp_path: Path, points: str = POINTS, examples: str = EXAMPLES) -> list[str]:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK.format(points=points, examples=examples), "utf-8")
    content, problems = load_paths([path])
    assert not [p for p in problems if p.severity == "error"], problems
    return [str(w).removeprefix(str(path) + ":") for w in run_checks(content).warnings]


CASES = [
    # (case, points, examples, "line:col" or None for no warning, message fragment)
    ("sound rubric", POINTS, EXAMPLES, None, ""),
    ("one one-character phrase", POINTS + "\n      - {label: 稱呼, any: [親]}", EXAMPLES,
     "11:9", "key point 「稱呼」 has a single short phrase 「親」"),
    ("one phrase in two scripts", POINTS + "\n      - {label: 稱呼, any: [我們, 我们。]}", EXAMPLES,
     "11:9", "a single short phrase"),
    ("one three-character phrase", POINTS + "\n      - {label: 安撫, any: [您放心]}", EXAMPLES, None, ""),
    ("two short phrases", POINTS + "\n      - {label: 稱呼, any: [親, 您]}", EXAMPLES, None, ""),
    ("model answer misses a point", POINTS + "\n      - {label: 說明時效, any: [三天內退款]}", EXAMPLES,
     "3:5", "model answer 1 (「親，這次是我們的問題，來…」) misses its own key point 「說明時效」"),
    ("no failing example", POINTS, "      - {reply: 親，運費由我們承擔，您放心退貨。, min: 60}",
     "3:5", "no example must fail"),
    ("a max at the pass mark is no failing example", POINTS,
     EXAMPLES.replace("max: 39", "max: 60"), "3:5", "no example must fail"),
]


@pytest.mark.parametrize(("points", "examples", "where", "fragment"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_authoring_warnings(tmp_path: Path, points: str, examples: str, where: str | None,
                            fragment: str) -> None:
    found = warnings(tmp_path, points, examples)
    if where is None:
        assert found == []
    else:
        assert any(w.startswith(f"{where}: warning: q: ") and fragment in w for w in found), found


def test_warnings_do_not_fail_the_check(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK.format(points=POINTS + "\n      - {label: 稱呼, any: [親]}", examples=EXAMPLES), "utf-8")
    content, _ = load_paths([path])
    report = run_checks(content)
    assert report.ok and report.warnings
