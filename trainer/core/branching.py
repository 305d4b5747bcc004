"""Where a conversation goes after a reply: conditions, the next node, the buyer's mood.

The mood rule (0 calm … 100 furious), applied after every scored reply:

- the reply's score moves the mood by ``(50 − score) × 0.4``: a perfect reply
  calms the buyer by 20, an empty one angers them by 20, a pass (60) calms by 4;
- each broken avoid rule, and each insult, angers the buyer by a further 15
  (sharply: the buyer heard something unacceptable);
- each rude marker angers the buyer by a further 10;
- the result is kept within 0..100.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.core.models import Condition, NextRule, Node

if TYPE_CHECKING:  # only read here: `trainer play`'s first line comes before any result
    from trainer.core.result import Result

MOOD_PER_POINT = 0.4
MOOD_AVOID = 15
MOOD_RUDE = 10


def mood_after(mood: float, result: Result) -> int:
    """The buyer's mood after reading a reply that got ``result``."""
    delta = (50 - result.score) * MOOD_PER_POINT
    insults = sum(1 for hit in result.signals if hit.signal == "insult")
    delta += MOOD_AVOID * (len(result.avoid) + insults) + MOOD_RUDE * len(result.rude)
    return int(round(max(0.0, min(100.0, mood + delta))))


def holds(cond: Condition | None, result: Result, mood: float) -> bool:
    """Whether every part of ``cond`` is true of this reply and the mood after it."""
    if cond is None:
        return True
    checks = (
        cond.missed is None or cond.missed in result.missed_labels,
        cond.hit is None or cond.hit in result.hit_labels,
        cond.score_below is None or result.score < cond.score_below,
        cond.score_above is None or result.score > cond.score_above,
        cond.mood_above is None or mood > cond.mood_above,
        cond.mood_below is None or mood < cond.mood_below,
    )
    return all(checks)


def choose_next(node: Node, result: Result, mood: float) -> tuple[int, NextRule] | None:
    """The first ``next`` rule that holds (index, rule); None ends the conversation."""
    for i, rule in enumerate(node.next):
        if holds(rule.when, result, mood):
            return i, rule
    return None


def describe(cond: Condition | None) -> str:
    """A condition as the author wrote it, for messages: ``{missed: 道歉}``."""
    if cond is None:
        return "{}"
    parts = [f"{k}: {v:g}" if isinstance(v, float) else f"{k}: {v}"
             for k, v in vars(cond).items() if v is not None]
    return "{" + ", ".join(parts) + "}"
