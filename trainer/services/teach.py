"""Teach the rubric: from a reviewed reply, add a phrase to a key point or a pair to the thesaurus.

A manager reading a reply the scorer under-marked picks the words that do
express a missed key point. Either they become one more phrase of that point
(the scenario's or interview bank's ``any:`` list), or they join the thesaurus
group of one of the point's phrases (``thesaurus.yaml`` of the content folder).

Three steps, so the screen can show the change before anything is written:

1. ``phrase_edit`` / ``synonym_edit`` build an ``Edit``: the file's text before
   and after (``trainer.core.yamledit`` splices the item in, keeping comments and
   layout), and a unified diff.
2. ``trial`` loads the changed content from a temporary copy, runs ``validate``
   and ``check`` on it, and re-scores the reviewed reply with the new rubric.
   Errors or examples that newly fail refuse the edit.
3. ``save`` writes the file atomically (``trainer.core.atomic``), refusing if it
   changed on disk since the edit was built. Past replies keep their stored
   scores: nothing is re-scored silently.

No Textual here; the review screen calls these in a worker.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from trainer import paths
from trainer.core import yamledit
from trainer.core.atomic import write_atomic
from trainer.core.check import run_checks
from trainer.core.content import FOLLOW_UP_TAG, Content, default_lexicon
from trainer.core.loader import load_content, load_paths
from trainer.core.models import Point, Rubric
from trainer.core.normalise import fold
from trainer.core.problems import Problem
from trainer.core.result import Result

EditError = yamledit.EditError
PHRASE, SYNONYM = "phrase", "synonym"
NEW_THESAURUS = "include_default: true\ngroups:\n"


@dataclass(frozen=True)
class Target:
    """Where a reply was scored: a scenario's node, or an interview question (``q`` or ``q#follow-up-N``)."""

    kind: str  # "scenario" | "question"
    item_id: str
    node_id: str

    @classmethod
    def of(cls, session_kind: str, item_id: str, node_id: str) -> Target:
        if session_kind == "interview":
            return cls("question", node_id.split(FOLLOW_UP_TAG)[0], node_id)
        return cls("scenario", item_id, node_id)


@dataclass(frozen=True)
class Edit:
    """One change to one content file, not yet written."""

    kind: str  # PHRASE | SYNONYM
    path: Path
    before: str  # the file's text ("" for a new thesaurus)
    after: str
    summary: str  # what it does, in Chinese

    @property
    def diff(self) -> str:
        name = str(self.path)
        return "".join(difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
                                            name, name, n=1))


@dataclass(frozen=True)
class Trial:
    """An edit tried on a copy: what validate and check said, and the reply re-scored."""

    edit: Edit
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    failures: tuple[str, ...]  # examples that fail with the edit and did not before
    result: Result | None  # the reviewed reply under the new rubric (None when it did not load)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.failures and self.result is not None


def rubric_of(content: Content, target: Target) -> Rubric | None:
    if target.kind == "scenario":
        return content.find_node_rubric(target.item_id, target.node_id)
    return dict(content.rubrics()).get(target.node_id)


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EditError(f"無法讀取 {path}：{exc}") from exc


# --- building an edit ------------------------------------------------------------------


def phrase_edit(content: Content, target: Target, label: str, phrase: str) -> Edit:
    """Add ``phrase`` to the ``any:`` list of key point ``label`` where ``target`` was scored."""
    phrase = phrase.strip()
    rubric = rubric_of(content, target)
    point = next((p for p in rubric.points if p.label == label), None) if rubric else None
    if point is None:
        raise EditError(f"找不到要點「{label}」")
    if fold(phrase) in {fold(p) for p in point.phrases}:
        raise EditError(f"「{phrase}」已經是要點「{label}」的短語")
    path, steps = _point_path(content, target, rubric, point)
    before = _read(path)
    after = yamledit.append(before, [*steps, "any"], phrase)
    return Edit(PHRASE, path, before, after, f"要點「{label}」加上短語「{phrase}」")


def _point_path(content: Content, target: Target, rubric: Rubric | None,
                point: Point) -> tuple[Path, list[yamledit.Key]]:
    index = rubric.points.index(point) if rubric else 0
    if target.kind == "scenario":
        scenario = content.scenarios[target.item_id]
        return Path(scenario.path), ["nodes", target.node_id, "points", index]
    question = content.questions[target.item_id]
    path = Path(question.loc.file)
    data = yamledit.load(_read(path))
    found = [i for i, q in enumerate(data.get("questions") or []) if q.get("id") == question.id]
    if not found:
        raise EditError(f"在 {path} 找不到題目 {question.id}")
    steps: list[yamledit.Key] = ["questions", found[0]]
    _, _, follow = target.node_id.partition(FOLLOW_UP_TAG)
    if follow:
        steps += ["follow_ups", int(follow) - 1]
    return path, [*steps, "points", index]


def thesaurus_path(content: Content) -> Path:
    if content.root is None:
        raise EditError("沒有內容資料夾，無法修改同義詞表")
    return content.root / paths.THESAURUS_FILE


def synonym_edit(content: Content, word: str, synonym: str) -> Edit:
    """Make ``synonym`` interchangeable with ``word``: join ``word``'s group, or start a new one."""
    word, synonym = word.strip(), synonym.strip()
    if not word or not synonym or fold(word) == fold(synonym):
        raise EditError("同義詞要兩個不同的詞")
    path = thesaurus_path(content)
    before = _read(path) if path.exists() else ""
    groups = _groups(before)
    for members in groups:
        if fold(synonym) in {fold(m) for m in members}:
            raise EditError(f"「{synonym}」已經在同義詞組 [{', '.join(members)}] 裡")
    at = next((i for i, members in enumerate(groups) if fold(word) in {fold(m) for m in members}), None)
    summary = f"同義詞表：「{synonym}」和「{word}」算同一個詞"
    if at is not None:
        return Edit(SYNONYM, path, before, yamledit.append(before, ["groups", at], synonym), summary)
    if groups:
        return Edit(SYNONYM, path, before, yamledit.append_group(before, ["groups"], [word, synonym]), summary)
    return Edit(SYNONYM, path, before, _first_group(path, before, word, synonym), summary)


def _first_group(path: Path, before: str, word: str, synonym: str) -> str:
    """A thesaurus with no group yet: a new file, or ``groups:`` added at the end."""
    data = yamledit.load(before) if before.strip() else None
    if isinstance(data, dict) and "groups" in data:
        raise EditError(f"{path} 的 groups 是空的或格式不同，請用編輯器加上第一組")
    head = before if not before or before.endswith("\n") else before + "\n"
    head += NEW_THESAURUS if not before else "groups:\n"
    return head + f"  - [{yamledit.scalar(word)}, {yamledit.scalar(synonym)}]\n"


def _groups(text: str) -> list[list[str]]:
    if not text.strip():
        return []
    data = yamledit.load(text)
    groups = data.get("groups") if isinstance(data, dict) else None
    return [[str(m) for m in g] for g in groups or [] if isinstance(g, list)]


# --- trying and saving -----------------------------------------------------------------


def trial(content: Content, edit: Edit, target: Target, reply: str) -> Trial:
    """Load ``content`` with ``edit`` applied (a temporary copy), validate, check, re-score ``reply``."""
    with _copy_with(content, edit) as (changed, problems, where):
        new = _real(problems, where, edit.path)
        errors = tuple(p for p in new if p.severity == "error")
        warnings = tuple(p for p in new if p.severity != "error")
        if errors:
            return Trial(edit, errors, warnings, (), None)
        failing = _failures_before(content, edit)
        failures = tuple(text.replace(where, str(edit.path)) for key, text in _failures(changed).items()
                         if key not in failing)
        rubric = rubric_of(changed, target)
        result = changed.scorer.score(rubric, reply) if rubric is not None else None
    return Trial(edit, errors, warnings, failures, result)


def _failures_before(content: Content, edit: Edit) -> dict[tuple[str, str], str]:
    """What already failed without the edit: the content in use (a thesaurus edit touches every
    rubric), or only the edited file's rubrics, loaded the same way as the changed copy."""
    if edit.kind == SYNONYM:
        return _failures(content)
    with _copy_with(content, replace(edit, after=edit.before)) as (old, _problems, _where):
        return _failures(old)


def _failures(content: Content) -> dict[tuple[str, str], str]:
    report = run_checks(content)
    out = {(f.where, f.example.reply): f.format() for f in report.failures}
    out.update({(p.message, str(p.loc.line)): str(p) for p in report.rule_failures})
    return out


def _real(problems: list[Problem], where: str, real: Path) -> list[Problem]:
    """Problems of the temporary copy, named by the real file."""
    return [replace(p, loc=replace(p.loc, file=p.loc.file.replace(where, str(real)))) for p in problems]


@contextmanager
def _copy_with(content: Content, edit: Edit) -> Iterator[tuple[Content, list[Problem], str]]:
    """The content loaded with ``edit.after`` in place of its file, from a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="trainer-teach-") as folder:
        temp = Path(folder)
        if edit.kind == SYNONYM and content.root is not None:
            for entry in content.root.iterdir():
                if entry.name != paths.THESAURUS_FILE:
                    os.symlink(entry, temp / entry.name)
            (temp / paths.THESAURUS_FILE).write_text(edit.after, encoding="utf-8", newline="")
            changed, problems = load_content(temp, default_lexicon(paths.default_thesaurus(content.root)))
            yield changed, problems, str(temp / paths.THESAURUS_FILE)
        else:
            copy = temp / edit.path.name
            copy.write_text(edit.after, encoding="utf-8", newline="")
            changed, problems = load_paths([copy], base=content)
            yield changed, problems, str(copy)


def save(edit: Edit) -> None:
    """Write the edit, all or nothing; refused if the file changed on disk since it was read."""
    current = _read(edit.path) if edit.path.exists() else ""
    if current != edit.before:
        raise EditError(f"{edit.path} 在這段時間被改過了；請重新開啟再教一次")
    try:
        write_atomic(edit.path, edit.after, newline="")
    except OSError as exc:
        raise EditError(f"無法寫入 {edit.path}：{exc}") from exc


def reload(content: Content) -> tuple[Content, list[Problem]]:
    """The content folder loaded again after a save (what the app scores with from now on)."""
    if content.root is None:
        raise EditError("沒有內容資料夾可以重新載入")
    root = content.root
    return load_content(root, default_lexicon(paths.default_thesaurus(root)))
