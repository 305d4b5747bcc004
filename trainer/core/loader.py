"""Content files -> models (format v1), with a Problem for every mistake.

``load_content(root)`` loads a content folder; ``load_paths(paths, base)`` loads
the files and folders given to ``trainer validate`` / ``check`` / ``score``. Both
check structure, types, unknown and missing fields, then run the cross-checks of
``trainer.core.validate``; the scorer normalises each rubric once, when it is
first scored. They never raise for bad content: everything wrong comes back as a ``Problem`` row.
See ``docs/format.md`` for the format itself.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.core import files
from trainer.core.facts import read_facts, with_case, with_category
from trainer.core.models import (
    ENDINGS,
    AvoidRule,
    Buyer,
    Condition,
    Example,
    FollowUp,
    InterviewBank,
    InterviewSet,
    NextRule,
    Node,
    Point,
    Question,
    Rubric,
    Scenario,
)
from trainer.core.problems import Loc, Problem
from trainer.core.yamlpos import Reader, YMap, load_mapping
from trainer.paths import RULES_FILE

if TYPE_CHECKING:  # the scorer's side is imported when a content is built (see read_scenario)
    from trainer.core.content import Content
    from trainer.core.house_rules import HouseRules
    from trainer.core.lexicon import Lexicon
    from trainer.core.settings import ScoringSettings

ID_RE = re.compile(r"[a-z0-9-]+")
SCENARIO_KEYS = (
    "id", "title", "category", "difficulty", "tags", "brief", "buyer", "patience", "facts", "start", "nodes",
)
BUYER_KEYS = ("name", "persona", "mood")
RUBRIC_KEYS = ("answers", "points", "avoid", "examples", "allow")
NODE_KEYS = ("buyer", "end", *RUBRIC_KEYS, "next")
POINT_KEYS = ("label", "any", "weight")
AVOID_KEYS = ("any", "why", "regex")
EXAMPLE_KEYS = ("reply", "min", "max")
NEXT_KEYS = ("if", "goto")
LABEL_CONDITIONS = ("missed", "hit")
NUMBER_CONDITIONS = ("score_below", "score_above", "mood_above", "mood_below")
NODE_CONDITIONS = (*LABEL_CONDITIONS, *NUMBER_CONDITIONS)
FOLLOW_UP_CONDITIONS = ("missed", "hit", "score_below", "score_above")
BANK_KEYS = ("category", "questions", "sets")
QUESTION_KEYS = (
    "id", "ask", *RUBRIC_KEYS, "time_limit", "difficulty", "tags", "follow_ups",
)
FOLLOW_UP_KEYS = ("ask", *RUBRIC_KEYS, "if")
SET_KEYS = ("id", "title", "questions", "time_limit")

TYPING_FILE = "typing_passages.yaml"  # the typing test's passages (trainer.core.typing_test)


# --- rubrics -------------------------------------------------------------


def _rubric(
    r: Reader, m: YMap, prompt: tuple[str, ...], mark: Any, kind: str = "chat"
) -> Rubric:
    answers = r.texts(m, "answers", nonempty=True)
    rubric = Rubric(answers, _points(r, m), _avoid(r, m), _examples(r, m), prompt, r.loc(mark), kind)
    return replace(rubric, allow=r.texts(m, "allow")) if "allow" in m else rubric


def _points(r: Reader, m: YMap) -> tuple[Point, ...]:
    out = []
    first: dict[str, int] = {}
    for item, mark in r.items(m, "points"):
        p = r.mapping(item, mark, "a key point")
        if p is None:
            continue
        r.fields(p, "a key point", POINT_KEYS, ("label", "any"))
        label = r.text(p, "label")
        if label and label in first:
            r.error(p.at["label"][1],
                    f"duplicate key-point label `{label}` (first at line {first[label]})")
        elif label:
            first[label] = mark.line + 1
        weight = r.number(p, "weight", 1.0, above=0)
        out.append(Point(label, r.texts(p, "any", nonempty=True), weight or 1.0, r.loc(mark)))
    return tuple(out)


def _avoid(r: Reader, m: YMap) -> tuple[AvoidRule, ...]:
    out = []
    for item, mark in r.items(m, "avoid"):
        a = r.mapping(item, mark, "an avoid rule")
        if a is not None:
            r.fields(a, "an avoid rule", AVOID_KEYS, ("any", "why"))
            phrases = r.texts(a, "any", nonempty=True)
            out.append(AvoidRule(phrases, r.text(a, "why"), r.flag(a, "regex"), r.loc(mark)))
    return tuple(out)


def _examples(r: Reader, m: YMap) -> tuple[Example, ...]:
    out = []
    for item, mark in r.items(m, "examples"):
        e = r.mapping(item, mark, "an example")
        if e is None:
            continue
        r.fields(e, "an example", EXAMPLE_KEYS)
        if e.get("reply") is None:  # an empty reply is a fine example (it must score 0)
            r.error(mark, "an example is missing the required field `reply`")
        if "min" not in e and "max" not in e:
            r.error(mark, "an example needs `min`, `max` or both (the score range it must get)")
        low = r.number(e, "min", None, 0, 100)
        high = r.number(e, "max", None, 0, 100)
        out.append(Example(r.text(e, "reply"), low, high, r.loc(mark)))
    return tuple(out)


def _condition(r: Reader, m: YMap, allowed: tuple[str, ...]) -> Condition | None:
    """The ``if:`` of a rule (None when absent)."""
    if "if" not in m:
        return None
    c = r.mapping(m["if"], m.at["if"][1], "`if`")
    if c is None:
        return None
    r.fields(c, "a condition (`if`)", allowed)
    if not c:
        r.error(m.at["if"][1], f"`if` is empty; use one of: {', '.join(allowed)}")

    def label(key: str) -> str | None:
        return r.text(c, key) or None if key in allowed else None

    def number(key: str) -> float | None:
        return r.number(c, key, None, 0, 100) if key in allowed else None

    return Condition(
        missed=label("missed"), hit=label("hit"),
        score_below=number("score_below"), score_above=number("score_above"),
        mood_above=number("mood_above"), mood_below=number("mood_below"),
    )


# --- scenarios -----------------------------------------------------------


def _lines(r: Reader, m: YMap, key: str) -> tuple[str, ...]:
    """A field that is a string or a non-empty list of strings."""
    value = m.get(key)
    if isinstance(value, list):
        return r.texts(m, key, nonempty=True)
    text = r.text(m, key)
    return (text,) if text else ()


def _next(r: Reader, m: YMap) -> tuple[NextRule, ...]:
    out = []
    for item, mark in r.items(m, "next"):
        rule = r.mapping(item, mark, "a `next` rule")
        if rule is not None:
            r.fields(rule, "a `next` rule", NEXT_KEYS, ("goto",))
            when = _condition(r, rule, NODE_CONDITIONS)
            out.append(NextRule(r.text(rule, "goto"), when, r.loc(mark)))
    return tuple(out)


def _node(r: Reader, nid: str, value: Any, marks: tuple[Any, Any]) -> Node | None:
    what = f"node `{nid}`"
    m = r.mapping(value, marks[1], what)
    if m is None:
        return None
    ending = "end" in m
    r.fields(m, what, NODE_KEYS, ("buyer",) if ending else ("buyer", "answers"), at=marks[0])
    buyer = _lines(r, m, "buyer")
    here = r.loc(marks[0])
    if not ending:
        return Node(nid, buyer, _rubric(r, m, buyer, marks[0]), _next(r, m), None, here)
    end = r.text(m, "end")
    if end and end not in ENDINGS:
        r.error(m.at["end"][1], f"`end` must be one of {', '.join(ENDINGS)}; got `{end}`")
    for key in (*RUBRIC_KEYS, "next"):
        if key in m:
            r.error(m.at[key][0], f"`{key}` is not allowed in an ending node (`end: {end}`): "
                    "no reply is expected there")
    return Node(nid, buyer, None, (), end or None, here)


def _nodes(r: Reader, m: YMap) -> dict[str, Node]:
    if m.get("nodes") is None:
        return {}
    nodes_map = r.mapping(m["nodes"], m.at["nodes"][1], "`nodes`")
    if nodes_map is None:
        return {}
    if not nodes_map:
        r.error(m.at["nodes"][1], "`nodes` must hold at least one node")
    nodes = {}
    for nid, value in nodes_map.items():
        node = _node(r, nid, value, nodes_map.at[nid])
        if node is not None:
            nodes[nid] = node
    return nodes


def _id(r: Reader, m: YMap, what: str) -> str:
    ident = r.text(m, "id")
    if ident and not ID_RE.fullmatch(ident):
        r.error(m.at["id"][1], f"{what} id `{ident}` may only use a-z, 0-9 and '-'")
    return ident


def _buyer(r: Reader, m: YMap) -> Buyer:
    if m.get("buyer") is None:
        return Buyer()
    b = r.mapping(m["buyer"], m.at["buyer"][1], "`buyer`")
    if b is None:
        return Buyer()
    r.fields(b, "`buyer`", BUYER_KEYS)
    name, persona = r.text(b, "name", Buyer.name), r.text(b, "persona")
    return Buyer(name, persona, r.whole(b, "mood", 50, 0, 100))


def scenario_from(r: Reader, m: YMap) -> Scenario | None:
    """A Scenario from a file's top mapping (None without an id)."""
    r.fields(m, "a scenario", SCENARIO_KEYS, ("id", "title", "start", "nodes"))
    sid = _id(r, m, "scenario")
    scenario = Scenario(
        id=sid, title=r.text(m, "title"), start=r.text(m, "start"), nodes=_nodes(r, m),
        category=r.text(m, "category"), difficulty=r.whole(m, "difficulty", 1, 1, 5),
        tags=r.texts(m, "tags"), brief=r.text(m, "brief"), buyer=_buyer(r, m),
        patience=r.whole(m, "patience", 60, 1), facts=read_facts(r, m), path=r.file,
        loc=r.loc(m.at["id"][1] if "id" in m else m.mark),
    )
    _check_start(r, m, scenario)
    return scenario if sid else None


def _check_start(r: Reader, m: YMap, scenario: Scenario) -> None:
    """``start`` must name a node that expects a reply."""
    node = scenario.nodes.get(scenario.start)
    if not scenario.start or "nodes" not in m:
        return
    if node is None and not (isinstance(m["nodes"], YMap) and scenario.start in m["nodes"]):
        close = get_close_matches(scenario.start, list(scenario.nodes), n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        r.error(m.at["start"][1], f"`start: {scenario.start}` names no node in `nodes`{hint}")
    elif node is not None and node.end is not None:
        r.error(m.at["start"][1], f"`start: {scenario.start}` is an ending node; "
                "the conversation must start with a node that expects a reply")


# --- interview banks -----------------------------------------------------


def _follow_up(r: Reader, item: Any, mark: Any) -> FollowUp | None:
    f = r.mapping(item, mark, "a follow-up")
    if f is None:
        return None
    r.fields(f, "a follow-up", FOLLOW_UP_KEYS, ("ask", "answers"))
    ask = r.text(f, "ask")
    when = _condition(r, f, FOLLOW_UP_CONDITIONS)
    return FollowUp(ask, _rubric(r, f, (ask,), mark, "interview"), when, r.loc(mark))


def _question(r: Reader, item: Any, mark: Any, category: str) -> Question | None:
    q = r.mapping(item, mark, "a question")
    if q is None:
        return None
    r.fields(q, "a question", QUESTION_KEYS, ("id", "ask", "answers"))
    qid = _id(r, q, "question")
    ask = r.text(q, "ask")
    follow_ups = [_follow_up(r, i, k) for i, k in r.items(q, "follow_ups")]
    question = Question(
        id=qid, ask=ask, rubric=_rubric(r, q, (ask,), mark, "interview"), category=category,
        difficulty=r.whole(q, "difficulty", 1, 1, 5), tags=r.texts(q, "tags"),
        time_limit=r.whole(q, "time_limit", 0, 1) or None,
        follow_ups=tuple(f for f in follow_ups if f is not None), loc=r.loc(mark),
    )
    return question if qid else None


def _set(r: Reader, item: Any, mark: Any) -> InterviewSet | None:
    s = r.mapping(item, mark, "an interview set")
    if s is None:
        return None
    r.fields(s, "an interview set", SET_KEYS, ("id", "questions"))
    sid = _id(r, s, "interview set")
    questions = r.texts(s, "questions", nonempty=True)
    time_limit = r.whole(s, "time_limit", 0, 1) or None
    if not sid:
        return None
    return InterviewSet(sid, r.text(s, "title", sid), questions, time_limit, r.loc(mark))


def bank_from(r: Reader, m: YMap) -> InterviewBank:
    """An InterviewBank from a file's top mapping."""
    r.fields(m, "an interview bank", BANK_KEYS, ("category", "questions"))
    category = r.text(m, "category")
    questions = [_question(r, i, k, category) for i, k in r.items(m, "questions", nonempty=True)]
    sets = [_set(r, i, k) for i, k in r.items(m, "sets")]
    return InterviewBank(
        category, tuple(q for q in questions if q), tuple(s for s in sets if s), r.file
    )


# --- files and folders ---------------------------------------------------


@dataclass
class _Batch:
    """What has been read so far from the files of one load."""

    default_lexicon: Lexicon | None = None
    scenarios: list[Scenario] = field(default_factory=list)
    banks: list[InterviewBank] = field(default_factory=list)
    lexicon: Lexicon | None = None
    settings: ScoringSettings | None = None
    house: HouseRules | None = None
    problems: list[Problem] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)

    def add_file(self, path: Path, kind: str | None = None) -> None:
        """Read one file; ``kind`` (scenario or bank) is guessed when not given."""
        key = files.identity(path)
        if key in self.seen:
            return
        self.seen.add(key)
        if kind is None and path.name in ("thesaurus.yaml", "scoring.yaml"):
            self.add_settings(path)
            return
        if kind is None and path.name == RULES_FILE:
            from trainer.core.rules_file import read_rules_file

            self.house = self.house or read_rules_file(path, self.problems)
            return
        if kind is None and path.name == TYPING_FILE:
            # The typing test's passages: checked here so `trainer validate` covers them.
            from trainer.core.typing_test import load_passages

            self.problems.extend(load_passages(path)[1])
            return
        m, found = load_mapping(path)
        self.problems.extend(found)
        if m is None:
            return
        r = Reader(str(path), self.problems)
        if kind == "scenario" or (kind is None and "nodes" in m):
            scenario = scenario_from(r, m)
            if scenario is not None:
                self.scenarios.append(scenario)
        elif kind == "bank" or (kind is None and "questions" in m):
            self.banks.append(bank_from(r, m))
        else:
            r.error(m.mark, "not a scenario (it has no `nodes`) nor an interview bank "
                    "(it has no `questions`)")

    def add_settings(self, path: Path) -> None:
        """Read thesaurus.yaml or scoring.yaml; the first one read is used."""
        from trainer.core.content import read_scoring, read_thesaurus

        if path.name == "thesaurus.yaml":
            lexicon = read_thesaurus(path, self.problems, self.default_lexicon)
            self.lexicon = lexicon if self.lexicon is None else self.lexicon
        else:
            settings = read_scoring(path, self.problems)
            self.settings = self.settings or settings

    def add_root(self, root: Path) -> bool:
        """Read a content folder; False if it has neither content subfolder."""
        found = False
        for sub, kind in (("scenarios", "scenario"), ("interview_bank", "bank")):
            if (root / sub).is_dir():
                found = True
                for path in files.yaml_in(root / sub, self.problems):
                    self.add_file(path, kind)
        for name in ("thesaurus.yaml", "scoring.yaml", RULES_FILE, TYPING_FILE):
            if files.exists(root / name):
                self.add_file(root / name)
        return found

    def finish(self, root: Path | None, base: Content | None) -> tuple[Content, list[Problem]]:
        """Build the Content and run the cross-checks."""
        from trainer.core.content import Content
        from trainer.core.lexicon import EMPTY
        from trainer.core.rules_file import check_case_refs, read_rules_file
        from trainer.core.settings import ScoringSettings
        from trainer.core.validate import unique, validate_all

        problems = self.problems
        self.scenarios = [with_case(s) for s in self.scenarios]
        self.banks = [with_category(b) for b in self.banks]
        every_question = [q for b in self.banks for q in b.questions]
        every_set = [s for b in self.banks for s in b.sets]
        scenarios = unique(self.scenarios, "scenario", problems)
        questions = unique(every_question, "question", problems)
        sets = unique(every_set, "interview set", problems)
        lexicon = self.lexicon if self.lexicon is not None else base.lexicon if base else EMPTY
        settings = self.settings or (base.settings if base else ScoringSettings())
        house = self.house or (base.house if base else read_rules_file(None, []))
        content = Content(root, scenarios, self.banks, questions, sets, lexicon, settings, house)
        # A set may list questions from banks outside the files being checked.
        known = set(questions) | (set(base.questions) if base else set())
        problems.extend(validate_all(self.scenarios, every_question, every_set, known))
        problems.extend(check_case_refs(self.scenarios, list(content.rubrics()), house))
        # Rubrics are normalised when first scored (Scorer.prepare caches them), not
        # here: validating a large library would otherwise spend most of its time
        # normalising answers nobody scores against.
        return content, sorted(dict.fromkeys(problems), key=lambda p: p.loc)


def read_scenario(path: Path) -> tuple[Scenario | None, list[Problem]]:
    """One scenario file read as the loader reads it (structure and types checked, the case
    facts on its rubrics), without the cross-checks, the thesaurus or the scorer: what
    ``trainer play`` needs to draw the chat while the rest is checked behind it."""
    problems: list[Problem] = []
    m, found = load_mapping(path)
    problems.extend(found)
    if m is None:
        return None, problems
    r = Reader(str(path), problems)
    if "nodes" not in m:
        r.error(m.mark, "not a scenario (it has no `nodes`)")
        return None, problems
    scenario = scenario_from(r, m)
    return (with_case(scenario) if scenario is not None else None), problems


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector while loading.

    Loading builds many long-lived objects and no reference cycles; with the
    collector on, its passes over the growing content doubled the load time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def is_content_root(path: Path) -> bool:
    """A folder with a ``scenarios/`` or ``interview_bank/`` subfolder."""
    return (path / "scenarios").is_dir() or (path / "interview_bank").is_dir()


def load_content(
    root: Path, default_lexicon: Lexicon | None = None
) -> tuple[Content, list[Problem]]:
    """Load a content folder: scenarios/, interview_bank/, thesaurus.yaml, scoring.yaml.

    ``default_lexicon`` is what a ``thesaurus.yaml`` with ``include_default: true``
    extends (the bundled thesaurus).
    """
    batch = _Batch(default_lexicon)
    with _gc_paused():
        if not root.is_dir():
            batch.problems.append(
                Problem(Loc(str(root), 1, 1), "the content folder does not exist")
            )
        elif not batch.add_root(root):
            batch.problems.append(Problem(
                Loc(str(root), 1, 1), "no scenarios/ or interview_bank/ folder here", "warning"
            ))
        return batch.finish(root, None)


def load_paths(
    paths: list[Path], base: Content | None = None, default_lexicon: Lexicon | None = None
) -> tuple[Content, list[Problem]]:
    """Load files and folders given on the command line.

    A folder with scenarios/ or interview_bank/ is a content root (its own
    thesaurus and settings are used); any other folder contributes every
    ``*.yaml`` under it. A file is a scenario if it has ``nodes``, an interview
    bank if it has ``questions``. The thesaurus and settings otherwise come
    from ``base`` when given, else the defaults.
    """
    batch = _Batch(default_lexicon or (base.lexicon if base else None))
    roots = [p for p in paths if p.is_dir() and is_content_root(p)]
    with _gc_paused():
        for path in paths:
            if path in roots:
                batch.add_root(path)
            elif path.is_dir():
                for found in files.yaml_under(path, batch.problems):
                    batch.add_file(found)
            elif files.exists(path):  # a file, or a special file or bad link the reader reports
                batch.add_file(path)
            else:
                batch.problems.append(Problem(Loc(str(path), 1, 1), "no such file or folder"))
        return batch.finish(roots[0] if len(paths) == 1 and roots else None, base)
