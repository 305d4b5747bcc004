"""Benchmark: progress figures on a big database — 500 trainees, 1,000,000 recorded replies.

    python bench/gen_history.py                 # once: builds /tmp/trainer-bench/history.sqlite3 (~45 s, ~1 GB)
    python bench/progress_db.py [--db PATH] [--users 25] [--rounds 3] [--replies 200]

Prints, with the issue's targets:

- **progress screen data**: ``user_figures`` for one trainee (totals, days, streak,
  every item's schedule, mastery, most-missed points, recent sessions), for a
  sample of trainees, each the first call for that trainee (median and max), and
  for the **heaviest** trainee (the most replies: the worst case, whether sampled
  or not), median of ``--rounds``; target ≤ 50 ms for the heaviest;
- **home's due line**: ``due_today`` for the same trainees;
- **weakest points, all time**: every trainee's three most-missed key points over
  their whole history (``summary_read.missed_by_user``, what the team view shows), the first
  run and the median of ``--rounds``; target ≤ 0.5 s;
- **team report**: ``team_figures`` plus rendering CSV, Markdown and HTML
  (``report team``), the first run and the median of ``--rounds``; target ≤ 0.5 s;
- **recording one reply**: ``Store.record_turn`` on that file, committed
  (``synchronous = FULL``, WAL), median and 95th percentile; target ≤ 5 ms. The
  replies go to one session of a ``bench-writer`` trainee, discarded at the end;
- the database's size (with its WAL).

Fresh process, warm OS cache after the first touches. No assertions.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.reports.figures import due_today, team_figures, user_figures  # noqa: E402
from trainer.reports.team import render_team  # noqa: E402
from trainer.store import Store, TurnRow  # noqa: E402
from trainer.store.summary_read import missed_by_user  # noqa: E402

DEFAULT_DB = Path("/tmp/trainer-bench/history.sqlite3")
NOW = datetime(2026, 11, 1, 14, 0, tzinfo=UTC)  # the generator's history ends 2026-11-01 12:00 UTC


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "OVER"


def heaviest(store: Store) -> tuple[str, int]:
    """The trainee with the most replies (finished or not), and how many."""
    with store._read() as conn:
        row = conn.execute("""
            SELECT u.name, COUNT(*) AS n FROM users u JOIN sessions s ON s.user_id = u.id
            JOIN turns t ON t.session_id = s.id WHERE u.kind = 'trainee'
            GROUP BY u.id ORDER BY n DESC, u.name LIMIT 1""").fetchone()
    return str(row[0]), int(row[1])


def per_user(store: Store, names: list[str], rounds: int) -> None:
    figures = [timed(partial(user_figures, store, n, now=NOW, tz=UTC)) for n in names]
    due = [timed(partial(due_today, store, n, now=NOW, tz=UTC)) for n in names]
    print(f"progress screen data  median {ms(statistics.median(figures))}  max {ms(max(figures))}"
          f"   ({len(names)} trainees sampled)")
    print(f"home's due line       median {ms(statistics.median(due))}  max {ms(max(due))}")
    name, replies = heaviest(store)
    first = timed(partial(user_figures, store, name, now=NOW, tz=UTC))
    runs = [timed(partial(user_figures, store, name, now=NOW, tz=UTC)) for _ in range(rounds)]
    worst = statistics.median(runs)
    print(f"progress, heaviest    first  {ms(first)}  median {ms(worst)}"
          f"   target ≤ 50 ms: {verdict(worst, 0.05)}   ({name}, {replies:,} replies)")


def weakest(store: Store, rounds: int) -> None:
    call = partial(missed_by_user, store)  # no ``since``: all time
    first = timed(call)
    runs = [timed(call) for _ in range(rounds)]
    print(f"weakest points (all)  first  {ms(first)}  median {ms(statistics.median(runs))}"
          f"   target ≤ 0.5 s: {verdict(statistics.median(runs), 0.5)}")


def team(store: Store, rounds: int) -> None:
    def report() -> None:
        figures = team_figures(store, now=NOW, tz=UTC)
        for fmt in ("csv", "md", "html"):
            render_team(figures, fmt)

    first = timed(report)
    runs = [timed(report) for _ in range(rounds)]
    figures_only = statistics.median(timed(lambda: team_figures(store, now=NOW, tz=UTC)) for _ in range(rounds))
    print(f"team report (3 formats) first {ms(first)}  median {ms(statistics.median(runs))}"
          f"   target ≤ 0.5 s: {verdict(statistics.median(runs), 0.5)}"
          f"   (figures alone {ms(figures_only).strip()})")


def record(store: Store, replies: int) -> None:
    sid = store.start_session("bench-writer", "practice", "bench", mode="coach", item_title="bench")
    result = {"score": 70, "passed": True, "points": {"hit": [{"label": "道歉", "credit": 1.0}], "missed": ["拍照"]},
              "feedback": "還差一點：拍照"}
    times = []
    for index in range(replies):
        row = TurnRow(index=index, node_id="open", prompt="在嗎？", reply="親，非常抱歉，我馬上幫您查。",
                      score=70, raw_score=70, passed=True, result=result, mood_before=50, mood_after=40,
                      latency=10.0, typing_seconds=8.0, cpm=90.0, hints=0, nudges=0, next_node=None)
        times.append(timed(partial(store.record_turn, sid, row)))
    store.discard_session(sid)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"record one reply      median {ms(statistics.median(times))}  p95 {ms(p95)}"
          f"   target ≤ 5 ms: {verdict(statistics.median(times), 0.005)}   ({replies} commits)")


def size(db: Path) -> None:
    files = [Path(f"{db}{suffix}") for suffix in ("", "-wal")]
    total = sum(f.stat().st_size for f in files if f.exists())
    print(f"database size         {total / 2**20:,.0f} MiB  ({db})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--users", type=int, default=25, help="trainees sampled for the per-trainee figures")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--replies", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} does not exist: run `python bench/gen_history.py --db {args.db}` first")
    started = time.perf_counter()
    store = Store.open(args.db)
    print(f"open                  {ms(time.perf_counter() - started)}")
    with store:
        names = [n for _, n in store.users() if n != "bench-writer"]
        sample = random.Random(args.seed).sample(names, min(args.users, len(names)))
        with store._read() as conn:
            sessions, turns = (conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("sessions", "turns"))
        print(f"{len(names)} trainees, {sessions:,} sessions, {turns:,} replies; pid {os.getpid()}")
        per_user(store, sample, args.rounds)
        weakest(store, args.rounds)
        team(store, args.rounds)
        record(store, args.replies)
    size(args.db)


if __name__ == "__main__":
    main()
