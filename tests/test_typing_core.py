"""The typing test (pure): speed on committed characters, accuracy by edit distance, marks, flags,
and the bundled passages, which must come from the source's customer-service phrases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.core.typing_test import (
    Passage,
    PassMark,
    TypingTrace,
    characters,
    load_passages,
    measure,
    typing_flags,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/work/shared/domain/taobao-support-source.txt")
P = Passage("t", "測試", "親，您好，很高興為您服務！請問有什麼可以幫您？")  # 23 characters
N = len(characters(P.text))


@pytest.mark.parametrize(
    ("typed", "seconds", "cpm", "accuracy", "errors", "completed", "passed"),
    [
        (P.text, 20, 69.0, 100.0, 0, True, True),  # every character right: 23 in 20 s
        (P.text, 30, 46.0, 100.0, 0, True, False),  # exact but too slow
        (P.text.replace("您好", "你好"), 20, 66.0, 95.7, 1, True, True),  # 1 wrong of 23: 95.7%
        (P.text.replace("您好", "你號"), 20, 63.0, 91.3, 2, True, False),  # 2 wrong: below 95%
        (P.text.replace("很高興", "很興"), 20, 66.0, 95.7, 1, True, True),  # a missing character
        (P.text[:10], 9, 66.7, 100.0, 0, False, False),  # stopped early: not complete
        ("亲，您好，很高兴为您服务！请问有什么可以帮您？", 20, 69.0, 100.0, 0, True, True),  # simplified
        ("親,您好,很高興為您服務!請問有什麼可以幫您?", 20, 69.0, 100.0, 0, True, True),  # half-width
        ("親，您好， 很高興為您服務！\n請問有什麼可以幫您？", 20, 69.0, 100.0, 0, True, True),  # spaces
        ("", 20, 0.0, 0.0, 0, False, False),
    ],
)
def test_speed_and_accuracy(typed: str, seconds: float, cpm: float, accuracy: float, errors: int,
                            completed: bool, passed: bool) -> None:
    r = measure(P, typed, seconds, PassMark(60, 95))
    assert (r.cpm, r.accuracy, r.errors, r.completed, r.passed) == (cpm, accuracy, errors, completed, passed)


def test_marks_show_wrong_missing_extra_and_unreached_characters() -> None:
    r = measure(P, "親，你好，很興為您服務！請問有有什麼", 30)
    kinds = [(m.kind, m.expected, m.typed) for m in r.marks if m.kind != "ok"]
    assert ("wrong", "您", "你") in kinds
    assert ("missing", "高", "") in kinds
    assert ("extra", "", "有") in kinds
    assert [m.expected for m in r.marks if m.kind == "unreached"] == list("可以幫您？")
    # every passage character is accounted for, in order
    assert "".join(m.expected for m in r.marks) == characters(P.text)


@pytest.mark.parametrize(
    ("timed_out", "pasted", "seconds", "flags", "passed"),
    [
        (True, False, 20, ("timed_out",), True),  # time ran out after typing it all: still measured
        (False, True, 20, ("pasted",), False),  # pasted text never passes
        (False, False, 2, ("too_fast",), False),  # 23 characters in 2 s: 690 字/分
    ],
)
def test_flags(timed_out: bool, pasted: bool, seconds: float, flags: tuple[str, ...], passed: bool) -> None:
    r = measure(P, P.text, seconds, timed_out=timed_out, pasted=pasted)
    assert (r.flags, r.passed) == (flags, passed)


def test_a_timed_out_test_passes_on_what_was_typed() -> None:
    r = measure(P, P.text[:12], 10, PassMark(60, 95), timed_out=True)
    assert not r.completed and r.passed and r.cpm == 72.0  # 12 characters in 10 s


@pytest.mark.parametrize(
    ("samples", "peak"),
    [
        ([], 0.0),
        ([(0, 0), (5, 10), (10, 20), (15, 30)], 120.0),  # steady 120 字/分
        ([(0, 0), (5, 10), (60, 12), (60.5, 112)], 600.0),  # 100 characters appear at once
        ([(0, 0), (1, 15)], 90.0),  # an input method commits a whole phrase: fine
        ([(0, 0), (5, 30), (6, 0), (7, 30)], 180.0),  # deleting and retyping counts growth only
    ],
)
def test_trace_peak(samples: list[tuple[float, int]], peak: float) -> None:
    trace = TypingTrace()
    for t, n in samples:
        trace.add(t, "字" * n)
    assert trace.peak() == peak


@pytest.mark.parametrize(
    ("chars", "seconds", "pasted", "peak", "flags"),
    [
        (100, 60, False, 0, ()),
        (100, 60, True, 0, ("pasted",)),
        (100, 10, False, 0, ("too_fast",)),
        (100, 60, False, 400, ("too_fast",)),
        (5, 0.1, False, 0, ()),  # too short to judge
        (100, None, False, 0, ()),  # no timing at all
    ],
)
def test_typing_flags(chars: int, seconds: float | None, pasted: bool, peak: float,
                      flags: tuple[str, ...]) -> None:
    assert typing_flags(chars, seconds, pasted, peak) == flags


# --- the passages ----------------------------------------------------------------------------


def bundled() -> list[Passage]:
    bank, problems = load_passages(ROOT / "typing_passages.yaml")
    assert problems == [] and bank is not None
    assert (bank.pass_mark.cpm, bank.pass_mark.accuracy) == (60, 95)
    return list(bank.passages)


def test_bundled_passages_load_and_are_long_enough() -> None:
    passages = bundled()
    assert len(passages) >= 6 and len({p.id for p in passages}) == len(passages)
    assert all(60 <= len(characters(p.text)) <= 160 for p in passages)
    assert all(" " not in p.text for p in passages)  # YAML folding left no gaps


def _plain(text: str) -> str:
    from trainer.core.normalise import fold

    return fold(re.sub(r"[\d*]+", "", text))  # prices in the source are written ***元


@pytest.mark.skipif(not SOURCE.is_file(), reason="the domain source is not on this machine")
def test_every_passage_sentence_comes_from_the_customer_service_phrases() -> None:
    from rapidfuzz import fuzz

    text = SOURCE.read_text(encoding="utf-8")
    phrases = _plain(text[text.index("淘寶客服用語"):text.index("1.你認為")])
    for p in bundled():
        for sentence in filter(None, re.split(r"[。！？]", p.text)):
            assert fuzz.partial_ratio(_plain(sentence), phrases) >= 85, (p.id, sentence)


def test_a_bad_passages_file_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    f = tmp_path / "typing_passages.yaml"
    f.write_text("pass_cpm: fast\npasages: []\npassages:\n  - id: a\n    text: 親\n  - id: a\n    text: 好\n"
                 "  - title: 沒有 id\n", encoding="utf-8")
    bank, problems = load_passages(f)
    text = "\n".join(str(p) for p in problems)
    assert bank is not None and [p.id for p in bank.passages] == ["a"]
    assert f"{f}:1:" in text and "pass_cpm" in text
    assert f"{f}:2:" in text and "did you mean `passages`" in text
    assert f"{f}:6:" in text and "used twice" in text
    assert "missing the required field `id`" in text


def test_draw_is_seeded() -> None:
    bank, _ = load_passages(ROOT / "typing_passages.yaml")
    assert bank is not None
    assert bank.draw(5) == bank.draw(5) and bank.get("welcome") is not None


def test_the_passages_ship_in_the_wheel_and_are_found() -> None:
    import tomllib

    from trainer import paths

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert wheel[paths.TYPING_FILE] == f"trainer/_content/{paths.TYPING_FILE}"
    assert paths.TYPING_FILE in project["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert paths.typing_file(None).is_file()
    assert paths.typing_file(ROOT / "tests") == paths.typing_file(None)  # a folder without one: bundled
