"""Benchmark: reviewing practice on the big database — the review queue, one session's review, an override.

    python bench/gen_history.py [--db PATH]      # once: 500 trainees, 1,000,000 replies
    python bench/review_queue.py [--db PATH] [--rounds 3]

Prints medians, each with its ratio to the baseline measured in the same run:
``team_figures`` (the data of the plain team view / ``report team``).

- **review queue** (``review_queue``), over the last 30 days (what the 待審 screen
  asks) and over all time;
- **one session's review** (``services.review.read``: the session, its replies,
  their comments and overrides) for a sample of sessions;
- **an override, committed** (``override_turn``: the row and the session's
  recount) on a session of a ``bench-reviewer`` trainee, discarded at the end.

Fresh process, warm OS cache after the first touches. No assertions.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.reports.figures import stamp, team_figures  # noqa: E402
from trainer.services import review as service  # noqa: E402
from trainer.store import Store, TurnRow, reviews  # noqa: E402

DEFAULT_DB = Path("/tmp/trainer-bench/history.sqlite3")
NOW = datetime(2026, 11, 1, 14, 0, tzinfo=UTC)  # the generator's history ends 2026-11-01 12:00 UTC


def median_of(call: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(label: str, seconds: float, base: float) -> None:
    print(f"  {label:<44} {seconds * 1000:9.1f} ms   ×{seconds / base:6.2f} of team figures")


def bench_override(store: Store, rounds: int) -> float:
    turn = TurnRow(0, "open", "在嗎？", "親，在的", 58.0, 58.0, False, {"score": 58}, None, None, 5.0, 4.0,
                   60.0, 0, 0, None)
    sid = store.start_session("bench-reviewer", "practice", "bench-item", mode="coach")
    for index in range(10):
        store.record_turn(sid, TurnRow(**{**turn.__dict__, "index": index}))
    store.finish_session(sid, "resolved", 58)
    try:
        return median_of(lambda: reviews.override_turn(store, sid, 3, 75, "bench", "因為"), rounds * 10)
    finally:
        store.discard_session(sid)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=50)
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} not found: run bench/gen_history.py first")
    with Store.open(args.db) as store:
        base = median_of(lambda: team_figures(store, now=NOW, tz=UTC), args.rounds)
        print(f"{args.db}: baseline team_figures {base * 1000:.1f} ms (median of {args.rounds})")
        since = stamp(NOW - timedelta(days=30))
        queue = reviews.review_queue(store, 60.0, since=since)
        print(f"  queue (30 days): {sum(r.why == 'near' for r in queue)} near the pass mark, "
              f"{sum(r.why == 'disagree' for r in queue)} disagreements")
        line("review queue, last 30 days", median_of(lambda: reviews.review_queue(store, 60.0, since=since),
                                                    args.rounds), base)
        line("review queue, all time", median_of(lambda: reviews.review_queue(store, 60.0), args.rounds), base)
        with store._read() as conn:
            top = int(conn.execute("SELECT MAX(id) FROM sessions").fetchone()[0])
        sample = random.Random(1).sample(range(1, top + 1), min(args.sessions, top))
        per = [median_of(lambda sid=sid: service.read(store, sid), 1) for sid in sample]
        line(f"one session's review (median of {len(sample)})", statistics.median(per), base)
        line("an override, committed (with the recount)", bench_override(store, args.rounds), base)


if __name__ == "__main__":
    main()
