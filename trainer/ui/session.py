"""A practice conversation tied to its row in the progress store (no Textual here).

``ChatSession`` couples a ``Dialogue`` with a store session: every reply is
scored and committed in one call (``send``), which the chat screen runs in a
worker thread; the session is finished in the same call when the conversation
ends. A reply whose save failed (the database busy with an import) stays
pending: sending the same ``Sent`` again saves it without scoring it twice.
Resuming replays the stored turns into a fresh ``Dialogue`` with the session's
seed, start node and start mood.

A new conversation's row is written off the UI thread: ``start`` builds the
dialogue only, the chat screen calls ``open_row`` in a worker as it opens, and
``send`` opens it too if that has not happened (a busy store at the start).
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from trainer.store import SessionRow, Store, TurnRow

if TYPE_CHECKING:
    from trainer.core.content import Content
    from trainer.core.dialogue import Dialogue, Turn
    from trainer.core.models import Rubric, Scenario
    from trainer.core.result import Result
    from trainer.core.scorer import Scorer
    from trainer.core.settings import ScoringSettings

KIND = "practice"


@dataclass(frozen=True)
class Sent:
    """A reply as the trainee sent it, with how it was typed."""

    text: str
    latency: float
    typing_seconds: float | None
    pasted: bool = False


class PendingScorer:
    """The scorer of a content still being loaded and checked: scoring waits until it is there.

    ``trainer play FILE`` draws the chat as soon as the file is read; the first
    reply (scored in a worker thread) waits here for the check to finish.
    """

    def __init__(self) -> None:
        self._ready = threading.Event()
        self._scorer: Scorer | None = None
        self._error: Exception | None = None

    def resolve(self, scorer: Scorer) -> None:
        self._scorer = scorer
        self._ready.set()

    def fail(self, error: Exception) -> None:
        self._error = error
        self._ready.set()

    def _get(self) -> Scorer:
        self._ready.wait()
        if self._scorer is None:
            raise RuntimeError(f"the scenario could not be loaded: {self._error}")
        return self._scorer

    def score(self, rubric: Rubric, reply: str) -> Result:
        return self._get().score(rubric, reply)

    @property
    def settings(self) -> ScoringSettings:
        return self._get().settings


class ChatSession:
    """One conversation and its store session (see the module docstring)."""

    def __init__(self, store: Store, session_id: int | None, dialogue: Dialogue, mode: str,
                 row: Callable[[], int] | None = None) -> None:
        self.store = store
        self.session_id = session_id  # None until ``open_row`` has written it
        self.dialogue = dialogue
        self.mode = mode
        self._row = row  # writes the new session's row, returning its id
        self._discarded = False
        self._lock = threading.Lock()  # one reply at a time, whatever thread sends it
        self._end_saved = False
        self._pending: tuple[Sent, Turn, bool] | None = None  # scored, not all saved: (sent, turn, recorded)

    @property
    def scenario(self) -> Scenario:
        return self.dialogue.scenario

    @classmethod
    def start(cls, store: Store, user: str, content: Content | None, scenario: Scenario, *,
              mode: str = "coach", seed: int | None = None, node: str | None = None,
              mood: int | None = None, played: bool = False,
              scorer: PendingScorer | None = None) -> ChatSession:
        """A new conversation; its open session is written by ``open_row`` (off the UI thread).

        ``played``: the scenario came from ``trainer play FILE``; its path is kept so
        the session can be resumed even if the file is not part of the content.
        ``scorer``: a scorer still on its way (then ``content`` may be None).
        """
        from trainer.core.dialogue import Dialogue

        seed = random.randrange(2**31) if seed is None else seed
        if scorer is not None:
            used = cast("Scorer", scorer)  # it scores like one, once it has arrived
        else:
            assert content is not None, "a session needs a content or a scorer"
            used = content.scorer
        dialogue = Dialogue(scenario, used, seed=seed, node_id=node or "", mood=-1 if mood is None else mood)
        keep_path = played or content is None or scenario.id not in content.scenarios
        meta = {"path": scenario.path} if keep_path and scenario.path else {}
        start_node, start_mood = dialogue.node_id, dialogue.mood  # now: the first reply moves them

        def row() -> int:
            return store.start_session(
                user, KIND, scenario.id, mode=mode, seed=seed, start_node=start_node,
                start_mood=start_mood, item_title=scenario.title, category=scenario.category,
                meta=meta,
            )

        return cls(store, None, dialogue, mode, row)

    def open_row(self) -> int | None:
        """Write the new conversation's session row once (any thread); None after ``discard``."""
        with self._lock:
            return self._open_row()

    def _open_row(self) -> int | None:
        if self.session_id is None and not self._discarded:
            assert self._row is not None, "a resumed session has its row"
            self.session_id = self._row()
        return self.session_id

    @classmethod
    def resume(cls, store: Store, row: SessionRow, scenario: Scenario,
               content: Content) -> ChatSession:
        """An unfinished session rebuilt from its stored turns (the engine is deterministic)."""
        from trainer.core.dialogue import Dialogue, SentReply

        mood = -1 if row.start_mood is None else row.start_mood
        dialogue = Dialogue(scenario, content.scorer, seed=row.seed,
                            node_id=row.start_node or "", mood=mood)
        dialogue.replay([SentReply(t.reply, t.latency, t.typing_seconds, t.hints, t.nudges)
                         for t in store.turns(row.id)])
        return cls(store, row.id, dialogue, row.mode or "coach")

    def send(self, sent: Sent) -> Turn:
        """Score the reply, commit it (and the ending, if it is one); safe from any thread.

        If the store fails (``StoreError``; ``StoreBusy`` when another process holds
        the lock), the scored turn is kept: ``send`` with the same ``sent`` retries
        the save only. A different reply while one is pending is refused.
        """
        with self._lock:
            if self._pending is None:
                turn = self.dialogue.step(sent.text, sent.latency, sent.typing_seconds)
                self._pending = (sent, turn, False)
            elif self._pending[0] is not sent:
                raise RuntimeError("the previous reply is not saved yet")
            sent, turn, recorded = self._pending
            if not recorded:
                session_id = self._open_row()
                if session_id is None:
                    raise RuntimeError("the conversation was discarded")
                self.store.record_turn(session_id, turn_row(turn, sent))
                self._pending = (sent, turn, True)
            if self.dialogue.finished and not self._end_saved:
                self._save_end()
            self._pending = None
            return turn

    def pending(self) -> Sent | None:
        """The reply being saved (or whose save failed) until ``send`` completes for it."""
        pending = self._pending
        return None if pending is None else pending[0]

    def unsaved(self) -> Sent | None:
        """The reply that was scored but could not be saved yet, if any."""
        pending = self._pending
        return None if pending is None or pending[2] else pending[0]

    def needs_finishing(self) -> bool:
        """The conversation ended but the store does not know yet (a resumed session)."""
        return self.dialogue.finished and not self._end_saved

    def finish(self) -> None:
        """Record the ending of a conversation that ended before it was resumed."""
        with self._lock:
            if self.needs_finishing():
                self._save_end()

    def _save_end(self) -> None:
        assert self.session_id is not None, "a conversation ends after a reply was recorded"
        self.store.finish_session(self.session_id, self.dialogue.outcome, self.dialogue.total_score)
        self._end_saved = True

    def discard(self) -> None:
        """Throw the conversation away (any thread): its row, if written, and no row later."""
        with self._lock:
            self._discarded = True
            if self.session_id is not None:
                self.store.discard_session(self.session_id)


def turn_row(turn: Turn, sent: Sent) -> TurnRow:
    """What the store keeps of a turn: everything needed to explain and to replay it."""
    return TurnRow(
        index=turn.index, node_id=turn.node_id, prompt=turn.buyer_line, reply=turn.reply,
        score=turn.score, raw_score=turn.result.score, passed=turn.result.passed,
        result=turn.result.to_dict(), mood_before=turn.mood_before, mood_after=turn.mood_after,
        latency=turn.latency, typing_seconds=sent.typing_seconds, cpm=turn.cpm,
        hints=turn.hints, nudges=turn.nudges, next_node=turn.next_node, pasted=sent.pasted,
    )


def find_scenario(content: Content, row: SessionRow) -> Scenario | None:
    """The scenario of a stored session: bundled, or the file it was played from."""
    if row.item_id in content.scenarios:
        return content.scenarios[row.item_id]
    path = row.meta.get("path") if row.meta else None
    if not path or not Path(path).is_file():
        return None
    from trainer.core.loader import load_paths
    from trainer.core.problems import errors

    loaded, problems = load_paths([Path(path)], base=content)
    if errors(problems):
        return None
    return loaded.scenarios.get(row.item_id)


def missed_most(turns: Sequence[Turn], n: int = 3) -> list[tuple[str, int]]:
    """The key points missed most often, most first (ties in order of first miss)."""
    counts = Counter(label for t in turns for label in t.result.missed_labels)
    return counts.most_common(n)
