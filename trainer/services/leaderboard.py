"""A group's weekly leaderboard (optional, off by default): best score this week, sessions, streak.

The week starts on Monday 00:00 local time. Each of the group's trainees is
ranked by their best practice score this week, then by sessions this week (a
trainee with none this week comes last, unranked). The streak is the number of
consecutive days, up to today (or yesterday: today is not over), with a
finished practice session. Switching a board on or off is a manager's act (as
assigning is: ``assignments.may_manage``). No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from trainer.services.assignments import AssignError, may_manage
from trainer.store import Store, StoreError, groups
from trainer.store import leaderboard as rows

STREAK_DAYS = 120  # how far back a streak is looked for


@dataclass(frozen=True)
class Place:
    rank: int | None  # None: nothing this week
    person: str
    best: float | None
    sessions: int
    streak: int


def switch(store: Store, group: str, on: bool, *, by: str | None) -> None:
    if not may_manage(store, by):
        raise AssignError(f"「{by or '（未登入）'}」沒有主管權限 / only a manager may switch a leaderboard")
    if groups.group_id(store, group) is None:
        raise AssignError(f"沒有這個組「{group.strip()}」/ no group {group.strip()!r}")
    try:
        rows.set_leaderboard(store, group, on)
    except StoreError as exc:
        raise AssignError(str(exc)) from None


def boards_of(store: Store, person: str) -> list[str]:
    """The groups of ``person`` whose leaderboard is switched on."""
    return rows.boards_of(store, person)


def week_start(now: datetime) -> datetime:
    local = now.astimezone()
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, time(0), tzinfo=local.tzinfo)


def streak(days: set[date], today: date) -> int:
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count, day = count + 1, day - timedelta(days=1)
    return count


def board(store: Store, group: str) -> list[Place]:
    """The group's places this week (computed whether or not the board is on)."""
    now = store._clock()
    start = week_start(now)
    # Stored times are UTC text: the bound must be UTC text too to compare as text.
    since = min(start, now - timedelta(days=STREAK_DAYS)).astimezone(UTC).isoformat(timespec="milliseconds")
    best: dict[str, float] = {}
    count: dict[str, int] = {}
    days: dict[str, set[date]] = {}
    for name, score, finished in rows.practice(store, group, since):
        at = datetime.fromisoformat(finished).astimezone()
        days.setdefault(name, set()).add(at.date())
        if at >= start:
            count[name] = count.get(name, 0) + 1
            if score is not None:
                best[name] = max(score, best.get(name, score))
    today = now.astimezone().date()
    people = sorted(rows.trainees(store, group),
                    key=lambda n: (n not in count, -best.get(n, -1), -count.get(n, 0), n))
    return [Place(rank + 1 if name in count else None, name, best.get(name), count.get(name, 0),
                  streak(days.get(name, set()), today)) for rank, name in enumerate(people)]


def line(places: list[Place], group: str, person: str, top: int = 3) -> str:
    """``本週排行（新人組）：1. 小美 92 · 2. 小明 85 · 3. 阿強 70｜你第 2 名，連續 3 天``."""
    shown = " · ".join(f"{p.rank}. {p.person} {p.best or 0:.0f}" for p in places[:top] if p.rank)
    mine = next((p for p in places if p.person == person), None)
    tail = ""
    if mine is not None:
        tail = (f"｜你第 {mine.rank} 名" if mine.rank else "｜你本週還沒練習") + f"，連續 {mine.streak} 天"
    return f"本週排行（{group}）：{shown or '還沒有人練習'}{tail}"
