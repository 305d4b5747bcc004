"""Summary counts (trainer/store/summary.py) give the same figures as the history itself.

A random history (trainees and a candidate; practice, interviews with follow-ups,
typing; finished, open and discarded sessions) is written through the store's
API; every summary-based figure is then compared with the direct computation
over sessions, turns and key points (trainer/store/progress.py and the
spaced-practice rule per trainee): after finishing and discarding, after the
migration's backfill of an old file, after an import, and after a score changed
under a session followed by ``refresh_session``.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from tests.progress_helpers import History, turn
from trainer.core.spaced import Rules
from trainer.reports.figures import category_figures, item_figures, rules_key, team_figures
from trainer.store import Store, schema, summary, summary_plans, summary_read
from trainer.store import progress as q
from trainer.store.access import ensure_person
from trainer.store.schema import MIGRATIONS, SCHEMA_VERSION
from trainer.store.transfer import export_history, import_history

NOW = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)
SCENARIOS = [(f"case-{n}", f"情境{n}", cat) for n, cat in enumerate(["售後/退款", "售後/運費", "物流", "物流/催單"])]
LABELS = ["道歉", "拍照", "時效", "退款", "耐心", "確認訂單"]
QUESTIONS = ["q1", "q2", "q3"]
TRAINEES = ["小美", "阿強", "小華", "[b]阿明[/b]"]


def random_history(history: History, seed: int, sessions: int = 90) -> None:
    """Sessions of every kind and status, at increasing (distinct) times over two months."""
    rng = random.Random(seed)
    ensure_person(history.store, "應試者甲", "candidate")
    day = 0.0
    for _ in range(sessions):
        day += rng.uniform(0.01, 0.7)
        history.at(day)
        user = rng.choice([*TRAINEES, "應試者甲"] if rng.random() < 0.15 else TRAINEES)
        roll = rng.random()
        if roll < 0.2:
            answers = [(qid, rng.choice([35.0, 58.5, 72.0, 91.0]), tuple(rng.sample(LABELS, rng.randrange(3))))
                       for qid in rng.sample(QUESTIONS, 2)]
            answers.append((answers[0][0] + "#follow-up-1", 50.0, ("追問",)))
            history.interview(user, answers, finish=rng.random() < 0.85)
        elif roll < 0.27:
            sid = history.store.start_session(user, "typing", "passage-1", item_title="打字")
            history.clock.now += timedelta(minutes=2)
            history.store.finish_session(sid, "completed", rng.choice([None, 88.0]))
        else:
            item, title, category = rng.choice(SCENARIOS)
            missed = tuple(rng.sample(LABELS, rng.randrange(4)))
            hit = tuple(label for label in LABELS[:3] if label not in missed)
            status = rng.choices(["finished", "open", "discarded"], [80, 12, 8])[0]
            history.practice(user, item, rng.choice([20.0, 45.5, 60.0, 66.6, 75.0, 93.0]), hit=hit,
                             missed=missed, replies=rng.randrange(1, 4), status=status, title=title,
                             category=category)
    for sid in rng.sample(range(1, sessions // 2), 3):  # finished ones thrown away afterwards, too
        history.store.discard_session(sid)


def assert_same(store: Store) -> None:
    """Every figure from the summaries equals the one computed from the history."""
    names = [name for _, name in store.users()]
    for name in names:
        assert_same_totals(summary_read.totals(store, name), q.totals(store, name))
        assert summary_read.most_missed(store, name) == q.most_missed(store, name)
    direct = {m.user: m for m in q.members(store)}
    read = {m.user: m for m in summary_read.members(store)}
    assert list(read) == list(direct)
    for name, member in direct.items():
        got = read[name]
        assert (got.sessions, got.replies, got.first_at, got.last_at) == (
            member.sessions, member.replies, member.first_at, member.last_at)
        assert got.average == pytest.approx(member.average)
    assert summary_read.missed_by_user(store) == q.missed_by_user(store)
    for offset in (0, 480, -300, 330, 345):
        weeks = summary_read.weeks(store, offset_minutes=offset)
        assert weeks is not None
        expected = q.weeks(store, offset_minutes=offset)
        assert [(w.day, w.sessions) for w in weeks] == [(w.day, w.sessions) for w in expected]
        assert [w.average for w in weeks] == pytest.approx([w.average for w in expected])
    assert summary_read.weeks(store, offset_minutes=7) is None  # not whole quarter-hours: no answer
    assert_team_same(store)


def assert_team_same(store: Store, pass_mark: float = 60.0) -> None:
    """The team view equals each trainee's own figures from their attempts (the direct way)."""
    figures = team_figures(store, now=NOW, tz=UTC, pass_mark=pass_mark)
    rules = Rules(pass_mark=pass_mark)
    end = datetime(2026, 12, 21, tzinfo=UTC)
    for member in figures.members:
        items = item_figures(q.attempts(store, member.user), rules)
        categories = {c.name: c.mastery for c in category_figures(items, NOW, UTC, pass_mark)}
        assert member.categories == pytest.approx(categories), member.user
        assert member.due == sum(1 for i in items.values() if i.schedule.due < end), member.user
        flagged = sorted((i for i in items.values() if i.schedule.leech), key=lambda i: (-i.schedule.fails, i.item_id))
        assert member.leeches == [i.title for i in flagged], member.user
        assert member.weakest == q.missed_by_user(store)[member.user]


def stale_items(store: Store, key: str) -> list[summary_plans.TeamItem]:
    return [item for item in summary_plans.team_items(store, key) if not item.fresh]


def assert_same_totals(got: q.Totals, expected: q.Totals) -> None:
    assert got.average == pytest.approx(expected.average)
    assert got.__dict__ | {"average": 0} == expected.__dict__ | {"average": 0}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summaries_equal_the_history_as_sessions_finish(seed: int) -> None:
    history = History.open()
    random_history(history, seed)
    assert_same(history.store)


def test_summaries_equal_the_history_on_every_backend(store_spec: str) -> None:
    """The same on a file and on PostgreSQL: finishing, an override, a discard, a full rebuild."""
    from trainer.store.reviews import override_turn

    history = History.open(store_spec)
    random_history(history, 10, sessions=50)
    interview = history.interview("小華", [("q1", 30.0, ("道歉",)), ("q2", 40.0, ())], day=60)
    override_turn(history.store, interview, 0, 95.0, "主管")
    assert_same(history.store)
    with history.store._write() as conn:
        summary.rebuild(conn)
    assert_same(history.store)


def test_the_team_report_caches_schedules_and_drops_them_when_attempts_change() -> None:
    history = History.open()
    random_history(history, 4)
    store = history.store
    key = rules_key(Rules())
    assert len(stale_items(store, key)) > 10  # nothing cached yet
    team_figures(store, now=NOW, tz=UTC)
    assert stale_items(store, key) == []  # every schedule cached
    history.at(70).practice("小美", "case-1", 30.0, missed=("道歉",), title="情境1", category="售後/運費")
    stale = stale_items(store, key)
    assert [(row.kind, row.item_id) for row in stale] == [("practice", "case-1")]
    assert_team_same(store)  # the stale one computed again, the others read from the cache
    assert_team_same(store, pass_mark=75.0)  # other rules: computed again, not read from the cache


def test_a_schedule_computed_before_a_change_is_not_saved_over_it() -> None:
    history = History.open()
    history.practice("小美", "case-0", 80.0, day=1)
    store, key = history.store, rules_key(Rules())
    (item,) = stale_items(store, key)
    history.practice("小美", "case-0", 20.0, day=2)  # finishes while the report computes
    summary_plans.save_plans(store, key, [(item, 1.0, 0, False)])
    (again,) = stale_items(store, key)
    assert again.version > item.version  # still to compute: the schedule of one attempt was not kept


def test_the_migration_fills_the_summaries_of_an_older_file(tmp_path) -> None:
    if MIGRATIONS[-1] is not schema._summary:  # the file is taken back one step below
        pytest.skip("a later migration follows the summaries: take the file back past it too")
    path = tmp_path / "old.sqlite3"
    history = History.open(path)
    random_history(history, 5)
    history.store.close()
    conn = sqlite3.connect(path, isolation_level=None)  # back to the schema before the summaries
    for name in summary.NAMES:
        conn.execute(f"DROP TABLE {name}")
    conn.execute("DROP INDEX sessions_user_started")
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
    conn.execute("DELETE FROM schema_history WHERE version = ?", (len(MIGRATIONS),))
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert_same(store)


def test_an_import_counts_in_the_summaries_and_the_export_leaves_them_out() -> None:
    source = History.open()
    random_history(source, 6)
    doc = export_history(source.store)
    assert not any(name.startswith("summary_") for name in doc["tables"])
    target = History.open()
    target.practice("小美", "case-0", 70.0, missed=("拍照",), title="情境0", category="售後/退款")
    import_history(target.store, doc)
    assert_same(target.store)
    import_history(target.store, doc)  # again: nothing added, nothing counted twice
    assert_same(target.store)


def test_refresh_session_recomputes_a_session_whose_scores_changed() -> None:
    history = History.open()
    random_history(history, 7)
    store = history.store
    team_figures(store, now=NOW, tz=UTC)  # schedules cached
    sid = history.practice("阿強", "case-2", 40.0, day=71, missed=("時效",), replies=2, title="情境2",
                           category="物流")
    with store._write() as conn:  # what a score override does to the history
        conn.execute("UPDATE sessions SET score = 95 WHERE id = ?", (sid,))
        conn.execute("UPDATE turn_points SET hit = 1 WHERE turn_id IN (SELECT id FROM turns WHERE session_id = ?)",
                     (sid,))
        summary.refresh_session(conn, sid)
    assert_same(store)


def test_a_reviewers_override_counts_in_the_summaries_at_once() -> None:
    from trainer.store.reviews import override_turn

    history = History.open()
    random_history(history, 9)
    store = history.store
    team_figures(store, now=NOW, tz=UTC)  # schedules cached
    interview = history.interview("小華", [("q1", 30.0, ("道歉",)), ("q2", 40.0, ())], day=72)
    practice = history.practice("小華", "case-3", 35.0, day=72.5, replies=2, title="情境3", category="物流/催單")
    override_turn(store, interview, 0, 95.0, "主管")
    override_turn(store, practice, 1, 90.0, "主管")
    assert store.session(practice).score == round((35 + 90) / 2)  # the counted total
    assert_same(store)


def test_rebuild_gives_the_rows_kept_up_to_date() -> None:
    history = History.open()
    random_history(history, 8)
    with history.store._write() as conn:
        before = {name: _table(conn, name) for name in summary.NAMES}
        summary.rebuild(conn)
        after = {name: _table(conn, name) for name in summary.NAMES}
    assert all(before.values())
    assert after == before


def _table(conn: sqlite3.Connection, name: str) -> list[tuple[object, ...]]:
    """A summary table's rows, sorted; of ``summary_items`` only the counts (the cache restarts)."""
    rows = [tuple(r)[:7] if name == "summary_items" else tuple(r) for r in conn.execute(f"SELECT * FROM {name}")]
    return sorted(rows, key=repr)


def test_times_with_an_offset_fall_in_the_right_quarter_hour() -> None:
    assert summary.slot_of("2026-11-01T16:20:00+08:00") == summary.slot_of("2026-11-01T08:15:00.000+00:00")
    assert summary.slot_of("2026-11-01T08:14:59.999+00:00") == datetime(2026, 11, 1, 8, tzinfo=UTC).timestamp()
    assert summary.slot_of("2026-11-01T08:00:00") == summary.slot_of("2026-11-01T08:00:00Z")
    assert summary.slot_of(None) is None


def test_a_follow_up_is_no_attempt_at_its_question() -> None:
    assert [summary.is_follow_up(n) for n in ("q3#follow-up-1", "q3.f1", "q3", "faq.final")] == [
        True, True, False, False]


def test_a_turn_recorded_in_an_open_session_changes_no_summary() -> None:
    history = History.open()
    sid = history.store.start_session("小美", "practice", "case-0")
    history.store.record_turn(sid, turn(0, 50.0, missed=("道歉",)))
    with history.store._read() as conn:
        assert all(conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] == 0 for name in summary.NAMES)
