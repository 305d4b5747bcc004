"""Reading ``rules.yaml`` and the case fields that go with it (``facts:``, ``allow:``).

- ``read_rules(path, problems, default)``: the ``HouseRules`` of a rules file,
  every mistake a ``Problem`` with its ``file:line:col`` (a pattern that does not
  compile or can backtrack for minutes included). Unless it says
  ``include_default: false``, a folder's file extends the bundled one.
- ``read_facts(r, m)``: a scenario's ``facts:`` mapping.
- ``with_case(scenario)`` / ``with_category(bank)``: copy the category, the
  facts and nothing else onto every rubric, where the scorer looks for them.
- ``check_case_refs``: ``allow:`` ids and facts that ``rules.yaml`` does not know.

The format is described in docs/rules.md.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from trainer.core.facts import _word, read_facts, with_case, with_category  # noqa: F401 (re-exported)
from trainer.core.house_rules import NO_RULES, HouseRule, HouseRules
from trainer.core.models import Rubric, Scenario
from trainer.core.patterns import pattern_problem
from trainer.core.problems import Problem
from trainer.core.reader import Reader
from trainer.core.yamlpos import YMap, load_mapping
from trainer.paths import RULES_FILE, bundled_content_dir

__all__ = ["RULES_FILE", "read_rules_file"]

RULES_KEYS = ("include_default", "rules", "facts")
RULE_KEYS = ("id", "why", "any", "patterns", "only", "except", "examples")
FACT_RULE_KEYS = ("why", "any", "patterns", "examples")
EXAMPLE_KEYS = ("breaks", "keeps")
RULE_ID_RE = re.compile(r"[a-z0-9-]+")


def read_rules(path: Path, problems: list[Problem], default: HouseRules | None = None) -> HouseRules:
    """The rules of one ``rules.yaml`` (NO_RULES if unusable); problems are appended."""
    m, found = load_mapping(path, allow_empty=True)
    problems.extend(found)
    if m is None:
        return NO_RULES
    r = Reader(str(path), problems)
    r.fields(m, "rules.yaml", RULES_KEYS)
    rules = [rule for item, mark in r.items(m, "rules") if (rule := _rule(r, item, mark)) is not None]
    rules += _fact_rules(r, m)
    first: dict[str, int] = {}
    for rule in rules:
        if rule.id in first:
            problems.append(Problem(rule.loc, f"duplicate rule id `{rule.id}` (first at line {first[rule.id]})"))
        first.setdefault(rule.id, rule.loc.line)
    own = HouseRules(tuple(rules), str(path))
    if r.flag(m, "include_default", True) and default is not None:
        return own.merged(default)
    return own


def read_rules_file(path: Path | None, problems: list[Problem]) -> HouseRules:
    """A folder's ``rules.yaml`` over the bundled rules; ``None``: the bundled rules alone."""
    bundled = bundled_content_dir() / RULES_FILE
    if path is None:
        return bundled_rules(bundled)
    if path.resolve() == bundled.resolve():
        return read_rules(path, problems)
    return read_rules(path, problems, bundled_rules(bundled))


@lru_cache(maxsize=4)
def bundled_rules(path: Path) -> HouseRules:
    """The bundled rules, read once (the test suite checks that file has no problems)."""
    return read_rules(path, []) if path.is_file() else NO_RULES


def _rule(r: Reader, item: Any, mark: Any) -> HouseRule | None:
    m = r.mapping(item, mark, "a house rule")
    if m is None:
        return None
    r.fields(m, "a house rule", RULE_KEYS, ("id", "why"))
    rid = r.text(m, "id")
    if rid and not RULE_ID_RE.fullmatch(rid):
        r.error(m.at["id"][1], f"rule id `{rid}` may only use a-z, 0-9 and '-'")
    phrases, patterns = _matchers(r, m, f"house rule `{rid}`")
    breaks, keeps = _examples(r, m)
    if not rid:
        return None
    return HouseRule(
        rid, r.text(m, "why"), phrases, patterns, r.texts(m, "only"), r.texts(m, "except"),
        breaks, keeps, None, r.loc(mark),
    )


def _fact_rules(r: Reader, m: YMap) -> list[HouseRule]:
    """``facts: {name: {value: {why, any, patterns, examples}}}``."""
    facts = r.mapping(m.get("facts"), m.at["facts"][1], "`facts`") if "facts" in m else None
    out: list[HouseRule] = []
    for name, values in (facts or {}).items():
        vm = r.mapping(values, facts.at[name][1], f"fact `{name}`") if facts is not None else None
        for value, body in (vm or {}).items():
            mark = vm.at[value][0] if vm is not None else None
            b = r.mapping(body, mark, f"`{name}: {value}`")
            if b is None:
                continue
            what = f"the claims against `{name}: {value}`"
            r.fields(b, what, FACT_RULE_KEYS, ("why",))
            phrases, patterns = _matchers(r, b, what)
            breaks, keeps = _examples(r, b)
            out.append(HouseRule(
                f"{_word(name)}.{_word(value)}", r.text(b, "why"), phrases, patterns,
                breaks=breaks, keeps=keeps, fact=(_word(name), _word(value)), loc=r.loc(mark),
            ))
    return out


def _matchers(r: Reader, m: YMap, what: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    phrases = r.texts(m, "any")
    patterns = []
    for item, mark in r.items(m, "patterns"):
        if item.__class__ is not str:
            r.error(mark, f"{what}: each pattern must be text")
            continue
        problem = pattern_problem(item)
        if problem is not None:
            r.error(mark, f"{what}: pattern `{item}` {problem}")
            continue
        patterns.append(item)
    for phrase, mark in r.items(m, "any"):
        if isinstance(phrase, str) and not phrase.strip():
            r.error(mark, f"{what}: an empty phrase in `any`")
    if not phrases and not patterns and "any" not in m and "patterns" not in m:
        r.error(m.mark, f"{what} needs `any` (phrases), `patterns` or both")
    return tuple(p for p in phrases if p.strip()), tuple(patterns)


def _examples(r: Reader, m: YMap) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if m.get("examples") is None:
        return (), ()
    e = r.mapping(m["examples"], m.at["examples"][1], "`examples`")
    if e is None:
        return (), ()
    r.fields(e, "`examples`", EXAMPLE_KEYS)
    return r.texts(e, "breaks"), r.texts(e, "keeps")


# --- the case fields of scenarios and questions ---------------------------


def check_case_refs(
    scenarios: list[Scenario], rubrics: list[tuple[str, Rubric]], rules: HouseRules
) -> list[Problem]:
    """Facts and ``allow:`` ids that ``rules.yaml`` does not know (typos would silently do nothing)."""
    problems = []
    known = rules.facts()
    for scenario in scenarios:
        for fact in scenario.facts:
            values = known.get(fact.name)
            if values is None:
                names = ", ".join(f"`{n}`" for n in sorted(known)) or "none"
                problems.append(Problem(fact.loc, f"fact `{fact.name}` is not in rules.yaml (known: {names})"))
            elif fact.value not in values:
                allowed = ", ".join(f"`{v}`" for v in sorted(values))
                problems.append(Problem(fact.loc, f"`{fact.name}: {fact.value}` is not a value rules.yaml knows "
                                        f"(known: {allowed})"))
    ids = rules.ids()
    for label, rubric in rubrics:
        for rid in rubric.allow:
            if rid not in ids:
                problems.append(Problem(rubric.loc, f"{label}: `allow: {rid}` names no rule of rules.yaml",
                                        "warning"))
    return problems
