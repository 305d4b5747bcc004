"""Progress figures for one trainee and for the whole team, from the store and the spaced-practice rule.

The one place where the store's read-only queries (``trainer.store.progress``)
meet the pure schedule (``trainer.core.spaced``). The 進度 screen, the team
view, ``report user`` / ``report team`` and Home's "due today" all read these
figures, so a trainee and a manager always see the same numbers. No Textual,
no content needed: titles and categories were copied into every session; the
UI may pass the content's question categories to refine the interview groups.

Mastery of a category is the mean of the **latest** score of each item tried in
it (so improvement shows at once); scenario categories are grouped by their
first part (``售後/運費爭議`` → ``售後``), interview questions keep their full
category (``面試/經典八問``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from statistics import fmean

from trainer.core.spaced import Rules, Schedule, end_of_day, schedule_seconds
from trainer.store import SessionRow, Store
from trainer.store import progress as q
from trainer.store.connect import MEMORY
from trainer.store.progress import Day, Missed, Streak, Totals

ItemKey = tuple[str, str]  # (kind, item id): kind is "practice" or "question"
TEAM_WINDOW_DAYS = 90  # the team's weakest points look at this many recent days


@dataclass(frozen=True)
class ItemFigures:
    """One scenario or interview question as one person has practised it."""

    kind: str
    item_id: str
    title: str
    category: str
    attempts: int
    average: float
    schedule: Schedule

    @property
    def key(self) -> ItemKey:
        return (self.kind, self.item_id)


@dataclass(frozen=True)
class CategoryFigures:
    """Mastery of one category group."""

    name: str
    kind: str
    items: int  # items tried
    mastery: float  # mean of each item's latest score
    best: float
    attempts: int
    passed: int  # items whose latest attempt passed
    due: int
    leeches: int


@dataclass(frozen=True)
class UserFigures:
    """Everything the 進度 screen and ``report user`` show about one person."""

    user: str
    now: datetime
    tz: tzinfo
    pass_mark: float
    totals: Totals
    days: list[Day]
    streak: Streak
    items: dict[ItemKey, ItemFigures]
    categories: list[CategoryFigures]
    missed: list[Missed]
    due: list[ItemFigures]  # due by the end of today, most overdue first
    leeches: list[ItemFigures]
    recent: list[SessionRow] = field(default_factory=list)  # newest first

    @property
    def upcoming(self) -> list[ItemFigures]:
        """Every scheduled item, soonest due first."""
        return sorted(self.items.values(), key=lambda i: (i.schedule.due, i.item_id))


@dataclass(frozen=True)
class MemberFigures:
    """One row of the team view."""

    user: str
    last_at: str | None
    sessions: int
    replies: int
    average: float | None
    categories: dict[str, float]  # group -> mastery
    weakest: list[Missed]
    due: int
    leeches: list[str]  # titles of the flagged items


@dataclass(frozen=True)
class TeamFigures:
    """The team view and ``report team``."""

    now: datetime
    tz: tzinfo
    window_days: int
    groups: list[str]  # every category group, in display order
    members: list[MemberFigures]
    weeks: list[Day] = field(default_factory=list)  # the team per week (sessions, mean score)


def local_tz() -> tzinfo:
    tz = datetime.now().astimezone().tzinfo
    assert tz is not None
    return tz


def offset_minutes(now: datetime, tz: tzinfo) -> int:
    offset = now.astimezone(tz).utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


def group_of(kind: str, category: str) -> str:
    """The mastery row an item counts in (see the module docstring)."""
    if kind == q.QUESTION:
        return category or "面試"
    return category.split("/", 1)[0] or "未分類"


def stamp(moment: datetime) -> str:
    """An aware time as stored text (ISO 8601 UTC, milliseconds), for ``>=`` comparisons."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def item_figures(rows: Iterable[q.AttemptRow], rules: Rules,
                 categories: Mapping[ItemKey, str] | None = None) -> dict[ItemKey, ItemFigures]:
    """Attempts grouped per item, each with its schedule."""
    histories: dict[ItemKey, list[tuple[float, float]]] = {}
    last_row: dict[ItemKey, q.AttemptRow] = {}
    for row in rows:
        key = (row.kind, row.item_id)
        histories.setdefault(key, []).append((row.at, row.score))
        last_row[key] = row
    labels = {key: (row.title, (categories or {}).get(key, row.category)) for key, row in last_row.items()}
    return planned(histories, labels, rules)


def planned(histories: Mapping[ItemKey, Sequence[tuple[float, float]]],
            labels: Mapping[ItemKey, tuple[str, str]], rules: Rules) -> dict[ItemKey, ItemFigures]:
    """Each item's figures and schedule from its ``(seconds, score)`` history and (title, category)."""
    out = {}
    for key, history in histories.items():
        plan = schedule_seconds(history, rules)
        assert plan is not None  # every history has an attempt
        title, category = labels.get(key, (key[1], ""))
        out[key] = ItemFigures(key[0], key[1], title, category, plan.attempts, plan.mean_score, plan)
    return out


def category_figures(items: Mapping[ItemKey, ItemFigures], now: datetime, tz: tzinfo,
                     pass_mark: float) -> list[CategoryFigures]:
    """Mastery per category group: scenario groups first, then interview groups, by name."""
    midnight = end_of_day(now, tz)
    groups: dict[tuple[str, str], list[ItemFigures]] = {}
    for item in items.values():
        groups.setdefault((item.kind, group_of(item.kind, item.category)), []).append(item)
    out = []
    for (kind, name), members in sorted(groups.items(), key=lambda g: (g[0][0] != "practice", g[0][1])):
        latest = [i.schedule.last_score for i in members]
        out.append(CategoryFigures(
            name=name, kind=kind, items=len(members), mastery=fmean(latest),
            best=max(i.schedule.best_score for i in members),
            attempts=sum(i.attempts for i in members),
            passed=sum(1 for s in latest if s >= pass_mark),
            due=sum(1 for i in members if i.schedule.due < midnight),
            leeches=sum(1 for i in members if i.schedule.leech),
        ))
    return out


def user_figures(store: Store, user: str, *, now: datetime | None = None, tz: tzinfo | None = None,
                 pass_mark: float = 60.0, categories: Mapping[ItemKey, str] | None = None,
                 recent: int = 200) -> UserFigures:
    """The 進度 figures of ``user`` (empty figures for someone with no history)."""
    tz = tz or local_tz()
    now = (now or datetime.now(tz)).astimezone(tz)
    rules = Rules(pass_mark=pass_mark)
    items = item_figures(q.attempts(store, user), rules, categories)
    days = q.days(store, user, offset_minutes=offset_minutes(now, tz))
    ordered = sorted(items.values(), key=lambda i: (i.schedule.due, i.item_id))
    return UserFigures(
        user=user, now=now, tz=tz, pass_mark=pass_mark, totals=q.totals(store, user), days=days,
        streak=q.streak([d.day for d in days], now.date()), items=items,
        categories=category_figures(items, now, tz, pass_mark),
        missed=q.most_missed(store, user),
        due=[i for i in ordered if i.schedule.due_by_end_of_day(now, tz)],
        leeches=sorted((i for i in items.values() if i.schedule.leech),
                       key=lambda i: (-i.schedule.fails, i.item_id)),
        recent=store.sessions(user, limit=recent) if recent else [],
    )


def due_today(store: Store, user: str, *, now: datetime | None = None, tz: tzinfo | None = None,
              pass_mark: float = 60.0) -> list[ItemFigures]:
    """Just the items due by the end of today, most overdue first (Home and the picker)."""
    tz = tz or local_tz()
    now = (now or datetime.now(tz)).astimezone(tz)
    items = item_figures(q.attempts(store, user), Rules(pass_mark=pass_mark))
    due = [i for i in items.values() if i.schedule.due_by_end_of_day(now, tz)]
    return sorted(due, key=lambda i: (i.schedule.due, i.item_id))


def team_figures(store: Store, *, now: datetime | None = None, tz: tzinfo | None = None,
                 pass_mark: float = 60.0, window_days: int = TEAM_WINDOW_DAYS) -> TeamFigures:
    """One row per trainee in the database (those with no practice too; candidates never), by name."""
    tz = tz or local_tz()
    now = (now or datetime.now(tz)).astimezone(tz)
    since = stamp(now - timedelta(days=window_days))
    from concurrent.futures import ThreadPoolExecutor  # only the team needs it: Home starts faster

    with ThreadPoolExecutor(max_workers=1) as pool:
        # On a file, the people and their weakest points are read on a second
        # connection while this thread plans everyone's items (SQLite runs without the GIL).
        offset = offset_minutes(now, tz)
        side = pool.submit(_people, store.spec, since, offset) if store.spec != MEMORY else None
        per_user = _plans(store, Rules(pass_mark=pass_mark))
        people, weakest, weekly = side.result() if side is not None else _people_on(store, since, offset)
    members = [_member(m, per_user.get(m.user, {}), weakest.get(m.user, []), now, tz, pass_mark)
               for m in people]
    groups = {name for m in members for name in m.categories}
    order = sorted(groups, key=lambda g: (g.startswith("面試"), g))
    return TeamFigures(now=now, tz=tz, window_days=window_days, groups=order, members=members, weeks=weekly)


def _plans(store: Store, rules: Rules) -> dict[str, dict[ItemKey, ItemFigures]]:
    """Everyone's items with their schedules, by user name."""
    histories: dict[int, dict[ItemKey, list[tuple[float, float]]]] = {}
    for kind, rows in q.team_attempts(store).items():
        for user_id, item_id, at, score in rows:
            histories.setdefault(user_id, {}).setdefault((kind, item_id), []).append((at, score))
    labels = q.item_labels(store, {key for items in histories.values() for key in items})
    names = q.user_names(store)
    return {names[uid]: planned(items, labels, rules) for uid, items in histories.items()}


People = tuple[list[q.Member], dict[str, list[Missed]], list[Day]]


def _people(path: str, since: str, offset: int) -> People:
    with Store.open(path) as side:
        return _people_on(side, since, offset)


def _people_on(store: Store, since: str, offset: int) -> People:
    """Everyone, their weakest points since ``since``, and the team's weeks."""
    return q.members(store), q.missed_by_user(store, since=since), q.weeks(store, offset_minutes=offset)


def _member(member: q.Member, items: Mapping[ItemKey, ItemFigures], weakest: list[Missed],
            now: datetime, tz: tzinfo, pass_mark: float) -> MemberFigures:
    flagged = sorted((i for i in items.values() if i.schedule.leech), key=lambda i: (-i.schedule.fails, i.item_id))
    return MemberFigures(
        user=member.user, last_at=member.last_at, sessions=member.sessions, replies=member.replies,
        average=member.average,
        categories={c.name: c.mastery for c in category_figures(items, now, tz, pass_mark)},
        weakest=weakest, due=sum(1 for i in items.values() if i.schedule.due < end_of_day(now, tz)),
        leeches=[i.title for i in flagged],
    )
