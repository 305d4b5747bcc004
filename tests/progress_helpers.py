"""Helpers for the progress tests: a store whose clock is moved by hand, and sessions written in one call.

``History`` records practice sessions and interviews with chosen scores, key
points and times, straight through the store's public API (the rows are what
the app writes; only their numbers are chosen), so every figure in a test is
known in advance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from trainer.store import Store, TurnRow

DAY0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)  # a Sunday, 08:00 UTC


@dataclass
class Clock:
    """The store's clock: stays put until moved."""

    now: datetime = DAY0

    def __call__(self) -> datetime:
        return self.now


def result(score: float, hit: tuple[str, ...] = (), missed: tuple[str, ...] = ()) -> dict[str, Any]:
    """A scorer result as ``Result.to_dict`` shapes it."""
    return {
        "score": round(score), "passed": score >= 60,
        "dimensions": {"coverage": 50.0, "similarity": 50.0, "tone": 90.0},
        "points": {"hit": [{"label": h, "credit": 1.0, "phrase": h, "matched": h, "how": "exact"} for h in hit],
                   "missed": list(missed)},
        "avoid": [], "closest_answer": "親，非常抱歉，我馬上為您處理。", "caps": [], "polite": ["親"],
        "rude": [], "feedback": "還差一點" if missed else "很好",
    }


def turn(index: int, score: float, *, node: str = "open", hit: tuple[str, ...] = (),
         missed: tuple[str, ...] = (), reply: str = "親，您好，我幫您看看。", prompt: str = "在嗎？") -> TurnRow:
    return TurnRow(index=index, node_id=node, prompt=prompt, reply=reply, score=score, raw_score=score,
                   passed=score >= 60, result=result(score, hit, missed), mood_before=50, mood_after=40,
                   latency=12.5, typing_seconds=9.0, cpm=80.0, hints=0, nudges=0, next_node=None)


@dataclass
class History:
    """A store and its clock, with shortcuts to record what a trainee did and when."""

    store: Store
    clock: Clock = field(default_factory=Clock)

    @classmethod
    def open(cls, path: Path | str = ":memory:") -> History:
        clock = Clock()
        return cls(Store.open(path, clock=clock), clock)

    def at(self, days: float) -> History:
        """Move the clock to ``days`` after day 0."""
        self.clock.now = DAY0 + timedelta(days=days)
        return self

    def practice(self, user: str, item: str, score: float, *, day: float | None = None,
                 hit: tuple[str, ...] = (), missed: tuple[str, ...] = (), replies: int = 1,
                 status: str = "finished", mode: str = "coach", title: str | None = None,
                 category: str = "售後/測試") -> int:
        """One practice session of ``replies`` turns, each scored ``score``; returns its id."""
        if day is not None:
            self.at(day)
        sid = self.store.start_session(user, "practice", item, mode=mode, seed=1, item_title=title or item,
                                       category=category)
        for index in range(replies):
            self.store.record_turn(sid, turn(index, score, node=f"n{index}", hit=hit, missed=missed))
        self.clock.now += timedelta(minutes=3)
        if status == "finished":
            self.store.finish_session(sid, "resolved" if score >= 60 else "lost", score)
        elif status == "discarded":
            self.store.discard_session(sid)
        return sid

    def interview(self, user: str, answers: list[tuple[str, float, tuple[str, ...]]], *,
                  day: float | None = None, finish: bool = True) -> int:
        """An interview: one turn per (question id, score, missed points); ids may be follow-ups."""
        if day is not None:
            self.at(day)
        sid = self.store.start_session(user, "interview", "screen-classic", item_title="經典八問", category="面試")
        for index, (qid, score, missed) in enumerate(answers):
            self.store.record_turn(sid, turn(index, score, node=qid, missed=missed, prompt=f"問題 {qid}？"))
        if finish:
            self.clock.now += timedelta(minutes=10)
            total = sum(a[1] for a in answers) / len(answers)
            self.store.finish_session(sid, "completed", total)
        return sid
