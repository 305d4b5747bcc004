"""docs/coverage.md maps every coverage item to bundled nodes or questions that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainer.core.loader import load_content

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "coverage.md"
ITEMS = 92  # 76 source items + 16 week-one situations
PENDING = "待補（issue 13）"
ROW = re.compile(r"^\|\s*(\d+)\s*\|([^|]*)\|([^|]*)\|\s*$")
REF = re.compile(r"^`([a-z0-9-]+)(?::([A-Za-z0-9_-]+)|#(follow-up-\d+))?`$")
CONTENT, _ = load_content(ROOT)


def known_targets() -> set[str]:
    """Every rubric a row may name: 'scenario:node' (reply nodes only), 'question', 'question#follow-up-N'."""
    return {label.replace("/", ":", 1) for label, _ in CONTENT.rubrics()}


KNOWN = known_targets()


def parse(text: str) -> dict[int, tuple[str, list[str]]]:
    """Item number → (description, refs) for every table row; raises ValueError on a bad row."""
    rows: dict[int, tuple[str, list[str]]] = {}
    for line in text.splitlines():
        m = ROW.match(line)
        if m is None:
            continue
        number, what, cell = int(m[1]), m[2].strip(), m[3].strip()
        if number in rows:
            raise ValueError(f"item {number} is listed twice")
        if not what or not cell:
            raise ValueError(f"item {number} has an empty cell")
        rows[number] = (what, [] if cell == PENDING else [r.strip() for r in cell.split(",")])
    return rows


def unknown_refs(refs: list[str], known: set[str]) -> list[str]:
    """The refs that are malformed or name no bundled reply node or question."""
    bad = []
    for ref in refs:
        m = REF.match(ref)
        if m is None or ref.strip("`") not in known:
            bad.append(ref)
    return bad


ROWS = parse(DOC.read_text(encoding="utf-8"))


def test_every_item_is_listed_once_in_order() -> None:
    assert sorted(ROWS) == list(range(1, ITEMS + 1))


@pytest.mark.parametrize("number", sorted(ROWS))
def test_every_listed_node_or_question_exists(number: int) -> None:
    _, refs = ROWS[number]
    assert unknown_refs(refs, KNOWN) == [], f"item {number}"


@pytest.mark.parametrize(
    ("refs", "bad"),
    [
        (["`case-colour-mismatch:open`"], []),
        (["`rule-who-pays-shipping#follow-up-1`"], []),
        (["`iv-salary`"], []),
        (["`case-colour-mismatch:no_such_node`"], ["`case-colour-mismatch:no_such_node`"]),
        (["`case-colour-mismatch:angry`", "`case-colour-mismatch:complaint`"], ["`case-colour-mismatch:complaint`"]),
        (["`no-such-scenario:open`"], ["`no-such-scenario:open`"]),
        (["`iv-salary#follow-up-9`"], ["`iv-salary#follow-up-9`"]),
        (["case-colour-mismatch:open"], ["case-colour-mismatch:open"]),  # not in backticks
        (["`case-colour-mismatch/open`"], ["`case-colour-mismatch/open`"]),  # wrong separator
    ],
)
def test_unknown_refs_catches_what_does_not_exist(refs: list[str], bad: list[str]) -> None:
    known = {
        "case-colour-mismatch:open",
        "case-colour-mismatch:angry",
        "rule-who-pays-shipping#follow-up-1",
        "iv-salary",
    }
    assert unknown_refs(refs, known) == bad


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ("| 1 | a | `x` |\n| 1 | b | `y` |", "listed twice"),
        ("| 2 | a |  |", "empty cell"),
        ("| 3 |  | `x` |", "empty cell"),
    ],
)
def test_parse_rejects_a_broken_table(table: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        parse(table)


def test_parse_reads_pending_rows_and_lists() -> None:
    rows = parse(f"| # | 項目 | 節點 |\n|---|---|---|\n| 7 | 甲 | {PENDING} |\n| 8 | 乙 | `a:b`, `c` |")
    assert rows == {7: ("甲", []), 8: ("乙", ["`a:b`", "`c`"])}


def test_ending_nodes_are_not_targets() -> None:
    # Ending nodes have no rubric, so a row naming one fails: resolved_end trains nothing.
    assert "case-colour-mismatch:open" in KNOWN
    assert "fee-garment-runs-large:resolved_end" not in KNOWN
