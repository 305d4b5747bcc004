"""Measuring the penalty signals that are not rules: insults and keyword stuffing.

Pure functions on a reply's ``Text`` (see ``trainer.core.matching``), used by
the scorer; the registry of signals (names, labels, advice) is
``trainer.core.dimensions``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from trainer.core.matching import Phrase, Text
from trainer.core.normalise import fold

Span = tuple[int, int, bool]  # [start, end) and whether it indexes the folded text (else canonical)


def innocent_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for the innocent words (longest first), folded like replies."""
    folded = sorted({fold(w) for w in words} - {""}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, folded))) if folded else None


def blank(folded: str, innocent: re.Pattern[str] | None) -> str:
    """``folded`` with innocent words (滾動, 傻瓜相機) blanked out, same length."""
    return innocent.sub(lambda m: "|" * len(m.group(0)), folded) if innocent else folded


def insult_quotes(text: Text, blanked: str, insults: Sequence[str]) -> list[str]:
    """What the trainee typed for each insult, overlapping ones as one (你有病 + 有病吧)."""
    flags = [False] * len(blanked)
    for f in insults:
        at = blanked.find(f) if f else -1
        while at >= 0:
            flags[at : at + len(f)] = [True] * len(f)
            at = blanked.find(f, at + len(f))
    return [text.quote(a, b, folded=True) for a, b in runs(flags)]


def covered(text: Text, phrases: Iterable[Phrase], spans: Iterable[Span]) -> list[bool]:
    """Per folded character: inside a key phrase (any occurrence of ``phrases``, or ``spans``)."""
    inside = [False] * len(text.original)
    every = list(spans)
    for phrase in phrases:
        q = phrase.canon
        at = text.canon.find(q) if q else -1
        while at >= 0:
            every.append((at, at + len(q), False))
            at = text.canon.find(q, at + 1)
    for start, end, on_folded in every:
        starts, ends = (text.fstarts, text.fends) if on_folded else (text.starts, text.ends)
        if start < end <= len(starts):
            for i in range(starts[start], ends[end - 1]):
                inside[i] = True
    return [inside[i] for i in text.fstarts]


def stuffing_quote(text: Text, phrases: Iterable[Phrase], spans: Iterable[Span], share: float) -> str | None:
    """The key phrases typed, if they are at least ``share`` of the reply; else None.

    A sentence needs words of its own around its key phrases (who does what,
    when, for whom); a list of keywords is almost nothing but them, however it
    is separated (spaces, commas, 、, new lines all fold away).
    """
    flags = covered(text, phrases, spans)
    if not flags or sum(flags) / len(flags) < share:
        return None
    return "、".join(text.quote(a, b, folded=True) for a, b in runs(flags))


def runs(flags: list[bool]) -> list[tuple[int, int]]:
    """The [start, end) runs of True in ``flags``."""
    out: list[tuple[int, int]] = []
    start = None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i))
            start = None
    return out
