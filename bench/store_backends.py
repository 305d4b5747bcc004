"""Benchmark: the same big history on SQLite and on PostgreSQL — recording a reply, the team report, progress.

    python bench/gen_history.py --db /tmp/trainer-bench/history.sqlite3      # once (~45 s at 1M replies)
    python bench/store_backends.py --pg postgresql://postgres@127.0.0.1:5432/postgres \\
        [--db /tmp/trainer-bench/history.sqlite3] [--users 25] [--rounds 3] [--writes 300] [--reload]

The SQLite history (``bench/gen_history.py``) is copied into a PostgreSQL schema
named after its size (``bench_1000000``, COPY per table, identities moved past
the copied ids, ANALYZE), once; later runs reuse it (``--reload`` copies again).
Then, on both backends, in this process:

- **record one reply**: ``Store.record_turn`` committed, ``--writes`` times into one
  session of a ``bench-writer`` (discarded after), median and p99;
- **team report**: ``team_figures`` plus rendering CSV, Markdown and HTML, the
  first run and the median of ``--rounds``;
- **progress screen data**: ``user_figures`` for a sample of ``--users`` trainees,
  median and max.

Each line gives PostgreSQL's figure as a ratio to SQLite's, measured in the
same run. Both on this machine (PostgreSQL over 127.0.0.1; fsync on unless the
server was started without it — the line says which). No assertions.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.reports.figures import team_figures, user_figures  # noqa: E402
from trainer.reports.team import render_team  # noqa: E402
from trainer.store import Store, TurnRow  # noqa: E402

DEFAULT_DB = Path("/tmp/trainer-bench/history.sqlite3")
NOW = datetime(2026, 11, 1, 14, 0, tzinfo=UTC)  # the generator's history ends 2026-11-01 12:00 UTC
TABLES = ("users", "settings", "sessions", "turns", "turn_points")


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


def schema_url(url: str, schema: str) -> str:
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


def load(sqlite_db: Path, url: str, schema: str, reload: bool) -> str:
    """The PostgreSQL copy of ``sqlite_db`` in ``schema`` (made now unless already there)."""
    import psycopg

    spec = schema_url(url, schema)
    with psycopg.connect(url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
        if exists and not reload:
            return spec
        admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.execute(f'CREATE SCHEMA "{schema}"')
    Store.open(spec).close()  # the app's schema, by its own migrations
    source = sqlite3.connect(sqlite_db)
    started = time.perf_counter()
    with psycopg.connect(spec) as conn:
        for table in TABLES:
            columns = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
            print(f"  copied {table} ({time.perf_counter() - started:.0f} s)", flush=True)
        conn.commit()
    with Store.open(spec) as store, store._write() as pg:
        from trainer.store import summary
        from trainer.store.postgres import sync_identities

        sync_identities(pg)
        summary.rebuild(pg)  # the rows went in behind the store's back: count them as the app would
    with psycopg.connect(spec, autocommit=True) as conn:
        conn.execute("ANALYZE")
    print(f"loaded into PostgreSQL schema {schema} in {time.perf_counter() - started:.0f} s", flush=True)
    return spec


def record(store: Store, writes: int) -> list[float]:
    sid = store.start_session("bench-writer", "practice", "bench", mode="coach", item_title="bench")
    result = {"score": 70, "passed": True, "points": {"hit": [{"label": "道歉", "credit": 1.0}], "missed": ["拍照"]},
              "feedback": "還差一點：拍照"}
    times = []
    for index in range(writes):
        row = TurnRow(index=index, node_id="open", prompt="在嗎？", reply="親，非常抱歉，我馬上幫您查。",
                      score=70, raw_score=70, passed=True, result=result, mood_before=50, mood_after=40,
                      latency=10.0, typing_seconds=8.0, cpm=90.0, hints=0, nudges=0, next_node=None)
        times.append(timed(partial(store.record_turn, sid, row)))
    store.discard_session(sid)
    return sorted(times)


def measure(spec: str, sample: list[str], rounds: int, writes: int) -> dict[str, float]:
    with Store.open(spec) as store:
        def report() -> None:
            figures = team_figures(store, now=NOW, tz=UTC)
            for fmt in ("csv", "md", "html"):
                render_team(figures, fmt)

        out = {"team first": timed(report)}
        out["team median"] = statistics.median(timed(report) for _ in range(rounds))
        per_user = [timed(partial(user_figures, store, name, now=NOW, tz=UTC)) for name in sample]
        out["progress median"], out["progress max"] = statistics.median(per_user), max(per_user)
        times = record(store, writes)
        out["record median"] = statistics.median(times)
        out["record p99"] = times[max(0, int(len(times) * 0.99) - 1)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--pg", default=os.environ.get("TRAINER_BENCH_PG") or os.environ.get("TRAINER_TEST_PG"),
                        help="a PostgreSQL server URL (default: $TRAINER_BENCH_PG, else $TRAINER_TEST_PG)")
    parser.add_argument("--users", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reload", action="store_true", help="copy the SQLite history into PostgreSQL again")
    args = parser.parse_args()
    if not args.pg:
        sys.exit("give a PostgreSQL server with --pg URL (or $TRAINER_BENCH_PG)")
    if not args.db.exists():
        sys.exit(f"{args.db} does not exist: run `python bench/gen_history.py --db {args.db}` first")
    with sqlite3.connect(args.db) as conn:
        replies = conn.execute("SELECT COUNT(*) FROM turns").fetchone()[0]
        names = [r[0] for r in conn.execute("SELECT name FROM users WHERE name != 'bench-writer' ORDER BY name")]
    pg = load(args.db, args.pg, f"bench_{replies}", args.reload)
    sample = random.Random(args.seed).sample(names, min(args.users, len(names)))
    print(f"{len(names)} trainees, {replies:,} replies; {os.cpu_count()} cores; pid {os.getpid()}")
    lite = measure(str(args.db), sample, args.rounds, args.writes)
    post = measure(pg, sample, args.rounds, args.writes)
    import psycopg

    with psycopg.connect(args.pg) as conn:
        row = conn.execute("SHOW fsync").fetchone()
    fsync = row[0] if row else "?"
    print(f"{'':24}{'SQLite file':>13}{'PostgreSQL':>13}   ratio (PostgreSQL / SQLite); server fsync={fsync}")
    for key in lite:
        print(f"{key:24}{ms(lite[key])}  {ms(post[key])}   {post[key] / lite[key]:6.2f}×")


if __name__ == "__main__":
    main()
