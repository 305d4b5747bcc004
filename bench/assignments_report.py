"""Benchmark: ``report assignments`` on a big database against the plain ``report team``.

    python bench/gen_history.py [--db PATH]                  # once: 500 trainees, 1,000,000 replies
    python bench/assignments_report.py [--db PATH] [--rounds 5]

On first use it adds a group 全員 of every trainee, 10 groups of 50 and 50
assignments (35 scenarios, 10 categories, 5 interview sets; 30 to 全員, 10 to a
group of 50, 10 to one trainee: 15,510 person×assignment rows), created 90 days
before the history ends, so months of sessions count for them (the file
is changed: use a copy you can spare). Then it times, alternating, the
assignments report (every person and assignment's status, rendered as CSV,
Markdown and HTML) and the team report (figures rendered as CSV, Markdown and
HTML), and prints each median and their ratio, measured in the same run.
No assertions.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.reports.assignments import render  # noqa: E402
from trainer.reports.figures import team_figures  # noqa: E402
from trainer.reports.team import render_team  # noqa: E402
from trainer.services import assignments as svc  # noqa: E402
from trainer.store import Store, groups  # noqa: E402
from trainer.store import assignments as rows  # noqa: E402

DEFAULT_DB = Path("/tmp/trainer-bench/history.sqlite3")
NOW = datetime(2026, 11, 1, 14, 0, tzinfo=UTC)  # the generator's history ends 2026-11-01 12:00 UTC
CREATED = NOW - timedelta(days=90)
FORMATS = ("csv", "md", "html")


def setup(db: Path, seed: int) -> None:
    """Groups and assignments, once (a database that has assignments is left as it is)."""
    with Store.open(db, clock=lambda: CREATED) as store:
        if rows.assignments(store):
            return
        names = [n for _, n in store.users() if n != "bench-writer"]
        with store._read() as conn:
            items = [r[0] for r in conn.execute("SELECT DISTINCT item_id FROM sessions WHERE kind = 'practice'")]
            cats = sorted({r[0].split("/")[0] for r in conn.execute("SELECT DISTINCT category FROM sessions"
                                                                     " WHERE kind = 'practice'")})
            sets = [r[0] for r in conn.execute("SELECT DISTINCT item_id FROM sessions WHERE kind = 'interview'")]
        groups.add_group(store, "全員")
        for name in names:
            groups.join_group(store, "全員", name)
        for g in range(10):
            groups.add_group(store, f"組{g}")
            for name in names[g * 50:(g + 1) * 50]:
                groups.join_group(store, f"組{g}", name)
        rng = random.Random(seed)
        picks = ([("scenario", rng.choice(items)) for _ in range(35)] + [("category", rng.choice(cats))
                 for _ in range(10)] + [("set", rng.choice(sets or items)) for _ in range(5)])
        specs = [rows.NewAssignment(kind if kind != "set" or sets else "scenario", item, item,
                                    names[n] if n >= 40 else None, _group(n),
                                    (NOW + timedelta(days=7 + n)).date().isoformat(), 60, passes=1 + n % 3,
                                    max_attempts=None if n % 4 else 5, mode="exam" if n % 5 == 0 else None)
                 for n, (kind, item) in enumerate(picks)]
        rows.add_assignments(store, specs)


def _group(n: int) -> str | None:
    """The group of the ``n``-th assignment: 全員 for the first 30, a group of 50 for the next 10."""
    return "全員" if n < 30 else f"組{n % 10}" if n < 40 else None


def assignments_report(store: Store) -> int:
    found = svc.everyone(store, NOW.date())
    for fmt in FORMATS:
        render(found, fmt)
    return len(found)


def team_report(store: Store) -> None:
    figures = team_figures(store, now=NOW, tz=UTC)
    for fmt in FORMATS:
        render_team(figures, fmt)


def timed(call: object) -> float:
    start = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} does not exist: run `python bench/gen_history.py --db {args.db}` first")
    setup(args.db, args.seed)
    with Store.open(args.db, clock=lambda: NOW) as store:
        with store._read() as conn:
            turns = conn.execute("SELECT COUNT(*) FROM turns").fetchone()[0]
        count = assignments_report(store)  # warm the OS cache for both
        team_report(store)
        ours, base = [], []
        for _ in range(args.rounds):  # alternate, so a slower moment of the machine hits both
            ours.append(timed(lambda: assignments_report(store)))
            base.append(timed(lambda: team_report(store)))
    a, t = statistics.median(ours), statistics.median(base)
    print(f"{turns:,} replies, {len(rows_of(args.db))} assignments, {count:,} person×assignment rows, "
          f"{args.rounds} rounds")
    print(f"assignments report (csv+md+html)  median {a * 1000:8.1f} ms")
    print(f"team report        (csv+md+html)  median {t * 1000:8.1f} ms")
    print(f"ratio assignments / team          {a / t:.2f}")


def rows_of(db: Path) -> list[rows.AssignmentRow]:
    with Store.open(db) as store:
        return rows.assignments(store)


if __name__ == "__main__":
    main()
