"""An interview and a typing test tied to their rows in the progress store (no Textual here).

``InterviewSession`` couples the core's ``Interview`` with a store session of
kind ``interview``: every answer is scored and committed in one call
(``send``), which the interview screen runs in a worker thread. A busy database
(another program writing) is retried with back-off; an answer that still could
not be saved is kept and written, in order, before the next one. Resuming
replays the stored answers into a fresh ``Interview``, so it goes on at the
next unanswered question (or follow-up). ``save_typing`` commits a finished
typing test as its own session of kind ``typing`` (linked to its interview,
if any) in one transaction.
"""

from __future__ import annotations

import random
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer import paths
from trainer.store import SessionRow, Store, StoreBusy, TurnRow, access
from trainer.store import interviews as records

if TYPE_CHECKING:
    from trainer.core.content import Content
    from trainer.core.interview import Answer, Given, Interview, InterviewPlan
    from trainer.core.problems import Problem
    from trainer.core.typing_test import Passage, TypingBank, TypingResult

KIND = "interview"
TYPING_KIND = "typing"
CATEGORY = "面試"
COMPLETED = "completed"


class InterviewSession:
    """One interview and its store session (see the module docstring)."""

    def __init__(self, store: Store, session_id: int, interview: Interview, *,
                 typing_done: bool = False) -> None:
        self.store = store
        self.session_id = session_id
        self.interview = interview
        self.typing_done = typing_done  # read with the interview (in a worker): screens ask this
        self._lock = threading.Lock()  # one answer at a time, whatever thread sends it
        self._unsaved: list[TurnRow] = []  # scored answers the store refused so far, in order
        self._stop = threading.Event()  # set on quit: stop waiting for a busy database

    @property
    def plan(self) -> InterviewPlan:
        return self.interview.plan

    @property
    def candidate(self) -> str:
        return self.plan.candidate

    @classmethod
    def start(cls, store: Store, content: Content, plan: InterviewPlan) -> InterviewSession:
        """A new interview, recorded as an open session before the first question shows."""
        from trainer.core.interview import Interview

        interview = Interview(plan, content.questions, content.scorer)
        access.ensure_person(store, plan.candidate, access.CANDIDATE)  # a known trainee stays one
        sid = store.start_session(plan.candidate, KIND, plan.set_id, seed=plan.seed,
                                  item_title=plan.title, category=CATEGORY, meta=plan.to_meta())
        return cls(store, sid, interview)

    @classmethod
    def resume(cls, store: Store, content: Content, row: SessionRow) -> InterviewSession:
        """An interview rebuilt from its stored answers (KeyError: a question left the content)."""
        from trainer.core.interview import Given, Interview, InterviewPlan

        plan = InterviewPlan.from_meta(row.user, row.item_id, row.seed, row.meta)
        interview = Interview(plan, content.questions, content.scorer)
        interview.replay([Given(t.reply, t.latency, t.typing_seconds, t.pasted,
                                bool(t.result.get("timed_out")), float(t.result.get("peak_cpm") or 0))
                          for t in store.turns(row.id)])
        done = bool(records.typing_results(store, interview_id=row.id)) if plan.typing else False
        return cls(store, row.id, interview, typing_done=done)

    # Seconds between attempts while the database is busy (each attempt waits up to
    # the store's busy timeout first).
    RETRY_DELAYS: tuple[float, ...] = (0.5, 1, 2, 4, 8, 15, 15, 15)

    def send(self, given: Given) -> Answer:
        """Score the answer and commit it (with any kept from before) before returning.

        On a store failure the scored answer is kept (``unsaved``) and the error
        raised; the next ``send`` or ``flush`` writes it first.
        """
        with self._lock:
            answer = self.interview.answer(given)
            following = self.interview.current
            self._unsaved.append(answer_row(answer, given, following.key if following else None))
            self._flush()
            return answer

    def flush(self) -> None:
        """Write the answers kept after a failed save (a retry); raises StoreError if it still fails."""
        with self._lock:
            self._flush()

    def unsaved(self) -> list[str]:
        """The replies scored but not yet saved."""
        return [row.reply for row in self._unsaved]

    def _flush(self) -> None:
        while self._unsaved:
            self._record(self._unsaved[0])
            self._unsaved.pop(0)

    def _record(self, row: TurnRow) -> None:
        delays = iter(self.RETRY_DELAYS)
        while True:
            try:
                self.store.record_turn(self.session_id, row)
                return
            except StoreBusy:
                delay = next(delays, None)
                if delay is None or self._stop.is_set():
                    raise
                self._stop.wait(delay)

    def stop_retrying(self) -> None:
        """Quitting: a save waiting for a busy database gives up (the answer stays ``unsaved``)."""
        self._stop.set()

    @property
    def needs_typing(self) -> bool:
        """The plan includes the typing test and it has not been done yet (no store read: see ``typing_done``)."""
        return self.plan.typing and not self.typing_done

    def finish(self) -> None:
        """Close the session (every question answered, the typing test done if any)."""
        with self._lock:
            self._flush()  # answers kept after a failed save go in before the ending
            if self.store.session(self.session_id).status == "open":
                self.store.finish_session(self.session_id, COMPLETED, self.interview.total_score)


def answer_row(answer: Answer, given: Given, next_key: str | None) -> TurnRow:
    """What the store keeps of an answer: the reply as given, the full result, the flags."""
    result: dict[str, Any] = answer.result.to_dict()
    result.update(flags=list(answer.flags), timed_out=given.timed_out, peak_cpm=given.peak_cpm,
                  time_limit=answer.ask.time_limit, number=answer.ask.number,
                  follow_up=answer.ask.follow_up)
    return TurnRow(
        index=answer.index, node_id=answer.ask.key, prompt=answer.ask.text, reply=answer.reply,
        score=answer.result.score, raw_score=answer.result.score, passed=answer.result.passed,
        result=result, mood_before=None, mood_after=None, latency=answer.latency,
        typing_seconds=answer.typing_seconds, cpm=answer.cpm, hints=0, nudges=0,
        next_node=next_key, pasted=answer.pasted,
    )


def open_interviews(store: Store) -> list[SessionRow]:
    """Interviews not finished yet (to resume), newest first."""
    return [row for row, _ in records.interviews(store) if row.status == "open"]


# --- the typing test -------------------------------------------------------------------


@lru_cache(maxsize=4)
def _bank(path: Path) -> tuple[TypingBank | None, tuple[Problem, ...]]:
    from trainer.core.typing_test import load_passages

    bank, problems = load_passages(path)
    return bank, tuple(problems)


def typing_bank(content: Content | None) -> tuple[TypingBank | None, list[Problem]]:
    """The passages of the content folder in use (or the bundled ones) and any problems."""
    from trainer.core.problems import errors

    bank, problems = _bank(paths.typing_file(content.root if content else None))
    return (None if errors(list(problems)) else bank), list(problems)


def draw_seed() -> int:
    return random.randrange(2**31)


def save_typing(store: Store, user: str, passage: Passage, typed: str, result: TypingResult,
                bank: TypingBank, interview_id: int | None = None) -> int:
    """Commit a finished typing test for ``user`` (``typed`` exactly as given); returns its id."""
    meta = {"interview": interview_id} if interview_id is not None else {}
    sid = store.start_session(user, TYPING_KIND, passage.id, item_title=passage.title,
                              category="打字", meta=meta)
    data = result.to_dict()
    turn = TurnRow(
        index=0, node_id=passage.id, prompt=passage.text, reply=typed,
        score=result.cpm, raw_score=result.cpm, passed=result.passed, result=data,
        mood_before=None, mood_after=None, latency=result.seconds, typing_seconds=result.seconds,
        cpm=result.cpm, hints=0, nudges=0, next_node=None, pasted="pasted" in result.flags,
    )
    records.record_typing(store, sid, turn, data, bank.pass_mark.cpm, bank.pass_mark.accuracy,
                          interview_id)
    return sid
