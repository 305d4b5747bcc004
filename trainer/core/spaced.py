"""Spaced practice: when each scenario or interview question is due again, derived from its history.

Nothing is stored. An item's schedule is recomputed from its attempts (the
finished sessions of a scenario, the answers to an interview question), so
imported history, old databases and a changed pass mark all just work.

The rule is SM-2 as Anki uses it, on scores instead of buttons:

- a **pass** (score ≥ the pass mark, default 60) grows the interval: the first
  pass after a new start or a fail → 1 day; after that the interval is
  multiplied by the item's *ease* (2.5 to start). A hard pass (below 70) grows it
  by only ×1.2 and lowers the ease; an easy one (90 and up) earns a bonus and
  raises the ease. Late reviews earn half their lateness, like Anki's "good".
- practising an item **before it is due** never shrinks its interval, and grows
  it only by the time that really passed (repeating a scenario five times in one
  evening does not push it out by months);
- a **fail** brings it back soon: due again 10 minutes later, interval back to
  zero, ease lowered;
- an item failed 4 times or more is a **leech** (Anki's word) until it is well
  learned again (an interval of 21 days or more).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from operator import itemgetter
from typing import TypeVar

DAY = timedelta(days=1)
DAY_SECONDS = 86400.0
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Rules:
    """The knobs of the schedule; the defaults follow Anki's where a counterpart exists."""

    pass_mark: float = 60.0
    hard_below: float = 70.0  # a pass below this is "hard"
    easy_from: float = 90.0  # a pass from this on is "easy"
    first_interval: float = 1.0  # days, after a first pass or a pass after a fail
    start_ease: float = 2.5
    min_ease: float = 1.3
    ease_step: float = 0.15  # hard lowers, easy raises the ease by this
    fail_ease_step: float = 0.2
    hard_factor: float = 1.2
    easy_bonus: float = 1.3
    relearn: timedelta = timedelta(minutes=10)  # a failed item is due again this soon
    max_interval: float = 365.0
    leech_fails: int = 4
    leech_clear_interval: float = 21.0  # a leech stops being one once learned this well


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Attempt:
    """One try at an item: when it ended (timezone-aware) and its score 0–100."""

    at: datetime
    score: float


@dataclass(frozen=True)
class Schedule:
    """Where an item stands after its attempts, and when it is due again."""

    attempts: int
    passes: int
    fails: int
    streak: int  # passes in a row at the end (0 after a fail)
    interval: float  # days from the last attempt to the due date (0 = relearning)
    ease: float
    due: datetime
    last_at: datetime
    last_score: float
    best_score: float
    mean_score: float
    leech: bool

    def is_due(self, now: datetime) -> bool:
        """Due at ``now`` or earlier."""
        return self.due <= now

    def due_by_end_of_day(self, now: datetime, tz: tzinfo | None = None) -> bool:
        """Due at any time today (in ``tz``, default ``now``'s zone): what Home lists as 今日到期."""
        return self.due < end_of_day(now, tz)


def end_of_day(now: datetime, tz: tzinfo | None = None) -> datetime:
    """The next local midnight after ``now`` (aware), in ``tz`` or ``now``'s own zone."""
    local = now.astimezone(tz) if tz is not None else now
    midnight = datetime.combine(local.date() + DAY, time(0), tzinfo=local.tzinfo)
    return midnight


def schedule(attempts: Iterable[Attempt], rules: Rules = DEFAULT_RULES) -> Schedule | None:
    """The schedule after ``attempts`` (any order); None for an item never tried."""
    return schedule_seconds([(a.at.timestamp(), a.score) for a in attempts], rules)


def schedule_seconds(attempts: Sequence[tuple[float, float]], rules: Rules = DEFAULT_RULES,
                     start: Schedule | None = None) -> Schedule | None:
    """``schedule`` over ``(unix seconds, score)`` pairs, optionally continuing from ``start``.

    The fast path (plain numbers, no objects per attempt): the team view runs it
    over a few hundred thousand attempts.
    """
    if not attempts:
        return start
    ordered = sorted(attempts, key=itemgetter(0))  # stable: same-time tries keep their order
    if start is None:
        n = passes = fails = streak = 0
        interval, ease, leech, total = 0.0, rules.start_ease, False, 0.0
        last_at, best = ordered[0][0], ordered[0][1]
    else:
        n, passes, fails, streak = start.attempts, start.passes, start.fails, start.streak
        interval, ease, leech = start.interval, start.ease, start.leech
        last_at, best, total = start.last_at.timestamp(), start.best_score, start.mean_score * n
    pass_mark, relearn, leech_fails = rules.pass_mark, rules.relearn.total_seconds(), rules.leech_fails
    min_ease, fail_step = rules.min_ease, rules.fail_ease_step
    due = last_at
    for at, score in ordered:  # hot loop: locals only
        if score < pass_mark:
            fails, streak, interval = fails + 1, 0, 0.0
            ease = ease - fail_step if ease - fail_step > min_ease else min_ease
            due, leech = at + relearn, fails >= leech_fails
        else:
            interval, ease = _grown(interval, ease, n, (at - last_at) / DAY_SECONDS, score, rules)
            passes, streak = passes + 1, streak + 1
            due = at + interval * DAY_SECONDS
            leech = fails >= leech_fails and interval < rules.leech_clear_interval
        n, last_at, total = n + 1, at, total + score
        if score > best:
            best = score
    return Schedule(attempts=n, passes=passes, fails=fails, streak=streak, interval=interval,
                    ease=ease, due=datetime.fromtimestamp(due, UTC),
                    last_at=datetime.fromtimestamp(last_at, UTC), last_score=ordered[-1][1],
                    best_score=best, mean_score=total / n, leech=leech)


def step(state: Schedule, attempt: Attempt, rules: Rules = DEFAULT_RULES) -> Schedule:
    """``state`` after one more attempt (see the module docstring for the rule)."""
    after = schedule_seconds([(attempt.at.timestamp(), attempt.score)], rules, start=state)
    assert after is not None
    return after


def _grown(interval: float, ease: float, attempts: int, elapsed: float, score: float,
           rules: Rules) -> tuple[float, float]:
    """The interval (days) and ease after a pass, ``elapsed`` days after the last attempt."""
    factor = ease
    if score < rules.hard_below:
        ease, factor = max(rules.min_ease, ease - rules.ease_step), rules.hard_factor
    elif score >= rules.easy_from:
        ease, factor = ease + rules.ease_step, ease * rules.easy_bonus
    if interval <= 0 or attempts == 0:  # new, or relearning after a fail
        return rules.first_interval, ease
    elapsed = max(0.0, elapsed)
    if elapsed < interval:  # early: credit only the time that really passed
        grown = max(interval, elapsed * factor)
    else:  # on time or late: half the lateness counts, as in Anki
        grown = max(interval, (interval + (elapsed - interval) / 2) * factor)
    return min(rules.max_interval, round(grown, 3)), ease


def schedules(histories: Mapping[K, Sequence[Attempt]],
              rules: Rules = DEFAULT_RULES) -> dict[K, Schedule]:
    """A schedule for every item that has at least one attempt."""
    out: dict[K, Schedule] = {}
    for key, attempts in histories.items():
        planned = schedule(attempts, rules)
        if planned is not None:
            out[key] = planned
    return out


def due_today(planned: Mapping[K, Schedule], now: datetime,
              tz: tzinfo | None = None) -> list[K]:
    """Items due by the end of today, most overdue first (the order to practise them in)."""
    due = [key for key, item in planned.items() if item.due_by_end_of_day(now, tz)]
    return sorted(due, key=lambda key: (planned[key].due, str(key)))


def leeches(planned: Mapping[K, Schedule]) -> list[K]:
    """Items flagged as leeches, most failed first."""
    flagged = [key for key, item in planned.items() if item.leech]
    return sorted(flagged, key=lambda key: (-planned[key].fails, str(key)))


def utc(stamp: str) -> datetime:
    """A stored ISO 8601 time as an aware datetime (naive text is taken as UTC)."""
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
