"""Content: everything loaded from one content folder, ready to score.

``Content`` holds the scenarios, interview banks, questions and sets, plus the
folder's thesaurus (``Lexicon``), scoring settings and the ``Scorer`` built from
them (and the house rules of ``rules.yaml``). This module also reads the two small settings files of a content folder,
``thesaurus.yaml`` and ``scoring.yaml``; ``trainer.core.loader`` does the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.core.house_rules import NO_RULES, HouseRules
from trainer.core.interview_models import InterviewBank, InterviewSet, Question
from trainer.core.lexicon import EMPTY, WORD_MAX, Lexicon
from trainer.core.models import Rubric, Scenario
from trainer.core.problems import Problem
from trainer.core.reader import Reader
from trainer.core.relations import RELATION_KEYS, read_relations
from trainer.core.scorer import Scorer
from trainer.core.settings import ScoringSettings, SettingProblem, SettingsError
from trainer.core.yamlpos import YList, YMap, load_mapping, type_name

FOLLOW_UP_TAG = "#follow-up-"


@dataclass
class Content:
    """Everything loaded from a content folder (or a set of paths)."""

    root: Path | None = None
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    banks: list[InterviewBank] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    sets: dict[str, InterviewSet] = field(default_factory=dict)
    lexicon: Lexicon = EMPTY
    settings: ScoringSettings = field(default_factory=ScoringSettings)
    house: HouseRules = NO_RULES  # rules.yaml: house rules and the claims against case facts
    scorer: Scorer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.scorer = Scorer(self.lexicon, self.settings, self.house)

    def rubrics(self) -> Iterator[tuple[str, Rubric]]:
        """Every rubric, labelled ``scenario/node``, ``question`` or ``question#follow-up-N``."""
        for sid, scenario in self.scenarios.items():
            for nid, node in scenario.nodes.items():
                if node.rubric is not None:
                    yield f"{sid}/{nid}", node.rubric
        for qid, question in self.questions.items():
            yield qid, question.rubric
            for i, follow_up in enumerate(question.follow_ups, 1):
                yield f"{qid}{FOLLOW_UP_TAG}{i}", follow_up.rubric

    def find_node_rubric(self, scenario_id: str, node_id: str) -> Rubric | None:
        """The rubric of a node, or None (unknown scenario or node, or an ending)."""
        scenario = self.scenarios.get(scenario_id)
        node = scenario.nodes.get(node_id) if scenario else None
        return node.rubric if node else None

    def find_question_rubric(self, question_id: str) -> Rubric | None:
        """The rubric of a question, or of a follow-up as ``question-id#follow-up-N``."""
        qid, _, number = question_id.partition(FOLLOW_UP_TAG)
        question = self.questions.get(qid)
        if question is None:
            return None
        if not number:
            return question.rubric
        if number.isdigit() and 1 <= int(number) <= len(question.follow_ups):
            return question.follow_ups[int(number) - 1].rubric
        return None


def read_thesaurus(
    path: Path, problems: list[Problem], default: Lexicon | None = None
) -> Lexicon | None:
    """The Lexicon of a ``thesaurus.yaml`` (None if unusable); problems are appended.

    Unless it says ``include_default: false``, the file extends ``default`` (the
    bundled thesaurus, when the caller has one): its own groups win where a word
    is in both. A file of only comments is an empty thesaurus.
    """
    m, found = load_mapping(path, allow_empty=True)
    problems.extend(found)
    if m is None:
        return None
    r = Reader(str(path), problems)
    r.fields(m, "the thesaurus", ("groups", "include_default", *RELATION_KEYS))
    groups = _groups(r, m)
    lexicon = Lexicon.from_groups(groups, **read_relations(r, m))
    if r.flag(m, "include_default", True) and default is not None:
        lexicon = lexicon.merged(default)
    return lexicon


def _groups(r: Reader, m: YMap) -> list[list[str]]:
    """The word groups; a word in two groups is a warning (its first group wins)."""
    groups: list[list[str]] = []
    first_line: dict[str, int] = {}
    for item, mark in r.items(m, "groups"):
        if not isinstance(item, YList):
            r.error(mark, f"each group must be a list of words, got {type_name(item)}")
            continue
        words = []
        for word, wmark in zip(item, item.at, strict=True):
            usable = isinstance(word, (str, int, float)) and not isinstance(word, bool)
            if not usable or not str(word).strip():
                r.error(wmark, f"a thesaurus word must be non-empty text, got {type_name(word)}")
                continue
            word = str(word).strip()
            if len(word) > WORD_MAX:
                r.error(wmark, f"a thesaurus word may be at most {WORD_MAX} characters; this one has {len(word)}")
                continue
            if word in first_line:
                r.error(
                    wmark,
                    f"`{word}` is already in the group at line {first_line[word]}; "
                    "the first group wins",
                    "warning",
                )
            else:
                first_line[word] = mark.line + 1
            words.append(word)
        if len(words) < 2:
            r.error(mark, "a thesaurus group needs at least two words")
        groups.append(words)
    return groups


def default_lexicon(path: Path | None) -> Lexicon | None:
    """The lexicon of the thesaurus other folders extend (``None``: there is none).

    Its problems are not reported here: it is the bundled file, which the test
    suite checks.
    """
    return read_thesaurus(path, []) if path is not None else None


def read_scoring(path: Path, problems: list[Problem]) -> ScoringSettings | None:
    """The ScoringSettings of a ``scoring.yaml`` (None if unusable); problems are appended.

    A file of only comments means every default. Every bad value is reported at
    its place (a bad word of a list at that word).
    """
    m, found = load_mapping(path, allow_empty=True)
    problems.extend(found)
    if m is None:
        return None
    r = Reader(str(path), problems)
    allowed: tuple[str, ...] = tuple(ScoringSettings.FIELDS)
    r.fields(m, "scoring.yaml", allowed)
    known = {key: value for key, value in m.items() if key in allowed}
    try:
        return ScoringSettings.from_mapping(known)
    except SettingsError as error:
        for bad in error.problems:
            r.error(_setting_mark(m, bad), bad.message)
        return None


def _setting_mark(m: YMap, bad: SettingProblem) -> Any:
    """Where a bad setting is: its value, the list item, or the file's start."""
    if bad.key is None or bad.key not in m.at:
        return m.mark
    value, mark = m[bad.key], m.at[bad.key][1]
    if bad.index is not None and isinstance(value, YList) and bad.index < len(value.at):
        return value.at[bad.index]
    return mark
