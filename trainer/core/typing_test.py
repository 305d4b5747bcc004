"""The typing test (打字測驗): passages, and how a typed text measures against one.

Speed is 字/分鐘: the *correct* characters (Chinese characters, letters, digits
and punctuation — never whitespace) per minute. Only committed text is counted:
an input method composes pinyin in the terminal and hands the program finished
characters, so keystrokes and composition never count as characters, and
``seconds`` runs from the first committed character to the end of the test.

Accuracy is ``1 − edit distance ÷ length`` over the part of the passage the
typist reached (a test stopped early is not charged for the untyped tail; it
is marked incomplete instead). Characters compare leniently: either script
(繁/简), full or half width, and the usual punctuation twins (。/. 、/,) match.

Passages come from ``typing_passages.yaml`` in the content folder (the bundled
one is made of the source's customer-service phrases). Pure: standard library,
PyYAML (through ``yamlpos``), rapidfuzz and the core's normaliser.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from trainer.core.normalise import encodable, to_simplified
from trainer.core.problems import Problem
from trainer.core.reader import Reader
from trainer.core.yamlpos import YMap, load_mapping

DEFAULT_CPM = 60.0
DEFAULT_ACCURACY = 95.0  # percent
DEFAULT_TIME_LIMIT = 240  # seconds
COMPLETE_SHARE = 0.9  # reaching 90% of the passage counts as finishing it
# No one types Chinese this fast for real (fast pinyin typists manage 150–200
# 字/分鐘); text arriving faster came from somewhere else.
MAX_PLAUSIBLE_CPM = 300.0
MIN_CHARS_TO_JUDGE = 10  # too little text to judge its speed
# An input method may commit a whole phrase at once: judge bursts over 10 s.
PEAK_WINDOW = 10.0

FLAG_PASTED = "pasted"
FLAG_TOO_FAST = "too_fast"
FLAG_TIMED_OUT = "timed_out"
FLAG_LABELS = {FLAG_PASTED: "貼上的文字", FLAG_TOO_FAST: "打字速度不合理", FLAG_TIMED_OUT: "超時"}
# Flags that make an answer or a test suspect (a timeout is only a fact).
SUSPECT_FLAGS = (FLAG_PASTED, FLAG_TOO_FAST)

_PUNCT_TWINS = str.maketrans({"。": ".", "、": ",", "「": '"', "」": '"', "『": '"', "』": '"',
                              "“": '"', "”": '"', "‘": "'", "’": "'", "～": "~", "—": "-"})
BANK_KEYS = ("pass_cpm", "pass_accuracy", "time_limit", "passages")
PASSAGE_KEYS = ("id", "title", "source", "text")


@dataclass(frozen=True)
class Passage:
    """A text to type, with the source section it was taken from."""

    id: str
    title: str
    text: str
    source: str = ""


@dataclass(frozen=True)
class PassMark:
    """What passes: at least ``cpm`` 字/分鐘 and ``accuracy`` percent."""

    cpm: float = DEFAULT_CPM
    accuracy: float = DEFAULT_ACCURACY


@dataclass(frozen=True)
class TypingBank:
    """Every passage of a content folder, the pass mark and the time limit."""

    passages: tuple[Passage, ...]
    pass_mark: PassMark = PassMark()
    time_limit: int = DEFAULT_TIME_LIMIT

    def get(self, passage_id: str) -> Passage | None:
        return next((p for p in self.passages if p.id == passage_id), None)

    def draw(self, seed: int | None = None) -> Passage:
        """A passage drawn at random (the same one for the same seed)."""
        return random.Random(seed).choice(self.passages)


@dataclass(frozen=True)
class Mark:
    """One aligned position: ``ok``, ``wrong``, ``missing``, ``extra`` or ``unreached``."""

    kind: str
    expected: str  # the passage's character ('' for an extra one)
    typed: str  # the typist's character ('' for a missing one)


@dataclass(frozen=True)
class TypingResult:
    """A measured test (see the module docstring); ``accuracy`` is a percentage."""

    passage_id: str
    typed: str
    seconds: float
    chars: int  # characters typed
    correct: int
    errors: int  # edit distance over the reached part
    reached: int  # passage characters reached
    length: int  # passage characters
    cpm: float
    accuracy: float
    completed: bool
    flags: tuple[str, ...]
    passed: bool
    marks: tuple[Mark, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form kept with the stored turn (marks as ``[kind, expected, typed]``)."""
        return {
            "passage": self.passage_id, "seconds": self.seconds, "chars": self.chars,
            "correct": self.correct, "errors": self.errors, "reached": self.reached,
            "length": self.length, "cpm": self.cpm, "accuracy": self.accuracy,
            "completed": self.completed, "flags": list(self.flags), "passed": self.passed,
            "marks": [[m.kind, m.expected, m.typed] for m in self.marks],
        }


def marks_from(data: Any) -> tuple[Mark, ...]:
    """Marks back from ``to_dict()["marks"]`` (bad rows are skipped)."""
    out = []
    for row in data or ():
        if isinstance(row, (list, tuple)) and len(row) == 3:
            out.append(Mark(str(row[0]), str(row[1]), str(row[2])))
    return tuple(out)


def characters(text: str) -> str:
    """The characters that count: everything but whitespace."""
    return "".join(c for c in text if not c.isspace())


def typing_speed(chars: int, seconds: float | None) -> float:
    """Characters per minute (0 when the time is unknown)."""
    if not seconds or seconds <= 0:
        return 0.0
    return round(chars * 60.0 / seconds, 1)


def typing_flags(chars: int, seconds: float | None, pasted: bool, peak: float = 0.0) -> tuple[str, ...]:
    """Why text is suspect: it was pasted, or it arrived faster than anyone types.

    ``peak`` is the fastest stretch (``TypingTrace.peak``), which catches a
    block of text that appeared at once after slow typing. Pasted text is not
    also called too fast: its speed means nothing.
    """
    if pasted:
        return (FLAG_PASTED,)
    if chars >= MIN_CHARS_TO_JUDGE and seconds is not None:
        if seconds <= 0 or max(typing_speed(chars, seconds), peak) > MAX_PLAUSIBLE_CPM:
            return (FLAG_TOO_FAST,)
    return ()


@dataclass
class TypingTrace:
    """How the committed text grew: (time, characters) after every change."""

    samples: list[tuple[float, int]] = field(default_factory=list)

    def add(self, when: float, text: str) -> None:
        self.samples.append((when, len(characters(text))))

    @property
    def started(self) -> float | None:
        """When the first character arrived."""
        return next((t for t, n in self.samples if n), None)

    def peak(self, window: float = PEAK_WINDOW) -> float:
        """The fastest growth within any ``window`` seconds, in characters per minute."""
        best, start = 0, 0
        for t, n in self.samples:
            while self.samples[start][0] < t - window:
                start += 1
            best = max(best, n - min(m for _, m in self.samples[start:]))
        return round(best * 60.0 / window, 1)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    """One character in comparable form (same length: one character in, one out)."""
    n = unicodedata.normalize("NFKC", c)
    c = n if len(n) == 1 else c
    c = c.lower().translate(_PUNCT_TWINS)
    s = to_simplified(encodable(c))
    return s if len(s) == 1 else c


def _reach(want: str, got: str) -> tuple[int, int]:
    """How far into ``want`` the typist got, and the edit distance up to there.

    The prefix of the passage closest to what was typed (ties: the prefix as
    long as the typed text).
    """
    best = (Levenshtein.distance("", got), len(got), 0)
    for k in range(1, len(want) + 1):
        d = Levenshtein.distance(want[:k], got, score_cutoff=best[0])
        candidate = (d, abs(k - len(got)), k)
        if candidate < best:
            best = candidate
    return best[2], best[0]


def _marks(passage: str, typed: str, want: str, got: str, reached: int) -> list[Mark]:
    marks: list[Mark] = []
    for op in Levenshtein.opcodes(want[:reached], got):
        src, dst = passage[op.src_start:op.src_end], typed[op.dest_start:op.dest_end]
        if op.tag == "equal":
            marks += [Mark("ok", a, b) for a, b in zip(src, dst, strict=True)]
        elif op.tag == "delete":
            marks += [Mark("missing", a, "") for a in src]
        elif op.tag == "insert":
            marks += [Mark("extra", "", b) for b in dst]
        else:
            pairs = max(len(src), len(dst))
            marks += [Mark("wrong", src[i] if i < len(src) else "", dst[i] if i < len(dst) else "")
                      for i in range(pairs)]
    marks += [Mark("unreached", a, "") for a in passage[reached:]]
    return marks


def measure(passage: Passage, typed: str, seconds: float, pass_mark: PassMark = PassMark(), *,
            pasted: bool = False, timed_out: bool = False, peak: float = 0.0) -> TypingResult:
    """Measure ``typed`` (committed text) against ``passage`` over ``seconds``.

    ``peak`` is the trace's fastest stretch (``TypingTrace.peak``), for the flags.
    """
    want_raw, got_raw = characters(passage.text), characters(typed)
    want = "".join(_fold_char(c) for c in want_raw)
    got = "".join(_fold_char(c) for c in got_raw)
    reached, errors = _reach(want, got)
    marks = _marks(want_raw, got_raw, want, got, reached)
    correct = sum(1 for m in marks if m.kind == "ok")
    span = max(reached, len(got), 1)
    accuracy = round(100.0 * (1 - errors / span), 1) if got else 0.0
    cpm = typing_speed(correct, seconds)
    completed = reached >= COMPLETE_SHARE * len(want)
    flags = typing_flags(len(got), seconds, pasted, peak) + ((FLAG_TIMED_OUT,) if timed_out else ())
    passed = (not set(flags) & set(SUSPECT_FLAGS) and (completed or timed_out)
              and cpm >= pass_mark.cpm and accuracy >= pass_mark.accuracy)
    return TypingResult(
        passage_id=passage.id, typed=got_raw, seconds=round(seconds, 2), chars=len(got),
        correct=correct, errors=errors, reached=reached, length=len(want), cpm=cpm,
        accuracy=accuracy, completed=completed, flags=flags, passed=passed, marks=tuple(marks),
    )


# --- typing_passages.yaml ---------------------------------------------------


def load_passages(path: Path) -> tuple[TypingBank | None, list[Problem]]:
    """The passages of a ``typing_passages.yaml``; every mistake is a problem row."""
    m, problems = load_mapping(path)
    if m is None:
        return None, problems
    r = Reader(str(path), problems)
    r.fields(m, "typing_passages.yaml", BANK_KEYS, ("passages",))
    mark = PassMark(r.number(m, "pass_cpm", DEFAULT_CPM, 0) or DEFAULT_CPM,
                    r.number(m, "pass_accuracy", DEFAULT_ACCURACY, 0, 100) or DEFAULT_ACCURACY)
    time_limit = r.whole(m, "time_limit", DEFAULT_TIME_LIMIT, 10)
    passages: list[Passage] = []
    for item, at in r.items(m, "passages", nonempty=True):
        passage = _passage(r, item, at, {p.id for p in passages})
        if passage is not None:
            passages.append(passage)
    if not passages:
        return None, problems
    return TypingBank(tuple(passages), mark, time_limit), problems


def _passage(r: Reader, item: Any, at: Any, seen: set[str]) -> Passage | None:
    p: YMap | None = r.mapping(item, at, "a passage")
    if p is None:
        return None
    r.fields(p, "a passage", PASSAGE_KEYS, ("id", "text"))
    pid, text = r.text(p, "id"), "".join(r.text(p, "text").split())  # no stray gaps
    if pid in seen:
        r.error(p.at["id"][1], f"passage id `{pid}` is used twice")
        return None
    if not pid or not characters(text):
        return None
    return Passage(pid, r.text(p, "title", pid), text, r.text(p, "source"))
