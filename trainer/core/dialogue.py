"""The dialogue engine: a conversation with a scenario's buyer, as a state machine.

``Dialogue`` holds the current node, the buyer's mood, the transcript and the
outcome. ``step(reply)`` scores the reply, moves the mood (``branching.mood_after``),
follows the first matching ``next`` rule and returns the buyer's next line or the
ending. Line variants and nudges are chosen by a seeded RNG, so the same seed and
replies always give the same conversation (tests and replays are exact).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from trainer.core.branching import choose_next, mood_after
from trainer.core.models import Node, Rubric, Scenario

if TYPE_CHECKING:  # a dialogue's first line needs neither: `trainer play` shows it sooner
    from trainer.core.result import Result
    from trainer.core.scorer import Scorer

NUDGES = (
    "親？人呢？",
    "在嗎？怎麼不回了？",
    "還在嗎？我等很久了。",
    "喂？有人在嗎？",
    "客服？到底還要等多久？",
)
NUDGE_MOOD = 5  # the buyer's anger grows each time they have to chase a reply
HINT_COST = 5  # points taken off a turn's score for each hint used


@dataclass(frozen=True)
class Turn:
    """One answered buyer line, everything the progress store records about it."""

    index: int
    node_id: str
    buyer_line: str
    reply: str
    result: Result
    score: int  # the result's score less hint costs
    mood_before: int
    mood_after: int
    latency: float  # seconds from the buyer's line to the reply being sent
    cpm: float  # typing speed: characters per minute while composing
    hints: int
    nudges: int
    next_node: str | None


@dataclass
class Dialogue:
    """A conversation in progress (see the module docstring)."""

    scenario: Scenario
    scorer: Scorer
    seed: int = 0
    node_id: str = ""
    mood: int = -1
    turns: list[Turn] = field(default_factory=list)
    outcome: str | None = None
    hints: int = 0  # hints used on the current node
    nudges: int = 0  # nudges sent on the current node
    line: str = ""

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self.node_id = self.node_id or self.scenario.start
        if self.mood < 0:
            self.mood = self.scenario.buyer.mood
        self._enter(self.node_id)

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.node_id]

    @property
    def rubric(self) -> Rubric | None:
        return self.node.rubric

    @property
    def finished(self) -> bool:
        return self.outcome is not None

    @property
    def total_score(self) -> int:
        """The mean of the turn scores (0 before any reply)."""
        if not self.turns:
            return 0
        return round(sum(t.score for t in self.turns) / len(self.turns))

    def _enter(self, node_id: str) -> None:
        self.node_id = node_id
        self.hints = self.nudges = 0
        self.line = self._rng.choice(self.node.buyer)
        if self.node.end is not None:
            self.outcome = self.node.end

    def hint(self) -> tuple[str, ...]:
        """The labels of the current node's key points (never the answers); costs points."""
        if self.rubric is None or self.finished:
            return ()
        self.hints += 1
        return tuple(p.label for p in self.rubric.points)

    def nudge(self) -> str:
        """The buyer ran out of patience: a varied chasing line, and more anger."""
        self.nudges += 1
        self.mood = min(100, self.mood + NUDGE_MOOD)
        return self._rng.choice(NUDGES)

    def step(self, reply: str, latency: float = 0.0, typing_seconds: float | None = None) -> Turn:
        """Score ``reply`` to the current line and move on; returns the recorded turn."""
        if self.finished or self.rubric is None:
            raise RuntimeError("the conversation has ended")
        result = self.scorer.score(self.rubric, reply)
        score = max(0, result.score - HINT_COST * self.hints)
        before = self.mood
        scored = _with_score(result, score)  # hints cost points for branching too
        after = mood_after(before, scored)
        chosen = choose_next(self.node, scored, after)
        turn = Turn(
            index=len(self.turns), node_id=self.node_id, buyer_line=self.line, reply=reply,
            result=result, score=score, mood_before=before, mood_after=after,
            latency=latency, cpm=typing_speed(reply, typing_seconds if typing_seconds else latency),
            hints=self.hints, nudges=self.nudges,
            next_node=chosen[1].goto if chosen else None,
        )
        self.turns.append(turn)
        self.mood = after
        if chosen is None:
            # No `next`: the conversation ends with this reply, well or badly.
            self.outcome = "resolved" if score >= self.scorer.settings.pass_mark else "lost"
        else:
            self._enter(chosen[1].goto)
        return turn

    def replay(self, records: list[SentReply]) -> None:
        """Resume a saved conversation by replaying what the trainee did, in order.

        The engine is deterministic for a seed, so replaying the same nudges,
        hints and replies rebuilds exactly the same node, mood and transcript.
        """
        for rec in records:
            if self.finished:
                break
            for _ in range(rec.nudges):
                self.nudge()
            for _ in range(rec.hints):
                self.hint()
            self.step(rec.reply, rec.latency, rec.typing_seconds)


@dataclass(frozen=True)
class SentReply:
    """What the store keeps of a reply to replay it: the reply and what came before it."""

    reply: str
    latency: float = 0.0
    typing_seconds: float | None = None
    hints: int = 0
    nudges: int = 0


def _with_score(result: Result, score: int) -> Result:
    return replace(result, score=score)


def typing_speed(reply: str, seconds: float | None) -> float:
    """Characters (not spaces) per minute of ``reply``; 0 when the time is unknown."""
    from trainer.core.typing_test import characters, typing_speed

    return typing_speed(len(characters(reply)), seconds)
