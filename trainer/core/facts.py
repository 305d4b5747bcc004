"""A scenario's case facts as read from its file, and the copies of category and facts onto rubrics.

Light on purpose (models and the YAML reader only): ``trainer play FILE`` reads
the played scenario with these before the scorer and the house rules are
imported. ``trainer.core.rules_file`` re-exports them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from trainer.core.models import Fact, Rubric, Scenario
from trainer.core.reader import Reader
from trainer.core.yamlpos import YMap

if TYPE_CHECKING:  # a played scenario's first read need not define the interview bank's models
    from trainer.core.interview_models import InterviewBank, Question


def read_facts(r: Reader, m: YMap) -> tuple[Fact, ...]:
    """A scenario's ``facts: {fault: seller, window: open}`` (names and values are text)."""
    if m.get("facts") is None:
        return ()
    f = r.mapping(m["facts"], m.at["facts"][1], "`facts`")
    if f is None:
        return ()
    out = []
    for name in f:
        raw = f[name]
        # `shipped: no` reads as a YAML boolean: take it as the word the author wrote.
        value = _word(raw) if isinstance(raw, bool) else r.text(f, name)
        if value:
            out.append(Fact(_word(name), value, r.loc(f.at[name][1])))
    return tuple(out)


def _word(value: Any) -> str:
    """A key or value as text; YAML's yes/no booleans back as ``yes`` / ``no``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def with_case(scenario: Scenario) -> Scenario:
    """The scenario with its category and facts on every node's rubric."""
    facts = tuple((f.name, f.value) for f in scenario.facts)
    nodes = {
        nid: node if node.rubric is None
        else replace(node, rubric=replace(node.rubric, category=scenario.category, facts=facts))
        for nid, node in scenario.nodes.items()
    }
    return replace(scenario, nodes=nodes)


def with_category(bank: InterviewBank) -> InterviewBank:
    """The bank with its category on every question's and follow-up's rubric."""
    def one(q: Question) -> Question:
        follow_ups = tuple(replace(f, rubric=_categorised(f.rubric, bank.category)) for f in q.follow_ups)
        return replace(q, rubric=_categorised(q.rubric, bank.category), follow_ups=follow_ups)

    return replace(bank, questions=tuple(one(q) for q in bank.questions))


def _categorised(rubric: Rubric, category: str) -> Rubric:
    return replace(rubric, category=category)
