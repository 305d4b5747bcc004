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
from trainer.store import SessionRow, Store, summary_plans, summary_read
from trainer.store import progress as q
from trainer.store.progress import Day, Missed, Streak, Totals

ItemKey = tuple[str, str]  # (kind, item id): kind is "practice" or "question"


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
    window_days: int | None  # the weakest points' window in days (None: all time)
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
        user=user, now=now, tz=tz, pass_mark=pass_mark, totals=summary_read.totals(store, user), days=days,
        streak=q.streak([d.day for d in days], now.date()), items=items,
        categories=category_figures(items, now, tz, pass_mark),
        missed=summary_read.most_missed(store, user),
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
                 pass_mark: float = 60.0, window_days: int | None = None) -> TeamFigures:
    """One row per trainee in the database (those with no practice too; candidates never), by name.

    Read from the summary counts and the schedules cached beside them (computed
    here first for the items that have none). The weakest points count all time;
    ``window_days`` limits them to that many recent days (read from the history).
    """
    tz = tz or local_tz()
    now = (now or datetime.now(tz)).astimezone(tz)
    offset = offset_minutes(now, tz)
    items = team_plans(store, Rules(pass_mark=pass_mark))
    labels = q.item_labels(store, {(i.kind, i.item_id) for i in items})
    if window_days is None:
        weakest = summary_read.missed_by_user(store)
    else:
        weakest = q.missed_by_user(store, since=stamp(now - timedelta(days=window_days)))
    weekly = summary_read.weeks(store, offset_minutes=offset)
    if weekly is None:  # an offset the quarter-hour counts cannot place: from the history
        weekly = q.weeks(store, offset_minutes=offset)
    ids = {name: uid for uid, name in q.user_names(store).items()}
    per_user: dict[int, list[summary_plans.TeamItem]] = {}
    for item in items:
        per_user.setdefault(item.user_id, []).append(item)
    midnight = end_of_day(now, tz).timestamp()
    members = [_member(m, per_user.get(ids[m.user], []), labels, weakest.get(m.user, []), midnight)
               for m in summary_read.members(store)]
    groups = {name for m in members for name in m.categories}
    order = sorted(groups, key=lambda g: (g.startswith("面試"), g))
    return TeamFigures(now=now, tz=tz, window_days=window_days, groups=order, members=members, weeks=weekly)


def rules_key(rules: Rules) -> str:
    """A short fingerprint of the rules a cached schedule was computed with."""
    import hashlib

    return hashlib.sha1(repr(rules).encode("utf-8")).hexdigest()[:16]


def team_plans(store: Store, rules: Rules, tries: int = 3) -> list[summary_plans.TeamItem]:
    """Every trainee's items with their schedules: cached ones as they are; the missing ones (after
    an upgrade, all of them) computed from their attempts and cached."""
    key = rules_key(rules)
    for _ in range(tries):  # again if a session finished between reading and saving
        items = summary_plans.team_items(store, key)
        stale = [item for item in items if not item.fresh]
        if not stale:
            break
        histories = summary_plans.item_histories(store, stale)
        computed = []
        for item in stale:
            plan = schedule_seconds(histories[(item.user_id, item.kind, item.item_id)], rules)
            if plan is not None:
                computed.append((item, plan.due.timestamp(), plan.fails, plan.leech))
        summary_plans.save_plans(store, key, computed)
        fresh = {(i.user_id, i.kind, i.item_id): i._replace(fresh=1, due=due, fails=fails, leech=int(leech))
                 for i, due, fails, leech in computed}
        items = [fresh.get((i.user_id, i.kind, i.item_id), i) for i in items]
    return [item for item in items if item.fresh]


def _member(member: q.Member, items: Sequence[summary_plans.TeamItem], labels: Mapping[ItemKey, tuple[str, str]],
            weakest: list[Missed], midnight: float) -> MemberFigures:
    """One row of the team view: the figures ``category_figures`` and the schedule would give."""
    groups: dict[tuple[str, str], list[float]] = {}
    for item in items:
        category = labels.get((item.kind, item.item_id), (item.item_id, ""))[1]
        groups.setdefault((item.kind, group_of(item.kind, category)), []).append(item.last_score)
    ordered = sorted(groups.items(), key=lambda g: (g[0][0] != "practice", g[0][1]))
    flagged = sorted((i for i in items if i.leech), key=lambda i: (-(i.fails or 0), i.item_id))
    return MemberFigures(
        user=member.user, last_at=member.last_at, sessions=member.sessions, replies=member.replies,
        average=member.average, categories={name: fmean(scores) for (_kind, name), scores in ordered},
        weakest=weakest, due=sum(1 for i in items if (i.due or 0) < midnight),
        leeches=[labels.get((i.kind, i.item_id), (i.item_id, ""))[0] for i in flagged],
    )
