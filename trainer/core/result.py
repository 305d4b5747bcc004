"""The scorer's answer: a 0–100 score and everything needed to explain it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class PointResult:
    """How one key point fared: its credit (0..1) and what in the reply earned it."""

    label: str
    weight: float
    credit: float
    phrase: str | None = None  # the rubric phrase that matched
    matched: str | None = None  # the text of the reply that matched it
    how: str | None = None  # exact | thesaurus | fuzzy

    @property
    def hit(self) -> bool:
        return self.credit > 0


@dataclass(frozen=True)
class AvoidHit:
    """A broken avoid rule: why it matters and what in the reply broke it.

    ``source`` says whose rule it is: the node's own avoid rule, a house rule of
    ``rules.yaml`` or a fact of the case; ``rule`` is the house rule's id (or
    ``fact.value``), empty for a node's rule.
    """

    why: str
    phrase: str
    matched: str
    source: str = "node"  # node | house | fact
    rule: str = ""


@dataclass(frozen=True)
class Result:
    """A scored reply. Dimension scores are 0..100 before weighting."""

    score: int
    passed: bool
    coverage: float
    similarity: float
    tone: float
    points: tuple[PointResult, ...]
    avoid: tuple[AvoidHit, ...]
    closest_answer: str
    caps: tuple[str, ...]  # why the score was capped: avoid | echo | short | empty
    polite: tuple[str, ...]
    rude: tuple[str, ...]
    feedback: str

    @property
    def hit_labels(self) -> tuple[str, ...]:
        return tuple(p.label for p in self.points if p.hit)

    @property
    def missed_labels(self) -> tuple[str, ...]:
        return tuple(p.label for p in self.points if not p.hit)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``trainer score --json``)."""
        return {
            "score": self.score,
            "passed": self.passed,
            "dimensions": {
                "coverage": round(self.coverage, 1),
                "similarity": round(self.similarity, 1),
                "tone": round(self.tone, 1),
            },
            "points": {
                "hit": [_point(p) for p in self.points if p.hit],
                "missed": [p.label for p in self.points if not p.hit],
            },
            "avoid": [asdict(a) for a in self.avoid],
            "closest_answer": self.closest_answer,
            "caps": list(self.caps),
            "polite": list(self.polite),
            "rude": list(self.rude),
            "feedback": self.feedback,
        }


def _point(p: PointResult) -> dict[str, Any]:
    return {
        "label": p.label,
        "credit": round(p.credit, 2),
        "phrase": p.phrase,
        "matched": p.matched,
        "how": p.how,
    }
