"""The scorer's answer: a 0–100 score and everything needed to explain it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from trainer.core.dimensions import DIMENSIONS, SignalHit

MISSTATED = "misstated"  # a point's words state the case wrongly (默認發中通): not made, ``matched`` kept


@dataclass(frozen=True)
class PointResult:
    """How one key point fared: its credit (0..1) and what in the reply earned it."""

    label: str
    weight: float
    credit: float
    phrase: str | None = None  # the rubric phrase that matched
    matched: str | None = None  # the text of the reply that matched it
    how: str | None = None  # exact | thesaurus | fuzzy | homophone; MISSTATED for a point not made

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
    """A scored reply.

    ``dimensions`` maps each ``DIMENSIONS`` name to its value (0..100, before
    weighting); ``signals`` lists every penalty or cap that fired, most
    important first (see ``trainer.core.dimensions``).
    """

    score: int
    passed: bool
    dimensions: Mapping[str, float]
    points: tuple[PointResult, ...]
    avoid: tuple[AvoidHit, ...]
    closest_answer: str
    caps: tuple[str, ...]  # the signals that capped the score (names from SIGNALS)
    polite: tuple[str, ...]
    rude: tuple[str, ...]
    feedback: str
    signals: tuple[SignalHit, ...] = field(default=())

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
                d.name: round(self.dimensions.get(d.name, 0.0), 1) for d in DIMENSIONS
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
            "signals": [hit.to_dict() for hit in self.signals],
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
