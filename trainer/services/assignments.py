"""Assignments for managers and trainees: who may assign, what an item is, and each person's status.

The rules, over the rows of ``trainer.store.assignments``:

- **Items.** ``scenario-id``, ``category:售後`` (every scenario of that category or
  its sub-categories), an interview-question set id, or ``typing`` (the typing
  test; its score is 字/分鐘). Checked against a ``Catalog`` of the content in use.
- **Who may assign.** On a store without accounts (nobody has a password) the
  person at the keyboard may; with accounts, only a manager or an admin.
- **What counts.** Finished sessions of the item started after the assignment
  was created, in its mode if one is set; with ``max_attempts`` only the first
  that many. An attempt passes with a score of at least ``min_score``.
- **Status per person.** 已通過 (``passes`` passing attempts), else 未通過 (attempts
  used up), else 逾期 (the due day is over), else 進行中 (some attempt), else 未開始.
  A pass after the due day still passes: the report shows when it came.

Errors are ``AssignError`` with a Chinese / English message fit to show as it is.
No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from trainer.store import Store, StoreError, access, accounts, groups
from trainer.store import assignments as rows
from trainer.store.assignments import AssignmentRow as AssignmentRow  # for screens: one import
from trainer.store.assignments import Attempt, NewAssignment

if TYPE_CHECKING:
    from trainer.core.content import Content

NOT_STARTED, IN_PROGRESS, PASSED, FAILED, OVERDUE = "未開始", "進行中", "已通過", "未通過", "逾期"
STATUSES = (NOT_STARTED, IN_PROGRESS, PASSED, FAILED, OVERDUE)
MANAGING_ROLES = frozenset({"manager", "admin"})
CATEGORY_PREFIX = "category:"
TYPING = "typing"
TYPING_CPM = 60.0  # the default minimum of a typing assignment, 字/分鐘 (the typing test's own default)
KIND_WORDS = {"scenario": "情境", "category": "分類", "set": "面試題組", "typing": "打字"}


class AssignError(Exception):
    """A refused request; the text says why in Chinese and English."""


@dataclass(frozen=True)
class Catalog:
    """What can be assigned: scenario id -> (title, category), set id -> title."""

    scenarios: dict[str, tuple[str, str]] = field(default_factory=dict)
    sets: dict[str, str] = field(default_factory=dict)

    def categories(self) -> set[str]:
        """Every category and each of its parents (``售後/描述不符`` gives ``售後`` too)."""
        found: set[str] = set()
        for _title, category in self.scenarios.values():
            parts = category.split("/")
            found.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
        return found


def catalog_of(content: Content) -> Catalog:
    return Catalog({s.id: (s.title, s.category) for s in content.scenarios.values()},
                   {s.id: s.title for s in content.sets.values()})


@dataclass(frozen=True)
class Item:
    kind: str
    id: str
    title: str


@dataclass(frozen=True)
class Progress:
    """How far one person got with one assignment."""

    assignment: AssignmentRow
    person: str
    status: str
    attempts: int
    passes: int
    best: float | None
    last_at: str | None

    @property
    def open(self) -> bool:
        """Still to do (shown first on the trainee's home screen)."""
        return self.status in (NOT_STARTED, IN_PROGRESS, OVERDUE)


def today_of(store: Store) -> date:
    """Today, in local time, by the store's clock (tests move it)."""
    return store._clock().astimezone().date()


# ---------------------------------------------------------------- creating and removing


def resolve_item(catalog: Catalog, text: str) -> Item:
    """The item a command-line word names, or AssignError listing what exists."""
    word = text.strip()
    if word == TYPING:
        return Item("typing", TYPING, "打字測驗")
    if word.startswith(CATEGORY_PREFIX):
        name = word[len(CATEGORY_PREFIX):].strip()
        if name in catalog.categories():
            return Item("category", name, f"分類：{name}")
        known = "、".join(sorted(c for c in catalog.categories() if "/" not in c))
        raise AssignError(f"沒有這個分類「{name}」（有：{known}）/ no category {name!r}")
    if word in catalog.scenarios:
        return Item("scenario", word, catalog.scenarios[word][0])
    if word in catalog.sets:
        return Item("set", word, catalog.sets[word])
    raise AssignError(f"找不到「{word}」：不是情境、分類（category:名稱）、面試題組或 typing / "
                      f"unknown item {word!r}: not a scenario id, category:NAME, interview set id or typing")


def may_manage(store: Store, name: str | None) -> bool:
    """A laptop without accounts: whoever is at the keyboard; else managers and admins only."""
    if not accounts.has_accounts(store):
        return True
    return bool(name) and bool(set(accounts.roles_of(store, name or "")) & MANAGING_ROLES)


def parse_due(text: str, today: date) -> date:
    try:
        due = date.fromisoformat(text.strip())
    except ValueError:
        raise AssignError(f"截止日期「{text}」不是 YYYY-MM-DD / bad due date {text!r}: use YYYY-MM-DD") from None
    if due < today:
        raise AssignError(f"截止日期 {due} 已經過了（今天 {today}）/ due date {due} is in the past")
    return due


@dataclass(frozen=True)
class Rule:
    """The pass rule of a new assignment."""

    min_score: float
    passes: int = 1
    max_attempts: int | None = None
    mode: str | None = None


def check_rule(rule: Rule, items: Sequence[Item]) -> None:
    if len(items) > 1 and any(i.kind == "typing" for i in items):
        raise AssignError("打字要單獨指派（它的分數是 字/分鐘）/ assign typing on its own: its score is 字/分鐘")
    if not 0 <= rule.min_score <= (1000 if any(i.kind == "typing" for i in items) else 100):
        raise AssignError(f"最低分數 {rule.min_score:g} 不在範圍內 / min score {rule.min_score:g} is out of range")
    if rule.passes < 1:
        raise AssignError("通過次數至少 1 / --passes must be at least 1")
    if rule.max_attempts is not None and rule.max_attempts < rule.passes:
        raise AssignError(f"最多次數 {rule.max_attempts} 少於要通過的 {rule.passes} 次 / "
                          "--max-attempts is less than --passes")
    if rule.mode is not None and any(i.kind in ("set", "typing") for i in items):
        raise AssignError("面試題組和打字沒有教練／考試模式 / --mode applies to scenarios and categories only")


def resolve_target(store: Store, target: str) -> tuple[str | None, str | None]:
    """``@組名`` -> (None, group), a name -> (person, None); AssignError if unknown."""
    text = target.strip()
    if text.startswith("@"):
        name = text[1:].strip()
        if groups.group_id(store, name) is None:
            known = "、".join(groups.groups(store)) or "（沒有）"
            raise AssignError(f"沒有這個組「{name}」（有：{known}）/ no group {name!r}")
        return None, name
    if not text or access.kind_of(store, text) != access.TRAINEE:
        raise AssignError(f"沒有這位學員「{text}」/ no trainee called {text!r}")
    return text, None


def create(store: Store, catalog: Catalog, words: Sequence[str], target: str, due_text: str,
           rule: Rule, *, by: str | None) -> list[int]:
    """Check everything, then store one assignment per item (all or none); their ids."""
    if not may_manage(store, by):
        raise AssignError(f"「{by or '（未登入）'}」沒有主管權限，不能指派 / only a manager may assign")
    if not words:
        raise AssignError("要指派什麼？/ nothing to assign")
    items = [resolve_item(catalog, w) for w in words]
    due = parse_due(due_text, today_of(store))
    check_rule(rule, items)
    person, group = resolve_target(store, target)
    specs = [NewAssignment(i.kind, i.id, i.title, person, group, due.isoformat(), rule.min_score,
                           rule.passes, rule.max_attempts, rule.mode, by or "") for i in items]
    try:
        return rows.add_assignments(store, specs)
    except StoreError as exc:
        raise AssignError(str(exc)) from None


def remove(store: Store, assignment_id: int, *, by: str | None) -> AssignmentRow:
    if not may_manage(store, by):
        raise AssignError(f"「{by or '（未登入）'}」沒有主管權限 / only a manager may remove an assignment")
    row = rows.assignment(store, assignment_id)
    if row is None or row.removed_at is not None or not rows.remove_assignment(store, assignment_id):
        raise AssignError(f"沒有指派 {assignment_id} / no current assignment {assignment_id}")
    return row


# ---------------------------------------------------------------- statuses


def status(row: AssignmentRow, attempts: Sequence[Attempt], person: str, today: date) -> Progress:
    """One person's progress from their counting attempts (oldest first)."""
    counted = list(attempts[:row.max_attempts] if row.max_attempts is not None else attempts)
    scores = [a.score for a in counted if a.score is not None]
    passes = sum(1 for s in scores if s >= row.min_score)
    if passes >= row.passes:
        word = PASSED
    elif row.max_attempts is not None and len(counted) >= row.max_attempts:
        word = FAILED
    elif today > date.fromisoformat(row.due):
        word = OVERDUE
    else:
        word = IN_PROGRESS if counted else NOT_STARTED
    return Progress(row, person, word, len(counted), passes, max(scores, default=None),
                    counted[-1].finished_at if counted else None)


def progress(store: Store, row: AssignmentRow, today: date,
             people: Iterable[str] | None = None) -> list[Progress]:
    """Everyone ``row`` reaches (or only ``people`` of them), by name."""
    reached = rows.recipients(store, row)
    if people is not None:
        wanted = set(people)
        reached = [(uid, name) for uid, name in reached if name in wanted]
    ids = [uid for uid, _ in reached]
    by_user: dict[int, list[Attempt]] = {uid: [] for uid in ids}
    for attempt in rows.attempts(store, row, ids if len(ids) <= 50 else None):
        if attempt.user_id in by_user:
            by_user[attempt.user_id].append(attempt)
    return [status(row, by_user[uid], name, today) for uid, name in reached]


def current(store: Store) -> list[AssignmentRow]:
    """Every current assignment, soonest due first."""
    return rows.assignments(store)


def find(store: Store, assignment_id: int) -> AssignmentRow | None:
    return rows.assignment(store, assignment_id)


def everyone(store: Store, today: date, *, group: str | None = None) -> list[Progress]:
    """One row per current assignment and person it reaches (only members of ``group`` if given)."""
    people = set(groups.members(store, group)) if group is not None else None
    found: list[Progress] = []
    for row in rows.assignments(store):
        found += progress(store, row, today, people)
    return found


def for_trainee(store: Store, name: str, today: date) -> list[Progress]:
    """What ``name`` was assigned, still-open first, then by due day."""
    found = [p for row in rows.for_person(store, name) for p in progress(store, row, today, [name])]
    return sorted(found, key=lambda p: (not p.open, p.assignment.due, p.assignment.id))


def counts_for(row: AssignmentRow, kind: str, item_id: str, category: str, mode: str | None) -> bool:
    """Whether a session of this item and mode is an attempt at ``row``."""
    if row.mode is not None and mode != row.mode and row.item_kind in ("scenario", "category"):
        return False
    if row.item_kind == "scenario":
        return kind == "practice" and item_id == row.item_id
    if row.item_kind == "category":
        return kind == "practice" and (category == row.item_id or category.startswith(row.item_id + "/"))
    if row.item_kind == "set":
        return kind == "interview" and item_id == row.item_id
    return kind == "typing"


def for_session(store: Store, name: str, kind: str, item_id: str, category: str, mode: str | None,
                today: date) -> list[Progress]:
    """``name``'s assignments that a session of this item counts for (the debrief's line)."""
    return [p for p in for_trainee(store, name, today)
            if counts_for(p.assignment, kind, item_id, category, mode)]


def describe(p: Progress) -> str:
    """``指派「顏色不符」：通過 1/2 次，截止 12/08（進行中）``."""
    due = date.fromisoformat(p.assignment.due)
    used = f"，已用 {p.attempts}/{p.assignment.max_attempts} 次" if p.assignment.max_attempts else ""
    return (f"指派「{p.assignment.title}」：通過 {min(p.passes, p.assignment.passes)}/{p.assignment.passes} 次"
            f"{used}，截止 {due.strftime('%m/%d')}（{p.status}）")
