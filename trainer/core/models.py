"""Content models (format v1): scenarios and the rubrics every reply is scored on.

Every model is a frozen dataclass built from YAML by ``trainer.core.build``.
Each keeps ``loc`` (file, line, column of its YAML node) so that checks and
reports can point at the exact place in the author's file. The interview
bank's models are in ``trainer.core.interview_models``: a played scenario's
first frame need not define their classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.core.problems import Loc

NO_LOC = Loc("<memory>")

ENDINGS = ("resolved", "escalated", "lost")


@dataclass(frozen=True)
class Point:
    """A key point a reply should cover; any phrase (or a close variant) counts."""

    label: str
    phrases: tuple[str, ...]
    weight: float = 1.0
    loc: Loc = NO_LOC


@dataclass(frozen=True)
class AvoidRule:
    """A rule a reply must not break: any phrase (or regex) present breaks it."""

    phrases: tuple[str, ...]
    why: str
    regex: bool = False
    loc: Loc = NO_LOC


@dataclass(frozen=True)
class Example:
    """A reply with the score range it must get (checked by ``trainer check``)."""

    reply: str
    min: float | None = None
    max: float | None = None
    loc: Loc = NO_LOC


@dataclass(frozen=True)
class Rubric:
    """What a good reply to one buyer line or interview question looks like.

    ``prompt`` holds the buyer's lines (or the question) the reply answers; the
    scorer uses it to recognise a reply that merely echoes the prompt.
    """

    answers: tuple[str, ...]
    points: tuple[Point, ...] = ()
    avoid: tuple[AvoidRule, ...] = ()
    examples: tuple[Example, ...] = ()
    prompt: tuple[str, ...] = ()
    loc: Loc = NO_LOC
    # "chat" (a reply to a buyer) or "interview" (an answer to an interviewer):
    # shop-chat politeness markers are expected only in chat.
    kind: str = "chat"
    # What the house rules (rules.yaml) need, copied here by the loader: the
    # scenario's or bank's category, the case facts of the scenario, and the
    # house rules this node or question opts out of (``allow:``).
    category: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    allow: tuple[str, ...] = ()


@dataclass(frozen=True)
class Condition:
    """The ``if:`` of a ``next`` rule or follow-up; every field set must hold."""

    missed: str | None = None  # a point label the reply missed
    hit: str | None = None  # a point label the reply hit
    score_below: float | None = None
    score_above: float | None = None
    mood_above: float | None = None
    mood_below: float | None = None


@dataclass(frozen=True)
class NextRule:
    """One branch out of a node: ``goto`` when ``when`` holds (None = always)."""

    goto: str
    when: Condition | None = None
    loc: Loc = NO_LOC


@dataclass(frozen=True)
class Node:
    """A step of a scenario: a buyer line and the rubric for the reply, or an ending."""

    id: str
    buyer: tuple[str, ...]
    rubric: Rubric | None = None  # None on ending nodes
    next: tuple[NextRule, ...] = ()
    end: str | None = None  # resolved | escalated | lost
    loc: Loc = NO_LOC


@dataclass(frozen=True)
class Buyer:
    """The difficult buyer the trainee talks to."""

    name: str = "買家"
    persona: str = ""
    mood: int = 50  # starting anger, 0 calm .. 100 furious


@dataclass(frozen=True)
class Fact:
    """A fact of the case (``facts: {fault: seller}``): a reply must not assert the opposite."""

    name: str
    value: str
    loc: Loc = NO_LOC


@dataclass(frozen=True)
class Scenario:
    """A branching conversation with a buyer, from ``scenarios/<id>.yaml``."""

    id: str
    title: str
    start: str
    nodes: dict[str, Node]
    category: str = ""
    difficulty: int = 1
    tags: tuple[str, ...] = ()
    brief: str = ""
    buyer: Buyer = field(default_factory=Buyer)
    patience: int = 60  # seconds before the buyer nudges
    facts: tuple[Fact, ...] = ()
    path: str = ""
    loc: Loc = NO_LOC
