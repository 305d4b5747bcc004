"""Content files and folders -> models (format v1), with a Problem for every mistake.

``load_content(root)`` loads a content folder; ``load_paths(paths, base)`` loads
the files and folders given to ``trainer validate`` / ``check`` / ``score``. Both
check structure, types, unknown and missing fields (``trainer.core.build``, file
by file), then run the cross-checks of ``trainer.core.validate``; the scorer
normalises each rubric once, when it is first scored. They never raise for bad
content: everything wrong comes back as a ``Problem`` row. See ``docs/format.md``
for the format itself.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.core import files
from trainer.core.build import bank_from, scenario_from
from trainer.core.facts import with_case, with_category
from trainer.core.models import Scenario
from trainer.core.problems import Loc, Problem
from trainer.core.reader import Reader
from trainer.core.yamlpos import load_mapping
from trainer.paths import RULES_FILE

if TYPE_CHECKING:  # the scorer's side and the interview models are imported when a content or bank is built
    from trainer.core.content import Content
    from trainer.core.house_rules import HouseRules
    from trainer.core.interview_models import InterviewBank
    from trainer.core.lexicon import Lexicon
    from trainer.core.settings import ScoringSettings

TYPING_FILE = "typing_passages.yaml"  # the typing test's passages (trainer.core.typing_test)


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


def read_scenario(path: Path, data: bytes | None = None) -> tuple[Scenario | None, list[Problem]]:
    """One scenario file read as the loader reads it (structure and types checked, the case
    facts on its rubrics), without the cross-checks, the thesaurus or the scorer: what
    ``trainer play`` needs to draw the chat while the rest is checked behind it. ``data``:
    the file's bytes, already read (``trainer.core.readcache.read``)."""
    problems: list[Problem] = []
    m, found = load_mapping(path, data=data)
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
