"""Generate a synthetic progress database: many trainees, a year of practice and interviews.

    python bench/gen_history.py [--db PATH] [--users 500] [--replies 1000000] [--seed 1] [--force]

Builds the schema with ``Store.open`` (so it is exactly the app's), then bulk-
inserts sessions, turns and their key points in large transactions (this is
set-up, not the thing measured, so it runs with ``synchronous = OFF``), and
fills the summary counts from them (``summary.rebuild``, the migration's backfill). The
content is the bundled one: real scenario ids, titles, categories, node ids,
buyer lines and key-point labels, and real interview question ids, so every
screen and report shows believable figures.

Each trainee has a skill level that improves over the year and a few weak key
points; about one session in ten is an interview (one turn per question), the
rest are practice conversations of about five replies. A few sessions are left
open or discarded. Deterministic for a seed. Prints the counts, the time taken
and the file size.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = Path("/tmp/trainer-bench/history.sqlite3")
END = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)

from trainer.core.loader import load_content  # noqa: E402
from trainer.store import Store, summary  # noqa: E402


@dataclass(frozen=True)
class Item:
    """Something to practise: a scenario (its answerable nodes) or an interview question."""

    kind: str  # practice | interview
    id: str
    title: str
    category: str
    nodes: tuple[tuple[str, str, tuple[str, ...]], ...]  # (node id, prompt, point labels)


def items() -> tuple[list[Item], list[Item]]:
    content, _ = load_content(ROOT)
    scenarios = []
    for s in content.scenarios.values():
        nodes = tuple((nid, n.buyer[0], tuple(p.label for p in n.rubric.points))
                      for nid, n in s.nodes.items() if n.rubric is not None)
        scenarios.append(Item("practice", s.id, s.title, s.category, nodes))
    questions = [Item("interview", q.id, q.ask[:40], q.category,
                      ((q.id, q.ask, tuple(p.label for p in q.rubric.points)),))
                 for q in content.questions.values()]
    return scenarios, questions


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def result_json(score: float, hit: list[str], missed: list[str], rng: random.Random) -> str:
    data = {
        "score": round(score), "passed": score >= 60,
        "dimensions": {"coverage": round(100 * len(hit) / max(1, len(hit) + len(missed)), 1),
                       "similarity": round(rng.uniform(20, 90), 1), "tone": round(rng.uniform(40, 100), 1)},
        "points": {"hit": [{"label": h, "credit": 1.0, "phrase": h, "matched": h, "how": "exact"} for h in hit],
                   "missed": missed},
        "avoid": [], "caps": [], "polite": ["親", "您"], "rude": [],
        "closest_answer": "親，非常抱歉給您帶來不便，我這邊馬上為您核實處理，請您稍等一下哦。",
        "feedback": "還差一點：" + "、".join(missed) if missed else "很好，要點都講到了。",
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Generator:
    """Writes one trainee's history at a time (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection, rng: random.Random, days: int) -> None:
        self.conn, self.rng, self.days = conn, rng, days
        self.scenarios, self.questions = items()
        self.session_id = self.turn_id = 0
        self.turns = self.points = 0

    def user(self, name: str, sessions: int) -> None:
        rng = self.rng
        start = END - timedelta(days=self.days)
        cur = self.conn.execute("INSERT INTO users (name, created_at) VALUES (?, ?)", (name, stamp(start)))
        user_id = cur.lastrowid
        skill, growth = rng.gauss(58, 12), rng.uniform(0, 25)
        labels = sorted({lab for it in self.scenarios for n in it.nodes for lab in n[2]})
        weak = set(rng.sample(labels, 4))
        moments = sorted(start + timedelta(seconds=rng.uniform(0, self.days * 86400)) for _ in range(sessions))
        for i, at in enumerate(moments):
            level = skill + growth * i / max(1, sessions)
            if rng.random() < 0.1:
                self.session(user_id, at, rng.sample(self.questions, 5), level, weak)
            else:
                self.session(user_id, at, [rng.choice(self.scenarios)], level, weak)

    def session(self, user_id: int | None, at: datetime, chosen: list[Item], level: float, weak: set[str]) -> None:
        rng = self.rng
        practice = chosen[0].kind == "practice"
        item = chosen[0] if practice else Item("interview", "screen-classic", "經典八問", "面試/經典八問", ())
        nodes = [n for it in chosen for n in (it.nodes if not practice else
                                               rng.choices(it.nodes, k=max(1, round(rng.gauss(5, 1.5)))))]
        status = rng.choices(("finished", "open", "discarded"), (97, 2, 1))[0]
        self.session_id += 1
        sid, when, scores = self.session_id, at, []
        for idx, (node_id, prompt, labels) in enumerate(nodes):
            when += timedelta(seconds=rng.uniform(20, 90))
            scores.append(self.turn(sid, idx, node_id, prompt, labels, level, weak, when))
        total = round(sum(scores) / len(scores)) if scores else 0
        finished = status == "finished"
        self.conn.execute(
            "INSERT INTO sessions (id, uid, user_id, kind, item_id, item_title, category, mode, seed, status,"
            " outcome, score, started_at, finished_at, meta) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (sid, str(uuid.UUID(int=rng.getrandbits(128), version=4)), user_id, item.kind, item.id,
             item.title, item.category, rng.choice(("coach", "exam")) if practice else None,
             rng.randrange(2**31), status, ("resolved" if total >= 60 else "lost") if finished else None,
             total if finished else None, stamp(at), stamp(when) if finished else None, "{}"))

    def turn(self, sid: int, idx: int, node_id: str, prompt: str, labels: tuple[str, ...], level: float,
             weak: set[str], when: datetime) -> float:
        rng = self.rng
        hit: list[str] = []
        missed: list[str] = []
        for label in labels:
            chance = (level + rng.gauss(0, 15)) / 100 - (0.35 if label in weak else 0)
            (hit if rng.random() < chance else missed).append(label)
        coverage = len(hit) / max(1, len(labels))
        score = max(0.0, min(100.0, 100 * coverage * 0.7 + rng.uniform(0, 30)))
        self.turn_id += 1
        self.conn.execute(
            "INSERT INTO turns (id, session_id, idx, node_id, prompt, reply, score, raw_score, passed, result,"
            " mood_before, mood_after, latency, typing_seconds, cpm, hints, nudges, next_node, pasted, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (self.turn_id, sid, idx, node_id, prompt, "親，您好，非常抱歉給您帶來不便，我馬上幫您處理。",
             round(score), round(score), int(score >= 60), result_json(score, hit, missed, rng),
             50, 45, round(rng.uniform(5, 60), 1), round(rng.uniform(5, 40), 1), round(rng.uniform(40, 120), 1),
             0, 0, None, 0, stamp(when)))
        self.conn.executemany("INSERT INTO turn_points (turn_id, pos, label, hit, credit) VALUES (?,?,?,?,?)",
                              [(self.turn_id, pos, label, int(pos < len(hit)), 1.0 if pos < len(hit) else 0.0)
                               for pos, label in enumerate([*hit, *missed])])
        self.turns += 1
        self.points += len(labels)
        return score


def session_counts(users: int, sessions: int, rng: random.Random) -> Iterator[int]:
    """How many sessions each user gets: uneven (a few keen trainees), summing to ``sessions``."""
    weights = [rng.paretovariate(2.0) for _ in range(users)]
    total = sum(weights)
    counts = [max(1, int(sessions * w / total)) for w in weights]
    counts[0] += sessions - sum(counts)
    return iter(counts)


def generate(db: Path, users: int, replies: int, seed: int, days: int = 365) -> None:
    """Create ``db`` with ``users`` trainees and about ``replies`` turns."""
    db.parent.mkdir(parents=True, exist_ok=True)
    Store.open(db).close()  # the app's schema, migrations included
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    rng = random.Random(seed)
    gen = Generator(conn, rng, days)
    started = time.perf_counter()
    conn.execute("BEGIN")
    for n, count in enumerate(session_counts(users, replies // 5, rng)):
        gen.user(f"學員{n + 1:03d}", count)
        if n % 50 == 49:
            conn.execute("COMMIT")
            print(f"  {n + 1} users, {gen.turns:,} replies, {time.perf_counter() - started:.0f} s", flush=True)
            conn.execute("BEGIN")
    conn.execute("COMMIT")
    counted = time.perf_counter()
    conn.execute("BEGIN")
    summary.rebuild(conn)  # the rows went in behind the store's back: count them as the app would
    conn.execute("COMMIT")
    conn.close()
    print(f"summary counts in {time.perf_counter() - counted:.0f} s")
    size = db.stat().st_size / 2**20
    print(f"{users} users, {gen.session_id:,} sessions, {gen.turns:,} replies, {gen.points:,} key points "
          f"in {time.perf_counter() - started:.0f} s; {db} is {size:,.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args()
    if args.db.exists():
        if not args.force:
            sys.exit(f"{args.db} exists; use --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    generate(args.db, args.users, args.replies, args.seed)


if __name__ == "__main__":
    main()
