"""Spaced practice (trainer.core.spaced): due dates, intervals and leeches derived from history alone.

Table-driven: each row is a history (days after day 0, score) and what the
schedule must say after it. Day 0 is 2026-11-01 08:00 UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.core.spaced import (
    DEFAULT_RULES,
    Attempt,
    Rules,
    Schedule,
    due_today,
    end_of_day,
    leeches,
    schedule,
    schedule_seconds,
    schedules,
    step,
)

DAY0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def history(*tries: tuple[float, float]) -> list[Attempt]:
    return [Attempt(DAY0 + timedelta(days=day), score) for day, score in tries]


def plan(*tries: tuple[float, float], rules: Rules = DEFAULT_RULES) -> Schedule:
    found = schedule(history(*tries), rules)
    assert found is not None
    return found


@pytest.mark.parametrize(("tries", "interval", "due_in_days"), [
    # a first pass: back tomorrow
    ([(0, 75)], 1.0, 1.0),
    # on-time passes grow by the ease (2.5): 1 → 2.5 → 6.25
    ([(0, 75), (1, 75)], 2.5, 2.5),
    ([(0, 75), (1, 75), (3.5, 75)], 6.25, 6.25),
    # a hard pass (60–69) grows by only 1.2
    ([(0, 75), (1, 65)], 1.2, 1.2),
    # an easy pass (90+) earns a bonus: 2.5 × 1.3
    ([(0, 75), (1, 95)], 3.25, 3.25),
    # late by 4 days: half the lateness counts, (1 + 2) × 2.5
    ([(0, 75), (5, 75)], 7.5, 7.5),
    # practised again the same evening: the interval does not grow
    ([(0, 75), (0.1, 75), (0.2, 75)], 1.0, 1.0),
    # early (half way): only the time that passed counts, never less than before
    ([(0, 75), (1, 75), (2.25, 75)], 3.125, 3.125),
    # a pass after a fail starts again at one day
    ([(0, 75), (1, 75), (3.5, 30), (3.6, 80)], 1.0, 1.0),
])
def test_passes_grow_the_interval(tries: list[tuple[float, float]], interval: float, due_in_days: float) -> None:
    p = plan(*tries)
    assert p.interval == pytest.approx(interval)
    assert p.due == p.last_at + timedelta(days=due_in_days)


@pytest.mark.parametrize(("tries", "minutes"), [
    ([(0, 30)], 10),
    ([(0, 75), (1, 75), (3.5, 59.9)], 10),
])
def test_a_fail_brings_it_back_soon(tries: list[tuple[float, float]], minutes: int) -> None:
    p = plan(*tries)
    assert p.interval == 0 and p.streak == 0
    assert p.due == p.last_at + timedelta(minutes=minutes)


@pytest.mark.parametrize(("tries", "ease"), [
    ([(0, 75)], 2.5),  # good: unchanged
    ([(0, 65)], 2.35),  # hard
    ([(0, 95)], 2.65),  # easy
    ([(0, 30)], 2.3),  # fail
    ([(d, 10) for d in range(10)], 1.3),  # never below the floor
])
def test_ease_moves_with_each_grade(tries: list[tuple[float, float]], ease: float) -> None:
    assert plan(*tries).ease == pytest.approx(ease)


@pytest.mark.parametrize(("tries", "leech"), [
    ([(0, 30), (1, 30), (2, 30)], False),  # three fails: not yet
    ([(0, 30), (1, 30), (2, 30), (3, 30)], True),  # four: a leech
    ([(0, 30), (1, 30), (2, 30), (3, 30), (3.1, 80), (4, 80)], True),  # passing again is not enough
    # … it stays flagged until learned well again: an interval of 21 days or more
    ([(0, 30), (1, 30), (2, 30), (3, 30), (3.1, 95), (4.1, 95), (8, 95), (20, 95)], False),
])
def test_leeches_are_items_failed_many_times(tries: list[tuple[float, float]], leech: bool) -> None:
    assert plan(*tries).leech is leech


def test_the_pass_mark_decides_pass_or_fail() -> None:
    assert plan((0, 65)).interval == 1.0
    assert plan((0, 65), rules=Rules(pass_mark=70)).interval == 0.0


def test_intervals_are_capped() -> None:
    tries = [(0.0, 95.0)]
    for _ in range(12):
        last = tries[-1][0]
        tries.append((last + plan(*tries).interval, 95.0))
    assert plan(*tries).interval == 365.0


def test_counts_best_last_and_mean() -> None:
    p = plan((0, 40), (1, 90), (2, 71))
    assert (p.attempts, p.passes, p.fails, p.streak) == (3, 2, 1, 2)
    assert (p.last_score, p.best_score) == (71, 90) and p.mean_score == pytest.approx(67)


def test_order_of_the_history_does_not_matter() -> None:
    tries = history((0, 75), (1, 30), (1.2, 80), (2.5, 90))
    assert schedule(tries) == schedule(list(reversed(tries)))


def test_no_history_no_schedule() -> None:
    assert schedule([]) is None
    assert schedule_seconds([]) is None
    assert schedules({"a": [], "b": history((0, 80))}).keys() == {"b"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 400), st.floats(0, 100)), min_size=1, max_size=15))
def test_step_by_step_equals_all_at_once(tries: list[tuple[float, float]]) -> None:
    attempts = sorted(history(*tries), key=lambda a: a.at)
    running = schedule(attempts[:1])
    assert running is not None
    for attempt in attempts[1:]:
        running = step(running, attempt)
    whole = schedule(attempts)
    assert whole is not None
    assert running.interval == pytest.approx(whole.interval)
    assert abs((running.due - whole.due).total_seconds()) < 1
    assert (running.attempts, running.fails, running.leech) == (whole.attempts, whole.fails, whole.leech)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 400), st.floats(0, 100)), min_size=1, max_size=15))
def test_due_is_never_before_the_last_attempt(tries: list[tuple[float, float]]) -> None:
    p = plan(*tries)
    assert p.due > p.last_at
    assert 0 <= p.interval <= 365


def test_due_today_lists_the_most_overdue_first() -> None:
    now = DAY0 + timedelta(days=10)
    planned = {
        "tonight": plan((9.5, 80)),  # due day 10.5 (20:00): later today, so due today
        "long ago": plan((0, 80)),  # due day 1
        "failed at dawn": plan((9.9, 20)),  # due 10 minutes after day 9.9 (05:46 today)
        "next week": plan((9, 80), (10, 80)),  # due day 12.5
    }
    assert due_today(planned, now) == ["long ago", "failed at dawn", "tonight"]


@pytest.mark.parametrize(("now", "tz", "midnight"), [
    (datetime(2026, 11, 1, 8, 0, tzinfo=UTC), None, datetime(2026, 11, 2, tzinfo=UTC)),
    # 20:00 UTC is already 04:00 the next day in UTC+8: that day ends 16:00 UTC
    (datetime(2026, 11, 1, 20, 0, tzinfo=UTC), timezone(timedelta(hours=8)),
     datetime(2026, 11, 2, 16, 0, tzinfo=UTC)),
])
def test_today_ends_at_local_midnight(now: datetime, tz: timezone | None, midnight: datetime) -> None:
    assert end_of_day(now, tz) == midnight


def test_leeches_are_listed_most_failed_first() -> None:
    planned = {"a": plan(*[(d, 20) for d in range(4)]), "b": plan(*[(d, 20) for d in range(6)]),
               "c": plan((0, 90))}
    assert leeches(planned) == ["b", "a"]
